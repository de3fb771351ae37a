"""Cited documents: 《title》 with 文号, issuer and year."""

from __future__ import annotations

import pytest

from extractor.rules.citations import find_citations


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "根据《国务院关于积极推进“互联网+”行动的指导意见》（国发〔2015〕40号），",
            [("国务院关于积极推进“互联网+”行动的指导意见", "国发〔2015〕40号", "国务院", 2015)],
        ),
        (
            "落实《国家卫生计生委关于印发〈“十三五”全国人口健康信息化发展规划〉的通知》(国卫规划发[2017]6号)",
            [
                (
                    "国家卫生计生委关于印发〈“十三五”全国人口健康信息化发展规划〉的通知",
                    "国卫规划发[2017]6号",
                    "国家卫生和计划生育委员会",
                    2017,
                )
            ],
        ),
        (
            "按照《关于推进健康医疗大数据的指导意见》（国卫办规划发〔2019〕3号）",
            [
                (
                    "关于推进健康医疗大数据的指导意见",
                    "国卫办规划发〔2019〕3号",
                    "国家卫生健康委员会办公厅",
                    2019,
                )
            ],
        ),
        ("依据《中华人民共和国网络安全法》", [("中华人民共和国网络安全法", None, None, None)]),
        (
            "《工业和信息化部 国家发展改革委关于印发云计算发展三年行动计划的通知》",
            [
                (
                    "工业和信息化部 国家发展改革委关于印发云计算发展三年行动计划的通知",
                    None,
                    "工业和信息化部",
                    None,
                )
            ],
        ),
        (
            "《卫生部关于X的意见》（卫医政发〔2012〕5号）和《云计算发展三年行动计划》",
            [
                ("卫生部关于X的意见", "卫医政发〔2012〕5号", "卫生部", 2012),
                ("云计算发展三年行动计划", None, None, None),
            ],
        ),
        (
            "《关于X的通知》（汕府〔2019〕3号）要求汕头市各区落实",
            [("关于X的通知", "汕府〔2019〕3号", "汕头市人民政府", 2019)],
        ),
        ("国发〔2015〕40号文件", []),  # no 《》: not a citation
        ("没有引用的句子。", []),
        ("《》", []),
    ],
)
def test_citations(text: str, expected: list[tuple[str, str | None, str | None, int | None]]) -> None:
    found = find_citations(text)
    assert [(c.title, c.doc_number, c.issuer, c.year) for c in found] == expected
    assert all(text[c.span.start : c.span.end] == c.span.text for c in found)


def test_span_covers_doc_number() -> None:
    text = "根据《国务院关于X的意见》（国发〔2015〕5号）执行"
    (c,) = find_citations(text)
    assert c.span.text == "《国务院关于X的意见》（国发〔2015〕5号）"
