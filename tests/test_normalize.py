import pytest

from extractor.normalize import (
    NormalizedText,
    RawLine,
    cjk_punctuation,
    is_heading,
    is_page_number,
    make_pipeline,
    nfkc,
    normalize_document,
    normalize_text,
    remove_han_spaces,
    to_simplified,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("２０１５年３月６日", "2015年3月6日"),  # full-width digits
        ("⽇期", "日期"),  # Kangxi radical U+2F47
        ("ＡＢＣ", "ABC"),
        ("到2020年，（一）：；！？", "到2020年，（一）：；！？"),  # Chinese punctuation kept full-width
        ("《规划》〔2015〕。、", "《规划》〔2015〕。、"),
        ("医疗\u3000卫生", "医疗 卫生"),
    ],
)
def test_nfkc(raw, expected):
    assert nfkc(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("到2020年,全省(区)完成:", "到2020年，全省（区）完成："),
        ("version 1.2, ok", "version 1.2, ok"),  # ASCII text untouched
        ("国发(2015)5号", "国发（2015）5号"),
    ],
)
def test_cjk_punctuation(raw, expected):
    assert cjk_punctuation(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("醫療衛生資訊", "医疗卫生资讯"),
        ("雲計算", "云计算"),
        ("医疗卫生", "医疗卫生"),  # already simplified: unchanged
    ],
)
def test_to_simplified(raw, expected):
    assert to_simplified(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("医 疗 卫 生", "医疗卫生"),
        ("医疗 ， 卫生", "医疗，卫生"),
        ("2020 年", "2020年"),  # a digit beside a Han character: stretched-line spacing too
        ("Cloud computing", "Cloud computing"),
    ],
)
def test_remove_han_spaces(raw, expected):
    assert remove_han_spaces(raw) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("— 3 —", True),
        ("- 12 -", True),
        ("第3页", True),
        ("第 3 页 共 10 页", True),
        ("3/10", True),
        ("到2020年", False),
        ("一、总体要求", False),
        ("— 附件 —", False),
    ],
)
def test_is_page_number(line, expected):
    assert is_page_number(line) is expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("一、总体要求", True),
        ("（三）加快建设", True),
        ("1.完善标准", True),
        ("（2）推进试点", True),
        ("第三条 本办法所称", True),
        ("附件：1.重点任务分工", True),
        ("1.5亿元用于建设", False),
        ("到2020年，全省", False),
    ],
)
def test_is_heading(line, expected):
    assert is_heading(line) is expected


def test_make_pipeline_chains_in_order():
    f = make_pipeline(nfkc, remove_han_spaces)
    assert f("医 疗 ２０２０") == "医疗2020"


def _page(lines, page, continues=None, indented=None):
    return [RawLine(t, page=page, continues=continues, indented=indented) for t in lines]


def test_rejoin_by_geometry_and_not_across_headings():
    page = [
        RawLine("一、总体要求", 1, continues=False, indented=True),
        RawLine("到2020年，医疗卫", 1, continues=True, indented=True),
        RawLine("生服务体系基本建成。", 1, continues=False, indented=False),
        RawLine("（一）加快建设", 1, continues=False, indented=True),
    ]
    nt = normalize_document([page])
    assert nt.text == "一、总体要求\n到2020年，医疗卫生服务体系基本建成。\n（一）加快建设"


def test_heading_is_never_joined_even_when_previous_line_is_full():
    page = [
        RawLine("各地要加快推进医疗卫生信息化建设，不断完善", 1, continues=True, indented=False),
        RawLine("二、主要任务", 1, continues=False, indented=False),
    ]
    assert normalize_document([page]).text.split("\n") == [
        "各地要加快推进医疗卫生信息化建设，不断完善",
        "二、主要任务",
    ]


def test_page_numbers_and_running_heads_dropped_and_pages_mapped():
    pages = [
        _page(["某某省人民政府公报", "第一页的正文内容。", "— 1 —"], 1),
        _page(["— 2 —", "某某省人民政府公报", "第二页的正文内容。"], 2),
        _page(["某某省人民政府公报", "第三页的正文内容。", "— 3 —"], 3),
    ]
    nt = normalize_document(pages)
    assert nt.text == "第一页的正文内容。\n第二页的正文内容。\n第三页的正文内容。"
    assert nt.page_of(nt.text.index("第二页")) == 2
    assert nt.page_of(nt.text.index("第三页")) == 3
    assert nt.locate(0) == (1, 2)  # the running head was line 1 of page 1


def test_hard_wrapped_text_is_rejoined():
    body = "各地区各部门要充分认识推进医疗卫生信息化的重要意义切实加强组织领导完善工作机制" * 3
    lines = [body[i : i + 20] for i in range(0, len(body), 20)]
    nt = normalize_text("\n".join([*lines, "一、总体要求"]))
    assert nt.text == body + "\n一、总体要求"


def test_short_lines_not_joined_in_plain_text():
    text = "国务院办公厅\n2013年5月6日"
    assert normalize_text(text).text == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("【标　　题】洛阳市公共数据安全管理暂行办法", ["标题：洛阳市公共数据安全管理暂行办法"]),
        ("【发布文号】洛政办〔2022〕61号", ["发布文号：洛政办〔2022〕61号"]),
        (
            "发文机关：福建省卫生健康委员会 成文日期：2019年03月15日",
            ["发文机关：福建省卫生健康委员会", "成文日期：2019年03月15日"],
        ),
        ("【案例】某市的做法", ["【案例】某市的做法"]),  # not a metadata label
        ("到2020年，完成建设", ["到2020年，完成建设"]),
    ],
)
def test_split_fields(line, expected):
    from extractor.normalize import split_fields

    assert split_fields(nfkc(line)) == expected


def test_date_lines_never_joined():
    page = [
        RawLine("二〇一一年八月二十二日", 1, continues=True, indented=False),
        RawLine("主题词：科技 云计算 意见", 2, continues=True, indented=False),
    ]
    assert normalize_document([page]).text == "二〇一一年八月二十二日\n主题词：科技云计算意见"


# -- the bulk path for plain text of many lines --------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from extractor import normalize as _normalize  # noqa: E402

_LINE_PIECES = [
    "年",
    "月",
    "日",
    "〔",
    "〕",
    "【",
    "】",
    "[",
    "]",
    "（",
    "）",
    "(",
    ")",
    "，",
    "。",
    "、",
    "：",
    ":",
    "；",
    "—",
    "1",
    "2",
    "3",
    "国发",
    "号",
    "第",
    "页",
    "医疗",
    "云計算",
    "體系",
    " ",
    "  ",
    "\u3000",
    "\t",
    "a",
    "B",
    "— 3 —",
    "第2页",
    "3/10",
    "索引号：",
    "发文字号：",
    "2015年3月6日",
    "二〇一五年三月六日",
    "一、",
    "（二）",
    "2018年12",  # dates broken over two lines (a narrow table cell)
    "月底前",
    "2019年",
    "6月",
    "2020",
    "年底",
    "前",
]


def _reference(text: str) -> NormalizedText:
    lines = [RawLine(t, page=1, indented=_normalize._leading_indent(t)) for t in text.splitlines()]
    return normalize_document([lines])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_LINE_PIECES), max_size=8).map("".join), max_size=60))
def test_bulk_path_equals_the_line_by_line_path(lines: list[str]) -> None:
    text = "\n".join(lines)
    bulk = _normalize._normalize_plain_bulk(text.splitlines(), simplify=True)
    if bulk is not None:  # None: metadata rows, left to the line-by-line path
        assert bulk == _reference(text)


def test_bulk_path_on_corpus_documents_hard_wrapped_and_not() -> None:
    from pathlib import Path

    docs = sorted(Path(__file__).parent.parent.joinpath("corpus", "docs").glob("*.txt"))[::7]
    assert docs
    for path in docs:
        text = path.read_text(encoding="utf-8")
        flat = text.replace("\n", "")
        for variant in (text, "\n".join(flat[i : i + 28] for i in range(0, len(flat), 28))):
            bulk = _normalize._normalize_plain_bulk(variant.splitlines(), simplify=True)
            if bulk is not None:
                assert bulk == _reference(variant), path.name


def test_normalize_text_takes_the_bulk_path_for_many_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    real = _normalize._normalize_plain_bulk
    monkeypatch.setattr(_normalize, "_normalize_plain_bulk", lambda *a, **k: calls.append(1) or real(*a, **k))
    text = "年\n" * 3000
    assert normalize_text(text).text == "\n".join(["年"] * 3000)
    assert calls


@settings(max_examples=300, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("医疗云，（）：；！？,()ＡＢ１２　ﬁ①\u00a0\U000f0000\U000f0003 a\n")),
        max_size=80,
    )
)
def test_nfkc_equals_parking_by_translate(text: str) -> None:
    """nfkc parks the protected full-width marks with str.replace; the same as NFKC between two
    str.translate calls (the plain definition), including text that holds a parking code point itself."""
    import unicodedata

    from extractor.normalize import _PARK, _PROTECTED

    unpark = {v: chr(k) for k, v in _PARK.items()}
    reference = unicodedata.normalize("NFKC", text.translate(_PARK)).translate(unpark)
    assert nfkc(text) == reference
    assert set(_PROTECTED) <= set(nfkc("".join(_PROTECTED)))


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        ("1 建成全省健康医疗云平台 省卫生健康委 2018年12", "月底前", "2018年12月底前"),
        ("二级以上医院全部接入 省卫生健康委 2019年", "6月", "2019年6月"),
        ("基层机构上云率达到90% 各市卫生健康委 2020年底", "前", "2020年底前"),
        ("于2020", "年底前完成部署", "于2020年底前完成部署"),
        ("2021年3月", "底前", "2021年3月底前"),
    ],
)
def test_a_date_broken_over_two_lines_is_joined(first: str, second: str, joined: str) -> None:
    """A narrow table cell (完成时限) wraps its date; the continuation sits far right (indented) and the
    row above does not reach the right edge — the date is joined all the same."""
    pages = [
        [
            RawLine(first, page=1, continues=False, size=16.0),
            RawLine(second, page=1, continues=False, indented=True, size=16.0),
        ]
    ]
    text = normalize_document(pages).text
    assert joined in text and "\n" not in text


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("到2019年", "一、总体要求"),  # a heading follows
        ("工作安排如下：", "2019年6月"),  # the first line is complete
        ("省卫生健康委", "2019年3月5日"),  # a date line stands alone
        ("第二阶段（2019年", "6个月内完成）"),  # 6个月 is not a month of 2019
    ],
)
def test_lines_that_only_look_like_a_broken_date_stay_apart(first: str, second: str) -> None:
    pages = [[RawLine(first, page=1, continues=False), RawLine(second, page=1, continues=False)]]
    assert normalize_document(pages).text == f"{first}\n{second}"
