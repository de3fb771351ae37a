"""OCR time per page with tesseract's default threads against one thread (``OMP_THREAD_LIMIT=1``).

    python -m evaluation.bench_ocr [PDF ...] [--pages 2]

Renders up to ``--pages`` pages of each PDF as the reader does (grey, 300 dpi), runs tesseract on each page
both ways and prints the seconds and whether the texts are the same. Defaults to the scans in
corpus/build/scans and corpus/build/colorscans (render them as corpus/README.md says).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    import pypdfium2 as pdfium

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdfs", nargs="*", type=Path)
    ap.add_argument("--pages", type=int, default=2, help="pages per PDF")
    args = ap.parse_args()
    pdfs = args.pdfs or sorted((ROOT / "corpus" / "build").glob("*scans/*.pdf"))
    if not pdfs:
        raise SystemExit("no PDFs: pass some, or render the scans (corpus/README.md)")
    default_env = {k: v for k, v in os.environ.items() if k != "OMP_THREAD_LIMIT"}
    one_env = {**default_env, "OMP_THREAD_LIMIT": "1"}
    totals = {"default_threads_s": 0.0, "one_thread_s": 0.0}
    pages = same = 0
    with tempfile.TemporaryDirectory() as tmp:
        for path in pdfs:
            pdf = pdfium.PdfDocument(str(path))
            try:
                for i in range(min(args.pages, len(pdf))):
                    png = Path(tmp) / f"{path.stem}-{i}.png"
                    pdf[i].render(scale=300 / 72, grayscale=True).to_pil().save(png)
                    cmd = ["tesseract", str(png), "stdout", "-l", "chi_sim", "--psm", "6",
                           "-c", "preserve_interword_spaces=1"]  # fmt: skip
                    texts = []
                    for key, env in (("default_threads_s", default_env), ("one_thread_s", one_env)):
                        t0 = time.perf_counter()
                        out = subprocess.run(cmd, capture_output=True, text=True, env=env, check=True)
                        totals[key] += time.perf_counter() - t0
                        texts.append(out.stdout)
                    pages += 1
                    same += texts[0] == texts[1]
            finally:
                pdf.close()
    print(json.dumps({"pages": pages, "same_text": same, **{k: round(v, 1) for k, v in totals.items()}}))


if __name__ == "__main__":
    main()
