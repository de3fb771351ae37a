"""The bound on how many date and deadline expressions one document's rules read.

A policy document holds a few dozen dates and deadlines, rarely a few hundred; our corpus tops out near ten
per thousand characters. Text with thousands of them (a garbled text layer, a table of dates, hostile input)
would make the per-mention work of the rules grow without limit, so each pass reads at most
:data:`MAX_MENTIONS` of them: the first and the last half (a document's own date sits at its head or its
end). The record then carries a ``rules_limit`` warning saying so.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TypeVar

__all__ = ["MAX_MENTIONS", "capped"]

MAX_MENTIONS = 1000

T = TypeVar("T")


def capped(items: Iterable[T], what: str, notes: list[str] | None) -> list[T]:
    """``items`` as a list, or its first and last ``MAX_MENTIONS // 2`` when there are more (noted)."""
    found = list(items)
    if len(found) <= MAX_MENTIONS:
        return found
    half = MAX_MENTIONS // 2
    if notes is not None:
        notes.append(
            f"{len(found):,} {what} in the text, far more than a policy document holds; "
            f"only the first and last {half} were read"
        )
    return found[:half] + found[-half:]
