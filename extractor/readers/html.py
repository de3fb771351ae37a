"""HTML reader for saved government web pages (gov.cn 政策文件库 style).

The metadata box (索引号, 主题分类, 发文机关, 成文日期, 标题, 发文字号, 发布日期) is read into
``RawDocument.metadata`` and also emitted as ``字段：值`` lines before the body, the form the rules read;
navigation, scripts, headers and footers are dropped; the body is the element holding most Chinese text.
"""

from __future__ import annotations

import re

from ..errors import ExtractionError
from ..normalize import RawLine
from . import RawDocument
from .text import decode

META_FIELDS = ("索引号", "主题分类", "发文机关", "成文日期", "标题", "发文字号", "发布日期")
_META_RE = re.compile(rf"^\s*({'|'.join(META_FIELDS)})\s*[:：]\s*(.*)$")
_HAN = re.compile(r"[\u4e00-\u9fff]")
_DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "iframe", "form", "button", "select")
_CONTENT_HINT = re.compile(r"content|article|zoom|trs_editor|pages_content|detail|main|text", re.I)
_BLOCK_TAGS = {"p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "table", "section", "td"}


def _lines_of(element: object) -> list[str]:
    """The element's text, a line per block element (inline tags such as <span> do not break lines)."""
    for br in element.find_all("br"):  # type: ignore[attr-defined]
        br.replace_with("\n")
    for tag in element.find_all(list(_BLOCK_TAGS)):  # type: ignore[attr-defined]
        tag.insert_before("\n")
        tag.insert_after("\n")
    text = element.get_text("")  # type: ignore[attr-defined]
    return [" ".join(ln.split()) for ln in text.split("\n")]


def read_html(data: bytes, *, name: str = "<bytes>") -> RawDocument:
    from bs4 import BeautifulSoup

    text, encoding = decode(data, name=name)
    soup = BeautifulSoup(text, "html.parser")
    for tag in soup(_DROP_TAGS):
        tag.decompose()

    metadata: dict[str, str] = {}
    # Tables or lists of "字段：" / value cells.
    cells = [
        re.sub(r"[\s\u3000]+", "", c.get_text("", strip=True))
        for c in soup.find_all(["td", "th", "li", "span", "p", "div"])
    ]
    for i, cell in enumerate(cells):
        m = _META_RE.match(cell)
        if not m or m.group(1) in metadata:
            continue
        value = m.group(2).strip()
        if not value and i + 1 < len(cells):
            value = cells[i + 1].strip()
        if value and not _META_RE.match(value) and len(value) < 200:
            metadata[m.group(1)] = value

    candidates = [
        el
        for el in soup.find_all(["div", "article", "section", "td"])
        if _CONTENT_HINT.search(" ".join([str(el.get("id") or ""), *(el.get("class") or [])]))
    ]
    best = None
    best_score = 0
    for el in candidates or [soup.body or soup]:
        han = len(_HAN.findall(el.get_text()))
        if han > best_score:
            best, best_score = el, han
    if best is None:
        best = soup.body or soup
    body_lines = [ln for ln in _lines_of(best) if ln]
    body_lines = [ln for ln in body_lines if not _META_RE.match(ln)]
    title = metadata.get("标题")
    if not title:
        h = soup.find(["h1", "h2"]) or soup.find("title")
        title = re.split(r"[_|]| - ", h.get_text(" ", strip=True))[0].strip() if h else None

    lines: list[str] = [f"{k}：{metadata[k]}" for k in META_FIELDS if k in metadata]
    if title and not any(title.replace(" ", "") == ln.replace(" ", "") for ln in body_lines[:8]):
        lines.append(title)
    lines.extend(body_lines)
    if not any(_HAN.search(ln) for ln in lines):
        raise ExtractionError("no_text_layer", f"{name}: the HTML page has no Chinese text")
    raw = [RawLine(t, page=1) for t in lines]
    return RawDocument(pages=[raw], reader=f"html:{encoding}", metadata=metadata)
