"""Charts: PNGs with every Chinese glyph found in the font (no tofu), and a clear warning without a CJK font."""

from __future__ import annotations

import logging
import warnings

import pytest

from extractor.report import fonts
from extractor.report.plots import CHARTS, chart_pngs
from extractor.report.summary import summarize


def test_charts_render_with_a_cjk_font(records, cjk_font):
    fonts.find_cjk_font.cache_clear()
    assert fonts.find_cjk_font() in fonts.CJK_FAMILIES
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        pngs = chart_pngs(summarize(records))
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, missing  # a missing glyph is a tofu box
    assert set(pngs) == set(CHARTS)
    assert all(p.startswith(b"\x89PNG") for p in pngs.values())


def test_charts_of_an_empty_batch():
    pngs = chart_pngs(summarize([]))
    assert all(p.startswith(b"\x89PNG") for p in pngs.values())


def test_no_cjk_font_warns_clearly(monkeypatch, caplog):
    monkeypatch.setattr(fonts, "CJK_FAMILIES", ("No Such Font CJK",))
    monkeypatch.setattr(fonts, "CJK_FILES", ("/nonexistent/font.ttc",))
    fonts.find_cjk_font.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="extractor.report.fonts"):
            assert fonts.find_cjk_font() is None
        assert "no CJK font" in caplog.text and "fonts-wqy-zenhei" in caplog.text
    finally:
        fonts.find_cjk_font.cache_clear()


@pytest.fixture(autouse=True)
def _fresh_font_cache():
    yield
    fonts.find_cjk_font.cache_clear()
