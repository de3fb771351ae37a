"""Train the stage and medical_cloud classifiers and write a versioned model directory.

Deterministic (seeded). The held-out test split (by group, see :func:`training.corpus.split_of`) is never
seen by model selection or fitting; cross-validation on the training split is grouped
(StratifiedGroupKFold), so documents from one template or about one policy never sit on both sides.
Candidates compared: jieba-word / character n-gram / both features, with and without the domain
dictionary, x logistic regression / calibrated linear SVM. The best per task (by CV) is refitted on the
whole training split and scored once on the test split; all figures go into model.json and MODEL_CARD.md.
"""

from __future__ import annotations

import json
import logging
import platform
import time
from dataclasses import asdict, dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any

import numpy as np

from extractor.classify import TermFeatures, YearFeatures, file_sha256, is_trusted_type, mask_dates_all
from extractor.segment import JiebaTokenizer, default_userdict

from .corpus import CorpusDoc, corpus_sha256, load_corpus

log = logging.getLogger(__name__)

__all__ = ["TrainConfig", "build_pipeline", "train_model"]

STAGE_LABELS = [0, 1, 2, 3]


@dataclass
class TrainConfig:
    name: str = "policy-clf"
    version: str = "1.0.0"
    seed: int = 13
    test_fraction: float = 0.2
    cv_folds: int = 5
    compare: bool = True  # run the feature/model comparison; False: fit `features` + `model` directly
    features: str = "word+char"  # word | char | word+char | word-nodict
    model: str = "logreg"  # logreg | svm
    C: float = 10.0
    char_ngram: tuple[int, int] = (1, 2)
    max_features_word: int = 40000
    max_features_char: int = 40000
    min_df: int = 2
    hmm: bool = False
    tie_margin: float = 0.005  # CV scores this close count as a tie, won by the simpler candidate
    # Candidates per task: (features, model family). Ablations (words vs characters vs both, with and
    # without the domain dictionary, two model families) are part of every comparison.
    candidates: dict[str, list[tuple[str, str]]] = field(
        default_factory=lambda: {
            "stage": [
                ("word", "logreg"),
                ("word-nodict", "logreg"),
                ("char", "logreg"),
                ("word+char", "logreg"),
                ("word", "svm"),
                ("word+char", "svm"),
                ("word+years", "logreg"),
                ("word+char+years", "logreg"),
                ("word+years", "svm"),
            ],
            "medical_cloud": [
                ("word", "logreg"),
                ("word-nodict", "logreg"),
                ("char", "logreg"),
                ("word", "svm"),
                ("word+terms", "logreg"),
                ("char+terms", "logreg"),
            ],
        }
    )

    @classmethod
    def from_file(cls, path: Path) -> TrainConfig:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        if "char_ngram" in data:
            data["char_ngram"] = tuple(data["char_ngram"])
        if "candidates" in data:
            data["candidates"] = {t: [tuple(c) for c in v] for t, v in data["candidates"].items()}
        return cls(**data)


class _CachedTokenizer:
    """Cross-validation only: tokenise each distinct text once across all folds and candidates."""

    def __init__(self, tok: JiebaTokenizer) -> None:
        self.tok = tok
        self.cache: dict[str, list[str]] = {}

    def __call__(self, text: str) -> list[str]:
        out = self.cache.get(text)
        if out is None:
            out = self.cache[text] = self.tok(text)
        return out


def build_pipeline(config: TrainConfig, *, features: str, model: str, tokenizer: Any = None) -> Any:
    """mask dates -> TF-IDF features (words, characters or both) -> classifier, as one sklearn Pipeline."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    kinds = features.split("+")
    unknown = set(kinds) - {"word", "word-nodict", "char", "terms", "years"}
    if unknown:
        raise ValueError(f"unknown feature kind(s) {sorted(unknown)} in {features!r}")
    parts: list[tuple[str, Any]] = []
    for kind in kinds:
        if kind in ("word", "word-nodict"):
            tok = tokenizer
            if tok is None:
                tok = JiebaTokenizer(userdict="" if kind == "word-nodict" else None, hmm=config.hmm)
            vec = TfidfVectorizer(
                tokenizer=tok,
                token_pattern=None,
                lowercase=False,
                sublinear_tf=True,
                min_df=config.min_df,
                max_features=config.max_features_word,
            )
            parts.append(("word", vec))
        elif kind == "char":
            vec = TfidfVectorizer(
                analyzer="char",
                ngram_range=tuple(config.char_ngram),
                sublinear_tf=True,
                min_df=config.min_df,
                max_features=config.max_features_char,
            )
            parts.append(("char", vec))
        elif kind == "years":
            parts.append(("years", YearFeatures()))
        else:
            parts.append(("terms", TermFeatures()))
    if model == "logreg":
        clf: Any = LogisticRegression(
            C=config.C, max_iter=3000, class_weight="balanced", random_state=config.seed
        )
    elif model == "svm":
        clf = CalibratedClassifierCV(
            LinearSVC(C=config.C / 10, class_weight="balanced", random_state=config.seed), cv=3
        )
    else:
        raise ValueError(f"unknown model family {model!r}")
    return Pipeline(
        [
            ("mask_dates", FunctionTransformer(mask_dates_all)),
            ("features", FeatureUnion(parts)),
            ("clf", clf),
        ]
    )


def _scores(task: str, y_true: list[Any], y_pred: list[Any]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    if task == "stage":
        return {
            "macro_f1": round(
                float(f1_score(y_true, y_pred, average="macro", labels=sorted(set(y_true)))), 4
            ),
            "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        }
    return {
        "f1": round(float(f1_score(y_true, y_pred, pos_label=True, zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
    }


def _targets(docs: list[CorpusDoc], task: str) -> list[Any]:
    return [d.stage if task == "stage" else d.medical_cloud for d in docs]


def _cross_validate(
    config: TrainConfig, docs: list[CorpusDoc], task: str, features: str, model: str, caches: dict[str, Any]
) -> dict[str, float]:
    from sklearn.model_selection import StratifiedGroupKFold

    y = np.array(_targets(docs, task))
    groups = [d.group for d in docs]
    texts = [d.text for d in docs]
    n_groups = len(set(groups))
    min_class = min(np.unique(y, return_counts=True)[1])
    folds = max(2, min(config.cv_folds, n_groups, int(min_class)))
    cv = StratifiedGroupKFold(n_splits=folds, shuffle=True, random_state=config.seed)
    preds: list[Any] = [None] * len(docs)
    key = "nodict" if "word-nodict" in features.split("+") else "dict"
    tok = caches.setdefault(key, _CachedTokenizer(JiebaTokenizer(userdict="" if key == "nodict" else None)))
    for train_idx, test_idx in cv.split(texts, y, groups):
        pipe = build_pipeline(config, features=features, model=model, tokenizer=tok)
        pipe.fit([texts[i] for i in train_idx], y[train_idx])
        for i, p in zip(test_idx, pipe.predict([texts[i] for i in test_idx]), strict=True):
            preds[i] = p.item() if hasattr(p, "item") else p
    scores = _scores(task, list(y.tolist()), preds)
    scores["folds"] = folds
    return scores


def _strip_for_saving(pipe: Any) -> None:
    """Drop what only serves introspection (``stop_words_`` keeps every pruned term: it bloats the file)."""
    for _, vec in pipe.named_steps["features"].transformer_list:  # TermFeatures has no stop_words_
        if hasattr(vec, "stop_words_"):
            delattr(vec, "stop_words_")


def train_model(
    corpus: Path,
    *,
    out_dir: Path | None = None,
    config: TrainConfig | None = None,
    fmt: str = "joblib",
    labels_path: Path | None = None,
    docs: list[CorpusDoc] | None = None,
) -> dict[str, Any]:
    """Train on ``corpus`` and write the model directory; returns the model.json contents."""
    config = config or TrainConfig()
    t0 = time.time()
    if docs is None:
        docs = load_corpus(
            corpus, labels_path=labels_path, test_fraction=config.test_fraction, seed=config.seed
        )
    train = [d for d in docs if d.split == "train"]
    test = [d for d in docs if d.split == "test"]
    if len(train) < 8:
        raise ValueError(f"only {len(train)} training documents: too few to train on")
    log.info("corpus: %d documents, %d train, %d test", len(docs), len(train), len(test))

    comparison: dict[str, list[dict[str, Any]]] = {"stage": [], "medical_cloud": []}
    timing: dict[str, float] = {}
    chosen: dict[str, tuple[str, str]] = {}
    caches: dict[str, Any] = {}
    for task in ("stage", "medical_cloud"):
        if config.compare:
            scored: list[tuple[float, int, str, str]] = []
            for order, (features, model) in enumerate(config.candidates[task]):
                t_start = time.time()
                s = _cross_validate(config, train, task, features, model, caches)
                timing[f"{task}:{features}/{model}"] = round(time.time() - t_start, 1)
                comparison[task].append({"features": features, "model": model, **s})
                key = s["macro_f1"] if task == "stage" else s["f1"]
                log.info("%s %s/%s: %s", task, features, model, s)
                scored.append((key, order, features, model))
            # The best by CV; among candidates within `tie_margin` of it, the one with the fewest feature
            # kinds (cheaper to run and to load), then the earliest listed.
            top = max(k for k, *_ in scored)
            near = [c for c in scored if c[0] >= top - config.tie_margin]
            _, _, features, model = min(near, key=lambda c: (len(c[2].split("+")), c[1]))
            chosen[task] = (features, model)
        else:
            chosen[task] = (config.features, config.model)
            s = _cross_validate(config, train, task, config.features, config.model, caches)
            comparison[task].append({"features": config.features, "model": config.model, **s})

    models: dict[str, Any] = {}
    test_metrics: dict[str, Any] = {}
    for task in ("stage", "medical_cloud"):
        features, model = chosen[task]
        pipe = build_pipeline(config, features=features, model=model)
        pipe.fit([d.text for d in train], _targets(train, task))
        _strip_for_saving(pipe)
        models[task] = pipe
        if test:
            pred = [p.item() if hasattr(p, "item") else p for p in pipe.predict([d.text for d in test])]
            test_metrics[task] = _scores(task, _targets(test, task), pred)

    out = Path(out_dir) if out_dir else corpus.parent / "models" / f"{config.name}-{config.version}"
    out.mkdir(parents=True, exist_ok=True)
    artifact = out / ("model.skops" if fmt == "skops" else "model.joblib")
    trusted: list[str] = []
    if fmt == "skops":
        import skops.io as sio

        sio.dump(models, artifact)
        found = sio.get_untrusted_types(file=artifact)
        trusted = sorted(t for t in found if is_trusted_type(t))
        untrusted = sorted(t for t in found if not is_trusted_type(t))
        if untrusted:
            artifact.unlink()
            raise ValueError(
                f"the model holds types outside this project and scikit-learn: {untrusted} "
                "(loading would refuse them: add a project type to extractor.classify.PROJECT_TYPES)"
            )
    else:
        import joblib

        joblib.dump(models, artifact, compress=3)
    (out / "userdict.txt").write_text(default_userdict(), encoding="utf-8")

    def count(key: str) -> dict[str, int]:
        c: dict[str, int] = {}
        for d in docs:
            v = str(
                d.stage if key == "stage" else d.medical_cloud if key == "medical_cloud" else d.label.get(key)
            )
            c[v] = c.get(v, 0) + 1
        return dict(sorted(c.items()))

    meta: dict[str, Any] = {
        "name": config.name,
        "version": config.version,
        "artifact": artifact.name,
        "sha256": file_sha256(artifact),
        "size_bytes": artifact.stat().st_size,
        "trusted_types": trusted,
        "labels": {
            "stage": {
                str(k): v
                for k, v in {0: "起步前", 1: "重点发展阶段", 2: "大力发展阶段", 3: "产业发展阶段"}.items()
            },
            "medical_cloud": [False, True],
        },
        "tasks": {t: {"features": chosen[t][0], "model": chosen[t][1]} for t in chosen},
        "config": {k: v for k, v in asdict(config).items() if k != "candidates"},
        "versions": {
            "python": platform.python_version(),
            "scikit-learn": version("scikit-learn"),
            "jieba": version("jieba"),
            "numpy": version("numpy"),
            "policy-extractor": version("policy-extractor") if _has_dist() else "dev",
        },
        "corpus": {
            "path": str(corpus),
            "sha256": corpus_sha256(docs),
            "documents": len(docs),
            "train": len(train),
            "test": len(test),
            "by_stage": count("stage"),
            "by_medical_cloud": count("medical_cloud"),
            "by_level": count("level"),
            "by_origin": count("origin"),
        },
        "userdict_sha256": JiebaTokenizer().dict_sha256,
        "metrics": {"cv": comparison, "test": test_metrics},
        "train_seconds": round(time.time() - t0, 1),
        "cv_seconds": timing,
    }
    (out / "model.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    from .card import write_model_card

    write_model_card(out)
    return meta


def _has_dist() -> bool:
    try:
        version("policy-extractor")
        return True
    except Exception:
        return False
