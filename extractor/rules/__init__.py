"""Extraction rules over the normalised text. Each rule module is usable on its own; ``extract`` runs all.

Order matters only where one field anchors another: the title bounds the 版头 and the 主送; the document
date (成文日期) anchors relative target deadlines (用两年时间) and picks among an agency's names by year.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..result import Citation, DateMention, Issuer, Span, Target

__all__ = ["RuleResults", "extract"]


@dataclass(frozen=True)
class RuleResults:
    title: Span | None
    doc_number: Span | None
    doc_type: str | None
    issuers: tuple[Issuer, ...]
    dates: tuple[DateMention, ...]
    date: DateMention | None
    targets: tuple[Target, ...]
    addressees: tuple[Span, ...]
    citations: tuple[Citation, ...]
    notes: tuple[str, ...] = ()  # where a rule read less than the whole text (extractor/rules/limits.py)


def extract(
    text: str, *, line_sizes: tuple[float | None, ...] = (), doc_year: int | None = None
) -> RuleResults:
    """Run every rule over one normalised document.

    ``doc_year`` is the reference year for relative deadlines (用两年时间) and for agency names when the text
    itself carries no document date; the document's own date, when found, always wins."""
    from .citations import find_citations
    from .dates import document_date, find_dates
    from .docnumber import main_doc_number
    from .issuers import find_issuers
    from .targets import find_targets
    from .title import doc_type_of, find_addressees, find_title

    title = find_title(text, line_sizes=line_sizes)
    doc_number = main_doc_number(text)
    notes: list[str] = []
    dates = find_dates(text, notes=notes)
    date = document_date(dates, text=text)
    year = date.year if date else doc_year
    issuers = find_issuers(text, title=title, doc_number=doc_number, doc_year=year)
    targets = find_targets(text, doc_year=year, notes=notes)
    addressees = find_addressees(text, title=title)
    citations = find_citations(text)
    return RuleResults(
        title=title,
        doc_number=doc_number,
        doc_type=doc_type_of(title.text) if title else None,
        issuers=tuple(issuers),
        dates=tuple(dates),
        date=date,
        targets=tuple(targets),
        addressees=tuple(addressees),
        citations=tuple(citations),
        notes=tuple(dict.fromkeys(notes)),
    )
