"""Scoring the rules against a gold file of annotated snippets and short documents.

    policy-extract evaluate evaluation/gold/extraction_cases.jsonl
    python -m evaluation.gold evaluation/gold/extraction_cases.jsonl [--show-errors N]

Each line: ``{"id", "text", "doc_year", "title", "doc_number", "issuers", "date", "dates": [{date, role}],
"targets": [{text, deadline}]}``; a field that is null (or absent) is not scored for that case. The rules run
on the normalised text, with ``doc_year`` as the reference year when the text has no date of its own.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path
from typing import Any

from extractor.normalize import normalize_text
from extractor.rules import extract

from .evaluate import match_targets, prf


def _counts(pred: list[Any], gold: list[Any]) -> tuple[int, int, int]:
    pc, gc = Counter(pred), Counter(gold)
    tp = sum((pc & gc).values())
    return tp, sum(pc.values()) - tp, sum(gc.values()) - tp


def evaluate_gold(path: Path, *, show_errors: int = 0) -> dict[str, Any]:
    rows = [json.loads(x) for x in Path(path).read_text(encoding="utf-8").splitlines() if x.strip()]
    totals: dict[str, list[int]] = {}
    errors: list[str] = []

    def add(field: str, c: tuple[int, int, int], case: dict[str, Any], got: Any, want: Any) -> None:
        t = totals.setdefault(field, [0, 0, 0])
        for i in range(3):
            t[i] += c[i]
        if (c[1] or c[2]) and len(errors) < show_errors:
            errors.append(f"{case.get('id')} {field}: got {got} want {want}")

    for case in rows:
        nt = normalize_text(case["text"])
        res = extract(nt.text, line_sizes=nt.line_sizes, doc_year=case.get("doc_year"))
        if case.get("issuers") is not None:
            got = [i.name for i in res.issuers]
            add("issuers", _counts(got, case["issuers"]), case, got, case["issuers"])
        if case.get("dates") is not None:
            got_d = [d.date for d in res.dates]
            want_d = [d["date"] for d in case["dates"]]
            add("dates", _counts(got_d, want_d), case, got_d, want_d)
            got_r = [(d.date, d.role) for d in res.dates]
            want_r = [(d["date"], d["role"]) for d in case["dates"]]
            add("dates_with_role", _counts(got_r, want_r), case, got_r, want_r)
        if case.get("date") is not None or (case.get("kind") == "document" and "date" in case):
            got1 = res.date.date if res.date else None
            add(
                "document_date",
                _counts([got1] if got1 else [], [case["date"]] if case["date"] else []),
                case,
                got1,
                case["date"],
            )
        if case.get("targets") is not None:
            pred = [(t.span.start, t.span.end, t.deadline) for t in res.targets]
            add("target_deadlines", match_targets(nt.text, pred, case["targets"]), case,
                [p[2] for p in pred], [t["deadline"] for t in case["targets"]])  # fmt: skip
        for field in ("doc_number", "title"):
            if case.get(field) is not None or (case.get("kind") == "document" and field in case):
                span = getattr(res, field)
                got_s = "".join(span.text.split()) if span else None
                want_s = "".join(case[field].split()) if case[field] else None
                add(field, _counts([got_s] if got_s else [], [want_s] if want_s else []), case, got_s, want_s)
    out: dict[str, Any] = {
        "gold": str(path),
        "cases": len(rows),
        "extraction": {k: prf(*v) for k, v in sorted(totals.items())},
    }
    if errors:
        out["errors"] = errors
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description="Score the rules against a gold file of annotated cases")
    ap.add_argument("gold", type=Path)
    ap.add_argument("--show-errors", type=int, default=0)
    args = ap.parse_args()
    print(json.dumps(evaluate_gold(args.gold, show_errors=args.show_errors), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
