"""Writing records: JSON Lines (one record a line, flushed as it finishes) and CSV that opens in Excel."""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from .result import PolicyResult

__all__ = [
    "CSV_COLUMNS",
    "ResumeState",
    "collect_inputs",
    "csv_row",
    "input_sha256",
    "remaining_inputs",
    "repair_jsonl",
    "write_csv",
    "write_jsonl",
]

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
    sorted. Nothing named is dropped silently: a path that does not exist is kept, so that it becomes an
    error record; so is anything inside a folder that has an input's name but is not a regular file (a
    folder named x.pdf, a broken link, a pipe), and a folder named directly that holds no input at all
    (unless nothing at all was found: then there is nothing to do, a usage error)."""
    out: list[Path] = []
    empty_dirs: list[tuple[int, Path]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.suffix.lower() in INPUT_SUFFIXES)
            if not found:
                empty_dirs.append((len(out), p))
            out.extend(found)
        else:
            out.append(p)
    if out:
        for pos, d in reversed(empty_dirs):
            out.insert(pos, d)
    return out


def input_sha256(path: str | Path) -> str | None:
    """sha256 of a file's bytes, as records carry it; None when it cannot be read (or is not a file)."""
    h = hashlib.sha256()
    try:
        p = Path(path)
        if not p.is_file():
            return None
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    except OSError:
        return None
    return h.hexdigest()


@dataclass
class ResumeState:
    """What an earlier, interrupted run already wrote to the output file."""

    records: int = 0
    repaired_bytes: int = 0  # the torn last line, cut off
    bad_lines: int = 0  # complete lines that are not JSON records (left in place, counted)
    shas: Counter[str] = field(default_factory=Counter)
    sources_without_sha: Counter[str] = field(default_factory=Counter)


def repair_jsonl(path: str | Path) -> ResumeState:
    """Read the records already in ``path`` and cut off a torn last line (one without its newline, left by
    a run killed in mid-write). A missing file is an empty state."""
    state = ResumeState()
    p = Path(path)
    if not p.exists():
        return state
    with open(p, "rb+") as f:
        data = f.read()
        end = data.rfind(b"\n") + 1
        if end < len(data):
            state.repaired_bytes = len(data) - end
            f.truncate(end)
    for line in data[:end].splitlines():
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except ValueError:
            state.bad_lines += 1
            continue
        if not isinstance(rec, dict):
            state.bad_lines += 1
            continue
        state.records += 1
        if rec.get("sha256"):
            state.shas[rec["sha256"]] += 1
        else:
            state.sources_without_sha[str(rec.get("source"))] += 1
    return state


def remaining_inputs(inputs: Sequence[Path], state: ResumeState) -> list[Path]:
    """The inputs still to do: each record already written accounts for one input with the same content
    (sha256; so renamed or moved files still match, and two copies of one file need two records), or,
    for inputs that could not be read (no sha256), the same path."""
    shas = Counter(state.shas)
    sources = Counter(state.sources_without_sha)
    todo: list[Path] = []
    for p in inputs:
        sha = input_sha256(p)
        if sha is not None and shas[sha] > 0:
            shas[sha] -= 1
        elif sha is None and sources[str(p)] > 0:
            sources[str(p)] -= 1
        else:
            todo.append(p)
    return todo


def write_jsonl(record: PolicyResult, fh: IO[str], *, include_text: bool = False) -> None:
    """One record, one line, flushed at once: a run killed at any moment loses at most the line being
    written (``--resume`` cuts it off and does that document again)."""
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
