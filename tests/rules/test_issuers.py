"""发文机关: sources, order, canonical names, and the bodies that are not issuers."""

from __future__ import annotations

import pytest

from extractor.result import Span
from extractor.rules.issuers import find_issuers, registry_patterns

GOV = (
    "国务院办公厅文件\n国办发〔2015〕14号\n"
    "国务院办公厅关于印发全国医疗卫生服务体系规划纲要（2015—2020年）的通知\n"
    "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n"
    "《全国医疗卫生服务体系规划纲要（2015—2020年）》已经国务院同意，现印发给你们。"
    "参照《国家卫生计生委关于X的通知》（国卫规划发〔2014〕5号）。\n"
    "国务院办公厅\n2015年3月6日\n（此件公开发布）\n"
    "抄送：党中央各部门，国家卫生计生委，国家发展改革委。\n国务院办公厅秘书局 2015年3月8日印发"
)
JOINT = (
    "工业和信息化部\n国家发展改革委\n文件\n工信部联信软〔2017〕49号\n"
    "工业和信息化部 国家发展改革委关于印发《云计算发展三年行动计划（2017-2019年）》的通知\n"
    "各省、自治区、直辖市及计划单列市工业和信息化主管部门、发展改革委：\n现将行动计划印发给你们。\n"
    "工业和信息化部\n国家发展改革委\n2017年3月30日"
)
JOINT_ONE_LINE = (
    "国家发展改革委 工业和信息化部\n发改高技〔2016〕12号\n关于推进云计算的通知\n各省发展改革委：\n正文。\n"
    "国家发展改革委 工业和信息化部\n2016年5月4日"
)
THREE_SIGNERS = (
    "关于印发健康医疗云建设方案的通知\n国卫规划发〔2019〕8号\n各省、自治区、直辖市卫生健康委：\n正文。\n"
    "国家卫生健康委\n国家中医药局\n国家医保局\n2019年5月6日"
)
META = (
    "索引号：000014349/2016-00123\n主题分类：卫生、体育\\卫生\n发文机关：国家卫生健康委员会 国家中医药管理局\n"
    "成文日期：2018年07月12日\n标题：关于深入开展“互联网+医疗健康”便民惠民活动的通知\n"
    "发文字号：国卫规划发〔2018〕22号\n发布日期：2018年07月16日\n"
    "关于深入开展“互联网+医疗健康”便民惠民活动的通知\n各省、自治区、直辖市卫生健康委：\n正文。"
)
HEALTH_2012 = (
    "卫生部文件\n卫规财发〔2012〕5号\n卫生部关于加强卫生信息化建设的意见\n各省、自治区、直辖市卫生厅局：\n"
    "为推进卫生信息化。\n卫生部\n二〇一二年三月六日"
)
COUNTY = "安吉县人民政府关于推进智慧医疗建设的通知\n各乡镇人民政府：\n为推进医疗云建设。\n安吉县人民政府\n2019年5月6日"
SHORT_SIGNATURE = (
    "浙江省人民政府办公厅关于加快推进健康医疗大数据的实施意见\n浙政办发〔2018〕3号\n"
    "各市、县（市、区）人民政府，省政府直属各单位：\n全省推进。\n省政府办公厅\n2018年1月2日"
)
DOCNUMBER_ONLY = "关于推进云计算的通知\n国卫规划发〔2018〕5号\n各省卫生健康委：\n推进。"
DOCNUMBER_OLD_NAME = "关于推进信息化的通知\n国卫规划发〔2015〕5号\n各省卫生计生委：\n推进。"
TITLE_ONLY = "财政部 国家卫生健康委关于医疗云的通知\n各省财政厅：\n正文。"
NOTHING = "关于推进云计算的通知\n各单位：\n推进上云。"
AMBIGUOUS = "关于推进数字政府的通知\n汕府〔2019〕3号\n各区县：\n汕尾市各区要加强汕尾市数字化。"
WRAPPER = (
    "国务院办公厅转发卫生部等部门关于推进医疗信息化的意见的通知\n国办发〔2010〕5号\n"
    "各省、自治区、直辖市人民政府：\n卫生部等部门的意见已经国务院同意，现转发给你们。\n国务院办公厅\n2010年2月3日\n"
    "关于推进医疗信息化的意见\n卫生部\n国家发展改革委\n2010年1月5日"
)
SAME_LINE_DATE = "关于X的通知\n各单位：\n正文。\n深圳市人民政府办公厅 2019年6月1日"
MINISTRY_OFFICE = (
    "国家卫生健康委员会办公厅\n国卫办规划函〔2019〕3号\n国家卫生健康委办公厅关于X的通知\n各省：\n正文。\n"
    "国家卫生健康委办公厅\n2019年1月1日\n抄送：各省发展改革委。"
)
SECRET_HEADER = (
    "000123\n机密★1年\n特急\n中共中央办公厅\n国务院办公厅\n文件\n厅字〔2019〕12号\n"
    "中共中央办公厅 国务院办公厅关于X的意见\n各省、自治区、直辖市党委和人民政府：\n正文。\n"
    "中共中央办公厅\n国务院办公厅\n2019年1月1日"
)
INLINE_META = (
    "索引号： 000014349/2016-00123 主题分类： 卫生 发文机关： 国务院办公厅 成文日期： 2016年06月21日\n"
    "标题： 国务院办公厅关于促进健康医疗大数据发展的指导意见 发文字号： 国办发〔2016〕47号\n"
    "国务院办公厅关于促进健康医疗大数据发展的指导意见\n各省、自治区、直辖市人民政府：\n正文。"
)
UNKNOWN_CITY = (
    "湖州市大数据发展管理局文件\n关于X的通知\n各区县：\n正文。\n湖州市大数据发展管理局\n2020年1月1日"
)


def _names(text: str, **kw: object) -> list[str]:
    return [i.name for i in find_issuers(text, **kw)]  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (GOV, ["国务院办公厅"]),  # 抄送 bodies and the cited 国卫规划发 are not issuers
        (JOINT, ["工业和信息化部", "国家发展和改革委员会"]),
        (JOINT_ONE_LINE, ["国家发展和改革委员会", "工业和信息化部"]),
        (THREE_SIGNERS, ["国家卫生健康委员会", "国家中医药管理局", "国家医疗保障局"]),
        (META, ["国家卫生健康委员会", "国家中医药管理局"]),
        (HEALTH_2012, ["卫生部"]),
        (COUNTY, ["安吉县人民政府"]),
        (SHORT_SIGNATURE, ["浙江省人民政府办公厅"]),
        (DOCNUMBER_ONLY, ["国家卫生健康委员会"]),
        (DOCNUMBER_OLD_NAME, ["国家卫生和计划生育委员会"]),
        (TITLE_ONLY, ["财政部", "国家卫生健康委员会"]),
        (NOTHING, []),
        (AMBIGUOUS, ["汕尾市人民政府"]),
        (WRAPPER, ["国务院办公厅"]),  # the notice's issuer, not the wrapped document's
        (SAME_LINE_DATE, ["深圳市人民政府办公厅"]),
        (UNKNOWN_CITY, ["湖州市大数据发展管理局"]),
        (MINISTRY_OFFICE, ["国家卫生健康委员会办公厅"]),
        (SECRET_HEADER, ["中共中央办公厅", "国务院办公厅"]),
        (INLINE_META, ["国务院办公厅"]),
    ],
)
def test_issuers(text: str, expected: list[str]) -> None:
    found = find_issuers(text)
    assert [i.name for i in found] == expected
    assert all(text[i.span.start : i.span.end] == i.span.text for i in found)


@pytest.mark.parametrize(
    ("text", "index", "source", "level", "region", "in_registry", "form"),
    [
        (META, 0, "metadata", "national", None, True, "国家卫生健康委员会"),
        (GOV, 0, "header", "national", None, True, "国务院办公厅"),
        (THREE_SIGNERS, 2, "signature", "national", None, True, "国家医保局"),
        (COUNTY, 0, "signature", "county", None, False, "安吉县人民政府"),
        (SHORT_SIGNATURE, 0, "signature", "provincial", "浙江省", True, "省政府办公厅"),
        (DOCNUMBER_ONLY, 0, "doc_number", "national", None, True, "国卫规划发"),
        (TITLE_ONLY, 1, "title", "national", None, True, "国家卫生健康委"),
        (AMBIGUOUS, 0, "doc_number", "municipal", "广东省汕尾市", True, "汕府"),
        (UNKNOWN_CITY, 0, "header", "municipal", "浙江省湖州市", False, "湖州市大数据发展管理局"),
        (JOINT, 1, "header", "national", None, True, "国家发展改革委"),
    ],
)
def test_issuer_fields(
    text: str, index: int, source: str, level: str, region: str | None, in_registry: bool, form: str
) -> None:
    i = find_issuers(text)[index]
    assert (i.source, i.level, i.region, i.in_registry, i.span.text) == (
        source,
        level,
        region,
        in_registry,
        form,
    )


def test_addressee_is_not_issuer() -> None:
    text = "关于X的通知\n国家卫生健康委员会，国家医疗保障局：\n正文。"
    assert _names(text) == []


def test_cc_is_not_issuer() -> None:
    text = (
        "关于X的通知\n各单位：\n正文。\n抄送：国家发展改革委，财政部。\n国家卫生健康委办公厅 2019年1月2日印发"
    )
    assert _names(text) == []


def test_given_title_and_year() -> None:
    text = "卫生部关于X的通知\n各省：\n正文。"
    title = Span("卫生部关于X的通知", 0, 9)
    assert _names(text, title=title, doc_year=2012) == ["卫生部"]


def test_unknown_county_with_province() -> None:
    text = "浙江省安吉县人民政府文件\n安政发〔2019〕3号\n安吉县人民政府关于X的通知\n各乡镇：\n正文。"
    (i,) = find_issuers(text)
    assert (i.name, i.level, i.region, i.in_registry) == (
        "浙江省安吉县人民政府",
        "county",
        "浙江省安吉县",
        False,
    )


def test_registry_patterns_exposed() -> None:
    pats = registry_patterns()
    assert len(pats) > 1000
    assert all(p["label"] == "ORG" for p in pats)


def test_local_branch_of_national_body_is_one_unknown_body() -> None:
    text = "关于X的通知\n各区税务局：\n正文。\n国家税务总局天津市税务局\n2020年3月1日"
    (i,) = find_issuers(text)
    assert (i.name, i.level, i.region, i.in_registry) == (
        "国家税务总局天津市税务局",
        "provincial",
        "天津市",
        False,
    )


def test_county_region_from_city_in_text() -> None:
    text = "清徐县2025年大气污染防治工作方案\n根据《太原市空气质量持续改善行动计划实施方案》，制定本方案。\n清徐县人民政府办公室\n2025年3月1日"
    (i,) = find_issuers(text)
    assert (i.name, i.level, i.region) == ("清徐县人民政府办公室", "county", "山西省太原市清徐县")


def test_city_office_name_variant() -> None:
    text = "昆明市人民政府办公室文件\n昆政办〔2019〕58号\n昆明市人民政府办公室关于X的通知\n各县（市、区）人民政府：\n正文。"
    assert _names(text) == ["昆明市人民政府办公室"]


@pytest.mark.parametrize(
    "text, name",
    [
        (
            "宁夏回族自治区新型农村合作医疗信息管理暂行办法\n（2008年6月18日宁夏回族自治区卫生厅印发）\n第一章　总则",
            "宁夏回族自治区卫生厅",
        ),
        ("医疗机构预约诊疗服务管理办法（试行）\n（2011年8月3日卫生部发布）\n第一章　总则", "卫生部"),
        (
            "河北省国民经济和社会信息化“十一五”规划\n（2006年10月26日河北省人民政府第七十三次常务会议审议通过）\n一、现状",
            "河北省人民政府",
        ),
    ],
)
def test_the_adoption_note_under_a_title_names_the_issuer(text: str, name: str) -> None:
    from extractor.rules import extract

    found = extract(text).issuers
    assert [i.name for i in found] == [name]
    assert found[0].source == "note"
