"""PDF reader: pdfplumber's text layer, fake-bold duplicates removed, line geometry kept, quality gate.

Each line carries the geometry the normaliser needs to re-join wrapped lines: whether it runs to the
right edge of the text block (``continues``), whether it starts indented or centred (``indented``), and its
font size (the title is the largest text near the top of page one).

Quality gate, per page: ``(cid:…)`` codes, U+FFFD replacement characters and pages with images but no text
are reported as warnings; a document with no usable text at all becomes an error (``no_text_layer`` for
scans and empty files, ``garbled_text`` for fonts without a Unicode map).
"""

from __future__ import annotations

import io
import logging
import os
import re
import statistics
from dataclasses import replace
from typing import Any, cast

from ..errors import ExtractionError
from ..normalize import RawLine
from ..result import Warning_
from . import RawDocument, ReadOptions
from .geometry import GeoLine, lines_from_geometry

_CID = re.compile(r"\(cid:\d+\)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = set("。！？；：!?;:")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")

log = logging.getLogger(__name__)


def _cause(e: BaseException) -> BaseException:
    """pdfplumber wraps pdfminer's exceptions in ``PdfminerException(original)``: the original."""
    from pdfplumber.utils.exceptions import PdfminerException

    seen = 0
    while isinstance(e, PdfminerException) and seen < 5:
        inner = e.args[0] if e.args and isinstance(e.args[0], BaseException) else e.__cause__
        if inner is None:
            break
        e, seen = inner, seen + 1
    return e


def _explain(e: BaseException, *, name: str, where: str) -> ExtractionError:
    """The ExtractionError a person understands for an exception pdfminer/pdfplumber raised."""
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    e = _cause(e)
    if isinstance(e, PDFPasswordIncorrect):
        return ExtractionError("encrypted", f"{name} is encrypted and needs a password to open")
    if isinstance(e, PDFEncryptionError):
        return ExtractionError("encrypted", f"{name} uses an encryption this reader cannot open ({e})")
    if isinstance(e, RecursionError):
        return ExtractionError(
            "unreadable", f"{name}: {where} nests too deeply or refers to itself (a damaged or hostile PDF)"
        )
    if isinstance(e, MemoryError):
        return ExtractionError("too_large", f"{name}: ran out of memory reading {where}")
    detail = str(e).strip() or type(e).__name__
    if "EOF" in detail:
        return ExtractionError(
            "unreadable",
            f"{name} is not a readable PDF: it ends too early (truncated, or a partial download)",
        )
    return ExtractionError("unreadable", f"{name} is not a readable PDF: {where} is damaged ({detail})")


def _open(data: bytes, *, name: str, password: str | None) -> Any:
    import pdfplumber

    try:
        return pdfplumber.open(io.BytesIO(data), password=password or "")
    except Exception as e:  # RecursionError and MemoryError included
        raise _explain(e, name=name, where="its structure") from e


def _close(pdf: Any) -> None:
    """Close without re-parsing: pdfplumber's close() walks ``pages``, which fails again on a broken
    page tree."""
    try:
        pdf.flush_cache()
        for page in getattr(pdf, "_pages", []):
            page.close()
        if not pdf.stream_is_external:
            pdf.stream.close()
    except Exception:  # closing is best effort; the document's error is already decided
        pass


def _declared_page_count(doc: Any) -> int | None:
    """/Count of the page tree's root (of a pdfminer ``PDFDocument``), read without building every page
    (None when absent or odd)."""
    from pdfminer.pdftypes import resolve1

    try:
        pages = resolve1(doc.catalog.get("Pages"))
        count = resolve1(pages.get("Count")) if isinstance(pages, dict) else None
    except Exception:
        return None
    return count if isinstance(count, int) and count >= 0 else None


def page_geometry(page: Any, page_no: int) -> list[GeoLine]:
    """The lines of one pdfplumber page, top to bottom, with their position and font size."""
    deduped = page.dedupe_chars(tolerance=1)
    found = deduped.extract_text_lines(strip=True, return_chars=True)
    out: list[GeoLine] = []
    for ln in found:
        size = float(statistics.median(c["size"] for c in ln["chars"])) if ln["chars"] else 0.0
        out.append(GeoLine(ln["text"], page_no, float(ln["x0"]), float(ln["x1"]), round(size, 1)))
    return out


def page_lines(page: Any, page_no: int) -> list[RawLine]:
    """The lines of one page with the geometry judged on that page alone (see :func:`lines_from_geometry`
    for the document-level judgement the reader uses)."""
    return lines_from_geometry([page_geometry(page, page_no)])[0]


class _NeedsFallback(Exception):
    """pdfplumber could not find the document's pages: try pypdfium2 (``error`` if that fails too)."""

    def __init__(self, error: ExtractionError) -> None:
        super().__init__(error.message)
        self.error = error


def _open_checked(data: bytes, *, name: str, opts: ReadOptions) -> None:
    """Parse the file's structure with pdfminer (what ``pdfplumber.open`` does first, without its
    metadata pass) and check the declared page count. Raises
    the errors the careful path would (encrypted, truncated, over ``max_pages``), or _NeedsFallback when
    the structure leads nowhere (a damaged cross-reference table)."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    try:
        doc = PDFDocument(PDFParser(io.BytesIO(data)), password=opts.password or "")
    except Exception as e:  # RecursionError and MemoryError included
        err = _explain(e, name=name, where="its structure")
        if err.type == "unreadable" and "refers to itself" not in err.message:
            raise _NeedsFallback(err) from e
        raise err from e
    declared = _declared_page_count(doc)
    if declared is not None and declared > opts.max_pages:
        raise ExtractionError(
            "too_large", f"{name} has {declared} pages, over the limit of {opts.max_pages} (--max-pages)"
        )


def _open_pages(data: bytes, *, name: str, opts: ReadOptions) -> Any:
    """pdfplumber's document with its page list (the careful path); _NeedsFallback as _open_checked."""
    try:
        pdf = _open(data, name=name, password=opts.password)
    except ExtractionError as e:
        if e.type == "unreadable" and "refers to itself" not in e.message:
            raise _NeedsFallback(e) from e
        raise
    _list_pages(pdf, name=name)
    return pdf


def _list_pages(pdf: Any, *, name: str) -> None:
    """Build pdfminer's page list, or raise _NeedsFallback when the page tree leads nowhere (no pages
    found) and another reader may do better."""
    try:
        try:
            n = len(pdf.pages)
        except Exception as e:
            err = _explain(e, name=name, where="its page tree")
            if err.type == "unreadable" and "refers to itself" not in err.message:
                raise _NeedsFallback(err) from e
            raise err from e
        if n == 0:
            raise _NeedsFallback(
                ExtractionError("no_text_layer", f"{name} has no pages (or its page tree is damaged)")
            )
    except BaseException:
        _close(pdf)
        raise


def _read_with_pdfium(data: bytes, *, name: str, opts: ReadOptions, first: ExtractionError) -> RawDocument:
    """pypdfium2 (PDFium) rebuilds damaged cross-reference tables that pdfminer gives up on. Lines come
    without geometry (the normaliser re-joins them by width); the record carries a warning."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=opts.password)
    except Exception as e:
        log.debug("pypdfium2 cannot open %s either: %s", name, e)
        raise first from None
    try:
        n = len(pdf)
        if n > opts.max_pages:
            raise ExtractionError(
                "too_large", f"{name} has {n} pages, over the limit of {opts.max_pages} (--max-pages)"
            )
        pages: list[list[RawLine]] = []
        han = 0
        for i in range(n):
            page = pdf[i]
            try:
                textpage = page.get_textpage()
                text = textpage.get_text_range()
                textpage.close()
            finally:
                page.close()
            lines = [ln.strip() for ln in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
            lines = [ln for ln in lines if ln and not _CONTROL.search(ln)]
            han += len(_HAN.findall("".join(lines)))
            pages.append([RawLine(t, page=i + 1) for t in lines])
    except ExtractionError:
        raise
    except Exception as e:
        log.debug("pypdfium2 failed on %s: %s", name, e)
        raise first from None
    finally:
        pdf.close()
    if han < 10:
        raise first
    warning = Warning_(
        "fallback_reader",
        f"pdfplumber could not read the file's structure ({first.message}); read with pypdfium2 instead, "
        "without line geometry",
    )
    return RawDocument(pages=pages, reader="pypdfium2", warnings=[warning])


READERS = ("auto", "pdfplumber", "pypdfium2")


def _han_at_least(pages: list[list[GeoLine]], n: int) -> bool:
    """Whether the lines hold at least ``n`` Han characters (counted until there are enough)."""
    seen = 0
    for page in pages:
        for g in page:
            seen += len(_HAN.findall(g.text))
            if seen >= n:
                return True
    return False


def read_pdf(data: bytes, *, name: str = "<bytes>", options: ReadOptions | None = None) -> RawDocument:
    """Pages of lines with their geometry.

    With ``reader`` ``auto`` or ``pypdfium2`` the fast path (:mod:`.fast`: PDFium's characters,
    pdfplumber's line assembly; the record's reader is ``pypdfium2``) reads the file first. Where it
    declines — a file PDFium cannot open, a cross-reference table PDFium had to rebuild, more than
    ``max_pages`` pages, a scan, a font without a Unicode map, rotated text in ``auto`` — and with
    ``reader="pdfplumber"``, pdfminer opens the file: its checks give the errors a person understands
    (truncated, encrypted, a damaged or self-referring page tree, over ``max_pages``) and decide the
    fallback for a damaged cross-reference table; then pdfplumber reads every page.
    """
    opts = options or ReadOptions()
    if opts.reader not in READERS:
        raise ValueError(f"unknown PDF reader {opts.reader!r} (one of {', '.join(READERS)})")
    if opts.reader != "pdfplumber":
        from .fast import fast_geometry

        # PDFium opens the file first. It declines (None) whatever the careful path must judge: a file
        # it cannot open (encrypted, truncated, not a PDF), a cross-reference table it had to rebuild,
        # more pages than max_pages, pages without usable characters; pdfminer's checks then give the
        # error or the fallback as before.
        fast = fast_geometry(
            data, name=name, password=opts.password, strict=opts.reader == "auto", max_pages=opts.max_pages
        )
        if fast is not None and all(page is not None for page in fast):
            done = cast("list[list[GeoLine]]", fast)
            if _han_at_least(done, 10):
                return RawDocument(pages=lines_from_geometry(done), reader="pypdfium2")
            return read_pdf(data, name=name, options=replace(opts, reader="pdfplumber"))
        if fast is None:
            log.debug("%s: the fast path declined; reading with pdfplumber", name)
        return _read_careful(data, name=name, opts=opts, known=fast)
    return _read_careful(data, name=name, opts=opts, known=None)


def _read_careful(
    data: bytes, *, name: str, opts: ReadOptions, known: list[list[GeoLine] | None] | None
) -> RawDocument:
    """pdfminer's structure checks, then pdfplumber page by page with each page's quality checks, OCR of
    image-only pages and the document's verdict. ``known``: the pages the fast path has read already (None
    where it declined); pdfplumber reads only the others, and everything after the reading is the same
    (their lines are the ones pdfplumber would give: tests/test_fast_path.py)."""
    try:
        _open_checked(data, name=name, opts=opts)
    except _NeedsFallback as e:
        return _read_with_pdfium(data, name=name, opts=opts, first=e.error)
    try:
        pdf = _open_pages(data, name=name, opts=opts)
    except _NeedsFallback as e:
        return _read_with_pdfium(data, name=name, opts=opts, first=e.error)
    fast_pages = 0
    warnings: list[Warning_] = []
    geometry: list[list[GeoLine]] = []
    usable_han = 0
    garbled_pages = 0
    image_only_pages = 0
    try:
        n = len(pdf.pages)
        if n > opts.max_pages:
            raise ExtractionError(
                "too_large", f"{name} has {n} pages, over the limit of {opts.max_pages} (--max-pages)"
            )
        if known is not None and len(known) != n:
            known = None  # PDFium and pdfminer count the pages differently: pdfplumber reads them all
        for i in range(n):
            read = known[i] if known is not None else None
            if read is not None:  # read by the fast path: lines with text (no image question to ask)
                geo, has_images = read, False
                fast_pages += 1
            else:
                page = pdf.pages[i]
                try:
                    geo = page_geometry(page, i + 1)
                    has_images = bool(page.images)
                except RecursionError as e:
                    raise _explain(e, name=name, where=f"page {i + 1}") from e
                except MemoryError as e:
                    raise _explain(e, name=name, where=f"page {i + 1}") from e
                except Exception as e:
                    cause = _cause(e)
                    if isinstance(cause, (RecursionError, MemoryError)):
                        raise _explain(cause, name=name, where=f"page {i + 1}") from e
                    warnings.append(
                        Warning_("page_unreadable", f"page {i + 1} could not be read: {cause}", i + 1)
                    )
                    geometry.append([])
                    continue
                finally:
                    # pdfplumber caches every page's objects until the document closes: release them
                    # now, so memory stays flat however many pages there are.
                    page.close()
            lines = [RawLine(g.text, g.page, size=g.size) for g in geo]
            text = "".join(ln.text for ln in lines)
            cids = len(_CID.findall(text))
            bad = text.count("\ufffd") + cids
            han = len(_HAN.findall(text))
            if not text.strip():
                if has_images:
                    image_only_pages += 1
                    warnings.append(
                        Warning_("no_text_layer", f"page {i + 1} is an image without text", i + 1)
                    )
                else:
                    warnings.append(Warning_("empty_page", f"page {i + 1} has no text", i + 1))
            elif bad and bad >= 0.05 * max(1, han + bad):
                garbled_pages += 1
                warnings.append(
                    Warning_(
                        "garbled_text",
                        f"page {i + 1}: {cids} (cid:…) codes and {text.count(chr(0xFFFD))} replacement "
                        "characters: a font without a Unicode map; its text is left out",
                        i + 1,
                    )
                )
                geo = [g._replace(text=_CID.sub("", g.text).replace("\ufffd", "")) for g in geo]
                geo = [g for g in geo if g.text.strip() and _HAN.search(g.text)]
                lines = [RawLine(g.text, g.page, size=g.size) for g in geo]
            usable_han += len(_HAN.findall("".join(ln.text for ln in lines)))
            geometry.append(geo)
    finally:
        _close(pdf)
    pages = lines_from_geometry(geometry)
    if image_only_pages and opts.ocr != "off":
        usable_han += _ocr_into(data, pages, warnings, name=name)
    if usable_han < 10:
        if garbled_pages:
            raise ExtractionError(
                "garbled_text",
                f"{name}: the text layer is unusable ((cid:…) codes on {garbled_pages} of {n} pages): "
                "its fonts have no Unicode map",
            )
        if image_only_pages:
            from .ocr import INSTALL_HINT, ocr_available

            hint = (
                "OCR found no text"
                if ocr_available() and opts.ocr != "off"
                else f"OCR is needed: {INSTALL_HINT}"
            )
            raise ExtractionError(
                "no_text_layer",
                f"{name}: {image_only_pages} of {n} pages are images without a text layer (a scan); {hint}",
            )
        raise ExtractionError("no_text_layer", f"{name}: no Chinese text found on any of its {n} pages")
    reader = "pypdfium2+pdfplumber" if fast_pages else "pdfplumber"
    if any(w.code == "ocr" for w in warnings):
        reader += "+ocr"
    return RawDocument(pages=pages, reader=reader, warnings=warnings)


def _ocr_into(data: bytes, pages: list[list[RawLine]], warnings: list[Warning_], *, name: str) -> int:
    """OCR the image-only pages in place (when tesseract is installed); returns the Han characters read."""
    from .ocr import ocr_available, ocr_pdf_pages

    todo = [w.page - 1 for w in warnings if w.code == "no_text_layer" and w.page is not None]
    if not todo or not ocr_available():
        return 0
    try:
        found = ocr_pdf_pages(data, todo, remove_red=os.environ.get("POLICY_OCR_RED", "remove") != "keep")
    except Exception as e:  # OCR is a best effort: the page stays empty and the warning stays
        warnings.append(Warning_("ocr_failed", f"OCR failed: {e}"))
        return 0
    han = 0
    for i, lines in found.items():
        pages[i] = lines
        han += len(_HAN.findall("".join(ln.text for ln in lines)))
    done = sorted(i + 1 for i, lines in found.items() if lines)
    warnings[:] = [w for w in warnings if not (w.code == "no_text_layer" and w.page in done)]
    if done:
        warnings.append(Warning_("ocr", f"pages {', '.join(map(str, done))} read by OCR (tesseract chi_sim)"))
    return han
