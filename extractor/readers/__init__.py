"""Readers: a file in, pages of lines out (``RawDocument``), with a quality gate.

The reader is chosen by the file's *content* (a PDF header, HTML tags, else text), not by its name, so an
HTML page saved as .pdf is still read, and binary junk named .txt is refused as ``unsupported``.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import ExtractionError
from ..normalize import RawLine
from ..result import Warning_

__all__ = ["RawDocument", "ReadOptions", "load_bytes", "read_bytes", "read_path", "sniff"]


@dataclass(frozen=True)
class ReadOptions:
    """Limits and choices for reading one file."""

    max_pages: int = 2000
    max_bytes: int = 200 * 1024 * 1024
    reader: str = "auto"  # auto | pdfplumber | pypdfium2
    password: str | None = None
    ocr: str = "auto"  # auto: OCR image-only pages when tesseract (chi_sim) is installed; off: never


@dataclass
class RawDocument:
    """What a reader produced: pages of lines, metadata fields found (web copies), warnings."""

    pages: list[list[RawLine]]
    reader: str
    metadata: dict[str, str] = field(default_factory=dict)
    warnings: list[Warning_] = field(default_factory=list)

    @property
    def page_count(self) -> int:
        return len(self.pages)


_BINARY_MAGIC = (
    b"PK\x03\x04",  # zip, docx, xlsx, ofd
    b"PK\x05\x06",  # empty zip
    b"\x1f\x8b",  # gzip
    b"Rar!",
    b"7z\xbc\xaf",
    b"\x89PNG",
    b"\xff\xd8\xff",  # jpeg
    b"GIF8",
    b"II*\x00",  # tiff
    b"MM\x00*",
    b"\x7fELF",
    b"MZ",  # windows executable
    b"\xd0\xcf\x11\xe0",  # old office (.doc, .xls)
)


def sniff(data: bytes) -> str:
    """'pdf', 'html', 'text' or 'binary' from the first bytes."""
    head = data[:2048]
    # Known binary formats first: a ZIP (or .docx, .ofd) holding a PDF uncompressed has "%PDF-" near its
    # start, and pdfminer would happily read the PDF inside.
    if head.startswith(_BINARY_MAGIC):
        return "binary"
    if head.lstrip()[:5] == b"%PDF-" or b"%PDF-" in data[:1024]:
        return "pdf"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "text"  # UTF-16 with BOM
    lowered = head.lower()
    if b"<html" in lowered or b"<!doctype html" in lowered or (b"<body" in lowered and b"</" in lowered):
        return "html"
    if b"\x00" in head:
        return "binary"
    return "text"


def read_bytes(data: bytes, *, name: str = "<bytes>", options: ReadOptions | None = None) -> RawDocument:
    opts = options or ReadOptions()
    if len(data) > opts.max_bytes:
        raise ExtractionError(
            "too_large", f"{name} is {len(data) / 1e6:.0f} MB, over the {opts.max_bytes / 1e6:.0f} MB limit"
        )
    if not data.strip():
        raise ExtractionError("no_text_layer", f"{name} is empty (0 bytes of content)")
    kind = sniff(data)
    if kind == "pdf":
        from .pdf import read_pdf

        return read_pdf(data, name=name, options=opts)
    if kind == "html":
        from .html import read_html

        return read_html(data, name=name)
    if kind == "text":
        from .text import read_text

        return read_text(data, name=name)
    raise ExtractionError("unsupported", f"{name} is not a PDF, text or HTML file (binary content)")


def load_bytes(path: str | Path, *, max_bytes: int | None = None) -> bytes:
    """A file's bytes, or an ExtractionError a person understands: missing, a directory, a FIFO or device,
    no permission, or over ``max_bytes`` (checked before reading)."""
    p = Path(path)
    try:
        # O_NONBLOCK: opening a FIFO named .pdf must not wait for a writer.
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with os.fdopen(fd, "rb") as f:
            st = os.fstat(f.fileno())
            if stat.S_ISDIR(st.st_mode):
                raise ExtractionError("unreadable", f"{p} is a directory, not a file")
            if not stat.S_ISREG(st.st_mode):
                raise ExtractionError("unreadable", f"{p} is not a regular file (a device, pipe or socket)")
            if max_bytes is not None and st.st_size > max_bytes:
                raise ExtractionError(
                    "too_large", f"{p} is {st.st_size / 1e6:.0f} MB, over the {max_bytes / 1e6:.0f} MB limit"
                )
            return f.read()
    except FileNotFoundError as e:
        if p.is_symlink():
            raise ExtractionError("not_found", f"{p} is a link to a file that does not exist") from e
        raise ExtractionError("not_found", f"{p} does not exist") from e
    except IsADirectoryError as e:
        raise ExtractionError("unreadable", f"{p} is a directory, not a file") from e
    except PermissionError as e:
        if p.is_dir():
            raise ExtractionError("unreadable", f"{p} is a directory, not a file") from e
        raise ExtractionError("unreadable", f"{p} cannot be read: permission denied") from e
    except OSError as e:
        raise ExtractionError("unreadable", f"{p} cannot be read: {e.strerror or e}") from e


def read_path(path: str | Path, *, options: ReadOptions | None = None) -> RawDocument:
    return read_bytes(load_bytes(path), name=Path(path).name, options=options)
