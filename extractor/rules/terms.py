"""medical_cloud evidence: the medical and cloud terms of LABELS.md, found with their offsets."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

from ..result import TermHit
from .limits import MAX_MENTIONS

__all__ = ["find_terms", "medical_cloud_label", "term_lists"]


@lru_cache(maxsize=1)
def term_lists() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(medical terms, cloud terms) from extractor/data/medical_cloud_terms.json."""
    data = json.loads(
        files("extractor").joinpath("data/medical_cloud_terms.json").read_text(encoding="utf-8")
    )
    return tuple(data["medical"]), tuple(data["cloud"])


@lru_cache(maxsize=4)
def _pattern(terms: tuple[str, ...]) -> re.Pattern[str]:
    # Longest first, so that at any position the longest term there wins (医疗云 over 医疗). Every branch
    # opens with a literal character, so the engine skips straight to the positions where a term can start.
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))


def find_terms(text: str, terms: tuple[str, ...]) -> list[TermHit]:
    """At every position where a term starts, the longest term there, in text order (a term inside or
    overlapping a longer one counts too: 医疗云平台 gives 医疗云 and 云平台). At most
    :data:`~extractor.rules.limits.MAX_MENTIONS` (the evidence; the label needs one)."""
    hits: list[TermHit] = []
    search = _pattern(terms).search
    pos = 0
    while len(hits) < MAX_MENTIONS:
        m = search(text, pos)
        if m is None:
            break
        hits.append(TermHit(m.group(0), m.start(), m.end()))
        pos = m.start() + 1
    return hits


def medical_cloud_label(text: str) -> tuple[bool, list[TermHit], list[TermHit]]:
    """LABELS.md's rule: at least one medical term and at least one cloud term in the normalised text."""
    medical, cloud = term_lists()
    med_hits = find_terms(text, medical)
    cloud_hits = find_terms(text, cloud)
    return bool(med_hits and cloud_hits), med_hits, cloud_hits
