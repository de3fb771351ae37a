"""The report as one self-contained HTML file: charts embedded as base64 PNG, CSS and JavaScript inline, no
network access at all. ``render_html(records)`` returns the page as a string.

Sections: overview, documents per year by stage, levels and issuers, medical & cloud, target deadlines, the
sortable documents table (a row opens the document's fields and its text with the evidence highlighted),
stage disagreements, error records. The page is deterministic: the same records give the same bytes.
"""

from __future__ import annotations

import base64
import html
from collections.abc import Mapping, Sequence
from typing import Any

from ..result import STAGE_NAMES
from .highlight import LABELS, evidence_spans, highlight_html
from .records import Record, span_text
from .summary import document_row, summarize

__all__ = ["render_html"]

_LEVEL_ZH = {
    "national": "国家",
    "provincial": "省级",
    "municipal": "市级",
    "county": "县级",
    "unknown": "未知",
}
_EV_COLORS = {
    "ISSUER": "#cfe2ff",
    "DATE": "#ffe08a",
    "TARGET": "#e8f5e9",
    "FIGURE": "#ffb3a7",
    "MEDICAL": "#f8c8e8",
    "CLOUD": "#b8f0f0",
}


def _e(value: Any) -> str:
    return "" if value is None else html.escape(str(value))


def _stage_name(label: Any) -> str:
    return STAGE_NAMES.get(label, "—") if isinstance(label, int) else "—"


def render_html(
    records: Sequence[Record],
    *,
    title: str = "Policy corpus report",
    source_name: str | None = None,
    charts: Mapping[str, bytes] | None = None,
    summary: Mapping[str, Any] | None = None,
) -> str:
    """The report page for ``records``. ``charts`` (PNG bytes by name, as ``plots.chart_pngs`` returns) and
    ``summary`` are computed when not given."""
    from .plots import CHARTS, chart_pngs

    s = summary if summary is not None else summarize(records)
    pngs = charts if charts is not None else chart_pngs(s)
    rows = [document_row(r, i) for i, r in enumerate(records)]

    def chart(name: str) -> str:
        png = pngs.get(name)
        if not png:
            return ""
        b64 = base64.b64encode(png).decode("ascii")
        return f'<img class="chart" id="chart-{name}" alt="{_e(CHARTS[name][1])}" src="data:image/png;base64,{b64}">'

    body = [
        f"<header><h1>{_e(title)}</h1>"
        + (f'<p class="muted">records: <code>{_e(source_name)}</code></p>' if source_name else "")
        + "</header>",
        _nav(),
        _overview(s),
        f'<section id="stages"><h2>各年文件数（按阶段） Documents per year by stage</h2>{chart("stages")}'
        f"{_year_table(s)}</section>",
        f'<section id="levels"><h2>层级与发文机关 Levels and issuers</h2>{chart("levels")}{_issuer_table(s)}</section>',
        f'<section id="medical-cloud"><h2>医疗与云计算 Medical care and cloud computing</h2>{chart("medical_cloud")}'
        f"{_mc_tables(s)}</section>",
        f'<section id="targets"><h2>发展目标期限 Target deadlines</h2>{chart("targets")}{_targets_table(s)}</section>',
        _documents(records, rows),
        _disagreements(s),
        _errors(s),
    ]
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">'
        f"<title>{_e(title)}</title><style>{_CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + f"\n<script>{_JS}</script>\n</body></html>\n"
    )


def _nav() -> str:
    links = [
        ("overview", "概览 Overview"),
        ("stages", "阶段 Stages"),
        ("levels", "层级 Levels"),
        ("medical-cloud", "医疗+云 Medical & cloud"),
        ("targets", "目标 Targets"),
        ("documents", "文件 Documents"),
        ("disagreements", "分歧 Disagreements"),
        ("errors", "错误 Errors"),
    ]
    return "<nav>" + " · ".join(f'<a href="#{a}">{t}</a>' for a, t in links) + "</nav>"


def _card(value: Any, label: str, key: str) -> str:
    return f'<div class="card"><div class="num" data-key="{key}">{_e(value)}</div><div class="lbl">{label}</div></div>'


def _overview(s: Mapping[str, Any]) -> str:
    lv = s["by_level"]
    mc = s["medical_cloud"]
    cards = [
        _card(s["documents"], "文件 documents", "documents"),
        _card(lv["counts"]["national"], "国家层面 national", "national"),
        _card(lv["local"], "省市层面 provincial + municipal + county", "local"),
        _card(mc["medical_cloud"], "同时提及医疗和云计算 medical &amp; cloud", "medical_cloud"),
        _card(s["targets"]["total"], "发展目标 targets", "targets"),
        _card(s["stage_disagreements"]["count"], "阶段分歧 stage disagreements", "disagreements"),
        _card(s["errors"], "错误记录 errors", "errors"),
    ]
    note = (
        f"<p>In the review's terms (shared/seed: 130 documents, 66 national / 64 provincial, 39 mentioning both "
        f"医疗 and 云计算): this batch has <b>{s['documents']}</b> records, <b>{s['ok']}</b> read, "
        f"<b>{lv['counts']['national']}</b> national / <b>{lv['local']}</b> local (a document's level is its "
        f"lead issuer's), <b>{mc['medical_cloud']}</b> mentioning both medical care and cloud computing. "
        f"Stage decided by the date: {s['stage_source'].get('date', 0)}, by the model: "
        f"{s['stage_source'].get('model', 0)}. Records with their text: {s['with_text']} of {s['ok']}.</p>"
    )
    return f'<section id="overview"><h2>概览 Overview</h2><div class="cards">{"".join(cards)}</div>{note}</section>'


def _table(head: Sequence[str], rows: Sequence[Sequence[str]], *, cls: str = "") -> str:
    th = "".join(f"<th>{h}</th>" for h in head)
    trs = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in r) + "</tr>" for r in rows)
    return f'<table class="{cls}"><thead><tr>{th}</tr></thead><tbody>{trs}</tbody></table>'


def _year_table(s: Mapping[str, Any]) -> str:
    by = s["by_year"]
    head = ["年 year", *(_e(STAGE_NAMES[k]) for k in STAGE_NAMES), "合计 total"]
    rows = [
        [str(y["year"]), *(str(y["by_stage"].get(str(k), 0)) for k in STAGE_NAMES), str(y["total"])]
        for y in by["years"]
    ]
    if by["undated"]["total"]:
        u = by["undated"]
        rows.append(
            ["无日期 undated", *(str(u["by_stage"].get(str(k), 0)) for k in STAGE_NAMES), str(u["total"])]
        )
    totals = [str(st["documents"]) for st in by["by_stage"] if st["label"] is not None]
    rows.append(["<b>合计</b>", *totals, f"<b>{s['ok']}</b>"])
    return "<details><summary>数据 Data</summary>" + _table(head, rows, cls="num-table") + "</details>"


def _issuer_table(s: Mapping[str, Any]) -> str:
    counts = s["by_level"]["counts"]
    lv_rows = [[f"{_LEVEL_ZH.get(k, '')} {_e(k)}", str(v)] for k, v in counts.items()]
    top = [
        [_e(t["name"]), f"{_LEVEL_ZH.get(t['level'] or 'unknown', '')} {_e(t['level'])}", _e(t["region"] or ""),
         str(t["documents"]), str(t["lead"])]
        for t in s["top_issuers"]
    ]  # fmt: skip
    return (
        '<div class="two">'
        + _table(["层级 level (lead issuer)", "文件 documents"], lv_rows, cls="num-table")
        + _table(["发文机关 issuer", "层级 level", "地区 region", "文件 documents", "牵头 lead"], top)
        + "</div>"
    )


def _mc_tables(s: Mapping[str, Any]) -> str:
    mc = s["medical_cloud"]
    st = [
        [_e(r["name"] or "—"), str(r["documents"]), str(r["medical_cloud"]), str(r["model"])]
        for r in mc["by_stage"]
    ]
    lv = [
        [
            f"{_LEVEL_ZH.get(r['level'], '')} {_e(r['level'])}",
            str(r["documents"]),
            str(r["medical_cloud"]),
            str(r["model"]),
        ]
        for r in mc["by_level"]
        if r["documents"]
    ]
    head = ["文件 documents", "医疗+云计算 (rule)", "模型 model"]
    return (
        f"<p>{mc['medical_cloud']} of {mc['documents']} documents mention both (LABELS.md's rule: a medical and a "
        f"cloud term in the text); the model says {mc['model']}; they agree on {mc['agree']}.</p>"
        '<div class="two">'
        + _table(["阶段 stage", *head], st, cls="num-table")
        + _table(["层级 level", *head], lv, cls="num-table")
        + "</div>"
    )


def _targets_table(s: Mapping[str, Any]) -> str:
    t = s["targets"]
    rows = []
    for y in t["years"]:
        if not y["targets"]:
            continue
        figs = "、".join(
            f"{_e(f['text'])}" + (f"×{f['targets']}" if f["targets"] > 1 else "") for f in y["figures"]
        )
        rows.append(
            [str(y["year"]), str(y["targets"]), str(y["documents"]), str(y["with_figures"]), figs or "—"]
        )
    return f"<p>{t['total']} targets; {t['no_deadline']} without a resolvable deadline.</p>" + _table(
        _TARGET_HEAD, rows, cls="targets-table"
    )


_TARGET_HEAD = [
    "到期年 deadline",
    "目标 targets",
    "文件 documents",
    "含指标 with figures",
    "指标 figures named",
]


def _stage_cell(r: Mapping[str, Any]) -> str:
    if r["stage"] is None:
        return "—"
    out = f'{_e(r["stage_name"])} <span class="badge src-{_e(r["stage_source"])}">{_e(r["stage_source"])}</span>'
    if r["model_stage"] is not None and r["model_stage"] != r["stage"]:
        p = r["model_stage_probability"]
        ptxt = f" {p:.2f}" if isinstance(p, (int, float)) else ""
        out += f'<br><span class="muted">model: {_e(_stage_name(r["model_stage"]))}{ptxt}</span>'
    return out


def _documents(records: Sequence[Record], rows: Sequence[Mapping[str, Any]]) -> str:
    head = [
        ("#", "num"),
        ("标题 title", "text"),
        ("文号 doc number", "text"),
        ("发文机关 issuers", "text"),
        ("层级 level", "text"),
        ("日期 date", "text"),
        ("阶段 stage (source)", "num"),
        ("医疗+云 medical_cloud", "text"),
        ("目标 targets", "num"),
    ]
    ths = "".join(f'<th data-type="{t}" tabindex="0">{h}<span class="arrow"></span></th>' for h, t in head)
    trs = []
    templates = []
    for r, rec in zip(rows, records, strict=True):
        i = r["index"]
        err = r["error"]
        title = _e(r["title"]) if r["title"] else f'<span class="muted">{_e(r["source"])}</span>'
        if err:
            title += f' <span class="badge err">error: {_e(err.get("type"))}</span>'
        mc = r["medical_cloud"]
        mc_txt = "是 yes" if mc else ("否 no" if mc is not None else "—")
        no_text = "" if r["has_text"] or err else ' <span class="badge warn">no text</span>'
        cells = [
            (str(i), str(i)),
            (title + no_text, r["title"] or r["source"] or ""),
            (_e(r["doc_number"] or ""), r["doc_number"] or ""),
            ("、".join(_e(x) for x in r["issuers"]), "、".join(r["issuers"])),
            (_e(_LEVEL_ZH.get(r["level"] or "", "") if r["level"] else ""), r["level"] or ""),
            (_e(r["date"] or ""), r["date"] or ""),
            (_stage_cell(r), "" if r["stage"] is None else str(r["stage"])),
            (mc_txt, "" if mc is None else str(int(bool(mc)))),
            (str(r["targets"]), str(r["targets"])),
        ]
        tds = "".join(f'<td data-sort="{_e(key)}">{val}</td>' for val, key in cells)
        cls = "doc err" if err else "doc"
        trs.append(
            f'<tr class="{cls}" id="doc-{i}" data-i="{i}" tabindex="0" aria-expanded="false">{tds}</tr>'
        )
        templates.append(f'<template id="tpl-{i}">{_detail(rec, r)}</template>')
    legend = "".join(f'<span class="ev ev-{k.lower()}">{_e(v)}</span> ' for k, v in LABELS.items())
    return (
        '<section id="documents"><h2>文件 Documents</h2>'
        "<p>Click a column heading to sort, a row to open the document (its fields and its text with the evidence "
        f"highlighted). Legend: {legend}</p>"
        '<p><input id="filter" type="search" placeholder="筛选 filter…" aria-label="filter the table"></p>'
        f'<table id="doc-table" class="sortable"><thead><tr>{ths}</tr></thead><tbody>{"".join(trs)}</tbody></table>'
        + "".join(templates)
        + "</section>"
    )


def _kv(label: str, value: str) -> str:
    return f"<tr><th>{label}</th><td>{value}</td></tr>"


def _detail(rec: Record, r: Mapping[str, Any]) -> str:
    """The opened row: the record's fields, then its text with the evidence highlighted."""
    if r["error"]:
        e = r["error"]
        return (
            f'<div class="detail-body"><p><b>{_e(r["source"])}</b>: the input failed: '
            f"<code>{_e(e.get('type'))}</code> {_e(e.get('message'))}</p></div>"
        )
    issuers = "<br>".join(
        f"{_e(i.get('name'))} <span class='muted'>({_e(i.get('level'))}{'，' + _e(i.get('region')) if i.get('region') else ''}"
        f"; {_e(i.get('source'))}; as found: {_e(i.get('text'))})</span>"
        for i in rec.get("issuers") or []
    )
    dates = "、".join(
        f"{_e(d.get('date'))} <span class='muted'>{_e(d.get('role'))}</span>" for d in rec.get("dates") or []
    )
    st = rec.get("stage") or {}
    stage = (
        f"{_e(r['stage_name'] or '—')} (source: {_e(st.get('source'))}); model: {_e(r['model_stage_name'])} "
        f"p={_e(st.get('model_probability'))}"
    )
    mc = rec.get("medical_cloud") or {}
    med = sorted({t.get("term") for t in mc.get("medical_terms") or [] if t.get("term")})
    cloud = sorted({t.get("term") for t in mc.get("cloud_terms") or [] if t.get("term")})
    mc_txt = (
        f"{_e(mc.get('label'))} (model {_e(mc.get('model_label'))}, p={_e(mc.get('probability'))}); medical: "
        f"{_e('、'.join(med)) or '—'}; cloud: {_e('、'.join(cloud)) or '—'}"
    )
    targets = "".join(
        f"<li><b>{_e(t.get('deadline') or '?')}</b> {_e(t.get('text'))}"
        + (
            " <span class='muted'>["
            + "、".join(_e(f.get("text")) for f in t.get("figures") or [])
            + "]</span>"
            if t.get("figures")
            else ""
        )
        + "</li>"
        for t in rec.get("targets") or []
    )
    warnings = "; ".join(_e(w.get("message")) for w in rec.get("warnings") or [])
    fields = (
        '<table class="kv">'
        + _kv("来源 source", f"<code>{_e(rec.get('source'))}</code>")
        + _kv("标题 title", _e(span_text(rec.get("title")) or "—"))
        + _kv(
            "文号",
            _e(span_text(rec.get("doc_number")) or "—")
            + f" <span class='muted'>{_e(rec.get('doc_type'))}</span>",
        )
        + _kv("发文机关 issuers", issuers or "—")
        + _kv("日期 date", f"<b>{_e(rec.get('date') or '—')}</b>; {dates}")
        + _kv("阶段 stage", stage)
        + _kv("医疗+云 medical_cloud", mc_txt)
        + _kv("目标 targets", f"<ol>{targets}</ol>" if targets else "—")
        + (_kv("警告 warnings", warnings) if warnings else "")
        + "</table>"
    )
    text = rec.get("text")
    if text:
        body = f'<div class="doc-text">{highlight_html(str(text), evidence_spans(rec))}</div>'
    else:
        body = (
            '<p class="no-text">这条记录没有正文：no text in this record, so no highlighted evidence (run '
            "<code>policy-extract run --include-text</code> to keep it). The fields above are shown as extracted.</p>"
        )
    return f'<div class="detail-body">{fields}{body}</div>'


def _disagreements(s: Mapping[str, Any]) -> str:
    d = s["stage_disagreements"]
    rows = [
        [f'<a href="#doc-{r["index"]}">{r["index"]}</a>', _e(r["title"] or r["source"]), _e(r["date"]),
         _e(_stage_name(r["stage"])), _e(_stage_name(r["model_stage"])),
         _e(f"{r['model_stage_probability']:.2f}" if isinstance(r["model_stage_probability"], float) else "")]
        for r in d["records"]
    ]  # fmt: skip
    table = (
        _table(
            ["#", "标题 title", "日期 date", "按日期 by date", "模型 model", "p"], rows, cls="disagree-table"
        )
        if rows
        else "<p>None: wherever the date decided, the model agreed.</p>"
    )
    return (
        f'<section id="disagreements"><h2>阶段分歧 Stage: model and date disagree ({d["count"]})</h2>'
        "<p>Records whose stage the document's date decided while the model, reading the text, predicted another "
        f"stage.</p>{table}</section>"
    )


def _errors(s: Mapping[str, Any]) -> str:
    errs = s["error_records"]
    rows = [
        [
            f'<a href="#doc-{e["index"]}">{e["index"]}</a>',
            f"<code>{_e(e['source'])}</code>",
            _e(e["type"]),
            _e(e["message"]),
        ]
        for e in errs
    ]
    table = (
        _table(["#", "来源 source", "type", "message"], rows, cls="error-table") if rows else "<p>None.</p>"
    )
    return f'<section id="errors"><h2>错误记录 Error records ({len(errs)})</h2>{table}</section>'


_EV_CSS = "".join(f".ev-{k.lower()}{{background:{c}}}" for k, c in _EV_COLORS.items() if k != "TARGET")

_CSS = (
    """
body{font-family:"Noto Sans CJK SC","Source Han Sans SC","WenQuanYi Zen Hei","Microsoft YaHei","PingFang SC",
 sans-serif;margin:0 auto;max-width:1200px;padding:0 1rem 3rem;color:#222;line-height:1.45}
header h1{margin:.8rem 0 .2rem;font-size:1.5rem}
nav{position:sticky;top:0;background:#fff;padding:.4rem 0;border-bottom:1px solid #ddd;z-index:2;font-size:.9rem}
section{margin-top:1.6rem}
h2{font-size:1.2rem;border-bottom:2px solid #4c78a8;padding-bottom:.2rem}
.muted{color:#777;font-size:.9em}
.cards{display:flex;flex-wrap:wrap;gap:.6rem}
.card{border:1px solid #ddd;border-radius:6px;padding:.5rem .8rem;min-width:8rem}
.card .num{font-size:1.6rem;font-weight:bold;color:#4c78a8}
.card .lbl{font-size:.8rem;color:#555}
img.chart{max-width:100%;height:auto;display:block;margin:.5rem 0}
table{border-collapse:collapse;font-size:.85rem;margin:.5rem 0}
th,td{border:1px solid #ddd;padding:.25rem .45rem;vertical-align:top;text-align:left}
thead th{background:#f3f6fa}
.num-table td{text-align:right}
.num-table td:first-child{text-align:left}
.two{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:flex-start}
table.sortable th{cursor:pointer;user-select:none;white-space:nowrap}
table.sortable th .arrow::after{content:" ↕";color:#aaa}
table.sortable th[aria-sort=ascending] .arrow::after{content:" ▲";color:#333}
table.sortable th[aria-sort=descending] .arrow::after{content:" ▼";color:#333}
tr.doc{cursor:pointer;scroll-margin-top:2.5rem}
tr.doc:hover{background:#f7fbff}
tr.doc[aria-expanded=true]{background:#eef4fb}
tr.err{background:#fff3f3}
tr.detail>td{background:#fcfcfc;padding:.6rem}
.badge{display:inline-block;font-size:.72rem;border-radius:3px;padding:0 .3rem;background:#eee;color:#333}
.badge.src-date{background:#e3f2e3}.badge.src-model{background:#fff0c2}
.badge.err{background:#f8d0d0}.badge.warn{background:#fff0c2}
table.kv th{width:9rem;background:#f7f7f7;white-space:nowrap}
.doc-text{white-space:pre-wrap;font-size:.92rem;line-height:1.9;border:1px solid #ddd;padding:.6rem .8rem;
 max-height:36rem;overflow:auto;background:#fff}
.ev{border-radius:2px}
.ev-target{border-bottom:2px solid #54a24b;background:#e8f5e9}
"""
    + _EV_CSS
    + """
.tag{font-size:.6rem;font-weight:bold;color:#fff;border-radius:2px;padding:0 .2rem;margin-right:1px;
 vertical-align:super}
.tag-issuer{background:#4c78a8}.tag-target{background:#54a24b}
.no-text{background:#fff8e1;border:1px solid #f0d890;padding:.5rem}
#filter{width:20rem;padding:.3rem}
"""
)

_JS = r"""
(function(){
  "use strict";
  var table = document.getElementById("doc-table");
  if (!table) return;
  var tbody = table.tBodies[0];
  function detailOf(row){
    var n = row.nextElementSibling;
    return (n && n.classList.contains("detail")) ? n : null;
  }
  function openRow(row, open){
    var d = detailOf(row);
    if (open === undefined) open = !d;
    if (open && !d){
      var tpl = document.getElementById("tpl-" + row.dataset.i);
      d = document.createElement("tr");
      d.className = "detail";
      d.id = "detail-" + row.dataset.i;
      var td = document.createElement("td");
      td.colSpan = row.cells.length;
      td.appendChild(tpl.content.cloneNode(true));
      d.appendChild(td);
      row.after(d);
    } else if (!open && d){
      d.remove();
    }
    row.setAttribute("aria-expanded", open ? "true" : "false");
  }
  tbody.addEventListener("click", function(ev){
    var row = ev.target.closest("tr.doc");
    if (row && !ev.target.closest("a")) openRow(row);
  });
  tbody.addEventListener("keydown", function(ev){
    var row = ev.target.closest("tr.doc");
    if (row && (ev.key === "Enter" || ev.key === " ")){ ev.preventDefault(); openRow(row); }
  });
  var heads = table.tHead.rows[0].cells;
  function sortBy(col){
    var th = heads[col];
    var dir = th.getAttribute("aria-sort") === "ascending" ? "descending" : "ascending";
    for (var h = 0; h < heads.length; h++) heads[h].removeAttribute("aria-sort");
    th.setAttribute("aria-sort", dir);
    var num = th.dataset.type === "num";
    var rows = Array.prototype.slice.call(tbody.querySelectorAll("tr.doc"));
    var key = function(r){ return r.cells[col].dataset.sort || ""; };
    rows.sort(function(a, b){
      var x = key(a), y = key(b), c;
      if (x === "" || y === "") c = (x === "") - (y === "");
      else if (num) c = parseFloat(x) - parseFloat(y);
      else c = x.localeCompare(y, "zh-CN");
      if (c === 0) c = parseInt(a.dataset.i, 10) - parseInt(b.dataset.i, 10);
      return (dir === "ascending" || x === "" || y === "") ? c : -c;
    });
    rows.forEach(function(r){
      var d = detailOf(r);
      tbody.appendChild(r);
      if (d) tbody.appendChild(d);
    });
  }
  for (var c = 0; c < heads.length; c++){
    (function(col){
      heads[col].addEventListener("click", function(){ sortBy(col); });
      heads[col].addEventListener("keydown", function(ev){ if (ev.key === "Enter") sortBy(col); });
    })(c);
  }
  var filter = document.getElementById("filter");
  filter.addEventListener("input", function(){
    var q = filter.value.trim().toLowerCase();
    tbody.querySelectorAll("tr.doc").forEach(function(r){
      var show = !q || r.textContent.toLowerCase().indexOf(q) >= 0;
      r.hidden = !show;
      var d = detailOf(r);
      if (d) d.hidden = !show;
    });
  });
  function fromHash(){
    var m = /^#doc-(\d+)$/.exec(location.hash);
    if (!m) return;
    var row = document.getElementById("doc-" + m[1]);
    if (row){ openRow(row, true); row.scrollIntoView(); }
  }
  window.addEventListener("hashchange", fromHash);
  fromHash();
})();
"""
