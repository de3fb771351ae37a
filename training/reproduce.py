"""Retrain the shipped model from the corpus and check that the metrics come out the same.

    python -m training.reproduce [--corpus corpus] [--model models/policy-clf-1.0.0]

Prints whether the corpus hash and every cross-validation and test figure in the new model.json equal
the shipped ones (the model file's bytes may differ: pickling is not byte-stable). Exit code 0 when they
do, 1 when they do not. Takes about two minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from .train import TrainConfig, train_model


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=Path("corpus"))
    ap.add_argument("--model", type=Path, default=Path("models/policy-clf-1.0.0"))
    args = ap.parse_args()
    shipped = json.loads((args.model / "model.json").read_text(encoding="utf-8"))
    cfg = {k: v for k, v in shipped["config"].items() if k in TrainConfig.__dataclass_fields__}
    if "char_ngram" in cfg:
        cfg["char_ngram"] = tuple(cfg["char_ngram"])
    with tempfile.TemporaryDirectory() as tmp:
        new = train_model(args.corpus, out_dir=Path(tmp) / "model", config=TrainConfig(**cfg))
    same_corpus = new["corpus"]["sha256"] == shipped["corpus"]["sha256"]
    same_metrics = new["metrics"] == shipped["metrics"]
    same_choice = new["tasks"] == shipped["tasks"]
    print(
        json.dumps(
            {"corpus_sha256_equal": same_corpus, "metrics_equal": same_metrics, "tasks_equal": same_choice}
        )
    )
    return 0 if same_corpus and same_metrics and same_choice else 1


if __name__ == "__main__":
    sys.exit(main())
