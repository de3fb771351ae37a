from __future__ import annotations

import json
from pathlib import Path

import pytest

from ..conftest import FIXTURES, SAMPLES


@pytest.fixture(scope="session")
def sample_records(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample PDFs' records as `policy-extract run --include-text` writes them, OCR off so that the scan
    is an error record (no_text_layer), plus a path that does not exist (not_found); s-002's record is kept
    without its text, as a run without --include-text writes it."""
    from extractor import Pipeline, ReadOptions

    pipe = Pipeline.load(read_options=ReadOptions(ocr="off"))
    paths = [*sorted(SAMPLES.glob("s-*.pdf")), FIXTURES / "scan" / "s-scan.pdf", SAMPLES / "missing.pdf"]
    out = tmp_path_factory.mktemp("records") / "records.jsonl"
    with out.open("w", encoding="utf-8") as fh:
        for rec in pipe.process_many(paths, workers=1):
            d = rec.to_dict(include_text=not str(rec.source).endswith("s-002.pdf"))
            fh.write(json.dumps(d, ensure_ascii=False) + "\n")
    return out


@pytest.fixture(scope="session")
def records(sample_records: Path) -> list[dict]:
    from extractor.report import load_records

    return load_records(sample_records)


@pytest.fixture(scope="session")
def report_html(sample_records: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The HTML report of the sample records, written by the CLI."""
    from click.testing import CliRunner

    from extractor.cli import main

    out = tmp_path_factory.mktemp("report") / "report.html"
    result = CliRunner().invoke(main, ["report", str(sample_records), "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out
