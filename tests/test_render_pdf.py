"""corpus/render_pdf.py: GB/T 9704 rendering and the pdfplumber round trip on the sample documents."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"

pytest.importorskip("reportlab", reason="reportlab is not installed (pip install -e .[dev])")
pytest.importorskip("pdfplumber", reason="pdfplumber is not installed")

from .conftest import render_module  # noqa: E402

rp = render_module()

needs_fonts = pytest.mark.skipif(
    bool(rp.missing_fonts()),
    reason=f"CJK fonts missing: {', '.join(rp.missing_fonts())} "
    "(Debian: fonts-arphic-uming fonts-arphic-ukai fonts-wqy-zenhei)",
)


def _label(doc_id: str) -> dict:
    for line in (CORPUS / "labels" / "s.jsonl").read_text(encoding="utf-8").splitlines():
        obj = json.loads(line)
        if obj["id"] == doc_id:
            return obj
    raise KeyError(doc_id)


def _text(doc_id: str) -> str:
    return (CORPUS / "docs" / f"{doc_id}.txt").read_text(encoding="utf-8")


# Two documents that between them exercise every zone: a joint two-column 版头 with a fake-bold title
# (s-003), and an 印发 notice with an attached plan on a new page, a running head and 版记 (s-005).
CASES = [
    ("s-003", rp.RenderStyle(joint_header=True, fake_bold_title=True, page_number_style="- N -")),
    ("s-005", rp.RenderStyle(running_head="国家卫生计生委政务公开", page_number_style="— N —")),
]


@needs_fonts
@pytest.mark.parametrize(("doc_id", "style"), CASES, ids=[c[0] for c in CASES])
def test_round_trip_keeps_every_character(tmp_path: Path, doc_id: str, style: object) -> None:
    text = _text(doc_id)
    pdf = rp.render(text, _label(doc_id), tmp_path / f"{doc_id}.pdf", style=style)
    assert pdf.stat().st_size < 300_000
    assert rp.roundtrip_problems(pdf, text, style=style) == []


@needs_fonts
@pytest.mark.parametrize(("doc_id", "style"), CASES, ids=[c[0] for c in CASES])
def test_every_page_has_a_page_number_of_its_style(tmp_path: Path, doc_id: str, style: object) -> None:
    pdf = rp.render(_text(doc_id), _label(doc_id), tmp_path / "x.pdf", style=style)
    pages = rp.extracted_text(pdf)
    assert len(pages) >= 2
    want = {"— N —": r"—\s*{n}\s*—", "- N -": r"-\s*{n}\s*-", "第N页": r"第{n}页"}[style.page_number_style]
    for n, page in enumerate(pages, 1):
        lines = [ln.strip() for ln in page.split("\n")]
        assert any(re.fullmatch(want.format(n=n), ln) for ln in lines), (n, lines[-3:])
        if style.running_head:
            assert style.running_head in lines


@needs_fonts
def test_fake_bold_title_doubles_characters_until_deduped(tmp_path: Path) -> None:
    label = _label("s-003")
    pdf = rp.render(_text("s-003"), label, tmp_path / "b.pdf", style=rp.RenderStyle(fake_bold_title=True))
    raw = rp.extracted_text(pdf, dedupe=False)[0]
    assert "工工业业和和信信息息化化部部" in raw.replace(" ", "")
    clean = rp.extracted_text(pdf, dedupe=True)[0]
    assert "工工业业" not in clean


def _is_red(color: object) -> bool:
    return isinstance(color, (tuple, list)) and len(color) == 3 and color[0] > 0.5 and color[1] < 0.2


@needs_fonts
def test_red_mark_is_red_in_an_ordinary_copy(tmp_path: Path) -> None:
    pdf = rp.render(_text("s-001"), _label("s-001"), tmp_path / "r.pdf", style=rp.RenderStyle())
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        red = "".join(c["text"] for c in doc.pages[0].chars if _is_red(c.get("non_stroking_color")))
    assert red == "卫生部办公厅文件"


@needs_fonts
def test_web_copy_has_metadata_box_and_no_red_mark(tmp_path: Path) -> None:
    label = _label("s-006")
    text = _text("s-006")
    style = rp.choose_style("s-006", text, label, seed=0, scanned_rate=0)
    assert style.web_copy  # forced by the metadata lines
    pdf = rp.render(text, label, tmp_path / "w.pdf", style=style)
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        page = doc.pages[0]
        assert not [c for c in page.chars if _is_red(c.get("non_stroking_color"))]
        first = page.extract_text().split("\n")[0].replace(" ", "")
    assert first.startswith("索引号：")
    assert rp.roundtrip_problems(pdf, text, style=style) == []


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
@needs_fonts
def test_scanned_pdf_has_no_text_layer(tmp_path: Path) -> None:
    pdf = rp.render(_text("s-008"), _label("s-008"), tmp_path / "s.pdf", style=rp.RenderStyle(scanned=True))
    import pdfplumber

    with pdfplumber.open(str(pdf)) as doc:
        assert doc.pages
        assert all(not p.chars and p.images for p in doc.pages)


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="pdftoppm (poppler-utils) not installed")
@needs_fonts
def test_colour_scan_has_a_red_seal_over_the_date_and_no_text_layer(tmp_path: Path) -> None:
    """The seal sits on the last page around the 成文日期 (found on the vector rendering), in red."""
    import numpy as np
    import pdfplumber
    import pypdfium2 as pdfium

    style = rp.RenderStyle(scanned=True, scan_color=True)
    pdf = rp.render(_text("s-008"), _label("s-008"), tmp_path / "c.pdf", style=style)
    with pdfplumber.open(str(pdf)) as doc:
        assert all(not p.chars and p.images for p in doc.pages)
    vector = rp.render(_text("s-008"), _label("s-008"), tmp_path / "v.pdf", style=rp.RenderStyle())
    where = rp._date_box(vector)
    assert where is not None
    page_no, x0, top, x1, bottom = where
    doc = pdfium.PdfDocument(str(pdf))
    try:
        assert page_no == len(doc) - 1
        rgb = np.asarray(doc[page_no].render(scale=1).to_pil().convert("RGB"), dtype=np.int16)
    finally:
        doc.close()
    red = (rgb[..., 0] > 110) & (rgb[..., 0] - rgb[..., 1] > 60) & (rgb[..., 0] - rgb[..., 2] > 60)
    ys, xs = np.nonzero(red[: int(bottom) + 10])
    assert len(xs) > 500  # the seal's ring, star and text
    assert x0 - 80 < xs.mean() < x1 + 80 and top - 140 < ys.mean() < bottom


def test_style_choice_is_deterministic() -> None:
    label, text = _label("s-009"), _text("s-009")
    a = rp.choose_style("s-009", text, label, seed=3)
    assert a == rp.choose_style("s-009", text, label, seed=3)
    styles = {rp.choose_style("s-009", text, label, seed=s, scanned_rate=0) for s in range(40)}
    assert any(s.joint_header for s in styles) and any(not s.joint_header for s in styles)
    assert not any(s.scanned for s in styles)


def test_zones_of_a_joint_document() -> None:
    z = rp.parse_zones(_text("s-009"), _label("s-009"))
    assert z.mark == ["四川省卫生健康委员会", "四川省经济和信息化厅", "文件"]
    assert z.docnum == "川卫发〔2021〕15号"
    kinds = [b.kind for b in z.body]
    assert kinds[0] == "addressee"
    sig = next(b for b in z.body if b.kind == "signature")
    assert sig.lines == ["四川省卫生健康委员会", "四川省经济和信息化厅"]
    assert [b.kind for b in z.colophon] == ["copyto", "printed"]


@needs_fonts
@pytest.mark.parametrize(
    "text",
    [
        "为贯彻落实《国务院关于促进云计算创新发展培育信息产业新业态的意见》（国发〔2015〕5号），加快发展。"
        * 3,
        "一二三四五六七八九十一二三四五六七八九十一二三四五六七八，。后续文字继续排列直到结束。",
    ],
)
def test_wrap_never_starts_a_line_with_closing_punctuation(text: str) -> None:
    lines = rp.wrap(rp._glyphs(text, "song", 16), 14 * 16, 16 * 16)
    assert "".join(g.ch for ln in lines for g in ln) == text
    for ln in lines[1:]:
        assert ln[0].ch not in rp.NO_BREAK_BEFORE
    for ln in lines[:-1]:
        assert ln[-1].ch not in rp.NO_BREAK_AFTER


def test_sample_labels_agree_with_their_texts() -> None:
    labels = [json.loads(x) for x in (CORPUS / "labels" / "s.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [lb["id"] for lb in labels] == [f"s-{i:03d}" for i in range(1, 13)]
    for lb in labels:
        assert rp.check_label(_text(lb["id"]), lb) == [], lb["id"]
