"""The CLI, in-process through click's CliRunner: exit codes, error records, CSV, info."""

import csv
import io
import json

import pytest
from click.testing import CliRunner

from extractor.cli import main

from .conftest import SAMPLES

GOOD_TXT = (
    "国务院办公厅文件\n国办发〔2018〕26号\n国务院办公厅关于促进“互联网+医疗健康”发展的意见\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "为推进医疗卫生信息化，鼓励医疗机构应用云计算。到2020年，二级以上医院普遍提供分时段预约诊疗服务。\n"
    "国务院办公厅\n2018年4月25日\n"
)


@pytest.fixture()
def batch(tmp_path):
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (tmp_path / "empty.pdf").write_bytes(b"")
    (tmp_path / "junk.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage" * 50)
    return tmp_path


def test_run_jsonl_with_a_failure_exits_1_and_keeps_going(batch):
    result = CliRunner().invoke(main, ["run", str(batch), "--workers", "1", "-q"])
    assert result.exit_code == 1
    records = [json.loads(line) for line in result.stdout.splitlines()]
    by_name = {r["source"].rsplit("/", 1)[-1]: r for r in records}
    assert set(by_name) == {"good.txt", "empty.pdf", "junk.pdf"}
    assert by_name["good.txt"]["error"] is None
    assert by_name["good.txt"]["doc_number"]["text"] == "国办发〔2018〕26号"
    assert by_name["good.txt"]["date"] == "2018-04-25"
    assert by_name["empty.pdf"]["error"]["type"] == "no_text_layer"
    assert by_name["junk.pdf"]["error"]["type"] == "unreadable"


def test_run_all_good_exits_0_and_writes_output_file(batch, tmp_path):
    out = tmp_path / "out" / "o.jsonl"
    result = CliRunner().invoke(main, ["run", str(batch / "good.txt"), "-o", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert result.stdout == ""  # data only in the file
    assert json.loads(out.read_text(encoding="utf-8"))["stage"]["label"] == 2


def test_csv_has_bom_header_and_one_row_per_document(batch, tmp_path):
    out = tmp_path / "o.csv"
    result = CliRunner().invoke(
        main, ["run", str(batch), "--format", "csv", "-o", str(out), "-q", "--workers", "1"]
    )
    assert result.exit_code == 1
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == 3
    good = next(r for r in rows if r["source"].endswith("good.txt"))
    assert good["issuers"] == "国务院办公厅"
    assert good["stage_source"] == "date"
    assert next(r for r in rows if r["source"].endswith("empty.pdf"))["error_type"] == "no_text_layer"


def test_usage_errors_exit_2(tmp_path):
    runner = CliRunner()
    assert runner.invoke(main, ["run"]).exit_code == 2
    assert runner.invoke(main, ["run", str(tmp_path)]).exit_code == 2  # an empty folder: nothing to do
    assert runner.invoke(main, ["run", "x.txt", "--format", "xml"]).exit_code == 2
    bad_model = runner.invoke(main, ["run", str(SAMPLES / "s-002.pdf"), "--model", str(tmp_path), "-q"])
    assert bad_model.exit_code == 2
    assert "model.json" in bad_model.output


def test_missing_file_is_an_error_record(tmp_path):
    result = CliRunner().invoke(main, ["run", str(tmp_path / "nope.pdf"), "-q"])
    assert result.exit_code == 1
    assert json.loads(result.stdout)["error"]["type"] == "not_found"


def test_info_prints_model_card():
    result = CliRunner().invoke(main, ["info"])
    assert result.exit_code == 0
    assert "Model card" in result.output
    meta = json.loads(CliRunner().invoke(main, ["info", "--json"]).output)
    assert {"labels", "versions", "metrics", "corpus", "sha256"} <= set(meta)


def test_two_workers_give_the_same_records_in_input_order():
    pdfs = sorted(SAMPLES.glob("s-00*.pdf"))[:4]
    args = ["run", *map(str, pdfs), "-q"]
    one = CliRunner().invoke(main, [*args, "--workers", "1"])
    two = CliRunner().invoke(main, [*args, "--workers", "2"])
    assert one.exit_code == two.exit_code == 0
    assert one.stdout == two.stdout
    assert [json.loads(x)["source"] for x in two.stdout.splitlines()] == list(map(str, pdfs))
