"""Dates in a 公文 and their roles (成文, 印发, 发布, 施行, 有效期, other).

:func:`find_dates` lists every date mention of the normalised text in reading order;
:func:`document_date` picks the document's own date from them (LABELS.md "date").

Forms read (Arabic digits may also be full-width; the zero of a Chinese-numeral year may be 〇 ○ 零 O Ｏ 0):

* 2015年3月6日, 2015年03月06日, 2015 年 3 月 6 日, 2015年3月6号 -> 2015-03-06
* 二〇一五年三月六日, 二○一八年四月二十五日, 二零一五年十二月三十一日 -> whole date, never truncated
* 2015.3.6, 2015-03-06, 2015/3/6 (the same separator twice) -> 2015-03-06
* 2015年3月 -> 2015-03 (but not 2015年3月底/末/前/中旬…: that is a deadline, see targets.py)
* 2015年 -> 2015 only where a document-life cue names it: a metadata field (发布日期：2015年) or a
  validity clause (有效期至2020年). A bare year in a sentence (到2020年) is a deadline, and "2009年发布的
  办法" names another document: neither is listed.

Never dates: invalid calendar dates (2月30日), years in a 文号 (国发〔2015〕40号 has no 年, and a year
directly inside 〔〕/[]/（）/【】 is skipped), anything inside a 《cited title》, plan-name year ranges
((2015—2020年) and 2016-2020年 are bare years without a cue, so they are never listed).

Roles, first match wins:

1. a field label just before the date on its line: 成文日期/发文日期/签发日期 -> 成文; 印发日期 -> 印发;
   发布日期/发布时间/公布日期 -> 发布; 实施日期/施行日期/生效日期 -> 施行; 失效日期/废止日期/有效期至 -> 有效期;
2. the words right after it: …日印发 -> 印发; …日起施行/实施/执行/生效 (also 自…起，…施行) -> 施行;
   …日发布/公布 -> 发布;
3. 有效期/期限 earlier in the same clause -> 有效期 (本办法…有效期至2020年12月31日);
4. the date alone on its line, or after a short 署名 and a space (国务院办公厅  2015年3月6日) -> 成文;
5. otherwise other.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import re
from collections.abc import Sequence

from extractor.result import DateMention, Span
from extractor.rules.limits import capped
from extractor.rules.numerals import cn_number_to_float, digit_string_to_int, fold_digits, year_pattern

__all__ = ["ROLES", "document_date", "find_dates"]

ROLES = ("成文", "印发", "发布", "施行", "有效期", "other")

_ZERO = "〇○零Oo0"
_CN_D = "一二三四五六七八九"
_NOT_BEFORE = r"0-9.\-/"  # a year inside a longer number or a numeric date is not one
_CJK_YEAR = year_pattern(_NOT_BEFORE + _ZERO + _CN_D + "十")
_NUM_YEAR = year_pattern(_NOT_BEFORE, chinese=False)
_MONTH = rf"(?:1[0-2]|0?[1-9]|十[一二]?|[{_CN_D}])"
_DAY = rf"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二十[{_CN_D}]?|十[{_CN_D}]?|[{_CN_D}])"

# 2015年3月6日 / 二〇一五年三月六日 / 2015年3月 / 2015年 (the year alone is filtered by role later)
_CJK_DATE = re.compile(
    rf"(?P<y>{_CJK_YEAR}) ?年"
    rf"(?: ?(?P<m>{_MONTH}) ?月(?: ?(?P<d>{_DAY}) ?[日号])?)?"
)
# 2015.3.6 / 2015-03-06 / 2015/3/6 (run on the digit-folded text)
_NUM_DATE = re.compile(
    rf"(?P<y>{_NUM_YEAR})(?P<sep>[.\-/])(?P<m>1[0-2]|0?[1-9])(?P=sep)"
    r"(?P<d>3[01]|[12][0-9]|0?[1-9])(?![0-9]|\.[0-9]|-[0-9]|/[0-9])"
)
_CITED = re.compile(r"《[^《》\n]{0,300}》")

_FIELD = re.compile(
    r"(?P<label>成文日期|成文时间|发文日期|发文时间|签发日期|印发日期|印发时间|发布日期|发布时间|公布日期|公布时间"
    r"|公开日期|实施日期|施行日期|生效日期|执行日期|失效日期|废止日期|有效期至|有效期截至|有效期截止)"
    r"[ \t]*[：:]?[ \t]*$"
)
_FIELD_ROLE = {
    "成文": "成文",
    "发文": "成文",
    "签发": "成文",
    "印发": "印发",
    "发布": "发布",
    "公布": "发布",
    "公开": "发布",
    "实施": "施行",
    "施行": "施行",
    "生效": "施行",
    "执行": "施行",
    "失效": "有效期",
    "废止": "有效期",
    "有效": "有效期",
}
_AFTER_PRINTED = re.compile(r"[ \t]*印发")
_AFTER_EFFECTIVE = re.compile(r"[ \t]*起?[ \t]*(?:正式)?(?:施行|实施|执行|生效)")
_AFTER_FROM = re.compile(r"起[，, ]?[^。；\n]{0,16}?(?:施行|实施|执行|生效)")
_AFTER_PUBLISHED = re.compile(r"[ \t]*(?:正式)?(?:发布|公布)")
_VALIDITY_WORD = re.compile(r"有效期|有效期限|执行期限|实施期限|施行期限")
_CLAUSE_BREAK = re.compile(r"[。；！？\n]")
_SIGNATURE_PREFIX = re.compile(r"[^\s，。；：,;:！？、（）()《》“”]{2,40}[ \t]+")
# the rest of an adoption note under a title: …卫生厅印发）, …常务会议审议通过）, …国务院令第709号公布）
_NOTE_AFTER = re.compile(
    r"[^（）()\n]{0,60}?(?P<verb>审议通过|通过|印发|发布|公布|批准)[^（）()\n]{0,12}[）)][ \t]*$"
)
_NOTE_ROLE = {
    "审议通过": "成文",
    "通过": "成文",
    "批准": "成文",
    "印发": "印发",
    "发布": "发布",
    "公布": "发布",
}
_DEADLINE_AFTER = re.compile(r"底|末|前|以前|之前|中旬|上旬|下旬|初")
_WINDOW = 60  # characters of context read on either side of a date
_OPEN_BRACKETS = "〔[（(【"
_CLOSE_BRACKETS = "〕]）)】"


def _cn_or_ar(s: str) -> int | None:
    """Month or day number: Arabic (03, 6) or Chinese (三, 十二, 二十五, 三十一)."""
    if s.isdigit() and s.isascii():
        return int(s)
    v = cn_number_to_float(s)
    return int(v) if v is not None else None


def _iso(y: int, m: int | None, d: int | None) -> str | None:
    if not 1900 <= y <= 2100:
        return None
    if m is None:
        return f"{y:04d}"
    if not 1 <= m <= 12:
        return None
    if d is None:
        return f"{y:04d}-{m:02d}"
    try:
        _dt.date(y, m, d)
    except ValueError:
        return None
    return f"{y:04d}-{m:02d}-{d:02d}"


def _cited_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _CITED.finditer(text)]


def _inside(pos: int, ranges: Sequence[tuple[int, int]], *, inclusive: bool = False) -> bool:
    """Whether ``pos`` falls inside one of ``ranges`` (sorted, non-overlapping)."""
    i = bisect.bisect_right(ranges, pos, key=lambda r: r[0]) - 1
    if i < 0:
        return False
    a, b = ranges[i]
    return (a <= pos < b) if inclusive else (a < pos < b)


class _Lines:
    """Line and clause starts of a text, for O(log n) look-ups (no rescanning of long lines)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.clause_starts = [0] + [m.end() for m in _CLAUSE_BREAK.finditer(text)]

    def line(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.line_starts, pos) - 1
        start = self.line_starts[i]
        end = self.line_starts[i + 1] - 1 if i + 1 < len(self.line_starts) else len(self.text)
        return start, end

    def clause_start(self, pos: int) -> int:
        return self.clause_starts[bisect.bisect_right(self.clause_starts, pos) - 1]


def _role(lines: _Lines, start: int, end: int) -> tuple[str, bool]:
    """The role of the date at ``text[start:end]`` and whether a field label or a validity clause names
    it (the cues that let a bare year count as a date: 发布日期：2015年, 有效期至2020年)."""
    text = lines.text
    line_start, line_end = lines.line(start)
    prefix = text[max(line_start, start - _WINDOW) : start]
    suffix = text[end : min(line_end, end + _WINDOW)]
    field = _FIELD.search(prefix[-12:])
    if field:
        return _FIELD_ROLE[field.group("label")[:2]], True
    if prefix.strip() in ("（", "("):
        note = _NOTE_AFTER.match(suffix)
        if note:  # （2008年6月18日宁夏回族自治区卫生厅印发）: the note under a title
            return _NOTE_ROLE[note.group("verb")], True
    if _AFTER_PRINTED.match(suffix):
        return "印发", False
    if _AFTER_EFFECTIVE.match(suffix):
        return "施行", False
    if prefix.endswith(("自", "从", "于")) and _AFTER_FROM.match(suffix):
        return "施行", False
    if _AFTER_PUBLISHED.match(suffix):
        return "发布", False
    clause_start = max(lines.clause_start(start), start - _WINDOW)
    if _VALIDITY_WORD.search(text, clause_start, start):
        return "有效期", True
    if end + _WINDOW >= line_end and start - _WINDOW <= line_start:
        # A date alone on its line (or after the signature), or in brackets on its own line as the
        # 国务院公报 prints a document's date: （2016年6月21日）.
        bracketed = prefix.strip() in ("（", "(") and suffix.strip() in ("）", ")")
        if bracketed or (
            not suffix.strip() and (not prefix.strip() or _SIGNATURE_PREFIX.fullmatch(prefix.lstrip()))
        ):
            return "成文", False
    return "other", False


def find_dates(text: str, *, notes: list[str] | None = None) -> list[DateMention]:
    """Every date mention in ``text`` (normalised), in reading order, each with its role.

    At most :data:`~extractor.rules.limits.MAX_MENTIONS` of each form are read; ``notes`` collects a line
    when that bound cut any."""
    folded = fold_digits(text)
    lines = _Lines(folded)
    cited = _cited_ranges(folded)
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []

    for m in capped(_NUM_DATE.finditer(folded), "numeric dates", notes):
        iso = _iso(int(m.group("y")), int(m.group("m")), int(m.group("d")))
        if iso is None or (cited and _inside(m.start(), cited)):
            continue
        role, _ = _role(lines, m.start(), m.end())
        found.append(DateMention(iso, role, Span(text[m.start() : m.end()], m.start(), m.end())))
        taken.append((m.start(), m.end()))

    for m in capped(_CJK_DATE.finditer(folded), "year expressions", notes):
        s, e = m.start(), m.end()
        if (cited and _inside(s, cited)) or (taken and _inside(s, taken, inclusive=True)):
            continue
        if (
            m.group("m") is None
            and s > 0
            and folded[s - 1] in _OPEN_BRACKETS
            and e < len(folded)
            and folded[e] in _CLOSE_BRACKETS
        ):
            continue  # 〔2015年〕 in a 文号
        year = digit_string_to_int(m.group("y"))
        if year is None:
            continue
        month = _cn_or_ar(m.group("m")) if m.group("m") else None
        day = _cn_or_ar(m.group("d")) if m.group("d") else None
        iso = _iso(year, month, day)
        if iso is None:
            continue
        role, cued = _role(lines, s, e)
        if day is None:
            if month is None and not cued:
                continue  # a bare year in a sentence: a deadline or a plan period, not a date
            if _DEADLINE_AFTER.match(folded, e) and not cued:
                continue  # 2019年6月底前: a deadline
        found.append(DateMention(iso, role, Span(text[s:e], s, e)))
    found.sort(key=lambda d: d.span.start)
    return found


def _precision(d: DateMention) -> int:
    return d.date.count("-")


def document_date(dates: Sequence[DateMention], *, text: str | None = None) -> DateMention | None:
    """The document's own date: 成文 first, else 印发, else 发布; within a role the first full date in
    reading order (a year-month or a year only when the role has nothing more precise).

    Why the *first* 成文: in a 印发/转发 notice the notice's own signature and date come before the attached
    plan (GB/T 9704 puts 附件 after the 署名 and 成文日期), and a web copy's 成文日期 field comes before both;
    a date line closing the attachment (the forwarded body's own date) comes later. The notice's date is the
    document's date (LABELS.md), so the earliest 成文 in reading order wins, at the best precision available.
    Given the ``text``, a date labelled 成文日期 beats one labelled 发文日期 (both count as 成文).
    """
    for role in ("成文", "印发", "发布"):
        candidates = [d for d in dates if d.role == role]
        if text is not None and role == "成文":
            # A web copy may carry both 发文日期 and 成文日期 fields: the one named 成文 is the 成文日期.
            named = [d for d in candidates if "成文" in text[max(0, d.span.start - 8) : d.span.start]]
            candidates = named or candidates
        if candidates:
            best = max(_precision(d) for d in candidates)
            return next(d for d in candidates if _precision(d) == best)
    return None
