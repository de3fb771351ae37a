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
import re
import statistics
from typing import Any

from ..errors import ExtractionError
from ..normalize import RawLine
from ..result import Warning_
from . import RawDocument, ReadOptions

_CID = re.compile(r"\(cid:\d+\)")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_SENTENCE_END = set("。！？；：!?;:")


def _open(data: bytes, *, name: str, password: str | None) -> Any:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect

    try:
        return pdfplumber.open(io.BytesIO(data), password=password or "")
    except PDFPasswordIncorrect as e:
        raise ExtractionError("encrypted", f"{name} is encrypted and needs a password") from e
    except PDFEncryptionError as e:
        raise ExtractionError("encrypted", f"{name} uses an encryption this reader cannot open: {e}") from e
    except RecursionError as e:
        raise ExtractionError("unreadable", f"{name}: the PDF's objects nest too deeply to parse") from e
    except Exception as e:
        raise ExtractionError("unreadable", f"{name} is not a readable PDF ({type(e).__name__}: {e})") from e


def page_lines(page: Any, page_no: int) -> list[RawLine]:
    """The lines of one pdfplumber page, top to bottom, with their geometry."""
    deduped = page.dedupe_chars(tolerance=1)
    found = deduped.extract_text_lines(strip=True, return_chars=True)
    if not found:
        return []
    sizes = [statistics.median(c["size"] for c in ln["chars"]) for ln in found if ln["chars"]]
    body_size = statistics.median(sizes) if sizes else 12.0
    long_lines = [ln for ln in found if len(ln["text"]) >= 8] or found
    left = min(ln["x0"] for ln in long_lines)
    right = max(ln["x1"] for ln in long_lines)
    out: list[RawLine] = []
    for ln in found:
        size = statistics.median(c["size"] for c in ln["chars"]) if ln["chars"] else body_size
        # Lines wrapped by character count end short when they hold narrow digits or Latin letters:
        # allow a gap of up to three characters unless the line ends a sentence.
        ends_sentence = ln["text"].rstrip()[-1:] in _SENTENCE_END
        gap = right - ln["x1"]
        out.append(
            RawLine(
                text=ln["text"],
                page=page_no,
                # Only body-size text wraps into the next line; headers and titles are set line by line.
                continues=gap <= (0.9 if ends_sentence else 3.0) * body_size and abs(size - body_size) <= 1.0,
                indented=ln["x0"] >= left + 0.9 * body_size,
                size=round(float(size), 1),
            )
        )
    return out


def read_pdf(data: bytes, *, name: str = "<bytes>", options: ReadOptions | None = None) -> RawDocument:
    opts = options or ReadOptions()
    pdf = _open(data, name=name, password=opts.password)
    warnings: list[Warning_] = []
    pages: list[list[RawLine]] = []
    usable_han = 0
    garbled_pages = 0
    image_only_pages = 0
    try:
        try:
            n = len(pdf.pages)
        except RecursionError as e:
            raise ExtractionError("unreadable", f"{name}: the PDF's page tree nests too deeply") from e
        except Exception as e:
            raise ExtractionError("unreadable", f"{name}: cannot read the page tree ({e})") from e
        if n == 0:
            raise ExtractionError("no_text_layer", f"{name} has no pages")
        if n > opts.max_pages:
            raise ExtractionError("too_large", f"{name} has {n} pages, over the limit of {opts.max_pages}")
        for i in range(n):
            try:
                page = pdf.pages[i]
                lines = page_lines(page, i + 1)
                has_images = bool(page.images)
            except RecursionError as e:
                raise ExtractionError("unreadable", f"{name}: page {i + 1} nests too deeply to parse") from e
            except ExtractionError:
                raise
            except Exception as e:
                warnings.append(Warning_("page_unreadable", f"page {i + 1} could not be read: {e}", i + 1))
                pages.append([])
                continue
            text = "".join(ln.text for ln in lines)
            cids = len(_CID.findall(text))
            bad = text.count("\ufffd") + cids
            han = len(_HAN.findall(text))
            if not text.strip():
                if has_images:
                    image_only_pages += 1
                    warnings.append(Warning_("no_text_layer", f"page {i + 1} is an image without text", i + 1))
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
                lines = [RawLine(_CID.sub("", ln.text).replace("\ufffd", ""), ln.page) for ln in lines]
                lines = [ln for ln in lines if ln.text.strip() and _HAN.search(ln.text)]
            usable_han += len(_HAN.findall("".join(ln.text for ln in lines)))
            pages.append(lines)
    finally:
        pdf.close()
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

            hint = "OCR found no text" if ocr_available() and opts.ocr != "off" else f"OCR is needed: {INSTALL_HINT}"
            raise ExtractionError(
                "no_text_layer",
                f"{name}: {image_only_pages} of {n} pages are images without a text layer (a scan); {hint}",
            )
        raise ExtractionError("no_text_layer", f"{name}: no Chinese text found on any of its {n} pages")
    reader = "pdfplumber+ocr" if any(w.code == "ocr" for w in warnings) else "pdfplumber"
    return RawDocument(pages=pages, reader=reader, warnings=warnings)


def _ocr_into(data: bytes, pages: list[list[RawLine]], warnings: list[Warning_], *, name: str) -> int:
    """OCR the image-only pages in place (when tesseract is installed); returns the Han characters read."""
    from .ocr import ocr_available, ocr_pdf_pages

    todo = [w.page - 1 for w in warnings if w.code == "no_text_layer" and w.page is not None]
    if not todo or not ocr_available():
        return 0
    try:
        found = ocr_pdf_pages(data, todo)
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
