"""The library API: Pipeline.load / process_text / process_file / process_many; no work at import."""

import subprocess
import sys
import threading

from extractor import Pipeline
from extractor.result import PolicyResult

from .conftest import SAMPLES

TEXT = (
    "国家卫生健康委员会文件\n国卫规划发〔2022〕7号\n国家卫生健康委关于推进健康行业云建设的通知\n"
    "各省、自治区、直辖市卫生健康委：\n为落实十四五规划，推动医院信息系统上云。到2025年，三级医院上云率达到80%以上。\n"
    "本通知自2022年3月1日起施行。\n国家卫生健康委员会\n2022年2月10日\n"
)


def test_import_does_no_work():
    code = (
        "import sys, extractor\n"
        "heavy = [m for m in ('sklearn', 'jieba', 'pdfplumber', 'spacy', 'extractor.pipeline') if m in sys.modules]\n"
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_process_text(pipeline):
    rec = pipeline.process_text(TEXT, source="inline")
    assert isinstance(rec, PolicyResult)
    assert rec.error is None
    assert rec.source == "inline" and rec.pages is None
    assert rec.doc_number is not None and rec.doc_number.text == "国卫规划发〔2022〕7号"
    assert rec.date == "2022-02-10"
    assert rec.stage is not None and (rec.stage.label, rec.stage.source) == (3, "date")
    assert rec.stage.model_label in (0, 1, 2, 3) and 0 <= rec.stage.model_probability <= 1
    assert rec.medical_cloud is not None and rec.medical_cloud.label is True
    assert [t.deadline for t in rec.targets] == [2025]  # 自…起施行 is not a target
    d = rec.to_dict()
    assert d["error"] is None and d["model"]["name"] == "policy-clf"


def test_stage_falls_back_to_the_model_without_a_date(pipeline):
    rec = pipeline.process_text("推进医疗卫生机构上云，建设健康医疗大数据中心，落实十四五规划和数据安全法。")
    assert rec.stage is not None and rec.stage.source == "model"
    assert rec.stage.label == rec.stage.model_label
    assert rec.date is None


def test_process_file_error_record(pipeline, tmp_path):
    rec = pipeline.process_file(tmp_path / "missing.pdf")
    assert rec.error is not None and rec.error.type == "not_found"
    assert rec.to_dict()["error"]["type"] == "not_found"


def test_process_many_in_order_with_workers(pipeline):
    paths = sorted(SAMPLES.glob("s-01*.pdf"))
    seq = [r.to_dict() for r in pipeline.process_many(paths, workers=1)]
    par = [r.to_dict() for r in pipeline.process_many(paths, workers=2)]
    assert seq == par
    assert [r["source"] for r in seq] == [str(p) for p in paths]


def test_thread_safe_lazy_load():
    pipe = Pipeline.load()
    results: list[PolicyResult] = []

    def work() -> None:
        results.append(pipe.process_text(TEXT))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4
    assert len({r.to_dict()["date"] for r in results}) == 1


def test_page_filling_copies_as_dataclasses_replace() -> None:
    import dataclasses

    from extractor.pipeline import _with
    from extractor.result import Span

    s = Span("到2025年", 10, 16)
    assert _with(s, page=3) == dataclasses.replace(s, page=3)
    assert _with(s, page=3) is not s and s.page is None  # the original is untouched
