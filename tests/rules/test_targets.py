"""Targets (发展目标): deadlines, spans and figures (extractor.rules.targets)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from extractor.rules.targets import find_figures, find_targets, plan_periods

GOLD = Path(__file__).resolve().parents[2] / "evaluation" / "gold" / "time_cases.jsonl"

# (text, doc_year, [(deadline, cue), ...])
CASES: list[tuple[str, int | None, list[tuple[int | None, str]]]] = [
    # absolute deadlines
    ("到2020年，云计算应用基本普及。", 2016, [(2020, "到2020年")]),
    ("力争到2025年，建成10个国家级示范区。", 2021, [(2025, "力争到2025年")]),
    ("争取到2018年，所有县级医院接入远程医疗平台。", 2016, [(2018, "争取到2018年")]),
    ("计划到2022年，建成5G基站5000个。", 2021, [(2022, "计划到2022年")]),
    ("预计到2020年，产业规模突破1000亿元。", 2017, [(2020, "预计到2020年")]),
    ("至2020年，全面建立分级诊疗制度。", 2015, [(2020, "至2020年")]),
    ("2019年底前，全省二级以上医院全部接入省级平台。", 2018, [(2019, "2019年底前")]),
    ("2018年6月底前，完成政务信息系统整合。", 2017, [(2018, "2018年6月底前")]),
    ("2018年6月30日前完成系统迁移。", 2018, [(2018, "2018年6月30日前")]),
    ("2020年前，实现电子健康卡全覆盖。", 2018, [(2020, "2020年前")]),
    ("2020年以前，基本建成健康医疗大数据中心。", 2017, [(2020, "2020年以前")]),
    ("2020年之前，基本建成健康医疗大数据中心。", 2017, [(2020, "2020年之前")]),
    ("到2020年末，全市建成千兆光网城市20座。", 2019, [(2020, "到2020年末")]),
    ("到2020年底，全省政务云平台覆盖率达到100%。", 2018, [(2020, "到2020年底")]),
    ("力争在2018年底前完成全部迁移上云工作。", 2017, [(2018, "力争在2018年底前")]),
    ("各市要在2017年底前建成区域人口健康信息平台。", 2016, [(2017, "要在2017年底前")]),
    ("于2017年底完成全部改造。", 2016, [(2017, "于2017年底")]),
    ("到2035年，基本实现社会主义现代化。", 2021, [(2035, "到2035年")]),
    ("到二〇二〇年，基本建立覆盖城乡居民的基本医疗卫生制度。", 2009, [(2020, "到二〇二〇年")]),
    ("到二○二○年，全面建成小康社会。", 2012, [(2020, "到二○二○年")]),
    ("到２０２０年，全面建成小康社会。", 2012, [(2020, "到２０２０年")]),
    ("到2025年，全省健康医疗大数据应用体系基本建成。", 2021, [(2025, "到2025年")]),
    ("到2025年，全省健康医疗大数据应用体系基本建成。", None, [(2025, "到2025年")]),
    # several deadlines
    (
        "到2020年，云计算应用基本普及；到2025年，全面建成数字政府。",
        2016,
        [(2020, "到2020年"), (2025, "到2025年")],
    ),
    ("到2018年，建成10个示范区，到2020年，推广到全省。", 2016, [(2018, "到2018年"), (2020, "到2020年")]),
    ("用三年时间，到2020年，基本实现信息互联互通。", 2017, [(2020, "到2020年")]),
    ("“十三五”期间，到2020年，全省健康产业规模达到1万亿元。", 2016, [(2020, "到2020年")]),
    # relative deadlines
    ("用两年时间，基本完成政务信息系统迁移上云。", 2017, [(2019, "用两年时间")]),
    ("用两年时间，基本完成政务信息系统迁移上云。", None, [(None, "用两年时间")]),
    ("用3年左右时间，建成全省统一的健康信息平台。", 2016, [(2019, "用3年左右时间")]),
    ("用三年左右的时间，建成全省统一平台。", 2016, [(2019, "用三年左右的时间")]),
    ("用1-2年时间，完成全部试点任务。", 2018, [(2020, "用1-2年时间")]),
    ("用一到两年时间，形成可复制推广的经验。", 2019, [(2021, "用一到两年时间")]),
    ("经过五年努力，全面建成智慧医疗服务体系。", 2016, [(2021, "经过五年努力")]),
    ("3年内，电子病历普及率提高到百分之九十。", 2018, [(2021, "3年内")]),
    ("在两年内实现全省医保结算系统联网。", 2017, [(2019, "两年内")]),
    # plan periods
    ("“十四五”期间，全省新建数据中心机架5万个。", 2021, [(2025, "“十四五”期间")]),
    ("十四五期间，全面推进医疗机构上云。", 2021, [(2025, "十四五期间")]),
    ("十三五时期，全面建成健康医疗大数据应用体系。", 2016, [(2020, "十三五时期")]),
    ("“十三五”末，全省基本实现信息惠民。", 2016, [(2020, "“十三五”末")]),
    ("十二五期间，建设10个云计算服务创新试点城市。", 2011, [(2015, "十二五期间")]),
    ("“十一五”期间，初步建立卫生信息化框架。", 2006, [(2010, "“十一五”期间")]),
    ("“十五五”时期，基本建成数字中国。", 2026, [(2030, "“十五五”时期")]),
    ("“十五”期间，全省建成电子政务网络。", 2001, [(2005, "“十五”期间")]),
    ("“十四五”末，全省县域医共体全部实现上云。", 2021, [(2025, "“十四五”末")]),
    # staged horizons
    ("近期（2016—2018年）：建成省级平台，接入医院300家。", 2016, [(2018, "近期（2016—2018年）")]),
    ("中期（2019—2020年）：全面推广应用。", 2016, [(2020, "中期（2019—2020年）")]),
    ("远期目标（到2030年）：全面建成健康中国。", 2016, [(2030, "到2030年")]),
    ("第一阶段（2017—2018年）：完成试点城市建设。", 2017, [(2018, "第一阶段（2017—2018年）")]),
    # a bare year opening a clause (or a comma-clause): this year's plan from doc_year on, else history
    ("2009年，全省新农合参合率稳定在90%以上。", 2009, [(2009, "2009年")]),
    ("2009年，全省新农合参合率稳定在90%以上。", 2010, []),
    ("2009年，全省新农合参合率稳定在90%以上。", None, []),
    ("（一）做好宣传动员工作，2009年全省新农合参合率稳定在90%以上。", 2009, [(2009, "2009年")]),
    ("2014年：统一平台全面上线运行。", 2014, [(2014, "2014年")]),
    ("2019年内对各县级追溯管理人员培训一遍。", 2019, [(2019, "2019年内")]),
    ("其中2022年筹集建设不少于2.5万套。", 2021, [(2022, "2022年")]),
    ("2018年起，在各省全面推开。", 2018, []),
    ("2023年度企业所得税汇算清缴按照此前有关规定执行。", 2023, []),
    ("2014年全国普通高校毕业生预计达727万人。", 2014, []),
    ("2009年春节前后，各地要组织开展春风行动。", 2009, []),
    # ranges and stages opening a clause
    ("2014年至2017年，力争实现引领80万大学生创业。", 2014, [(2017, "2014年至2017年")]),
    ("利用2022年至2024年三年时间，全面推开DRG付费。", 2021, [(2024, "用2022年至2024年三年时间")]),
    ("2.推进阶段（2011—2012年）。建成首批数据中心。", 2011, [(2012, "推进阶段（2011—2012年）")]),
    ("夯基提升期（2021年）。完成顶层设计。", 2021, [(2021, "夯基提升期（2021年）")]),
    ("（二）全面重建阶段（2009年1月至2010年9月）。", 2009, [(2010, "全面重建阶段（2009年1月至2010年9月）")]),
    # this year
    ("6月底前完成一次综合应急演练。", 2008, [(2008, "6月底前")]),
    ("年底前完成全部整改。", 2019, [(2019, "年底前")]),
    ("今年年底前，全部完成整改。", 2019, [(2019, "今年年底前")]),
    ("招录工作原则上在毕业学年内完成。", 2022, []),
    ("今年5月下旬，太湖水域蓝藻暴发。", 2007, []),
    # plan periods must open the clause or follow 到/至/在/于
    ("为系统谋划“十四五”时期全民健康信息化发展，制定本规划。", 2021, []),
    ("国家发展改革委办公厅关于做好“十五五”时期新型基础设施重大项目谋划储备工作的通知", 2025, []),
    ("“十二五”末，全国纳税人网上申报率达到85%以上。", 2011, [(2015, "“十二五”末")]),
    # more validity, compliance, submission
    ("规划期为2021年至2025年，远期展望至2035年。", 2021, []),
    ("本方案自印发之日起实施，试点期至2020年12月31日。", 2019, []),
    ("应在2013年6月30日前按规定补办许可手续，逾期未办理的，不得继续经营。", 2013, []),
    ("各单位要于2014年10月31日前确定信息化联络员，并将名单报市卫生局规划信息处。", 2014, []),
    ("各市要于2019年1月31日前制定具体实施方案，报自治区卫生健康委备案。", 2019, []),
    ("我委将于2019年9月底前完成复核工作。", 2019, []),
    ("到2008年，全省乡镇卫生院全部实现网络直报，报告及时率达到98%以上。", 2006, [(2008, "到2008年")]),
    ("2021年底前，全省二级以上医疗机构完成等级保护定级备案。", 2021, [(2021, "2021年底前")]),
    # two cues with one deadline: one target
    (
        "省属医疗机构2019年6月底前完成接入，二级医院2019年12月底前完成接入。",
        2019,
        [(2019, "2019年6月底前")],
    ),
    # negatives: validity, submission, meetings
    ("本办法自2014年1月1日起施行，有效期至2020年12月31日。", 2014, []),
    ("本实施细则有效期为2016年1月1日至2020年12月31日。", 2016, []),
    ("本规划有效期5年。", 2016, []),
    ("本办法实施至2020年12月31日。", 2016, []),
    ("本通知2020年12月31日前有效。", 2016, []),
    ("请于2016年6月30日前报送至省发展改革委。", 2016, []),
    ("各地要于2016年底前将实施方案报国家发展改革委。", 2016, []),
    ("请各单位于2017年3月31日前将总结材料报送我委规划司。", 2017, []),
    ("请于2018年5月20日前报到。", 2018, []),
    ("2017年4月30日前上报年度总结。", 2017, []),
    ("会议定于2016年3月15日召开。", 2016, []),
    ("自2016年起，各地每年组织一次评估。", 2016, []),
    # negatives: 文号, cited titles, plan names, ranges
    ("国发〔2015〕40号", 2015, []),
    ("根据《国务院关于印发“十三五”卫生与健康规划的通知》（国发〔2016〕77号）", 2017, []),
    ("关于印发《云计算发展三年行动计划（2017—2019年）》的通知", 2017, []),
    ("落实《到2020年全省信息化发展纲要》。", 2016, []),
    ("浙江省智慧健康发展规划（2016—2020年）", 2016, []),
    ("2016年至2020年全省信息化规划纲要", 2016, []),
    ("依据《2016—2020年全国卫生信息化发展规划》开展工作。", 2016, []),
    # negatives: the past, statements, headings
    ("2015年，全省完成信息化投资120亿元。", 2016, []),
    ("截至2015年底，全省已建成数据中心10个。", 2016, []),
    ("到2015年底，全省已实现县级医院信息化全覆盖。", 2016, []),
    ("到2015年底，全省已实现县级医院信息化全覆盖。", None, []),
    ("十二五期间，我省信息化建设取得显著成效。", 2016, []),
    ("“十三五”以来，我省数字经济快速发展。", 2021, []),
    ("十三五时期是全面建成小康社会的决胜阶段。", 2016, []),
    ("三、到2020年主要目标", 2016, []),
    ("（二）“十四五”时期发展目标", 2021, []),
    ("近三年内未发生重大安全事故的企业可以申报。", 2016, []),
    ("全面推进健康医疗大数据应用发展。", 2016, []),
    ("", 2016, []),
]


@pytest.mark.parametrize(("text", "doc_year", "expected"), CASES)
def test_find_targets(text: str, doc_year: int | None, expected: list[tuple[int | None, str]]) -> None:
    got = find_targets(text, doc_year=doc_year)
    assert [(t.deadline, t.cue) for t in got] == expected
    for t in got:
        assert text[t.span.start : t.span.end] == t.span.text
        assert t.span.page is None
        for f in t.figures:
            assert text[f.span.start : f.span.end] == f.span.text
            assert t.span.start <= f.span.start and f.span.end <= t.span.end


@pytest.mark.parametrize(
    ("text", "spans"),
    [
        ("到2020年，云计算应用基本普及。", ["到2020年，云计算应用基本普及。"]),
        (
            "（一）发展目标。到2020年，建成一批示范项目；到2025年，全面普及。",
            ["到2020年，建成一批示范项目；", "到2025年，全面普及。"],
        ),
        ("主要目标：到2020年，全省电子病历应用达到4级。", ["到2020年，全省电子病历应用达到4级。"]),
        ("1.到2019年，全省三级医院全部接入。", ["到2019年，全省三级医院全部接入。"]),
        ("（3）2019年底前，完成迁移", ["2019年底前，完成迁移"]),
        (
            "到2018年，建成10个示范区，到2020年，推广到全省。",
            ["到2018年，建成10个示范区", "到2020年，推广到全省。"],
        ),
        ("近期（2016—2018年）：建成省级平台。", ["近期（2016—2018年）：建成省级平台。"]),
        (
            "现提出如下意见。全省二级以上医院2019年底前全部接入平台，实现互联互通。其他医院逐步接入。",
            ["全省二级以上医院2019年底前全部接入平台，实现互联互通。"],
        ),
        ("第一行\n到2020年，建成平台\n第三行", ["到2020年，建成平台"]),
    ],
)
def test_spans(text: str, spans: list[str]) -> None:
    assert [t.span.text for t in find_targets(text, doc_year=2016)] == spans


# (text, [(value, unit), ...]) -- figures of one target
FIGURES: list[tuple[str, list[tuple[float, str]]]] = [
    ("到2020年，覆盖率达到90%以上。", [(90, "%")]),
    ("到2020年，培育十个龙头企业，带动就业两万人。", [(10, "个"), (2, "万人")]),
    ("到2020年，相关产业规模超过两万亿元。", [(2, "万亿元")]),
    ("到2025年，总规模达到2万亿元。", [(2, "万亿元")]),
    ("到2020年，重点企业上云比例提高5个百分点。", [(5, "百分点")]),
    ("到2020年，比重提高3百分点。", [(3, "百分点")]),
    ("到2022年，新增上云企业1000家、上云设备10万台。", [(1000, "家"), (10, "万台")]),
    ("到2020年，建成健康小屋100所，开展服务项目20项。", [(100, "所"), (20, "项")]),
    ("到2020年，建档率达到百分之九十以上。", [(90, "%")]),
    ("到2020年，达标率达到百分之九十五。", [(95, "%")]),
    ("到2025年，存储能力达到500PB，出口带宽提高2倍。", [(500, "PB"), (2, "倍")]),
    ("到2020年，发放社会保障卡1,200万张，新建光缆3000条。", [(1200, "万张"), (3000, "条")]),
    ("到2020年，费用负担下降5‰，每户补助500元。", [(5, "‰"), (500, "元")]),
    ("到2020年，新建数据中心3座，服务器2000台、存储设备50套。", [(3, "座"), (2000, "台"), (50, "套")]),
    ("到2020年，签约服务覆盖300万户，培训基层人员5000人。", [(300, "万户"), (5000, "人")]),
    ("到2020年，完成投资50亿元，其中财政资金2.5亿元。", [(50, "亿元"), (2.5, "亿元")]),
    ("到2020年，覆盖率20%—30%。", [(20, "%"), (30, "%")]),
    ("到2020年，补助资金每人每年三千五百元。", [(3500, "元")]),
    ("到2025年，全省5G用户普及率达到70%。", [(5, "G"), (70, "%")]),
    ("到2020年，千兆宽带用户达到300万户。", [(300, "万户")]),
    ("到2020年，建成１０个示范区。", [(10, "个")]),
    # not figures
    ("到2020年，实现全省一张网、一个平台、一条龙服务。", []),
    ("到2020年，用3个月完成第三个试点。", []),
    ("到2020年，建成第12个示范区。", []),
    ("到2020年，服务人次大幅增长。", []),
    ("用3年时间，全面建成平台。", []),
]


@pytest.mark.parametrize(("text", "expected"), FIGURES)
def test_figures(text: str, expected: list[tuple[float, str]]) -> None:
    (t,) = find_targets(text, doc_year=2016)
    assert [(f.value, f.unit) for f in t.figures] == [(float(v), u) for v, u in expected]


def test_find_figures_offsets() -> None:
    text = "前文。总规模达到2万亿元，覆盖率达到百分之九十。"
    figs = find_figures(text, 3, len(text))
    assert [(f.span.text, f.span.start) for f in figs] == [("2万亿元", 8), ("百分之九十", 18)]


def test_plan_periods_table() -> None:
    table = plan_periods()
    assert table["十二五"][1] == 2015
    assert table["十三五"][1] == 2020
    assert table["十四五"][1] == 2025
    assert table["十五五"][1] == 2030
    assert table["十一五"][1] == 2010


LIST = """到2015年，建成覆盖全市的卫生信息网络体系，主要指标如下：
（一）建成市级卫生信息平台和6个区级平台，全市公立医疗卫生机构100%接入平台。
（二）居民电子健康档案建档率达到80%以上。
（三）到2014年，预约诊疗比例达到30%以上。
第三章 主要任务
一、建设市、区两级卫生信息平台，实现互联互通。"""

LIST_DASH = """到2020年，信息化发展水平进入全国中上行列。具体目标是：
——信息基础设施全面升级。固定宽带家庭普及率达到80%以上，4G网络实现城乡全覆盖。
——政务信息化水平明显提升。省级部门业务系统迁移上云比例达到90%以上。
（四）主要任务"""


def test_list_items_inherit_the_lead_deadline() -> None:
    got = [(t.deadline, t.span.text) for t in find_targets(LIST, doc_year=2013)]
    assert got == [
        (2015, "到2015年，建成覆盖全市的卫生信息网络体系，主要指标如下："),
        (2015, "建成市级卫生信息平台和6个区级平台，全市公立医疗卫生机构100%接入平台。"),
        (2015, "居民电子健康档案建档率达到80%以上。"),
        (2014, "到2014年，预约诊疗比例达到30%以上。"),
    ]
    dash = find_targets(LIST_DASH, doc_year=2016)
    assert [(t.deadline, t.span.text) for t in dash[1:]] == [
        (2020, "固定宽带家庭普及率达到80%以上，4G网络实现城乡全覆盖。"),
        (2020, "省级部门业务系统迁移上云比例达到90%以上。"),
    ]
    assert [(f.value, f.unit) for f in dash[1].figures] == [(80.0, "%"), (4.0, "G")]


def test_no_list_without_a_goal_lead() -> None:
    text = "用三年左右时间，完成县级医疗卫生机构重建，具体要求：\n1.每个行政村建设1所标准化村卫生室。"
    assert [t.deadline for t in find_targets(text, doc_year=2008)] == [2011]


def test_relative_deadline_uses_doc_year_not_the_clock() -> None:
    text = "用两年时间，基本完成迁移。"
    assert find_targets(text, doc_year=2010)[0].deadline == 2012
    assert find_targets(text, doc_year=2030)[0].deadline == 2032


def _gold() -> list[dict[str, object]]:
    with GOLD.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.mark.skipif(not GOLD.exists(), reason="gold file missing")
def test_gold_file_targets() -> None:
    cases = _gold()
    assert len(cases) >= 150
    wrong = []
    for c in cases:
        doc_year = c["doc_year"]
        assert doc_year is None or isinstance(doc_year, int)
        got = [
            {"deadline": t.deadline, "figures": [[f.value, f.unit] for f in t.figures]}
            for t in find_targets(str(c["text"]), doc_year=doc_year)
        ]
        targets = c["targets"]
        assert isinstance(targets, list)
        expected = [
            {"deadline": t["deadline"], "figures": [[float(v), u] for v, u in t["figures"]]} for t in targets
        ]
        if got != expected:
            wrong.append(c["id"])
    assert wrong == []


def test_a_year_numbering_an_announcement_is_not_a_deadline():
    assert find_targets("郑州市人民政府通告\n2020年第3号\n现通告如下：", doc_year=2020) == []


# -- layouts of the second-round corpus (task tables, stages, schedules) ---------------------------------


@pytest.mark.parametrize(
    "text, year, expected",
    [
        # a task-table row, cells run together by the normaliser, the completion time last
        ("5各县全部建立农村公路路长制各省级交通运输主管部门2020年12月", 2018, [2020]),
        ("市级健康医疗云建成投用 市卫生计生委 2018年12月", 2017, [2018]),
        ("4.医保智能审核系统／规则库、知识库、审核引擎／2018年6月／市人社局", 2017, [2018]),
        ("市级数据中心。牵头单位：市信息产业局；完成时限：2010年6月", 2009, [2010]),
        # not rows: a dated field, a date with no task, a sentence
        ("发布时间：2018年12月", 2018, []),
        ("2018年12月", 2018, []),
        # a year named as a stage, a quarter of this year, a half-year after 于
        ("2021年为启动部署阶段。各省份制定本地区实施方案，摸清公立医院信息化底数。", 2021, [2021]),
        ("第三季度：召开农村信息化工作现场会；发布第一批标准。", 2009, [2009]),
        ("于2017年上半年对试点工作进行中期评估。", 2016, [2017]),
        # a dated stage with its content on the same line: one target over the line
        (
            "（二）评估规划阶段（2021年4月至12月）。各城市完成数据中心摸底评估，编制布局优化方案。",
            2021,
            [2021],
        ),
        # a plan period only described is not a target; one with a commitment is
        ("“十三五”时期，以云计算为代表的新一代信息技术加速发展。", 2016, []),
        ("“十四五”期间，全省新建数据中心机架5万个。", 2021, [2025]),
    ],
)
def test_second_round_layouts(text: str, year: int, expected: list[int]) -> None:
    assert [t.deadline for t in find_targets(text, doc_year=year)] == expected


def test_stage_heading_target_runs_to_the_line_end() -> None:
    text = "（二）评估规划阶段（2021年4月至12月）。各城市完成数据中心摸底评估。\n三、保障措施"
    (t,) = find_targets(text, doc_year=2021)
    assert t.span.text.endswith("摸底评估。")


def test_a_completion_cell_on_its_own_line_is_a_row_but_a_signature_is_not() -> None:
    text = (
        "系统名称牵头单位完成时间\n市级行政审批网上服务系统市监察局\n2006年12月\n"
        "社会保险业务联网系统市劳动和社会保障局\n2007年6月\n说明：各牵头单位要按时完成。\n"
        "兰州市人民政府办公厅\n2006年12月"
    )
    found = find_targets(text, doc_year=2005)
    assert [t.deadline for t in found] == [2006, 2007]
    assert found[0].span.text.startswith("市级行政审批")
    # without a table header naming a completion time, a date alone on its line is no row
    assert find_targets("市级行政审批网上服务系统市监察局\n2006年12月", doc_year=2005) == []


@pytest.mark.parametrize(
    "text, year, expected",
    [
        ("2011年底，城镇基本医疗保险参保人数达到4.4亿人以上。", 2011, [2011]),
        ("2020年初暴发的新冠肺炎疫情，对医疗卫生体系形成了一次压力测试。", 2020, []),
        ("9.1到2023年底，各盟市全民健康信息平台全部迁移至健康云。", 2022, [2023]),
        ("19.2020年，在全国统一的医疗保障信息平台中全面应用各项编码标准。", 2019, [2020]),
        ("2025年工作的总体要求是：以习近平新时代中国特色社会主义思想为指导，全面推进数字化转型。", 2025, []),
        ("标题：2025年算力基础设施高质量发展工作要点", 2025, []),
        ("今年全省招募和选聘各类基层服务项目人员不少于4000人。", 2015, [2015]),
        ("“十四五”时期，数字经济加速发展，算力需求呈爆发式增长。", 2021, []),
        ("十三五时期，健康医疗大数据应用全面铺开。", 2016, [2020]),
    ],
)
def test_clause_openings_and_statements(text: str, year: int, expected: list[int]) -> None:
    assert [t.deadline for t in find_targets(text, doc_year=year)] == expected


# -- the windowed scans (targets.near) find exactly what a scan of the whole text finds ----------------------

_NEAR_CASES = ("_THIS_YEAR_CUE", "_THIS_YEAR_TRIGGERS"), ("_REL_CUE", "_REL_TRIGGERS")


def _spans(ms: object) -> list[tuple[int, int, tuple]]:
    return [(m.start(), m.end(), m.groups()) for m in ms]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("rx", "triggers"), _NEAR_CASES)
def test_windowed_scan_equals_the_whole_scan_on_the_corpus_and_hostile_texts(rx: str, triggers: str) -> None:
    from evaluation.bench_rules_adversarial import adversarial_inputs
    from extractor.rules import targets

    from ..conftest import ROOT

    pattern, trig = getattr(targets, rx), getattr(targets, triggers)
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "docs").glob("*.txt"))]
    texts += list(adversarial_inputs().values())
    found = 0
    for text in texts:
        whole = _spans(pattern.finditer(text))
        assert _spans(targets.near(pattern, text, trig)) == whole
        found += len(whole)
    assert found > 20  # the comparison saw real matches


_PIECES = st.sampled_from(
    ["用", "经过", "三", "两", "十", "12", "5", "到", "至", "年", "月", "日", "号", "底", "末", "前", "以前",
     "之前", "内", "之内", "左右", "的", "时间", "努力", "建设", "有效", "不得", "近", "每", "，", "\n", "医疗"]
)  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES, max_size=60).map("".join))
def test_windowed_scan_equals_the_whole_scan_on_any_text(text: str) -> None:
    from extractor.rules import targets

    for rx, triggers in _NEAR_CASES:
        pattern, trig = getattr(targets, rx), getattr(targets, triggers)
        assert _spans(targets.near(pattern, text, trig)) == _spans(pattern.finditer(text))
