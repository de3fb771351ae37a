"""The dask engine: a two-worker LocalCluster gives the same records, in the same order, as the local one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .conftest import SAMPLES

pytest.importorskip("distributed", reason="dask.distributed is not installed (pip install -e .[dask])")


def test_dask_records_equal_the_local_engine(tmp_path: Path) -> None:
    from distributed import Client, LocalCluster

    from extractor import Pipeline

    files = [shutil.copy(SAMPLES / n, tmp_path / n) for n in ("s-003.pdf", "s-007.pdf", "s-011.pdf")]
    missing = tmp_path / "missing.pdf"
    paths = [*files, missing]
    pipe = Pipeline.load()
    local = [r.to_dict() for r in pipe.process_many(paths)]
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        remote = [
            r.to_dict() for r in pipe.process_many(paths, engine="dask", scheduler=cluster.scheduler_address)
        ]
    assert remote == local
    assert [r["source"] for r in remote] == [str(p) for p in paths]
    assert remote[-1]["error"]["type"] == "not_found"


def test_dask_engine_enforces_the_time_limit(tmp_path: Path) -> None:
    """A file pdfminer resolves forever gives a timeout record on the dask engine too; the others are the
    same records as without a limit."""
    from distributed import Client, LocalCluster

    from extractor import Pipeline

    from .conftest import FIXTURES

    good = shutil.copy(SAMPLES / "s-007.pdf", tmp_path / "s-007.pdf")
    hang = shutil.copy(FIXTURES / "bad" / "refloop.pdf", tmp_path / "refloop.pdf")
    pipe = Pipeline.load()
    with (
        LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster),
    ):
        got = list(
            pipe.process_many([hang, good], engine="dask", scheduler=cluster.scheduler_address, timeout=2)
        )
    assert got[0].error is not None and got[0].error.type == "timeout"
    assert "2 s limit" in got[0].error.message
    assert got[1].to_dict() == pipe.process_file(good).to_dict()


def test_cli_dask_engine_needs_dask_for_scheduler(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from extractor.cli import main

    f = shutil.copy(SAMPLES / "s-001.pdf", tmp_path / "a.pdf")
    r = CliRunner().invoke(main, ["run", str(f), "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "--engine dask" in r.output
