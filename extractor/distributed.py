"""Batches over a dask.distributed cluster: ``Pipeline.process_many(paths, engine="dask", scheduler=...)``.

Each task is one file path; the dask worker process builds the pipeline once (a module-level cache keyed
by the pipeline's configuration — model directory, read options, cache folder) and keeps it for every
later task, so the model and jieba's dictionary load once per worker. Results come back in input order,
with at most ``4 x`` the cluster's threads of files in flight (bounded memory on the client), and are
yielded as soon as they and every earlier file are done. Paths must be readable on the workers (a shared
file system, or the same folder synchronised to every machine); see docs/SCALE.md.

dask.distributed is an optional dependency (``pip install 'policy-extractor[dask]'``), imported only here.
"""

from __future__ import annotations

import logging
import os
import pickle
import select
import signal
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .readers import ReadOptions
from .result import ErrorInfo, PolicyResult

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["process_many_dask"]

log = logging.getLogger(__name__)

_Config = tuple[str | None, ReadOptions, str | None]
_PIPELINES: dict[_Config, Pipeline] = {}
_LOCK = threading.Lock()


def worker_pipeline(config: _Config) -> Pipeline:
    """The pipeline for ``config`` in this process, built and warmed up on first use."""
    from .pipeline import Pipeline

    with _LOCK:
        pipe = _PIPELINES.get(config)
        if pipe is None:
            model_dir, read_options, cache_dir = config
            pipe = Pipeline(model_dir=model_dir, read_options=read_options, cache_dir=cache_dir)
            pipe.warm_up()
            _PIPELINES[config] = pipe
    return pipe


def _process_one(path: str, config: _Config, timeout: float | None = None) -> PolicyResult:
    pipe = worker_pipeline(config)
    if not timeout or not hasattr(os, "fork"):
        return pipe.process_file(path)
    return _in_child(pipe, path, timeout)


def _in_child(pipe: Pipeline, path: str, timeout: float) -> PolicyResult:
    """``pipe.process_file(path)`` in a child forked from this dask worker, killed after ``timeout``
    seconds (a thread cannot be stopped; a process can). The child inherits the warm pipeline, so the
    fork costs a few milliseconds, and sends the pickled record back through a pipe."""
    from .pipeline import timeout_record

    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: do the work, send the record, leave without running the parent's cleanup
        code = 0
        try:
            os.close(read_end)
            try:
                rec = pipe.process_file(path)
            except BaseException as e:  # reported as a record, as the local engine does
                rec = _failed(path, e)
            with os.fdopen(write_end, "wb") as fh:
                fh.write(pickle.dumps(rec))
        except BaseException:  # nothing to send: the parent sees no data and says so
            code = 1
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    with os.fdopen(read_end, "rb", buffering=0) as fh:
        while True:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([fh], [], [], left)[0]:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return timeout_record(path, timeout)
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    _, status = os.waitpid(pid, 0)
    if not chunks:
        return _failed(path, RuntimeError(f"the process reading the file ended with status {status}"))
    rec = pickle.loads(b"".join(chunks))
    return rec if isinstance(rec, PolicyResult) else _failed(path, TypeError(type(rec).__name__))


def _config(pipeline: Pipeline) -> _Config:
    return (
        str(pipeline.model_dir) if pipeline.model_dir is not None else None,
        pipeline.read_options,
        str(pipeline.cache_dir) if pipeline.cache_dir is not None else None,
    )


def _failed(path: str, e: BaseException) -> PolicyResult:
    return PolicyResult(
        source=path,
        sha256=None,
        pages=None,
        error=ErrorInfo(
            "internal",
            f"the dask task reading {path} failed: {type(e).__name__}: {e} (a worker crash or a lost "
            "worker; if this repeats, please report it with the file)",
        ),
    )


def process_many_dask(
    pipeline: Pipeline,
    paths: Iterable[str | Path],
    *,
    scheduler: str | None,
    workers: int,
    timeout: float | None = None,
) -> Iterator[PolicyResult]:
    """Records in input order, processed on the cluster at ``scheduler`` (None: a local cluster of
    ``workers`` single-threaded processes, started and stopped here). With ``timeout``, each document
    is read in a process forked by the dask worker and killed after that many seconds (a ``timeout``
    record, as the local engine gives)."""
    try:
        import distributed
    except ImportError as e:  # pragma: no cover - depends on the installation
        raise RuntimeError(
            "the dask engine needs dask.distributed: pip install 'policy-extractor[dask]'"
        ) from e

    dd: Any = distributed  # untyped
    config = _config(pipeline)
    cluster: Any = None
    client: Any
    if scheduler is None:
        cluster = dd.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None
        )
        client = dd.Client(cluster)
    else:
        client = dd.Client(scheduler)
    pending: deque[tuple[str, Any]] = deque()
    try:
        threads = sum(client.nthreads().values()) or workers
        window = max(2, 4 * threads)
        for p in paths:
            path = str(p)
            pending.append((path, client.submit(_process_one, path, config, timeout, pure=False)))
            while len(pending) >= window:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())
    finally:
        for _, fut in pending:
            fut.cancel()
        client.close()
        if cluster is not None:
            cluster.close()


def _result(path: str, fut: Any) -> PolicyResult:
    try:
        rec = fut.result()
    except Exception as e:
        log.warning("dask task on %s failed: %s", path, e)
        return _failed(path, e)
    if not isinstance(rec, PolicyResult):
        return _failed(path, TypeError(f"the task returned {type(rec).__name__}"))
    return rec
