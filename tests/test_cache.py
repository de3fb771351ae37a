"""The reader cache: a second run over the same files reads nothing, and gives the same records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from extractor import Pipeline
from extractor.readers import ReadOptions
from extractor.readers.cache import ReaderCache

from .conftest import SAMPLES


@pytest.fixture
def count_reads(monkeypatch):  # type: ignore[no-untyped-def]
    import extractor.pipeline as pl

    calls: list[str] = []
    real = pl.read_bytes

    def counting(data, *, name="<bytes>", options=None):  # type: ignore[no-untyped-def]
        calls.append(name)
        return real(data, name=name, options=options)

    monkeypatch.setattr(pl, "read_bytes", counting)
    return calls


def test_second_run_reads_nothing_and_gives_the_same_records(tmp_path: Path, pipeline, count_reads) -> None:
    files = [shutil.copy(SAMPLES / n, tmp_path / n) for n in ("s-003.pdf", "s-004.pdf")]
    cache = tmp_path / "cache"
    pipe = Pipeline(classifier=pipeline.classifier, cache_dir=cache)
    first = [pipe.process_file(f).to_dict() for f in files]
    assert len(count_reads) == 2
    count_reads.clear()
    # A new pipeline (a re-run after a rules or model change): nothing is read, the records are the same.
    again = Pipeline(classifier=pipeline.classifier, cache_dir=cache)
    second = [again.process_file(f).to_dict() for f in files]
    assert count_reads == []
    assert second == first
    assert first[1]["error"] is None and first[1]["title"] is not None


def test_a_renamed_file_hits_and_other_options_miss(tmp_path: Path, pipeline, count_reads) -> None:
    src = shutil.copy(SAMPLES / "s-001.pdf", tmp_path / "a.pdf")
    cache = tmp_path / "cache"
    Pipeline(classifier=pipeline.classifier, cache_dir=cache).process_file(src)
    moved = shutil.move(src, tmp_path / "renamed.pdf")
    rec = Pipeline(classifier=pipeline.classifier, cache_dir=cache).process_file(moved)
    assert len(count_reads) == 1 and rec.source == str(moved)
    other = Pipeline(
        classifier=pipeline.classifier, cache_dir=cache, read_options=ReadOptions(reader="pdfplumber")
    )
    other.process_file(moved)
    assert len(count_reads) == 2  # another reader is another entry


def test_errors_are_not_cached_and_a_torn_entry_is_a_miss(tmp_path: Path, pipeline, count_reads) -> None:
    bad = tmp_path / "junk.txt"
    bad.write_bytes(b"\x00\x01\x02" * 100)
    pipe = Pipeline(classifier=pipeline.classifier, cache_dir=tmp_path / "cache")
    assert pipe.process_file(bad).error is not None
    assert pipe.process_file(bad).error is not None
    assert len(count_reads) == 2
    good = shutil.copy(SAMPLES / "s-002.pdf", tmp_path / "g.pdf")
    first = pipe.process_file(good).to_dict()
    for entry in (tmp_path / "cache").rglob("*.json"):
        entry.write_text("{torn", encoding="utf-8")
    assert pipe.process_file(good).to_dict() == first
    assert len(count_reads) == 4


def test_cache_key_depends_on_content_and_reader_version(tmp_path: Path, monkeypatch) -> None:
    import extractor.readers.cache as cache_mod

    c = ReaderCache(tmp_path)
    k1 = c.key("a" * 64, ReadOptions())
    assert k1 != c.key("b" * 64, ReadOptions())
    monkeypatch.setattr(cache_mod, "READER_VERSION", "999")
    assert c.key("a" * 64, ReadOptions()) != k1


def test_cli_cache_option(tmp_path: Path, count_reads) -> None:
    from click.testing import CliRunner

    from extractor.cli import main

    f = shutil.copy(SAMPLES / "s-005.pdf", tmp_path / "s.pdf")
    args = ["run", str(f), "--workers", "1", "--timeout", "0", "--cache", str(tmp_path / "c"), "-q"]
    r1 = CliRunner().invoke(main, args)
    r2 = CliRunner().invoke(main, args)
    assert r1.exit_code == 0 and r2.exit_code == 0, r1.output
    assert r1.stdout == r2.stdout
    assert len(count_reads) == 1
