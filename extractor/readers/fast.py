"""The fast PDF path: PDFium's characters, pdfplumber's line assembly rules.

pdfplumber spends nearly all of its time in pdfminer's pure-Python content-stream interpreter. PDFium
(pypdfium2) interprets the page in C++ and hands out, per character, its Unicode value, its loose box
(origin to advance, the font's descent to its ascent) and its font size — the same numbers pdfminer
computes. They are turned into pdfplumber-style character dicts (``x0``, ``x1``, ``top``, ``bottom``,
``size``), fake-bold twins are removed by pdfplumber's own ``dedupe_chars`` logic, and the lines are
assembled by :func:`_assemble_lines`, a direct loop that gives what pdfplumber's
``chars_to_textmap(...).extract_text_lines`` gives (the same clustering, word breaks and spacing) at a
third of the cost. So the lines, their text and their geometry come out as the careful path gives them;
tests/test_fast_path.py checks the normalised text is identical on every sample, fixture and rendered
corpus PDF, and the line assembly against pdfplumber's on every sample page.

The fast path declines a page (``None`` in its place; the caller reads that page with pdfplumber, whose
page checks, warnings and OCR then apply) when it cannot promise the same result: a page without a line
of text (empty, or an image that may need OCR), characters PDFium cannot map to Unicode (control
characters, U+FFFD, private-use code points: the ``(cid:…)`` case), and, in ``strict`` mode
(``--reader auto``), rotated pages or text whose matrix is rotated, skewed or stretched vertically. It
declines the whole document (``None``) when pdfminer should judge the file: PDFium cannot open it, had to
rebuild its cross-reference table, or finds more than ``max_pages`` pages.

The same steps also exist in C (``_pdfium_lines.c``, built at install when a compiler is there): one call
reads a range of pages, calling PDFium through the function pointers pypdfium2 has loaded, with no ctypes
call and no dict per character. Its lines are the Python loop's, page for page (tests/test_fast_path.py
compares the two on every page it reads); without the compiled module, or with ``POLICY_NATIVE=0``, the
Python loop runs.
"""

from __future__ import annotations

import ctypes
import itertools
import logging
import os
import statistics
from operator import itemgetter
from typing import Any

from .geometry import GeoLine

__all__ = ["fast_geometry"]

log = logging.getLogger(__name__)

_SPACES = (0x20, 0x0D, 0x0A)
_REOPEN_EVERY = 50

try:
    from . import _pdfium_lines as _native  # type: ignore[attr-defined]
except ImportError:  # built without a C compiler: the Python loop below does the same
    _native = None

# The PDFium functions the compiled loop calls, in the order of its `enum fn`.
_NATIVE_FUNCTIONS = (
    "FPDF_LoadPage",
    "FPDF_ClosePage",
    "FPDFText_LoadPage",
    "FPDFText_ClosePage",
    "FPDF_GetPageHeightF",
    "FPDFPage_GetRotation",
    "FPDFText_CountChars",
    "FPDFText_GetText",
    "FPDFText_GetUnicode",
    "FPDFText_IsGenerated",
    "FPDFText_GetLooseCharBox",
    "FPDFText_GetFontSize",
    "FPDFText_GetMatrix",
    "FPDFText_GetFontInfo",
)
_function_addresses: tuple[int, ...] | None = None


def native_available() -> bool:
    """Whether the compiled inner loop is there and switched on (``POLICY_NATIVE=0`` switches it off)."""
    return _native is not None and os.environ.get("POLICY_NATIVE", "1") != "0"


def _addresses() -> tuple[int, ...]:
    global _function_addresses
    if _function_addresses is None:
        import pypdfium2.raw as raw

        _function_addresses = tuple(
            int(ctypes.cast(getattr(raw, name), ctypes.c_void_p).value or 0) for name in _NATIVE_FUNCTIONS
        )
    return _function_addresses


def _native_pages(pdf: Any, start: int, stop: int, *, strict: bool) -> list[list[GeoLine] | None]:
    """Pages ``start``..``stop - 1`` read by the compiled loop (None for a page it declines, as the
    Python loop would)."""
    assert _native is not None
    address = ctypes.cast(pdf.raw, ctypes.c_void_p).value
    pages = _native.read_pages(int(address or 0), start, stop, strict, _addresses())
    out: list[list[GeoLine] | None] = []
    for k, lines in enumerate(pages):
        geo = (
            None
            if lines is None
            else [GeoLine(t, start + k + 1, x0, x1, round(size, 1)) for t, x0, x1, size in lines if t.strip()]
        )
        out.append(geo or None)  # no line with text: pdfplumber's page checks decide (empty page, image)
    return out


def _unusable(u: int) -> bool:
    """A code point that means PDFium found no Unicode map for the glyph."""
    return u < 0x20 or u == 0xFFFD or 0xE000 <= u <= 0xF8FF or u >= 0xF0000


def _dedupe(chars: list[dict[str, Any]], tolerance: float = 1.0) -> list[dict[str, Any]]:
    """pdfplumber's ``dedupe_chars(tolerance=1)`` (same text, font and size within ``tolerance`` of the same
    position: keep the first by position), without its quadratic final sort."""
    from pdfplumber.utils.clustering import cluster_objects

    key = itemgetter("upright", "text", "fontname", "size")
    pos_key = itemgetter("doctop", "x0")
    keep: list[dict[str, Any]] = []
    for _, grp in itertools.groupby(sorted(chars, key=key), key=key):
        for y_cluster in cluster_objects(list(grp), itemgetter("doctop"), tolerance):
            for x_cluster in cluster_objects(y_cluster, itemgetter("x0"), tolerance):
                keep.append(sorted(x_cluster, key=pos_key)[0])
    keep.sort(key=itemgetter("_i"))
    return keep


def _page_chars(textpage: Any, height: float, *, strict: bool) -> list[dict[str, Any]] | None:
    """pdfplumber-style character dicts of one page, or None when the fast path should decline."""
    import pypdfium2.raw as raw

    n = raw.FPDFText_CountChars(textpage)
    rect = raw.FS_RECTF()
    matrix = raw.FS_MATRIX()
    chars: list[dict[str, Any]] = []
    last_size = -1.0
    last_bottom = -1.0
    scale = 1.0
    get_box = raw.FPDFText_GetLooseCharBox
    get_size = raw.FPDFText_GetFontSize
    # every character's code in one call (one UTF-16 unit per character index); a surrogate means a
    # character outside the BMP, where the units and the indices part ways: ask one by one then
    buf = (ctypes.c_ushort * (n + 1))()
    raw.FPDFText_GetText(textpage, 0, n, buf)
    codes = list(buf[:n])
    if any(0xD800 <= u <= 0xDFFF for u in codes):
        codes = [raw.FPDFText_GetUnicode(textpage, j) for j in range(n)]
    for j, u in enumerate(codes):
        if u in _SPACES and raw.FPDFText_IsGenerated(textpage, j):
            continue  # PDFium's own line breaks and word spaces: pdfplumber decides those from geometry
        if _unusable(u) and u not in _SPACES:
            return None
        if not get_box(textpage, j, rect):
            return None
        font_size = get_size(textpage, j)
        bottom = height - rect.bottom
        if font_size != last_size or abs(bottom - last_bottom) > 0.01:
            # A new run: read its text matrix. pdfminer's size is the font size times the matrix's vertical
            # scale (PDFs printed by browsers draw everything under a 0.75 scale); its "upright" assumes no
            # rotation or skew — which strict mode declines.
            if not raw.FPDFText_GetMatrix(textpage, j, matrix):
                return None
            if strict and (abs(matrix.b) > 1e-6 or abs(matrix.c) > 1e-6 or matrix.a <= 0 or matrix.d <= 0):
                return None
            scale = matrix.d if matrix.d > 0 else 1.0
            last_size, last_bottom = font_size, bottom
        size = font_size * scale
        text = chr(u)
        top = bottom - size
        chars.append(
            {
                "text": text,
                "x0": rect.left,
                "x1": rect.right,
                "top": top,
                "bottom": bottom,
                "doctop": top,
                "upright": True,
                "size": size,
                "fontname": "",
                "_i": len(chars),
                "_j": j,
            }
        )
    return chars


def _font_names(textpage: Any, chars: list[dict[str, Any]]) -> None:
    """Fill ``fontname`` (only needed when duplicates are suspected: dedupe keys on it)."""
    import pypdfium2.raw as raw

    buf = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    for c in chars:
        raw.FPDFText_GetFontInfo(textpage, c["_j"], buf, 256, flags)
        c["fontname"] = buf.value.decode("latin-1")


def _page_geometry(chars: list[dict[str, Any]], page_no: int) -> list[GeoLine]:
    out: list[GeoLine] = []
    for text, x0, x1, sizes in _assemble_lines(chars):
        size = float(statistics.median(sizes)) if sizes else 0.0
        out.append(GeoLine(text, page_no, float(x0), float(x1), round(size, 1)))
    return out


_LIGATURES = {"ﬀ": "ff", "ﬃ": "ffi", "ﬄ": "ffl", "ﬁ": "fi", "ﬂ": "fl", "ﬆ": "st", "ﬅ": "st"}
_TOLERANCE = 3  # pdfplumber's default x and y tolerance


def _cluster_ids(values: list[float]) -> dict[float, int]:
    """pdfplumber's ``make_cluster_dict``: sorted distinct values chained while each is within the
    tolerance of the one before; value -> cluster index."""
    ids: dict[float, int] = {}
    last: float | None = None
    k = -1
    for v in sorted(set(values)):
        if last is None or v > last + _TOLERANCE:
            k += 1
        ids[v] = k
        last = v
    return ids


def _assemble_lines(chars: list[dict[str, Any]]) -> list[tuple[str, float, float, list[float]]]:
    """The lines pdfplumber's ``chars_to_textmap(chars).extract_text_lines(strip=True)`` gives for upright
    characters with the default settings — (text, x0, x1, the sizes of the characters behind the text) —
    computed directly: the same clustering of characters into lines (by ``top``, tolerance 3, chained),
    the same order within a line (by ``x0``, stable), the same word breaks (a space; a step back; a gap
    over 3 points; a ``top`` 3 points away), the same clustering of words into lines (by the words'
    ``top``, in order, a new line whenever the cluster changes) with one space between words, and the
    same ligature expansion. tests/test_fast_path.py compares the two on every page it reads."""
    if not chars:
        return []
    # 1. characters into lines, each line left to right; then words
    ids = _cluster_ids([c["top"] for c in chars])
    by_line: dict[int, list[dict[str, Any]]] = {}
    for c in chars:
        by_line.setdefault(ids[c["top"]], []).append(c)
    words: list[tuple[float, list[dict[str, Any]]]] = []  # (word top, chars)
    for k in sorted(by_line):
        current: list[dict[str, Any]] = []
        prev: dict[str, Any] | None = None
        for c in sorted(by_line[k], key=lambda c: c["x0"]):
            if c["text"].isspace():
                if current:
                    words.append((min(x["top"] for x in current), current))
                current, prev = [], None
                continue
            if prev is not None and (
                c["x0"] < prev["x0"]
                or c["x0"] > prev["x1"] + _TOLERANCE
                or abs(c["top"] - prev["top"]) > _TOLERANCE
            ):
                words.append((min(x["top"] for x in current), current))
                current = []
            current.append(c)
            prev = c
        if current:
            words.append((min(x["top"] for x in current), current))
    # 2. words into lines: consecutive words in one cluster of their tops share a line
    wids = _cluster_ids([w[0] for w in words])
    out: list[tuple[str, float, float, list[float]]] = []
    line_key: int | None = None
    parts: list[str] = []
    members: list[dict[str, Any]] = []
    for top, wchars in words:
        k = wids[top]
        if k != line_key and members:
            out.append(_line(parts, members))
            parts, members = [], []
        line_key = k
        text = "".join(_LIGATURES.get(c["text"], c["text"]) for c in wchars)
        parts.append(text)
        for c in wchars:
            members.extend([c] * len(_LIGATURES.get(c["text"], c["text"])))
    if members:
        out.append(_line(parts, members))
    return [ln for ln in out if ln[0].strip()]


def _line(parts: list[str], members: list[dict[str, Any]]) -> tuple[str, float, float, list[float]]:
    return (
        " ".join(parts),
        min(c["x0"] for c in members),
        max(c["x1"] for c in members),
        [c["size"] for c in members],
    )


_NEIGHBOURS = ((1 << 20) - 1, 1 << 20, (1 << 20) + 1, 1)  # (+1, -1), (+1, 0), (+1, +1), (0, +1) in (x, y)


def _has_duplicates(chars: list[dict[str, Any]]) -> bool:
    """Whether two characters with the same text sit within a point of each other (fake bold): two whose
    rounded positions differ by at most 1 in x and in y. Each character is one integer (code, x, y); the
    relation is symmetric, so four of the eight neighbour offsets are enough."""
    keys = {
        (ord(c["text"][0]) << 42) | ((round(c["x0"]) + 2**19) << 20) | (round(c["top"]) + 2**19)
        for c in chars
    }
    if len(keys) < len(chars):
        return True
    return any(not keys.isdisjoint({k + d for k in keys}) for d in _NEIGHBOURS)


def fast_geometry(
    data: bytes, *, name: str, password: str | None = None, strict: bool = True, max_pages: int | None = None
) -> list[list[GeoLine] | None] | None:
    """Every page's lines with their geometry, read by PDFium, with None for a page the fast path
    declines (the caller reads that page with pdfplumber); None for the whole document when pdfminer
    should judge the file (see the module's docstring). Pages are opened and closed one at a time."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except Exception as e:  # encrypted, truncated, not a PDF: the careful path's checks say which
        log.debug("pypdfium2 cannot open %s: %s", name, e)
        return None
    try:
        if not raw.FPDF_DocumentHasValidCrossReferenceTable(pdf.raw):
            # PDFium rebuilt a damaged cross-reference table: pdfminer decides what that file is (and the
            # record says how it was read)
            return None
        out: list[list[GeoLine] | None] = []
        n = len(pdf)
        if max_pages is not None and n > max_pages:
            return None  # the careful path says why (too_large), with pdfminer's own count
        if native_available():
            for start in range(0, n, _REOPEN_EVERY):
                if start:  # see below: memory stays flat on long documents
                    pdf.close()
                    pdf = pdfium.PdfDocument(data, password=password)
                out.extend(_native_pages(pdf, start, min(n, start + _REOPEN_EVERY), strict=strict))
            return out
        for i in range(n):
            if i and i % _REOPEN_EVERY == 0:
                # PDFium keeps every font and image it has parsed until the document closes: reopening
                # now and then keeps memory flat on long documents (about 0.3 ms per reopening).
                pdf.close()
                pdf = pdfium.PdfDocument(data, password=password)
            out.append(_python_page(pdf, i, strict=strict))
        return out
    except Exception as e:  # a PDFium failure mid-document: the careful path
        log.debug("pypdfium2 failed on %s: %s", name, e)
        return None
    finally:
        pdf.close()


def _python_page(pdf: Any, i: int, *, strict: bool) -> list[GeoLine] | None:
    """Page ``i`` by the Python loop; None when declined: a page PDFium cannot load, a rotated page
    (strict), characters without a Unicode map, or no line with text (empty, or an image that may need
    OCR) — pdfplumber's page checks decide those."""
    import pypdfium2 as pdfium

    try:
        page = pdf[i]
    except pdfium.PdfiumError:
        return None
    try:
        if strict and page.get_rotation() != 0:
            return None
        textpage = page.get_textpage()
        try:
            chars = _page_chars(textpage, page.get_height(), strict=strict)
            if not chars:
                return None
            if _has_duplicates(chars):
                _font_names(textpage, chars)
                chars = _dedupe(chars)
            return _page_geometry(chars, i + 1) or None
        finally:
            textpage.close()
    finally:
        page.close()
