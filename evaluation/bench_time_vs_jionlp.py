"""Side by side: this project's date and target rules against JioNLP's time extractor, on the gold cases.

    python -m evaluation.bench_time_vs_jionlp [--gold evaluation/gold/time_cases.jsonl] [--show-errors N]

JioNLP is optional (``pip install jionlp``); without it the script says so and scores this project alone.
Both systems get the same snippet and the same reference: JioNLP's ``time_base`` is 1 January of the case's
document year (its relative expressions resolve against it, as ours resolve against the document's year).

Scoring, per case and summed over cases:
* dates — the set of dates found (ISO day ``YYYY-MM-DD`` or month ``YYYY-MM``); JioNLP's time points that
  cover exactly one day or one month count as dates. Precision, recall, F1 and the share of cases whose set
  is exactly right. Our roles are scored separately (a date found with the wrong role is a miss there).
* target deadlines — the multiset of deadline years; for JioNLP, the end year of every extracted expression
  coarser than a day (到2025年, 十四五期间) counts as a deadline, since it has no notion of a target.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

GOLD = Path(__file__).resolve().parent / "gold" / "time_cases.jsonl"


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {
        "precision": round(p, 4),
        "recall": round(r, 4),
        "f1": round(2 * p * r / (p + r) if p + r else 0.0, 4),
    }


def _multiset_counts(pred: list[Any], gold: list[Any]) -> tuple[int, int, int]:
    pc, gc = Counter(pred), Counter(gold)
    tp = sum((pc & gc).values())
    return tp, sum(pc.values()) - tp, sum(gc.values()) - tp


def ours(case: dict[str, Any]) -> tuple[list[str], list[tuple[str, str]], list[int]]:
    from extractor.normalize import normalize_text
    from extractor.rules.dates import find_dates
    from extractor.rules.targets import find_targets

    text = normalize_text(case["text"]).text
    dates = find_dates(text)
    targets = find_targets(text, doc_year=case.get("doc_year"))
    return (
        [d.date for d in dates],
        [(d.date, d.role) for d in dates],
        [t.deadline for t in targets if t.deadline is not None],
    )


def jionlp_run(jio: Any, case: dict[str, Any]) -> tuple[list[str], list[int]]:
    year = case.get("doc_year") or 2020
    base = time.mktime(dt.datetime(year, 1, 1).timetuple())
    try:
        found = jio.ner.extract_time(case["text"], time_base=base, with_parsing=True)
    except Exception:
        return [], []
    dates: list[str] = []
    deadlines: list[int] = []
    for item in found:
        detail = item.get("detail") or {}
        span = detail.get("time")
        if not isinstance(span, list) or len(span) != 2 or not all(isinstance(x, str) for x in span):
            continue
        try:
            start = dt.datetime.strptime(span[0][:19], "%Y-%m-%d %H:%M:%S")
            end = dt.datetime.strptime(span[1][:19], "%Y-%m-%d %H:%M:%S")
        except ValueError:
            continue
        days = (end - start).days
        if start.date() == end.date():
            dates.append(start.date().isoformat())
        elif start.day == 1 and days < 31 and start.month == end.month:
            dates.append(f"{start.year:04d}-{start.month:02d}")
        else:
            deadlines.append(end.year)
    return dates, deadlines


def run(gold: Path, *, show_errors: int = 0) -> dict[str, Any]:
    cases = [json.loads(x) for x in gold.read_text(encoding="utf-8").splitlines() if x.strip()]
    try:
        import jionlp as jio  # type: ignore[import-not-found]
    except Exception as e:  # not installed, or fails to import
        jio = None
        why = f"{type(e).__name__}: {e}"
    systems: dict[str, dict[str, list[int]]] = {"policy-extractor": {}, "JioNLP": {}}
    exact: dict[str, Counter[str]] = {"policy-extractor": Counter(), "JioNLP": Counter()}
    errors: list[str] = []
    t_ours = t_jio = 0.0
    for case in cases:
        gold_dates = [d["date"] for d in case.get("dates", [])]
        gold_roles = [(d["date"], d["role"]) for d in case.get("dates", [])]
        gold_dl = [t["deadline"] for t in case.get("targets", []) if t.get("deadline") is not None]
        t0 = time.perf_counter()
        d, roles, dl = ours(case)
        t_ours += time.perf_counter() - t0
        for name, pred, ref in (
            ("dates", d, gold_dates),
            ("dates+role", roles, gold_roles),
            ("deadlines", dl, gold_dl),
        ):
            tp, fp, fn = _multiset_counts(pred, ref)
            acc = systems["policy-extractor"].setdefault(name, [0, 0, 0])
            acc[0] += tp
            acc[1] += fp
            acc[2] += fn
            exact["policy-extractor"][name] += int(Counter(pred) == Counter(ref))
            if (fp or fn) and len(errors) < show_errors:
                errors.append(f"{case['id']} {name}: got {pred} want {ref} :: {case['text'][:80]}")
        if jio is not None:
            t0 = time.perf_counter()
            jd, jdl = jionlp_run(jio, case)
            t_jio += time.perf_counter() - t0
            for name, pred, ref in (("dates", jd, gold_dates), ("deadlines", jdl, gold_dl)):
                tp, fp, fn = _multiset_counts(pred, ref)
                acc = systems["JioNLP"].setdefault(name, [0, 0, 0])
                acc[0] += tp
                acc[1] += fp
                acc[2] += fn
                exact["JioNLP"][name] += int(Counter(pred) == Counter(ref))
    out: dict[str, Any] = {"cases": len(cases), "gold": str(gold)}
    for system, tasks in systems.items():
        if not tasks:
            out[system] = f"not run ({why}); install it with `pip install jionlp`"
            continue
        out[system] = {
            name: {**_prf(*v), "cases_exactly_right": round(exact[system][name] / len(cases), 4)}
            for name, v in tasks.items()
        }
    out["seconds"] = {"policy-extractor": round(t_ours, 3), "JioNLP": round(t_jio, 3)}
    if errors:
        out["errors"] = errors
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="Dates and target deadlines: policy-extractor vs JioNLP")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--show-errors", type=int, default=0)
    args = ap.parse_args()
    res = run(args.gold, show_errors=args.show_errors)
    print(json.dumps(res, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
