"""Reports over a batch of records: the review's figures for any corpus.

    >>> from extractor.report import load_records, summarize, render_html, export_xlsx
    >>> records = load_records("out.jsonl")
    >>> summary = summarize(records)                 # the counts, JSON-ready (docs/REPORT.md)
    >>> html = render_html(records, title="My batch") # one self-contained HTML page
    >>> export_xlsx(records, "out.xlsx")             # sheets documents, targets, issuers (needs openpyxl)

Nothing is imported until used: matplotlib loads when charts are drawn, openpyxl when a workbook is written.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["RecordsError", "chart_pngs", "export_xlsx", "load_records", "render_html", "summarize"]

if TYPE_CHECKING:
    from .excel import export_xlsx
    from .html import render_html
    from .plots import chart_pngs
    from .records import RecordsError, load_records
    from .summary import summarize

_WHERE = {
    "RecordsError": "records",
    "load_records": "records",
    "summarize": "summary",
    "render_html": "html",
    "chart_pngs": "plots",
    "export_xlsx": "excel",
}


def __getattr__(name: str) -> Any:
    if name in _WHERE:
        import importlib

        return getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    raise AttributeError(f"module 'extractor.report' has no attribute {name!r}")
