"""Title (标题), document type (文种) and addressees (主送机关).

The title sits after the 版头 (or a web copy's metadata box) and before the 主送机关; it ends in a 文种
(通知, 意见, 办法, 规划, 方案 …), optionally followed by a bracketed period or （试行）. A title set over two
lines is one title: its ``Span`` covers both lines and its ``text`` is the lines joined (the one place a
span's text is not the literal slice: the line break inside is dropped).
"""

from __future__ import annotations

import re

from ..result import Span
from .layout import ANNOUNCE_MARK, ANNOUNCE_NUMBER, PORTAL_LINE

__all__ = ["DOC_TYPES", "doc_type_of", "find_addressees", "find_title"]

# Longest first: 指导意见 before 意见, 行动计划 before 计划.
DOC_TYPES: tuple[str, ...] = (
    "指导意见", "实施意见", "若干意见", "实施方案", "工作方案", "行动方案", "试点方案", "行动计划", "工作计划",
    "发展规划", "专项规划", "管理办法", "暂行办法", "实施办法", "实施细则", "工作要点", "指导目录",
    "若干措施", "工作规则", "纲要", "措施", "通知", "意见", "请示", "复函", "决定", "规划", "方案", "办法", "指南", "标准", "规范", "计划", "细则", "规定",
    "条例", "批复", "通告", "公告", "通报", "报告", "决议", "要点", "函", "目录", "清单", "规则",
)  # fmt: skip
_TYPE_ALT = "|".join(DOC_TYPES)
_TAIL = (
    r"(?:[（(](?:试行|暂行|修订|征求意见稿|\d{4}\s*[—\-–－~至]+\s*\d{4}\s*年?|\d{4}年(?:版|修订版)?)[)）])*"
)
_TITLE_END = re.compile(rf"(?:{_TYPE_ALT})》?{_TAIL}$")
_META_TITLE = re.compile(r"^(?:标\s*题|名\s*称|文件名称)\s*[:：]\s*(.+)$", re.M)
_BAD_START = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[)）]|\d+[.．、]|附件|抄送|各|根据|为)"
)
_NOT_TITLE_CHARS = re.compile(r"[。；！？]")
_HEADER_MARK = re.compile(
    r"(?:文件|〔\d{4}〕|\[\d{4}\]|第?\d+号|^索引号|^主题分类|^发文|^成文日期|^发布日期)"
)


def doc_type_of(title: str) -> str | None:
    """The 文种 a title ends in (通知, 指导意见, 行动计划 …), or None."""
    t = re.sub(rf"{_TAIL}$", "", title.strip()).rstrip("》")
    for dt in DOC_TYPES:
        if t.endswith(dt):
            return dt
    return None


def _lines(text: str, limit: int) -> list[tuple[int, int, str]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        out.append((pos, pos + len(line), line))
        pos += len(line) + 1
        if len(out) >= limit:
            break
    return out


def _plausible(line: str) -> bool:
    s = line.strip()
    return (
        4 <= len(s) <= 120
        and not _NOT_TITLE_CHARS.search(s)
        and not _BAD_START.match(s)
        and not s.endswith(("：", ":", "，"))
    )


def _title_part(line: str) -> bool:
    """A line that can be part of a title: no sentence punctuation, no heading, no header mark."""
    s = line.strip()
    return (
        2 <= len(s) <= 120
        and not PORTAL_LINE.search(s)
        and not _NOT_TITLE_CHARS.search(s)
        and not _BAD_START.match(s)
        and not s.endswith(("：", ":", "，"))
        and not (_HEADER_MARK.search(s) and not _TITLE_END.search(s))
        and not re.fullmatch(
            r"[\d〇○零一二三四五六七八九十]{2,4}年[\d〇○零一二三四五六七八九十]{1,2}月[\d〇○零一二三四五六七八九十]{1,3}日",
            s,
        )
    )


def find_title(
    text: str, *, line_sizes: tuple[float | None, ...] = (), search_lines: int = 40
) -> Span | None:
    """The document's title, from a web copy's 标题 field, else the first title-shaped block of lines.

    A title block is up to four consecutive lines of one font size (where sizes are known) with no
    sentence punctuation, that together end in a 文种; it may open with the issuing agencies
    ("工业和信息化部 国家卫生健康委员会" on a line of its own, then "关于…的通知").
    """
    m = _META_TITLE.search(text[:3000])
    if m and len(m.group(1).strip()) >= 4:
        start = m.start(1)
        value = m.group(1).rstrip()
        end = start + len(value)
        if not _TITLE_END.search(value):
            # the field's value wrapped in its table cell: take the next lines (up to three) when they end
            # the title
            joined, pos = value, m.end()
            for _ in range(3):
                if pos >= len(text):
                    break
                nxt_end = text.find("\n", pos + 1)
                raw = text[pos + 1 : len(text) if nxt_end < 0 else nxt_end].rstrip()
                nxt = raw.strip()
                if not nxt or len(nxt) > 30 or _FIELD_START.match(nxt):
                    break
                joined, pos = joined + nxt, pos + 1 + len(raw)
                if _TITLE_END.search(joined):
                    return Span(joined, start, pos)
        return Span(value, start, end)
    lines = _lines(text, search_lines)
    for i, (_start, _end, line) in enumerate(lines):
        s = line.strip()
        if (
            s.endswith(("：", ":"))
            and i > 0
            and not _HEADER_MARK.search(s)
            and not _META_LINE.match(s)
            and not PORTAL_LINE.search(s)
        ):
            break  # the 主送机关: the title, if any, came before
        if not _title_part(s) or _META_LINE.match(s):
            continue
        if ANNOUNCE_MARK.match(s) and any(
            ANNOUNCE_NUMBER.match(ln.strip()) for _, _, ln in lines[i + 1 : i + 3]
        ):
            continue  # "XX人民政府通告" / "XX常务委员会公告" / "XX人民政府令" over its number: the 版头, not the title
        block = [i]
        for j in range(i + 1, min(i + 4, len(lines))):
            if (
                not _title_part(lines[j][2])
                or _META_LINE.match(lines[j][2])
                or not _same_size(line_sizes, i, j)
            ):
                break
            block.append(j)
        # The longest prefix of the block that ends in a 文种 (a title may end in 计划 on one line and
        # go on with "（2017—2019年）的通知" on the next).
        best = None
        for k in range(len(block)):
            joined = "".join(lines[b][2].strip() for b in block[: k + 1])
            if _TITLE_END.search(joined) and len(joined) >= 4:
                best = k
        if best is None:
            continue
        first = lines[block[0]][2].strip()
        if (
            best > 0
            and _is_agency_line(first)
            and "关于" not in "".join(lines[b][2] for b in block[1 : best + 1])
        ):
            continue  # an agency line followed by an unrelated line: not a title
        if best == 0 and _is_agency_line(first):
            continue
        joined = "".join(lines[b][2].strip() for b in block[: best + 1])
        s0 = lines[block[0]][0] + (len(lines[block[0]][2]) - len(lines[block[0]][2].lstrip()))
        e0 = lines[block[best]][0] + len(lines[block[best]][2].rstrip())
        return Span(joined, s0, e0)
    return None


_FIELD_START = re.compile(r"^[\u4e00-\u9fff]{2,8}\s*[:：]")
_META_LINE = re.compile(
    r"^(?:索引号|主题分类|发文机关|成文日期|标题|发文字号|发布日期|公开方式|有效性|发布机构|分类|主题词|关键词"
    r"|发文日期|文号|来源|信息来源|发布时间|生效日期|实施日期|失效日期|时效性|文件编号|体裁分类|组配分类"
    r"|服务对象|所属机构|公开日期|统一编号)\s*[:：]"
)
_AGENCY_LINE = re.compile(
    r"^[\u4e00-\u9fff]{2,30}(?:人民政府|办公厅|办公室|委员会|部|厅|局|署|院|委)(?:文件)?$"
)


def _is_agency_line(line: str) -> bool:
    return bool(_AGENCY_LINE.match(line)) and "关于" not in line


def _same_size(sizes: tuple[float | None, ...], i: int, j: int) -> bool:
    if not sizes or max(i, j) >= len(sizes):
        return True
    a, b = sizes[i], sizes[j]
    return a is None or b is None or abs(a - b) < 1.0


_NOT_ADDRESSEE = re.compile(r"如下|现将|现就|特此|为了|为贯彻|根据|按照|同意|通知|包括|主要|具体|要求|如何")
_ADDRESSEE_WORDS = re.compile(
    r"各|人民政府|部门|单位|委员会|委|厅|局|机构|办公室|公司|院|中心|学校|有关|(?:部|署|行|会|办)$"
)


def find_addressees(text: str, *, title: Span | None = None, search_lines: int = 12) -> list[Span]:
    """The 主送机关: the first line after the title ending in "：", split at "，"."""
    offset = title.end if title else 0
    for start, _end, line in _lines(text[offset:], search_lines):
        s = line.strip()
        if not s:
            continue
        if not s.endswith(("：", ":")) or "。" in s or len(s) > 200:
            continue
        body = s[:-1]
        if re.match(r"^(?:索引号|主题分类|发文机关|成文日期|标题|发文字号|发布日期|附件|抄送)", body):
            continue
        if _NOT_ADDRESSEE.search(body) or not _ADDRESSEE_WORDS.search(body):
            if title is not None:
                return []
            continue
        base = offset + start + (len(line) - len(line.lstrip()))
        spans = []
        pos = 0
        for part in body.split("，"):
            if part.strip():
                lead = len(part) - len(part.lstrip())
                p = part.strip()
                spans.append(Span(p, base + pos + lead, base + pos + lead + len(p)))
            pos += len(part) + 1
        return spans
    return []
