"""medical_cloud evidence: the medical and cloud terms of LABELS.md, found with their offsets."""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib.resources import files

from ..result import TermHit

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
    # Each term on its own (lookahead), so overlapping terms (医疗云 and 医疗) are all reported.
    return re.compile("|".join(f"(?=({re.escape(t)}))" for t in sorted(terms, key=len, reverse=True)))


def find_terms(text: str, terms: tuple[str, ...]) -> list[TermHit]:
    """Every occurrence of every term, in text order (a term inside a longer term counts too)."""
    hits: list[TermHit] = []
    pat = _pattern(terms)
    for m in pat.finditer(text):
        for g in m.groups():
            if g:
                hits.append(TermHit(g, m.start(), m.start() + len(g)))
    return hits


def medical_cloud_label(text: str) -> tuple[bool, list[TermHit], list[TermHit]]:
    """LABELS.md's rule: at least one medical term and at least one cloud term in the normalised text."""
    medical, cloud = term_lists()
    med_hits = find_terms(text, medical)
    cloud_hits = find_terms(text, cloud)
    return bool(med_hits and cloud_hits), med_hits, cloud_hits
