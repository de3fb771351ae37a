"""Targets (发展目标): clauses committing to an outcome by a deadline, with the quantities they name.

:func:`find_targets` reads the normalised text and returns one :class:`~extractor.result.Target` per
deadline clause. Deadlines are resolved against the document's own year (``doc_year``), never the clock.

Deadline cues (the ``cue`` of a Target, as written):

* absolute: 到/至/于/在/力争到/争取到/计划到/预计到/确保 + YYYY年(底/末/年底/年末)(前/以前/之前), and
  YYYY年(M月(D日))(底/末)前/以前/之前 without a preposition (2019年底前, 2018年6月底前, 2020年前);
  Chinese-numeral years too (到二〇二〇年). 到/至 need nothing after the year (到2035年); 于/在 need 底/末/前
  (于2016年3月5日召开 is an event);
* this year's plan (needs ``doc_year``, and doc_year <= year <= doc_year + 30): a bare year opening a
  clause or a comma-clause (2009年，… / 2009年全省… / 2014年：… / 2019年内… / 其中2022年…), a year range
  opening one (2014年至2017年，…), 利用2022年至2024年三年时间; not 2018年起 (a start), 2023年度… (a fiscal
  year), …预计达… (a forecast), and never before doc_year ("2015年，全省完成…" in a 2016 text is history);
* relative (doc_year + N, None when doc_year is unknown): 用N年时间, 用N年左右(的)时间, 用N到M年时间 (M),
  经过N年(左右的)努力, (在)N年内 opening a clause; M月底前, 年底前, 年内, 今年(年底前)， -> doc_year;
* plan periods (data/plan_periods.tsv): 十二五/十三五/十四五/十五五 (also in “”) + 期间/末/末期/期末/时期/
  结束时/规划期 -> the period's last year (十四五期间 -> 2025), when opening a clause or after 到/至/在/于
  (为谋划“十四五”时期…, titles and "是十四五时期…" are statements, not targets);
* staged horizons: 近期/中期/远期/第N阶段 (目标) + a year range (2016—2018年), and any stage label opening a
  clause with its years in brackets (推进阶段（2011—2012年）, 夯基提升期（2021年）) -> the last year.

Not targets: validity (自…起施行, 有效期至…, 实施至…, 试点期至…, …前有效), submission, meeting and
compliance deadlines (于…前报送/上报/报至/提交/填报/报到, 将…报…, …，报…备案, …召开, 逾期…), the issuing
agency's own steps (我委将于…), status reports (截至2015年底), long-range outlooks (展望至2035年), years only
in a 文号, a 《cited title》 or a plan name ((2016—2020年), 2016至2020年…纲要), statements about the past
(deadline before ``doc_year``, or 已建成/已经/取得了 without a commitment word), and headings alone (a short
line without punctuation ending in 目标/任务/要点/规划/…).

Span: the clause holding the cue: from the previous 。；！？ or the line start (after heading numbering such
as 一、（一）1.（1）① and a short lead-in label ending in ：, when the cue is after it) to the next 。；！？
inclusive, or the line end. ；-continuations without a cue of their own are not targets.

Several cues in one clause (cues separated by ； are in different clauses anyway): a new target starts at the
last ， before a cue with a *different* deadline when real content (4+ Han characters) lies between them:
"到2018年，建成10个示范区，到2020年，推广到全省。" gives two targets (2018, 2020) split at that ，. Cues with
one deadline, or with nothing between ("用三年时间，到2020年，…"), make one target: an explicit year wins over a
plan period, which wins over a relative cue; among equals the latest.

Lists: a target line ending in a goal lead-in (…主要目标是： / 具体目标是： / 主要指标如下：) passes its deadline
to the list items below it ("1.…", "（一）…", "——…"), one target per item (after a short item label such as
"——信息基础设施全面升级。"), up to the first line of another numbering style or a heading.

Figures: every number + unit (data/target_units.tsv) in the target's span: Arabic (90, 2.5, 1,000) or Chinese
(十, 两, 三千五百) numbers, 百分之N -> (N, %), magnitude prefixes kept in the unit (2万亿元 -> 2 万亿元, 100万人
-> 100 万人); 以上/以下 are ignored; ordinals (第三个), durations (3个月), 人次 and a bare Chinese 一 (一张网,
一条龙) are not figures; 5G / 4G are read as (5, G).
"""

from __future__ import annotations

import bisect
import csv
import re
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from extractor.result import Figure, Span, Target
from extractor.rules.limits import capped
from extractor.rules.numerals import (
    cn_number_to_float,
    digit_string_to_int,
    fold_digits,
    parse_number,
    year_pattern,
)

__all__ = ["find_figures", "find_targets", "plan_periods"]

_ZERO = "〇○零Oo0"
_CN_D = "一二三四五六七八九"
_YEAR = rf"(?:(?:19|20)[0-9]{{2}}|[一二][{_ZERO}{_CN_D}]{{3}})"
_MONTH = rf"(?:1[0-2]|0?[1-9]|十[一二]?|[{_CN_D}])"
_DAY = rf"(?:3[01]|[12][0-9]|0?[1-9]|三十一?|二十[{_CN_D}]?|十[{_CN_D}]?|[{_CN_D}])"
_N = rf"(?:[0-9]{{1,2}}|[{_CN_D}两十]{{1,3}})"

# An explicit year cue. The lead words (力争到, 确保在) before the year are read by _ABS_PRE on the few
# characters before each match: a pattern opening with optional words would be tried at every position.
_ABS_CUE = re.compile(
    rf"(?P<y>{year_pattern('0-9')}) ?年"
    rf"(?: ?{_MONTH} ?月(?: ?{_DAY} ?[日号])?)?"
    r"(?P<post>(?:上半年|下半年|年中|第[一二三四]季度)?(?:年?底|年?末)?(?:前|以前|之前)?)"
)
_ABS_PRE = re.compile(r"(?:力争|争取|计划|预计|确保|努力|预期|目标是|要)?(?:到|至|于|在)?\Z")
_REL_CUE = re.compile(
    rf"用(?P<a>{_N})(?:(?:到|至|-|—|~|～)(?P<b>{_N}))?年(?:左右)?(?:的)?时间"
    rf"|经过(?P<c>{_N})(?:(?:到|至|-|—)(?P<d>{_N}))?年(?:左右)?(?:的)?(?:努力|建设|奋斗)"
    rf"|(?<![近最前过去来0-9{_CN_D}两十])(?P<e>{_N})年(?:之内|内)(?!有效|不得|不再|不予|不能)"
)
# Every match of _REL_CUE holds one of these, within (before, after) characters of it (lookahead included)
_REL_TRIGGERS = (
    (re.compile("时间"), 16, 0),  # 用三年时间: the match ends at 时间
    (re.compile("经过"), 0, 16),  # 经过五年努力: the match starts at 经过
    (re.compile("年之?内"), 6, 4),  # 三年内(?!有效…)
)
_RANGE_CUE = re.compile(
    rf"(?:近期|中期|远期|第[一二三四五]阶段)(?:目标)?[：:]?[（(]?(?:{_YEAR}) ?年?"
    rf"(?:—{{1,2}}|-|–|~|～|至|到)(?P<y>{_YEAR}) ?年[）)]?"
)
# a staged label with its years at the start of a clause: 推进阶段（2011—2012年）, 夯基提升期（2021年）
_STAGE_CUE = re.compile(
    rf"[\u4e00-\u9fff]{{1,8}}?(?:阶段|期)(?:目标)?[：:]?[（(](?:{_YEAR} ?年?(?: ?{_MONTH}月)?"
    rf"(?:—{{1,2}}|-|–|~|～|至|到))?(?P<y>{_YEAR}) ?年(?: ?{_MONTH}月)?(?:(?:—{{1,2}}|-|–|~|～|至|到) ?{_MONTH}月)?[）)]"
)
# what every _STAGE_CUE match holds: a cheap test that skips the (slow, per-Han-character) scan when absent
_STAGE_GUARD = re.compile(r"(?:阶段|期)(?:目标)?[：:]?[（(]")
# a bare year (2009年，… / 2019年内… / 2014年：…) -- only at a clause start, only from doc_year on
_BARE_CUE = re.compile(
    rf"(?P<y>{year_pattern('0-9' + _CN_D + '〇○零')}) ?年(?:内|度|全年)?"
    rf"(?![0-9{_CN_D}十]{{1,2}} ?月|[0-9]|底|末|前|以前|之前|至|到|—|-|～|~|、|和|及|与|以来|是|为|起|初|春|夏|秋|冬|上半年|下半年)"
    r"(?=[，：:]|[\u4e00-\u9fff])"
)
# a range of years opening a clause: 2014年至2017年，… / 2020年至2022年，… / 2005—2006年：…
_SPAN_CUE = re.compile(rf"{year_pattern()} ?年? ?(?:至|到|—{{1,2}}|-|～|~) ?(?P<y>{_YEAR}) ?年(?=[，：:])")
# a date cell of a task-table row written as text (序号 任务 牵头单位 完成时限; cells split by spaces, ／ or |,
# or run together once the normaliser has removed the spaces between Han characters and digits), or a
# 完成时限：… field: a year, maybe a month, ending the line or followed by a cell separator
_ROW_CUE = re.compile(
    rf"(?P<y>{year_pattern('0-9')}) ?年(?: ?{_MONTH} ?月)?(?:底|末)?(?:前|以前)?(?:完成)?\Z"
)
# where such a cell can end (found first: a cheap scan, then _ROW_CUE on the few characters before)
_ROW_END = re.compile(r"(?:年|月|底|末|前|完成)(?=[ \t]*(?:$|[／/|｜]))", re.M)
_EOL_AHEAD = re.compile(r"[ \t]*(?:\n|\Z)")
_ROW_SEPARATORS = " \t／/|｜"
# a year named as a stage of the plan at a clause start: 2021年为启动部署阶段。… / 2020年为启动攻坚年，…
_YEAR_AS_STAGE = re.compile(
    rf"(?P<y>{year_pattern('0-9')}) ?年(?:为|是)[\u4e00-\u9fff]{{2,8}}(?:阶段|年)(?=[，。：:；])"
)
_ROW_HEADER = re.compile(r"完成时限|完成时间|时间节点|完成期限|时限要求|进度安排")
_ROW_LABEL_END = re.compile(r"(?:完成时限|完成时间|时间节点|完成期限|时限要求|时限)[：:] ?$")
_ROW_NOT = re.compile(r"(?:日期|时间|印发|发布|成文)[：:]? ?$")
# 利用2022年至2024年三年时间
_USE_SPAN_CUE = re.compile(rf"用{_YEAR} ?年 ?(?:至|到|—{{1,2}}|-) ?(?P<y>{_YEAR}) ?年[^，。；\n]{{0,6}}?时间")
# this year: 6月底前 / 年底前 / 年内 (free), 今年… (clause start)
_THIS_YEAR_CUE = re.compile(
    rf"(?<![0-9年{_CN_D}十〇○零])(?:1[0-2]|[1-9]|十[一二]?|[{_CN_D}]) ?月(?:(?:[0-9]{{1,2}}|{_DAY})[日号])?"
    r"(?:底|末)?(?:前|以前|之前)"
    rf"|(?<![0-9{_CN_D}十〇○零每当去明今])年(?:底|末)(?:前|以前|之前)"
    rf"|(?<![0-9{_CN_D}十〇○零每当去明几多学])年内"
)
# every match of _THIS_YEAR_CUE ends at one of these, at most 11 characters after its start
_THIS_YEAR_TRIGGERS = ((re.compile("前|年内"), 16, 0),)
# a quarter or half of this year opening a schedule item: 第三季度：… / 上半年，…
_QUARTER_START = re.compile(r"(?:第[一二三四]季度|上半年|下半年)(?:末|底)?(?:前|以前)?(?=[：:，])")
_THIS_YEAR_START = re.compile(
    r"(?:今年|本年度?)(?:(?:年?底|年?末)(?:前|以前|之前)?|内)?(?=，)"
    r"|今年(?!以来|上半年|下半年|前|是|为|的|度|，)(?=[\u4e00-\u9fff])"
)
_CITED = re.compile(r"《[^《》\n]{0,300}》")
_CLAUSE_BREAK = re.compile(r"[。；！？\n]")
_WINDOW = 80  # characters of context read on either side of a cue
_FIGURE_SPAN = 3000  # characters of a target searched for its figures
_HEADING_NUM = re.compile(
    r"[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}(?:\.[0-9]{1,2})*[.、]"
    r"(?![0-9])|[0-9]{1,2}\.(?=(?:19|20)[0-9]{2}年)|[（(][0-9]{1,2}[）)]|[①-⑳]|第[一二三四五六七八九十]{1,3}[，、,])[ \t]*"
)
_LEAD_LABEL = re.compile(r"[^，。；：:,\n]{1,12}[：:]")
_HEADING_WORD = re.compile(
    r"(?:目标|任务|安排|要求|步骤|重点|原则|思路|进度|阶段|时期|期间|要点|计划|方案|通知|意见|规划|纲要|办法)$"
)
_ANCHOR_START = re.compile(r"(?:[^。；！？\n]*，)?(?:其中|力争|争取|确保|计划|预计|目标是)?(?:在|于|到)?")
_COMMITMENT = re.compile(
    r"达到|实现|建成|完成|形成|覆盖|提高|提升|突破|超过|不低于|不少于|控制在|基本|全面|普及|接入|培育|建立|健全|"
    r"增长|增加|新增|降低|下降|减少|打造|推广|开展|[0-9]%"
)
# what a plan period's clause must hold to be a goal (the general _COMMITMENT words also describe trends:
# “十四五”时期，数字经济加速发展，算力需求呈爆发式增长)
_PERIOD_GOAL = re.compile(
    r"达到|建成|实现|完成|覆盖|超过|不低于|不少于|新建|新增|累计|培育|打造|控制在|铺开|普及|建立|健全|形成|基本|[0-9]%"
)
_NOT_A_GOAL = re.compile(r"习近平新时代|为指导|指导思想|总体要求是")
_FIELD_LINE = re.compile(
    r"(?:索引号|主题分类|发文机关|成文日期|标题|名称|发文字号|发布日期|发文日期|文号|发布机构|主题词|分类)[ \t]*[：:]"
)
_GOAL_LEAD = re.compile(r"(?:目标|指标)[^，。；]{0,8}[：:]$")
_ITEM_LABEL = re.compile(r"[^，。；：:\n0-9]{2,14}[。：:]")
_LIST_ITEM = re.compile(
    r"[ \t]*(?:[一二三四五六七八九十]{1,3}[、.]|[（(][一二三四五六七八九十]{1,3}[）)]|[0-9]{1,2}[.、](?![0-9])"
    r"|[（(][0-9]{1,2}[）)]|[①-⑳]|——|—|-|·|•)"
)
_AGENCY = r"(?:国家|国务院|省|市|区|县|自治区|我|本|各|部|委|局|厅|办|工业|教育|财政|人力|住房|交通|农业|商务|卫生|民政|科技)"
_SUBMISSION = re.compile(
    r"报送|上报|报至|提交|反馈|函告|报名|申报(?:材料|项目|工作)?(?=[。；，]|$)|报到|送达|填报|报备|书面报告|报告(?:[。；，]|$)"
    rf"|报{_AGENCY}"
)
_OWN_ACTION = re.compile(r"(?:我|本)(?:委|部|局|厅|办|司|院|中心)(?:将|拟|计划)?[于在]?$")
_VALIDITY = re.compile(r"有效期|有效至|施行|失效|废止|停止执行")
# the text just before a 到/至 cue: 截至 (status), a range (2016年至), validity or an outlook (有效期至, 展望至)
_STATUS_OR_RANGE_END = re.compile(r"(?:截|止)$|(?<![0-9]\.)(?<!\n[0-9])(?<!\n[0-9]{2})[0-9年月日号]$")
_VALIDITY_OR_OUTLOOK_END = re.compile(r"(?:有效期|有效|施行|实施|执行|期|展望|远景)[为是]?$")
_RANGE_END = re.compile(r"(?:[—–\-~～至到]|[—–\-~～至到] ?(?:19|20)[0-9]{2}年?)$")
_VALIDITY_BEFORE = re.compile(r"有效期|有效至|执行期|实施期")
_STILL_VALID = re.compile(r"(?:继续|仍然)?有效(?:[。；，,]|$)")
_PLEASE = re.compile(r"请[^。；，]{0,12}$")
_REPORT_NEXT = re.compile(rf"，(?:并)?(?:将[^，。；]{{0,20}}?)?(?:上报|报送|报{_AGENCY})")
_STATEMENT = re.compile(r"(?:是|为|以来|发展回顾|取得|的(?:主要|重点)?(?:任务|发展))")
_PAST = re.compile(
    r"已经|已(?:建成|完成|实现|达到|形成|覆盖|超过|初步|基本|全部|累计)|取得了|累计完成|成效显著"
)
_COMMIT = re.compile(r"力争|争取|确保|将|要|计划|预计|目标|努力")
_PERIOD_AFTER = r"(?:规划)?(?:期间|末期|期末|时期|结束时|规划期|末)"
_HAN = re.compile(r"[\u4e00-\u9fff]")


class _Cue(NamedTuple):  # a tuple: thousands are made on a long text, cheaper than a frozen dataclass
    start: int
    end: int
    deadline: int | None
    strength: int  # 3 explicit year, 2 plan period / staged range, 1 relative
    anchor: str = "free"  # free: anywhere; start: opens its clause; lead: opens it or follows 到/至/在/于;
    # row: a table's completion cell alone on its line (the clause takes in the line above)


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
def near(
    rx: re.Pattern[str], text: str, triggers: tuple[tuple[re.Pattern[str], int, int], ...]
) -> Iterator[re.Match[str]]:
    """``rx.finditer(text)``, scanning only the windows around the triggers: ``(pattern, before, after)``
    such that every match of ``rx`` lies within ``before`` characters before and ``after`` characters
    after some match of a trigger (lookaheads included). Overlapping windows are merged, so the scan
    enters each window where no match can be under way, and no match crosses a window's end: the matches
    are the same, found without trying every position of the text (tests/test_fuzz.py and
    tests/rules/test_targets.py compare the two)."""
    spans = sorted(
        (max(0, m.start() - before), m.end() + after)
        for pattern, before, after in triggers
        for m in pattern.finditer(text)
    )
    lo, hi = -1, -1
    for a, b in spans:
        if a <= hi:
            hi = max(hi, b)
            continue
        if hi >= 0:
            yield from rx.finditer(text, lo, hi)
        lo, hi = a, b
    if hi >= 0:
        yield from rx.finditer(text, lo, hi)


def _period_regex() -> re.Pattern[str]:
    names = sorted(plan_periods(), key=len, reverse=True)
    alt = "|".join(re.escape(n) for n in names)
    # opens with the names (a character class the engine skips to); the character before is checked by
    # the caller (_period_cues): not a numeral (二十五), and an opening quote is part of the match
    return re.compile(rf"(?P<name>{alt})(?P<q2>”)?{_PERIOD_AFTER}")


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


def _cues(text: str, *, doc_year: int | None, notes: list[str] | None = None) -> Iterator[_Cue]:
    prev_end = 0
    for m in capped(_ABS_CUE.finditer(text), "year cues", notes):
        pre_match = _ABS_PRE.search(text, max(prev_end, m.start() - 4), m.start())
        pre = pre_match.group(0) if pre_match else ""
        start, prev_end = m.start() - len(pre), m.end()
        post = m.group("post")
        y = _year(m.group("y"))
        if y is None:
            continue
        has_prep = pre.endswith(("到", "至", "于", "在"))  # the lead words (力争…) hold none of them
        has_before = "前" in post
        if not pre and post in ("底", "年底", "末", "年末") and text.startswith("，", m.end()):
            yield _Cue(start, m.end(), y, 3, "start")  # 2011年底，参保人数达到…: at a clause start only
            continue
        if not (has_prep or has_before or pre in ("力争", "争取", "确保", "计划")):
            continue
        if pre in ("于", "在") and not post:
            continue  # 于2016年3月5日召开, 在2015年全国…会议上: an event, not a deadline
        before = text[max(0, start - 6) : start]
        if pre.endswith("至") or pre.endswith("到"):
            if _STATUS_OR_RANGE_END.search(before):
                continue  # 截至2015年底 (status), 2016年至2020年 (a range)
            if _VALIDITY_OR_OUTLOOK_END.search(before):
                continue  # 有效期至…, 实施至…, 试点期至… (validity), 展望至2035年
        if not pre and _RANGE_END.search(before):
            continue
        yield _Cue(start, m.end(), y, 3)
    period_possible = any(ch in text for ch in {name[-1] for name in plan_periods()})
    for m in capped(_period_regex().finditer(text) if period_possible else (), "plan-period cues", notes):
        s = m.start()
        before = text[s - 1] if s > 0 else ""
        if before and before in "一二三四五六七八九十第":
            continue
        quoted = before == "“"
        _first, end, quoted_only = plan_periods()[m.group("name")]
        if quoted_only and not (quoted and m.group("q2")):
            continue
        yield _Cue(s - 1 if quoted else s, m.end(), end, 2, "lead")
    for rx, strength, anchor in (
        (_RANGE_CUE, 2, "free"),
        (_STAGE_CUE, 2, "start"),
        (_USE_SPAN_CUE, 3, "free"),
    ):
        if rx is _STAGE_CUE and not _STAGE_GUARD.search(text):
            continue
        for m in capped(rx.finditer(text), "year-range cues", notes):
            y = _year(m.group("y"))
            if y is not None:
                yield _Cue(m.start(), m.end(), y, strength, anchor)
    ends = capped(_ROW_END.finditer(text), "table-row cues", notes)
    for m in (c for c in (_ROW_CUE.search(text, max(0, e.end() - 16), e.end()) for e in ends) if c):
        y = _year(m.group("y"))
        if y is None:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line = text[line_start : len(text) if line_end < 0 else line_end]
        head = text[line_start : m.start()]
        if not head.strip() and line_start > 0 and _EOL_AHEAD.match(text, m.end()):
            # the completion cell alone on its line (a table whose cells are centred vertically puts it
            # on a baseline of its own): a row when the line above reads like one, under a table whose
            # header names a completion time
            prev_start = text.rfind("\n", 0, line_start - 1) + 1
            prev = text[prev_start : line_start - 1]
            if (
                len(_HAN.findall(prev)) >= 8
                and "。" not in prev
                and not prev.rstrip().endswith(("：", ":"))
                and _ROW_HEADER.search(text, max(0, prev_start - 2000), prev_start)
                and not _only_bodies(prev)  # a signature over a month-only date
            ):
                yield _Cue(m.start(), m.end(), y, 3, "row")
            continue
        if _ROW_NOT.search(head) or len(_HAN.findall(line)) < 6:
            continue  # a dated field (发布时间：…), or a date with no task beside it
        if _ROW_LABEL_END.search(head):  # 完成时限：2010年6月
            yield _Cue(m.start(), m.end(), y, 3)
            continue
        if "。" in line:
            continue  # a sentence, not a row
        before = head[-1:] or "\n"
        at_eol = _EOL_AHEAD.match(text, m.end()) is not None
        if (
            before in _ROW_SEPARATORS
            or (before == "\n" and not at_eol)  # the year opens the row: 2017年／3.5万人／…
            or (
                at_eol
                and ("\u4e00" <= before <= "\u9fff" or before in "）)、")
                and not head.endswith(("到", "至", "于", "在"))
            )
        ):
            yield _Cue(m.start(), m.end(), y, 3)
    for m in capped(_YEAR_AS_STAGE.finditer(text), "year-stage cues", notes):
        y = _year(m.group("y"))
        if y is not None:
            yield _Cue(m.start(), m.end(), y, 3, "start")
    for m in capped(_SPAN_CUE.finditer(text), "year-span cues", notes):
        y = _year(m.group("y"))
        if y is not None and (doc_year is None or doc_year <= y <= doc_year + 30):
            yield _Cue(m.start(), m.end(), y, 3, "start")
    if doc_year is not None:
        for m in capped(_BARE_CUE.finditer(text), "bare-year cues", notes):
            y = _year(m.group("y"))
            if y is not None and doc_year <= y <= doc_year + 30:
                yield _Cue(m.start(), m.end(), y, 3, "start")
    this_year = doc_year
    # (each pass below is skipped when the text lacks a literal every match of it holds: exact, and it
    # spares hostile or odd texts a scan that tries every position)
    for m in capped(near(_THIS_YEAR_CUE, text, _THIS_YEAR_TRIGGERS), "this-year cues", notes):
        yield _Cue(m.start(), m.end(), this_year, 1)
    for m in capped(_THIS_YEAR_START.finditer(text), "this-year cues", notes):
        yield _Cue(m.start(), m.end(), this_year, 1, "start")
    for m in capped(_QUARTER_START.finditer(text), "quarter cues", notes):
        if m.start() == 0 or text[m.start() - 1] not in "0123456789年":
            yield _Cue(m.start(), m.end(), this_year, 1, "start")
    for m in capped(near(_REL_CUE, text, _REL_TRIGGERS), "relative cues", notes):
        a = _n(m.group("b") or m.group("a") or m.group("d") or m.group("c") or m.group("e"))
        if a is None:
            continue
        anchor = "start" if m.group("e") else "free"
        yield _Cue(m.start(), m.end(), doc_year + a if doc_year is not None else None, 1, anchor)


def _only_bodies(line: str) -> bool:
    """Whether a line is nothing but names of government bodies (a signature), by the registry."""
    from extractor.rules.registry import load_registry

    stripped = "".join(line.split())
    covered = sum(e - s for s, e, _ in load_registry().find_all(stripped))
    return covered >= len(stripped) - 1


def _anchored(text: str, cue: _Cue, lead_start: int) -> bool:
    """Whether an anchored cue sits where it counts: opening its clause (after the numbering and a
    lead-in label, allowing 其中/力争/在…) or, for plan periods, right after 到/至/在/于."""
    if cue.anchor in ("free", "row"):
        return True
    prefix = text[max(lead_start, cue.start - _WINDOW) : cue.start] if lead_start <= cue.start else ""
    if _ANCHOR_START.fullmatch(prefix):
        return True
    return cue.anchor == "lead" and prefix.endswith(("到", "至", "在", "于"))


_NUMBER_AFTER_YEAR = re.compile(r"\s*第?[\d一二三四五六七八九十百零〇]{1,6}号")


def _skip_cue(text: str, cue: _Cue, cs: int, ce: int, *, doc_year: int | None, past: bool) -> bool:
    """True when the cue is not a commitment: validity, submission, a start date, history, a statement.
    ``past``: the clause reports what is done (已建成…) without a commitment word."""
    before = text[max(cs, cue.start - _WINDOW) : cue.start]
    after = text[cue.end : min(ce, cue.end + _WINDOW)]
    # validity: 有效期至…, 自…起施行, …前有效
    if _VALIDITY_BEFORE.search(before[-40:]) or _VALIDITY.search(after[:12]):
        return True
    if _STILL_VALID.match(after):
        return True  # …前有效
    if _NUMBER_AFTER_YEAR.match(after):
        return True  # 2020年第3号: the number of a 通告 or 公告, not a deadline
    if before.endswith(("自", "从")) and after.startswith(("起", " 起")):
        return True  # 自2016年起 …: a start, not a deadline
    # submission and meeting deadlines: 请于…前报送, 于…前将…报…, …前报到; the agency's own steps
    if _PLEASE.search(before) or _OWN_ACTION.search(before[-8:]):
        return True
    # the submission verb must be in the cue's own comma-clause (or the next one when the cue opens it)
    comma = after.find("，")
    scope = after if comma < 0 else after[:comma]
    if comma == 0:
        nxt = after.find("，", 1)
        scope = after[1:] if nxt < 0 else after[1:nxt]
    rest = after[len(scope) + (1 if comma == 0 else 0) :]
    if _REPORT_NEXT.match(rest):
        return True  # 制定方案，报我委备案
    if _SUBMISSION.search(scope) or (scope.startswith("将") and "报" in scope):
        return True
    if "逾期" in after or (cue.anchor == "start" and "预计达" in after):
        return True  # a compliance deadline (逾期…不得), a forecast (2014年全国高校毕业生预计达727万人)
    if cue.anchor == "start" and text.endswith("年度", cue.start, cue.end) and not after.startswith("，"):
        return True  # 2023年度企业所得税汇算清缴…: a fiscal year, not a deadline
    # a statement about the period, not a commitment: 十四五时期是…, 十三五以来
    if _STATEMENT.match(after):
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


def find_targets(text: str, *, doc_year: int | None, notes: list[str] | None = None) -> list[Target]:
    """Every target clause of ``text`` (normalised), in reading order. ``doc_year`` is the document's own
    year (from :func:`extractor.rules.dates.document_date`); relative deadlines are None without it.
    At most :data:`~extractor.rules.limits.MAX_MENTIONS` cues of each kind are read (``notes`` says so)."""
    folded = fold_digits(text)
    cited = [(m.start(), m.end()) for m in _CITED.finditer(folded)]
    raw = [
        c for c in _cues(folded, doc_year=doc_year, notes=notes) if not (cited and _inside(c.start, cited))
    ]
    # one cue per position: the earliest start, then the longest
    raw.sort(key=lambda c: (c.start, -c.end))
    cues: list[_Cue] = []
    for c in raw:
        if cues and c.start < cues[-1].end:
            continue
        cues.append(c)

    clauses = _Clauses(folded)
    past: dict[tuple[int, int], bool] = {}
    not_a_goal: dict[tuple[int, int], bool] = {}
    period_goal: dict[tuple[int, int], bool] = {}
    by_clause: dict[tuple[int, int], list[_Cue]] = {}
    for c in cues:
        cs, ce = clauses.bounds(c.start)
        if not _anchored(folded, c, _strip_lead(folded, cs, ce, c.start)):
            continue
        if c.anchor == "row":  # the completion cell on a line of its own: the row is the line above too
            cs = folded.rfind("\n", 0, cs - 1) + 1
        if c.strength == 2 and c.anchor == "start" and len(_HAN.findall(folded, c.end, ce)) < 2:
            # a stage heading (示范阶段（2011年至2012年）。): the rest of its line, if any, is its content
            line_end = folded.find("\n", ce)
            line_end = len(folded) if line_end < 0 else line_end
            if len(_HAN.findall(folded, ce, line_end)) >= 4:
                ce = line_end
        if (cs, ce) not in past:
            clause = folded[cs:ce]
            past[(cs, ce)] = bool(_PAST.search(clause) and not _COMMIT.search(clause))
        if _is_heading(folded, cs, ce):
            continue
        if c.anchor == "lead" and folded.endswith("时期", c.start, c.end):
            if (cs, ce) not in period_goal:
                period_goal[(cs, ce)] = bool(
                    _COMMIT.search(folded, cs, ce) or _PERIOD_GOAL.search(folded, cs, ce)
                )
            if not period_goal[(cs, ce)]:
                continue  # “十三五”时期，新一代信息技术加速发展…: the period described, nothing committed
        if (cs, ce) not in not_a_goal:
            not_a_goal[(cs, ce)] = bool(
                _NOT_A_GOAL.search(folded, cs, ce) or _FIELD_LINE.match(folded, folded.rfind("\n", 0, cs) + 1)
            )
        if not_a_goal[(cs, ce)]:
            continue  # the guiding-ideology sentence (以习近平…为指导), or a metadata field (标题：2025年…要点)
        if _skip_cue(folded, c, cs, ce, doc_year=doc_year, past=past[(cs, ce)]):
            continue
        by_clause.setdefault((cs, ce), []).append(c)

    targets: list[Target] = []
    for (cs, ce), group_cues in sorted(by_clause.items()):
        targets.extend(_clause_targets(text, folded, cs, ce, group_cues))
    targets.extend(_inherited(text, folded, by_clause, targets))
    targets.sort(key=lambda t: t.span.start)
    return targets


def _make_target(
    text: str, s: int, e: int, deadline: int | None, cue: str, cue_ranges: list[tuple[int, int]]
) -> Target:
    while s < e and text[s] in " \t":
        s += 1
    # figures from the first _FIGURE_SPAN characters: a clause is rarely a tenth of that; a longer "clause"
    # is text without sentence ends (a garbled layer, hostile input), not worth a scan to its end
    fe = min(e, s + _FIGURE_SPAN)
    figures = tuple(f for f in find_figures(text, s, fe) if not _inside(f.span.start, cue_ranges))
    return Target(Span(text[s:e], s, e), deadline, figures, cue)


def _clause_targets(text: str, folded: str, cs: int, ce: int, group_cues: list[_Cue]) -> list[Target]:
    """The targets of one clause: split at the last ， before a cue with another deadline when real
    content (4+ Han characters) lies between them."""
    groups: list[list[_Cue]] = [[group_cues[0]]]
    splits: list[int] = []
    for c in group_cues[1:]:
        prev = groups[-1][-1]
        between = folded[prev.end : c.start]
        comma = between.rfind("，")
        if (
            comma >= 0
            and len(_HAN.findall(between[:comma])) >= 4
            and c.deadline != _best(groups[-1]).deadline
        ):
            splits.append(prev.end + comma)
            groups.append([c])
        else:
            groups[-1].append(c)
    start = _strip_lead(folded, cs, ce, group_cues[0].start)
    out: list[Target] = []
    for i, g in enumerate(groups):
        end = splits[i] if i < len(splits) else ce
        best = _best(g)
        out.append(
            _make_target(
                text, start, end, best.deadline, text[best.start : best.end], [(c.start, c.end) for c in g]
            )
        )
        if i < len(splits):
            start = splits[i] + 1
    return out


def _best(g: list[_Cue]) -> _Cue:
    """An explicit year beats a plan period, which beats a relative cue; among equals the latest."""
    return max(g, key=lambda c: (c.strength, c.deadline or 0))


def _inherited(
    text: str,
    folded: str,
    by_clause: dict[tuple[int, int], list[_Cue]],
    targets: list[Target],
) -> list[Target]:
    """List items that take their deadline from the line introducing them: a target line ending in a
    goal lead-in (…，主要目标是： / 具体目标是： / 主要指标如下：) followed by "1.…", "（一）…", "——…" lines.

    One target per item, from after its numbering and a short label (——信息基础设施全面升级。) to the line
    end; the list ends at the first line that is not an item of the same numbering style, or is a heading
    (no ，。；). Items with a cue of their own keep it. ；-continuations of a target clause without a cue
    are *not* targets (the span rule ends a target at ；).
    """
    covered = [(t.span.start, t.span.end) for t in targets]
    out: list[Target] = []
    last_on_line: dict[int, tuple[int, int]] = {}  # line end -> the line's last target clause
    for cs, ce in sorted(by_clause):
        line_end = folded.find("\n", cs)
        last_on_line[len(folded) if line_end < 0 else line_end] = (cs, ce)
    for line_end, key in sorted(last_on_line.items()):
        line_start = folded.rfind("\n", 0, key[0]) + 1
        lead = folded[line_start:line_end].rstrip()
        if not lead.endswith(("：", ":")) or not _GOAL_LEAD.search(lead[-24:]):
            continue
        last = _best(by_clause[key])
        cue = text[last.start : last.end]
        pos = line_end + 1
        style: str | None = None
        items = 0
        while pos < len(folded) and items < 40:
            nl = folded.find("\n", pos)
            nl = len(folded) if nl < 0 else nl
            line = folded[pos:nl]
            if not line.strip():
                pos = nl + 1
                continue
            m = _LIST_ITEM.match(line)
            if not m or not any(p in line for p in "，。；"):
                break
            item_style = _item_style(m.group(0).strip())
            if style is None:
                style = item_style
            elif item_style != style:
                break
            items += 1
            s = pos + m.end()
            label = _ITEM_LABEL.match(folded, s, nl)
            if label:
                s = label.end()
            e = nl
            while e > s and folded[e - 1] in " \t":
                e -= 1
            if s < e and not any(a < e and s < b for a, b in covered) and _COMMITMENT.search(folded, s, e):
                out.append(_make_target(text, s, e, last.deadline, cue, []))
            pos = nl + 1
    return out


def _item_style(marker: str) -> str:
    """The numbering style of a list marker: 1. and 2. share one, （一） and （二） another."""
    return re.sub(r"[0-9]+", "0", re.sub(r"[一二三四五六七八九十]+", "一", re.sub(r"[①-⑳]", "①", marker)))
