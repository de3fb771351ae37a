#!/usr/bin/env python3
"""Render a corpus document (corpus/docs/<id>.txt + its label) to a PDF in GB/T 9704 layout.

The PDFs exercise the PDF side of the extractor with the traps real 公文 PDFs have: a fake-bold title
(every glyph drawn twice), a two-column joint issuer mark, page numbers in three shapes, a running head,
web copies with a metadata box, and image-only scans (no text layer).

Library use::

    from corpus.render_pdf import RenderStyle, render, choose_style
    render("corpus/docs/s-001.txt", label, "out.pdf", style=RenderStyle(fake_bold_title=True))

CLI (data only on stdout, progress on stderr)::

    python corpus/render_pdf.py --corpus corpus --out corpus/build/pdf [--ids s-001 s-002] [--seed N]

Layout (GB/T 9704-2012): A4, 版心 156 mm x 225 mm at 37 mm from the top and 28 mm from the left,
22 lines x 28 characters of 16 pt body text. AR PL UMing stands in for 仿宋/宋体, WenQuanYi Zen Hei for
黑体 and the red 发文机关标志, AR PL UKai for 楷体. Fonts are embedded as TrueType subsets with a
ToUnicode map, so pdfplumber extracts the real characters.

Nothing happens at import time: fonts are registered on first use.
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import logging
import random
import re
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------------------------- fonts

FONT_FILES: dict[str, tuple[str, int]] = {
    # logical name -> (path, subfont index of the CN face)
    "song": ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),  # 仿宋/宋体 stand-in
    "kai": ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),  # 楷体
    "hei": ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),  # 黑体, red 版头
}
_PDF_NAMES = {"song": "PE-UMingCN", "kai": "PE-UKaiCN", "hei": "PE-ZenHei"}
_registered: dict[str, Any] = {}


def missing_fonts() -> list[str]:
    """Paths of the fonts the renderer needs that are not installed (empty when all are there)."""
    return [p for p, _ in FONT_FILES.values() if not Path(p).is_file()]


def _font(logical: str) -> Any:
    """Register (once) and return the reportlab TTFont for a logical font name."""
    if logical not in _registered:
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFont

        path, index = FONT_FILES[logical]
        font = TTFont(_PDF_NAMES[logical], path, subfontIndex=index)
        pdfmetrics.registerFont(font)
        _registered[logical] = font
    return _registered[logical]


def _has_glyph(logical: str, ch: str) -> bool:
    return ord(ch) in _font(logical).face.charToGlyph


def _font_for(logical: str, ch: str) -> str:
    """The logical font to draw ``ch`` with: ``logical`` when it has the glyph, else a fallback."""
    if ch.isspace() or _has_glyph(logical, ch):
        return logical
    for alt in ("hei", "song", "kai"):
        if _has_glyph(alt, ch):
            return alt
    log.warning("no font has a glyph for %r (U+%04X)", ch, ord(ch))
    return logical


# --------------------------------------------------------------------------------------------- page geometry

MM = 72.0 / 25.4
PAGE_W, PAGE_H = 210 * MM, 297 * MM
MARGIN_TOP, MARGIN_LEFT = 37 * MM, 28 * MM
BODY_SIZE = 16.0  # 三号
CHARS_PER_LINE = 28
LINES_PER_PAGE = 22
TEXT_W = CHARS_PER_LINE * BODY_SIZE  # 448 pt = 158 mm
TEXT_H = 225 * MM
PITCH = TEXT_H / LINES_PER_PAGE  # ~29 pt
X0 = MARGIN_LEFT
X1 = X0 + TEXT_W
Y_TOP = PAGE_H - MARGIN_TOP
Y_BOTTOM = Y_TOP - TEXT_H
TITLE_SIZE = 22.0  # 二号
TITLE_PITCH = 36.0
RED = (0.86, 0.0, 0.0)
BLACK = (0.0, 0.0, 0.0)

NO_BREAK_BEFORE = set("，。；：、？！）》」』〕】”’…—,.;:!?)%")
NO_BREAK_AFTER = set("（《「『〔【“‘(")
_ASCII_RUN = re.compile(r"[A-Za-z0-9.+\-/%_@#&]+")

PAGE_NUMBER_STYLES = ("— N —", "- N -", "第N页")
PAGE_NUMBER_RE = re.compile(r"^\s*(?:[—－\-–]\s*\d+\s*[—－\-–]|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?)\s*$")
RUNNING_HEADS = ("{issuer}政务公开", "{issuer}　政策文件", "政策文件库　{year}年", "{issuer}公报")

# --------------------------------------------------------------------------------------------- style


@dataclass(frozen=True)
class RenderStyle:
    """How one document is rendered. All options are independent; see the module docstring."""

    fake_bold_title: bool = False
    joint_header: bool = False
    scanned: bool = False
    page_number_style: str = "— N —"
    running_head: str | None = None
    web_copy: bool = False
    scan_noise: bool = True
    # with scanned: a colour scan (the red 版头 stays red) with a red seal (公章) pressed over the 成文日期
    # on the last page, as the agency's stamp sits on a signed original
    scan_color: bool = False

    def __post_init__(self) -> None:
        if self.page_number_style not in PAGE_NUMBER_STYLES:
            raise ValueError(f"page_number_style must be one of {PAGE_NUMBER_STYLES}")

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def choose_style(
    doc_id: str, text: str, label: dict[str, Any], *, seed: int = 0, scanned_rate: float = 0.1
) -> RenderStyle:
    """Pick a style deterministically from the document id and the seed.

    ``joint_header`` is only possible for a joint 版头 (several agency lines then 文件), ``web_copy`` is
    forced by a metadata box in the text, ``running_head`` takes its text from the label.
    """
    rng = random.Random(f"{seed}:{doc_id}")
    zones = parse_zones(text, label)
    joint = len(zones.mark) >= 3 and zones.mark[-1] == "文件"
    issuer = (label.get("issuers") or [""])[0] or (zones.mark[0] if zones.mark else "")
    head_template = rng.choice(RUNNING_HEADS)
    year = label.get("year") or (label.get("date") or "2000")[:4]
    r_fake, r_joint, r_scan, r_head = rng.random(), rng.random(), rng.random(), rng.random()
    pn_style = rng.choices(PAGE_NUMBER_STYLES, weights=(6, 2, 2))[0]
    return RenderStyle(
        fake_bold_title=r_fake < 0.3,
        joint_header=joint and r_joint < 0.7,
        scanned=r_scan < scanned_rate,
        page_number_style=pn_style,
        running_head=head_template.format(issuer=issuer, year=year) if r_head < 0.3 else None,
        web_copy=bool(zones.meta),
    )


# --------------------------------------------------------------------------------------------- zones

META_KEYS = (
    "索引号",
    "主题分类",
    "发文机关",
    "成文日期",
    "标题",
    "发文字号",
    "发布日期",
    "主题词",
    "体裁",
    "文号",
)
META_RE = re.compile(rf"^({'|'.join(META_KEYS)})[：:](.*)$")
_CN_NUM = "〇○零一二三四五六七八九十"
DATE_LINE_RE = re.compile(
    rf"^\s*(?:\d{{4}}年\d{{1,2}}月\d{{1,2}}日|[{_CN_NUM}]{{4}}年[{_CN_NUM}]{{1,2}}月[{_CN_NUM}]{{1,3}}日)\s*$"
)
DOCNUM_RE = re.compile(r"〔\d{4}〕\d+号")
ATTACH_LABEL_RE = re.compile(r"^附件\s*\d*$")
HEADING1_RE = re.compile(r"^[一二三四五六七八九十]+、")
HEADING2_RE = re.compile(r"^（[一二三四五六七八九十]+）")
PRINTED_RE = re.compile(
    r"^(.*?)\s*(\d{4}年\d{1,2}月\d{1,2}日印发|[" + _CN_NUM + r"]{4}年.{1,3}月.{1,4}日印发)\s*$"
)


@dataclass
class Block:
    kind: str  # mark docnum title addressee para h1 h2 attnote signature date note keywords copyto printed
    #            attlabel atttitle meta
    lines: list[str]


@dataclass
class Zones:
    meta: list[tuple[str, str]] = field(default_factory=list)
    mark: list[str] = field(default_factory=list)
    docnum: str | None = None
    docnum_after_title: bool = False
    title: list[str] = field(default_factory=list)
    body: list[Block] = field(default_factory=list)  # addressee .. 附注, attachments included
    colophon: list[Block] = field(default_factory=list)  # 版记: keywords, copyto, printed


def _read_text(txt_path_or_text: str | Path) -> str:
    if isinstance(txt_path_or_text, Path):
        return txt_path_or_text.read_text(encoding="utf-8")
    if (
        "\n" not in txt_path_or_text
        and txt_path_or_text.endswith(".txt")
        and Path(txt_path_or_text).is_file()
    ):
        return Path(txt_path_or_text).read_text(encoding="utf-8")
    return txt_path_or_text


def _find_title(lines: list[str], title: str | None, start: int) -> tuple[int, int] | None:
    """(first index, number of lines) of the title in ``lines`` from ``start``."""
    if title:
        for i in range(start, len(lines)):
            if lines[i] == title:
                return i, 1
            if i + 1 < len(lines) and lines[i] and lines[i + 1] and lines[i] + lines[i + 1] == title:
                return i, 2
    for i in range(start, min(len(lines), start + 12)):  # fallback: the first 关于…的… line
        if re.search(r"关于.*的(通知|意见|决定|批复|函|报告|办法|方案|计划)$", lines[i]):
            return i, 1
    return None


def _is_signature(line: str) -> bool:
    return (
        bool(line)
        and len(line) <= 30
        and not re.search(r"[。，；：:、（）]", line)
        and not HEADING1_RE.match(line)
    )


def parse_zones(text: str, label: dict[str, Any]) -> Zones:
    """Recognise the GB/T 9704 zones of a corpus text with the help of its label."""
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n")]
    z = Zones()
    i = 0
    while i < len(lines) and (not lines[i] or META_RE.match(lines[i])):
        m = META_RE.match(lines[i])
        if m:
            z.meta.append((m.group(1), m.group(2).strip()))
        i += 1
    body_start = i
    found = _find_title(lines, label.get("title"), body_start)
    if found is None:
        raise ValueError("title not found in the text")
    t, tn = found
    z.title = lines[t : t + tn]
    doc_number = label.get("doc_number")
    d = None
    for j in range(body_start, min(len(lines), t + tn + 4)):
        if lines[j] and j not in range(t, t + tn):
            if (doc_number and lines[j].startswith(doc_number)) or (
                not doc_number and DOCNUM_RE.search(lines[j]) and len(lines[j]) < 40 and j < t
            ):
                d = j
                break
    if d is not None:
        z.docnum = lines[d]
        z.docnum_after_title = d > t
    head_end = min(t, d) if d is not None and d < t else t
    z.mark = [ln for ln in lines[body_start:head_end] if ln]
    rest_start = max(t + tn, (d + 1) if d is not None else 0)
    rest = lines[rest_start:]

    # 版记 from the end
    end = len(rest)
    while end > 0 and not rest[end - 1]:
        end -= 1
    k = end
    while k > 0:
        ln = rest[k - 1]
        if not ln:
            k -= 1
            continue
        if ln.startswith(("抄送：", "抄送:", "主题词：", "主题词:", "分送：")) or PRINTED_RE.match(ln):
            k -= 1
            continue
        break
    colophon_lines = [ln for ln in rest[k:end] if ln]
    for ln in colophon_lines:
        kind = "keywords" if ln.startswith("主题词") else "printed" if PRINTED_RE.match(ln) else "copyto"
        z.colophon.append(Block(kind, [ln]))
    body_lines = rest[:k]

    # body blocks
    n = len(body_lines)
    kinds: list[str | None] = [None] * n
    first = next((j for j, ln in enumerate(body_lines) if ln), None)
    if (
        first is not None
        and body_lines[first].endswith(("：", ":"))
        and not re.search(r"[。；]|如下|为了?", body_lines[first][:2] + body_lines[first][-6:])
    ):
        kinds[first] = "addressee"
    for j, ln in enumerate(body_lines):
        if ln and DATE_LINE_RE.match(ln):
            kinds[j] = "date"
            s = j - 1
            if s >= 1 and not body_lines[s] and _is_signature(body_lines[s - 1]):
                s -= 1  # tolerate one blank line between 署名 and 成文日期
            while s >= 0 and _is_signature(body_lines[s]):
                kinds[s] = "signature"
                s -= 1
            for nj in (j + 1, j + 2):  # 附注 right under the date (a blank line between is fine)
                if nj < n and re.match(r"^（[^（）]*）$", body_lines[nj] or ""):
                    kinds[nj] = "note"
                    break
                if nj < n and body_lines[nj]:
                    break
    in_attnote = False
    att_state = ""  # "" | "label" (after 附件N) | "title" (inside the attachment's title lines)
    for j, ln in enumerate(body_lines):
        if not ln:
            in_attnote = False
            if att_state == "title":
                att_state = ""
            continue
        if kinds[j]:
            continue
        if ATTACH_LABEL_RE.match(ln):
            kinds[j] = "attlabel"
            att_state = "label"
            continue
        if att_state:
            if not re.search(r"[。；：]$", ln) and len(ln) <= 44:
                kinds[j] = "atttitle"
                att_state = "title"
                continue
            att_state = ""
        if ln.startswith(("附件：", "附件:")):
            kinds[j] = "attnote"
            in_attnote = True
            continue
        if in_attnote and re.match(r"^\d+[.．、]", ln):
            kinds[j] = "attnote2"
            continue
        if HEADING1_RE.match(ln):
            kinds[j] = "h1"
        elif HEADING2_RE.match(ln):
            kinds[j] = "h2"
        else:
            kinds[j] = "para"
    for j, ln in enumerate(body_lines):
        if ln:
            kind = kinds[j] or "para"
            if kind in ("atttitle", "signature") and z.body and z.body[-1].kind == kind and body_lines[j - 1]:
                z.body[-1].lines.append(ln)
            else:
                z.body.append(Block(kind, [ln]))
    return z


# --------------------------------------------------------------------------------------------- layout


@dataclass
class Glyph:
    ch: str
    font: str  # logical
    size: float
    width: float


def _glyphs(text: str, font: str, size: float) -> list[Glyph]:
    from reportlab.pdfbase import pdfmetrics

    out = []
    for ch in text:
        f = _font_for(font, ch)
        w = pdfmetrics.stringWidth(ch, _PDF_NAMES[f], size)
        if unicodedata.east_asian_width(ch) in ("W", "F") and w < size * 0.9:
            w = size  # full-width glyph with a narrow advance in the font: keep the grid
        out.append(Glyph(ch, f, size, w))
    return out


def _units(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Unbreakable units: one CJK character, or a run of ASCII letters/digits."""
    units: list[list[Glyph]] = []
    for g in glyphs:
        if units and _ASCII_RUN.fullmatch(g.ch) and _ASCII_RUN.fullmatch(units[-1][-1].ch):
            units[-1].append(g)
        else:
            units.append([g])
    return units


def wrap(glyphs: list[Glyph], first_width: float, width: float) -> list[list[Glyph]]:
    """Break a paragraph into lines by width; punctuation never starts a line (it hangs at the end of
    the previous one) and opening brackets never end one."""
    lines: list[list[Glyph]] = []
    cur: list[Glyph] = []
    used = 0.0
    avail = first_width
    for unit in _units(glyphs):
        uw = sum(g.width for g in unit)
        if cur and used + uw > avail + 0.01:
            if unit[0].ch in NO_BREAK_BEFORE:
                cur.extend(unit)  # hang the punctuation
                used += uw
                continue
            carry: list[Glyph] = []
            while cur and cur[-1].ch in NO_BREAK_AFTER:
                carry.insert(0, cur.pop())
            lines.append(cur)
            cur = carry
            used = sum(g.width for g in cur)
            avail = width
        cur.extend(unit)
        used += uw
    if cur:
        lines.append(cur)
    return lines


class Doc:
    """A reportlab canvas with a cursor, page furniture and GB/T 9704 primitives."""

    def __init__(self, out_pdf: Path, style: RenderStyle, *, title: str = "", author: str = "") -> None:
        from reportlab.pdfgen import canvas

        for f in FONT_FILES:
            _font(f)
        self.c = canvas.Canvas(str(out_pdf), pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1)
        self.c.setTitle(title)
        self.c.setAuthor(author)
        self.c.setCreator("policy-extractor corpus/render_pdf.py")
        self.style = style
        self.page = 1
        self.y = Y_TOP  # top of the next line box
        self.page_has_content = False

    # furniture -------------------------------------------------------------------------------
    def _furniture(self) -> None:
        c = self.c
        n = self.page
        label = (
            f"第{n}页"
            if self.style.page_number_style == "第N页"
            else self.style.page_number_style.replace("N", str(n))
        )
        g = _glyphs(label, "song", 14)
        w = sum(x.width for x in g)
        y = Y_BOTTOM - 7 * MM - 10
        if self.style.page_number_style == "第N页":
            x = (PAGE_W - w) / 2
        elif n % 2:
            x = X1 - 14 - w  # odd: right, one character in
        else:
            x = X0 + 14  # even: left, one character in
        self._draw_glyphs(g, x, y, BLACK)
        if self.style.running_head:
            g = _glyphs(self.style.running_head, "song", 10.5)
            w = sum(x.width for x in g)
            yh = PAGE_H - 20 * MM
            self._draw_glyphs(g, (PAGE_W - w) / 2, yh, (0.35, 0.35, 0.35))
            c.setStrokeColorRGB(0.5, 0.5, 0.5)
            c.setLineWidth(0.4)
            c.line(X0, yh - 4, X1, yh - 4)

    def new_page(self) -> None:
        self._furniture()
        self.c.showPage()
        self.page += 1
        self.y = Y_TOP
        self.page_has_content = False

    def finish(self) -> None:
        self._furniture()
        self.c.showPage()
        self.c.save()

    # drawing ---------------------------------------------------------------------------------
    def _draw_glyphs(
        self,
        glyphs: Sequence[Glyph],
        x: float,
        y: float,
        color: tuple[float, float, float],
        *,
        extra: float = 0.0,
        hscale: float = 100.0,
    ) -> None:
        """Draw glyphs from x on baseline y, ``extra`` points after each glyph, runs of one font at once."""
        c = self.c
        i = 0
        while i < len(glyphs):
            j = i
            while j < len(glyphs) and glyphs[j].font == glyphs[i].font and glyphs[j].size == glyphs[i].size:
                j += 1
            run = glyphs[i:j]
            t = c.beginText()
            t.setTextOrigin(x, y)
            t.setFont(_PDF_NAMES[run[0].font], run[0].size)
            t.setFillColorRGB(*color)
            t.setCharSpace(extra)
            if hscale != 100.0:
                t.setHorizScale(hscale)
            t.textOut("".join(g.ch for g in run))
            c.drawText(t)
            x += sum(g.width * hscale / 100.0 + extra for g in run)
            i = j

    def ensure(self, height: float) -> None:
        if self.y - height < Y_BOTTOM - 2 and self.page_has_content:
            self.new_page()

    def line(
        self,
        glyphs: Sequence[Glyph],
        *,
        align: str = "left",
        indent: float = 0.0,
        right_indent: float = 0.0,
        justify_to: float | None = None,
        pitch: float = PITCH,
        color: tuple[float, float, float] = BLACK,
        fake_bold: bool = False,
    ) -> None:
        """Set one line at the cursor and move the cursor down by ``pitch``."""
        self.ensure(pitch)
        size = max(g.size for g in glyphs) if glyphs else BODY_SIZE
        baseline = self.y - (pitch + size * 0.72) / 2
        w = sum(g.width for g in glyphs)
        extra = 0.0
        if align == "left":
            x = X0 + indent
            if justify_to is not None and len(glyphs) > 1 and w < justify_to - 0.5:
                gap = (justify_to - w) / (len(glyphs) - 1)
                extra = gap if gap < size * 0.5 else 0.0
        elif align == "center":
            x = X0 + (TEXT_W - w) / 2
        else:  # right
            x = X1 - right_indent - w
        self._draw_glyphs(glyphs, x, baseline, color, extra=extra)
        if fake_bold:
            self._draw_glyphs(glyphs, x + 0.25, baseline, color, extra=extra)
        self.y -= pitch
        self.page_has_content = True

    def paragraph(
        self,
        text: str,
        *,
        first_indent: int = 2,
        indent: int = 0,
        font: str = "song",
        size: float = BODY_SIZE,
        lead: tuple[str, str] | None = None,
        pitch: float = PITCH,
    ) -> None:
        """A justified paragraph; ``lead`` = (font, prefix) sets a heading prefix in another font."""
        if lead:
            glyphs = _glyphs(lead[1], lead[0], size) + _glyphs(text[len(lead[1]) :], font, size)
        else:
            glyphs = _glyphs(text, font, size)
        full = CHARS_PER_LINE * size
        lines = wrap(glyphs, full - (first_indent + indent) * size, full - indent * size)
        for k, ln in enumerate(lines):
            ind = (first_indent + indent) * size if k == 0 else indent * size
            last = k == len(lines) - 1
            self.line(ln, indent=ind, justify_to=None if last else full - ind, pitch=pitch)

    def skip(self, n: float = 1.0) -> None:
        self.y -= PITCH * n

    def rule(self, y: float, *, color: tuple[float, float, float] = BLACK, width: float = 0.5) -> None:
        self.c.setStrokeColorRGB(*color)
        self.c.setLineWidth(width)
        self.c.line(X0, y, X1, y)


# --------------------------------------------------------------------------------------------- zones to page


_TITLE_TAILS = ("的通知", "的意见", "的实施意见", "的指导意见", "的若干意见", "的决定", "的批复")
# Common word edges in titles: a break after a verb or before a noun rarely splits a word.
_TITLE_VERBS = (
    "印发", "转发", "推进", "加快", "开展", "做好", "加强", "促进", "推动", "深化", "完善", "提升",
    "组织", "进一步", "规范", "落实", "支持", "实施", "建立", "健全", "切实", "全力",
)  # fmt: skip
_TITLE_NOUNS = (
    "建设", "工作", "发展", "服务", "管理", "实施", "行动", "体系", "平台", "信息", "数据", "医疗",
    "健康", "系统", "规划", "方案", "产业", "能力", "政策", "城市", "职业", "应用", "试点", "电子",
)  # fmt: skip


def _break_cost(t: str, k: int) -> float:
    """Cost of breaking title ``t`` before index ``k``: low at natural points (after 关于, at the space
    between joint issuers, before 的通知, at brackets, at common word edges), high inside brackets and
    digit runs."""
    before, after = t[:k], t[k:]
    depth = sum(1 if ch in "（《“(" else -1 if ch in "）》”)" else 0 for ch in before)
    cost = 4.0 + (6.0 if depth > 0 else 0.0)
    if before.endswith((" ", "　")):
        cost -= 4.5
    elif before.endswith("关于"):
        cost -= 4
    elif after.startswith(_TITLE_TAILS):
        cost -= 3.5
    elif before[-1] in "》）、" or after[0] in "《（":
        cost -= 3
    elif after.startswith(("的", "和", "与", "及", "关于")) or before.endswith(_TITLE_VERBS):
        cost -= 2
    elif after.startswith(_TITLE_NOUNS):
        cost -= 1.5
    if _ASCII_RUN.fullmatch(before[-1]) and (_ASCII_RUN.fullmatch(after[0]) or after[0] in "年月日届号期个"):
        cost += 20
    return cost


def _split_title(t: str, per: int) -> list[str]:
    """Lines of at most ``per`` characters, breaking at natural points and keeping lines balanced."""
    best: tuple[float, list[str]] | None = None
    n_min = -(-len(t) // per)
    for n in (n_min, n_min + 1):
        target = len(t) / n

        def solve(pos: int, left: int, target: float = target) -> tuple[float, list[int]]:
            if left == 1:
                return (0.0, []) if len(t) - pos <= per else (1e9, [])
            out: tuple[float, list[int]] = (1e9, [])
            for k in range(pos + 1, min(len(t), pos + per + 1)):
                sub_cost, sub = solve(k, left - 1, target)
                c = _break_cost(t, k) + 0.3 * abs((k - pos) - target) + sub_cost
                if c < out[0]:
                    out = (c, [k, *sub])
            return out

        cost, cuts = solve(0, n)
        cost += 3.0 * (n - n_min)
        if cost < 1e8 and (best is None or cost < best[0]):
            edges = [0, *cuts, len(t)]
            best = (cost, [t[a:b] for a, b in itertools.pairwise(edges)])
    return best[1] if best else [t[i : i + per] for i in range(0, len(t), per)]


def _title_lines(z: Zones) -> list[str]:
    """The title as displayed: the txt's own split, else balanced lines of at most 20 characters."""
    if len(z.title) > 1:
        return z.title
    t = z.title[0]
    per = int(TEXT_W // TITLE_SIZE)  # 20
    return [t] if len(t) <= per else _split_title(t, per)


def _draw_mark(doc: Doc, z: Zones) -> None:
    """The red 发文机关标志, the 文号 and the red rule."""
    c = doc.c
    top = Y_TOP - 35 * MM if not doc.style.running_head else Y_TOP - 30 * MM
    joint = doc.style.joint_header and len(z.mark) >= 3 and z.mark[-1] == "文件"
    if joint:
        names = z.mark[:-1]
        wen = _glyphs("文件", "hei", 1)
        size_n = min(30.0, (TEXT_W * 0.70) / max(len(n) for n in names))
        pitch_n = size_n * 1.3
        col_w = max(len(n) for n in names) * size_n
        size_w = min(60.0, pitch_n * len(names) * 0.9)
        wen = _glyphs("文件", "hei", size_w)
        total_w = col_w + size_w * 0.6 + sum(g.width for g in wen)
        x = X0 + (TEXT_W - total_w) / 2
        y = top - size_n * 0.88
        for name in names:
            g = _glyphs(name, "hei", size_n)
            w = sum(x_.width for x_ in g)
            extra = (col_w - w) / (len(g) - 1) if len(g) > 1 else 0.0
            doc._draw_glyphs(g, x, y, RED, extra=extra)
            y -= pitch_n
        block_top = top
        block_bottom = top - pitch_n * len(names) + (pitch_n - size_n)
        mid = (block_top + block_bottom) / 2
        doc._draw_glyphs(wen, x + col_w + size_w * 0.6, mid - size_w * 0.36, RED)
        bottom = block_bottom
    else:
        bottom = top
        for name in z.mark:
            g = _glyphs(name, "hei", 1)
            size = min(48.0 if len(z.mark) == 1 else 34.0, TEXT_W / max(1, len(g)))
            # real marks are compressed horizontally rather than shrunk: allow down to 70 % width
            size = max(size, min(48.0, TEXT_W / max(1, len(g)) / 0.7)) if len(z.mark) == 1 else size
            g = _glyphs(name, "hei", size)
            w = sum(x_.width for x_ in g)
            hscale = min(100.0, TEXT_W / w * 100.0)
            baseline = bottom - size * 0.88
            doc._draw_glyphs(g, X0 + (TEXT_W - w * hscale / 100) / 2, baseline, RED, hscale=hscale)
            bottom = baseline - size * 0.3
    doc.y = bottom - 2 * PITCH  # 空二行
    if z.docnum and not z.docnum_after_title:
        parts = re.split(r"\s{2,}|　+", z.docnum, maxsplit=1)
        if len(parts) == 2 and "签发人" in parts[1]:  # upward document: 文号 left, 签发人 right
            g1, g2 = _glyphs(parts[0], "song", BODY_SIZE), _glyphs(parts[1], "song", BODY_SIZE)
            base = doc.y - (PITCH + BODY_SIZE * 0.72) / 2
            doc._draw_glyphs(g1, X0 + BODY_SIZE, base, BLACK)
            doc._draw_glyphs(g2, X1 - BODY_SIZE - sum(g.width for g in g2), base, BLACK)
            doc.y -= PITCH
        else:
            doc.line(_glyphs(z.docnum, "song", BODY_SIZE), align="center")
    rule_y = doc.y + (PITCH - BODY_SIZE * 0.72) / 2 - BODY_SIZE * 0.2 - 4 * MM
    c.setStrokeColorRGB(*RED)
    c.setLineWidth(1.0)
    c.line(X0, rule_y, X1, rule_y)
    doc.y = rule_y - 1.2 * PITCH  # 空二行 (the rule sits inside the first blank line)
    doc.page_has_content = True


def _draw_meta_box(doc: Doc, meta: list[tuple[str, str]]) -> None:
    """The gov.cn 政策文件库 metadata box: a bordered table, two fields per row; 标题 and any field too
    long for half a row get a row of their own (so no cell wraps beside another one)."""
    c = doc.c
    size = 10.5

    def too_wide(k: str, v: str) -> bool:
        key_w = sum(g.width for g in _glyphs(k + "：", "hei", size))
        return key_w + sum(g.width for g in _glyphs(v, "song", size)) > TEXT_W / 2 - 8

    rows: list[list[tuple[str, str]]] = []
    pending: list[tuple[str, str]] = []
    for k, v in meta:
        if k == "标题" or too_wide(k, v):
            if pending:
                rows.append(pending)
                pending = []
            rows.append([(k, v)])
        else:
            pending.append((k, v))
            if len(pending) == 2:
                rows.append(pending)
                pending = []
    if pending:
        rows.append(pending)
    y = Y_TOP + 6 * MM
    pad = 4.0
    lh = size * 1.6
    c.setStrokeColorRGB(0.55, 0.55, 0.55)
    c.setLineWidth(0.6)
    half = TEXT_W / 2
    c.line(X0, y, X1, y)
    for row in rows:
        cells = []
        for k, v in row:
            cw = TEXT_W if len(row) == 1 else half
            key = _glyphs(k + "：", "hei", size)
            kw = sum(g.width for g in key)
            val = _glyphs(v, "song", size)
            lines = wrap(val, cw - 2 * pad - kw, cw - 2 * pad - kw)
            cells.append((key, kw, lines))
        nlines = max(len(cl[2]) for cl in cells)
        h = nlines * lh + 2 * pad
        for ci, (key, kw, lines) in enumerate(cells):
            x = X0 + ci * half + pad
            base = y - pad - size
            doc._draw_glyphs(key, x, base, BLACK)
            for ln in lines:
                doc._draw_glyphs(ln, x + kw, base, BLACK)
                base -= lh
        if len(row) == 2:
            c.line(X0 + half, y, X0 + half, y - h)
        y -= h
        c.line(X0, y, X1, y)
    top = Y_TOP + 6 * MM
    c.line(X0, top, X0, y)
    c.line(X1, top, X1, y)
    doc.y = y - 0.8 * PITCH
    doc.page_has_content = True


def _draw_colophon(doc: Doc, blocks: list[Block]) -> None:
    """版记 at the foot of the last page: 主题词 above, 抄送 and 印发 between rules."""
    size = 14.0
    pitch = PITCH
    full = CHARS_PER_LINE * BODY_SIZE
    laid: list[tuple[str, list[list[Glyph]]]] = []
    copy_head_w = 0.0  # width of "抄送：": continuation lines align after it
    for b in blocks:
        text = b.lines[0]
        if b.kind == "keywords":
            m = re.match(r"^(主题词[：:])(.*)$", text)
            assert m
            g = _glyphs(m.group(1), "hei", BODY_SIZE) + _glyphs(m.group(2), "song", BODY_SIZE)
            laid.append(("keywords", [g]))
        elif b.kind == "copyto":
            m = re.match(r"^(\S+?[：:])(.*)$", text)
            head = m.group(1) if m else ""
            g = _glyphs(text, "song", size)
            copy_head_w = sum(x.width for x in _glyphs(head, "song", size))
            ls = wrap(g, full - 2 * size, full - 2 * size - copy_head_w)
            laid.append(("copyto", ls))
        else:
            laid.append(("printed", [_glyphs(text, "song", size)]))
    nlines = sum(len(ls) for _, ls in laid)
    height = nlines * pitch + 6
    if doc.y - height < Y_BOTTOM:
        doc.new_page()
    y = Y_BOTTOM + height  # anchored: the last line sits on the last line of the 版心
    first_rule = True
    for kind, ls in laid:
        if kind != "keywords" and first_rule:
            doc.rule(y, width=1.0)
            first_rule = False
        elif kind != "keywords":
            doc.rule(y, width=0.5)
        for k, g in enumerate(ls):
            base = y - (pitch + size * 0.72) / 2
            if kind == "printed":
                m = PRINTED_RE.match("".join(x.ch for x in g))
                if m and m.group(1):
                    left = _glyphs(m.group(1).strip(), "song", size)
                    right = _glyphs(m.group(2), "song", size)
                    doc._draw_glyphs(left, X0 + size, base, BLACK)
                    doc._draw_glyphs(right, X1 - size - sum(x.width for x in right), base, BLACK)
                else:
                    doc._draw_glyphs(g, X1 - size - sum(x.width for x in g), base, BLACK)
            elif kind == "copyto":
                doc._draw_glyphs(g, X0 + size + (copy_head_w if k else 0.0), base, BLACK)
            else:
                doc._draw_glyphs(g, X0, base, BLACK)
            y -= pitch
    doc.rule(y + 2, width=1.0)
    doc.y = y
    doc.page_has_content = True


def _draw_body(doc: Doc, z: Zones) -> None:
    prev = None
    for b in z.body:
        text = b.lines[0]
        if b.kind == "addressee":
            doc.paragraph(text, first_indent=0)
        elif b.kind == "para":
            doc.paragraph(text)
        elif b.kind == "h1":
            m = re.match(r"^[^。]*。", text)
            if m and m.end() < len(text):
                doc.paragraph(text, lead=("hei", m.group(0)))
            else:
                doc.paragraph(text, font="hei")
        elif b.kind == "h2":
            m = re.match(r"^[^。]*。", text)
            if m and m.end() < len(text):
                doc.paragraph(text, lead=("kai", m.group(0)))
            else:
                doc.paragraph(text, font="kai")
        elif b.kind == "attnote":
            doc.skip(1)
            doc.paragraph(text, first_indent=2)
        elif b.kind == "attnote2":
            doc.paragraph(text, first_indent=0, indent=5)
        elif b.kind == "signature":
            if prev not in ("attnote", "attnote2"):
                doc.skip(1)
            doc.skip(1)  # room for the seal
            for ln in b.lines:
                g = _glyphs(ln, "song", BODY_SIZE)
                doc.line(
                    g,
                    align="right",
                    right_indent=max(
                        2 * BODY_SIZE, 4 * BODY_SIZE - (sum(x.width for x in g) - 10 * BODY_SIZE) / 2
                    ),
                )
        elif b.kind == "date":
            if prev != "signature":
                doc.skip(1)
            doc.line(_glyphs(text, "song", BODY_SIZE), align="right", right_indent=4 * BODY_SIZE)
        elif b.kind == "note":
            doc.paragraph(text, first_indent=2)
        elif b.kind == "attlabel":
            if doc.page_has_content:
                doc.new_page()
            doc.line(_glyphs(text, "hei", BODY_SIZE), indent=0)
        elif b.kind == "atttitle":
            doc.skip(0.5)
            title = b.lines if len(b.lines) > 1 else _title_lines(Zones(title=b.lines))
            for ln in title:
                doc.line(_glyphs(ln, "song", TITLE_SIZE), align="center", pitch=TITLE_PITCH)
            doc.skip(0.5)
        prev = b.kind


def render(
    txt_path_or_text: str | Path,
    label: dict[str, Any],
    out_pdf: str | Path,
    *,
    style: RenderStyle,
) -> Path:
    """Render one corpus document to ``out_pdf`` and return the path."""
    text = _read_text(txt_path_or_text)
    z = parse_zones(text, label)
    out = Path(out_pdf)
    out.parent.mkdir(parents=True, exist_ok=True)
    if style.scanned:
        with tempfile.TemporaryDirectory() as tmp:
            vector = Path(tmp) / "vector.pdf"
            _render_vector(z, label, vector, dataclasses.replace(style, scanned=False))
            if style.scan_color:
                seal = (label.get("issuers") or [""])[0] or "".join(z.mark[:1])
                _rasterise_color(vector, out, seed=str(label.get("id", "")), seal_text=seal)
            else:
                _rasterise(vector, out, seed=str(label.get("id", "")), noise=style.scan_noise)
    else:
        _render_vector(z, label, out, style)
    return out


def _render_vector(z: Zones, label: dict[str, Any], out: Path, style: RenderStyle) -> None:
    title = "".join(z.title)
    doc = Doc(out, style, title=title, author=", ".join(label.get("issuers") or []))
    if style.web_copy and z.meta:
        _draw_meta_box(doc, z.meta)
    elif z.meta:  # a metadata box without the web style: plain lines
        for k, v in z.meta:
            doc.paragraph(f"{k}：{v}", first_indent=0)
        doc.skip(1)
    if z.mark and not style.web_copy:
        _draw_mark(doc, z)
    elif z.mark:  # web copy: no red 版头, the agency name as plain centred text
        for name in z.mark:
            doc.line(_glyphs(name, "song", BODY_SIZE), align="center")
    if z.docnum and style.web_copy and not z.docnum_after_title:
        doc.line(_glyphs(z.docnum, "song", BODY_SIZE), align="center")
    if z.docnum and not z.mark and not z.docnum_after_title and not style.web_copy:
        doc.line(_glyphs(z.docnum, "song", BODY_SIZE), align="center")
        doc.skip(1)
    for ln in _title_lines(z):
        doc.line(
            _glyphs(ln, "song", TITLE_SIZE),
            align="center",
            pitch=TITLE_PITCH,
            fake_bold=style.fake_bold_title,
        )
    if z.docnum and z.docnum_after_title:
        doc.line(_glyphs(z.docnum, "song", BODY_SIZE), align="center")
    doc.skip(0.6)
    _draw_body(doc, z)
    if z.colophon:
        _draw_colophon(doc, z.colophon)
    doc.finish()


def _rasterise(vector: Path, out: Path, *, seed: str, noise: bool) -> None:
    """Image-only PDF: pages at 150 dpi in grey, a slight rotation and speckles, no text layer.

    Pages are posterised to four grey levels (a photocopy look) and stored Flate-compressed, which keeps
    a page near 60 KB where a JPEG of the same noisy page takes 70-100 KB.
    """
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    if not shutil.which("pdftoppm"):
        raise RuntimeError("pdftoppm (poppler-utils) is needed for scanned=True")
    rng = random.Random(f"scan:{seed}")
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", "150", "-gray", "-png", str(vector), f"{tmp}/p"], check=True)
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        c = canvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1)
        c.setCreator("policy-extractor corpus/render_pdf.py (scanned)")
        for png in pages:
            im = Image.open(png).convert("L")
            if noise:
                im = im.rotate(
                    rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255, expand=False
                )
                px = im.load()
                assert px is not None
                w, h = im.size
                for _ in range(w * h // 8000):
                    px[rng.randrange(w), rng.randrange(h)] = rng.randrange(60, 200)
            im = im.point(lambda v: 40 if v < 90 else 110 if v < 160 else 190 if v < 225 else 242)
            c.drawImage(ImageReader(im), 0, 0, PAGE_W, PAGE_H)
            c.showPage()
        c.save()


_DATE_WORD = re.compile(
    r"(?:19|20)\d{2}年\d{1,2}月\d{1,2}日|[〇○零一二三四五六七八九]{4}年[〇○零一二三四五六七八九十]{1,2}月[〇○零一二三四五六七八九十]{1,3}日"
)


def _date_box(vector: Path) -> tuple[int, float, float, float, float] | None:
    """(page index, x0, top, x1, bottom) in points of the last date line of the document outside the
    colophon (the 成文日期 under the signature), or None."""
    import pdfplumber

    with pdfplumber.open(str(vector)) as pdf:
        for i in range(len(pdf.pages) - 1, -1, -1):
            lines = pdf.pages[i].extract_text_lines()
            for ln in reversed(lines):
                flat = ln["text"].replace(" ", "")
                if "印发" in flat or "抄送" in flat:
                    continue  # the colophon's 印发 date: the seal sits on the 成文日期 above it
                if _DATE_WORD.search(flat):
                    return i, ln["x0"], ln["top"], ln["x1"], ln["bottom"]
    return None


def _draw_seal(im: Any, cx: float, cy: float, radius: float, text: str, rng: random.Random) -> Any:
    """A red round seal (ring, star, the agency's name along the upper arc) pressed onto ``im`` (RGB):
    red ink multiplies with what is under it, so black text under the seal stays black."""
    import math

    from PIL import Image, ImageChops, ImageDraw, ImageFont

    size = int(radius * 2.2)
    seal = Image.new("RGB", (size, size), "white")
    d = ImageDraw.Draw(seal)
    c = size / 2
    red = (205 + rng.randrange(30), 30 + rng.randrange(30), 35 + rng.randrange(30))
    ring = max(3, int(radius * 0.06))
    d.ellipse([c - radius, c - radius, c + radius, c + radius], outline=red, width=ring)
    star_r = radius * 0.28
    points = []
    for k in range(10):
        r = star_r if k % 2 == 0 else star_r * 0.4
        a = -math.pi / 2 + k * math.pi / 5
        points.append((c + r * math.cos(a), c + r * math.sin(a)))
    d.polygon(points, fill=red)
    font_path, index = FONT_FILES["hei"]
    font = ImageFont.truetype(font_path, int(radius * 0.3), index=index)
    chars = list(text)[:16]
    span = math.radians(min(250, 22 * max(1, len(chars))))
    for k, ch in enumerate(chars):
        a = -math.pi / 2 - span / 2 + span * (k + 0.5) / len(chars)
        glyph = Image.new("L", (int(radius * 0.36),) * 2, 0)
        ImageDraw.Draw(glyph).text((glyph.width / 2, glyph.height / 2), ch, font=font, fill=255, anchor="mm")
        glyph = glyph.rotate(-math.degrees(a) - 90, resample=Image.Resampling.BICUBIC)
        gx = c + radius * 0.72 * math.cos(a) - glyph.width / 2
        gy = c + radius * 0.72 * math.sin(a) - glyph.height / 2
        seal.paste(Image.new("RGB", glyph.size, red), (int(gx), int(gy)), glyph)
    seal = seal.rotate(rng.uniform(-12, 12), resample=Image.Resampling.BICUBIC, fillcolor="white")
    box = (int(cx - size / 2), int(cy - size / 2))
    region = im.crop((box[0], box[1], box[0] + size, box[1] + size))
    im.paste(ImageChops.multiply(region, seal), box)
    return im


def _rasterise_color(vector: Path, out: Path, *, seed: str, seal_text: str) -> None:
    """Image-only PDF in colour at 150 dpi, as a colour scanner gives a signed original: the red 版头 and
    rule stay red, and a red seal covers the 成文日期 (上不压正文、下要骑年盖月), its ring text over the
    signature. A slight rotation; no text layer."""
    from PIL import Image
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    if not shutil.which("pdftoppm"):
        raise RuntimeError("pdftoppm (poppler-utils) is needed for scanned=True")
    rng = random.Random(f"colorscan:{seed}")
    where = _date_box(vector)
    dpi = 150
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run(["pdftoppm", "-r", str(dpi), "-png", str(vector), f"{tmp}/p"], check=True)
        pages = sorted(Path(tmp).glob("p-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
        c = canvas.Canvas(str(out), pagesize=(PAGE_W, PAGE_H), pageCompression=1, invariant=1)
        c.setCreator("policy-extractor corpus/render_pdf.py (colour scan)")
        for i, png in enumerate(pages):
            im = Image.open(png).convert("RGB")
            if where is not None and where[0] == i:
                _, x0, top, x1, bottom = where
                k = dpi / 72
                radius = 21 * 72 / 25.4 * k  # a 42 mm seal
                cx = (x0 + x1) / 2 * k + rng.uniform(-8, 8)
                cy = (top + bottom) / 2 * k - radius * rng.uniform(
                    0.45, 0.65
                )  # 骑年盖月: its lower part on the date
                im = _draw_seal(im, cx, cy, radius, seal_text, rng)
            im = im.rotate(rng.uniform(-0.6, 0.6), resample=Image.Resampling.BICUBIC, fillcolor="white")
            c.drawImage(ImageReader(im), 0, 0, PAGE_W, PAGE_H)
            c.showPage()
        c.save()


# --------------------------------------------------------------------------------------------- round trip


def extracted_text(pdf_path: str | Path, *, dedupe: bool = True) -> list[str]:
    """Per page, pdfplumber's ``extract_text()`` (after ``dedupe_chars()`` when asked)."""
    import pdfplumber

    with pdfplumber.open(str(pdf_path)) as pdf:
        return [(p.dedupe_chars() if dedupe else p).extract_text() or "" for p in pdf.pages]


def _squash(s: str) -> str:
    return re.sub(r"\s+", "", s)


def clean_extracted(pages: list[str], *, running_head: str | None = None) -> str:
    """Drop page-number lines and the running head, re-join wrapped lines (no space: Chinese)."""
    out = []
    heads = {_squash(running_head)} if running_head else set()
    for page in pages:
        for ln in page.split("\n"):
            if PAGE_NUMBER_RE.match(ln) or _squash(ln) in heads:
                continue
            out.append(ln.strip())
    return "".join(out)


def roundtrip_problems(pdf_path: str | Path, text: str, *, style: RenderStyle) -> list[str]:
    """What a rendered (non-scanned) PDF loses: source lines not found in the extracted text, and
    characters missing from it. Empty when the round trip holds."""
    joined = _squash(clean_extracted(extracted_text(pdf_path), running_head=style.running_head))
    problems = []
    for ln in text.split("\n"):
        s = _squash(ln)
        if s and s not in joined:
            problems.append(f"line not found: {ln[:40]}")
    need = Counter(_squash(text))
    have = Counter(joined)
    short = {ch: n - have[ch] for ch, n in need.items() if have[ch] < n}
    if short:
        problems.append(f"characters missing: {short}")
    return problems


# --------------------------------------------------------------------------------------------- labels and expected


MEDICAL_TERMS = ("医疗", "医院", "卫生健康", "卫健委", "卫生计生", "医药卫生", "卫生院", "医保")
CLOUD_TERMS = (
    "云计算",
    "云平台",
    "云服务",
    "上云",
    "医疗云",
    "健康云",
    "政务云",
    "云端",
    "公有云",
    "私有云",
    "混合云",
    "云数据中心",
)


def stage_of(year: int) -> int:
    return 0 if year < 2010 else 1 if year <= 2015 else 2 if year <= 2020 else 3


def check_label(text: str, label: dict[str, Any]) -> list[str]:
    """Consistency of a label with its text (FORMAT.md rules)."""
    flat = _squash(text)
    problems = []
    if label.get("title") and _squash(label["title"]) not in flat:
        problems.append("title not in text")
    if label.get("doc_number") and label["doc_number"] not in text:
        problems.append("doc_number not in text")
    mc = any(t in flat for t in MEDICAL_TERMS) and any(t in flat for t in CLOUD_TERMS)
    if mc != label.get("medical_cloud"):
        problems.append(f"medical_cloud should be {mc}")
    if label.get("date") and stage_of(int(label["date"][:4])) != label.get("stage"):
        problems.append("stage does not match the date")
    if label.get("date") and int(label["date"][:4]) != label.get("year"):
        problems.append("year does not match the date")
    for t in label.get("targets", []):
        if t["text"] not in text:
            problems.append(f"target text not in document: {t['text'][:30]}")
    for a in label.get("addressees") or []:
        if a not in text:
            problems.append(f"addressee not in text: {a}")
    return problems


def expected_fields(label: dict[str, Any]) -> dict[str, Any]:
    """The fields the sample tests compare."""
    return {
        "id": label["id"],
        "title": label["title"],
        "doc_number": label.get("doc_number"),
        "issuers": label["issuers"],
        "date": label["date"],
        "stage": label["stage"],
        "medical_cloud": label["medical_cloud"],
        "target_deadlines": sorted(
            t["deadline"] for t in label.get("targets", []) if t.get("deadline") is not None
        ),
    }


def load_labels(corpus: Path) -> dict[str, dict[str, Any]]:
    labels: dict[str, dict[str, Any]] = {}
    for f in sorted((corpus / "labels").glob("*.jsonl")):
        for n, raw in enumerate(f.read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                try:
                    obj = json.loads(raw)
                except json.JSONDecodeError as e:
                    raise SystemExit(f"{f}:{n}: {e}") from e
                labels[obj["id"]] = obj
    return labels


# --------------------------------------------------------------------------------------------- CLI


def _parse_set(values: Iterable[str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    names = {f.name: f.type for f in dataclasses.fields(RenderStyle)}
    for v in values:
        k, _, raw = v.partition("=")
        if k not in names:
            raise SystemExit(f"--set: unknown style option {k!r} (options: {', '.join(names)})")
        if k in ("page_number_style", "running_head"):
            out[k] = raw or None
        else:
            out[k] = raw.lower() in ("1", "true", "yes", "on")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"), help="corpus folder (docs/ and labels/)")
    ap.add_argument("--out", type=Path, default=Path("corpus/build/pdf"), help="output folder")
    ap.add_argument("--ids", nargs="*", help="document ids (default: every labelled document)")
    ap.add_argument("--seed", type=int, default=0, help="seed of the per-document style choice")
    ap.add_argument("--scanned-rate", type=float, default=0.1, help="share of documents rendered as scans")
    ap.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="OPTION=VALUE",
        help="force a style option for every document, e.g. --set scanned=1",
    )
    ap.add_argument("--name", help="output file stem (only with a single id)")
    ap.add_argument("--expected", action="store_true", help="also write <stem>.expected.json beside each PDF")
    ap.add_argument("--check", action="store_true", help="check labels and the pdfplumber round trip")
    args = ap.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    if missing_fonts():
        print(f"error: fonts missing: {', '.join(missing_fonts())}", file=sys.stderr)
        return 1
    labels = load_labels(args.corpus)
    ids = args.ids or sorted(labels)
    if args.name and len(ids) != 1:
        print("error: --name needs exactly one id", file=sys.stderr)
        return 2
    overrides = _parse_set(args.overrides)
    failed = 0
    for doc_id in ids:
        if doc_id not in labels:
            print(f"error: no label for {doc_id}", file=sys.stderr)
            failed += 1
            continue
        label = labels[doc_id]
        text = (args.corpus / label["path"]).read_text(encoding="utf-8")
        style = choose_style(doc_id, text, label, seed=args.seed, scanned_rate=args.scanned_rate)
        if overrides:
            style = dataclasses.replace(style, **overrides)
        stem = args.name or doc_id
        out = render(text, label, args.out / f"{stem}.pdf", style=style)
        problems: list[str] = []
        if args.check:
            problems = check_label(text, label)
            if not style.scanned:
                problems += roundtrip_problems(out, text, style=style)
        if args.expected:
            exp = expected_fields(label)
            exp["style"] = style.to_dict()
            if style.scanned:
                exp = {
                    "id": stem,
                    "source": doc_id,
                    "text_layer": False,
                    "expected_error": "no_text_layer",
                    "ocr_expected": expected_fields(label),
                    "style": style.to_dict(),
                }
            (args.out / f"{stem}.expected.json").write_text(
                json.dumps(exp, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        kb = out.stat().st_size / 1024
        flags = ",".join(k for k, v in style.to_dict().items() if v is True and k != "scan_noise") or "plain"
        if style.running_head:
            flags += f",running_head={style.running_head}"
        print(
            json.dumps(
                {
                    "id": doc_id,
                    "pdf": str(out),
                    "kb": round(kb, 1),
                    "style": style.to_dict(),
                    "problems": problems,
                },
                ensure_ascii=False,
            )
        )
        log.info(
            "%s -> %s (%.0f KB, %s, %s)%s",
            doc_id,
            out,
            kb,
            flags,
            style.page_number_style,
            "" if not problems else f" PROBLEMS: {problems}",
        )
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
