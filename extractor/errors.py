"""The errors a document can end in. ``type`` is one of a small documented set (docs/SCHEMA.md)."""

from __future__ import annotations

ERROR_TYPES: dict[str, str] = {
    "not_found": "the path does not exist",
    "unreadable": "the file cannot be opened or parsed (corrupt, truncated, permissions, a directory)",
    "encrypted": "the PDF needs a password",
    "no_text_layer": "no usable text: a scan without OCR, or an empty document",
    "garbled_text": "the text layer is unusable: (cid:…) codes or replacement characters",
    "unsupported": "not a PDF, text or HTML file (by its content, whatever its name)",
    "too_large": "over the page or size limit",
    "timeout": "took longer than the per-document time limit",
    "internal": "a bug in policy-extractor: please report it with the file",
}


class ExtractionError(Exception):
    """A document that cannot be processed; becomes a record with ``error`` and the batch goes on."""

    def __init__(self, type_: str, message: str) -> None:
        if type_ not in ERROR_TYPES:
            raise ValueError(f"unknown error type {type_!r}")
        super().__init__(message)
        self.type = type_
        self.message = message


class ModelError(Exception):
    """The model directory is missing, incomplete, or fails its integrity check."""
