"""发文机关: the bodies that issue the document, lead first (LABELS.md, "issuers").

Sources, strongest first: the web metadata 发文机关 field; the 发文机关标志 lines of the 版头 ("XX文件",
agency names on their own lines); the 署名 above the 成文日期; the 文号's 机关代字; the title's "XX关于".
The first three are merged in that order; the 文号 and the title are fallbacks. Bodies named in the 主送
line, the 抄送 list, the 印发 line of the 版记 or in cited titles are never issuers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..result import Issuer, Span
from .docnumber import main_doc_number, split_doc_number
from .registry import Agency, Region, Registry, load_registry, registry_patterns

__all__ = ["find_issuers", "registry_patterns", "title_issuers"]

_HAN = r"\u3400-\u9fff"
_META_ISSUER = re.compile(
    r"(?:^|[ \t])[ \t]*(?:发文机关|发布机关|发文单位|发布机构|发文机构|制发机关|颁布机关|发布单位|发文部门)"
    r"[ \t]*[：:][ \t]*"
)
# The next "字段：" of a metadata box copied onto one line ends the value.
_NEXT_FIELD = re.compile(rf"[ \t][{_HAN}]{{2,6}}[ \t]*[：:]")
_FIELD_LINE = re.compile(rf"^[ \t]*[{_HAN}]{{2,8}}[ \t]*[：:]")
# Separators allowed between agency names on one line.
_SEP = re.compile(r"^[\s、，,；;/和及与]*$")
# Trailing words of a 发文机关标志 or a 署名 that are not part of the name.
_TAIL = re.compile(r"(?:联合发文|联合文件|文件|令|公告|通告|（盖章）|\(盖章\)|（印）)[ \t]*$")
# An unknown body, recognised by the shape of its name (whole string).
_SHAPE = re.compile(
    rf"^(?:中共)?[{_HAN}（）()]{{1,30}}?"
    r"(?:人民政府办公厅|人民政府办公室|人民政府|人民代表大会常务委员会|办公厅|办公室|委员会|管理局|总局|"
    r"领导小组|政府|厅|局|委|部|署|办|院|中心|会)$"
)
_NOT_A_BODY = re.compile(r"^(?:各|全|本|有关|相关|我|你|贵|该|其|以下|上述)|[，。：；“”《》]")
_DATE = (
    r"(?:(?:19|20)\d\d|[一二三四五六七八九〇○零OＯ0]{4})[ \t]*年[ \t]*[\d一二三四五六七八九十]{1,3}[ \t]*月"
    r"[ \t]*[\d一二三四五六七八九十]{1,3}[ \t]*日"
)
_DATE_LINE = re.compile(rf"^(?P<pre>.*?)[ \t]*(?P<date>{_DATE})[ \t]*$")
_YEAR_IN_DATE = re.compile(r"((?:19|20)\d\d)[ \t]*年")
_CN_DIGITS = {"〇": "0", "○": "0", "零": "0", "O": "0", "Ｏ": "0", "0": "0", "一": "1", "二": "2", "三": "3",
              "四": "4", "五": "5", "六": "6", "七": "7", "八": "8", "九": "9"}  # fmt: skip
_TITLE_CUT = re.compile(r"关于|转发|印发|批转|颁布|发布")
_DOC_TYPES = (
    "通知", "意见", "决定", "办法", "规划", "方案", "纲要", "指南", "规定", "条例", "计划", "细则", "批复",
    "通报", "报告", "公告", "通告", "决议", "命令", "函", "指导意见", "实施意见", "要点", "标准", "规范",
)  # fmt: skip
_CC = re.compile(r"^[ \t]*抄[ \t]*送[ \t]*[：:]")
_PREFIX_LEVEL = re.compile(r"(?:县|旗|区)(?:人民政府|政府|委员会|[^市]{0,12}(?:局|厅|委|办))")


@dataclass(frozen=True)
class _Found:
    name: str
    span: Span
    level: str | None
    region: str | None
    in_registry: bool


def _lines(
    text: str, start: int = 0, end: int | None = None, *, limit: int | None = None
) -> list[tuple[int, str]]:
    """(start offset, text) of each line of ``text[start:end]``; only the first ``limit`` lines if given."""
    end = len(text) if end is None else end
    if start > end:
        return []
    piece = text[start:end]
    parts = piece.split("\n") if limit is None else piece.split("\n", limit)[:limit]
    out: list[tuple[int, str]] = []
    pos = start
    for line in parts:
        out.append((pos, line))
        pos += len(line) + 1
    return out


def _guess_level_region(name: str, reg: Registry, doc_regions: list[Region]) -> tuple[str | None, str | None]:
    """Level and region of a body that is not in the registry, from the place names inside its name."""
    found = reg.find_regions(name)
    province: str | None = None
    city: str | None = None
    for _, _, r in found:
        if r.level == "provincial" and province is None:
            province = r.name
        elif r.level == "municipal" and city is None:
            city = r.name
            province = province or r.province
    if city is None:
        m = re.search(rf"([{_HAN}]{{2,5}}?市)", name)
        if m and m.group(1) != province:
            city = m.group(1)
            if province is not None and city.startswith(province):
                city = city[len(province) :]
    if province is None and doc_regions:
        province = doc_regions[0].province
        if city is None and doc_regions[0].level == "municipal":
            city = doc_regions[0].name
    if _PREFIX_LEVEL.search(name) or "县" in name:
        level: str | None = "county"
    elif city is not None or "市" in name:
        level = "municipal"
    elif province is not None or any(m in name for m in ("省", "自治区")):
        level = "provincial"
    else:
        level = None
    if province is not None and province.endswith("市") and reg.region(province) is not None:
        # a municipality (北京市): its own bodies are provincial, its 区/县 bodies county
        if level == "municipal":
            level = "provincial"
        city = None
    region = None if province is None else province + (city or "")
    if region is not None and level == "county":
        m = re.search(
            rf"([{_HAN}]{{1,6}}?(?:自治县|县|区|旗))", name.split("市")[-1] if "市" in name else name
        )
        if m is not None and not region.endswith(m.group(1)):
            county = m.group(1)
            if province and county.startswith(province):
                county = county[len(province) :]
            region += county
    return level, region


class _Ctx:
    def __init__(self, text: str, year: int | None, regions: list[Region]) -> None:
        self.text = text
        self.year = year
        self.regions = regions
        self.reg = load_registry()

    def agency(self, a: Agency, start: int, end: int) -> _Found:
        return _Found(a.canonical, Span(self.text[start:end], start, end), a.level, a.region, True)

    def unknown_or_short(self, start: int, end: int) -> _Found | None:
        """A gap between registry matches: a short local form resolved by region, or an unknown body."""
        s = self.text[start:end]
        lead = len(s) - len(s.lstrip(" \t、，,；;"))
        s2 = s.strip(" \t、，,；;")
        if not s2:
            return None
        start += lead
        end = start + len(s2)
        a = self.reg.lookup_in_region(s2, regions=self.regions, year=self.year)
        if a is not None:
            return self.agency(a, start, end)
        if len(s2) > 40 or _NOT_A_BODY.search(s2) or not _SHAPE.match(s2):
            return None
        if s2.startswith(("省", "市", "县", "区", "自治区")):
            return None  # a bare short form we could not resolve
        level, region = _guess_level_region(s2, self.reg, self.regions)
        return _Found(s2, Span(s2, start, end), level, region, False)

    def parse_list(self, start: int, end: int, *, strict: bool) -> list[_Found] | None:
        """The bodies named in text[start:end], which holds agency names and separators only.

        strict: anything that is neither a body nor a separator makes the whole piece not a list (None).
        Not strict: such leftovers are skipped.
        """
        piece = self.text[start:end]
        m = _TAIL.search(piece)
        if m is not None:
            end = start + m.start()
            piece = piece[: m.start()]
        if not piece.strip():
            return None
        out: list[_Found] = []
        cursor = start
        matches = self.reg.find_all(piece, year=self.year)
        for ms, me, a in matches:
            gap = self.text[cursor : start + ms]
            if gap and not _SEP.match(gap):
                f = self._gap(cursor, start + ms)
                if f is None and strict:
                    return None
                out.extend(f or [])
            out.append(self.agency(a, start + ms, start + me))
            cursor = start + me
        gap = self.text[cursor:end]
        if gap and not _SEP.match(gap):
            f = self._gap(cursor, end)
            if f is None and strict:
                return None
            out.extend(f or [])
        return self._merge_branches(out) or None

    def _merge_branches(self, found: list[_Found]) -> list[_Found]:
        """A national body's local branch (国家税务总局天津市税务局) is one unknown body, not two."""
        out: list[_Found] = []
        for f in found:
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.in_registry
                and prev.level == "national"
                and not f.in_registry
                and f.span.start == prev.span.end
                and any(s == 0 for s, _, _ in self.reg.find_regions(f.name))
            ):
                name = self.text[prev.span.start : f.span.end]
                level, region = _guess_level_region(f.name, self.reg, [])
                out[-1] = _Found(name, Span(name, prev.span.start, f.span.end), level, region, False)
                continue
            out.append(f)
        return out

    def _gap(self, start: int, end: int) -> list[_Found] | None:
        """A gap holding one or more unknown bodies separated by spaces or 、."""
        out: list[_Found] = []
        for m in re.finditer(r"[^\s、，,；;]+", self.text[start:end]):
            f = self.unknown_or_short(start + m.start(), start + m.end())
            if f is None:
                return None
            out.append(f)
        return out or None


def _to_issuer(f: _Found, source: str) -> Issuer:
    return Issuer(
        name=f.name, span=f.span, level=f.level, region=f.region, source=source, in_registry=f.in_registry
    )


def _guess_title(text: str) -> Span | None:
    for pos, line in _lines(text, limit=60):
        s = line.strip()
        if not s or _FIELD_LINE.match(line) or "。" in s or len(s) < 6 or len(s) > 120:
            continue
        if s.endswith(("：", ":")):
            return None  # reached the 主送 line
        if ("关于" in s or s.endswith(_DOC_TYPES)) and not s.endswith("文件"):
            lead = len(line) - len(line.lstrip())
            return Span(s, pos + lead, pos + lead + len(s))
    return None


def _metadata(ctx: _Ctx) -> list[_Found]:
    for pos, line in _lines(ctx.text, limit=80):
        m = _META_ISSUER.search(line)
        if m is None:
            continue
        nxt = _NEXT_FIELD.search(line, m.end())
        end = nxt.start() if nxt is not None else len(line.rstrip())
        found = ctx.parse_list(pos + m.end(), pos + end, strict=False)
        if found:
            return found
    return []


def _header(ctx: _Ctx, stop: int) -> list[_Found]:
    out: list[_Found] = []
    for pos, line in _lines(ctx.text, 0, stop):
        s = line.strip()
        if not s or _FIELD_LINE.match(line) or "〔" in s:
            continue
        found = ctx.parse_list(pos, pos + len(line.rstrip()), strict=True)
        if found:
            out.extend(found)
    return out


_DATE_ANY = re.compile(_DATE)
_CC_LINE = re.compile(r"^[ \t]*抄[ \t]*送[ \t]*[：:]", re.M)


def _signature(ctx: _Ctx, start: int) -> list[_Found]:
    """The bodies signing above the first date line after ``start`` (a date alone on its line, or after
    the signature on the same line), up to the 抄送 line. Lines are found from the dates (the text is
    not split into lines: a long text of short lines would make that the whole cost)."""
    text = ctx.text
    first_end = text.find("\n", start)
    first_end = len(text) if first_end < 0 else first_end
    if "抄" in text[start:first_end] and _CC.match(text, start, first_end):
        return []
    cc = _CC_LINE.search(text, first_end)
    end = cc.start() if cc is not None else len(text)
    if "日" not in text[start:end]:
        return []
    line_end = -1
    for d in _DATE_ANY.finditer(text, start, end):
        if d.start() < line_end:
            continue  # another date on a line already looked at
        pos = max(start, text.rfind("\n", start, d.start()) + 1)
        line_end = text.find("\n", d.end())
        line_end = len(text) if line_end < 0 else line_end
        line = text[pos:line_end]
        m = _DATE_LINE.match(line)
        if m is None:
            continue
        block: list[list[_Found]] = []
        pre = m.group("pre").strip()
        if pre:
            same = ctx.parse_list(pos, pos + m.start("date"), strict=True)
            if same is None:
                continue
            block.append(same)
        p2 = pos
        while p2 > start and len(block) < 12:
            prev_end = p2 - 1  # the "\n" ending the line before
            p2 = max(start, text.rfind("\n", start, prev_end) + 1)
            l2 = text[p2:prev_end]
            if not l2.strip():
                continue
            if _FIELD_LINE.match(l2) or l2.strip().endswith(("：", ":")):
                break
            found = ctx.parse_list(p2, p2 + len(l2.rstrip()), strict=True)
            if found is None:
                break
            block.insert(0, found)
        if block:
            return [f for fs in block for f in fs]
    return []


# the note under a title naming how the text was adopted or issued: （2008年6月18日宁夏回族自治区卫生厅印发）,
# （2006年10月26日河北省人民政府第七十三次常务会议审议通过）, （2011年8月3日卫生部发布）
_NOTE = re.compile(
    rf"^[ \t]*[（(][ \t]*(?:{_DATE})[ \t]*(?P<body>[^（）()\n]{{2,60}}?)"
    r"(?:第[一二三四五六七八九十百零〇0-9]{1,6}次[^（）()\n]{0,12}?会议)?"
    r"(?:令第[0-9一二三四五六七八九十百零〇]{1,6}号)?(?:审议通过|通过|印发|发布|公布|批准)[^（）()\n]{0,12}[）)][ \t]*$"
)


def _note(ctx: _Ctx, start: int) -> list[_Found]:
    """The body named in the adoption note of the first lines after ``start`` (the title's end)."""
    for pos, line in _lines(ctx.text, start, limit=5):
        m = _NOTE.match(line)
        if m is not None:
            return ctx.parse_list(pos + m.start("body"), pos + m.end("body"), strict=False) or []
    return []


def title_issuers(text: str, title: Span, *, year: int | None = None) -> list[Issuer]:
    """The bodies named before 关于 / 转发 / 印发 in a title (国家发展改革委 工业和信息化部关于…)."""
    return [_to_issuer(f, "title") for f in _title(_Ctx(text, year, []), title)]


def _title(ctx: _Ctx, title: Span) -> list[_Found]:
    m = _TITLE_CUT.search(title.text)
    if m is None or m.start() == 0:
        return []
    return ctx.parse_list(title.start, title.start + m.start(), strict=False) or []


def _doc_number(ctx: _Ctx, dn_span: Span) -> tuple[list[_Found], int | None]:
    parts = split_doc_number(dn_span)
    if parts is None:
        return [], None
    code_span, dn = parts
    reg = ctx.reg
    cands = reg.docnumber_prefix(dn.prefix)
    a = reg.pick(cands, year=ctx.year or dn.year, context=ctx.text)
    if a is None:
        if dn.form in ("announcement", "order"):  # 财政部 税务总局公告…: the bodies are named
            return ctx.parse_list(code_span.start, code_span.end, strict=False) or [], dn.year
        return [], dn.year
    return [_Found(a.canonical, code_span, a.level, a.region, True)], dn.year


def _doc_regions(reg: Registry, text: str, hints: list[Agency], title: Span | None) -> list[Region]:
    out: list[Region] = []
    for a in hints:
        r = reg.region_of(a)
        if r is not None and r not in out:
            out.append(r)
    if title is not None:
        for _, _, r in reg.find_regions(title.text):
            if r not in out:
                out.append(r)
    counts: dict[Region, int] = {}
    for _, _, r in reg.find_regions(text[:20000]):
        counts[r] = counts.get(r, 0) + 1
    for r, _ in sorted(counts.items(), key=lambda x: -x[1]):
        if r not in out:
            out.append(r)
    return out


def _first_date_year(text: str) -> int | None:
    for m in re.finditer(_DATE, text):
        ym = _YEAR_IN_DATE.match(m.group())
        if ym:
            return int(ym.group(1))
        digits = "".join(_CN_DIGITS.get(c, "") for c in m.group()[:4])
        if len(digits) == 4:
            return int(digits)
    return None


def _merge(groups: list[tuple[list[_Found], str]]) -> list[Issuer]:
    out: list[Issuer] = []
    seen: set[str] = set()
    for found, source in groups:
        for f in found:
            if f.name in seen:
                continue
            seen.add(f.name)
            out.append(_to_issuer(f, source))
    return out


def find_issuers(
    text: str,
    *,
    title: Span | None = None,
    doc_number: Span | None = None,
    doc_year: int | None = None,
) -> list[Issuer]:
    """The issuers of the document, lead first, deduplicated by canonical name (see the module doc)."""
    reg = load_registry()
    if title is None:
        title = _guess_title(text)
    if doc_number is None:
        doc_number = main_doc_number(text)
    dn_year: int | None = None
    hints: list[Agency] = []
    if doc_number is not None:
        parts = split_doc_number(doc_number)
        if parts is not None:
            dn_year = parts[1].year
            hints = reg.docnumber_prefix(parts[1].prefix)[:1]
    year = doc_year or dn_year or _first_date_year(text)
    # Regions of the document, for short forms (省政府办公厅) and unknown bodies.
    pre = _Ctx(text, year, [])
    meta0 = _metadata(pre)
    header_stop = min(
        x
        for x in (title.start if title else None, doc_number.start if doc_number else None, len(text))
        if x is not None
    )
    head0 = _header(pre, header_stop) if (title or doc_number) else []
    for f in meta0 + head0:
        a = reg.get(f.name)
        if a is not None and a.region is not None:
            hints.insert(0, a)
    ctx = _Ctx(text, year, _doc_regions(reg, text, hints, title))

    meta = _metadata(ctx)
    head = _header(ctx, header_stop) if (title or doc_number) else []
    sig_start = title.end if title is not None else (doc_number.end if doc_number is not None else 0)
    sig = _signature(ctx, sig_start)
    strong = _merge([(meta, "metadata"), (head, "header"), (sig, "signature")])
    if strong:
        return strong
    note = _note(ctx, title.end) if title is not None else []
    if note:
        return _merge([(note, "note")])
    dn_found: list[_Found] = []
    if doc_number is not None:
        dn_found, _ = _doc_number(ctx, doc_number)
    t_found = _title(ctx, title) if title is not None else []
    if t_found and (not dn_found or dn_found[0].name in {f.name for f in t_found}):
        return _merge([(t_found, "title")])
    if dn_found:
        return _merge([(dn_found, "doc_number")])
    return []
