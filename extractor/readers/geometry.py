"""From positioned lines to the normaliser's line judgements, for the whole document at once.

A PDF reader gives each line its text, page, left and right edge and font size (:class:`GeoLine`). The
text block's edges are judged over the whole document, from body-size lines (the most common size): the
left edge is where most lines start, the right edge where most full lines end. Judged per page, a short
last page of right-aligned signature lines, or a page under a wide centred 版头, would move the edges and
make every line look indented or short. Then each line gets:

* ``continues`` — a body-size line that runs to the right edge (within three characters, or within one
  when it ends a sentence: lines wrapped by character count end short when they hold narrow digits), or
  that does not end a sentence at all (fonts whose advances the PDF misstates, lines with many narrow
  glyphs): whether it is joined is then decided by the next line, which must start flush left;
* ``indented`` — it starts at least one character right of the left edge (a paragraph's first line, a
  centred title, a right-aligned date).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from ..normalize import RawLine

_SENTENCE_END = set("。！？；：!?;:")


class GeoLine(NamedTuple):
    text: str
    page: int
    x0: float
    x1: float
    size: float


def _mode(values: Sequence[float]) -> float:
    """The most common value, rounded to the point; ties go to the smaller for left edges."""
    counts = Counter(round(v) for v in values)
    best = max(counts.values())
    return float(min(v for v, c in counts.items() if c == best))


def lines_from_geometry(pages: Sequence[Sequence[GeoLine]]) -> list[list[RawLine]]:
    all_lines = [g for page in pages for g in page if g.text.strip()]
    if not all_lines:
        return [[] for _ in pages]
    sizes = Counter(round(g.size) for g in all_lines if len(g.text) >= 4)
    body = float(sizes.most_common(1)[0][0]) if sizes else 12.0
    body_lines = [g for g in all_lines if abs(g.size - body) <= 1.0 and len(g.text) >= 8] or all_lines
    if len(body_lines) >= 20:
        left = _mode([g.x0 for g in body_lines])
        # Full lines end at the right edge; the right edge is the most common end among the right half.
        ends = sorted(g.x1 for g in body_lines)
        right_half = ends[len(ends) // 2 :]
        right = max(_mode(right_half), ends[int(0.8 * (len(ends) - 1))])
    else:
        left = min(g.x0 for g in body_lines)
        right = max(g.x1 for g in body_lines)
    # How many characters a full line holds: a line that does not end a sentence and holds about as many
    # is wrapped even where its measured end falls short (fonts whose advances the PDF misstates).
    full = [len(g.text) for g in body_lines if right - g.x1 <= 0.9 * body]
    typical = statistics.median(full) if len(full) >= 3 else max(len(g.text) for g in body_lines)
    out: list[list[RawLine]] = []
    for page in pages:
        lines = []
        for g in page:
            ends_sentence = g.text.rstrip()[-1:] in _SENTENCE_END
            gap = right - g.x1
            indented = g.x0 >= left + 0.9 * body
            # A short line that starts indented (a centred 文号, a right-aligned date, a heading) is whole.
            short_and_set_apart = indented and gap > 3.0 * body
            lines.append(
                RawLine(
                    text=g.text,
                    page=g.page,
                    continues=gap <= 0.9 * body
                    or (
                        abs(g.size - body) <= 1.0
                        and not ends_sentence
                        and not short_and_set_apart
                        and len(g.text) >= 0.8 * typical
                    ),
                    indented=indented,
                    size=g.size,
                )
            )
        out.append(lines)
    return out
