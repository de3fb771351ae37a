"""The Excel export: a workbook with three sheets, ``documents`` (one row per record), ``targets`` (one row
per target) and ``issuers`` (one row per document and issuer, ready for a pivot table). Needs openpyxl (the
``report`` extra).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from .records import Record, span_text
from .summary import document_row

__all__ = ["DOCUMENT_COLUMNS", "ISSUER_COLUMNS", "TARGET_COLUMNS", "export_xlsx", "sheet_rows"]

_SEP = "；"

DOCUMENT_COLUMNS = [
    "index", "source", "title", "doc_number", "doc_type", "issuers", "level", "date", "stage", "stage_name",
    "stage_source", "model_stage", "model_stage_probability", "medical_cloud", "medical_cloud_probability",
    "medical_terms", "cloud_terms", "targets", "target_deadlines", "has_text", "error_type", "error_message",
]  # fmt: skip
TARGET_COLUMNS = [
    "index",
    "source",
    "title",
    "deadline",
    "cue",
    "text",
    "figures",
    "figure_values",
    "figure_units",
    "page",
]
ISSUER_COLUMNS = [
    "index",
    "source",
    "title",
    "position",
    "name",
    "text",
    "level",
    "region",
    "found_in",
    "in_registry",
]

# Characters Excel cannot store (C0 controls but tab, newline, carriage return).
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _terms(mc: Mapping[str, Any], key: str) -> str:
    return _SEP.join(sorted({str(t.get("term")) for t in mc.get(key) or [] if t.get("term")}))


def sheet_rows(records: Sequence[Record]) -> dict[str, list[list[Any]]]:
    """The three sheets' rows (without the header), keyed by sheet name: pure data, no openpyxl needed."""
    docs: list[list[Any]] = []
    targets: list[list[Any]] = []
    issuers: list[list[Any]] = []
    for i, rec in enumerate(records):
        r = document_row(rec, i)
        mc = rec.get("medical_cloud") if isinstance(rec.get("medical_cloud"), Mapping) else {}
        assert mc is not None
        tlist = rec.get("targets") or []
        err = r["error"] or {}
        docs.append(
            [
                i, r["source"], r["title"], r["doc_number"], rec.get("doc_type"), _SEP.join(r["issuers"]), r["level"],
                r["date"], r["stage"], r["stage_name"], r["stage_source"], r["model_stage"],
                r["model_stage_probability"], r["medical_cloud"], r["medical_cloud_probability"],
                _terms(mc, "medical_terms"), _terms(mc, "cloud_terms"), len(tlist),
                _SEP.join(str(t.get("deadline")) for t in tlist if t.get("deadline") is not None), r["has_text"],
                err.get("type"), err.get("message"),
            ]
        )  # fmt: skip
        title = span_text(rec.get("title"))
        for t in tlist:
            figs = t.get("figures") or []
            targets.append(
                [
                    i, r["source"], title, t.get("deadline"), t.get("cue"), t.get("text"),
                    _SEP.join(str(f.get("text")) for f in figs),
                    _SEP.join(f"{f.get('value'):g}" if isinstance(f.get("value"), float) else str(f.get("value"))
                              for f in figs),
                    _SEP.join(str(f.get("unit") or "") for f in figs), t.get("page"),
                ]
            )  # fmt: skip
        for pos, iss in enumerate(rec.get("issuers") or [], 1):
            issuers.append(
                [
                    i, r["source"], title, pos, iss.get("name"), iss.get("text"), iss.get("level"), iss.get("region"),
                    iss.get("source"), iss.get("in_registry"),
                ]
            )  # fmt: skip
    return {"documents": docs, "targets": targets, "issuers": issuers}


def _cell_value(v: Any) -> Any:
    if isinstance(v, str):
        return _ILLEGAL.sub("", v)
    return v


def export_xlsx(records: Sequence[Record], path: str | Path) -> Path:
    """Write the workbook to ``path`` (folders created) and return the path. Raises ImportError when
    openpyxl is not installed."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    rows = sheet_rows(records)
    heads = {"documents": DOCUMENT_COLUMNS, "targets": TARGET_COLUMNS, "issuers": ISSUER_COLUMNS}
    widths = {
        "source": 28,
        "title": 48,
        "text": 70,
        "issuers": 36,
        "name": 30,
        "doc_number": 22,
        "error_message": 40,
    }
    wb = Workbook()
    wb.remove(wb.active)
    for name, head in heads.items():
        ws = wb.create_sheet(name)
        ws.append(head)
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in rows[name]:
            ws.append([_cell_value(v) for v in row])
        for cells in ws.iter_rows(min_row=2):
            for c in cells:  # text that looks like a formula stays text (no formula injection)
                if isinstance(c.value, str) and c.value.startswith("="):
                    c.data_type = "s"
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions
        for j, col in enumerate(head, 1):
            ws.column_dimensions[get_column_letter(j)].width = widths.get(col, max(10, len(col) + 2))
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out
