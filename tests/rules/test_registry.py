"""The issuer registry: lookups, years, matching, 文号 prefixes."""

from __future__ import annotations

import pytest

from extractor.rules.registry import load_registry, registry_patterns


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("国家发展改革委", None, "国家发展和改革委员会"),
        ("发展改革委", None, "国家发展和改革委员会"),
        ("工信部", None, "工业和信息化部"),
        ("人力资源社会保障部", None, "人力资源和社会保障部"),
        ("人社部", None, "人力资源和社会保障部"),
        ("住房城乡建设部", None, "住房和城乡建设部"),
        ("市场监管总局", None, "国家市场监督管理总局"),
        ("国务院国资委", None, "国务院国有资产监督管理委员会"),
        ("国家卫生健康委", None, "国家卫生健康委员会"),
        ("卫健委", None, "国家卫生健康委员会"),
        ("医保局", None, "国家医疗保障局"),
        ("国家中医药局", None, "国家中医药管理局"),
        ("中央网信办", None, "中央网络安全和信息化委员会办公室"),
        ("中华人民共和国工业和信息化部", None, "工业和信息化部"),
        ("卫生部", 2012, "卫生部"),
        ("国家卫生计生委", 2016, "国家卫生和计划生育委员会"),
        ("广电总局", 2010, "国家广播电影电视总局"),
        ("广电总局", 2020, "国家广播电视总局"),
        ("国信办", 2005, "国务院信息化工作办公室"),
        ("国信办", 2016, "国家互联网信息办公室"),
        ("深圳市政府", None, "深圳市人民政府"),
        ("浙江省卫健委", None, "浙江省卫生健康委员会"),
        ("北京市人民政府办公厅", None, "北京市人民政府办公厅"),
        ("新疆维吾尔自治区人民政府", None, "新疆维吾尔自治区人民政府"),
        ("苏州市人民政府办公室", None, "苏州市人民政府办公室"),
        ("贵州省大数据发展管理局", None, "贵州省大数据发展管理局"),
        ("国家卫生健康委办公厅", None, "国家卫生健康委员会办公厅"),
        ("人社部办公厅", None, "人力资源和社会保障部办公厅"),
        # negatives: bare local short forms and non-bodies are not in the registry
        ("市卫健委", None, None),
        ("省政府", None, None),
        ("卫生部门", None, None),
        ("云计算", None, None),
    ],
)
def test_lookup(name: str, year: int | None, expected: str | None) -> None:
    a = load_registry().lookup(name, year=year)
    assert (a.canonical if a else None) == expected


@pytest.mark.parametrize(
    ("canonical", "level", "region", "successor"),
    [
        ("卫生部", "national", None, "国家卫生和计划生育委员会"),
        ("国家卫生和计划生育委员会", "national", None, "国家卫生健康委员会"),
        ("信息产业部", "national", None, "工业和信息化部"),
        ("中国银行保险监督管理委员会", "national", None, "国家金融监督管理总局"),
        ("深圳市人民政府", "municipal", "广东省深圳市", None),
        ("浙江省卫生厅", "provincial", "浙江省", "浙江省卫生和计划生育委员会"),
        ("北京市教育委员会", "provincial", "北京市", None),
    ],
)
def test_attributes(canonical: str, level: str, region: str | None, successor: str | None) -> None:
    a = load_registry().get(canonical)
    assert a is not None
    assert (a.level, a.region, a.successor) == (level, region, successor)


def test_all_31_provincial_governments() -> None:
    reg = load_registry()
    govs = [a for a in reg.agencies if a.kind == "provincial_government"]
    assert len(govs) == 31
    assert all(reg.get(a.canonical + "办公厅") is not None for a in govs)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国家发展改革委 工业和信息化部关于", ["国家发展和改革委员会", "工业和信息化部"]),
        ("各省、自治区、直辖市卫生健康委，国家中医药局", ["国家中医药管理局"]),
        ("各级卫生部门和教育部门", []),
        ("深圳卫健委、市发展改革委", []),
        ("浙江省人民政府办公厅", ["浙江省人民政府办公厅"]),
    ],
)
def test_find_all(text: str, expected: list[str]) -> None:
    found = load_registry().find_all(text)
    assert [a.canonical for _, _, a in found] == expected
    assert all(text[s:e] in a.surfaces or text[s:e].startswith("中华人民共和国") for s, e, a in found)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("国发", ["国务院"]),
        ("国办发", ["国务院办公厅"]),
        ("工信部联信软", ["工业和信息化部"]),
        ("工信部联XX", ["工业和信息化部"]),
        ("发改高技", ["国家发展和改革委员会"]),
        ("发改办高技", ["国家发展和改革委员会办公厅"]),
        ("国卫规划发", ["国家卫生和计划生育委员会", "国家卫生健康委员会"]),
        ("国卫办规划发", ["国家卫生和计划生育委员会办公厅", "国家卫生健康委员会办公厅"]),
        ("工信厅信软", ["工业和信息化部办公厅"]),
        ("卫医政发", ["卫生部"]),
        ("卫办发", ["卫生部办公厅"]),
        ("京政发", ["北京市人民政府"]),
        ("粤府办", ["广东省人民政府办公厅"]),
        ("汕府", ["汕头市人民政府", "汕尾市人民政府"]),
        ("深府", ["深圳市人民政府"]),
        ("湖政发", []),
    ],
)
def test_docnumber_prefix(code: str, expected: list[str]) -> None:
    assert [a.canonical for a in load_registry().docnumber_prefix(code)] == expected


def test_prefix_table_is_large_and_consistent() -> None:
    reg = load_registry()
    assert len(reg.prefixes()) >= 200
    for p in reg.prefixes():
        for c in p.candidates:
            assert reg.get(c) is not None, (p.prefix, c)


@pytest.mark.parametrize(
    ("code", "year", "context", "expected"),
    [
        ("国卫规划发", 2016, None, "国家卫生和计划生育委员会"),
        ("国卫办规划发", 2019, None, "国家卫生健康委员会办公厅"),
        ("汕府", 2019, "汕尾市各县区", "汕尾市人民政府"),
        ("汕府", 2019, "汕头市各区", "汕头市人民政府"),
        ("农市发", 2015, None, "农业部"),
        ("农市发", 2020, None, "农业农村部"),
    ],
)
def test_pick(code: str, year: int, context: str | None, expected: str) -> None:
    reg = load_registry()
    a = reg.pick(reg.docnumber_prefix(code), year=year, context=context)
    assert a is not None and a.canonical == expected


def test_names_longest_first_and_patterns() -> None:
    names = load_registry().names()
    assert all(len(names[i][0]) >= len(names[i + 1][0]) for i in range(len(names) - 1))
    pats = registry_patterns()
    assert {"label": "ORG", "pattern": "国家发展改革委", "id": "国家发展和改革委员会"} in pats


def test_find_all_on_long_text() -> None:
    text = "国家卫生健康委员会关于" * 10_000 + "国" * 100_000
    assert len(load_registry().find_all(text)) == 10_000
