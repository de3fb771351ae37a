"""Exercise the compiled fast-path loop (extractor/readers/_pdfium_lines.c) for a memory checker.

    PYTHONMALLOC=malloc valgrind python -m evaluation.check_native 2>&1 | grep -c _pdfium_lines

Reads the sample PDFs, the bad-input fixtures (both reading modes) and 300 random pages of characters
(fake-bold twins, ligatures, ideographic spaces, long font names), plus two calls the module must refuse.
Under valgrind, an error inside _pdfium_lines shows in the report with that file's line numbers (the
report's other entries come from CPython itself and are there without the module too).
"""

from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    from extractor.readers._pdfium_lines import lines_of_chars  # type: ignore[import-not-found]

    from extractor.readers import fast

    files = sorted((ROOT / "samples").glob("*.pdf"))[:4] + sorted((ROOT / "tests/fixtures/bad").glob("*.pdf"))
    for p in files:
        if p.name == "refloop.pdf":  # hangs pdfminer by design; the fast path declines it at once anyway
            continue
        for strict in (True, False):
            fast.fast_geometry(p.read_bytes(), name=p.name, strict=strict)
    rnd = random.Random(1)
    for _ in range(300):
        chars: list[tuple[str, float, float, float, float, str]] = []
        for _ in range(rnd.randint(0, 30)):
            x = rnd.choice([0, 0.5, 1, 10, 11, 20, 23.5])
            top = rnd.choice([100, 100.5, 101, 103.5, 120])
            text = rnd.choice("医疗 ﬁﬃ\u3000a")
            width, size = rnd.choice([0, 5, 10]), rnd.choice([10.0, 12.0])
            chars.append((text, x, x + width, top, size, rnd.choice(["", "F", "G" * 300])))
            if rnd.random() < 0.3:
                chars.append(chars[-1])
        lines_of_chars(chars)
    for bad in ([("ab", 0, 1, 2, 3, "")], [("a", float("nan"), 1, 2, 3, "")]):
        try:
            lines_of_chars(bad)
        except ValueError:
            pass
    print(f"read {len(files)} PDFs and 300 character pages")


if __name__ == "__main__":
    main()
