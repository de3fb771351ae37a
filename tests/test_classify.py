import json
import shutil

import pytest

from extractor.classify import DATE_MASK, default_model_dir, load_model, mask_dates
from extractor.errors import ModelError


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        ("2015年3月6日印发", DATE_MASK + "印发"),
        ("二〇〇九年三月十七日", DATE_MASK),
        ("2015-03-06", DATE_MASK),
        ("2016年6月", DATE_MASK),
        ("到2020年，覆盖率达到90%", "到2020年，覆盖率达到90%"),  # a target year is not a date
        ("国发〔2015〕5号", "国发〔2015〕5号"),
    ],
)
def test_mask_dates(text, masked):
    assert mask_dates(text) == masked


def test_shipped_model_loads_and_predicts():
    clf = load_model()
    (pred,) = clf.predict(["推进医疗卫生机构上云，落实十四五规划和数据安全法，建设健康行业云。"])
    assert pred.stage in (0, 1, 2, 3)
    assert 0.0 <= pred.stage_probability <= 1.0
    assert 0.0 <= pred.medical_cloud_probability <= 1.0


def test_tampered_model_is_refused(tmp_path):
    src = default_model_dir()
    dst = tmp_path / "model"
    shutil.copytree(src, dst)
    artifact = dst / json.loads((dst / "model.json").read_text())["artifact"]
    data = bytearray(artifact.read_bytes())
    data[-10] ^= 0xFF
    artifact.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        load_model(dst)


def test_missing_model_json(tmp_path):
    with pytest.raises(ModelError, match=r"model\.json"):
        load_model(tmp_path)


def test_step_by_step_prediction_equals_the_pipelines() -> None:
    import numpy as np

    from extractor.classify import _predict_proba

    clf = load_model(default_model_dir())
    from .conftest import ROOT

    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "docs").glob("s-*.txt"))]
    texts.append("")
    for model in clf.models.values():
        assert np.array_equal(_predict_proba(model, texts), model.predict_proba(texts))
        for t in texts[:3]:
            assert np.array_equal(_predict_proba(model, [t]), model.predict_proba([t]))


def test_other_pipeline_shapes_go_through_predict_proba() -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    from extractor.classify import _predict_proba

    pipe = make_pipeline(TfidfVectorizer(analyzer="char"), LogisticRegression()).fit(
        ["医疗云", "税收"], [1, 0]
    )
    assert (_predict_proba(pipe, ["医疗"]) == pipe.predict_proba(["医疗"])).all()


def test_linear_path_equals_scikit_learn_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """The one-document arithmetic (LinearPath, and LinearPair as predict uses it) against scikit-learn's
    predict_proba on every corpus document, an empty text and one with no known word: probabilities within 1e-9, and the same labels and
    rounded probabilities from Classifier.predict either way."""
    import numpy as np

    from extractor.classify import LinearPath

    from .conftest import ROOT

    clf = load_model(default_model_dir())
    texts = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "docs").glob("*.txt"))]
    texts += ["", "abc xyz 123"]
    assert len(texts) > 400
    for model in clf.models.values():
        path = LinearPath.build(model)
        assert path is not None
        ours = np.array([path.proba(mask_dates(t)) for t in texts])
        theirs = model.predict_proba(texts)
        assert ours.shape == theirs.shape
        assert np.abs(ours - theirs).max() < 1e-9
    linear = clf._linear()
    assert linear is not None
    pair = clf._pair(linear)  # both models over one token table, as predict uses them
    assert pair is not None
    stage, mc = clf.models["stage"].predict_proba(texts), clf.models["medical_cloud"].predict_proba(texts)
    for i, t in enumerate(texts):
        masked = mask_dates(t)
        s_row, m_row = pair.probas(masked, linear[0].tokenizer.counts(masked))
        assert np.abs(s_row - stage[i]).max() < 1e-9 and np.abs(m_row - mc[i]).max() < 1e-9
    fast = clf.predict(texts)
    monkeypatch.setenv("POLICY_LINEAR_PATH", "0")
    assert clf._linear() is None
    assert clf.predict(texts) == fast


def test_linear_path_declines_other_model_shapes() -> None:
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import FeatureUnion, make_pipeline
    from sklearn.preprocessing import FunctionTransformer
    from sklearn.svm import LinearSVC

    from extractor.classify import LinearPath, mask_dates_all
    from extractor.segment import JiebaTokenizer

    x, y = ["医疗云平台建设", "税收征管办法", "云计算医疗健康", "财政预算管理"], [1, 0, 1, 0]
    char = make_pipeline(TfidfVectorizer(analyzer="char"), LogisticRegression()).fit(x, y)
    assert LinearPath.build(char) is None

    def shipped_shape(vec: TfidfVectorizer, final: object) -> object:
        return make_pipeline(FunctionTransformer(mask_dates_all), FeatureUnion([("word", vec)]), final).fit(
            x, y
        )

    tok = JiebaTokenizer()
    assert LinearPath.build(shipped_shape(TfidfVectorizer(tokenizer=tok, token_pattern=None, lowercase=False), LogisticRegression())) is not None  # fmt: skip
    svm = CalibratedClassifierCV(LinearSVC(), cv=2)
    assert LinearPath.build(shipped_shape(TfidfVectorizer(tokenizer=tok, token_pattern=None, lowercase=False), svm)) is None  # fmt: skip
    bigrams = TfidfVectorizer(tokenizer=tok, token_pattern=None, lowercase=False, ngram_range=(1, 2))
    assert LinearPath.build(shipped_shape(bigrams, LogisticRegression())) is None
    lower = TfidfVectorizer(tokenizer=tok, token_pattern=None)  # lowercase=True: not the shipped shape
    assert LinearPath.build(shipped_shape(lower, LogisticRegression())) is None
