"""``Pipeline``: read -> normalise -> rules -> classify -> ``PolicyResult``.

Nothing is loaded at construction or import: the model and jieba's dictionary load on first use, once,
under a lock, so one Pipeline can serve several threads.
"""

from __future__ import annotations

import hashlib
import logging
import multiprocessing
import os
import sys
import threading
import time
import weakref
from collections.abc import Iterable, Iterator
from multiprocessing.connection import Connection
from multiprocessing.connection import wait as mp_wait
from pathlib import Path
from typing import Any, TypeVar

from .classify import Classifier, load_model
from .errors import ExtractionError, ModelError
from .normalize import NormalizedText, normalize_document, normalize_text
from .output import input_sha256
from .readers import RawDocument, ReadOptions, load_bytes, read_bytes
from .readers.cache import ReaderCache
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
        cache_dir: str | Path | None = None,
    ) -> None:
        self.model_dir = Path(model_dir) if model_dir is not None else None
        self.read_options = read_options or ReadOptions()
        self.cache_dir = Path(cache_dir) if cache_dir is not None else None
        self._cache = ReaderCache(self.cache_dir) if self.cache_dir is not None else None
        self._classifier = classifier
        self._lock = threading.Lock()

    @classmethod
    def load(
        cls,
        model_dir: str | Path | None = None,
        *,
        read_options: ReadOptions | None = None,
        cache_dir: str | Path | None = None,
    ) -> Pipeline:
        """A pipeline on ``model_dir`` (None = the shipped model). The model loads lazily, on first use.

        ``cache_dir``: a folder where the readers' output is kept by content hash (see
        :mod:`extractor.readers.cache`), so a re-run after a rules or model change reads nothing again."""
        return cls(model_dir=model_dir, read_options=read_options, cache_dir=cache_dir)

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
            raw = self._cache.get(sha, self.read_options) if self._cache is not None else None
            if raw is None:
                raw = read_bytes(data, name=source or "<bytes>", options=self.read_options)
                if self._cache is not None:
                    self._cache.put(sha, self.read_options, raw)
            return self._from_raw(raw, source=source, sha256=sha)
        except ModelError:
            raise
        except ExtractionError as e:
            return _error(source, sha, e.type, e.message)
        except RecursionError:
            return _error(
                source, sha, "unreadable", f"{source}: the file's structure nests too deeply to parse"
            )
        except MemoryError:
            return _error(source, sha, "too_large", f"{source}: ran out of memory while reading it")
        except Exception as e:
            log.exception("internal error on %s", source)
            return _error(
                source, sha, "internal", f"{type(e).__name__}: {e} (a bug: please report it with the file)"
            )

    def process_file(self, path: str | Path) -> PolicyResult:
        """Process one file; a file that fails gives a record with ``error`` (never an exception)."""
        p = Path(path)
        source = str(path)
        try:
            data = load_bytes(p, max_bytes=self.read_options.max_bytes)
        except ExtractionError as e:
            return _error(source, None, e.type, e.message)
        return self.process_bytes(data, source=source)

    def process_many(
        self,
        paths: Iterable[str | Path],
        *,
        workers: int = 1,
        timeout: float | None = None,
        engine: str = "local",
        scheduler: str | None = None,
    ) -> Iterator[PolicyResult]:
        """Process files, yielding results in input order.

        ``engine="dask"`` distributes the files over a dask.distributed cluster (``scheduler``: its
        address, e.g. ``tcp://10.0.0.5:8786``; None starts a local cluster of ``workers`` processes); each
        dask worker builds this pipeline once (same model directory, read options and cache folder), and
        the paths must be readable on the workers (a shared file system); with ``timeout`` each document is
        read in a process the dask worker forks and kills after that many seconds (POSIX only).

        With ``workers == 1`` and no ``timeout`` the files are read in this process. Otherwise each file is
        read in a worker process (``workers`` of them, forked from this one after the model is loaded);
        a worker that takes longer than ``timeout`` seconds on a file is killed and replaced, and the file
        gets a ``timeout`` record; a worker that dies (a crash, the out-of-memory killer) gives an
        ``internal`` record. At most ``4 * workers`` documents are in flight or waiting to be yielded
        (bounded memory), and paths are pulled from ``paths`` lazily.
        """
        if engine == "dask":
            from .distributed import process_many_dask

            yield from process_many_dask(
                self, paths, scheduler=scheduler, workers=max(1, workers), timeout=timeout or None
            )
            return
        if engine != "local":
            raise ValueError(f"unknown engine {engine!r} (local or dask)")
        if workers <= 1 and not timeout:
            for p in paths:
                yield self.process_file(p)
            return
        yield from _WorkerPool(self, workers=max(1, workers), timeout=timeout or None).run(paths)

    def warm_up(self) -> None:
        """Load the model, jieba's dictionary and the rule registries now (once), e.g. before forking."""
        self.classifier  # noqa: B018
        self.process_text(_WARM_UP_TEXT, source="<warm-up>")

    # -- internals ------------------------------------------------------------------------------------

    def _from_raw(self, raw: RawDocument, *, source: str | None, sha256: str) -> PolicyResult:
        nt = normalize_document(raw.pages)
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
        warnings = [*warnings, *(Warning_("rules_limit", note) for note in rules.notes)]
        pred = self.classifier.predict([text])[0]
        mc_label, med_hits, cloud_hits = medical_cloud_label(text)

        page = nt.page_of if pages else (lambda _o: None)
        date = rules.date
        if date is not None:
            label = stage_of_year(date.year)
            stage = StageResult(label, 1.0, "date", pred.stage, pred.stage_probability)
        else:
            stage = StageResult(
                pred.stage, pred.stage_probability, "model", pred.stage, pred.stage_probability
            )
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


T = TypeVar("T")


def _with(obj: T, **changes: Any) -> T:
    """``dataclasses.replace`` for the result's frozen dataclasses, without its per-call field
    introspection (a record holds dozens of spans; ``replace`` costs several microseconds each). The
    classes have no ``__post_init__`` and no init-only fields, so copying the fields is the same thing."""
    new = object.__new__(type(obj))
    new.__dict__.update(obj.__dict__)
    new.__dict__.update(changes)
    return new


def _paged(s: Span, page: Any) -> Span:
    return _with(s, page=page(s.start))


def _span(s: Span | None, page: Any) -> Span | None:
    return None if s is None else _paged(s, page)


def _hit(h: TermHit, page: Any) -> TermHit:
    return _with(h, page=page(h.start))


def _issuer(i: Issuer, page: Any) -> Issuer:
    return _with(i, span=_paged(i.span, page))


def _date(d: DateMention, page: Any) -> DateMention:
    return _with(d, span=_paged(d.span, page))


def _target(t: Target, page: Any) -> Target:
    figs = tuple(_with(f, span=_paged(f.span, page)) for f in t.figures)
    return _with(t, span=_paged(t.span, page), figures=figs)


def _citation(c: Citation, page: Any) -> Citation:
    return _with(c, span=_paged(c.span, page))


def _error(source: str | None, sha: str | None, type_: str, message: str) -> PolicyResult:
    return PolicyResult(source=source, sha256=sha, pages=None, error=ErrorInfo(type_, message))


def timeout_record(path: str, timeout: float) -> PolicyResult:
    """The record of a document stopped at the per-document time limit (local and dask engines)."""
    return _error(
        path,
        input_sha256(path),
        "timeout",
        f"{path} took longer than the {timeout:g} s limit per document and was stopped "
        "(a damaged or pathological file; raise --timeout or lower --max-pages to change the limit)",
    )


# -- worker processes --------------------------------------------------------------------------------

_WARM_UP_TEXT = "国务院办公厅关于促进医疗健康云计算发展的意见\n国办发〔2018〕26号\n到2020年，覆盖率达到90%。\n2018年4月25日\n"

# The parent's ends of every worker pipe: a forked worker closes its copies, so that it sees EOF (and
# exits) when the parent dies.
_PARENT_ENDS: weakref.WeakSet[Connection] = weakref.WeakSet()


def _die_with_parent() -> None:
    """Linux: have the kernel SIGKILL this worker when the parent dies (even in the middle of a file)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        import ctypes
        import signal

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, int(signal.SIGKILL))  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def _worker_main(
    conn: Connection,
    inherited: Pipeline | None,
    model_dir: str | None,
    read_options: ReadOptions,
    cache_dir: str | None = None,
) -> None:
    """A worker: receive ``(index, path)``, send back ``(index, PolicyResult)``, until ``None`` or EOF.

    Under ``fork`` the parent's warmed-up pipeline is ``inherited``; under ``spawn`` it is built here from
    ``model_dir`` and ``read_options``."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops the workers
    _die_with_parent()
    for end in list(_PARENT_ENDS):
        end.close()
    worker = inherited
    if worker is None:
        worker = Pipeline(model_dir=model_dir, read_options=read_options, cache_dir=cache_dir)
        worker.warm_up()
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):  # the parent is gone
            return
        if task is None:
            return
        index, path = task
        rec = worker.process_file(path)
        try:
            conn.send((index, rec))
        except (BrokenPipeError, EOFError, OSError):
            return


class _Slot:
    """One worker process and the task it is on (``index``, ``path``, start time), if any."""

    def __init__(self, pool: _WorkerPool) -> None:
        self.pool = pool
        parent_end, child_end = pool.ctx.Pipe(duplex=True)
        self.conn: Connection = parent_end
        _PARENT_ENDS.add(parent_end)
        forked = pool.ctx.get_start_method() == "fork"
        self.proc = pool.ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            # Under fork the arguments are inherited, not pickled: the warm pipeline goes as it is.
            args=(
                child_end,
                pool.pipeline if forked else None,
                pool.model_dir,
                pool.pipeline.read_options,
                str(pool.pipeline.cache_dir) if pool.pipeline.cache_dir is not None else None,
            ),
            daemon=True,
            name="policy-extract-worker",
        )
        self.proc.start()
        child_end.close()
        self.task: tuple[int, str, float] | None = None

    def give(self, index: int, path: str) -> None:
        self.conn.send((index, path))
        self.task = (index, path, time.monotonic())

    def stop(self, *, kill: bool) -> None:
        try:
            if kill:
                self.proc.kill()
            else:
                self.conn.send(None)
        except (OSError, ValueError):
            pass
        self.proc.join(timeout=None if kill else 5)
        if self.proc.is_alive():
            self.proc.kill()
            self.proc.join()
        self.conn.close()


class _WorkerPool:
    """Worker processes that can be killed one by one (ProcessPoolExecutor cannot kill a single task).

    The parent keeps, per worker, the task it is on and when it started; it waits on the workers' pipes
    and process sentinels with a timeout set by the earliest deadline."""

    def __init__(self, pipeline: Pipeline, *, workers: int, timeout: float | None) -> None:
        self.pipeline = pipeline
        self.workers = workers
        self.timeout = timeout
        self.model_dir = str(pipeline.model_dir) if pipeline.model_dir else None
        methods = multiprocessing.get_all_start_methods()
        # fork: workers inherit the loaded model and warm caches (no per-worker start-up cost).
        self.ctx = multiprocessing.get_context(
            "fork" if "fork" in methods and sys.platform != "darwin" else "spawn"
        )

    def run(self, paths: Iterable[str | Path]) -> Iterator[PolicyResult]:
        if self.ctx.get_start_method() == "fork":
            self.pipeline.warm_up()  # once here, inherited by every worker
        window = max(2, 4 * self.workers)
        it = iter(enumerate(paths))
        exhausted = False
        done: dict[int, PolicyResult] = {}
        next_out = 0
        slots: list[_Slot] = []
        try:
            slots = [_Slot(self) for _ in range(self.workers)]
            while True:
                # Hand out work, keeping at most `window` documents between the next one to yield and the
                # last one handed out.
                for i, slot in enumerate(slots):
                    if slot.task is not None or exhausted:
                        continue
                    if not self._room(done, slots, window):
                        break
                    nxt = next(it, None)
                    if nxt is None:
                        exhausted = True
                        break
                    index, path = nxt
                    try:
                        slot.give(index, str(path))
                    except (OSError, ValueError):  # the worker died while idle: replace it and retry
                        slot.stop(kill=True)
                        slots[i] = slot = _Slot(self)
                        slot.give(index, str(path))
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                busy = [s for s in slots if s.task is not None]
                if not busy:
                    if exhausted and not done:
                        return
                    continue
                self._wait(busy)
                for i, slot in enumerate(slots):
                    if slot.task is None:
                        continue
                    rec = self._collect(slot)
                    if rec is None:
                        continue
                    index, _, _ = slot.task
                    done[index] = rec[1]
                    slot.task = None
                    if rec[0]:  # the worker was killed or died: start a fresh one in its place
                        slot.stop(kill=True)
                        slots[i] = _Slot(self)
        finally:
            for slot in slots:
                slot.stop(kill=slot.task is not None)

    @staticmethod
    def _room(done: dict[int, PolicyResult], slots: list[_Slot], window: int) -> bool:
        in_flight = sum(1 for s in slots if s.task is not None)
        return len(done) + in_flight < window

    def _wait(self, busy: list[_Slot]) -> None:
        wait_for: float | None = None
        if self.timeout is not None:
            now = time.monotonic()
            wait_for = max(0.0, min(s.task[2] + self.timeout - now for s in busy if s.task is not None))
        objs: list[Any] = [s.conn for s in busy] + [s.proc.sentinel for s in busy]
        mp_wait(objs, timeout=wait_for)

    def _collect(self, slot: _Slot) -> tuple[bool, PolicyResult] | None:
        """(replace the worker?, the record) when the slot's task has ended, else None."""
        assert slot.task is not None
        index, path, started = slot.task
        try:
            if slot.conn.poll():
                got_index, rec = slot.conn.recv()
                if got_index == index:
                    return False, rec
        except (EOFError, OSError):
            pass
        except Exception as e:  # a record that cannot be unpickled: a bug
            return True, _error(
                path, input_sha256(path), "internal", f"the worker's result was unreadable: {e}"
            )
        if not slot.proc.is_alive():
            code = slot.proc.exitcode
            how = f"was killed by signal {-code}" if code is not None and code < 0 else f"exited ({code})"
            log.warning("worker %s on %s", how, path)
            return True, _error(
                path,
                input_sha256(path),
                "internal",
                f"the worker process reading {path} {how} (a crash, or the system ran out of memory): "
                "please report it with the file",
            )
        if self.timeout is not None and time.monotonic() - started >= self.timeout:
            slot.proc.kill()
            return True, timeout_record(path, self.timeout)
        return None


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
