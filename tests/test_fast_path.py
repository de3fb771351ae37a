"""The fast PDF path (PDFium's characters, pdfplumber's line assembly) gives the careful pdfplumber path's
normalised text, warnings and errors, on the samples, the readable fixtures and freshly rendered corpus
documents. ``POLICY_FAST_PATH_ALL=1`` also checks every PDF in corpus/build/pdf/ (about a minute)."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.errors import ExtractionError
from extractor.normalize import normalize_document
from extractor.readers import ReadOptions, read_bytes

from .conftest import FIXTURES, ROOT, SAMPLES, render_module

BAD = FIXTURES / "bad"
# refloop.pdf hangs pdfminer (by design: it is the --timeout fixture); every other fixture is compared.
FIXTURE_FILES = sorted(p for p in BAD.iterdir() if p.is_file() and p.name != "refloop.pdf")
SAMPLE_PDFS = sorted(p for p in SAMPLES.glob("s-0*.pdf"))


def _outcome(data: bytes, name: str, reader: str) -> tuple[str, ...]:
    """What a reader made of a file: the normalised text and the warnings, or the error."""
    try:
        raw = read_bytes(data, name=name, options=ReadOptions(reader=reader, ocr="off"))
    except ExtractionError as e:
        return ("error", e.type, e.message)
    text = normalize_document(raw.pages).text if raw.pages else ""
    warnings = json.dumps([w.to_dict() for w in raw.warnings], ensure_ascii=False)
    return ("read", text, warnings)


def _assert_same(path: Path) -> None:
    data = path.read_bytes()
    careful = _outcome(data, path.name, "pdfplumber")
    assert _outcome(data, path.name, "auto") == careful, path.name
    assert _outcome(data, path.name, "pypdfium2") == careful, path.name


@pytest.mark.parametrize("path", SAMPLE_PDFS, ids=lambda p: p.name)
def test_samples_read_the_same_by_both_paths(path: Path) -> None:
    _assert_same(path)


def test_samples_take_the_fast_path() -> None:
    """Including the fake-bold titles of s-004 and s-010 (PDFium drops the doubled glyphs itself; the
    fast path also runs pdfplumber's dedupe when it sees overlapping twins)."""
    for path in SAMPLE_PDFS:
        raw = read_bytes(path.read_bytes(), name=path.name)
        assert raw.reader == "pypdfium2", path.name
    s004 = normalize_document(read_bytes((SAMPLES / "s-004.pdf").read_bytes()).pages).text
    assert "广广" not in s004 and "关于" in s004


@pytest.mark.parametrize("path", FIXTURE_FILES, ids=lambda p: p.name)
def test_fixtures_give_the_same_text_warnings_or_error(path: Path) -> None:
    _assert_same(path)


def test_declined_documents_are_read_by_pdfplumber() -> None:
    """A font without a Unicode map and an image-only page are left to pdfplumber's quality gate (the
    page is declined); a file PDFium cannot open, to pdfminer's checks (the document is declined)."""
    from extractor.readers.fast import fast_geometry

    assert fast_geometry((BAD / "cid_only.pdf").read_bytes(), name="cid_only.pdf") == [None]
    assert fast_geometry((BAD / "scan.pdf").read_bytes(), name="scan.pdf") == [None]
    assert fast_geometry((BAD / "truncated.pdf").read_bytes(), name="truncated.pdf") is None
    assert fast_geometry((BAD / "corrupt_xref.pdf").read_bytes(), name="corrupt_xref.pdf") is None


def _mixed_pdf(tmp_path: Path, *, rotate: bool) -> Path:
    """Two sample documents with a scanned page between them (and, with ``rotate``, the last page turned
    90 degrees): a text PDF with pages the fast path declines."""
    import pypdfium2 as pdfium

    out = pdfium.PdfDocument.new()
    for src in (SAMPLES / "s-003.pdf", BAD / "scan.pdf", SAMPLES / "s-005.pdf"):
        doc = pdfium.PdfDocument(str(src))
        out.import_pages(doc)
        doc.close()
    if rotate:
        out[len(out) - 1].set_rotation(90)
    path = tmp_path / ("mixed-rotated.pdf" if rotate else "mixed.pdf")
    out.save(str(path))
    out.close()
    return path


@pytest.mark.parametrize("rotate", [False, True], ids=["scan-page", "scan-and-rotated-page"])
def test_pages_the_fast_path_declines_are_read_by_pdfplumber_alone(tmp_path: Path, rotate: bool) -> None:
    """A document with a scanned (and a rotated) page keeps the fast path for its other pages: pdfplumber
    reads only the declined ones, and text, warnings and errors are the careful path's."""
    from extractor.readers.fast import fast_geometry

    path = _mixed_pdf(tmp_path, rotate=rotate)
    pages = fast_geometry(path.read_bytes(), name=path.name)
    assert pages is not None and any(p is None for p in pages) and any(p is not None for p in pages)
    if rotate:  # (--reader pypdfium2 reads rotated text itself, by design: only auto promises the same)
        data = path.read_bytes()
        assert _outcome(data, path.name, "auto") == _outcome(data, path.name, "pdfplumber")
    else:
        _assert_same(path)
    raw = read_bytes(path.read_bytes(), name=path.name, options=ReadOptions(ocr="off"))
    assert raw.reader == "pypdfium2+pdfplumber"
    assert any(w.code == "no_text_layer" for w in raw.warnings)  # the scanned page, said as before
    from extractor.readers.ocr import ocr_available

    if ocr_available():  # and read by OCR when tesseract is there
        raw = read_bytes(path.read_bytes(), name=path.name)
        assert raw.reader == "pypdfium2+pdfplumber+ocr"
        assert any(w.code == "ocr" for w in raw.warnings)


def test_unknown_reader_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown PDF reader"):
        read_bytes((SAMPLES / "s-001.pdf").read_bytes(), options=ReadOptions(reader="poppler"))


def _corpus_labels() -> list[dict]:
    out = []
    for f in sorted((ROOT / "corpus" / "labels").glob("*.jsonl")):
        out += [json.loads(line) for line in f.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [lab for lab in out if (ROOT / "corpus" / "docs" / f"{lab['id']}.txt").exists()]


def test_rendered_corpus_documents_read_the_same(tmp_path: Path) -> None:
    """Eight corpus documents, spread over the batches, rendered in their seed-1 styles, plus two forced
    into a fake-bold title with a joint or web-copy layout."""
    pytest.importorskip("reportlab", reason="reportlab is not installed (pip install -e .[dev])")
    rp = render_module()
    if rp.missing_fonts():
        pytest.skip(f"CJK fonts missing: {', '.join(rp.missing_fonts())}")
    labels = _corpus_labels()
    picked = labels[:: max(1, len(labels) // 8)][:8]
    for i, lab in enumerate(picked):
        text = (ROOT / "corpus" / "docs" / f"{lab['id']}.txt").read_text(encoding="utf-8")
        style = rp.choose_style(lab["id"], text, lab, seed=1, scanned_rate=0)
        if i < 2:
            style = rp.RenderStyle(
                fake_bold_title=True, web_copy=style.web_copy, joint_header=style.joint_header
            )
        pdf = rp.render(text, lab, tmp_path / f"{lab['id']}.pdf", style=style)
        _assert_same(pdf)


@pytest.mark.skipif(not os.environ.get("POLICY_FAST_PATH_ALL"), reason="set POLICY_FAST_PATH_ALL=1")
def test_every_rendered_corpus_pdf_reads_the_same() -> None:
    folder = ROOT / "corpus" / "build" / "pdf"
    pdfs = sorted(folder.glob("*.pdf"))
    if not pdfs:
        pytest.skip(
            "render them first: python corpus/render_pdf.py --corpus corpus --out corpus/build/pdf "
            "--seed 1 --scanned-rate 0"
        )
    for pdf in pdfs:
        data = pdf.read_bytes()
        careful = _outcome(data, pdf.name, "pdfplumber")
        assert _outcome(data, pdf.name, "auto") == careful, pdf.name


# -- the line assembly: our own loop against pdfplumber's chars_to_textmap --------------------------------


def _pdfplumber_lines(chars: list[dict]) -> list[tuple]:
    from pdfplumber.utils.text import chars_to_textmap

    found = chars_to_textmap(chars).extract_text_lines(strip=True, return_chars=True)
    return [(ln["text"], ln["x0"], ln["x1"], [c["size"] for c in ln["chars"]]) for ln in found]


def _char(text: str, x0: float, top: float, size: float = 10.0, width: float = 10.0) -> dict:
    return {
        "text": text, "x0": x0, "x1": x0 + width, "top": top, "bottom": top + size, "doctop": top,
        "upright": True, "size": size, "fontname": "", "_i": 0, "_j": 0,
    }  # fmt: skip


@pytest.mark.parametrize(
    "chars",
    [
        [_char("医", 10, 100), _char("疗", 20, 100), _char("云", 60, 100)],  # a gap: two words, one line
        [_char("医", 10, 100), _char(" ", 20, 100), _char("疗", 30, 100)],  # a space character
        [_char("云", 30, 100), _char("医", 10, 101.5), _char("疗", 20, 99)],  # out of order, tops within 3
        [_char("a", 10, 100), _char("b", 20, 102.9), _char("c", 30, 105.8), _char("d", 40, 100)],  # chained
        [_char("ﬁ", 10, 100), _char("x", 20, 100, size=12)],  # a ligature counts twice
        [_char("上", 10, 100), _char("下", 10, 130)],  # two lines
        [_char("甲", 50, 100), _char("乙", 10, 100)],  # a step back starts a word
    ],
)
def test_line_assembly_equals_pdfplumber(chars: list[dict]) -> None:
    from extractor.readers.fast import _assemble_lines

    assert _assemble_lines(chars) == _pdfplumber_lines(chars)


def test_line_assembly_of_nothing_is_nothing() -> None:
    from extractor.readers.fast import _assemble_lines

    assert _assemble_lines([]) == []  # (pdfplumber raises on an empty page; the fast path declines those)


def test_line_assembly_equals_pdfplumber_on_the_sample_pages() -> None:
    import pypdfium2 as pdfium

    from extractor.readers.fast import _assemble_lines, _dedupe, _font_names, _has_duplicates, _page_chars

    pages = 0
    for path in sorted(SAMPLES.glob("*.pdf")):
        pdf = pdfium.PdfDocument(str(path))
        for i in range(len(pdf)):
            page = pdf[i]
            tp = page.get_textpage()
            chars = _page_chars(tp, page.get_height(), strict=True) or []
            if _has_duplicates(chars):
                _font_names(tp, chars)
                chars = _dedupe(chars)
            assert _assemble_lines(chars) == _pdfplumber_lines(chars), (path.name, i)
            pages += 1
            tp.close()
            page.close()
        pdf.close()
    assert pages >= 12


# -- a PDF from another producer: a corpus document printed by headless Chromium (Skia, CID fonts, a
#    0.75 scale on every text run, as browsers and many government portals' "print to PDF" make them) ----


def _chromium() -> str | None:
    import shutil

    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


@pytest.mark.skipif(_chromium() is None, reason="chromium not installed (Debian: apt-get install chromium)")
def test_a_browser_printed_pdf_takes_the_fast_path_and_reads_the_same(tmp_path: Path) -> None:
    import html
    import subprocess

    from extractor import Pipeline

    label = next(x for x in _corpus_labels() if x["id"] == "hb-003")
    text = (ROOT / "corpus" / label["path"]).read_text(encoding="utf-8")
    body = []
    for line in (s.strip() for s in text.splitlines()):
        if not line:
            continue
        cls = (
            "t"
            if line in label["title"] and len(line) > 4
            else "r"
            if line.endswith("日") and len(line) < 20
            else ""
        )
        body.append(f'<p class="{cls}">{html.escape(line)}</p>')
    page = (
        '<html><head><meta charset="utf-8"><style>body{font-family:"AR PL UMing CN","WenQuanYi Zen Hei",serif;'
        "font-size:16pt;margin:3.7cm 2.6cm}p{text-indent:2em;margin:0}.t{text-align:center;font-size:22pt;"
        "text-indent:0;margin:1em 0}.r{text-align:right}</style></head><body>"
        + "".join(body)
        + "</body></html>"
    )
    (tmp_path / "doc.html").write_text(page, encoding="utf-8")
    pdf = tmp_path / "doc.pdf"
    subprocess.run(
        [str(_chromium()), "--headless", "--no-sandbox", "--disable-gpu", f"--print-to-pdf={pdf}",
         "--no-pdf-header-footer", (tmp_path / "doc.html").as_uri()],
        capture_output=True, timeout=120, check=False,
    )  # fmt: skip
    if not pdf.exists():
        pytest.skip("chromium could not print here")
    _assert_same(pdf)
    record = Pipeline.load().process_file(pdf)
    assert record.reader == "pypdfium2"
    assert record.date == label["date"]
    assert [i.name for i in record.issuers] == label["issuers"]
    assert record.doc_number is not None and record.doc_number.text == label["doc_number"]
    assert record.title is not None and record.title.text.replace(" ", "") == label["title"].replace(" ", "")


# -- the compiled inner loop (extractor/readers/_pdfium_lines.c) against the Python loop -------------------


def _native_module():  # type: ignore[no-untyped-def]
    """The compiled module; its absence fails the test when POLICY_REQUIRE_NATIVE=1 (CI builds it)."""
    from extractor.readers import fast

    if fast._native is None:
        if os.environ.get("POLICY_REQUIRE_NATIVE") == "1":
            pytest.fail("extractor/readers/_pdfium_lines was not built (a C compiler is needed at install)")
        pytest.skip("the compiled inner loop was not built (no C compiler at install)")
    return fast._native


def _python_lines(chars: list[dict]) -> list[tuple]:
    """The Python loop's steps after reading: duplicates, dedupe, assembly, median size."""
    import statistics

    from extractor.readers.fast import _assemble_lines, _dedupe, _has_duplicates

    for i, c in enumerate(chars):
        c["_i"] = i
    if _has_duplicates(chars):
        chars = _dedupe(chars)
    return [
        (text, x0, x1, float(statistics.median(sizes)) if sizes else 0.0)
        for text, x0, x1, sizes in _assemble_lines(chars)
    ]


def _native_lines(chars: list[dict]) -> list[tuple]:
    native = _native_module()
    got = native.lines_of_chars(
        [(c["text"], c["x0"], c["x1"], c["top"], c["size"], c["fontname"]) for c in chars]
    )
    return [ln for ln in got if ln[0].strip()]


_coord = st.floats(min_value=-50, max_value=400, allow_nan=False).map(lambda v: round(v * 4) / 4)
_text = st.sampled_from(["医", "疗", "云", "a", " ", "ﬁ", "ﬃ", "\u3000", "𠀀", "。"])


@st.composite
def _page(draw: st.DrawFn) -> list[dict]:
    """Characters on a few baselines, with fake-bold twins (a copy within a point) now and then."""
    chars: list[dict] = []
    for _ in range(draw(st.integers(0, 40))):
        c = _char(
            draw(_text),
            draw(_coord),
            draw(st.sampled_from([100.0, 101.5, 103.0, 120.0, 140.5])) + draw(st.sampled_from([0, 0.5, 2.9])),
            size=draw(st.sampled_from([10.0, 12.0, 16.0])),
            width=draw(st.sampled_from([0.0, 5.0, 10.0, 16.0])),
        )
        c["fontname"] = draw(st.sampled_from(["", "SimSun", "FangSong"]))
        chars.append(c)
        if draw(st.integers(0, 4)) == 0:
            twin = dict(c, x0=c["x0"] + draw(st.sampled_from([0.0, 0.25, 1.0, 1.5])))
            twin["top"] = twin["doctop"] = c["top"] + draw(st.sampled_from([0.0, 0.5, 1.0]))
            chars.append(twin)
    return chars


@settings(max_examples=400, deadline=None)
@given(_page())
def test_compiled_assembly_equals_the_python_loop(chars: list[dict]) -> None:
    _native_module()
    assert _native_lines([dict(c) for c in chars]) == _python_lines([dict(c) for c in chars])


def _both_loops(path: Path) -> tuple:
    from extractor.readers import fast

    data = path.read_bytes()
    try:
        os.environ["POLICY_NATIVE"] = "1"
        compiled = fast.fast_geometry(data, name=path.name)
        os.environ["POLICY_NATIVE"] = "0"
        python = fast.fast_geometry(data, name=path.name)
    finally:
        os.environ.pop("POLICY_NATIVE", None)
    return compiled, python


def test_compiled_loop_reads_every_sample_and_fixture_as_the_python_loop(tmp_path: Path) -> None:
    """Page for page the same lines (text, x0, x1, size), and the same declines (cid fonts, scans)."""
    _native_module()
    files = [*SAMPLE_PDFS, *FIXTURE_FILES, *sorted((FIXTURES).glob("*.pdf"))]
    read = 0
    for path in files:
        compiled, python = _both_loops(path)
        assert compiled == python, path.name
        read += compiled is not None
    assert read >= len(SAMPLE_PDFS)


@pytest.mark.skipif(not os.environ.get("POLICY_FAST_PATH_ALL"), reason="set POLICY_FAST_PATH_ALL=1")
def test_compiled_loop_reads_every_rendered_corpus_pdf_as_the_python_loop() -> None:
    _native_module()
    pdfs = sorted((ROOT / "corpus" / "build" / "pdf").glob("*.pdf"))
    if not pdfs:
        pytest.skip("render them first (see test_every_rendered_corpus_pdf_reads_the_same)")
    for pdf in pdfs:
        compiled, python = _both_loops(pdf)
        assert compiled == python, pdf.name


def test_the_python_loop_is_used_without_the_compiled_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor.readers import fast

    monkeypatch.setattr(fast, "_native", None)
    assert not fast.native_available()
    raw = read_bytes((SAMPLES / "s-001.pdf").read_bytes(), name="s-001.pdf")
    assert raw.reader == "pypdfium2" and raw.pages
