import pytest

from extractor.errors import ExtractionError
from extractor.readers import read_bytes, sniff

DOC = "国务院办公厅关于促进云计算发展的通知\n各省、自治区、直辖市人民政府：\n到2020年，云计算应用基本普及。\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16"])
def test_encodings_detected(encoding):
    raw = read_bytes(DOC.encode(encoding))
    assert [ln.text for ln in raw.pages[0]][:3] == DOC.splitlines()
    assert raw.reader.startswith("text:")


def test_crlf_lines():
    raw = read_bytes(DOC.replace("\n", "\r\n").encode("utf-8"))
    assert raw.pages[0][1].text == "各省、自治区、直辖市人民政府："


@pytest.mark.parametrize(
    ("data", "etype"),
    [
        (b"", "no_text_layer"),
        (b"   \n  ", "no_text_layer"),
        (b"\x00\x01\x02binary\x00junk" * 50, "unsupported"),
        (b"PK\x03\x04" + b"\x00" * 100, "unsupported"),
        (b"only ascii text here", "no_text_layer"),
    ],
)
def test_bad_text_inputs(data, etype):
    with pytest.raises(ExtractionError) as e:
        read_bytes(data, name="x.txt")
    assert e.value.type == etype


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n...", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "html"),
        (DOC.encode("utf-8"), "text"),
        (b"PK\x03\x04zip", "binary"),
    ],
)
def test_sniff(data, kind):
    assert sniff(data) == kind
