"""Counts for the corpus datasheet: python corpus/stats.py [--corpus corpus] prints Markdown tables."""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=Path(__file__).resolve().parent)
    args = ap.parse_args()
    rows = [
        json.loads(line)
        for f in sorted((args.corpus / "labels").glob("*.jsonl"))
        for line in f.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    lengths = {r["id"]: len((args.corpus / r["path"]).read_text(encoding="utf-8")) for r in rows}
    print(
        f"Documents: {len(rows)}; characters per document: min {min(lengths.values())}, "
        f"mean {sum(lengths.values()) // len(lengths)}, max {max(lengths.values())}\n"
    )
    for key in ("origin", "stage", "year", "level", "doc_type", "topic", "medical_cloud"):
        c = Counter(str(r.get(key)) for r in rows)
        by_origin = {
            o: Counter(str(r.get(key)) for r in rows if r.get("origin") == o) for o in ("hand", "generated")
        }
        print(f"| {key} | all | hand | generated |\n|---|---|---|---|")
        for k in sorted(c):
            print(f"| {k} | {c[k]} | {by_origin['hand'][k]} | {by_origin['generated'][k]} |")
        print()
    joint = sum(1 for r in rows if len(r.get("issuers") or []) > 1)
    regions = Counter((r.get("region") or "").split("省")[0] for r in rows if r.get("level") == "provincial")
    cities = Counter(r.get("region") for r in rows if r.get("level") == "municipal")
    issuers = Counter(i for r in rows for i in r.get("issuers") or [] if r.get("level") == "national")
    print(
        f"Joint documents: {joint}; provinces: {len(regions)}; cities: {len(cities)}; "
        f"national issuers: {len(issuers)}; targets: {sum(len(r.get('targets') or []) for r in rows)}"
    )


if __name__ == "__main__":
    main()
