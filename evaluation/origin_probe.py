"""Can a classifier tell generated corpus documents from hand-written ones?

    python -m evaluation.origin_probe corpus [corpus/build/generated] [--folds 5]

(the generated documents live in a corpus of their own: ``python corpus/generate.py``)

Trains the project's own feature pipelines (jieba words + character n-grams, logistic regression) to
predict ``origin`` (hand vs generated) with grouped, stratified cross-validation, and prints ROC AUC and
balanced accuracy. 0.5 means the two cannot be told apart; corpus/README.md quotes the figure. Also
prints the features that give generated documents away most, as a to-do list for the pool.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any


def probe(corpus: Path | list[Path], *, folds: int = 5, seed: int = 13) -> dict[str, Any]:
    import numpy as np
    from sklearn.metrics import balanced_accuracy_score, roc_auc_score
    from sklearn.model_selection import StratifiedGroupKFold

    from training.corpus import load_corpus
    from training.train import TrainConfig, build_pipeline

    corpora = [corpus] if isinstance(corpus, Path) else corpus
    docs = [d for c in corpora for d in load_corpus(c) if d.label.get("origin") in ("hand", "generated")]
    y = np.array([1 if d.label.get("origin") == "generated" else 0 for d in docs])
    groups = [d.group for d in docs]
    texts = [d.text for d in docs]
    cfg = TrainConfig()
    scores = np.zeros(len(docs))
    cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=seed)
    for tr, te in cv.split(texts, y, groups):
        pipe = build_pipeline(cfg, features="word+char", model="logreg")
        pipe.fit([texts[i] for i in tr], y[tr])
        scores[te] = pipe.predict_proba([texts[i] for i in te])[:, 1]
    pipe = build_pipeline(cfg, features="word", model="logreg")
    pipe.fit(texts, y)
    vec = pipe.named_steps["features"].transformer_list[0][1]
    coef = pipe.named_steps["clf"].coef_[0]
    names = vec.get_feature_names_out()
    order = np.argsort(coef)
    return {
        "documents": len(docs),
        "generated": int(y.sum()),
        "hand": int(len(y) - y.sum()),
        "roc_auc": round(float(roc_auc_score(y, scores)), 4),
        "balanced_accuracy": round(float(balanced_accuracy_score(y, scores >= 0.5)), 4),
        "most_generated_like": [str(names[i]) for i in order[::-1][:25]],
        "most_hand_like": [str(names[i]) for i in order[:25]],
    }


def main() -> None:
    ap = argparse.ArgumentParser(description="Tell generated from hand-written corpus documents")
    ap.add_argument("corpus", type=Path, nargs="+")
    ap.add_argument("--folds", type=int, default=5)
    args = ap.parse_args()
    print(json.dumps(probe(args.corpus, folds=args.folds), ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
