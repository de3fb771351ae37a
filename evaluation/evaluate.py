"""Score a model and the rules against a labelled corpus (``policy-extract evaluate``).

Per task: a classification report and a confusion matrix (PNG when matplotlib is installed); the stage
twice — as the record reports it (the date decides when found) and model-only (the model's own label; the
model always sees the text with its dates masked). Per extracted field: precision, recall and F1 against
the gold annotations (title and 文号 exact after whitespace removal; issuers as canonical names; the
document date exact; targets matched one-to-one by deadline and overlapping span; addressees as strings).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extractor.normalize import normalize_line
from extractor.pipeline import Pipeline
from extractor.result import PolicyResult

log = logging.getLogger(__name__)

__all__ = ["evaluate_corpus", "match_targets", "prf", "score_record"]


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "tp": tp, "fp": fp, "fn": fn}


def _compact(s: str | None) -> str:
    return "".join((s or "").split())


def match_targets(
    text: str, pred: Sequence[tuple[int, int, int | None]], gold: Sequence[dict[str, Any]]
) -> tuple[int, int, int]:
    """(tp, fp, fn) of predicted (start, end, deadline) against gold targets: one-to-one, same deadline,
    overlapping spans (by deadline alone when the gold text cannot be found in the normalised text)."""
    used: set[int] = set()
    tp = 0
    for g in gold:
        gtext = normalize_line(str(g.get("text", "")))
        start = text.find(gtext) if gtext else -1
        if start < 0 and len(gtext) > 12:
            start = text.find(gtext[:12])
        gspan = (start, start + len(gtext)) if start >= 0 else None
        for i, (s, e, dl) in enumerate(pred):
            if i in used or dl != g.get("deadline"):
                continue
            if gspan is None or (s < gspan[1] and gspan[0] < e):
                used.add(i)
                tp += 1
                break
    return tp, len(pred) - tp, len(gold) - tp


def score_record(rec: PolicyResult, label: dict[str, Any]) -> dict[str, tuple[int, int, int]]:
    """(tp, fp, fn) per extracted field for one document."""
    out: dict[str, tuple[int, int, int]] = {}

    def single(name: str, pred: str | None, gold: str | None) -> None:
        if gold is None and pred is None:
            out[name] = (0, 0, 0)
        elif gold is None:
            out[name] = (0, 1, 0)
        elif pred is None:
            out[name] = (0, 0, 1)
        else:
            ok = _compact(pred) == _compact(gold)
            out[name] = (1, 0, 0) if ok else (0, 1, 1)

    single("title", rec.title.text if rec.title else None, label.get("title"))
    single("doc_number", rec.doc_number.text if rec.doc_number else None, label.get("doc_number"))
    single("date", rec.date, label.get("date"))
    gold_iss = [str(x) for x in label.get("issuers") or []]
    pred_iss = [i.name for i in rec.issuers]
    tp = len(set(gold_iss) & set(pred_iss))
    out["issuers"] = (tp, len(set(pred_iss)) - tp, len(set(gold_iss)) - tp)
    gold_add = {_compact(a) for a in label.get("addressees") or []}
    pred_add = {_compact(a.text) for a in rec.addressees}
    tp = len(gold_add & pred_add)
    out["addressees"] = (tp, len(pred_add) - tp, len(gold_add) - tp)
    pred = [(t.span.start, t.span.end, t.deadline) for t in rec.targets]
    out["targets"] = match_targets(rec.text, pred, label.get("targets") or [])
    return out


def _confusion_png(y_true: list[Any], y_pred: list[Any], labels: list[Any], title: str, path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        from sklearn.metrics import ConfusionMatrixDisplay
    except ImportError:
        log.warning("matplotlib is not installed: no confusion-matrix PNG")
        return False
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ConfusionMatrixDisplay.from_predictions(
        y_true, y_pred, labels=labels, display_labels=[str(x) for x in labels], ax=ax, colorbar=False
    )
    ax.set_title(title)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def evaluate_corpus(
    corpus: Path,
    *,
    model_dir: Path | None = None,
    output_dir: Path | None = None,
    split: str = "test",
    labels_path: Path | None = None,
    use_pdf: bool = False,
    pdf_dir: Path | None = None,
    pipeline: Pipeline | None = None,
) -> dict[str, Any]:
    """Run the pipeline over a labelled corpus (the held-out split by default) and score it.

    A .jsonl file instead of a folder is a gold file of annotated cases: the rules alone are scored
    (see :mod:`evaluation.gold`)."""
    if Path(corpus).is_file() and labels_path is None:
        from .gold import evaluate_gold

        res = evaluate_gold(Path(corpus))
        if output_dir is not None:
            output_dir.mkdir(parents=True, exist_ok=True)
            (output_dir / "metrics.json").write_text(
                json.dumps(res, ensure_ascii=False, indent=2), encoding="utf-8"
            )
        return res
    from sklearn.metrics import classification_report, f1_score

    from training.corpus import find_labels, read_labels, split_of

    pipe = pipeline or Pipeline.load(model_dir)
    meta = pipe.classifier.meta
    cfg = meta.get("config", {})
    test_fraction = float(cfg.get("test_fraction", 0.2))
    seed = int(cfg.get("seed", 13))
    files = [labels_path] if labels_path else find_labels(corpus)
    rows = [r for f in files for r in read_labels(f)]
    if split != "all":
        rows = [
            r
            for r in rows
            if split_of(str(r.get("group") or r["id"]), test_fraction=test_fraction, seed=seed) == split
        ]
    if not rows:
        raise ValueError(f"no documents in the {split!r} split of {corpus}")

    from extractor.pipeline import stage_of_year

    y_stage: list[int] = []
    p_stage: list[int] = []
    p_stage_model: list[int] = []
    y_mc: list[bool] = []
    p_mc: list[bool] = []
    p_mc_model: list[bool] = []
    totals: dict[str, list[int]] = {}
    errors: list[dict[str, Any]] = []
    per_doc: list[dict[str, Any]] = []
    origins: list[str] = []
    by_origin_totals: dict[str, dict[str, list[int]]] = {}
    for row in rows:
        doc_id = str(row.get("id"))
        if use_pdf:
            path = (pdf_dir or corpus / "build" / "pdf") / f"{doc_id}.pdf"
        else:
            path = corpus / str(row.get("path") or f"docs/{doc_id}.txt")
        rec = pipe.process_file(path)
        if rec.error is not None:
            errors.append({"id": doc_id, **rec.error.to_dict()})
            continue
        assert rec.stage is not None and rec.medical_cloud is not None
        gold_stage = stage_of_year(int(str(row["date"])[:4])) if row.get("date") else int(row["stage"])
        y_stage.append(gold_stage)
        p_stage.append(int(rec.stage.label) if rec.stage.label is not None else -1)
        p_stage_model.append(int(rec.stage.model_label) if rec.stage.model_label is not None else -1)
        from extractor.rules.terms import medical_cloud_label

        gold_mc = (
            medical_cloud_label(rec.text)[0]
            if row.get("medical_cloud") is None
            else bool(row["medical_cloud"])
        )
        y_mc.append(gold_mc)
        p_mc.append(bool(rec.medical_cloud.label))
        p_mc_model.append(bool(rec.medical_cloud.model_label))
        scores = score_record(rec, row)
        origin = str(row.get("origin") or "unknown")
        origins.append(origin)
        for field, (tp, fp, fn) in scores.items():
            for t in (
                totals.setdefault(field, [0, 0, 0]),
                by_origin_totals.setdefault(origin, {}).setdefault(field, [0, 0, 0]),
            ):
                t[0] += tp
                t[1] += fp
                t[2] += fn
        per_doc.append({"id": doc_id, **{k: list(v) for k, v in scores.items()},
                        "stage": [gold_stage, p_stage[-1], p_stage_model[-1]]})  # fmt: skip

    n = len(y_stage)
    metrics: dict[str, Any] = {
        "corpus": str(corpus),
        "split": split,
        "input": "pdf" if use_pdf else "text",
        "documents": len(rows),
        "scored": n,
        "errors": errors,
        "model": {"name": meta.get("name"), "version": meta.get("version")},
    }
    if n:
        labels = sorted(set(y_stage) | set(p_stage) | set(p_stage_model))
        metrics["stage_reported"] = {
            "macro_f1": round(
                float(f1_score(y_stage, p_stage, average="macro", labels=sorted(set(y_stage)))), 4
            ),
            "report": classification_report(
                y_stage, p_stage, labels=labels, output_dict=True, zero_division=0
            ),
        }
        metrics["stage_model_only"] = {
            "macro_f1": round(
                float(f1_score(y_stage, p_stage_model, average="macro", labels=sorted(set(y_stage)))), 4
            ),
            "report": classification_report(
                y_stage, p_stage_model, labels=labels, output_dict=True, zero_division=0
            ),
        }
        metrics["medical_cloud"] = {
            "f1": round(float(f1_score(y_mc, p_mc, zero_division=0)), 4),
            "model_f1": round(float(f1_score(y_mc, p_mc_model, zero_division=0)), 4),
        }
        metrics["extraction"] = {k: prf(*v) for k, v in sorted(totals.items())}
        metrics["extraction"]["date"]["accuracy"] = round(totals["date"][0] / n, 4)
        metrics["by_origin"] = {}
        for origin in sorted(set(origins)):
            idx = [i for i, o in enumerate(origins) if o == origin]
            ys = [y_stage[i] for i in idx]
            metrics["by_origin"][origin] = {
                "documents": len(idx),
                "stage_reported_macro_f1": round(
                    float(f1_score(ys, [p_stage[i] for i in idx], average="macro", labels=sorted(set(ys)))), 4
                ),
                "stage_model_only_macro_f1": round(
                    float(
                        f1_score(ys, [p_stage_model[i] for i in idx], average="macro", labels=sorted(set(ys)))
                    ),
                    4,
                ),
                "medical_cloud_model_f1": round(
                    float(f1_score([y_mc[i] for i in idx], [p_mc_model[i] for i in idx], zero_division=0)), 4
                ),
                "extraction_f1": {k: prf(*v)["f1"] for k, v in sorted(by_origin_totals[origin].items())},
                "date_accuracy": round(by_origin_totals[origin]["date"][0] / len(idx), 4),
            }
    if output_dir is not None:
        output_dir.mkdir(parents=True, exist_ok=True)
        (output_dir / "metrics.json").write_text(
            json.dumps(metrics, ensure_ascii=False, indent=2), encoding="utf-8"
        )
        (output_dir / "per_document.jsonl").write_text(
            "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in per_doc), encoding="utf-8"
        )
        if n:
            _confusion_png(
                y_stage,
                p_stage,
                [0, 1, 2, 3],
                "stage (reported)",
                output_dir / "confusion_stage_reported.png",
            )
            _confusion_png(
                y_stage,
                p_stage_model,
                [0, 1, 2, 3],
                "stage (model only)",
                output_dir / "confusion_stage_model.png",
            )
            _confusion_png(
                y_mc,
                p_mc_model,
                [False, True],
                "medical_cloud (model)",
                output_dir / "confusion_medical_cloud.png",
            )
    return metrics
