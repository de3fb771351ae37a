import pickle

import pytest

from extractor.segment import JiebaTokenizer, default_userdict, load_userdict_terms


def test_userdict_has_at_least_300_terms():
    assert len(load_userdict_terms(default_userdict())) >= 300


@pytest.mark.parametrize(
    "term", ["云计算", "大数据", "上云", "医联体", "互联网医疗", "健康医疗大数据", "十四五", "政务云"]
)
def test_domain_terms_kept_whole(term):
    tok = JiebaTokenizer()
    assert term in tok(f"加快推进{term}和相关工作")


def test_without_dictionary_cloud_computing_is_split():
    assert "云计算" not in JiebaTokenizer(userdict="")("推进云计算和医联体建设")


def test_punctuation_dropped_years_kept():
    toks = JiebaTokenizer()("到2020年，云计算应用基本普及。")
    assert "，" not in toks and "。" not in toks
    assert "2020" in toks


def test_pickle_keeps_only_configuration():
    tok = JiebaTokenizer()
    tok("先用一次")  # builds the jieba Tokenizer (which holds a lock)
    data = pickle.dumps(tok)
    assert len(data) < 50_000
    clone = pickle.loads(data)
    assert clone("健康医疗大数据") == tok("健康医疗大数据")


def test_userdict_bom_and_crlf_tolerated():
    assert load_userdict_terms("\ufeff云计算\r\n医联体 10 n\r\n# comment\r\n") == ["云计算", "医联体"]


# -- the rjieba engine ----------------------------------------------------------------------------------


def test_shipped_dictionary_uses_rjieba_when_installed() -> None:
    pytest.importorskip("rjieba")
    assert JiebaTokenizer().engine == "rjieba"
    assert JiebaTokenizer(hmm=True).engine == "jieba"  # rjieba's HMM is not checked against jieba's


def test_engine_table_matches_the_shipped_dictionary() -> None:
    import hashlib

    from extractor.segment import default_userdict, engine_table

    table = engine_table()
    assert table is not None
    assert table["userdict_sha256"] == hashlib.sha256(default_userdict().encode("utf-8")).hexdigest()


def test_rjieba_and_jieba_give_the_same_tokens_on_the_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("rjieba")
    from pathlib import Path

    from extractor import segment
    from extractor.classify import mask_dates
    from extractor.normalize import normalize_text

    docs = sorted(Path(__file__).parent.parent.joinpath("corpus", "docs").glob("*.txt"))[::3]
    fast = segment._RjiebaEngine(segment.engine_table() or {})
    ref = segment._JiebaEngine(segment.default_userdict(), False)
    for path in docs:
        text = normalize_text(path.read_text(encoding="utf-8")).text
        for variant in (text, mask_dates(text)):
            assert fast.cut(variant) == ref.cut(variant), path.name


def test_policy_segmenter_jieba_forces_jieba(monkeypatch: pytest.MonkeyPatch) -> None:
    from extractor import segment

    monkeypatch.setenv("POLICY_SEGMENTER", "jieba")
    assert segment._build(segment.default_userdict(), False).name == "jieba"


def test_a_custom_dictionary_uses_jieba() -> None:
    tok = JiebaTokenizer(userdict="医疗云\n")
    assert tok.engine == "jieba"
    assert "医疗云" in tok("建设医疗云平台")


def test_counts_equal_counting_the_tokens() -> None:
    from collections import Counter

    from extractor.segment import JiebaTokenizer

    from .conftest import ROOT

    for keep_years in (True, False):
        tok = JiebaTokenizer(keep_years=keep_years)
        for path in sorted((ROOT / "corpus" / "docs").glob("s-*.txt")):
            text = path.read_text(encoding="utf-8")
            assert tok.counts(text) == Counter(tok(text)), path.name
        assert tok.counts("") == Counter()
