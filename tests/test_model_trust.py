"""Model trust: the sha256 check, and skops models limited to this project's and scikit-learn's types."""

from __future__ import annotations

import json
import shutil
from fractions import Fraction

import pytest

from extractor.classify import file_sha256, is_trusted_type, load_model
from extractor.errors import ModelError

from .conftest import make_small_corpus

skops_io = pytest.importorskip("skops.io")


@pytest.fixture(scope="module")
def skops_model(tmp_path_factory: pytest.TempPathFactory):
    """`train --format skops` end to end on 16 corpus documents (no model comparison: fast)."""
    from training.train import TrainConfig, train_model

    corpus = make_small_corpus(tmp_path_factory.mktemp("corpus"), per_stage=5)
    out = tmp_path_factory.mktemp("skops") / "model"
    cfg = TrainConfig(compare=False, cv_folds=2, test_fraction=0.25, version="0.0.2")
    meta = train_model(corpus, out_dir=out, config=cfg, fmt="skops")
    return out, meta


def test_skops_model_trains_loads_and_predicts(skops_model):
    out, meta = skops_model
    assert meta["artifact"] == "model.skops" and (out / "model.skops").exists()
    assert not (out / "model.joblib").exists()
    assert meta["trusted_types"] and all(is_trusted_type(t) for t in meta["trusted_types"])
    clf = load_model(out)
    (pred,) = clf.predict(["推进医疗卫生机构上云，建设健康行业云。"])
    assert pred.stage in (0, 1, 2, 3)


def test_cli_train_format_skops_is_an_option():
    from click.testing import CliRunner

    from extractor.cli import main

    assert "skops" in CliRunner().invoke(main, ["train", "--help"]).output


def _swap_artifact(out, dst, obj) -> None:
    """A copy of the model directory whose model.skops holds ``obj``, with a matching sha256 and a
    model.json that claims every type in it is trusted (as a hostile author would write it)."""
    shutil.copytree(out, dst)
    skops_io.dump(obj, dst / "model.skops")
    meta = json.loads((dst / "model.json").read_text(encoding="utf-8"))
    meta["sha256"] = file_sha256(dst / "model.skops")
    meta["trusted_types"] = sorted(skops_io.get_untrusted_types(file=dst / "model.skops"))
    (dst / "model.json").write_text(json.dumps(meta), encoding="utf-8")


def test_skops_type_outside_project_and_sklearn_is_refused_whatever_model_json_says(skops_model, tmp_path):
    out, _ = skops_model
    models = skops_io.load(
        out / "model.skops", trusted=skops_io.get_untrusted_types(file=out / "model.skops")
    )
    models["extra"] = Fraction(1, 3)
    _swap_artifact(out, tmp_path / "m", models)
    assert "fractions.Fraction" in json.loads((tmp_path / "m" / "model.json").read_text())["trusted_types"]
    with pytest.raises(ModelError, match=r"refused: .*fractions\.Fraction"):
        load_model(tmp_path / "m")


def test_tampered_skops_model_is_refused(skops_model, tmp_path):
    out, _ = skops_model
    shutil.copytree(out, tmp_path / "m")
    data = bytearray((tmp_path / "m" / "model.skops").read_bytes())
    data[len(data) // 2] ^= 0xFF
    (tmp_path / "m" / "model.skops").write_bytes(bytes(data))
    with pytest.raises(ModelError, match="sha256"):
        load_model(tmp_path / "m")


def test_artifact_outside_the_model_directory_is_refused(skops_model, tmp_path):
    out, _ = skops_model
    shutil.copytree(out, tmp_path / "m")
    meta = json.loads((tmp_path / "m" / "model.json").read_text(encoding="utf-8"))
    meta["artifact"] = "../elsewhere/model.joblib"
    (tmp_path / "m" / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="artifact"):
        load_model(tmp_path / "m")


@pytest.mark.parametrize(
    ("name", "trusted"),
    [
        ("sklearn.pipeline.Pipeline", True),
        ("extractor.segment.JiebaTokenizer", True),
        ("extractor.cli.main", False),
        ("builtins.eval", False),
        ("os.system", False),
        ("numpy.load", False),
    ],
)
def test_trusted_type_policy(name, trusted):
    assert is_trusted_type(name) is trusted
