import pytest

from extractor.rules.title import doc_type_of, find_addressees, find_title

HEADER = "国务院办公厅文件\n国办发〔2013〕12号\n"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            HEADER + "国务院办公厅关于促进健康服务业发展的若干意见\n各省、自治区、直辖市人民政府：\n正文。",
            "国务院办公厅关于促进健康服务业发展的若干意见",
        ),
        (
            HEADER + "国务院办公厅关于促进健康服务业\n发展的若干意见\n各省人民政府：\n正文。",
            "国务院办公厅关于促进健康服务业发展的若干意见",
        ),
        (
            "标题：国务院关于促进云计算创新发展培育信息产业新业态的意见\n发文字号：国发〔2015〕5号\n正文",
            "国务院关于促进云计算创新发展培育信息产业新业态的意见",
        ),
        (
            "云计算发展三年行动计划（2017—2019年）\n一、总体要求\n到2019年。",
            "云计算发展三年行动计划（2017—2019年）",
        ),
        ("浙江省数字政府建设规划（试行）\n为加快建设。", "浙江省数字政府建设规划（试行）"),
        ("关于印发《促进大数据发展行动纲要》的通知\n各省：", "关于印发《促进大数据发展行动纲要》的通知"),
    ],
)
def test_find_title(text, expected):
    span = find_title(text)
    assert span is not None and span.text == expected
    assert "".join(text[span.start : span.end].split("\n")) == expected


@pytest.mark.parametrize(
    "text",
    [
        "一、总体要求\n各地要加快推进医疗卫生信息化建设。",  # a heading is not a title
        "为贯彻落实国务院关于促进云计算发展的意见，现通知如下：\n",  # a sentence is not a title
        "",
    ],
)
def test_no_title(text):
    assert find_title(text) is None


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("国务院关于积极推进“互联网+”行动的指导意见", "指导意见"),
        ("关于印发《促进大数据发展行动纲要》的通知", "通知"),
        ("云计算发展三年行动计划（2017—2019年）", "行动计划"),
        ("北京市政务云管理办法（试行）", "管理办法"),
        ("某某情况说明", None),
    ],
)
def test_doc_type(title, expected):
    assert doc_type_of(title) == expected


def test_addressees_split_and_offsets():
    text = (
        HEADER
        + "国务院办公厅关于加快发展的通知\n各省、自治区、直辖市人民政府，国务院各部委、各直属机构：\n为贯彻……"
    )
    title = find_title(text)
    spans = find_addressees(text, title=title)
    assert [s.text for s in spans] == ["各省、自治区、直辖市人民政府", "国务院各部委、各直属机构"]
    for s in spans:
        assert text[s.start : s.end] == s.text


@pytest.mark.parametrize(
    "text",
    [
        "某某关于加快发展的通知\n现将有关事项通知如下：\n一、",  # a lead-in sentence ending in ：is not 主送
        "某某关于加快发展的通知\n发文机关：国务院\n",
    ],
)
def test_no_addressees(text):
    assert find_addressees(text, title=find_title(text)) == []


PORTAL = (
    "您现在的位置：首页 > 政务公开 > 通知公告\n来源：深圳市卫生健康委员会\n发布时间：2023-08-09 15:40字号：大中小分享：\n"
    "深圳市卫生健康委员会关于加快推进卫生健康行业云建设和应用的通知\n深卫健发〔2023〕41号\n各区卫生健康局，委属各单位：\n正文。"
)


def test_portal_furniture_is_not_the_title():
    span = find_title(PORTAL)
    assert span is not None
    assert span.text == "深圳市卫生健康委员会关于加快推进卫生健康行业云建设和应用的通知"


def test_portal_copy_keeps_its_doc_number():
    from extractor.rules.docnumber import main_doc_number

    span = main_doc_number(PORTAL)
    assert span is not None and span.text == "深卫健发〔2023〕41号"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "名称：四川省人民政府办公厅关于加快推进全省政务云建设和应用的实施意见\n正文",
            "四川省人民政府办公厅关于加快推进全省政务云建设和应用的实施意见",
        ),
        (
            "吉林省人民政府文件\n吉政发〔2023〕9号\n吉林省人民政府关于加快推进数字经济高质量发展的若干措施\n各市（州）人民政府：",
            "吉林省人民政府关于加快推进数字经济高质量发展的若干措施",
        ),
    ],
)
def test_more_title_forms(text, expected):
    span = find_title(text)
    assert span is not None and span.text == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "郑州市人民政府通告\n2020年第3号\n郑州市人民政府关于有序推进复工复产的通告\n当前，……",
            "郑州市人民政府关于有序推进复工复产的通告",
        ),
        (
            "南京市人民政府通告\n（2006年第12号）\n关于调整货运机动车通行管理措施的通告\n为缓解……",
            "关于调整货运机动车通行管理措施的通告",
        ),
        (
            "某某省人民代表大会常务委员会公告\n〔十三届〕第十六号\n《某某条例》已通过，现予公布。\n某某省人民代表大会常务委员会\n2019年3月28日\n某某省信息基础设施建设与保护条例",
            "某某省信息基础设施建设与保护条例",
        ),
        (
            "某某省卫生计生委\n黔卫计呈〔2014〕12号 签发人：王智\n某某省卫生计生委关于建设健康云的请示\n省人民政府：",
            "某某省卫生计生委关于建设健康云的请示",
        ),
    ],
)
def test_announcements_and_requests(text, expected):
    span = find_title(text)
    assert span is not None and span.text == expected


def test_a_single_ministry_addressee():
    text = "国务院办公厅关于同意建立联席会议制度的函\n国办函〔2009〕58号\n住房城乡建设部：\n你部请示收悉。"
    assert [a.text for a in find_addressees(text, title=find_title(text))] == ["住房城乡建设部"]


def test_a_title_field_wrapped_in_its_cell_is_joined() -> None:
    from extractor.rules.title import find_title

    text = "索引号：X\n标题：国家数据局关于公开征求《办法（征求意见稿）》意见的公\n告\n发文字号：无\n正文"
    title = find_title(text)
    assert title is not None and title.text == "国家数据局关于公开征求《办法（征求意见稿）》意见的公告"
    # a next line that is another field is never taken
    assert find_title("标题：某某关于某事的\n发文字号：无").text == "某某关于某事的"  # type: ignore[union-attr]


def test_a_title_field_wrapped_over_three_lines_is_joined() -> None:
    from extractor.rules.title import find_title

    text = (
        "索引号：X\n标题：国务院办公厅关于推动公立医院高质量发展\n的意见中关于加强医疗卫生信息化建设和\n"
        "云计算应用的若干措施\n发文字号：国办发〔2021〕18号\n正文"
    )
    title = find_title(text)
    assert title is not None
    assert (
        title.text
        == "国务院办公厅关于推动公立医院高质量发展的意见中关于加强医疗卫生信息化建设和云计算应用的若干措施"
    )
    assert text[title.end - 4 : title.end] == "若干措施"
    # four lines that never end in a 文种: the field's first line only
    never = "标题：某某关于某事的\n一些\n别的\n文字\n正文"
    assert find_title(never).text == "某某关于某事的"  # type: ignore[union-attr]
