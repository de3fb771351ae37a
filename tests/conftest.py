from __future__ import annotations

import importlib.util
import json
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLES = ROOT / "samples"


def render_module() -> ModuleType:
    """corpus/render_pdf.py (not a package: loaded from its file, once per process)."""
    mod = sys.modules.get("render_pdf")
    if mod is not None:
        return mod
    spec = importlib.util.spec_from_file_location("render_pdf", ROOT / "corpus" / "render_pdf.py")
    assert spec and spec.loader
    mod = importlib.util.module_from_spec(spec)
    sys.modules["render_pdf"] = mod
    spec.loader.exec_module(mod)
    return mod


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


def make_small_corpus(dst: Path, *, per_stage: int) -> Path:
    """Copy the first ``per_stage`` hand-written documents of each stage, with their labels, into ``dst``
    (a corpus folder: docs/ and labels.jsonl) for training tests."""
    src = ROOT / "corpus"
    rows = [
        json.loads(x)
        for f in sorted((src / "labels").glob("h*.jsonl"))
        for x in f.read_text("utf-8").splitlines()
        if x.strip()
    ]
    by_stage: dict[int, list[dict]] = {}
    for r in rows:
        by_stage.setdefault(r["stage"], []).append(r)
    picked = [r for s in sorted(by_stage) for r in by_stage[s][:per_stage]]
    (dst / "docs").mkdir(parents=True, exist_ok=True)
    for r in picked:
        shutil.copy(src / r["path"], dst / r["path"])
    (dst / "labels.jsonl").write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in picked), "utf-8"
    )
    return dst
