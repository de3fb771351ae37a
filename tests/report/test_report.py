"""The report of the sample PDFs' records: its numbers checked against the records themselves, the page
self-contained, every document in the table with its evidence; the JSON summary and the Excel export."""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from click.testing import CliRunner

from extractor.cli import main


def expected_counts(records: list[dict]) -> dict:
    """The counts recomputed here from the records, independently of extractor.report."""
    ok = [r for r in records if not r["error"]]
    level = Counter(
        (r["issuers"][0]["level"] if r["issuers"] and r["issuers"][0]["level"] else "unknown") for r in ok
    )
    return {
        "documents": len(records),
        "errors": len(records) - len(ok),
        "year_stage": Counter((int(r["date"][:4]), r["stage"]["label"]) for r in ok if r["date"]),
        "national": level["national"],
        "local": level["provincial"] + level["municipal"] + level["county"],
        "level": level,
        "medical_cloud": sum(bool(r["medical_cloud"]["label"]) for r in ok),
        "mc_stage": Counter(r["stage"]["label"] for r in ok if r["medical_cloud"]["label"]),
        "targets": sum(len(r["targets"]) for r in ok),
        "deadlines": Counter(t["deadline"] for r in ok for t in r["targets"] if t["deadline"] is not None),
        "disagreements": sum(
            r["stage"]["source"] == "date" and r["stage"]["model_label"] != r["stage"]["label"] for r in ok
        ),
    }


def test_the_sample_batch_is_what_the_tests_expect(records):
    by_name = {Path(r["source"]).name: r for r in records}
    assert len(records) == 14
    assert by_name["s-scan.pdf"]["error"]["type"] == "no_text_layer"
    assert by_name["missing.pdf"]["error"]["type"] == "not_found"
    assert "text" not in by_name["s-002.pdf"] and by_name["s-003.pdf"]["text"]


def test_json_summary_matches_the_records(sample_records, records):
    result = CliRunner().invoke(main, ["report", str(sample_records), "--format", "json"])
    assert result.exit_code == 0, result.output
    s = json.loads(result.stdout)
    exp = expected_counts(records)
    assert (s["documents"], s["errors"]) == (exp["documents"], exp["errors"]) == (14, 2)
    got_year_stage = Counter(
        {(y["year"], int(k)): n for y in s["by_year"]["years"] for k, n in y["by_stage"].items() if n}
    )
    assert got_year_stage == exp["year_stage"]
    assert s["by_level"]["counts"]["national"] == exp["national"] == 5
    assert s["by_level"]["local"] == exp["local"] == 7
    assert s["medical_cloud"]["medical_cloud"] == exp["medical_cloud"]
    assert {r["label"]: r["medical_cloud"] for r in s["medical_cloud"]["by_stage"]} == {
        lab: exp["mc_stage"][lab] for lab in range(4)
    }
    assert s["targets"]["total"] == exp["targets"]
    assert {y["year"]: y["targets"] for y in s["targets"]["years"] if y["targets"]} == dict(exp["deadlines"])
    assert s["stage_disagreements"]["count"] == exp["disagreements"]
    assert {Path(e["source"]).name: e["type"] for e in s["error_records"]} == {
        "s-scan.pdf": "no_text_layer",
        "missing.pdf": "not_found",
    }


def test_html_report_numbers_and_table(report_html, records):
    soup = BeautifulSoup(report_html.read_text(encoding="utf-8"), "html.parser")
    exp = expected_counts(records)
    cards = {d["data-key"]: int(d.get_text()) for d in soup.select(".card .num")}
    assert cards == {
        "documents": exp["documents"],
        "national": exp["national"],
        "local": exp["local"],
        "medical_cloud": exp["medical_cloud"],
        "targets": exp["targets"],
        "disagreements": exp["disagreements"],
        "errors": exp["errors"],
    }
    rows = soup.select("#doc-table tbody tr.doc")
    assert len(rows) == len(records)
    for row, rec in zip(rows, records, strict=True):
        cells = [td.get_text(" ", strip=True) for td in row.find_all("td")]
        if rec["error"]:
            assert rec["error"]["type"] in cells[1]
            continue
        assert rec["title"]["text"] in cells[1]
        assert cells[5] == rec["date"]
        assert cells[3] == "、".join(i["name"] for i in rec["issuers"])
        assert rec["stage"]["name"] in cells[6] and rec["stage"]["source"] in cells[6]
        assert cells[7] == ("是 yes" if rec["medical_cloud"]["label"] else "否 no")
    errors = soup.select("#errors tbody tr")
    assert len(errors) == exp["errors"]


def test_a_row_opens_the_text_with_the_evidence_highlighted(report_html, records):
    soup = BeautifulSoup(report_html.read_text(encoding="utf-8"), "html.parser")
    for i, rec in enumerate(records):
        tpl = soup.find("template", id=f"tpl-{i}")
        assert tpl is not None
        if rec["error"]:
            assert rec["error"]["type"] in tpl.get_text()
            continue
        if "text" not in rec:  # fields shown, and a note instead of the text
            assert "no text in this record" in tpl.get_text()
            assert rec["issuers"][0]["name"] in tpl.get_text()
            assert not tpl.select(".doc-text")
            continue
        text = rec["text"]
        box = tpl.select_one(".doc-text")
        assert box is not None
        if rec["medical_cloud"]["cloud_terms"]:
            assert box.select(".ev-cloud")
        if rec["medical_cloud"]["medical_terms"]:
            assert box.select(".ev-medical")
        if rec["dates"]:
            assert box.select(".ev-date")
        # the shown text is the record's text, and each displaCy-style tag sits where its issuer/target starts
        for label, items in (("issuer", rec["issuers"]), ("target", rec["targets"])):
            pieces = [
                "\x00"
                if "tag-" + label in (t.parent.get("class") or [])
                else ("" if t.parent.name == "b" else t)
                for t in box.find_all(string=True)
            ]
            shown = "".join(pieces)
            assert shown.replace("\x00", "") == text
            starts = [m.start() - k for k, m in enumerate(re.finditer("\x00", shown))]
            assert starts == sorted({x["start"] for x in items})


def test_html_is_self_contained(report_html):
    page = report_html.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all("link")
    assert not [s for s in soup.find_all("script") if s.get("src")]
    assert "http://" not in page and "https://" not in page
    imgs = soup.select("img.chart")
    assert {i["id"] for i in imgs} == {"chart-stages", "chart-levels", "chart-medical_cloud", "chart-targets"}
    for img in imgs:
        head, b64 = img["src"].split(",", 1)
        assert head == "data:image/png;base64"
        assert base64.b64decode(b64).startswith(b"\x89PNG\r\n\x1a\n")


def test_report_default_output_and_bad_input(sample_records, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["report", str(sample_records)])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # the page went to the file
    assert (tmp_path / "report.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"source": "a"}\nnot json\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(bad), "--format", "json"])
    assert result.exit_code == 1
    assert "bad.jsonl:2" in result.stderr


def test_export_workbook_has_the_three_sheets(sample_records, records, tmp_path):
    openpyxl = pytest.importorskip("openpyxl", reason="the export needs openpyxl (the report extra)")
    out = tmp_path / "x" / "out.xlsx"
    result = CliRunner().invoke(main, ["export", str(sample_records), "-o", str(out)])
    assert result.exit_code == 0, result.output
    wb = openpyxl.load_workbook(out, read_only=True)
    assert wb.sheetnames == ["documents", "targets", "issuers"]
    sheets = {name: list(wb[name].iter_rows(values_only=True)) for name in wb.sheetnames}
    assert len(sheets["documents"]) - 1 == len(records)
    assert len(sheets["targets"]) - 1 == sum(len(r["targets"]) for r in records)
    assert len(sheets["issuers"]) - 1 == sum(len(r["issuers"]) for r in records)
    head = sheets["documents"][0]
    first = dict(zip(head, sheets["documents"][1], strict=True))
    assert first["title"] == records[0]["title"]["text"] and first["date"] == records[0]["date"]
    deadlines = [row[3] for row in sheets["targets"][1:]]
    assert deadlines == [t["deadline"] for r in records for t in r["targets"]]


def test_every_summary_key_and_sheet_column_is_documented(records):
    from extractor.report.excel import DOCUMENT_COLUMNS, ISSUER_COLUMNS, TARGET_COLUMNS
    from extractor.report.summary import summarize

    doc = (Path(__file__).resolve().parents[2] / "docs" / "REPORT.md").read_text(encoding="utf-8")
    for key in summarize(records):
        assert f"`{key}`" in doc, key
    for col in (*DOCUMENT_COLUMNS, *TARGET_COLUMNS, *ISSUER_COLUMNS):
        assert col in doc, col


def test_the_cli_imports_no_report_machinery():
    import subprocess
    import sys

    code = (
        "import sys, extractor.cli; "
        "print(sorted(m for m in ('matplotlib', 'openpyxl', 'extractor.report.html') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
