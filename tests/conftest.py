from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "samples"


@pytest.fixture(scope="session")
def pipeline():
    from extractor import Pipeline

    return Pipeline.load()


@pytest.fixture(scope="session")
def cjk_font() -> str:
    for cand in (
        "/usr/share/fonts/truetype/arphic/uming.ttc",
        "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    ):
        if Path(cand).exists():
            return cand
    pytest.skip("no CJK TrueType font installed (apt-get install fonts-arphic-uming)")
