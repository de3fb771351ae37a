"""The report's charts, drawn with matplotlib from a summary (``summary.summarize``), returned as PNG bytes.

Figures are built with ``matplotlib.figure.Figure`` and the Agg canvas: no pyplot, no global backend
switch, and the CJK font is set in an ``rc_context`` only while drawing.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from ..result import STAGE_NAMES
from .fonts import find_cjk_font
from .summary import STAGE_PERIODS

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CHARTS",
    "LEVEL_LABELS",
    "STAGE_COLORS",
    "chart_pngs",
    "figure_png",
    "level_figure",
    "medical_cloud_figure",
    "stage_year_figure",
    "targets_figure",
]

STAGE_COLORS: dict[str, str] = {
    "0": "#9e9e9e",
    "1": "#4c78a8",
    "2": "#f58518",
    "3": "#54a24b",
    "none": "#d6d6d6",
}
LEVEL_LABELS: dict[str, str] = {
    "national": "国家 national",
    "provincial": "省级 provincial",
    "municipal": "市级 municipal",
    "county": "县级 county",
    "unknown": "未知 unknown",
}
_DPI = 110


@contextmanager
def _style() -> Iterator[None]:
    import matplotlib as mpl
    from matplotlib import font_manager

    cjk = find_cjk_font()
    # The CJK font alone (it has Latin glyphs too), at its own weight: matplotlib warns on every text when
    # the requested weight is missing (WenQuanYi Zen Hei is 500 only).
    weights = [f.weight for f in font_manager.fontManager.ttflist if f.name == cjk]
    weight = weights[0] if weights else "normal"
    with mpl.rc_context(
        {
            "font.family": [cjk] if cjk else ["DejaVu Sans"],
            "font.weight": weight,
            "axes.titleweight": weight,
            "axes.labelweight": weight,
            "figure.titleweight": weight,
            "axes.unicode_minus": False,
            "axes.spines.top": False,
            "axes.spines.right": False,
            "font.size": 10,
            "svg.fonttype": "path",
        }
    ):
        yield


def _new_figure(width: float, height: float, ncols: int = 1) -> tuple[Figure, Any]:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), dpi=_DPI, layout="constrained")
    FigureCanvasAgg(fig)
    axes = fig.subplots(1, ncols, squeeze=False)[0]
    return fig, axes


def _int_locator() -> Any:
    from matplotlib.ticker import MaxNLocator

    return MaxNLocator(integer=True)


def figure_png(fig: Figure) -> bytes:
    """The figure as PNG bytes."""
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=_DPI, metadata={"Software": None})
    return buf.getvalue()


def _stage_legend_label(label: int) -> str:
    lo, hi = STAGE_PERIODS[label]
    period = f"–{hi}" if lo is None else (f"{lo}–" if hi is None else f"{lo}–{hi}")
    return f"{STAGE_NAMES[label]} ({period})"


def _empty(fig: Figure, ax: Any, message: str) -> Figure:
    """A figure that says there is nothing to plot."""
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()
    return fig


def _stage_spans(ax: Any, x0: float, x1: float) -> list[tuple[Any, int | None, float, float]]:
    """Shade each stage's years on ``ax`` between ``x0`` and ``x1``; (label, first year, left, right) of
    each stage shown."""
    shown = []
    for label, (lo, hi) in STAGE_PERIODS.items():
        a = x0 if lo is None else max(lo - 0.5, x0)
        b = x1 if hi is None else min(hi + 0.5, x1)
        if a < b:
            ax.axvspan(a, b, color=STAGE_COLORS[str(label)], alpha=0.10, lw=0)
            shown.append((label, lo, a, b))
    return shown


def stage_year_figure(summary: Mapping[str, Any]) -> Figure:
    """Documents per year of their date, stacked by stage, with the stage periods shaded (the review's
    Figure 1 for any batch)."""
    years = summary["by_year"]["years"]
    fig, (ax,) = _new_figure(9.5, 4.2)
    if not years:
        return _empty(fig, ax, "没有带日期的文件 (no dated documents)")
    xs = [y["year"] for y in years]
    x0, x1 = xs[0] - 0.5, xs[-1] + 0.5
    top = max(y["total"] for y in years)
    for label, lo, a, b in _stage_spans(ax, x0, x1):
        if lo is not None and lo - 0.5 > x0:
            ax.axvline(lo - 0.5, color="#555555", lw=0.8, ls="--")
        ax.text(
            (a + b) / 2,
            top * 1.12 + 0.3,
            STAGE_NAMES[label],
            ha="center",
            va="bottom",
            fontsize=9,
            color=STAGE_COLORS[str(label)],
        )
    bottom = [0] * len(xs)
    keys = [str(k) for k in STAGE_NAMES] + (["none"] if any(y["by_stage"].get("none") for y in years) else [])
    for key in keys:
        vals = [y["by_stage"].get(key, 0) for y in years]
        if not any(vals):
            continue
        name = _stage_legend_label(int(key)) if key != "none" else "无阶段 (no stage)"
        ax.bar(
            xs, vals, bottom=bottom, color=STAGE_COLORS[key], label=name, width=0.8, edgecolor="white", lw=0.5
        )
        bottom = [b + v for b, v in zip(bottom, vals, strict=True)]
    for x, t in zip(xs, bottom, strict=True):
        if t:
            ax.text(x, t + 0.1, str(t), ha="center", va="bottom", fontsize=8)
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, top * 1.3 + 1)
    ax.set_xticks(xs, [str(x) for x in xs], rotation=45 if len(xs) > 12 else 0)
    ax.set_ylabel("文件数 (documents)")
    ax.set_title("各年政策文件数（按阶段） Documents per year by stage")
    undated = summary["by_year"]["undated"]["total"]
    if undated:
        ax.annotate(
            f"另有 {undated} 件无日期 (undated)",
            xy=(1, 1.01),
            xycoords="axes fraction",
            ha="right",
            va="bottom",
            fontsize=8,
            color="#555555",
        )
    ax.yaxis.set_major_locator(_int_locator())
    ax.legend(loc="upper center", fontsize=8, frameon=False, ncols=len(keys), bbox_to_anchor=(0.5, -0.13))
    return fig


def level_figure(summary: Mapping[str, Any]) -> Figure:
    """Left: documents by their lead issuer's level; right: the top issuers."""
    fig, (ax1, ax2) = _new_figure(10, 4.6, ncols=2)
    counts = summary["by_level"]["counts"]
    levels = [lv for lv in counts if counts[lv] or lv != "unknown"]
    vals = [counts[lv] for lv in levels]
    ax1.barh([LEVEL_LABELS.get(lv, lv) for lv in levels][::-1], vals[::-1], color="#4c78a8")
    for i, v in enumerate(vals[::-1]):
        ax1.text(v, i, f" {v}", va="center", fontsize=9)
    ax1.set_title("发文机关层级 Level of the lead issuer")
    ax1.set_xlabel("文件数 (documents)")
    ax1.set_xlim(0, max([*vals, 1]) * 1.2)
    ax1.xaxis.set_major_locator(_int_locator())
    top = summary["top_issuers"]
    if top:
        names = [t["name"] for t in top][::-1]
        docs = [t["documents"] for t in top][::-1]
        lead = [t["lead"] for t in top][::-1]
        ax2.barh(names, docs, color="#bcd3ea", label="参与发文 (any position)")
        ax2.barh(names, lead, color="#4c78a8", label="牵头 (lead)")
        for i, v in enumerate(docs):
            ax2.text(v, i, f" {v}", va="center", fontsize=8)
        ax2.tick_params(axis="y", labelsize=8)
        ax2.set_xlim(0, max(docs) * 1.2)
        ax2.xaxis.set_major_locator(_int_locator())
        ax2.legend(fontsize=8, frameon=False, loc="lower right")
    ax2.set_title(f"主要发文机关 Top {len(top)} issuers")
    ax2.set_xlabel("文件数 (documents)")
    return fig


def medical_cloud_figure(summary: Mapping[str, Any]) -> Figure:
    """Documents mentioning both medical care and cloud computing, of all documents, by stage and by level."""
    mc = summary["medical_cloud"]
    fig, (ax1, ax2) = _new_figure(10, 3.8, ncols=2)
    stage_rows = mc["by_stage"]
    level_rows = [r for r in mc["by_level"] if r["documents"]]
    panels: list[tuple[Any, list[dict[str, Any]], list[str], str]] = [
        (ax1, stage_rows, [r["name"] or "无阶段" for r in stage_rows], "按阶段 By stage"),
        (ax2, level_rows, [LEVEL_LABELS.get(r["level"], r["level"]) for r in level_rows], "按层级 By level"),
    ]
    for ax, rows, labels, title in panels:
        total = [r["documents"] for r in rows]
        both = [r["medical_cloud"] for r in rows]
        xs = list(range(len(rows)))
        ax.bar(xs, total, color="#d9d9d9", label="全部 all documents", width=0.7)
        ax.bar(xs, both, color="#e45756", label="医疗+云计算 medical & cloud", width=0.7)
        for x, t, b in zip(xs, total, both, strict=True):
            ax.text(x, t, f"{b}/{t}", ha="center", va="bottom", fontsize=8)
        ax.set_xticks(xs, labels, fontsize=8)
        ax.set_ylim(0, max([*total, 1]) * 1.18)
        ax.set_title(title)
        ax.set_ylabel("文件数 (documents)")
        ax.yaxis.set_major_locator(_int_locator())
    ax1.legend(fontsize=8, frameon=False, loc="upper left")
    fig.suptitle(f"同时提及医疗与云计算的文件：{mc['medical_cloud']} / {mc['documents']}", fontsize=11)
    return fig


def targets_figure(summary: Mapping[str, Any]) -> Figure:
    """Targets falling due per year (the deadline timeline), split by whether they name a figure, with the
    stage periods shaded."""
    years = summary["targets"]["years"]
    fig, (ax,) = _new_figure(9.5, 3.6)
    if not years:
        return _empty(fig, ax, "没有带期限的目标 (no targets with a deadline)")
    xs = [y["year"] for y in years]
    x0, x1 = xs[0] - 0.5, xs[-1] + 0.5
    _stage_spans(ax, x0, x1)
    with_f = [y["with_figures"] for y in years]
    without = [y["targets"] - y["with_figures"] for y in years]
    ax.bar(xs, with_f, color="#72b7b2", label="含量化指标 naming a figure", width=0.8)
    ax.bar(xs, without, bottom=with_f, color="#c7e3e0", label="无量化指标 no figure", width=0.8)
    for y in years:
        if y["targets"]:
            ax.text(y["year"], y["targets"], str(y["targets"]), ha="center", va="bottom", fontsize=8)
    ax.set_xlim(x0, x1)
    ax.set_ylim(0, max(y["targets"] for y in years) * 1.15 + 1)
    ax.set_xticks(xs, [str(x) for x in xs], rotation=45 if len(xs) > 12 else 0)
    ax.set_ylabel("目标数 (targets)")
    ax.yaxis.set_major_locator(_int_locator())
    ax.set_title("发展目标到期年份 Targets falling due per year")
    ax.legend(fontsize=8, frameon=False, loc="upper left")
    return fig


# name -> (figure function, alt text)
CHARTS: dict[str, tuple[Callable[[Mapping[str, Any]], Figure], str]] = {
    "stages": (stage_year_figure, "Documents per year, stacked by stage, stage periods shaded"),
    "levels": (level_figure, "Documents by issuer level, and the top issuers"),
    "medical_cloud": (medical_cloud_figure, "Documents mentioning medical care and cloud computing"),
    "targets": (targets_figure, "Targets falling due per year"),
}


def chart_pngs(summary: Mapping[str, Any]) -> dict[str, bytes]:
    """Every chart of ``CHARTS`` as PNG bytes, keyed by name."""
    out: dict[str, bytes] = {}
    with _style():
        for name, (make, _alt) in CHARTS.items():
            out[name] = figure_png(make(summary))
    return out
