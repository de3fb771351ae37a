"""Training and evaluation end to end on a small corpus in a temporary folder."""

import pytest

from evaluation.evaluate import evaluate_corpus
from extractor.classify import load_model
from training.corpus import load_corpus, split_of
from training.train import TrainConfig, train_model

from .conftest import make_small_corpus


@pytest.fixture(scope="module")
def small_corpus(tmp_path_factory):
    """Forty documents of the project's corpus, spread over the stages, copied with their labels."""
    return make_small_corpus(tmp_path_factory.mktemp("corpus"), per_stage=10)


def test_split_is_deterministic_and_by_group():
    assert split_of("g1") == split_of("g1")
    sides = {split_of(f"g{i}") for i in range(200)}
    assert sides == {"train", "test"}


def test_train_and_evaluate_small_corpus(small_corpus, tmp_path):
    cfg = TrainConfig(
        compare=True,
        candidates={
            "stage": [("word", "logreg"), ("char", "svm")],
            "medical_cloud": [("word+terms", "logreg")],
        },
        cv_folds=3,
        version="0.0.1",
        test_fraction=0.25,
    )
    out = tmp_path / "model"
    meta = train_model(small_corpus, out_dir=out, config=cfg)
    for name in ("model.joblib", "model.json", "MODEL_CARD.md", "userdict.txt"):
        assert (out / name).exists(), name
    assert meta["corpus"]["documents"] == 40
    assert len(meta["metrics"]["cv"]["stage"]) == 2
    assert len(meta["metrics"]["cv"]["medical_cloud"]) == 1
    assert "stage" in meta["metrics"]["test"]
    clf = load_model(out)  # sha256 verified
    assert clf.version == "0.0.1"

    metrics = evaluate_corpus(small_corpus, model_dir=out, output_dir=tmp_path / "eval", split="all")
    assert metrics["scored"] == 40
    assert 0.0 <= metrics["stage_model_only"]["macro_f1"] <= 1.0
    assert metrics["stage_reported"]["macro_f1"] >= metrics["stage_model_only"]["macro_f1"] - 0.05
    assert {"issuers", "date", "targets", "title", "doc_number"} <= set(metrics["extraction"])
    assert (tmp_path / "eval" / "metrics.json").exists()
    assert (tmp_path / "eval" / "confusion_stage_model.png").exists()

    # Retraining with the same configuration reproduces the same metrics (seeded, deterministic).
    again = train_model(small_corpus, out_dir=tmp_path / "model2", config=cfg)
    assert again["metrics"] == meta["metrics"]


def test_corpus_reader_recomputes_medical_cloud(small_corpus):
    docs = load_corpus(small_corpus)
    assert len(docs) == 40
    assert all(d.text for d in docs)
