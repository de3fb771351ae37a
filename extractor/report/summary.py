"""The report's numbers, as pure functions over records (dicts in the JSON schema). No I/O, no plotting.

``summarize(records)`` returns everything the HTML report and ``policy-extract report --format json`` show,
as JSON-ready data; docs/REPORT.md describes each key. Counts are over documents (records) unless the key
says otherwise; error records are counted in ``documents`` and ``errors`` and nowhere else.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ..result import STAGE_NAMES
from .records import Record, doc_level, doc_year, is_error, span_text

__all__ = [
    "LEVELS",
    "STAGE_PERIODS",
    "SUMMARY_VERSION",
    "by_level",
    "by_year_and_stage",
    "document_row",
    "error_records",
    "medical_cloud_counts",
    "stage_disagreements",
    "stage_label",
    "summarize",
    "targets_by_deadline",
    "top_issuers",
]

SUMMARY_VERSION = "1"

# The stage periods of LABELS.md (the review's section 3.1), first and last year; None = open.
# extractor.pipeline.stage_of_year applies the same boundaries (tests check they agree).
STAGE_PERIODS: dict[int, tuple[int | None, int | None]] = {
    0: (None, 2009),
    1: (2010, 2015),
    2: (2016, 2020),
    3: (2021, None),
}

LEVELS: tuple[str, ...] = ("national", "provincial", "municipal", "county", "unknown")


def stage_label(rec: Record) -> int | None:
    """The record's stage label (0–3), None when it has none."""
    st = rec.get("stage")
    if isinstance(st, Mapping) and isinstance(st.get("label"), int):
        return int(st["label"])
    return None


def _ok(records: Iterable[Record]) -> list[Record]:
    return [r for r in records if not is_error(r)]


def _mc_label(rec: Record) -> bool:
    mc = rec.get("medical_cloud")
    return bool(isinstance(mc, Mapping) and mc.get("label"))


def _mc_model(rec: Record) -> bool:
    mc = rec.get("medical_cloud")
    return bool(isinstance(mc, Mapping) and mc.get("model_label"))


def _stage_name(label: Any) -> str | None:
    return STAGE_NAMES.get(label) if isinstance(label, int) else None


def _stage_key(label: int | None) -> str:
    return "none" if label is None else str(label)


def by_year_and_stage(records: Iterable[Record]) -> dict[str, Any]:
    """Documents per year of their own date, split by stage: ``years`` (every year from the first to the last,
    gaps included, each with ``total`` and ``by_stage`` keyed "0".."3" and "none"), ``undated`` (documents
    with no date: their stage, if any, came from the model) and ``by_stage`` over all documents."""
    ok = _ok(records)
    per_year: dict[int, Counter[str]] = defaultdict(Counter)
    undated: Counter[str] = Counter()
    overall: Counter[str] = Counter()
    for r in ok:
        key = _stage_key(stage_label(r))
        overall[key] += 1
        y = doc_year(r)
        if y is None:
            undated[key] += 1
        else:
            per_year[y][key] += 1
    years: list[dict[str, Any]] = []
    if per_year:
        for y in range(min(per_year), max(per_year) + 1):
            c = per_year.get(y, Counter())
            years.append({"year": y, "total": sum(c.values()), "by_stage": _stage_counts(c)})
    return {
        "years": years,
        "undated": {"total": sum(undated.values()), "by_stage": _stage_counts(undated)},
        "by_stage": [
            {"label": lab, "name": STAGE_NAMES[lab], "documents": overall[str(lab)]} for lab in STAGE_NAMES
        ]
        + ([{"label": None, "name": None, "documents": overall["none"]}] if overall["none"] else []),
    }


def _stage_counts(c: Mapping[str, int]) -> dict[str, int]:
    out = {str(lab): int(c.get(str(lab), 0)) for lab in STAGE_NAMES}
    if c.get("none"):
        out["none"] = int(c["none"])
    return out


def by_level(records: Iterable[Record]) -> dict[str, Any]:
    """Documents by their lead issuer's level: ``counts`` for national, provincial, municipal, county and
    unknown, and ``local`` (provincial + municipal + county: the review's 省市层面)."""
    c = Counter(doc_level(r) for r in _ok(records))
    counts = {lv: int(c.get(lv, 0)) for lv in LEVELS}
    for lv, n in c.items():  # a level this version does not know still counts
        counts.setdefault(lv, int(n))
    return {"counts": counts, "local": counts["provincial"] + counts["municipal"] + counts["county"]}


def top_issuers(records: Iterable[Record], *, n: int = 15) -> list[dict[str, Any]]:
    """The ``n`` bodies that issued (or co-issued) the most documents: ``name``, ``level``, ``region``,
    ``documents`` (any position) and ``lead`` (as lead issuer); ties broken by name."""
    docs: Counter[str] = Counter()
    lead: Counter[str] = Counter()
    info: dict[str, tuple[Any, Any]] = {}
    for r in _ok(records):
        seen: set[str] = set()
        for i, iss in enumerate(r.get("issuers") or []):
            name = iss.get("name")
            if not name or name in seen:
                continue
            seen.add(name)
            docs[name] += 1
            if i == 0:
                lead[name] += 1
            info.setdefault(name, (iss.get("level"), iss.get("region")))
    ranked = sorted(docs.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
    return [
        {"name": k, "level": info[k][0], "region": info[k][1], "documents": v, "lead": lead[k]}
        for k, v in ranked
    ]


def medical_cloud_counts(records: Iterable[Record]) -> dict[str, Any]:
    """How many documents mention both a medical and a cloud term (``medical_cloud.label``, LABELS.md's
    rule), overall, by stage and by level; ``model`` is how many the model says so, ``agree`` how often the
    model and the rule agree."""
    ok = _ok(records)
    stage_rows = []
    for lab in [*STAGE_NAMES, None]:
        sub = [r for r in ok if stage_label(r) == lab]
        if lab is None and not sub:
            continue
        stage_rows.append(
            {
                "label": lab,
                "name": STAGE_NAMES.get(lab) if lab is not None else None,
                "documents": len(sub),
                "medical_cloud": sum(_mc_label(r) for r in sub),
                "model": sum(_mc_model(r) for r in sub),
            }
        )
    level_rows = []
    for lv in LEVELS:
        sub = [r for r in ok if doc_level(r) == lv]
        level_rows.append(
            {
                "level": lv,
                "documents": len(sub),
                "medical_cloud": sum(_mc_label(r) for r in sub),
                "model": sum(_mc_model(r) for r in sub),
            }
        )
    return {
        "documents": len(ok),
        "medical_cloud": sum(_mc_label(r) for r in ok),
        "model": sum(_mc_model(r) for r in ok),
        "agree": sum(_mc_label(r) == _mc_model(r) for r in ok),
        "by_stage": stage_rows,
        "by_level": level_rows,
    }


def _figure_text(f: Mapping[str, Any]) -> str:
    if f.get("text"):
        return str(f["text"])
    v = f.get("value")
    num = f"{v:g}" if isinstance(v, float) else str(v)
    return f"{num}{f.get('unit') or ''}"


def targets_by_deadline(records: Iterable[Record]) -> dict[str, Any]:
    """Targets (发展目标) by the year they fall due: ``total``, ``no_deadline`` (targets whose deadline could
    not be resolved) and ``years``: every year from the first deadline to the last, with ``targets``,
    ``documents`` (how many documents set a target due that year), ``with_figures`` (targets naming at least
    one figure) and ``figures`` (each distinct figure as written, with how many targets name it, most named
    first)."""
    per_year: dict[int, dict[str, Any]] = {}
    total = no_deadline = 0
    for idx, r in enumerate(records):
        if is_error(r):
            continue
        for t in r.get("targets") or []:
            total += 1
            dl = t.get("deadline")
            if not isinstance(dl, int):
                no_deadline += 1
                continue
            row = per_year.setdefault(
                dl, {"targets": 0, "docs": set(), "with_figures": 0, "figures": Counter()}
            )
            row["targets"] += 1
            row["docs"].add(idx)
            figs = t.get("figures") or []
            if figs:
                row["with_figures"] += 1
            for f in {_figure_text(f) for f in figs}:
                row["figures"][f] += 1
    years = []
    if per_year:
        for y in range(min(per_year), max(per_year) + 1):
            if y not in per_year:
                years.append({"year": y, "targets": 0, "documents": 0, "with_figures": 0, "figures": []})
                continue
            row = per_year[y]
            figs = sorted(row["figures"].items(), key=lambda kv: (-kv[1], kv[0]))
            years.append(
                {
                    "year": y,
                    "targets": row["targets"],
                    "documents": len(row["docs"]),
                    "with_figures": row["with_figures"],
                    "figures": [{"text": k, "targets": v} for k, v in figs],
                }
            )
    return {"total": total, "no_deadline": no_deadline, "years": years}


def document_row(rec: Record, index: int) -> dict[str, Any]:
    """The table row of one record: ``index`` (its position in the batch), source, title, 文号, issuers,
    date, stage (label, name, source, model label and probability), medical_cloud, target count, error."""
    st = rec.get("stage") if isinstance(rec.get("stage"), Mapping) else {}
    mc = rec.get("medical_cloud") if isinstance(rec.get("medical_cloud"), Mapping) else {}
    err = rec.get("error") if isinstance(rec.get("error"), Mapping) else None
    assert st is not None and mc is not None
    return {
        "index": index,
        "source": rec.get("source"),
        "title": span_text(rec.get("title")),
        "doc_number": span_text(rec.get("doc_number")),
        "issuers": [i.get("name") for i in rec.get("issuers") or [] if i.get("name")],
        "level": None if err else doc_level(rec),
        "date": rec.get("date"),
        "stage": st.get("label"),
        "stage_name": st.get("name") or _stage_name(st.get("label")),
        "stage_source": st.get("source"),
        "model_stage": st.get("model_label"),
        "model_stage_name": st.get("model_name") or _stage_name(st.get("model_label")),
        "model_stage_probability": st.get("model_probability"),
        "medical_cloud": mc.get("label"),
        "medical_cloud_probability": mc.get("probability"),
        "targets": len(rec.get("targets") or []),
        "has_text": bool(rec.get("text")),
        "error": dict(err) if err else None,
    }


def stage_disagreements(records: Sequence[Record]) -> list[dict[str, Any]]:
    """The records whose stage the date decided and the model predicted otherwise (table rows)."""
    out = []
    for i, r in enumerate(records):
        st = r.get("stage")
        if is_error(r) or not isinstance(st, Mapping):
            continue
        if (
            st.get("source") == "date"
            and st.get("model_label") is not None
            and st.get("model_label") != st.get("label")
        ):
            out.append(document_row(r, i))
    return out


def error_records(records: Sequence[Record]) -> list[dict[str, Any]]:
    """The records whose input failed: ``index``, ``source``, ``type``, ``message``."""
    out = []
    for i, r in enumerate(records):
        if is_error(r):
            err = r.get("error")
            e = err if isinstance(err, Mapping) else {}
            out.append(
                {"index": i, "source": r.get("source"), "type": e.get("type"), "message": e.get("message")}
            )
    return out


def summarize(records: Sequence[Record], *, top_n: int = 15) -> dict[str, Any]:
    """All the report's counts, JSON-ready (docs/REPORT.md)."""
    ok = _ok(records)
    stage_source = Counter(
        str(r["stage"].get("source"))
        for r in ok
        if isinstance(r.get("stage"), Mapping) and r["stage"].get("label") is not None
    )
    disagreements = stage_disagreements(records)
    return {
        "summary_version": SUMMARY_VERSION,
        "documents": len(records),
        "ok": len(ok),
        "errors": len(records) - len(ok),
        "with_text": sum(bool(r.get("text")) for r in ok),
        "stages": [
            {"label": lab, "name": STAGE_NAMES[lab], "first_year": lo, "last_year": hi}
            for lab, (lo, hi) in STAGE_PERIODS.items()
        ],
        "by_year": by_year_and_stage(ok),
        "stage_source": dict(sorted(stage_source.items())),
        "by_level": by_level(ok),
        "top_issuers": top_issuers(ok, n=top_n),
        "medical_cloud": medical_cloud_counts(ok),
        "targets": targets_by_deadline(records),
        "stage_disagreements": {
            "count": len(disagreements),
            "records": [
                {
                    k: d[k]
                    for k in (
                        "index",
                        "source",
                        "title",
                        "date",
                        "stage",
                        "model_stage",
                        "model_stage_probability",
                    )
                }
                for d in disagreements
            ],
        },
        "error_records": error_records(records),
    }
