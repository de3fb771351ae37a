"""Time the normaliser and every rule on 100,000 characters of adversarial text; print the figures.

    python -m evaluation.bench_rules_adversarial [--chars 100000] [--repeat 3] [--json]

Each input is built to provoke catastrophic regex backtracking or quadratic scans: long runs of 年, 〔,
digits, 关于, nested brackets, 到…年 cues, dates without ends, one huge line or 100,000 one-character lines.
The figure per (function, input) is the best of ``--repeat`` runs, in milliseconds; the target is 50 ms.
tests/test_fuzz.py asserts a generous bound on the same inputs (:func:`adversarial_inputs`,
:func:`rule_functions`).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

TARGET_MS = 50.0


def _fill(unit: str, n: int) -> str:
    return (unit * (n // max(1, len(unit)) + 1))[:n]


def adversarial_inputs(n: int = 100_000) -> dict[str, str]:
    """Named adversarial texts of exactly ``n`` characters."""
    half = n // 2
    return {
        "年": _fill("年", n),
        "〔": _fill("〔", n),
        "digits": _fill("2019", n),
        "关于": _fill("关于", n),
        "nested_brackets": _fill("〔", half) + _fill("〕", n - half),
        "nested_book_title": _fill("《", half) + _fill("》", n - half),
        "nested_parens": _fill("（(【[", half) + _fill(")）]】", n - half),
        "year_runs": _fill("2020年", n),
        "date_no_day": _fill("2015年3月", n),
        "cn_date_runs": _fill("二〇一五年三月六日", n),
        "doc_number_runs": _fill("国发〔2015〕", n),
        "doc_number_open": "国办发" + _fill("〔2018", n - 3),
        "target_cues": _fill("到2020年，力争", n),
        "figures": _fill("达到90%以上，", n),
        "title_like": _fill("关于印发", n - 2) + "通知",
        "issuer_like": _fill("国务院办公厅", n),
        "addressee_like": _fill("各省、自治区、", n - 1) + "：",
        "cited_open": _fill("《关于", n),
        "one_char_lines": _fill("年\n", n),
        "spaces_between_han": _fill("年 ", n),
        "heading_runs": _fill("一、（一）1.（1）", n),
        "mixed_digits_han": _fill("1年2月3日4号〔5〕", n),
        "period_statements": _fill("“十四五”时期，", n),
        "cues_in_one_clause": _fill("到2020年，以习近平新时代", n),
        "table_cells": _fill("任务牵头单位\n2019年12月\n", n),
    }


def rule_functions() -> dict[str, Callable[[str], Any]]:
    """Every public rule entry point and the normaliser, each as a ``str -> Any`` callable."""
    from extractor import normalize
    from extractor.rules import extract
    from extractor.rules.citations import find_citations
    from extractor.rules.dates import document_date, find_dates
    from extractor.rules.docnumber import main_doc_number
    from extractor.rules.issuers import find_issuers
    from extractor.rules.targets import find_targets
    from extractor.rules.terms import medical_cloud_label
    from extractor.rules.title import find_addressees, find_title

    return {
        "normalize_text": lambda t: normalize.normalize_text(t),
        "normalize_line": lambda t: normalize.normalize_line(t),
        "extract": lambda t: extract(t),
        "find_dates": lambda t: document_date(find_dates(t)),
        "find_targets": lambda t: find_targets(t, doc_year=2020),
        "find_issuers": lambda t: find_issuers(t),
        "main_doc_number": main_doc_number,
        "find_title": lambda t: find_title(t),
        "find_addressees": lambda t: find_addressees(t),
        "find_citations": find_citations,
        "medical_cloud_label": medical_cloud_label,
    }


def time_one(fn: Callable[[str], Any], text: str, *, repeat: int = 3) -> float:
    """Best of ``repeat`` runs, in milliseconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn(text)
        best = min(best, time.perf_counter() - t0)
    return best * 1000.0


def warm_up() -> None:
    """Load the registries, dictionaries and compiled patterns once, outside the timings."""
    for fn in rule_functions().values():
        fn(
            "国务院办公厅关于促进“互联网+医疗健康”发展的意见\n国办发〔2018〕26号\n到2020年，覆盖率达到90%。\n2018年4月25日"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--chars", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--json", action="store_true", help="Print the figures as JSON.")
    args = ap.parse_args(argv)
    warm_up()
    inputs = adversarial_inputs(args.chars)
    figures: dict[str, dict[str, float | str]] = {}
    for fname, fn in rule_functions().items():
        row: dict[str, float | str] = {}
        for iname, text in inputs.items():
            try:
                row[iname] = round(time_one(fn, text, repeat=args.repeat), 1)
            except Exception as e:  # a crash is a finding, not the end of the benchmark
                row[iname] = f"{type(e).__name__}: {e}"[:80]
        figures[fname] = row
    if args.json:
        print(json.dumps(figures, ensure_ascii=False, indent=2))
        return 0
    print(
        f"{args.chars:,} characters per input, best of {args.repeat}, milliseconds (target {TARGET_MS:.0f} ms)"
    )
    over = []
    for fname, row in figures.items():
        worst_name, worst = max(
            ((k, v) for k, v in row.items() if isinstance(v, float)), key=lambda kv: kv[1], default=("-", 0.0)
        )
        crashes = [k for k, v in row.items() if isinstance(v, str)]
        print(
            f"{fname:20s} worst {worst:9.1f} ms on {worst_name:18s} median {_median(row):7.1f} ms  crashes: {crashes or '-'}"
        )
        over += [(fname, k, v) for k, v in row.items() if isinstance(v, str) or v > TARGET_MS]
    if over:
        print("\nover the target or crashed:")
        for fname, k, v in over:
            print(f"  {fname} on {k}: {v}")
    return 0


def _median(row: dict[str, float | str]) -> float:
    vals = sorted(v for v in row.values() if isinstance(v, float))
    return vals[len(vals) // 2] if vals else 0.0


if __name__ == "__main__":
    sys.exit(main())
