"""Text normalisation as pure functions, and the document-level re-joining with an offset map.

Line-level steps (each ``str -> str``, keyword-only options, precompiled patterns):

* :func:`nfkc` — NFKC (full-width digits and letters, Kangxi radicals, U+3000) *except* the Chinese
  punctuation the rules match on (，（）：；！？ stay full-width);
* :func:`cjk_punctuation` — ASCII ,:;?!() next to Han characters become full-width;
* :func:`to_simplified` — traditional characters to simplified (OpenCC t2s, only on lines that have any);
* :func:`remove_han_spaces` — spaces between two Han characters (justified PDF lines, OCR) removed.

Document-level: :func:`normalize_document` drops page numbers and running heads, re-joins lines broken
inside a sentence (医疗卫⏎生 -> 医疗卫生) but never across headings and list items, and returns a
:class:`NormalizedText` whose :meth:`~NormalizedText.locate` maps an offset back to its page and line.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

__all__ = [
    "NormalizedText",
    "RawLine",
    "cjk_punctuation",
    "doc_number_brackets",
    "is_heading",
    "is_page_number",
    "make_pipeline",
    "nfkc",
    "normalize_document",
    "normalize_line",
    "normalize_text",
    "remove_han_spaces",
    "to_simplified",
]

# Full-width punctuation kept through NFKC, parked in the private use area while NFKC runs.
_PROTECTED = "，（）：；！？"
_PARK = {ord(c): 0xF0000 + i for i, c in enumerate(_PROTECTED)}
_PARK_PAIRS = tuple((c, chr(_PARK[ord(c)])) for c in _PROTECTED)

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_PUNCT = "，。、；：？！（）《》〔〕【】“”‘’—…"
_HAN_SPACE = re.compile(
    rf"(?<=[{_HAN}{_CJK_PUNCT}])[ \t\u00a0]+(?=[{_HAN}{_CJK_PUNCT}])"
    rf"|(?<=[{_HAN}{_CJK_PUNCT}])[ \t\u00a0](?=[0-9])"  # one space only: a wider gap is layout (署名  日期)
    rf"|(?<=[0-9])[ \t\u00a0]+(?=[{_HAN}{_CJK_PUNCT}])"
)
_ASCII_TO_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_ASCII_PUNCT_NEAR_HAN = re.compile(
    rf"(?<=[{_HAN}{_CJK_PUNCT}])[,:;?!()]|[,:;?!()](?=[{_HAN}{_CJK_PUNCT}])|(?<=[0-9])\)(?=[{_HAN}])"
)


def nfkc(text: str) -> str:
    """NFKC, keeping ，（）：；！？ full-width (NFKC would turn them into ASCII)."""
    if text.isascii():
        return text
    # str.replace per protected character, not str.translate (a dict lookup per character: several
    # times slower on Chinese text); and parked, the text usually passes NFKC's quick check untouched
    for c, parked in _PARK_PAIRS:
        if c in text:
            text = text.replace(c, parked)
    out = unicodedata.normalize("NFKC", text)
    for c, parked in _PARK_PAIRS:
        if parked in out:
            out = out.replace(parked, c)
    return out


_ASCII_PUNCT = re.compile(r"[,:;?!()]")
_HALF_PAIR_OPEN = re.compile(r"（([^（）()\n]{0,40})\)")
_HALF_PAIR_CLOSE = re.compile(r"\(([^（）()\n]{0,40})）")


def cjk_punctuation(text: str) -> str:
    """ASCII ``,:;?!()`` touching Han text become their full-width forms (one form for the rules);
    a bracket pair half converted that way is completed (国发(2015)5号 -> 国发（2015）5号)."""
    if _ASCII_PUNCT.search(text) is None:
        return text  # every change below needs one of these characters
    text = _ASCII_PUNCT_NEAR_HAN.sub(lambda m: _ASCII_TO_FULL[m.group(0)], text)
    if "（" in text or "）" in text:
        text = _HALF_PAIR_OPEN.sub(r"（\1）", text)
        text = _HALF_PAIR_CLOSE.sub(r"（\1）", text)
    return text


@lru_cache(maxsize=1)
def _t2s() -> tuple[Callable[[str], str], frozenset[str]]:
    from importlib.resources import files

    from opencc import OpenCC  # opencc-python-reimplemented; imported on first use only

    converter = OpenCC("t2s")
    # The characters t2s changes on their own: a line without any of them is left as it is (fast path).
    table = files("opencc").joinpath("dictionary/TSCharacters.txt").read_text(encoding="utf-8")
    trad = set()
    for row in table.splitlines():
        key, _, values = row.partition("\t")
        if len(key) == 1 and values.split(" ")[0] != key:
            trad.add(key)
    return converter.convert, frozenset(trad)


def to_simplified(text: str) -> str:
    """Traditional Chinese to simplified (OpenCC t2s); lines without a traditional character are kept as is."""
    convert, trad = _t2s()
    if trad.isdisjoint(text):
        return text
    out = convert(text)
    return out if isinstance(out, str) else text


def remove_han_spaces(text: str) -> str:
    """Remove spaces between two Han characters or Chinese punctuation, and between a digit and a Han
    character (stretched lines, OCR output: 医 疗 -> 医疗, 2020 年 -> 2020年)."""
    if " " not in text and "\t" not in text and "\u00a0" not in text:
        return text  # (the only characters it removes)
    return _HAN_SPACE.sub("", text)


_DOCNO_BRACKETS = re.compile(
    rf"(?<=[{_HAN}])\s*[〔【\[［（(〈﹝]\s*((?:19|20)\d{{2}})\s*[〕】\]］）)〉﹞]\s*(第?\s*\d{{1,5}}\s*号)"
)


def doc_number_brackets(text: str) -> str:
    """The year brackets of a 文号 in one form: 国发[2015]5号, 国发（2015）5号, 国发【2015] 5号 -> 国发〔2015〕5号."""
    if "号" not in text:
        return text
    return _DOCNO_BRACKETS.sub(lambda m: "〔" + m.group(1) + "〕" + "".join(m.group(2).split()), text)


def make_pipeline(*steps: Callable[[str], str]) -> Callable[[str], str]:
    """Chain ``str -> str`` steps into one function."""

    def run(text: str) -> str:
        for step in steps:
            text = step(text)
        return text

    return run


def normalize_line(text: str, *, simplify: bool = True) -> str:
    """All line-level steps in their order: NFKC, punctuation, traditional->simplified, Han spaces."""
    return _after_nfkc(nfkc(text), simplify=simplify)


def _after_nfkc(text: str, *, simplify: bool) -> str:
    """The line-level steps that follow NFKC (for text already NFKC-normalised)."""
    text = cjk_punctuation(text)
    if simplify:
        text = to_simplified(text)
    text = doc_number_brackets(text)
    return remove_han_spaces(text).strip()


# --- page furniture -------------------------------------------------------------------------------------

_DASHES = "\\-—–－―─‒⸺"
_PAGE_NUMBER = re.compile(
    rf"^(?:[{_DASHES}~]+\s*\d{{1,4}}\s*[{_DASHES}~]+"  # — 3 —, - 3 -
    r"|第\s*\d{1,4}\s*页(?:\s*[,，/、]?\s*共\s*\d{1,4}\s*页)?"  # 第3页, 第 3 页 共 10 页
    r"|\d{1,4}\s*/\s*\d{1,4}"  # 3/10
    r"|(?:page|Page|PAGE)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
)
_BARE_NUMBER = re.compile(r"^\d{1,4}$")


def is_page_number(line: str) -> bool:
    """True for a page-number line by its shape: — 3 —, - 3 -, 第3页, 第3页 共10页, 3/10."""
    return bool(_PAGE_NUMBER.match(line.strip()))


_HEADING = re.compile(
    r"^\s*(?:"
    r"[一二三四五六七八九十百]+[、.．]"  # 一、
    r"|[（(][一二三四五六七八九十百]+[)）]"  # （一）
    r"|\d{1,2}[.．、](?!\d)"  # 1. (not 1.5)
    r"|[（(]\d{1,2}[)）]"  # （1）
    r"|[①-⑳]"
    r"|第[一二三四五六七八九十百零〇\d]+[章节条部篇]"  # 第一章, 第三条
    r"|附件\s*\d*\s*[:：]?$"
    r"|附件[:：]"
    r"|(?:抄送|主送|印发|发文机关|成文日期|发布日期|发文字号|索引号|主题分类|标题|主题词|关键词|附注)[:：]"
    r")"
)


def is_heading(line: str) -> bool:
    """True when a line starts a heading, list item, article or labelled field (never joined to the previous)."""
    return bool(_HEADING.match(line))


# --- the document -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RawLine:
    """One line as a reader gives it.

    ``continues`` is the reader's geometric judgement, where it has one: True when the line runs to the
    right margin (so a sentence may go on in the next line), False when it ends short. ``indented`` is
    True when the line starts right of the text's left edge (a new paragraph, a centred title).
    """

    text: str
    page: int
    continues: bool | None = None
    indented: bool | None = None
    size: float | None = None  # font size (PDF readers), used to find the title


@dataclass(frozen=True)
class NormalizedText:
    """The normalised text and the map from its offsets back to (page, line)."""

    text: str
    line_starts: tuple[int, ...]  # offset where each output line starts
    line_pages: tuple[int, ...]  # the page of each output line's first character
    line_sources: tuple[int, ...]  # 0-based index, within its page, of the raw line the output line began at
    page_count: int
    line_sizes: tuple[float | None, ...] = ()  # largest font size in each output line, where known

    def locate(self, offset: int) -> tuple[int, int]:
        """(1-based page, 1-based line within that page) of the character at ``offset``."""
        if not self.line_starts:
            return (1, 1)
        i = max(0, bisect.bisect_right(self.line_starts, offset) - 1)
        return (self.line_pages[i], self.line_sources[i] + 1)

    def page_of(self, offset: int) -> int | None:
        if self.page_count == 0:
            return None
        return self.locate(offset)[0]


_TERMINAL = "。！？；：!?;:"
_OPEN_ENDINGS = "，、（《“—"


def _furniture(pages: Sequence[Sequence[RawLine]]) -> set[tuple[int, int]]:
    """(page index, line index) of page numbers and repeated running heads/feet."""
    drop: set[tuple[int, int]] = set()
    edge_texts: Counter[str] = Counter()
    edges: list[list[tuple[int, str]]] = []
    for p, lines in enumerate(pages):
        idx = [i for i, ln in enumerate(lines) if ln.text.strip()]
        page_edges: list[tuple[int, str]] = []
        for pos, i in enumerate(idx):
            s = lines[i].text.strip()
            at_edge = pos < 2 or pos >= len(idx) - 2
            if is_page_number(s) or (at_edge and _BARE_NUMBER.match(s) and len(idx) > 3):
                drop.add((p, i))
            elif at_edge:
                key = re.sub(r"\d+", "#", s)
                page_edges.append((i, key))
        edges.append(page_edges)
        for key in {k for _, k in page_edges}:
            edge_texts[key] += 1
    n = len(pages)
    if n >= 2:
        repeated = {k for k, c in edge_texts.items() if c >= 2 and c >= 0.6 * n and len(k) >= 4}
        for p, page_edges in enumerate(edges):
            for i, key in page_edges:
                if key in repeated:
                    drop.add((p, i))
    return drop


def _wrap_width(texts: Sequence[str]) -> int | None:
    """For text without geometry: the width lines were hard-wrapped at, or None when they were not."""
    lengths = [len(t) for t in texts if len(t) >= 12]
    if len(lengths) < 6:
        return None
    top = sorted(lengths)[int(len(lengths) * 0.9)]
    near = sum(1 for n in lengths if n >= top - 2)
    return top if near >= 0.3 * len(lengths) else None


_DATE_LINE = re.compile(
    r"^(?:(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[〇○零O一二三四五六七八九]{4}年[〇○零一二三四五六七八九十]{1,2}月[〇○零一二三四五六七八九十]{1,3}日)"
    r"(?:印发|发布)?$"
)


# A date broken over two lines — a narrow table cell (完成时限: "2018年12" / "月底前"), or a wrap inside
# a date — is one date again: the line ends inside it and the next line goes on with the rest.
_DATE_BREAK = (
    (re.compile(r"(?:19|20)\d{2}$"), re.compile(r"^年")),
    (re.compile(r"(?:19|20)\d{2}年\d{1,2}$"), re.compile(r"^月")),
    (
        re.compile(r"(?:19|20)\d{2}年$"),
        re.compile(r"^(?:\d{1,2}月|[底末]|前|内|第[一二三四]季度|[上下]半年)"),
    ),
    (re.compile(r"(?:19|20)\d{2}年\d{1,2}月$"), re.compile(r"^(?:\d{1,2}日|[底末]|前|[上中下]旬)")),
    (re.compile(r"(?:19|20)\d{2}年(?:\d{1,2}月)?[底末]$"), re.compile(r"^(?:前|以前|之前)")),
)


def _date_break(prev_text: str, cur_text: str) -> bool:
    if not prev_text[-1].isdigit() and prev_text[-1] not in "年月底末":
        return False
    return any(end.search(prev_text) and start.match(cur_text) for end, start in _DATE_BREAK)


def _should_join(prev: RawLine, prev_text: str, cur: RawLine, cur_text: str, wrap: int | None) -> bool:
    if not prev_text or not cur_text:
        return False
    if _DATE_LINE.match(prev_text) or _DATE_LINE.match(cur_text):
        return False  # a date on its own line (成文日期, 印发日期) stands alone
    if _date_break(prev_text, cur_text):
        return True
    if is_heading(cur_text) or cur.indented:
        return False
    if prev.size is not None and cur.size is not None and abs(prev.size - cur.size) > 1.0:
        return False
    last = prev_text[-1]
    if prev.continues is not None:
        return prev.continues
    if last in _TERMINAL:
        return False
    if last in _OPEN_ENDINGS:
        return True
    return wrap is not None and len(prev_text) >= wrap - 2


_META_KEYS = (
    "索引号|主题分类|信息分类|发文机关|成文日期|标题|名称|发文字号|发布日期|发文日期|生效日期|公开方式|有效性|"
    "发布机构|发布单位|文号|来源|发布时间"
)
_META_FIELD = re.compile(rf"\s*(?=(?:{_META_KEYS})\s*[:：])")
_META_KEY_COUNT = re.compile(rf"(?:{_META_KEYS})\s*[:：]")


_BRACKET_KEYS = (
    "标题|名称|发布单位|发布机构|发文机关|发布文号|发文字号|文号|发文日期|成文日期|发布日期|生效日期|实施日期|"
    "索引号|主题分类|信息分类|时效性|有效性"
)
_BRACKET_KEY_SET = frozenset(_BRACKET_KEYS.split("|"))
_BRACKET_FIELD = re.compile(r"^\s*[【\[［]([^】\]］\n]{2,12})[】\]］]\s*[:：]?\s*")


def split_fields(line: str) -> list[str]:
    """A web copy's metadata row holding several ``字段：值`` pairs becomes one line per field, and
    ``【发布文号】…`` style labels become ``发布文号：…``."""
    m = _BRACKET_FIELD.match(line)
    if m and "".join(m.group(1).split()) in _BRACKET_KEY_SET:
        line = "".join(m.group(1).split()) + "：" + line[m.end() :]
    if len(_META_KEY_COUNT.findall(line)) < 2:
        return [line]
    return [part.strip() for part in _META_FIELD.split(line) if part.strip()]


def normalize_document(pages: Sequence[Sequence[RawLine]], *, simplify: bool = True) -> NormalizedText:
    """Normalise a document's lines, drop page furniture, re-join broken lines, keep the offset map."""
    drop = _furniture(pages)
    items: list[tuple[RawLine, str, int, int]] = []  # (raw, normalised text, page index, line index)
    for p, lines in enumerate(pages):
        for i, ln in enumerate(lines):
            if (p, i) in drop:
                continue
            for part in split_fields(nfkc(ln.text)):
                items.append((ln, _after_nfkc(part, simplify=simplify), p, i))
    wrap = None
    if all(raw.continues is None for raw, *_ in items):
        wrap = _wrap_width([t for _, t, _, _ in items])

    out: list[str] = []
    starts: list[int] = []
    line_pages: list[int] = []
    sources: list[int] = []
    sizes: list[float | None] = []
    pos = 0
    prev: tuple[RawLine, str] | None = None
    blank_pending = False
    for raw, text, _p, i in items:
        if not text:
            blank_pending = True
            continue
        if prev is not None and not blank_pending and _should_join(prev[0], prev[1], raw, text, wrap):
            sep = " " if prev[1][-1].isascii() and prev[1][-1].isalpha() and text[0].isascii() else ""
            out.append(sep + text)
            pos += len(sep) + len(text)
            if raw.size is not None:
                sizes[-1] = max(sizes[-1] or 0.0, raw.size)
            prev = (raw, text)
            continue
        if out:
            out.append("\n")
            pos += 1
        starts.append(pos)
        line_pages.append(raw.page)
        sources.append(i)
        sizes.append(raw.size)
        out.append(text)
        pos += len(text)
        prev = (raw, text)
        blank_pending = False
    return NormalizedText(
        text="".join(out),
        line_starts=tuple(starts),
        line_pages=tuple(line_pages),
        line_sources=tuple(sources),
        page_count=len(pages),
        line_sizes=tuple(sizes),
    )


def normalize_text(text: str, *, simplify: bool = True) -> NormalizedText:
    """Normalise a plain string (one page); the library's entry for text that has no pages.

    A text of many lines takes a bulk path (the line-level steps run once over the whole text, and only
    the line ends that may join are looked at one by one) whose output is identical to the line-by-line
    path; tests/test_normalize.py checks the two agree."""
    lines = text.splitlines()
    if len(lines) >= _BULK_MIN_LINES:
        bulk = _normalize_plain_bulk(lines, simplify=simplify)
        if bulk is not None:
            return bulk
    return normalize_document(
        [[RawLine(t, page=1, indented=_leading_indent(t)) for t in lines]], simplify=simplify
    )


# --- the bulk path for plain text ------------------------------------------------------------------------

_BULK_MIN_LINES = 2000  # below this, the line-by-line path is fast enough and is the one used


def _one_line(pattern: str) -> str:
    """A line-level pattern for use on a whole text: its whitespace never crosses a line end."""
    return pattern.replace(r"\s", r"[^\S\n]")


_PAGE_NUMBER_ML = re.compile("(?m)^[^\\S\n]*" + _one_line(_PAGE_NUMBER.pattern)[1:-1] + "[^\\S\n]*$")
_BARE_NUMBER_ML = re.compile(r"(?m)^[^\S\n]*\d{1,4}[^\S\n]*$")
_NONBLANK_ML = re.compile(r"(?m)^[^\S\n]*\S")
_INDENTED_ML = re.compile("(?m)^[ \t\u3000]{2,}[^ \t\u3000\n]")
_STRIP_ML = re.compile(r"(?m)^[^\S\n]+|[^\S\n]+$")
_DOCNO_BRACKETS_ML = re.compile(_one_line(_DOCNO_BRACKETS.pattern))
_SPLIT_FIELD_ML = re.compile(
    "(?m)^[^\\S\n]*[【\\[［]|"
    + _one_line(_META_KEY_COUNT.pattern)
    + "[^\n]*?"
    + _one_line(_META_KEY_COUNT.pattern)
)
_JOIN_CANDIDATE = re.compile(
    rf"[{re.escape(_OPEN_ENDINGS)}]\n(?=[^\n])|"
    # a date broken over two lines: _DATE_BREAK's pairs, each as end-of-line, line end, start-of-line
    + "|".join(end.pattern[:-1] + r"\n(?=" + start.pattern[1:] + ")" for end, start in _DATE_BREAK)
)


def _normalize_plain_bulk(lines: list[str], *, simplify: bool) -> NormalizedText | None:
    """:func:`normalize_document` of one page of plain lines (no geometry), computed on the whole text at
    once. None when the text holds a case only the line-by-line path handles (metadata rows to split)."""
    joined = "\n".join(lines)
    starts = list(accumulate([len(x) + 1 for x in lines[:-1]], initial=0))

    def line_no(offset: int) -> int:
        return bisect.bisect_right(starts, offset) - 1

    # page furniture: page-number lines anywhere, bare numbers among the first and last two non-blank lines
    drop = {line_no(m.start()) for m in _PAGE_NUMBER_ML.finditer(joined)}
    nonblank = [i for i, x in enumerate(lines) if x and not x.isspace()]
    if len(nonblank) > 3:
        for i in nonblank[:2] + nonblank[-2:]:
            if _BARE_NUMBER_ML.match(joined, starts[i]):
                drop.add(i)
    if drop:
        keep = [i for i in range(len(lines)) if i not in drop]
        lines = [lines[i] for i in keep]
        joined = "\n".join(lines)
        starts = list(accumulate([len(x) + 1 for x in lines[:-1]], initial=0))
    else:
        keep = list(range(len(lines)))
    indented = {line_no(m.start()) for m in _INDENTED_ML.finditer(joined)}

    text = nfkc(joined)
    if _SPLIT_FIELD_ML.search(text):
        return None  # web-copy metadata rows: split by the line-by-line path
    text = cjk_punctuation(text)
    if simplify:
        text = to_simplified(text)
    if "号" in text:
        text = _DOCNO_BRACKETS_ML.sub(lambda m: "〔" + m.group(1) + "〕" + "".join(m.group(2).split()), text)
    text = _STRIP_ML.sub("", remove_han_spaces(text))
    out_lines = text.split("\n")
    if len(out_lines) != len(keep):
        return None  # a step made or removed a line end: let the line-by-line path decide

    wrap = _wrap_width(out_lines)
    joins: set[int] = set()  # j: output line j is joined to line j - 1
    n = len(out_lines)
    if wrap is None:
        ends = [m.end() for m in _JOIN_CANDIDATE.finditer(text)]
        out_starts = list(accumulate([len(x) + 1 for x in out_lines[:-1]], initial=0)) if ends else []
        candidates = [bisect.bisect_right(out_starts, e) - 1 for e in ends]
    else:
        candidates = list(range(1, n))
    for j in candidates:
        prev, cur = out_lines[j - 1], out_lines[j]
        if not prev or not cur:
            continue
        if _should_join(_PLAIN, prev, _INDENTED if j in indented else _PLAIN, cur, wrap):
            joins.add(j)

    if not joins:
        nonempty = [j for j in range(n) if out_lines[j]]
        kept = [out_lines[j] for j in nonempty]
        return NormalizedText(
            text="\n".join(kept),
            line_starts=tuple(accumulate([len(x) + 1 for x in kept[:-1]], initial=0)) if kept else (),
            line_pages=(1,) * len(kept),
            line_sources=tuple(keep[j] for j in nonempty),
            page_count=1,
            line_sizes=(None,) * len(kept),
        )
    out: list[str] = []
    line_starts: list[int] = []
    sources: list[int] = []
    pos = 0
    prev_text = ""
    for j in range(n):
        cur = out_lines[j]
        if not cur:
            continue
        if j in joins:
            sep = " " if prev_text[-1].isascii() and prev_text[-1].isalpha() and cur[0].isascii() else ""
            out.append(sep + cur)
            pos += len(sep) + len(cur)
            prev_text = cur
            continue
        if out:
            out.append("\n")
            pos += 1
        line_starts.append(pos)
        sources.append(keep[j])
        out.append(cur)
        pos += len(cur)
        prev_text = cur
    return NormalizedText(
        text="".join(out),
        line_starts=tuple(line_starts),
        line_pages=(1,) * len(line_starts),
        line_sources=tuple(sources),
        page_count=1,
        line_sizes=(None,) * len(line_starts),
    )


_PLAIN = RawLine("", page=1)
_INDENTED = RawLine("", page=1, indented=True)


def _leading_indent(line: str) -> bool | None:
    stripped = line.lstrip(" \t\u3000")
    if not stripped:
        return None
    return (len(line) - len(stripped)) >= 2 or None
