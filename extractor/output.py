"""Writing records: JSON Lines (one record a line, flushed as it finishes) and CSV that opens in Excel."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from .result import PolicyResult

__all__ = ["CSV_COLUMNS", "collect_inputs", "csv_row", "write_csv", "write_jsonl"]

INPUT_SUFFIXES = {".pdf", ".txt", ".html", ".htm"}

CSV_COLUMNS = [
    "source", "sha256", "pages", "title", "doc_number", "doc_type", "issuers", "issuer_levels", "issuer_regions",
    "date", "stage", "stage_name", "stage_source", "model_stage", "model_stage_probability",
    "medical_cloud", "medical_cloud_probability", "medical_terms", "cloud_terms",
    "targets", "target_deadlines", "addressees", "warnings", "error_type", "error_message",
]  # fmt: skip

_SEP = "；"


def collect_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly (whatever their suffix) and, inside folders, every .pdf/.txt/.html (recursive),
    sorted. A path that does not exist is kept, so that it becomes an error record."""
    out: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            out.extend(
                sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in INPUT_SUFFIXES)
            )
        else:
            out.append(p)
    return out


def write_jsonl(record: PolicyResult, fh: IO[str], *, include_text: bool = False) -> None:
    fh.write(json.dumps(record.to_dict(include_text=include_text), ensure_ascii=False) + "\n")
    fh.flush()


def csv_row(record: PolicyResult) -> dict[str, Any]:
    d = record.to_dict(include_text=False)
    stage = d["stage"] or {}
    mc = d["medical_cloud"] or {}
    err = d["error"] or {}
    return {
        "source": d["source"],
        "sha256": d["sha256"],
        "pages": d["pages"],
        "title": (d["title"] or {}).get("text"),
        "doc_number": (d["doc_number"] or {}).get("text"),
        "doc_type": d["doc_type"],
        "issuers": _SEP.join(i["name"] for i in d["issuers"]),
        "issuer_levels": _SEP.join(str(i["level"] or "") for i in d["issuers"]),
        "issuer_regions": _SEP.join(str(i["region"] or "") for i in d["issuers"]),
        "date": d["date"],
        "stage": stage.get("label"),
        "stage_name": stage.get("name"),
        "stage_source": stage.get("source"),
        "model_stage": stage.get("model_label"),
        "model_stage_probability": stage.get("model_probability"),
        "medical_cloud": mc.get("label"),
        "medical_cloud_probability": mc.get("probability"),
        "medical_terms": _SEP.join(sorted({t["term"] for t in mc.get("medical_terms", [])})),
        "cloud_terms": _SEP.join(sorted({t["term"] for t in mc.get("cloud_terms", [])})),
        "targets": " | ".join(f"[{t['deadline']}] {t['text']}" for t in d["targets"]),
        "target_deadlines": _SEP.join(str(t["deadline"]) for t in d["targets"] if t["deadline"] is not None),
        "addressees": _SEP.join(a["text"] for a in d["addressees"]),
        "warnings": _SEP.join(w["message"] for w in d["warnings"]),
        "error_type": err.get("type"),
        "error_message": err.get("message"),
    }


class CsvWriter:
    """CSV for Excel: UTF-8 with a BOM, a header row, one row per document, lists joined with ；."""

    def __init__(self, fh: IO[str], *, bom: bool = True) -> None:
        self.fh = fh
        if bom:
            fh.write("\ufeff")
        self.writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS, extrasaction="ignore")
        self.writer.writeheader()

    def write(self, record: PolicyResult) -> None:
        self.writer.writerow(csv_row(record))
        self.fh.flush()


def write_csv(records: Iterable[PolicyResult]) -> str:
    """All records as one CSV string (BOM included)."""
    buf = io.StringIO()
    w = CsvWriter(buf)
    for r in records:
        w.write(r)
    return buf.getvalue()
