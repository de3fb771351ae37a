"""Plain-text reader: UTF-8 (with or without BOM), UTF-16 with BOM, GB18030/GBK, detected and decoded."""

from __future__ import annotations

import re

from ..errors import ExtractionError
from ..normalize import RawLine
from . import RawDocument

_HAN = re.compile(r"[\u4e00-\u9fff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def decode(data: bytes, *, name: str = "<bytes>") -> tuple[str, str]:
    """(text, encoding). Tries BOMs, strict UTF-8, GB18030, then charset-normalizer's best guess."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            continue
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise ExtractionError("unsupported", f"{name}: cannot tell the text encoding")
    return str(best), best.encoding


def read_text(data: bytes, *, name: str = "<bytes>") -> RawDocument:
    text, encoding = decode(data, name=name)
    sample = text[:20000]
    if sample and len(_CONTROL.findall(sample)) > 0.01 * len(sample):
        raise ExtractionError("unsupported", f"{name} is not text (control characters; binary content?)")
    if not _HAN.search(text):
        raise ExtractionError("no_text_layer", f"{name} has no Chinese text (decoded as {encoding})")
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = [RawLine(t, page=1, indented=_indented(t)) for t in text.split("\n")]
    return RawDocument(pages=[lines], reader=f"text:{encoding}")


def _indented(line: str) -> bool | None:
    stripped = line.lstrip(" \t\u3000")
    if not stripped:
        return None
    return True if len(line) - len(stripped) >= 2 else None
