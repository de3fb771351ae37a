"""The bound on date and deadline expressions read per document (extractor/rules/limits.py)."""

from __future__ import annotations

from extractor.rules import extract
from extractor.rules.dates import find_dates
from extractor.rules.limits import MAX_MENTIONS, capped
from extractor.rules.targets import find_targets


def test_capped_keeps_head_and_tail_and_notes_it() -> None:
    notes: list[str] = []
    items = list(range(MAX_MENTIONS + 10))
    kept = capped(items, "things", notes)
    assert len(kept) == MAX_MENTIONS
    assert kept[0] == 0 and kept[-1] == items[-1]
    assert notes and "things" in notes[0]
    assert capped(range(5), "things", notes) == [0, 1, 2, 3, 4] and len(notes) == 1


def test_dense_dates_are_cut_and_the_document_date_at_the_end_survives() -> None:
    text = "2015年3月6日，" * 3000 + "\n\n国务院办公厅\n2016年5月4日"
    notes: list[str] = []
    dates = find_dates(text, notes=notes)
    assert len(dates) <= MAX_MENTIONS
    assert dates[-1].date == "2016-05-04"
    assert notes


def test_dense_cues_are_cut_and_noted() -> None:
    notes: list[str] = []
    targets = find_targets("到2020年，力争" * 5000, doc_year=2016, notes=notes)
    assert notes
    assert len(targets) <= MAX_MENTIONS


def test_a_normal_document_is_not_cut() -> None:
    text = "到2020年，全省二级以上医院全部接入健康云平台。\n\n浙江省人民政府办公厅\n2016年5月4日"
    result = extract(text)
    assert result.notes == ()
    assert [t.deadline for t in result.targets] == [2020]


def test_the_record_carries_a_rules_limit_warning(pipeline) -> None:  # type: ignore[no-untyped-def]
    record = pipeline.process_text(
        "关于印发医疗云计划的通知\n" + "2015年3月，" * 4000 + "\n国务院\n2016年5月4日"
    )
    assert record.error is None
    assert "rules_limit" in {w.code for w in record.warnings}
    assert record.date == "2016-05-04"
