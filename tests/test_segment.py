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
