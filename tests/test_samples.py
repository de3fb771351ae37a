"""The sample PDFs shipped in samples/ give the values written beside them (samples/*.expected.json)."""

import json

import pytest

from .conftest import FIXTURES, SAMPLES

CASES = sorted(SAMPLES.glob("s-*.pdf"))


@pytest.fixture(scope="module")
def records(pipeline):
    return {p.stem: pipeline.process_file(p) for p in CASES}


def test_there_are_at_least_ten_samples():
    assert len(CASES) >= 10


@pytest.mark.parametrize("pdf", CASES, ids=lambda p: p.stem)
def test_sample_matches_expected(records, pdf):
    exp = json.loads(pdf.with_suffix("").with_suffix(".expected.json").read_text(encoding="utf-8"))
    rec = records[pdf.stem]
    assert rec.error is None, rec.error
    assert rec.pages and rec.pages >= 1
    assert rec.title is not None and "".join(rec.title.text.split()) == "".join(exp["title"].split())
    assert (rec.doc_number.text if rec.doc_number else None) == exp["doc_number"]
    assert [i.name for i in rec.issuers] == exp["issuers"]
    assert rec.date == exp["date"]
    assert rec.stage is not None and rec.stage.label == exp["stage"] and rec.stage.source == "date"
    assert rec.medical_cloud is not None and rec.medical_cloud.label is exp["medical_cloud"]
    assert sorted(t.deadline for t in rec.targets if t.deadline is not None) == exp["target_deadlines"]


def test_spans_point_into_the_text_and_carry_pages(records):
    for rec in records.values():
        for i in rec.issuers:
            assert rec.text[i.span.start : i.span.end] == i.span.text
            assert i.span.page is not None and 1 <= i.span.page <= rec.pages
        for d in rec.dates:
            assert rec.text[d.span.start : d.span.end] == d.span.text
        for t in rec.targets:
            assert rec.text[t.span.start : t.span.end] == t.span.text
        for h in rec.medical_cloud.medical_terms:
            assert rec.text[h.start : h.end] == h.term


def test_scanned_sample_is_reported_not_guessed(pipeline):
    rec = pipeline.process_file(FIXTURES / "scan" / "s-scan.pdf")
    if rec.error is not None:
        assert rec.error.type == "no_text_layer"
        assert "OCR" in rec.error.message or "tesseract" in rec.error.message
    else:  # read by OCR: the record must say so
        assert any(w.code == "ocr" for w in rec.warnings)
