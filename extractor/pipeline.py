"""``Pipeline``: read -> normalise -> rules -> classify -> ``PolicyResult``.

Nothing is loaded at construction or import: the model and jieba's dictionary load on first use, once,
under a lock, so one Pipeline can serve several threads.
"""

from __future__ import annotations

import hashlib
import logging
import os
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import Any

from .classify import Classifier, load_model
from .errors import ExtractionError, ModelError
from .normalize import NormalizedText, normalize_document, normalize_text
from .readers import RawDocument, ReadOptions, load_bytes, read_bytes
from .result import (
    Citation,
    DateMention,
    ErrorInfo,
    Issuer,
    MedicalCloudResult,
    ModelInfo,
    PolicyResult,
    Span,
    StageResult,
    Target,
    TermHit,
    Warning_,
)

__all__ = ["Pipeline", "stage_of_year"]

log = logging.getLogger(__name__)


def stage_of_year(year: int) -> int:
    """LABELS.md: before 2010 -> 0, 2010–2015 -> 1, 2016–2020 -> 2, 2021 on -> 3."""
    if year < 2010:
        return 0
    if year <= 2015:
        return 1
    if year <= 2020:
        return 2
    return 3


class Pipeline:
    """The whole extractor. ``Pipeline.load()`` uses the model shipped in models/."""

    def __init__(
        self,
        *,
        model_dir: str | Path | None = None,
        classifier: Classifier | None = None,
        read_options: ReadOptions | None = None,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.read_options = read_options or ReadOptions()
        self._classifier = classifier
        self._lock = threading.Lock()

    @classmethod
    def load(cls, model_dir: str | Path | None = None, *, read_options: ReadOptions | None = None) -> Pipeline:
        """A pipeline on ``model_dir`` (None = the shipped model). The model loads lazily, on first use."""
        return cls(model_dir=model_dir, read_options=read_options)

    @property
    def classifier(self) -> Classifier:
        if self._classifier is None:
            with self._lock:
                if self._classifier is None:
                    self._classifier = load_model(self.model_dir)
        return self._classifier

    # -- entry points ---------------------------------------------------------------------------------

    def process_text(self, text: str, *, source: str | None = None) -> PolicyResult:
        """Process a document given as a string (one page)."""
        sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
        try:
            nt = normalize_text(text)
            return self._finish(nt, source=source, sha256=sha, pages=None, reader="text", warnings=[])
        except ModelError:
            raise
        except ExtractionError as e:
            return _error(source, sha, e.type, e.message)
        except Exception as e:  # a bug: keep the batch going, say what happened
            log.exception("internal error on %s", source)
            return _error(source, sha, "internal", f"{type(e).__name__}: {e}")

    def process_bytes(self, data: bytes, *, source: str | None = None) -> PolicyResult:
        """Process a file's bytes (PDF, HTML or text, told apart by content)."""
        sha = hashlib.sha256(data).hexdigest()
        try:
            raw = read_bytes(data, name=source or "<bytes>", options=self.read_options)
            return self._from_raw(raw, source=source, sha256=sha)
        except ModelError:
            raise
        except ExtractionError as e:
            return _error(source, sha, e.type, e.message)
        except RecursionError:
            return _error(source, sha, "unreadable", "the file's structure nests too deeply to parse")
        except Exception as e:
            log.exception("internal error on %s", source)
            return _error(source, sha, "internal", f"{type(e).__name__}: {e}")

    def process_file(self, path: str | Path) -> PolicyResult:
        """Process one file; a file that fails gives a record with ``error`` (never an exception)."""
        p = Path(path)
        source = str(path)
        try:
            data = load_bytes(p)
        except ExtractionError as e:
            return _error(source, None, e.type, e.message)
        return self.process_bytes(data, source=source)

    def process_many(self, paths: Iterable[str | Path], *, workers: int = 1) -> Iterator[PolicyResult]:
        """Process files, yielding results in input order. ``workers > 1`` uses worker processes that
        each load the model once; at most ``4 * workers`` documents are in flight (bounded memory)."""
        if workers <= 1:
            for p in paths:
                yield self.process_file(p)
            return
        window = max(2, 4 * workers)
        pending: list[Future[PolicyResult]] = []
        with ProcessPoolExecutor(
            max_workers=workers,
            initializer=_init_worker,
            initargs=(str(self.model_dir) if self.model_dir else None, self.read_options),
        ) as pool:
            for p in paths:
                pending.append(pool.submit(_work, str(p)))
                if len(pending) >= window:
                    yield pending.pop(0).result()
            while pending:
                yield pending.pop(0).result()

    # -- internals ------------------------------------------------------------------------------------

    def _from_raw(self, raw: RawDocument, *, source: str | None, sha256: str) -> PolicyResult:
        nt = normalize_document(raw.pages)
        if raw.metadata and not any(k in nt.text[:400] for k in ("发文机关：", "成文日期：")):
            log.debug("metadata fields found outside the text: %s", raw.metadata)
        return self._finish(
            nt, source=source, sha256=sha256, pages=raw.page_count, reader=raw.reader, warnings=raw.warnings
        )

    def _finish(
        self,
        nt: NormalizedText,
        *,
        source: str | None,
        sha256: str,
        pages: int | None,
        reader: str,
        warnings: list[Warning_],
    ) -> PolicyResult:
        from .rules import extract
        from .rules.terms import medical_cloud_label

        text = nt.text
        if not text.strip():
            raise ExtractionError("no_text_layer", f"{source or 'the document'} has no text")
        rules = extract(text, line_sizes=nt.line_sizes)
        pred = self.classifier.predict([text])[0]
        mc_label, med_hits, cloud_hits = medical_cloud_label(text)

        page = nt.page_of if pages else (lambda _o: None)
        date = rules.date
        if date is not None:
            label = stage_of_year(date.year)
            stage = StageResult(label, 1.0, "date", pred.stage, pred.stage_probability)
        else:
            stage = StageResult(pred.stage, pred.stage_probability, "model", pred.stage, pred.stage_probability)
        mc = MedicalCloudResult(
            label=mc_label,
            probability=pred.medical_cloud_probability,
            model_label=pred.medical_cloud,
            medical_terms=tuple(_hit(h, page) for h in med_hits),
            cloud_terms=tuple(_hit(h, page) for h in cloud_hits),
        )
        clf = self.classifier
        return PolicyResult(
            source=source,
            sha256=sha256,
            pages=pages,
            text=text,
            reader=reader,
            title=_span(rules.title, page),
            doc_number=_span(rules.doc_number, page),
            doc_type=rules.doc_type,
            issuers=tuple(_issuer(i, page) for i in rules.issuers),
            date=date.date if date else None,
            dates=tuple(_date(d, page) for d in rules.dates),
            stage=stage,
            medical_cloud=mc,
            targets=tuple(_target(t, page) for t in rules.targets),
            addressees=tuple(s for s in (_span(a, page) for a in rules.addressees) if s is not None),
            citations=tuple(_citation(c, page) for c in rules.citations),
            warnings=tuple(warnings),
            error=None,
            model=ModelInfo(clf.name, clf.version),
        )


# -- page filling ------------------------------------------------------------------------------------


def _span(s: Span | None, page: Any) -> Span | None:
    return None if s is None else replace(s, page=page(s.start))


def _hit(h: TermHit, page: Any) -> TermHit:
    return replace(h, page=page(h.start))


def _issuer(i: Issuer, page: Any) -> Issuer:
    return replace(i, span=replace(i.span, page=page(i.span.start)))


def _date(d: DateMention, page: Any) -> DateMention:
    return replace(d, span=replace(d.span, page=page(d.span.start)))


def _target(t: Target, page: Any) -> Target:
    figs = tuple(replace(f, span=replace(f.span, page=page(f.span.start))) for f in t.figures)
    return replace(t, span=replace(t.span, page=page(t.span.start)), figures=figs)


def _citation(c: Citation, page: Any) -> Citation:
    return replace(c, span=replace(c.span, page=page(c.span.start)))


def _error(source: str | None, sha: str | None, type_: str, message: str) -> PolicyResult:
    return PolicyResult(source=source, sha256=sha, pages=None, error=ErrorInfo(type_, message))


# -- worker processes --------------------------------------------------------------------------------

_WORKER: Pipeline | None = None


def _init_worker(model_dir: str | None, read_options: ReadOptions) -> None:
    global _WORKER
    _WORKER = Pipeline(model_dir=model_dir, read_options=read_options)
    _WORKER.classifier  # noqa: B018 - load the model once per worker, before the first document


def _work(path: str) -> PolicyResult:
    assert _WORKER is not None
    return _WORKER.process_file(path)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
