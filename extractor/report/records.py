"""Reading a batch of records (the JSON Lines ``policy-extract run`` writes) and small accessors over them.

Records stay plain dicts (the JSON schema of docs/SCHEMA.md): the report works on any JSONL a run wrote,
with or without ``text``, and on records from other versions as long as the fields it reads are there.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = ["Record", "RecordsError", "doc_level", "doc_year", "is_error", "load_records", "span_text"]

Record = Mapping[str, Any]


class RecordsError(ValueError):
    """The records file cannot be read: a line that is not a JSON object (the message names the line)."""


def load_records(path: str | Path) -> list[dict[str, Any]]:
    """Every record in a JSON Lines file, in file order. Blank lines are skipped; a line that is not a JSON
    object raises :class:`RecordsError` naming the file and the line number."""
    p = Path(path)
    out: list[dict[str, Any]] = []
    with p.open(encoding="utf-8-sig") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as e:
                raise RecordsError(f"{p}:{lineno}: not JSON ({e.msg})") from e
            if not isinstance(obj, dict):
                raise RecordsError(f"{p}:{lineno}: not a JSON object")
            out.append(obj)
    return out


def is_error(rec: Record) -> bool:
    """True for a record whose input failed (``error`` set)."""
    return bool(rec.get("error"))


def span_text(span: Any) -> str | None:
    """The ``text`` of a span object (title, doc_number), or None."""
    if isinstance(span, Mapping):
        t = span.get("text")
        return str(t) if t is not None else None
    return None


def doc_year(rec: Record) -> int | None:
    """The year of the document's own date (``date``), or None when it has none."""
    d = rec.get("date")
    if isinstance(d, str) and len(d) >= 4 and d[:4].isdigit():
        return int(d[:4])
    return None


def doc_level(rec: Record) -> str:
    """The document's level: its lead issuer's (national / provincial / municipal / county), "unknown" when
    there is no issuer or the lead issuer's level is not known."""
    issuers = rec.get("issuers") or []
    if issuers and isinstance(issuers[0], Mapping) and issuers[0].get("level"):
        return str(issuers[0]["level"])
    return "unknown"
