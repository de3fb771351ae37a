"""The evidence in a document's text, highlighted: issuers, dates, targets and their figures, the medical and
cloud terms. Like spaCy's displaCy span style (overlapping spans allowed, each labelled), written out as
light HTML: the text is cut at every span boundary and each piece is one ``<span class="ev ev-LABEL ...">``
carrying every label that covers it, so a date inside a target is both.
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["LABELS", "EvidenceSpan", "evidence_spans", "highlight_html"]

# label -> its name in the legend (the CSS class is ev-<label in lower case>); the order is the legend's.
LABELS: dict[str, str] = {
    "ISSUER": "发文机关 issuer",
    "DATE": "日期 date",
    "TARGET": "发展目标 target",
    "FIGURE": "指标 figure",
    "MEDICAL": "医疗 medical term",
    "CLOUD": "云计算 cloud term",
}


_TAGGED = ("ISSUER", "TARGET")


def _label_order(label: str) -> tuple[int, str]:
    order = list(LABELS)
    return (order.index(label) if label in order else len(order), label)


@dataclass(frozen=True)
class EvidenceSpan:
    """A labelled stretch of the normalised text, ``text[start:end]``."""

    start: int
    end: int
    label: str


def _span(obj: Mapping[str, Any], label: str) -> EvidenceSpan | None:
    s, e = obj.get("start"), obj.get("end")
    if isinstance(s, int) and isinstance(e, int) and 0 <= s < e:
        return EvidenceSpan(s, e, label)
    return None


def evidence_spans(rec: Mapping[str, Any]) -> list[EvidenceSpan]:
    """Every evidence span of a record, sorted by start, longest first."""
    found: list[EvidenceSpan | None] = []
    found += [_span(i, "ISSUER") for i in rec.get("issuers") or []]
    found += [_span(d, "DATE") for d in rec.get("dates") or []]
    for t in rec.get("targets") or []:
        found.append(_span(t, "TARGET"))
        found += [_span(f, "FIGURE") for f in t.get("figures") or []]
    mc = rec.get("medical_cloud")
    if isinstance(mc, Mapping):
        found += [_span(t, "MEDICAL") for t in mc.get("medical_terms") or []]
        found += [_span(t, "CLOUD") for t in mc.get("cloud_terms") or []]
    spans = {s for s in found if s is not None}
    return sorted(spans, key=lambda s: (s.start, -s.end, s.label))


def highlight_html(text: str, spans: Iterable[EvidenceSpan]) -> str:
    """``text`` as escaped HTML with every span marked. Spans may overlap or nest; spans reaching past the
    end of the text are cut at its end, spans starting past it are dropped."""
    n = len(text)
    valid = [
        EvidenceSpan(s.start, min(s.end, n), s.label) for s in spans if 0 <= s.start < n and s.end > s.start
    ]
    cuts = sorted({0, n, *(s.start for s in valid), *(s.end for s in valid)})
    opening: dict[int, list[EvidenceSpan]] = {}
    for s in valid:
        opening.setdefault(s.start, []).append(s)
    active: list[EvidenceSpan] = []
    parts: list[str] = []
    for a, b in itertools.pairwise(cuts):
        active = [s for s in active if s.end > a] + opening.get(a, [])
        piece = html.escape(text[a:b], quote=False)
        if not active:
            parts.append(piece)
            continue
        labels = sorted({s.label for s in active}, key=_label_order)
        classes = html.escape(" ".join(["ev", *(f"ev-{lab.lower()}" for lab in labels)]))
        # displaCy-style tags where an issuer or a target begins
        tags = "".join(
            f'<b class="tag tag-{s.label.lower()}">{s.label}</b>'
            for s in opening.get(a, [])
            if s.label in _TAGGED
        )
        parts.append(
            f'{tags}<span class="{classes}" title="{html.escape(" · ".join(labels))}">{piece}</span>'
        )
    return "".join(parts)
