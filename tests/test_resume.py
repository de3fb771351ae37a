"""No lost work: a batch killed with SIGKILL midway and resumed with --resume ends with exactly the file an
uninterrupted run writes (same lines, same order: records are written in input order, so what a killed
run leaves is always a prefix of the full output)."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main
from extractor.output import remaining_inputs, repair_jsonl

from .conftest import ROOT, SAMPLES
from .fixtures.make_bad_inputs import OUT as BAD


@pytest.fixture(scope="module")
def corpus_batch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """24 documents: corpus texts, sample PDFs and a few bad inputs (so error records resume too)."""
    d = tmp_path_factory.mktemp("batch")
    for f in sorted((ROOT / "corpus" / "docs").glob("*.txt"))[:16]:
        shutil.copy(f, d / f.name)
    for f in sorted(SAMPLES.glob("s-00*.pdf"))[:4]:
        shutil.copy(f, d / f.name)
    for name in ("empty.pdf", "junk.txt", "encrypted.pdf", "gbk.txt"):
        shutil.copy(BAD / name, d / f"zz-{name}")
    return d


@pytest.fixture(scope="module")
def uninterrupted(corpus_batch: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("full") / "out.jsonl"
    result = CliRunner().invoke(main, ["run", str(corpus_batch), "-o", str(out), "-q", "--workers", "2"])
    assert result.exit_code == 1, result.output  # the bad inputs fail
    return out.read_text(encoding="utf-8")


def test_sigkill_midway_then_resume_gives_the_uninterrupted_output(corpus_batch, uninterrupted, tmp_path):
    out = tmp_path / "out.jsonl"
    cmd = [
        sys.executable,
        "-m",
        "extractor",
        "run",
        str(corpus_batch),
        "-o",
        str(out),
        "-q",
        "--workers",
        "2",
    ]
    # A session of its own, so that the kill reaches the workers too (as a kill of the whole job would).
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if out.exists() and out.read_text(encoding="utf-8").count("\n") >= 4:
                break
            if proc.poll() is not None:
                break
            time.sleep(0.02)
        assert proc.poll() is None, "the batch finished before it could be killed"
        os.killpg(proc.pid, signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    partial = out.read_text(encoding="utf-8")
    total = uninterrupted.count("\n")
    assert 4 <= partial.count("\n") < total
    assert uninterrupted.startswith(partial[: partial.rfind("\n") + 1])  # a prefix, in input order
    # Tear the last line as a kill in mid-write would (the writer flushes whole lines, so the kill above
    # rarely does it by itself).
    with open(out, "ab") as f:
        f.write(b'{"schema_version": "1.0", "source": "torn')

    result = CliRunner().invoke(
        main, ["run", str(corpus_batch), "-o", str(out), "-q", "--resume", "--workers", "2"]
    )
    assert result.exit_code == 1  # the bad inputs, whichever run wrote them
    assert out.read_text(encoding="utf-8") == uninterrupted


def test_resume_on_a_complete_output_does_nothing(corpus_batch, uninterrupted, tmp_path):
    out = tmp_path / "out.jsonl"
    out.write_text(uninterrupted, encoding="utf-8")
    result = CliRunner().invoke(
        main, ["run", str(corpus_batch), "-o", str(out), "--resume", "--workers", "1"]
    )
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == uninterrupted
    assert "24 of 24 documents already in" in result.stderr


def test_repair_cuts_only_the_torn_last_line(tmp_path):
    out = tmp_path / "o.jsonl"
    good = json.dumps({"source": "a.txt", "sha256": "aa", "error": None})
    out.write_text(good + "\n" + '{"source": "b.t', encoding="utf-8")
    state = repair_jsonl(out)
    assert state.records == 1 and state.repaired_bytes == len('{"source": "b.t')
    assert out.read_text(encoding="utf-8") == good + "\n"


def test_inputs_are_matched_by_content_then_by_path(tmp_path):
    a, b, c = tmp_path / "a.txt", tmp_path / "b.txt", tmp_path / "c.txt"
    a.write_text("同一内容", encoding="utf-8")
    b.write_text("同一内容", encoding="utf-8")  # a copy: needs a record of its own
    c.write_text("另一内容", encoding="utf-8")
    from extractor.output import input_sha256

    out = tmp_path / "o.jsonl"
    rows = [
        {"source": "moved/a.txt", "sha256": input_sha256(a)},  # found by content, whatever its path
        {"source": str(tmp_path / "gone.pdf"), "sha256": None},  # unreadable: found by path
    ]
    out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    todo = remaining_inputs([a, b, c, tmp_path / "gone.pdf"], repair_jsonl(out))
    assert todo == [b, c]


def test_resume_needs_a_jsonl_output_file(tmp_path):
    (tmp_path / "a.txt").write_text("国务院办公厅关于云计算的通知", encoding="utf-8")
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(tmp_path), "--resume"]).exit_code == 2
    out = str(tmp_path / "o.csv")
    assert (
        runner.invoke(main, ["run", str(tmp_path), "--resume", "-o", out, "--format", "csv"]).exit_code == 2
    )
