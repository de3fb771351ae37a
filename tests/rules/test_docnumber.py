"""文号: parsing, finding, and the document's own 文号."""

from __future__ import annotations

import pytest

from extractor.rules.docnumber import DocNumber, find_doc_numbers, main_doc_number, parse_doc_number


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("国发〔2015〕5号", DocNumber("国发", 2015, 5, False)),
        ("国办发[2018]121号", DocNumber("国办发", 2018, 121, False)),
        ("国发（2015）5号", DocNumber("国发", 2015, 5, False)),
        ("国发(2015)5号", DocNumber("国发", 2015, 5, False)),
        ("京政发【2016】12号", DocNumber("京政发", 2016, 12, False)),
        ("国卫办规划发〔2017〕第006号", DocNumber("国卫办规划发", 2017, 6, False)),
        (" 工信部联信软 〔 2017 〕 49 号 ", DocNumber("工信部联信软", 2017, 49, True)),
        ("工信部联规〔2021〕207号", DocNumber("工信部联规", 2021, 207, True)),
        ("国务院令第745号", DocNumber("国务院令", None, 745, False, "order")),
        ("财政部令第35号", DocNumber("财政部令", None, 35, False, "order")),
        ("财政部 税务总局公告2023年第37号", DocNumber("财政部 税务总局公告", 2023, 37, True, "announcement")),
        ("鲁卫办发〔2006〕047号", DocNumber("鲁卫办发", 2006, 47, False)),
        # negatives
        ("2015年3月6日", None),
        ("国发〔15〕5号", None),
        ("第5号", None),
        ("", None),
    ],
)
def test_parse(s: str, expected: DocNumber | None) -> None:
    assert parse_doc_number(s) == expected


def test_str_is_canonical_form() -> None:
    assert str(parse_doc_number("国发[2015]05号")) == "国发〔2015〕5号"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("（国发〔2015〕40号）", ["国发〔2015〕40号"]),
        ("根据国卫办规划发〔2016〕3号文件精神", ["国卫办规划发〔2016〕3号"]),
        ("按照湖政办发[2017]12号要求", ["湖政办发[2017]12号"]),
        ("依据财政部令第35号和国务院令第745号", ["财政部令第35号", "国务院令第745号"]),
        ("按照鲁卫办发〔2006〕47号执行", ["鲁卫办发〔2006〕47号"]),
        ("浙江省根据国发〔2015〕5号", ["国发〔2015〕5号"]),
        ("（皖经信软件〔2018〕186号）", ["皖经信软件〔2018〕186号"]),
        ("发文字号：财政部 税务总局公告2023年第37号", ["财政部 税务总局公告2023年第37号"]),
        ("到2020年，云计算应用基本普及。", []),
        ("〔2015〕5号", []),
        ("2015年第5号公告", []),
    ],
)
def test_find(text: str, expected: list[str]) -> None:
    spans = find_doc_numbers(text)
    assert [s.text for s in spans] == expected
    assert all(text[s.start : s.end] == s.text for s in spans)


HEADER = (
    "国务院办公厅文件\n国办发〔2015〕14号\n国务院办公厅关于印发全国医疗卫生服务体系规划纲要的通知\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "根据《国务院关于积极推进“互联网+”行动的指导意见》（国发〔2015〕40号），现印发给你们。\n"
)
META = (
    "索引号：000014349/2016-00123\n发文机关：国务院办公厅\n成文日期：2016年06月21日\n"
    "标题：国务院办公厅关于促进和规范健康医疗大数据应用发展的指导意见\n发文字号：国办发〔2016〕47号\n"
    "发布日期：2016年06月24日\n国务院办公厅关于促进和规范健康医疗大数据应用发展的指导意见\n"
    "各省、自治区、直辖市人民政府：\n按照《国务院关于X的通知》（国发〔2015〕5号）执行。\n"
)
BODY_ONLY = (
    "关于推进医疗云建设的通知\n各市卫生健康委：\n"
    "根据《国务院关于积极推进“互联网+”行动的指导意见》（国发〔2015〕40号），现通知如下。\n"
)
UPWARD = (
    "浙江省卫生健康委员会\n浙卫发〔2019〕12号    签发人：张三\n关于X的请示\n国家卫生健康委：\n现请示如下。\n"
)
PAREN_UNDER_TITLE = "国务院关于积极推进“互联网+”行动的指导意见\n（国发〔2015〕40号）\n各省、自治区、直辖市人民政府：\n正文。\n"
INLINE_META = "标题： 关于X的通知 发文字号： 国办发〔2016〕47号 发布日期： 2016年06月24日\n关于X的通知\n各省：\n正文。\n"
LATE = "关于X的通知\n各单位：\n正文。\n国发〔2015〕5号\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (HEADER, "国办发〔2015〕14号"),
        (META, "国办发〔2016〕47号"),
        (BODY_ONLY, None),  # a 文号 cited in the body is not the document's
        (UPWARD, "浙卫发〔2019〕12号"),
        (PAREN_UNDER_TITLE, "国发〔2015〕40号"),
        (LATE, None),
        (INLINE_META, "国办发〔2016〕47号"),
        ("", None),
    ],
)
def test_main_doc_number(text: str, expected: str | None) -> None:
    span = main_doc_number(text)
    assert (span.text if span else None) == expected
    if span is not None:
        assert text[span.start : span.end] == span.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("湖北省人民政府令\n第318号\n《湖北省政府网站管理办法》已经审议通过，现予公布。", "第318号"),
        ("郑州市人民政府通告\n2020年第3号\n郑州市人民政府关于复工复产的通告\n", "2020年第3号"),
        ("南京市人民政府通告\n（2006年第12号）\n关于调整通行管理措施的通告\n", "2006年第12号"),
        ("某某省人民代表大会常务委员会公告\n〔十三届〕第十六号\n《某某条例》已通过。", "〔十三届〕第十六号"),
    ],
)
def test_announcement_numbers(text, expected):
    span = main_doc_number(text)
    assert span is not None and span.text == expected and text[span.start : span.end] == expected


def test_a_number_line_without_a_mark_is_not_a_doc_number():
    assert main_doc_number("关于开展试点的通知\n第3号\n各市：") is None
