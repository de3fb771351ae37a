"""Targets (发展目标): clauses committing to an outcome by a deadline, with the quantities they name.

:func:`find_targets` reads the normalised text and returns one :class:`~extractor.result.Target` per
deadline clause. Deadlines are resolved against the document's own year (``doc_year``), never the clock.

Deadline cues (the ``cue`` of a Target, as written):

* absolute: 到/至/于/在/力争到/争取到/计划到/预计到/确保 + YYYY年(底/末/年底/年末)(前/以前/之前), and
  YYYY年(M月(D日))(底/末)前/以前/之前 without a preposition (2019年底前, 2018年6月底前, 2020年前);
  Chinese-numeral years too (到二〇二〇年). A preposition with a bare year needs nothing after it
  (到2035年); a year without preposition needs 前/以前/之前 (a bare "2015年，全省完成…" is history);
* relative (doc_year + N, None when doc_year is unknown): 用N年时间, 用N年左右(的)时间, 用N到M年时间 (M),
  经过N年(左右的)努力, (在)N年内;
* plan periods (data/plan_periods.tsv): 十二五/十三五/十四五/十五五 (also in “”) + 期间/末/末期/期末/时期/
  结束时/规划期 -> the period's last year (十四五期间 -> 2025);
* staged horizons: 近期/中期/远期/第N阶段 (目标) + a year range (2016—2018年) -> the range's last year.

Not targets: validity (自…起施行, 有效期至…, 实施至…), submission and meeting deadlines (于…前报送/上报/
报至/提交/报到, …召开), status reports (截至2015年底), years only in a 文号, a 《cited title》 or a plan name
((2016—2020年), 2016至2020年), statements about the past (deadline before ``doc_year``, or 已/已经/取得 without
a commitment word), headings alone (a short line without punctuation ending in 目标/任务/…).

Span: the clause holding the cue: from the previous 。；！？ or the line start (after heading numbering such
as 一、（一）1.（1）① and a short lead-in label ending in ：, when the cue is after it) to the next 。；！？
inclusive, or the line end.

Several cues in one clause: cues separated by ； are in different clauses anyway. Inside one clause, a new
target starts at the last ， before a cue when there is real content (4+ Han characters) between it and the
previous cue: "到2018年，建成10个示范区，到2020年，推广到全省。" gives two targets (2018, 2020) whose spans
split at that ，. Adjacent cues with nothing between ("用三年时间，到2020年，…", "十三五期间，到2020年") are one
target: an explicit year wins over a plan period, which wins over a relative cue; among equals the latest.

Figures: every number + unit (data/target_units.tsv) in the target's span: Arabic (90, 2.5, 1,000) or Chinese
(十, 两, 三千五百) numbers, 百分之N -> (N, %), magnitude prefixes kept in the unit (2万亿元 -> 2 万亿元, 100万人
-> 100 万人); 以上/以下 are ignored; ordinals (第三个) and a bare Chinese 一 (一张网, 一条龙) are not figures.
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from extractor.result import Figure, Span, Target
from extractor.rules.numerals import cn_number_to_float, digit_string_to_int, fold_digits, parse_number

__all__ = ["find_figures", "find_targets", "plan_periods"]

_ZERO = "〇○零Oo0"
_CN_D = "一二三四五六七八九"
_YEAR = rf"(?:(?:19|20)[0-9]{{2}}|[一二][{_ZERO}{_CN_D}]{{3}})"
_MONTH = rf"(?:1[0-2]|0?[1-9]|十[一二]?|[{_CN_D}])"
_DAY = rf"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二十[{_CN_D}]?|十[{_CN_D}]?|[{_CN_D}])"
_N = rf"(?:[0-9]{{1,2}}|[{_CN_D}两十]{{1,3}})"

_ABS_CUE = re.compile(
    rf"(?P<pre>(?:力争|争取|计划|预计|确保|努力|预期|目标是|要)?(?:到|至|于|在)?)"
    rf"(?<![0-9])(?P<y>{_YEAR}) ?年"
    rf"(?: ?{_MONTH} ?月(?: ?{_DAY} ?[日号])?)?"
    r"(?P<post>(?:年?底|年?末)?(?:前|以前|之前)?)"
)
_REL_CUE = re.compile(
    rf"用(?P<a>{_N})(?:(?:到|至|-|—|~|～)(?P<b>{_N}))?年(?:左右)?(?:的)?时间"
    rf"|经过(?P<c>{_N})(?:(?:到|至|-|—)(?P<d>{_N}))?年(?:左右)?(?:的)?(?:努力|建设|奋斗)"
    rf"|(?<![近最前过去来0-9{_CN_D}两十])(?P<e>{_N})年(?:之内|内)(?!有效|不得|不再|不予|不能)"
)
_RANGE_CUE = re.compile(
    rf"(?:近期|中期|远期|第[一二三四五]阶段)(?:目标)?[：:]?[（(]?(?:{_YEAR}) ?年?"
    rf"(?:—{{1,2}}|-|–|~|～|至|到)(?P<y>{_YEAR}) ?年[）)]?"
)
_CITED = re.compile(r"《[^《》\n]{0,300}》")
_CLAUSE_BREAK = re.compile(r"[。；！？\n]")
_WINDOW = 80  # characters of context read on either side of a cue
_HEADING_NUM = re.compile(
    r"[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}(?:\.[0-9]{1,2})*[.、]"
    r"(?![0-9])|[（(][0-9]{1,2}[）)]|[①-⑳]|第[一二三四五六七八九十]{1,3}[，、,])[ \t]*"
)
_LEAD_LABEL = re.compile(r"[^，。；：:,\n]{1,12}[：:]")
_HEADING_WORD = re.compile(r"(?:目标|任务|安排|要求|步骤|重点|原则|思路|进度|阶段|时期|期间)$")
_SUBMISSION = re.compile(
    r"报送|上报|报至|报送至|提交|报告|反馈|函告|报名|申报|报到|送达|召开|举办|举行|报(?:国家|国务院|省|市|区|县|我|本|各|部|委|局|厅|办)"
)
_VALIDITY = re.compile(r"有效期|有效至|施行|失效|废止|停止执行")
_PAST = re.compile(
    r"已经|已(?:建成|完成|实现|达到|形成|覆盖|超过|初步|基本|全部|累计)|取得了|累计完成|成效显著"
)
_COMMIT = re.compile(r"力争|争取|确保|将|要|计划|预计|目标|努力")
_PERIOD_AFTER = r"(?:规划)?(?:期间|末期|期末|时期|结束时|规划期|末)"
_HAN = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class _Cue:
    start: int
    end: int
    deadline: int | None
    strength: int  # 3 explicit year, 2 plan period / staged range, 1 relative


@lru_cache(maxsize=1)
def plan_periods() -> dict[str, tuple[int, int, bool]]:
    """Five-year plan names -> (first year, last year, quoted_only), from data/plan_periods.tsv."""
    table: dict[str, tuple[int, int, bool]] = {}
    path = resources.files("extractor").joinpath("data", "plan_periods.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        table[row["name"]] = (int(row["start"]), int(row["end"]), row["quoted_only"] == "1")
    return table


@lru_cache(maxsize=1)
def _period_regex() -> re.Pattern[str]:
    names = sorted(plan_periods(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    return re.compile(rf"(?P<q>“)?(?<![一二三四五六七八九十第])(?P<name>{alt})(?P<q2>”)?{_PERIOD_AFTER}")


@lru_cache(maxsize=1)
def _units() -> tuple[dict[str, str], frozenset[str]]:
    """unit as written -> canonical unit, and the set of units that take a 万/亿/万亿 prefix."""
    canonical: dict[str, str] = {}
    prefixed: set[str] = set()
    path = resources.files("extractor").joinpath("data", "target_units.tsv")
    with path.open(encoding="utf-8") as fh:
        rows = [line for line in fh if line.strip() and not line.startswith("#")]
    for row in csv.DictReader(rows, delimiter="\t"):
        canonical[row["unit"]] = row["canonical"]
        if row["prefix"] == "1":
            prefixed.add(row["unit"])
    return canonical, frozenset(prefixed)


@lru_cache(maxsize=1)
def _figure_regex() -> re.Pattern[str]:
    canonical, prefixed = _units()
    plain = "|".join(re.escape(u) for u in sorted(canonical, key=len, reverse=True) if u not in prefixed)
    pre = "|".join(re.escape(u) for u in sorted(prefixed, key=len, reverse=True))
    cn = rf"[{_CN_D}两十][{_CN_D}〇零两十百千]{{0,8}}?"
    ar = r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?"
    return re.compile(
        rf"百分之(?P<pct>[{_CN_D}两十百〇零]{{1,5}}(?:点[{_CN_D}〇零]{{1,3}})?|[0-9]+(?:\.[0-9]+)?)"
        rf"|(?:(?<![0-9.第])(?P<ar>{ar})|(?<![第{_CN_D}两十百千万〇零])(?P<cn>{cn}))"
        rf"[ ]?(?P<unit>{plain}|(?:万亿|亿|万)?(?:{pre}))"
        r"(?!月|次|民|有|以内)"
    )


def find_figures(text: str, start: int = 0, end: int | None = None) -> list[Figure]:
    """Quantities (value, unit) in ``text[start:end]``, each with its span."""
    end = len(text) if end is None else end
    lo, hi = max(0, start - 4), min(len(text), end + 4)
    folded = fold_digits(text[lo:hi])
    canonical, _ = _units()
    out: list[Figure] = []
    for m in _figure_regex().finditer(folded, start - lo, end - lo):
        if m.group("pct") is not None:
            value = parse_number(m.group("pct"))
            unit = "%"
        else:
            num, unit_raw = m.group("ar") or m.group("cn"), m.group("unit")
            if num == "一":
                continue  # 一张网, 一条龙, 一个平台: idiom more often than a quantity
            value = parse_number(num)
            prefix = ""
            for p in ("万亿", "亿", "万"):
                if unit_raw.startswith(p) and unit_raw[len(p) :] in canonical:
                    prefix, unit_raw = p, unit_raw[len(p) :]
                    break
            unit = prefix + canonical.get(unit_raw, unit_raw)
            if (
                unit == "G"
                and m.end() < len(folded)
                and folded[m.end()].isascii()
                and folded[m.end()].isalpha()
            ):
                continue  # 5Gbps and similar: not our unit
        if value is None:
            continue
        s, e = m.start() + lo, m.end() + lo
        out.append(Figure(value, unit, Span(text[s:e], s, e)))
    return out


def _inside(pos: int, ranges: list[tuple[int, int]]) -> bool:
    """Whether ``pos`` falls inside one of ``ranges`` (sorted, non-overlapping)."""
    i = bisect.bisect_right(ranges, pos, key=lambda r: r[0]) - 1
    return i >= 0 and ranges[i][0] <= pos < ranges[i][1]


def _year(s: str) -> int | None:
    y = digit_string_to_int(s)
    return y if y is not None and 1900 <= y <= 2100 else None


def _n(s: str | None) -> int | None:
    if not s:
        return None
    v = cn_number_to_float(s) if not s.isdigit() else float(s)
    return int(v) if v is not None and 0 < v <= 50 else None


class _Clauses:
    """Clause boundaries of a text, found once: a clause runs from the previous 。；！？ or line start to
    the next 。；！？ inclusive, or the line end."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.breaks = [m.start() for m in _CLAUSE_BREAK.finditer(text)]

    def bounds(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self.breaks, pos - 1)
        start = self.breaks[i - 1] + 1 if i > 0 else 0
        if i < len(self.breaks):
            b = self.breaks[i]
            end = b if self.text[b] == "\n" else b + 1
        else:
            end = len(self.text)
        return start, end


def _cues(text: str, *, doc_year: int | None) -> Iterator[_Cue]:
    for m in _ABS_CUE.finditer(text):
        pre, post = m.group("pre"), m.group("post")
        y = _year(m.group("y"))
        if y is None:
            continue
        has_prep = any(p in pre for p in "到至于在")
        has_before = "前" in post
        if not (has_prep or has_before or pre in ("力争", "争取", "确保", "计划")):
            continue
        if pre in ("于", "在") and not post:
            continue  # 于2016年3月5日召开, 在2015年全国…会议上: an event, not a deadline
        before = text[max(0, m.start() - 6) : m.start()]
        if pre.endswith("至") or pre.endswith("到"):
            if re.search(r"(?:截|止)$", before) or re.search(r"[0-9年月日号]$", before):
                continue  # 截至2015年底 (status), 2016年至2020年 (a range)
            if re.search(r"(?:有效期|有效|施行|实施|执行)[为是]?$", before):
                continue  # 有效期至…, 实施至… (validity)
        if not pre and re.search(r"(?:[—–\-~～至到]|[—–\-~～至到] ?(?:19|20)[0-9]{2}年?)$", before):
            continue
        yield _Cue(m.start(), m.end(), y, 3)
    for m in _period_regex().finditer(text):
        _first, end, quoted_only = plan_periods()[m.group("name")]
        if quoted_only and not (m.group("q") and m.group("q2")):
            continue
        yield _Cue(m.start(), m.end(), end, 2)
    for m in _RANGE_CUE.finditer(text):
        y = _year(m.group("y"))
        if y is not None:
            yield _Cue(m.start(), m.end(), y, 2)
    for m in _REL_CUE.finditer(text):
        a = _n(m.group("b") or m.group("a") or m.group("d") or m.group("c") or m.group("e"))
        if a is None:
            continue
        yield _Cue(m.start(), m.end(), doc_year + a if doc_year is not None else None, 1)


def _skip_cue(text: str, cue: _Cue, cs: int, ce: int, *, doc_year: int | None, past: bool) -> bool:
    """True when the cue is not a commitment: validity, submission, a start date, history, a statement.
    ``past``: the clause reports what is done (已建成…) without a commitment word."""
    cue_text = text[cue.start : cue.end]
    before = text[max(cs, cue.start - _WINDOW) : cue.start]
    after = text[cue.end : min(ce, cue.end + _WINDOW)]
    # validity: 有效期至…, 自…起施行, …前有效
    if re.search(r"有效期|有效至|执行期|实施期", before[-40:]) or _VALIDITY.search(after[:12]):
        return True
    if before.endswith(("自", "从")) and re.match(r" ?起", after):
        return True  # 自2016年起 …: a start, not a deadline
    # submission and meeting deadlines: 请于…前报送, 于…前将…报…, …前报到
    if re.search(r"请[^。；，]{0,12}$", before):
        return True
    if _SUBMISSION.search(after) and (
        "前" in cue_text or "于" in cue_text[:3] or _SUBMISSION.search(after[:20])
    ):
        return True
    # a statement about the period, not a commitment: 十四五时期是…, 十三五以来
    if re.match(r"(?:是|为|以来|发展回顾|取得|的(?:主要|重点)?(?:任务|发展))", after):
        return True
    # the past: a deadline before the document's year, or a report of what is done
    if doc_year is not None and cue.deadline is not None and cue.deadline < doc_year:
        return True
    return past


def _strip_lead(text: str, cs: int, ce: int, first_cue: int) -> int:
    """Move the clause start past heading numbering and a short lead-in label (主要目标：)."""
    m = _HEADING_NUM.match(text, cs, ce)
    if m and m.end() <= first_cue:
        cs = m.end()
    m = _LEAD_LABEL.match(text, cs, ce)
    if m and m.end() <= first_cue:
        cs = m.end()
    return cs


def _is_heading(text: str, cs: int, ce: int) -> bool:
    if ce - cs > 60:
        return False
    line = text[cs:ce].strip()
    if any(p in line for p in "，。；：,;:"):
        return False
    body = _HEADING_NUM.sub("", line, count=1)
    return len(body) <= 30 and bool(_HEADING_WORD.search(body))


def find_targets(text: str, *, doc_year: int | None) -> list[Target]:
    """Every target clause of ``text`` (normalised), in reading order. ``doc_year`` is the document's own
    year (from :func:`extractor.rules.dates.document_date`); relative deadlines are None without it."""
    folded = fold_digits(text)
    cited = [(m.start(), m.end()) for m in _CITED.finditer(folded)]
    raw = [c for c in _cues(folded, doc_year=doc_year) if not _inside(c.start, cited)]
    # one cue per position: the earliest start, then the longest
    raw.sort(key=lambda c: (c.start, -c.end))
    cues: list[_Cue] = []
    for c in raw:
        if cues and c.start < cues[-1].end:
            continue
        cues.append(c)

    clauses = _Clauses(folded)
    past: dict[tuple[int, int], bool] = {}
    by_clause: dict[tuple[int, int], list[_Cue]] = {}
    for c in cues:
        cs, ce = clauses.bounds(c.start)
        if (cs, ce) not in past:
            clause = folded[cs:ce]
            past[(cs, ce)] = bool(_PAST.search(clause) and not _COMMIT.search(clause))
        if _is_heading(folded, cs, ce):
            continue
        if _skip_cue(folded, c, cs, ce, doc_year=doc_year, past=past[(cs, ce)]):
            continue
        by_clause.setdefault((cs, ce), []).append(c)

    targets: list[Target] = []
    for (cs, ce), group_cues in sorted(by_clause.items()):
        groups: list[list[_Cue]] = [[group_cues[0]]]
        splits: list[int] = []
        for c in group_cues[1:]:
            prev_end = groups[-1][-1].end
            between = folded[prev_end : c.start]
            comma = between.rfind("，")
            if comma >= 0 and len(_HAN.findall(between[:comma])) >= 4:
                splits.append(prev_end + comma)
                groups.append([c])
            else:
                groups[-1].append(c)
        start = _strip_lead(folded, cs, ce, group_cues[0].start)
        bounds: list[tuple[int, int]] = []
        for i, _g in enumerate(groups):
            end = splits[i] if i < len(splits) else ce
            bounds.append((start, end))
            if i < len(splits):
                start = splits[i] + 1
        for (s, e), g in zip(bounds, groups, strict=True):
            while s < e and text[s] in " \t":
                s += 1
            best = max(g, key=lambda c: (c.strength, c.deadline or 0))
            span = Span(text[s:e], s, e)
            cue_ranges = [(c.start, c.end) for c in g]
            figures = tuple(f for f in find_figures(text, s, e) if not _inside(f.span.start, cue_ranges))
            targets.append(Target(span, best.deadline, figures, text[best.start : best.end]))
    return targets
