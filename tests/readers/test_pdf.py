"""The PDF reader and file loading on hostile inputs: memory on a 1,000-page file, sniffing, limits."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from extractor.errors import ExtractionError
from extractor.readers import ReadOptions, load_bytes, read_bytes, sniff

from ..conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad"

_MEASURE = """
import resource, sys
sys.path.insert(0, {root!r})
from pathlib import Path
from tests.fixtures.make_bad_inputs import thousand_pages
from extractor.readers.pdf import read_pdf
data = thousand_pages(Path({path!r})).read_bytes()
read_pdf(data[:0] + thousand_pages(Path({path!r}), pages=5).read_bytes(), name="warm")  # imports, caches
base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
doc = read_pdf(data, name="big")
grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - base) / 1024
print(doc.page_count, round(grown, 1))
"""


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in kB on Linux only")
def test_memory_stays_flat_on_a_thousand_pages(tmp_path):
    """Each page is closed once read (pdfplumber keeps every page's objects otherwise: about 300 MB more on
    this file, against about 35 MB)."""
    code = _MEASURE.format(root=str(ROOT), path=str(tmp_path / "thousand.pdf"))
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=True
    )
    pages, grown_mb = out.stdout.split()
    assert int(pages) == 1000
    assert float(grown_mb) < 120, f"peak memory grew {grown_mb} MB reading 1,000 pages"


@pytest.mark.parametrize(
    ("head", "kind"),
    [
        (b"%PDF-1.7\n", "pdf"),
        (b"\n\n  %PDF-1.4", "pdf"),
        (b"PK\x03\x04....%PDF-1.4", "binary"),  # a zip holding a PDF
        (b"\x89PNG\r\n", "binary"),
        (b"MZ\x90\x00", "binary"),
        (b"\xff\xfe" + "通知".encode("utf-16-le"), "text"),
        (b"<!DOCTYPE html><html>", "html"),
        ("国务院".encode("gbk"), "text"),
        (b"abc\x00def", "binary"),
    ],
)
def test_sniff(head, kind):
    assert sniff(head) == kind


def test_byte_limit_is_checked_before_reading(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(b"x" * 5000)
    with pytest.raises(ExtractionError) as e:
        load_bytes(p, max_bytes=1000)
    assert e.value.type == "too_large"


def test_page_limit_from_the_page_tree(tmp_path):
    from tests.fixtures.make_bad_inputs import thousand_pages

    data = thousand_pages(tmp_path / "t.pdf", pages=30).read_bytes()
    with pytest.raises(ExtractionError) as e:
        read_bytes(data, name="t.pdf", options=ReadOptions(max_pages=10))
    assert e.value.type == "too_large" and "30 pages" in e.value.message


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes")
def test_fifo_is_refused_without_blocking(tmp_path):
    os.mkfifo(tmp_path / "p.pdf")
    with pytest.raises(ExtractionError) as e:
        load_bytes(tmp_path / "p.pdf")
    assert e.value.type == "unreadable"


def test_broken_link_is_not_found(tmp_path):
    (tmp_path / "l.pdf").symlink_to(tmp_path / "missing.pdf")
    with pytest.raises(ExtractionError) as e:
        load_bytes(tmp_path / "l.pdf")
    assert e.value.type == "not_found" and "link" in e.value.message


@pytest.mark.parametrize(
    ("name", "type_"),
    [
        ("truncated.pdf", "unreadable"),
        ("encrypted.pdf", "encrypted"),
        ("selfref.pdf", "unreadable"),
        ("cid_only.pdf", "garbled_text"),
        ("zip_named.pdf", "unsupported"),
        ("junk.txt", "unsupported"),
    ],
)
def test_reader_errors(name, type_):
    with pytest.raises(ExtractionError) as e:
        read_bytes((BAD / name).read_bytes(), name=name, options=ReadOptions(ocr="off"))
    assert e.value.type == type_


def test_password_option_opens_an_encrypted_pdf():
    doc = read_bytes(
        (BAD / "encrypted.pdf").read_bytes(), name="e.pdf", options=ReadOptions(password="secret")
    )
    assert any("国家卫生健康委员会" in ln.text for ln in doc.pages[0])
