"""Dates and their roles (extractor.rules.dates), and the Chinese numeral helpers they use."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor.result import DateMention, Span
from extractor.rules.dates import document_date, find_dates
from extractor.rules.numerals import cn_number_to_float, digit_string_to_int, parse_number

GOLD = Path(__file__).resolve().parents[2] / "evaluation" / "gold" / "time_cases.jsonl"

# (text, [(iso, role), ...]) -- a date alone on its line is a 成文日期
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # forms
    ("2015年3月6日", [("2015-03-06", "成文")]),
    ("2015年03月06日", [("2015-03-06", "成文")]),
    ("２０１５年３月６日", [("2015-03-06", "成文")]),
    ("2015 年 3 月 6 日", [("2015-03-06", "成文")]),
    ("2015年3月6号", [("2015-03-06", "成文")]),
    ("二〇一五年三月六日", [("2015-03-06", "成文")]),
    ("二○一五年三月六日", [("2015-03-06", "成文")]),
    ("二零一五年三月六日", [("2015-03-06", "成文")]),
    ("二O一五年三月六日", [("2015-03-06", "成文")]),
    ("二Ｏ一五年三月六日", [("2015-03-06", "成文")]),
    ("二0一五年三月六日", [("2015-03-06", "成文")]),
    ("二○一八年四月二十五日", [("2018-04-25", "成文")]),
    ("二〇〇九年十二月三十一日", [("2009-12-31", "成文")]),
    ("二〇一〇年十月十日", [("2010-10-10", "成文")]),
    ("二〇一一年十一月二十日", [("2011-11-20", "成文")]),
    ("二〇一二年一月三十日", [("2012-01-30", "成文")]),
    ("二〇〇八年二月二十九日", [("2008-02-29", "成文")]),
    ("2015.3.6", [("2015-03-06", "成文")]),
    ("2015-03-06", [("2015-03-06", "成文")]),
    ("2015/3/6", [("2015-03-06", "成文")]),
    ("2019.12.20", [("2019-12-20", "成文")]),
    ("1998年7月1日", [("1998-07-01", "成文")]),
    ("２０１５．３．６", [("2015-03-06", "成文")]),
    # inline: role other
    ("2016年2月，省政府召开全省卫生信息化工作会议。", [("2016-02", "other")]),
    ("二〇一三年五月，试点工作全面启动。", [("2013-05", "other")]),
    ("会议于2016年3月15日在北京召开。", [("2016-03-15", "other")]),
    ("该系统于2018年1月2日上线，并于2018/5/8完成验收。", [("2018-01-02", "other"), ("2018-05-08", "other")]),
    ("活动时间为2019-05-06至2019-05-10。", [("2019-05-06", "other"), ("2019-05-10", "other")]),
    ("请于2016年6月30日前报送至省发展改革委。", [("2016-06-30", "other")]),
    ("2020年2月29日，全市完成调度。", [("2020-02-29", "other")]),
    ("《网络安全法》（2016年11月7日通过）", [("2016-11-07", "other")]),
    # roles
    ("成文日期：2015年03月06日", [("2015-03-06", "成文")]),
    ("成文日期：2016-08-12", [("2016-08-12", "成文")]),
    ("发文日期：2016年8月12日", [("2016-08-12", "成文")]),
    ("发布日期：2015年03月10日", [("2015-03-10", "发布")]),
    ("发布时间：2020-03-05", [("2020-03-05", "发布")]),
    ("发布日期：2015年", [("2015", "发布")]),
    ("发布日期 2015年3月10日", [("2015-03-10", "发布")]),
    (
        "成文日期：2015年03月06日    发布日期：2015年03月10日",
        [("2015-03-06", "成文"), ("2015-03-10", "发布")],
    ),
    ("印发日期：2015年3月8日", [("2015-03-08", "印发")]),
    ("国务院办公厅秘书局    2013年5月8日印发", [("2013-05-08", "印发")]),
    ("2013年5月8日印发", [("2013-05-08", "印发")]),
    ("本办法自2014年1月1日起施行。", [("2014-01-01", "施行")]),
    ("本意见自2017年3月1日起执行。", [("2017-03-01", "施行")]),
    (
        "本规定自2018年5月1日起实施，有效期至2023年4月30日。",
        [("2018-05-01", "施行"), ("2023-04-30", "有效期")],
    ),
    ("本通知自发布之日起执行，有效期至2020年12月31日。", [("2020-12-31", "有效期")]),
    ("本办法有效期至2020年。", [("2020", "有效期")]),
    ("有效期为2016年1月1日至2020年12月31日。", [("2016-01-01", "有效期"), ("2020-12-31", "有效期")]),
    ("实施日期：2019年7月1日", [("2019-07-01", "施行")]),
    ("失效日期：2024年6月30日", [("2024-06-30", "有效期")]),
    ("本标准于2018年6月1日发布。", [("2018-06-01", "发布")]),
    ("国家发展改革委  2016年5月4日", [("2016-05-04", "成文")]),
    ("（2016年5月4日）", [("2016-05-04", "成文")]),  # 国务院公报 prints the 成文日期 so
    # negatives
    ("国发〔2015〕40号", []),
    ("国发[2015]40号", []),
    ("国办发（2018）26号", []),
    ("国发【2016】5号", []),
    ("工信部联规〔2021〕207号", []),
    ("关于印发《云计算发展三年行动计划（2017—2019年）》的通知", []),
    ("落实《2018年国家卫生健康委工作要点》。", []),
    ("根据《国务院关于2015年3月6日会议精神的通知》", []),
    ("浙江省智慧健康发展规划（2016—2020年）", []),
    ("全省信息化发展规划2016-2020年", []),
    ("到2020年，基本建成覆盖全省的健康信息平台。", []),
    ("2015年，全省完成信息化投资120亿元。", []),
    ("本办法自2016年10月1日起施行，2009年发布的办法同时废止。", [("2016-10-01", "施行")]),
    ("2015年2月30日", []),
    ("2019年13月1日", []),
    ("二〇一九年二月三十日", []),
    ("2019年2月29日", []),
    ("2015-13-06", []),
    ("编号：2015.3.6.1", []),
    ("版本 12015.3.6", []),
    ("2019年6月底前完成系统迁移。", []),
    ("2018年3月中旬召开推进会。", []),
    ("财政部 税务总局公告2023年第37号", []),
    ("实现医疗机构信息互通共享。", []),
    ("", []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_find_dates(text: str, expected: list[tuple[str, str]]) -> None:
    got = find_dates(text)
    assert [(d.date, d.role) for d in got] == expected
    for d in got:
        assert text[d.span.start : d.span.end] == d.span.text
        assert d.span.page is None


@pytest.mark.parametrize(
    ("text", "span_text"),
    [
        ("签发：二○一八年四月二十五日", "二○一八年四月二十五日"),  # whole, not truncated
        ("于２０１５年３月６日发布", "２０１５年３月６日"),  # original (full-width) characters in the span
        ("2013年5月8日印发", "2013年5月8日"),
        ("发布日期：2015年", "2015年"),
    ],
)
def test_span_text(text: str, span_text: str) -> None:
    (d,) = find_dates(text)
    assert d.span.text == span_text


NOTICE = """国务院办公厅文件
国办发〔2015〕40号
国务院办公厅关于促进云计算创新发展的意见
各省、自治区、直辖市人民政府：
现提出如下意见。到2020年，云计算应用基本普及。
国务院办公厅
2015年3月6日
（此件公开发布）
抄送：党中央各部门。
国务院办公厅秘书局    2015年3月8日印发"""

WEB_COPY = """索引号：000014349/2018-00012
成文日期：2018年04月25日
发文字号：国办发〔2018〕26号
发布日期：2018年04月28日
国务院办公厅关于促进“互联网+医疗健康”发展的意见
国务院办公厅
2018年4月25日"""

FORWARD = """国务院办公厅关于转发发展改革委关于推进智慧城市健康发展意见的通知
国办发〔2014〕33号
发展改革委《关于推进智慧城市健康发展的指导意见》已经国务院同意，现转发给你们。
国务院办公厅
2014年8月27日
关于推进智慧城市健康发展的指导意见
发展改革委
2014年8月10日"""

OLD_STYLE = """卫生部关于加强卫生信息化建设的通知
卫办发〔2009〕12号
卫生部
二〇〇九年三月十七日
主题词：卫生 信息化 通知"""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (NOTICE, "2015-03-06"),
        (WEB_COPY, "2018-04-25"),
        (FORWARD, "2014-08-27"),  # the notice's own date, not the forwarded opinion's
        (OLD_STYLE, "2009-03-17"),
        ("国务院办公厅秘书局    2015年3月8日印发", "2015-03-08"),  # no 成文: 印发
        ("发布日期：2020-03-05\n关于做好线上服务工作的通知", "2020-03-05"),  # else 发布
        ("发布日期：2015年\n发布日期：2015年3月10日", "2015-03-10"),  # the full date where possible
        ("本办法自2014年1月1日起施行。", None),  # 施行 is not the document's date
        ("2016年2月，省政府召开会议。", None),
        ("", None),
    ],
)
def test_document_date(text: str, expected: str | None) -> None:
    d = document_date(find_dates(text))
    assert (d.date if d else None) == expected


def test_document_date_order_of_roles() -> None:
    span = Span("x", 0, 1)
    dates = [
        DateMention("2015-03-10", "发布", span),
        DateMention("2015-03-08", "印发", span),
        DateMention("2015", "成文", span),
        DateMention("2015-03-06", "成文", span),
    ]
    d = document_date(dates)
    assert d is not None and d.date == "2015-03-06"
    d2 = document_date(dates[:2])
    assert d2 is not None and d2.date == "2015-03-08"
    assert document_date([]) is None


def test_roles_in_a_whole_notice() -> None:
    got = [(d.date, d.role) for d in find_dates(NOTICE)]
    assert got == [("2015-03-06", "成文"), ("2015-03-08", "印发")]


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("二〇一五", 2015),
        ("二○一八", 2018),
        ("二零二零", 2020),
        ("二O一五", 2015),
        ("二0一五", 2015),
        ("2015", 2015),
        ("二十", None),
        ("", None),
    ],
)
def test_digit_string_to_int(s: str, expected: int | None) -> None:
    assert digit_string_to_int(s) == expected


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("十", 10.0),
        ("十二", 12.0),
        ("二十", 20.0),
        ("三十一", 31.0),
        ("一百零五", 105.0),
        ("三千五百", 3500.0),
        ("两万", 20000.0),
        ("2万", 20000.0),
        ("两万亿", 2e12),
        ("一亿二千万", 1.2e8),
        ("七点五", 7.5),
        ("一二", None),
        ("", None),
    ],
)
def test_cn_number_to_float(s: str, expected: float | None) -> None:
    assert cn_number_to_float(s) == expected


@pytest.mark.parametrize(("s", "expected"), [("1,000", 1000.0), ("2.5", 2.5), ("９０", 90.0), ("abc", None)])
def test_parse_number(s: str, expected: float | None) -> None:
    assert parse_number(s) == expected


def _gold() -> list[dict[str, object]]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.skipif(not GOLD.exists(), reason="gold file missing")
def test_gold_file_dates() -> None:
    cases = _gold()
    assert len(cases) >= 150
    wrong = [
        c["id"]
        for c in cases
        if [{"date": d.date, "role": d.role} for d in find_dates(str(c["text"]))] != c["dates"]
    ]
    assert wrong == []


def test_named_chengwen_field_beats_fawen_field():
    from extractor.rules.dates import document_date, find_dates

    text = "发文日期：2020年07月16日\n文号：医保发〔2020〕29号\n成文日期：2020年07月10日\n正文。"
    doc = document_date(find_dates(text), text=text)
    assert doc is not None and doc.date == "2020-07-10"


def test_bracketed_date_on_its_own_line_is_the_chengwen_date():
    from extractor.rules.dates import find_dates

    text = "国务院关于发展农村电子商务的指导意见\n（国发〔2016〕47号）\n正文。\n（2016年6月21日）\n（此件公开发布）"
    assert [(d.date, d.role) for d in find_dates(text)] == [("2016-06-21", "成文")]


@pytest.mark.parametrize(
    "text, date, role",
    [
        ("某某暂行办法\n（2008年6月18日宁夏回族自治区卫生厅印发）\n第一章　总则", "2008-06-18", "印发"),
        ("某某管理办法\n（2011年8月3日卫生部发布）\n第一章　总则", "2011-08-03", "发布"),
        (
            "某某规划\n（2006年10月26日河北省人民政府第七十三次常务会议审议通过）\n一、现状",
            "2006-10-26",
            "成文",
        ),
    ],
)
def test_the_adoption_note_dates_the_document(text: str, date: str, role: str) -> None:
    found = document_date(find_dates(text), text=text)
    assert found is not None and (found.date, found.role) == (date, role)
