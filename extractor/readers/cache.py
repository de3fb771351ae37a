"""A content-hash cache of what the readers produced (opt-in: ``--cache DIR``, ``Pipeline(cache_dir=...)``).

Reading is most of the cost of a document; the rules and the model are cheap and change more often. The
cache keeps each reader's output — pages of lines with their geometry judgements, metadata, warnings —
keyed by the sha256 of the file's bytes, the reader code's version (:data:`READER_VERSION`), the versions
of pdfplumber and pypdfium2 and the read options that change the output. A re-run after a rules or model
change reads nothing it has read before; a renamed or moved file still hits. Only successful reads are
kept (an error record is cheap to make again, and its message names the file).

Entries are JSON (never pickle: a cache folder shared between users must not be a way to run code),
``DIR/ab/abcdef….json``, written to a temporary file and renamed into place, so parallel workers and
killed runs never leave a torn entry; an unreadable entry is a miss.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..normalize import RawLine
from ..result import Warning_
from . import RawDocument, ReadOptions

__all__ = ["READER_VERSION", "ReaderCache"]

log = logging.getLogger(__name__)

# Bump when any reader's output changes for the same file and options.
READER_VERSION = "3"  # 3: a PDF with a few declined pages reads the rest fast (reader pypdfium2+pdfplumber)


@lru_cache(maxsize=1)
def _library_versions() -> str:
    from importlib.metadata import PackageNotFoundError, version

    out = []
    for name in ("pdfplumber", "pdfminer.six", "pypdfium2"):
        try:
            out.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            out.append(f"{name}=none")
    return ",".join(out)


class ReaderCache:
    """A folder of reader outputs keyed by content hash. Safe to share between processes."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)

    def key(self, sha256: str, options: ReadOptions) -> str:
        """The entry's name: the content hash, the reader's version and the options that matter."""
        password = hashlib.sha256(options.password.encode()).hexdigest() if options.password else ""
        parts = [sha256, READER_VERSION, _library_versions(), options.reader, options.ocr, password]
        return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.json"

    def get(self, sha256: str, options: ReadOptions) -> RawDocument | None:
        path = self._path(self.key(sha256, options))
        try:
            obj = json.loads(path.read_text(encoding="utf-8"))
            return _from_json(obj)
        except FileNotFoundError:
            return None
        except (OSError, ValueError, KeyError, TypeError) as e:
            log.warning("reader cache entry %s is unreadable (%s): reading the file again", path, e)
            return None

    def put(self, sha256: str, options: ReadOptions, raw: RawDocument) -> None:
        path = self._path(self.key(sha256, options))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as f:
                    json.dump(_to_json(raw), f, ensure_ascii=False, separators=(",", ":"))
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
        except OSError as e:  # a full or read-only disk must not fail the document
            log.warning("cannot write the reader cache entry %s: %s", path, e)


def _to_json(raw: RawDocument) -> dict[str, Any]:
    return {
        "reader": raw.reader,
        "metadata": raw.metadata,
        "warnings": [[w.code, w.message, w.page] for w in raw.warnings],
        "pages": [
            [[ln.text, ln.page, ln.continues, ln.indented, ln.size] for ln in page] for page in raw.pages
        ],
    }


def _from_json(obj: dict[str, Any]) -> RawDocument:
    return RawDocument(
        pages=[[RawLine(t, p, c, i, s) for t, p, c, i, s in page] for page in obj["pages"]],
        reader=str(obj["reader"]),
        metadata={str(k): str(v) for k, v in obj["metadata"].items()},
        warnings=[Warning_(str(c), str(m), p) for c, m, p in obj["warnings"]],
    )
