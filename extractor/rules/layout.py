"""Line shapes several rules share: web-portal furniture and the number line of a 令/公告/通告."""

from __future__ import annotations

import re

# Web-portal furniture around a copied document: breadcrumbs, source and time lines, font-size widgets.
PORTAL_LINE = re.compile(
    r"首页|当前位置|现在的位置|[>»]|来源[:：]|发布时间|字号|字体|打印|关闭|分享|浏览次数|点击数"
)
# "XX人民政府令", "XX常务委员会公告", "XX人民政府通告": a mark whose number stands on the next line.
ANNOUNCE_MARK = re.compile(r"^[\u4e00-\u9fff（）]{2,40}(?:令|公告|通告)$")
# That number line: 第318号, 2020年第3号, （2006年第12号）, 〔十三届〕第十六号 (group 1 without brackets).
ANNOUNCE_NUMBER = re.compile(
    r"^[（(]?((?:〔[^〕\n]{1,8}〕)?(?:(?:19|20)\d{2}年)?第?[\d一二三四五六七八九十百零〇]{1,6}号)[)）]?$"
)
