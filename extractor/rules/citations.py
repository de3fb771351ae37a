"""Cited documents: 《title》, optionally followed by （文号）, with issuer and year where they can be told.

The issuer comes from the 文号's 机关代字 (by the cited document's year) or else from the title's "XX关于…";
the year from the 文号. Titles without 文号 keep ``doc_number``/``year`` None.
"""

from __future__ import annotations

import re

from ..result import Citation, Span
from .docnumber import find_doc_numbers, parse_doc_number
from .issuers import title_issuers
from .registry import load_registry

__all__ = ["find_citations"]

_TITLE = re.compile(r"《([^《》\n]{1,200})》")
# What may stand between 》 and the bracketed 文号: spaces only. The bracket holds the 文号 and nothing else
# (or the 文号 followed by 、 and more 文号, of which the first is kept).
_AFTER = re.compile(r"[ \t]{0,3}[（(][ \t]{0,3}")
_CLOSE = re.compile(r"[ \t]{0,3}[）)]")


def find_citations(text: str) -> list[Citation]:
    """Every 《…》 in the text, in order, each with its 文号, issuer and year where known."""
    numbers = {s.start: s for s in find_doc_numbers(text)}
    reg = load_registry()
    out: list[Citation] = []
    for m in _TITLE.finditer(text):
        title = m.group(1).strip()
        if not title:
            continue
        end = m.end()
        dn_text: str | None = None
        year: int | None = None
        issuer: str | None = None
        a = _AFTER.match(text, m.end())
        if a is not None:
            dn = numbers.get(a.end())
            if dn is not None:
                close = _CLOSE.match(text, dn.end)
                end = close.end() if close is not None else dn.end
                dn_text = dn.text
                parsed = parse_doc_number(dn.text)
                if parsed is not None:
                    year = parsed.year
                    agency = reg.pick(reg.docnumber_prefix(parsed.prefix), year=year, context=text)
                    issuer = agency.canonical if agency is not None else None
        if issuer is None:
            tstart = m.start(1) + (len(m.group(1)) - len(m.group(1).lstrip()))
            found = title_issuers(text, Span(title, tstart, tstart + len(title)), year=year)
            if found:
                issuer = found[0].name
        out.append(Citation(title, dn_text, issuer, year, Span(text[m.start() : end], m.start(), end)))
    return out
