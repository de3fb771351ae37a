"""The bad-input suite (tests/fixtures/bad/, written by tests/fixtures/make_bad_inputs.py), through the CLI.

One test per kind of bad input. Each runs a batch of three: a good text file, the bad input, a good PDF (in
that order), and asserts the bad input's record (error type and a message a person understands, or a
correct record when the file is in fact readable), that the two good files' records are exactly those of
a clean run, that the records come in input order, and the exit code.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from extractor.cli import main

from .conftest import FIXTURES, SAMPLES
from .fixtures.make_bad_inputs import thousand_pages

BAD = FIXTURES / "bad"
TITLE = "国家卫生健康委员会关于推进医疗健康云计算应用的通知"
GOOD_TXT = (
    "国务院办公厅文件\n国办发〔2018〕26号\n国务院办公厅关于促进“互联网+医疗健康”发展的意见\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "为推进医疗卫生信息化，鼓励医疗机构应用云计算。到2020年，二级以上医院普遍提供分时段预约诊疗服务。\n"
    "国务院办公厅\n2018年4月25日\n"
)
GOOD_PDF = SAMPLES / "s-002.pdf"


def _run(args: list[str]) -> tuple[int, list[dict]]:
    result = CliRunner().invoke(main, ["run", "-q", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()]


def _strip(rec: dict) -> dict:
    return {k: v for k, v in rec.items() if k != "source"}


@pytest.fixture(scope="module")
def reference(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict]:
    """The good files' records from a clean batch of their own."""
    d = tmp_path_factory.mktemp("good")
    (d / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    code, recs = _run([str(d / "good.txt"), str(GOOD_PDF)])
    assert code == 0
    assert recs[0]["doc_number"]["text"] == "国办发〔2018〕26号"
    assert recs[1]["error"] is None and recs[1]["title"] is not None
    return {"good.txt": _strip(recs[0]), "good.pdf": _strip(recs[1])}


def batch(
    tmp_path: Path,
    make_bad: Callable[[Path], Path],
    reference: dict[str, dict],
    *extra: str,
    expect_exit: int,
) -> dict:
    """Run [good.txt, bad, good.pdf]; check the good records and the order; return the bad one."""
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    shutil.copy(GOOD_PDF, tmp_path / "good.pdf")
    bad = make_bad(tmp_path)
    paths = [tmp_path / "good.txt", bad, tmp_path / "good.pdf"]
    code, recs = _run([*map(str, paths), *extra])
    assert [r["source"] for r in recs] == [str(p) for p in paths]  # every input, in input order
    assert _strip(recs[0]) == reference["good.txt"]
    assert _strip(recs[2]) == reference["good.pdf"]
    assert code == expect_exit
    return recs[1]


def copy_fixture(name: str) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        return Path(shutil.copy(BAD / name, d / name))

    return make


def assert_error(rec: dict, type_: str, *words: str) -> None:
    assert rec["error"] is not None, rec
    assert rec["error"]["type"] == type_, rec["error"]
    msg = rec["error"]["message"]
    assert Path(rec["source"]).name in msg  # says which file
    assert "Traceback" not in msg and "Exception" not in msg
    for w in words:
        assert w in msg, msg
    assert rec["title"] is None and rec["issuers"] == [] and rec["dates"] == []


def assert_read(rec: dict, reader: str) -> None:
    assert rec["error"] is None, rec["error"]
    assert rec["reader"] == reader
    assert rec["title"]["text"] == TITLE
    assert rec["doc_number"]["text"] == "国卫规划发〔2018〕23号"
    assert rec["date"] == "2018-07-10"
    assert rec["issuers"][0]["name"] == "国家卫生健康委员会"


# -- PDFs that cannot be read --------------------------------------------------------------------------


def test_truncated_pdf(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("truncated.pdf"), reference, expect_exit=1)
    assert_error(rec, "unreadable", "truncated")


def test_corrupt_xref_is_read_by_the_fallback_reader(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("corrupt_xref.pdf"), reference, expect_exit=0)
    assert_read(rec, "pypdfium2")
    assert [w["code"] for w in rec["warnings"]] == ["fallback_reader"]


def test_encrypted_with_a_password(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("encrypted.pdf"), reference, expect_exit=1)
    assert_error(rec, "encrypted", "password")


def test_encrypted_with_an_empty_user_password_is_read(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("encrypted_empty_password.pdf"), reference, expect_exit=0)
    assert_read(rec, "pypdfium2")  # the fast path (issue 5)


def test_zero_bytes(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("empty.pdf"), reference, expect_exit=1)
    assert_error(rec, "no_text_layer", "empty")


def test_html_named_pdf_is_read_as_html(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("html_named.pdf"), reference, expect_exit=0)
    assert_read(rec, "html:utf-8")


def test_zip_named_pdf_is_unsupported_even_with_a_pdf_inside(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("zip_named.pdf"), reference, expect_exit=1)
    assert_error(rec, "unsupported", "not a PDF")


def test_image_only_scan(tmp_path, reference):
    from extractor.readers.ocr import ocr_available

    rec = batch(tmp_path, copy_fixture("scan.pdf"), reference, expect_exit=1)
    assert_error(rec, "no_text_layer", "scan")
    # With tesseract it was tried (the image holds no text); without, the message says how to install it.
    assert ("OCR found no text" if ocr_available() else "apt-get install tesseract-ocr") in rec["error"][
        "message"
    ]


def test_deeply_nested_objects_are_still_read(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("nested.pdf"), reference, expect_exit=0)
    assert_read(rec, "pypdfium2")  # the fast path (issue 5)


def test_self_referencing_page_tree(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("selfref.pdf"), reference, expect_exit=1)
    assert_error(rec, "unreadable", "refers to itself")


def test_object_referring_to_itself_hangs_the_parser_until_the_time_limit(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("refloop.pdf"), reference, "--timeout", "2", expect_exit=1)
    assert_error(rec, "timeout", "2 s limit")
    assert rec["sha256"] is not None  # so that --resume knows it is done


def test_fonts_without_unicode_map(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("cid_only.pdf"), reference, expect_exit=1)
    assert_error(rec, "garbled_text", "(cid:…)", "Unicode map")


def test_thousand_pages_over_the_page_limit(tmp_path, reference):
    rec = batch(
        tmp_path, lambda d: thousand_pages(d / "thousand.pdf"), reference, "--max-pages", "500", expect_exit=1
    )
    assert_error(rec, "too_large", "1000 pages", "500")


def test_thousand_pages_over_the_time_limit(tmp_path, reference):
    rec = batch(
        tmp_path, lambda d: thousand_pages(d / "thousand.pdf"), reference, "--timeout", "0.5", expect_exit=1
    )
    assert_error(rec, "timeout")


# -- text files ----------------------------------------------------------------------------------------


def test_gbk_text(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("gbk.txt"), reference, expect_exit=0)
    assert_read(rec, "text:gb18030")


def test_utf16_text_with_bom(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("utf16_bom.txt"), reference, expect_exit=0)
    assert_read(rec, "text:utf-16")


def test_binary_junk_named_txt(tmp_path, reference):
    rec = batch(tmp_path, copy_fixture("junk.txt"), reference, expect_exit=1)
    assert_error(rec, "unsupported", "binary")


def test_file_name_with_spaces_and_chinese(tmp_path, reference):
    name = "关于 医疗 云计算 的通知.txt"
    rec = batch(tmp_path, copy_fixture(name), reference, expect_exit=0)
    assert_read(rec, "text:utf-8")
    assert rec["source"].endswith(name)


# -- paths that are not readable files -----------------------------------------------------------------


def test_directory_path(tmp_path, reference):
    def make(d: Path) -> Path:
        (d / "folder.pdf").mkdir()
        return d / "folder.pdf"

    rec = batch(tmp_path, make, reference, expect_exit=1)
    assert_error(rec, "unreadable", "is a directory")


def test_directory_named_like_a_pdf_inside_a_folder_is_reported(tmp_path, reference):
    (tmp_path / "good.txt").write_text(GOOD_TXT, encoding="utf-8")
    (tmp_path / "b-folder.pdf").mkdir()
    code, recs = _run([str(tmp_path)])
    assert code == 1
    assert [Path(r["source"]).name for r in recs] == ["b-folder.pdf", "good.txt"]
    assert recs[0]["error"]["type"] == "unreadable"
    assert _strip(recs[1]) == reference["good.txt"]


def test_missing_file(tmp_path, reference):
    rec = batch(tmp_path, lambda d: d / "nope.pdf", reference, expect_exit=1)
    assert_error(rec, "not_found", "does not exist")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_does_not_block(tmp_path, reference):
    def make(d: Path) -> Path:
        os.mkfifo(d / "pipe.pdf")
        return d / "pipe.pdf"

    rec = batch(tmp_path, make, reference, expect_exit=1)
    assert_error(rec, "unreadable", "not a regular file")


def _unreadable(d: Path) -> Path:
    p = d / "secret.pdf"
    shutil.copy(BAD / "encrypted_empty_password.pdf", p)
    p.chmod(0)
    return p


def test_no_read_permission(tmp_path, reference):
    probe = _unreadable(tmp_path / "probe") if (tmp_path / "probe").mkdir() is None else None
    if probe is not None and os.access(probe, os.R_OK):
        pytest.skip("running as root (as CI does): chmod 000 does not stop root; see the simulated test")
    rec = batch(tmp_path, _unreadable, reference, expect_exit=1)
    assert_error(rec, "unreadable", "permission denied")


def test_no_read_permission_simulated(tmp_path, reference, monkeypatch):
    """The same, for root: the operating system's refusal is simulated at os.open (the workers are forked
    from this process, so they inherit the patch)."""
    import extractor.readers as readers

    real_open = os.open

    def refusing_open(path, flags, *args, **kwargs):
        if str(path).endswith("secret.pdf"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(readers.os, "open", refusing_open)
    rec = batch(tmp_path, _unreadable, reference, expect_exit=1)
    assert_error(rec, "unreadable", "permission denied")
