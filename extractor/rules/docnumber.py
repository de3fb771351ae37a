"""发文字号 (文号): find them, parse them, and tell the document's own 文号 from cited ones.

A 文号 is 机关代字 + 〔年份〕 + 序号 + 号 (国办发〔2018〕121号). Real copies write [] () （） 【】 instead of
〔〕, put spaces inside, write 第 before the serial and pad it with zeros; all are accepted. Regulations
numbered as 令 (国务院令第745号, 财政部令第1号) are accepted too, without a year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..result import Span
from .layout import ANNOUNCE_MARK, ANNOUNCE_NUMBER, PORTAL_LINE
from .registry import load_registry

__all__ = ["DocNumber", "find_doc_numbers", "main_doc_number", "parse_doc_number", "split_doc_number"]

_OPEN = "〔[［（(【{｛"
_CLOSE = "〕]］）)】}｝"
# The bracketed year and the serial: anchored on the bracket, so the scan is linear.
_YEAR_SERIAL = re.compile(
    rf"[{re.escape(_OPEN)}][ \t]{{0,3}}((?:19|20)\d\d)[ \t]{{0,3}}[{re.escape(_CLOSE)}][ \t]{{0,3}}"
    r"(?:第[ \t]{0,3})?(\d{1,6})[ \t]{0,3}号"
)
_ORDER = re.compile(r"令[ \t]{0,3}(?:[（(][ \t]{0,3})?第[ \t]{0,3}(\d{1,5})[ \t]{0,3}号")
_HAN = re.compile(r"[\u3400-\u9fff]")
_MAX_CODE = 16
# Words that introduce a 文号 in running text and are not part of the 代字.
_LEAD_WORD = re.compile(
    r"根据|依据|按照|参照|参见|详见|落实|贯彻|执行|印发|转发|批转|的|和|与|及|或|按|据|见|即|对|将|在|以|是|了|为"
)
# 公告 numbers: 财政部 税务总局公告2023年第37号 (the issuers are read back from the registry).
_ANNOUNCEMENT = re.compile(
    r"公告[ \t]{0,3}((?:19|20)\d\d)[ \t]{0,3}年[ \t]{0,3}第[ \t]{0,3}(\d{1,4})[ \t]{0,3}号"
)
_PARSE_ANNOUNCEMENT = re.compile(
    r"^\s*(?P<prefix>\S[^\n]{0,60}?公告)\s*(?P<year>(?:19|20)\d\d)\s*年\s*第\s*(?P<serial>\d{1,4})\s*号\s*$"
)
_PARSE = re.compile(
    rf"^\s*(?P<prefix>[^\s{re.escape(_OPEN)}]{{1,{_MAX_CODE}}}?)\s*[{re.escape(_OPEN)}]\s*(?P<year>(?:19|20)\d\d)\s*"
    rf"[{re.escape(_CLOSE)}]\s*(?:第\s*)?(?P<serial>\d{{1,6}})\s*号\s*$"
)
_PARSE_ORDER = re.compile(
    r"^\s*(?P<prefix>\S{1,30}?令)\s*(?:[（(]\s*)?第\s*(?P<serial>\d{1,5})\s*号\s*[）)]?\s*$"
)
_META_FIELD = re.compile(
    r"(?:^|[ \t])[ \t]*(?:发文字号|发布文号|文号|发文号|文件编号|发文编号)[ \t]*[：:][ \t]*"
)
_SIGNER = re.compile(r"签发人[ \t]*[：:].*$")
_PUNCT_ONLY = re.compile(r"^[\s（）()\[\]【】〔〕:：]*$")


@dataclass(frozen=True)
class DocNumber:
    """A parsed 文号: 机关代字, year (None for 令 numbers), serial, and whether 联 marks joint issuance."""

    prefix: str
    year: int | None
    serial: int
    joint: bool
    form: str = "bracket"  # bracket: 国发〔2015〕5号; order: 国务院令第745号; announcement: …公告2023年第37号

    def __str__(self) -> str:
        if self.form == "order" or self.year is None:
            return f"{self.prefix}第{self.serial}号"
        if self.form == "announcement":
            return f"{self.prefix}{self.year}年第{self.serial}号"
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def parse_doc_number(s: str) -> DocNumber | None:
    """Parse one 文号 (国发〔2015〕5号, 国发[2015]5号, 国发（2015）第005号, 国务院令第745号); None if not one."""
    m = _PARSE.match(s)
    if m is not None:
        prefix = re.sub(r"\s+", "", m.group("prefix"))
        return DocNumber(prefix, int(m.group("year")), int(m.group("serial")), "联" in prefix)
    m = _PARSE_ORDER.match(s)
    if m is not None:
        prefix = re.sub(r"\s+", "", m.group("prefix"))
        return DocNumber(prefix, None, int(m.group("serial")), False, "order")
    m = _PARSE_ANNOUNCEMENT.match(s)
    if m is not None:
        prefix = m.group("prefix").strip()
        joint = len(load_registry().find_all(prefix)) > 1
        return DocNumber(prefix, int(m.group("year")), int(m.group("serial")), joint, "announcement")
    return None


def split_doc_number(span: Span) -> tuple[Span, DocNumber] | None:
    """The 代字 part of a 文号 span (as a Span) with the parsed 文号."""
    dn = parse_doc_number(span.text)
    if dn is None:
        return None
    lead = len(span.text) - len(span.text.lstrip())
    start = span.start + lead
    end = start + len(dn.prefix)
    if span.text[lead : lead + len(dn.prefix)] != dn.prefix:  # spaces inside the 代字: keep the raw text
        raw_end = lead
        seen = 0
        while seen < len(dn.prefix) and raw_end < len(span.text):
            if not span.text[raw_end].isspace():
                seen += 1
            raw_end += 1
        end = span.start + raw_end
    return Span(span.text[start - span.start : end - span.start], start, end), dn


def _code_start(text: str, end: int) -> int | None:
    """Where the 机关代字 ending at ``end`` starts, or None when there is none.

    The 代字 is the tail of the run of Han characters before the bracket. Lead-in words (根据, 按照, 的 …)
    are cut off; a region's abbreviation after them starts a local 代字 (按照鲁卫办发 -> 鲁卫办发, not the
    national 卫办发); otherwise the longest tail the registry knows wins.
    """
    k = end
    while k > 0 and text[k - 1] in " \t":
        k -= 1
    code_end = k
    limit = max(0, code_end - _MAX_CODE)
    while k > limit and _HAN.match(text[k - 1]):
        k -= 1
    run = text[k:code_end]
    if not run:
        return None
    truncated = k > 0 and _HAN.match(text[k - 1]) is not None
    reg = load_registry()
    abbrs = reg.region_abbrs
    # Places where the 代字 may start: the run's start (unless truncated), after each lead-in word.
    cuts = ([] if truncated else [0]) + [m.end() for m in _LEAD_WORD.finditer(run) if m.end() < len(run)]
    known: int | None = None
    for i in range(len(run)):
        entry, _ = reg.prefix_entry(run[i:])
        if entry is not None and (reg.is_known_prefix(run[i:]) or len(run) - i <= 10):
            known = i
            break
    before = [c for c in cuts if known is None or c <= known]
    if before and run[before[-1]] in abbrs and len(run) - before[-1] <= 12:
        return k + before[-1]  # a local 代字: 鲁卫办发, 皖经信软件
    if known is not None:
        return k + known
    i = cuts[-1] if cuts else 0
    if len(run) - i < 1 or len(run) - i > 12:
        return None
    return k + i


def find_doc_numbers(text: str) -> list[Span]:
    """Every 文号 in the text (the document's own and cited ones), in text order."""
    out: list[Span] = []
    for m in _YEAR_SERIAL.finditer(text):
        start = _code_start(text, m.start())
        if start is None:
            continue
        out.append(Span(text[start : m.end()], start, m.end()))
    reg = load_registry()
    for m in _ORDER.finditer(text):
        k = m.start()
        limit = max(0, k - 24)
        j = k
        while j > limit and _HAN.match(text[j - 1]):
            j -= 1
        run = text[j:k]
        order_start: int | None = None
        if run.endswith(("国务院", "主席")):
            order_start = k - (3 if run.endswith("国务院") else 2)
            if text[j:order_start].endswith("中华人民共和国"):
                order_start -= len("中华人民共和国")
        else:
            matches = [x for x in reg.find_all(run) if x[1] == len(run)]
            if matches:
                order_start = j + matches[-1][0]
        if order_start is not None:
            out.append(Span(text[order_start : m.end()], order_start, m.end()))
    for m in _ANNOUNCEMENT.finditer(text):
        k = m.start()
        j = k
        limit = max(0, k - 40)
        while j > limit and (_HAN.match(text[j - 1]) or text[j - 1] in " \t、"):
            j -= 1
        run = text[j:k]
        chain = reg.find_all(run)
        ann_start: int | None = None
        pos = len(run)
        for ms, me, _ in reversed(chain):  # contiguous agencies (spaces or 、 between) ending at 公告
            if run[me:pos].strip(" \t、"):
                break
            ann_start, pos = j + ms, ms
        if ann_start is not None:
            out.append(Span(text[ann_start : m.end()], ann_start, m.end()))
    out.sort(key=lambda s: s.start)
    return out


def _lines(text: str, limit: int) -> list[tuple[int, str]]:
    """(start offset, text) of the first ``limit`` lines (the rest of the text is never split)."""
    out: list[tuple[int, str]] = []
    pos = 0
    for line in text.split("\n", limit)[:limit]:
        out.append((pos, line))
        pos += len(line) + 1
    return out


def announcement_number(text: str, *, header_lines: int = 8) -> Span | None:
    """The number of a 令, 公告 or 通告 set on its own line under the mark: 湖北省人民政府令 / 第318号,
    郑州市人民政府通告 / 2020年第3号, …常务委员会公告 / 〔十三届〕第十六号."""
    lines = _lines(text, header_lines)
    for k, (_pos, line) in enumerate(lines):
        if not ANNOUNCE_MARK.match(line.strip()):
            continue
        for pos2, nxt in lines[k + 1 : k + 3]:
            m = ANNOUNCE_NUMBER.match(nxt.strip())
            if m:
                start = pos2 + (len(nxt) - len(nxt.lstrip())) + m.start(1)
                return Span(m.group(1), start, start + len(m.group(1)))
    return None


def main_doc_number(text: str, *, header_lines: int = 40) -> Span | None:
    """The 文号 of this document: the web metadata 发文字号 field, else a 文号 standing alone on a line of
    the 版头 (before the first body sentence and the 主送 line). A 文号 cited in the body is never it."""
    lines = _lines(text, header_lines * 2)
    cut = lines[-1][0] + len(lines[-1][1])  # numbers never span lines: the 版头 zone is enough
    numbers = find_doc_numbers(text[:cut])
    if not numbers:
        return announcement_number(text)
    # 1. metadata field
    by_start = {n.start: n for n in numbers}
    for pos, line in lines:
        for m in _META_FIELD.finditer(line):
            n = by_start.get(pos + m.end())
            if n is not None:
                return n
    # 2. the 版头: a line holding only the 文号 (maybe in brackets, maybe with 签发人)
    for pos, line in lines[:header_lines]:
        stripped = line.strip()
        if PORTAL_LINE.search(stripped):
            continue  # a web page's breadcrumb, source or time line, not the document
        if "。" in line:
            break
        if stripped.endswith(("：", ":")) and (len(stripped) > 8 or any(c in stripped for c in "各，、,")):
            break  # the 主送 line: the 版头 is over
        for n in numbers:
            if pos <= n.start and n.end <= pos + len(line):
                rest = line[: n.start - pos] + line[n.end - pos :]
                rest = _SIGNER.sub("", rest)
                if _PUNCT_ONLY.match(rest):
                    return n
    return announcement_number(text)
