"""The classifiers: a versioned model directory loaded once, checked, and applied to normalised text.

A model directory (models/policy-clf-X.Y.Z/) holds:

* ``model.joblib`` — ``{"stage": Pipeline, "medical_cloud": Pipeline}``, scikit-learn pipelines
  (date masking -> features -> classifier) whose tokenizer is :class:`extractor.segment.JiebaTokenizer`;
* ``model.json`` — labels, training configuration, library versions, corpus hash and counts, metrics and
  the sha256 of model.joblib, which :func:`load_model` checks before unpickling anything;
* ``MODEL_CARD.md`` (generated from model.json) and ``userdict.txt`` (the dictionary it was trained with).

A model file is code: unpickling runs it. Load only model directories you trust; the sha256 check guards
against a damaged or swapped file, not against a hostile author (who can write model.json too). The skops
format (``model.skops``, ``policy-extract train --format skops``) is the safe way to share a model: loading
it constructs only this project's model parts and scikit-learn's classes (:func:`is_trusted_type`),
whatever model.json claims, and refuses a file that names anything else.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import threading
import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from itertools import repeat
from pathlib import Path
from typing import Any

from .errors import ModelError

__all__ = [
    "Classifier",
    "Prediction",
    "TermFeatures",
    "YearFeatures",
    "default_model_dir",
    "file_sha256",
    "load_model",
    "mask_dates",
    "mask_dates_all",
]

log = logging.getLogger(__name__)

# Dates masked before the stage model sees the text, so it learns the era's language, not the date.
_CN_DIGIT = "〇○零OＯ一二三四五六七八九十"
_DATE_PATTERNS = re.compile(
    r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?"
    rf"|[二一][{_CN_DIGIT}]{{3}}年[{_CN_DIGIT}]{{1,2}}月(?:[{_CN_DIGIT}]{{1,3}}日)?"
    r"|(?:19|20)\d{2}[-./]\d{1,2}[-./]\d{1,2}"
)
DATE_MASK = "某年某月某日"


def mask_dates(text: str) -> str:
    """Replace every full or month date (2015年3月6日, 二〇一五年三月六日, 2015-03-06, 2015年3月) by a mask."""
    return _DATE_PATTERNS.sub(DATE_MASK, text)


def mask_dates_all(texts: Iterable[str]) -> list[str]:
    """:func:`mask_dates` over a batch (the first step of every shipped pipeline)."""
    return [mask_dates(t) for t in texts]


class TermFeatures:
    """Stateless sklearn transformer: presence of each LABELS.md medical and cloud term, and of both.

    Gives the medical_cloud model the rule's own evidence as features; picklable (no state but the
    term lists, read from the package data on first use)."""

    def fit(self, X: Any, y: Any = None) -> TermFeatures:
        return self

    def transform(self, X: Iterable[str]) -> Any:
        import numpy as np
        from scipy.sparse import csr_matrix

        return csr_matrix(np.array([self.row(text) for text in X], dtype=np.float64))

    def row(self, text: str) -> list[float]:
        """The features of one text."""
        from .rules.terms import term_lists

        medical, cloud = term_lists()
        med = [1.0 if t in text else 0.0 for t in medical]
        cl = [1.0 if t in text else 0.0 for t in cloud]
        any_med, any_cloud = float(any(med)), float(any(cl))
        return [*med, *cl, any_med, any_cloud, any_med * any_cloud]

    def fit_transform(self, X: Iterable[str], y: Any = None) -> Any:
        return self.transform(X)

    def get_feature_names_out(self, input_features: Any = None) -> Any:
        import numpy as np

        from .rules.terms import term_lists

        medical, cloud = term_lists()
        return np.array(
            [*(f"med:{t}" for t in medical), *(f"cloud:{t}" for t in cloud), "any_med", "any_cloud", "both"]
        )


_BRACKET_YEAR = re.compile(r"〔((?:19|20)\d{2})〕")
_YEAR_MENTION = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")
_PLAN_NAMES = ("十五", "十一五", "十二五", "十三五", "十四五", "十五五")


def _stage_bin(year: int) -> int:
    return 0 if year < 2010 else 1 if year <= 2015 else 2 if year <= 2020 else 3


class YearFeatures:
    """Stateless sklearn transformer: what the years written in the text say about its era.

    The latest year inside any 文号 bracket (〔2015〕: a document cites only what came before it, and its
    own 文号 carries its year), the earliest and latest years written as "YYYY年" (targets and look-backs),
    and which five-year plans are named — each as one-hot stage bins, so a linear model can weigh them.
    Dates are masked before this step, so a 成文日期 never reaches it."""

    def fit(self, X: Any, y: Any = None) -> YearFeatures:
        return self

    def transform(self, X: Iterable[str]) -> Any:
        import numpy as np
        from scipy.sparse import csr_matrix

        return csr_matrix(np.array([self.row(text) for text in X], dtype=np.float64))

    def row(self, text: str) -> list[float]:
        """The features of one text."""
        row = [0.0] * 18
        brackets = [int(y) for y in _BRACKET_YEAR.findall(text) if 1990 <= int(y) <= 2035]
        mentions = [int(y) for y in _YEAR_MENTION.findall(text) if 1990 <= int(y) <= 2050]
        if brackets:
            row[_stage_bin(max(brackets))] = 1.0
        if mentions:
            row[4 + _stage_bin(min(mentions))] = 1.0
            row[8 + _stage_bin(max(mentions) - 1)] = 1.0
        for i, plan in enumerate(_PLAN_NAMES):
            if plan in text:
                row[12 + i] = 1.0
        return row

    def fit_transform(self, X: Iterable[str], y: Any = None) -> Any:
        return self.transform(X)

    def get_feature_names_out(self, input_features: Any = None) -> Any:
        import numpy as np

        names = [f"bracket_max:{i}" for i in range(4)] + [f"year_min:{i}" for i in range(4)]
        names += [f"year_max:{i}" for i in range(4)] + [f"plan:{p}" for p in _PLAN_NAMES]
        return np.array(names)


def file_sha256(path: str | Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def default_model_dir() -> Path:
    """The model shipped with the project: $POLICY_EXTRACTOR_MODEL if set, else the newest
    models/policy-clf-*/ beside the package (the repository's models/, or the installed copy)."""
    env = os.environ.get("POLICY_EXTRACTOR_MODEL")
    if env:
        return Path(env)
    root = Path(__file__).resolve().parent.parent / "models"
    candidates = sorted(
        (p for p in root.glob("policy-clf-*") if (p / "model.json").exists()),
        key=lambda p: tuple(int(x) if x.isdigit() else 0 for x in p.name.rsplit("-", 1)[-1].split(".")),
    )
    if not candidates:
        raise ModelError(
            f"no model found in {root}; pass a model directory (--model DIR) or train one with "
            "`policy-extract train CORPUS --out DIR`"
        )
    return candidates[-1]


@dataclass(frozen=True)
class Prediction:
    stage: int
    stage_probability: float
    medical_cloud: bool
    medical_cloud_probability: float


class Classifier:
    """The loaded model: ``predict(texts)`` for both tasks. Thread-safe for prediction."""

    def __init__(self, models: dict[str, Any], meta: dict[str, Any], path: Path | None) -> None:
        self.models = models
        self.meta = meta
        self.path = path

    def _linear(self) -> tuple[LinearPath, LinearPath] | None:
        """Both models as :class:`LinearPath` (built once), or None when either has another shape (or
        ``POLICY_LINEAR_PATH=0``): then scikit-learn predicts."""
        if "_linear_paths" not in self.__dict__:
            stage = LinearPath.build(self.models["stage"])
            mc = LinearPath.build(self.models["medical_cloud"])
            self.__dict__["_linear_paths"] = (stage, mc) if stage is not None and mc is not None else None
        if os.environ.get("POLICY_LINEAR_PATH", "1") == "0":
            return None
        paths: tuple[LinearPath, LinearPath] | None = self.__dict__["_linear_paths"]
        return paths

    def _pair(self, linear: tuple[LinearPath, LinearPath]) -> LinearPair | None:
        """Both models over one token table when they tokenise alike (built once)."""
        if "_linear_pair" not in self.__dict__:
            with _LOAD_LOCK:
                if "_linear_pair" not in self.__dict__:
                    self.__dict__["_linear_pair"] = (
                        LinearPair(linear) if linear[0].same_tokens(linear[1]) else None
                    )
        pair: LinearPair | None = self.__dict__["_linear_pair"]
        return pair

    @property
    def name(self) -> str:
        return str(self.meta.get("name", "policy-clf"))

    @property
    def version(self) -> str:
        return str(self.meta.get("version", "0"))

    def predict(self, texts: Sequence[str]) -> list[Prediction]:
        if not texts:
            return []
        stage_model = self.models["stage"]
        mc_model = self.models["medical_cloud"]
        linear = self._linear()
        if linear is not None:
            import numpy as np

            pair = self._pair(linear)
            sp_rows, mp_rows = [], []
            for t in texts:
                masked = mask_dates(t)
                if pair is not None:
                    s_row, m_row = pair.probas(masked, linear[0].tokenizer.counts(masked))
                else:
                    s_row, m_row = linear[0].proba(masked), linear[1].proba(masked)
                sp_rows.append(s_row)
                mp_rows.append(m_row)
            sp, mp = np.array(sp_rows), np.array(mp_rows)
        else:
            from sklearn import config_context

            # The models were validated when trained; per-call checks of parameters and of finite inputs
            # cost more than the prediction on one document (the numbers are the same without them).
            with config_context(assume_finite=True, skip_parameter_validation=True):
                sp = _predict_proba(stage_model, list(texts))
                mp = _predict_proba(mc_model, list(texts))
        s_classes = [int(c) for c in stage_model.classes_]
        m_classes = [bool(c) for c in mc_model.classes_]
        out = []
        for i in range(len(texts)):
            j = int(sp[i].argmax())
            p_true = float(mp[i][m_classes.index(True)]) if True in m_classes else 0.0
            out.append(
                Prediction(
                    stage=s_classes[j],
                    stage_probability=round(float(sp[i][j]), 4),
                    medical_cloud=p_true >= 0.5,
                    medical_cloud_probability=round(p_true, 4),
                )
            )
        return out


def _predict_proba(model: Any, texts: list[str]) -> Any:
    """``model.predict_proba(texts)``, computed step by step for this project's own pipeline shape
    (mask dates -> FeatureUnion -> classifier): the same transforms and the same horizontal stack as
    scikit-learn's Pipeline and FeatureUnion, without their per-call machinery (metadata routing, output
    wrappers, a joblib call per union), which costs more than the prediction itself on one document.
    Any other shape goes through ``predict_proba``. tests/test_classify.py checks the two agree."""
    from scipy import sparse
    from sklearn.pipeline import FeatureUnion, Pipeline
    from sklearn.preprocessing import FunctionTransformer

    steps = getattr(model, "steps", None) if isinstance(model, Pipeline) else None
    if (
        steps is None
        or len(steps) != 3
        or not isinstance(steps[0][1], FunctionTransformer)
        or steps[0][1].kw_args
        or not isinstance(steps[1][1], FeatureUnion)
        or steps[1][1].transformer_weights
        or any(t in ("drop", "passthrough") for _, t in steps[1][1].transformer_list)
    ):
        return model.predict_proba(texts)
    masked = steps[0][1].func(texts)
    blocks = [t.transform(masked) for _, t in steps[1][1].transformer_list]
    if any(sparse.issparse(b) for b in blocks):
        features = sparse.hstack(blocks).tocsr()
    else:
        import numpy as np

        features = np.hstack(blocks)
    return steps[2][1].predict_proba(features)


class LinearPath:
    """One shipped model — date masking -> FeatureUnion(TF-IDF over words, stateless blocks) -> logistic
    regression — applied to one document with the fitted numbers and no scikit-learn call per document.

    scikit-learn's transform and predict_proba validate, wrap and convert at every call: for one document
    that costs several times the arithmetic. This holds the fitted arrays; :class:`LinearPair` does the
    same arithmetic on them (counts of the vocabulary's tokens; 1 + log for sublinear tf; times idf; l2
    norm; the blocks side by side; the linear decision; softmax, or the logistic function for two
    classes). Summation
    order differs, so the probabilities agree to rounding error (tests/test_classify.py checks 1e-9 and
    equal labels and rounded probabilities over the corpus). :meth:`build` returns None for any other
    shape, and the caller lets scikit-learn predict.
    """

    def __init__(
        self,
        tokenizer: Any,
        vocabulary: dict[str, int],
        idf: Any,
        sublinear: bool,
        blocks: list[tuple[int, Any]],
        coef: Any,
        intercept: Any,
    ) -> None:
        self.tokenizer = tokenizer
        self.vocabulary = vocabulary
        self.idf = idf
        self.sublinear = sublinear
        self.blocks = blocks  # (column offset, transformer with .row(text))
        self.coef = coef
        self.intercept = intercept

    @classmethod
    def build(cls, model: Any) -> LinearPath | None:
        import numpy as np
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import FeatureUnion, Pipeline
        from sklearn.preprocessing import FunctionTransformer

        steps = getattr(model, "steps", None) if isinstance(model, Pipeline) else None
        if steps is None or len(steps) != 3:
            return None
        mask, union, clf = (s[1] for s in steps)
        if (
            not isinstance(mask, FunctionTransformer)
            or mask.func is not mask_dates_all
            or mask.kw_args
            or not isinstance(union, FeatureUnion)
            or union.transformer_weights
            or type(clf) is not LogisticRegression
            or not hasattr(clf, "coef_")
        ):
            return None
        parts = [t for _, t in union.transformer_list]
        vec = parts[0]
        if (
            type(vec) is not TfidfVectorizer
            or vec.analyzer != "word"
            or vec.input != "content"
            or vec.ngram_range != (1, 1)
            or vec.lowercase
            or vec.preprocessor is not None
            or vec.stop_words is not None
            or vec.strip_accents is not None
            or vec.binary
            or vec.norm != "l2"
            or not vec.use_idf
            or vec.dtype is not np.float64
            or not callable(vec.tokenizer)
            or not hasattr(vec, "idf_")
        ):
            return None
        offset = len(vec.vocabulary_)
        blocks: list[tuple[int, Any]] = []
        for t in parts[1:]:
            if type(t) not in (YearFeatures, TermFeatures):
                return None
            blocks.append((offset, t))
            offset += len(t.get_feature_names_out())
        coef = np.ascontiguousarray(clf.coef_, dtype=np.float64)
        if coef.shape[1] != offset or len(clf.classes_) < 2:
            return None
        return cls(
            vec.tokenizer,
            dict(vec.vocabulary_),
            np.asarray(vec.idf_, dtype=np.float64),
            bool(vec.sublinear_tf),
            blocks,
            coef,
            np.asarray(clf.intercept_, dtype=np.float64),
        )

    def same_tokens(self, other: LinearPath) -> bool:
        """Whether both tokenise alike (then one count of the tokens serves both)."""
        from .segment import JiebaTokenizer

        a, b = self.tokenizer, other.tokenizer
        return (
            isinstance(a, JiebaTokenizer)
            and isinstance(b, JiebaTokenizer)
            and a.__getstate__() == b.__getstate__()
        )

    def proba(self, masked: str) -> Any:
        """``predict_proba`` for one date-masked text (classes in the classifier's order): this model
        alone as a :class:`LinearPair` (its table built once)."""
        single: LinearPair | None = self.__dict__.get("_single")
        if single is None:
            single = self.__dict__["_single"] = LinearPair((self,))
        return single.probas(masked, Counter(self.tokenizer(masked)))[0]


class LinearPair:
    """:class:`LinearPath` models that tokenise alike, applied together: one table row per token
    of their joint vocabulary holding each model's idf and class weights side by side, so a document's
    tokens are looked up once and each token's numbers sit together in memory (the models' own weight
    matrices are tens of thousands of columns wide: gathering a few hundred scattered columns from each
    was most of the cost). A model's idf is 0 in the row of
    a token outside its vocabulary, which then adds nothing to its norm or its decision."""

    def __init__(self, paths: Sequence[LinearPath]) -> None:
        import numpy as np

        self.paths = tuple(paths)
        vocab: dict[str, int] = {}
        for p in self.paths:
            for tok in p.vocabulary:
                vocab.setdefault(tok, len(vocab))
        width = sum(1 + p.coef.shape[0] for p in self.paths)
        table = np.zeros((len(vocab), width), dtype=np.float64)
        self.columns: list[tuple[int, int]] = []
        col = 0
        for p in self.paths:
            k = p.coef.shape[0]
            rows = np.fromiter((vocab[t] for t in p.vocabulary), dtype=np.intp, count=len(p.vocabulary))
            js = np.fromiter(p.vocabulary.values(), dtype=np.intp, count=len(p.vocabulary))
            table[rows, col] = p.idf[js]
            table[rows, col + 1 : col + 1 + k] = p.coef[:, js].T
            self.columns.append((col, k))
            col += 1 + k
        self.table = table
        self.vocabulary = vocab

    def probas(self, masked: str, counts: Counter[str]) -> list[Any]:
        """Each model's ``predict_proba`` row for one date-masked text whose tokens are ``counts``."""
        import numpy as np

        idx = np.array(list(map(self.vocabulary.get, counts, repeat(-1, len(counts)))), dtype=np.intp)
        raw = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        known = idx >= 0
        rows = self.table[idx[known]]
        raw = raw[known]
        logged = np.log(raw) + 1.0
        out = []
        for p, (col, k) in zip(self.paths, self.columns, strict=True):
            vals = (logged if p.sublinear else raw) * rows[:, col]
            norm = float(np.sqrt(np.dot(vals, vals)))
            if norm > 0:
                vals = vals / norm
            scores = vals @ rows[:, col + 1 : col + 1 + k] + p.intercept
            for offset, block in p.blocks:
                for j, v in enumerate(block.row(masked)):
                    if v:
                        scores += v * p.coef[:, offset + j]
            out.append(_proba_of(scores))
        return out


def _proba_of(d: Any) -> Any:
    """Probabilities from decision values: the logistic function for two classes, else softmax."""
    import numpy as np

    if d.shape[0] == 1:
        p = 1.0 / (1.0 + np.exp(-d[0]))
        return np.array([1.0 - p, p])
    e = np.exp(d - d.max())
    return e / e.sum()


_LOAD_LOCK = threading.Lock()

# The project's own types that a model file may hold (skops format). Together with scikit-learn's, the
# only ones a skops model may name; whatever model.json says.
PROJECT_TYPES = frozenset(
    {
        "extractor.classify.mask_dates_all",
        "extractor.classify.TermFeatures",
        "extractor.classify.YearFeatures",
        "extractor.segment.JiebaTokenizer",
    }
)


def is_trusted_type(name: str) -> bool:
    """A type a skops model may hold: this project's model parts and scikit-learn's classes."""
    return name in PROJECT_TYPES or name.startswith("sklearn.")


def _load_skops(artifact: Path) -> Any:
    """Load a skops model, allowing only :func:`is_trusted_type` types (nothing else is ever constructed)."""
    try:
        from skops.io import get_untrusted_types
        from skops.io import load as skops_load
    except ImportError as e:
        raise ModelError(f"{artifact} is a skops model: install skops (pip install skops) to load it") from e
    try:
        found = get_untrusted_types(file=artifact)
    except Exception as e:
        raise ModelError(f"{artifact} is not a readable skops file: {e}") from e
    refused = sorted(t for t in found if not is_trusted_type(t))
    if refused:
        raise ModelError(
            f"{artifact} holds types outside this project and scikit-learn, refused: {', '.join(refused)}"
        )
    try:
        return skops_load(artifact, trusted=sorted(found))
    except Exception as e:
        raise ModelError(f"{artifact} could not be loaded: {e}") from e


def _installed(pkg: str) -> str | None:
    try:
        return version(pkg)
    except PackageNotFoundError:
        return None


def load_model(model_dir: str | Path | None = None, *, verify: bool = True) -> Classifier:
    """Load and check a model directory (None = the shipped model).

    Raises :class:`ModelError` when the directory is incomplete or model.joblib's sha256 differs from the
    one recorded in model.json (a damaged or swapped file is never unpickled). Warns when the scikit-learn
    version differs from the one the model was trained with.
    """
    path = Path(model_dir) if model_dir is not None else default_model_dir()
    meta_path = path / "model.json"
    if not meta_path.exists():
        raise ModelError(f"{path} is not a model directory: model.json is missing")
    try:
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise ModelError(f"{meta_path} cannot be read: {e}") from e
    if not isinstance(meta, dict):
        raise ModelError(f"{meta_path} is not a model description (a JSON object)")
    name = str(meta.get("artifact", "model.joblib"))
    if Path(name).name != name or Path(name).suffix not in (".joblib", ".skops"):
        raise ModelError(
            f"{meta_path}: artifact {name!r} must be a model.joblib or model.skops file in {path}"
        )
    artifact = path / name
    if not artifact.exists():
        raise ModelError(f"{path}: {artifact.name} is missing")
    if verify:
        expected = meta.get("sha256")
        actual = file_sha256(artifact)
        if not expected or actual != expected:
            raise ModelError(
                f"{artifact} does not match the sha256 recorded in model.json "
                f"(expected {expected}, found {actual}): refusing to load a changed model file"
            )
    trained = meta.get("versions", {}).get("scikit-learn")
    now = _installed("scikit-learn")
    if trained and now and trained.split(".")[:2] != now.split(".")[:2]:
        warnings.warn(
            f"model {path.name} was trained with scikit-learn {trained}, this is {now}; "
            "predictions may differ (retrain with `policy-extract train`)",
            stacklevel=2,
        )
    with _LOAD_LOCK:
        if artifact.suffix == ".skops":
            models = _load_skops(artifact)
        else:
            import joblib

            with warnings.catch_warnings():
                warnings.filterwarnings("ignore", message=".*InconsistentVersionWarning.*")
                models = joblib.load(artifact)
    if not isinstance(models, dict) or not {"stage", "medical_cloud"} <= set(models):
        raise ModelError(f"{artifact} does not hold the stage and medical_cloud models")
    log.debug("loaded model %s from %s", meta.get("version"), path)
    return Classifier(models, meta, path)
