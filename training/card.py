"""MODEL_CARD.md, generated from model.json (never edited by hand)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any


def _table(rows: list[dict[str, Any]], key: str) -> list[str]:
    lines = ["| features | model | " + key + " | accuracy | folds |", "|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['features']} | {r['model']} | {r.get(key)} | {r.get('accuracy')} | {r.get('folds')} |"
        )
    return lines


def write_model_card(model_dir: Path) -> Path:
    meta = json.loads((model_dir / "model.json").read_text(encoding="utf-8"))
    c = meta["corpus"]
    m = meta["metrics"]
    out = [
        f"# Model card: {meta['name']} {meta['version']}",
        "",
        "Generated from model.json by `training/card.py`; do not edit by hand.",
        "",
        "## What it does",
        "Two scikit-learn pipelines over the normalised text of a Chinese policy document, dates masked first:",
        "- `stage`: the development stage of China's cloud-computing policy the text's language belongs to",
        "  (0 起步前 <2010, 1 重点发展阶段 2010–2015, 2 大力发展阶段 2016–2020, 3 产业发展阶段 2021–).",
        "  The record's reported stage comes from the document's date where found; this model decides otherwise.",
        "- `medical_cloud`: whether the text mentions both medical and cloud computing. The reported label is",
        "  LABELS.md's term rule; the model's probability is reported beside it.",
        "",
        "| task | features | model |",
        "|---|---|---|",
    ]
    for task, t in meta["tasks"].items():
        out.append(f"| {task} | {t['features']} | {t['model']} |")
    out += [
        "",
        "## Training data",
        f"Corpus `{c['path']}` (sha256 `{c['sha256'][:16]}…`): {c['documents']} documents, "
        f"{c['train']} for training, {c['test']} held out (split by group; never seen in training).",
        "",
        f"- by stage: {c['by_stage']}",
        f"- medical_cloud: {c['by_medical_cloud']}",
        f"- by level: {c['by_level']}",
        f"- by origin: {c['by_origin']}",
        "",
        "## Held-out test split",
        "",
        "| task | metric | value |",
        "|---|---|---|",
    ]
    for task, s in m.get("test", {}).items():
        for k, v in s.items():
            out.append(f"| {task} | {k} | {v} |")
    out += [
        "",
        "## Comparison (grouped cross-validation on the training split)",
        "",
        "### stage (model only, dates masked)",
        "",
    ]
    out += _table(m["cv"]["stage"], "macro_f1")
    out += ["", "### medical_cloud", ""]
    out += _table(m["cv"]["medical_cloud"], "f1")
    out += [
        "",
        "`word` = jieba words with the policy dictionary, `word-nodict` = jieba without it (ablation),",
        "`char` = character n-grams, `years` = what the years written in the text say (latest 文号 year,",
        "earliest and latest YYYY年, five-year plans named; full dates are masked before), `terms` = the",
        "LABELS.md medical and cloud terms present; `svm` = LinearSVC calibrated with CalibratedClassifierCV,",
        "`logreg` = LogisticRegression (balanced classes). The best per task by CV is kept; candidates within",
        "0.005 of it count as a tie, won by the one with fewer feature kinds (cheaper to run and to load).",
        "",
        "## Versions",
        "",
        *[f"- {k}: {v}" for k, v in meta["versions"].items()],
        "",
        "## Integrity and trust",
        f"`{meta['artifact']}` sha256 `{meta['sha256']}`, checked before loading. A joblib model file is code:",
        "load only model directories you trust. `policy-extract train --format skops` writes the safer skops",
        "format, loaded with its trusted types limited to this project's and scikit-learn's.",
        "",
        "## Limits",
        "Trained on documents written for this project (see corpus/README.md), not on genuine government",
        "documents; figures on real documents may be lower. The stage model sees vocabulary, so a document",
        "that speaks of an older plan (a 2016 text reviewing 十二五) can be pulled toward the older stage.",
        "",
    ]
    path = model_dir / "MODEL_CARD.md"
    path.write_text("\n".join(out), encoding="utf-8")
    return path
