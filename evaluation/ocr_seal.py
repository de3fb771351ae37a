"""OCR of colour scans with a red seal over the signature and the 成文日期: red ink removed or kept.

    python -m evaluation.ocr_seal [--corpus corpus] [--limit 20] [--out DIR]

Renders held-out corpus documents as colour scans (corpus/render_pdf.py, ``scan_color``: the red 版头 stays
red, a red 42 mm seal is pressed over the 成文日期 on the last page), reads each with OCR twice —
``POLICY_OCR_RED=keep`` (the page in grey, as tesseract gets it by default) and the default (red ink
whitened before OCR, extractor/readers/ocr.py) — and prints each field's precision, recall and F1 for both
(the same scoring as ``policy-extract evaluate``). Needs tesseract with chi_sim, pdftoppm and the CJK fonts.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _render_module() -> Any:
    spec = importlib.util.spec_from_file_location("render_pdf", ROOT / "corpus" / "render_pdf.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("render_pdf", mod)
    spec.loader.exec_module(mod)
    return mod


def _held_out(corpus: Path, limit: int) -> list[dict[str, Any]]:
    from training.corpus import split_of

    labels = []
    for f in sorted((corpus / "labels").glob("*.jsonl")):
        labels += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    held = [
        lab
        for lab in labels
        if (corpus / "docs" / f"{lab['id']}.txt").exists()
        and split_of(lab.get("group") or lab["id"]) == "test"
    ]
    return held[:limit]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    ap.add_argument("--limit", type=int, default=20, help="held-out documents to render and read")
    ap.add_argument("--out", type=Path, default=None, help="keep the rendered scans here")
    ap.add_argument("--variants", nargs="+", default=["keep", "remove"], choices=["keep", "remove"])
    args = ap.parse_args()

    from evaluation.evaluate import prf, score_record
    from extractor import Pipeline
    from extractor.readers.ocr import ocr_available

    if not ocr_available():
        raise SystemExit(
            "tesseract with chi_sim is needed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)"
        )
    rp = _render_module()
    docs = _held_out(args.corpus, args.limit)
    out = args.out or Path(tempfile.mkdtemp(prefix="ocr-seal-"))
    out.mkdir(parents=True, exist_ok=True)
    pdfs = []
    for lab in docs:
        text = (args.corpus / "docs" / f"{lab['id']}.txt").read_text(encoding="utf-8")
        pdf = out / f"{lab['id']}.pdf"
        if not pdf.exists():
            rp.render(text, lab, pdf, style=rp.RenderStyle(scanned=True, scan_color=True))
        pdfs.append((pdf, lab))
    pipe = Pipeline.load()
    results: dict[str, dict[str, list[int]]] = {}
    for variant in args.variants:
        os.environ["POLICY_OCR_RED"] = variant
        totals: dict[str, list[int]] = {}
        for pdf, lab in pdfs:
            rec = pipe.process_file(pdf)
            if rec.error is not None:
                print(f"{variant}: {pdf.name}: {rec.error.type}", file=sys.stderr)
            for field, (tp, fp, fn) in score_record(rec, lab).items():
                t = totals.setdefault(field, [0, 0, 0])
                t[0] += tp
                t[1] += fp
                t[2] += fn
        results[variant] = totals
    os.environ.pop("POLICY_OCR_RED", None)
    report = {
        "documents": len(pdfs),
        "by_field": {
            field: {variant: prf(*results[variant][field]) for variant in results}
            for field in sorted(results[args.variants[0]])
        },
    }
    print(json.dumps(report, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
