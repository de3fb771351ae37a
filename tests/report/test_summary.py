"""The report's counts as pure functions over hand-made records: tables of cases, negatives included."""

from __future__ import annotations

from typing import Any

import pytest

from extractor.report.summary import (
    STAGE_PERIODS,
    by_level,
    by_year_and_stage,
    medical_cloud_counts,
    stage_disagreements,
    summarize,
    targets_by_deadline,
    top_issuers,
)


def rec(
    *,
    date: str | None = "2016-05-01",
    stage: int | None = 2,
    source: str = "date",
    model: int | None = None,
    issuers: list[tuple[str, str | None]] = (("国务院办公厅", "national"),),  # type: ignore[assignment]
    mc: bool = False,
    targets: list[dict[str, Any]] | None = None,
    error: str | None = None,
) -> dict[str, Any]:
    if error:
        return {"source": "bad.pdf", "error": {"type": error, "message": "m"}, "issuers": [], "targets": []}
    return {
        "source": "x.pdf",
        "title": {"text": "关于…的通知", "start": 0, "end": 6},
        "date": date,
        "issuers": [{"name": n, "level": lv} for n, lv in issuers],
        "stage": None
        if stage is None
        else {"label": stage, "source": source, "model_label": stage if model is None else model},
        "medical_cloud": {"label": mc, "model_label": mc},
        "targets": targets or [],
        "error": None,
    }


def test_stage_periods_agree_with_the_pipeline():
    from extractor.pipeline import stage_of_year

    for label, (lo, hi) in STAGE_PERIODS.items():
        for y in (lo or 1990, hi or 2040):
            assert stage_of_year(y) == label


def test_empty_batch_gives_zeros_not_errors():
    s = summarize([])
    assert s["documents"] == s["ok"] == s["errors"] == 0
    assert s["by_year"]["years"] == []
    assert s["targets"] == {"total": 0, "no_deadline": 0, "years": []}
    assert s["by_level"]["local"] == 0
    assert s["stage_disagreements"]["count"] == 0


def test_years_fill_gaps_and_undated_documents_are_counted_apart():
    records = [rec(date="2011-01-01", stage=1), rec(date="2013-02-02", stage=1), rec(date="2013", stage=1),
               rec(date=None, stage=3, source="model")]  # fmt: skip
    by = by_year_and_stage(records)
    assert [(y["year"], y["total"]) for y in by["years"]] == [(2011, 1), (2012, 0), (2013, 2)]
    assert by["years"][2]["by_stage"] == {"0": 0, "1": 2, "2": 0, "3": 0}
    assert by["undated"] == {"total": 1, "by_stage": {"0": 0, "1": 0, "2": 0, "3": 1}}


@pytest.mark.parametrize(
    ("issuers", "level"),
    [
        ([("国务院办公厅", "national")], "national"),
        (
            [("广东省人民政府办公厅", "provincial"), ("国家卫生健康委员会", "national")],
            "provincial",
        ),  # lead counts
        ([("杭州市人民政府办公厅", "municipal")], "municipal"),
        ([], "unknown"),  # no issuer found
        ([("某某中心", None)], "unknown"),  # not in the registry: level unknown
    ],
)
def test_level_is_the_lead_issuers(issuers, level):
    counts = by_level([rec(issuers=issuers)])["counts"]
    assert counts[level] == 1
    assert sum(counts.values()) == 1


def test_local_is_provincial_municipal_and_county():
    records = [rec(issuers=[("a", "provincial")]), rec(issuers=[("b", "municipal")]),
               rec(issuers=[("c", "county")]), rec(issuers=[("d", "national")])]  # fmt: skip
    assert by_level(records)["local"] == 3


def test_top_issuers_count_documents_not_mentions_and_lead_apart():
    records = [
        rec(issuers=[("工业和信息化部", "national"), ("国家卫生健康委员会", "national")]),
        rec(
            issuers=[("国家卫生健康委员会", "national"), ("国家卫生健康委员会", "national")]
        ),  # twice in one doc
        rec(issuers=[("财政部", "national")]),
    ]
    top = top_issuers(records, n=2)
    assert top[0] == {
        "name": "国家卫生健康委员会",
        "level": "national",
        "region": None,
        "documents": 2,
        "lead": 1,
    }
    assert [t["name"] for t in top] == ["国家卫生健康委员会", "工业和信息化部"]  # ties by name, cut at n


def test_medical_cloud_by_stage_and_level():
    records = [
        rec(stage=1, mc=True),
        rec(stage=1, mc=False),
        rec(stage=3, mc=True, issuers=[("x", "provincial")]),
    ]
    mc = medical_cloud_counts(records)
    assert mc["medical_cloud"] == 2 and mc["documents"] == 3 and mc["agree"] == 3
    by_stage = {r["label"]: (r["documents"], r["medical_cloud"]) for r in mc["by_stage"]}
    assert by_stage == {0: (0, 0), 1: (2, 1), 2: (0, 0), 3: (1, 1)}
    by_lv = {r["level"]: (r["documents"], r["medical_cloud"]) for r in mc["by_level"]}
    assert by_lv["national"] == (2, 1) and by_lv["provincial"] == (1, 1)


def test_targets_by_deadline_with_figures():
    t = [
        {"deadline": 2020, "figures": [{"value": 90.0, "unit": "%", "text": "90%"}]},
        {"deadline": 2020, "figures": []},
        {
            "deadline": 2022,
            "figures": [{"value": 90.0, "unit": "%", "text": "90%"}, {"value": 3.0, "unit": "个"}],
        },
        {"deadline": None, "figures": []},
    ]
    out = targets_by_deadline([rec(targets=t[:2]), rec(targets=t[2:])])
    assert out["total"] == 4 and out["no_deadline"] == 1
    years = {y["year"]: y for y in out["years"]}
    assert sorted(years) == [2020, 2021, 2022]
    assert years[2020]["targets"] == 2 and years[2020]["documents"] == 1 and years[2020]["with_figures"] == 1
    assert years[2021]["targets"] == 0
    assert years[2022]["figures"] == [{"text": "3个", "targets": 1}, {"text": "90%", "targets": 1}]


@pytest.mark.parametrize(
    ("record", "listed"),
    [
        (rec(stage=2, source="date", model=1), True),
        (rec(stage=2, source="date", model=2), False),  # they agree
        (
            rec(date=None, stage=1, source="model", model=1),
            False,
        ),  # no date: the model decided, nothing to compare
        (rec(error="unreadable"), False),
    ],
)
def test_stage_disagreements(record, listed):
    assert bool(stage_disagreements([record])) is listed


def test_error_records_count_only_as_errors():
    s = summarize([rec(), rec(error="encrypted")])
    assert (s["documents"], s["ok"], s["errors"]) == (2, 1, 1)
    assert sum(s["by_level"]["counts"].values()) == 1
    assert s["medical_cloud"]["documents"] == 1
    assert s["error_records"] == [{"index": 1, "source": "bad.pdf", "type": "encrypted", "message": "m"}]
