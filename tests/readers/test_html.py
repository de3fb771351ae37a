from extractor.readers import read_bytes

PAGE = """<html><head><title>国务院关于促进云计算创新发展培育信息产业新业态的意见_政府信息公开</title>
<script>var nav = "首页";</script></head><body><div class="nav">首页 &gt; 政策 &gt; 文件库</div>
<table class="bd1"><tr><td>索 引 号：</td><td>000014349/2015-00014</td><td>主题分类：</td><td>信息产业</td></tr>
<tr><td>发文机关：</td><td>国务院</td><td>成文日期：</td><td>2015年01月06日</td></tr>
<tr><td>标　　题：</td><td>国务院关于促进云计算创新发展培育信息产业新业态的意见</td></tr>
<tr><td>发文字号：</td><td>国发〔2015〕5号</td><td>发布日期：</td><td>2015年01月30日</td></tr></table>
<div id="UCAP-CONTENT"><p>各省、自治区、直辖市人民政府，国务院各部委、各直属机构：</p>
<p>　　云计算是推动信息技术能力实现按需供给的<span>重要</span>方式。到<b>2017</b>年，云计算在重点领域的应用得到深化。</p>
<p style="text-align:right">国务院</p><p>2015年1月6日</p></div><div class="footer">版权所有 网站标识码</div></body></html>"""


def test_metadata_box_read():
    raw = read_bytes(PAGE.encode("utf-8"), name="page.html")
    assert raw.metadata["发文机关"] == "国务院"
    assert raw.metadata["发文字号"] == "国发〔2015〕5号"
    assert raw.metadata["成文日期"] == "2015年01月06日"
    assert raw.metadata["标题"] == "国务院关于促进云计算创新发展培育信息产业新业态的意见"


def test_body_kept_navigation_dropped_inline_tags_do_not_break_lines():
    raw = read_bytes(PAGE.encode("utf-8"), name="page.html")
    lines = [ln.text for ln in raw.pages[0]]
    assert (
        "云计算是推动信息技术能力实现按需供给的重要方式。到2017年，云计算在重点领域的应用得到深化。" in lines
    )
    assert not any("首页" in ln for ln in lines)
    assert not any("版权所有" in ln for ln in lines)
    assert "发文机关：国务院" in lines


def test_gbk_html():
    raw = read_bytes(PAGE.replace("UCAP", "ucap").encode("gb18030"), name="page.htm")
    assert raw.metadata["发文机关"] == "国务院"
