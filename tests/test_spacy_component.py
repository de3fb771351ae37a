"""The spaCy integration: the component through the entry point, and make_nlp()."""

import pytest

spacy = pytest.importorskip("spacy")

TEXT = (
    "国家卫生健康委员会文件\n国卫规划发〔2022〕7号\n国家卫生健康委关于推进健康行业云建设的通知\n"
    "各省、自治区、直辖市卫生健康委：\n到2025年，三级医院上云率达到80%以上。\n国家卫生健康委员会\n2022年2月10日\n"
)


def test_component_via_entry_point():
    nlp = spacy.blank("zh")  # the default character segmenter: no jieba needed here
    nlp.add_pipe("policy_extractor")
    doc = nlp(TEXT)
    labels = {s.label_ for s in doc.spans["policy"]}
    assert {"TITLE", "DOC_NUMBER", "ISSUER", "DATE", "TARGET", "ADDRESSEE"} <= labels
    issuer = next(s for s in doc.spans["policy"] if s.label_ == "ISSUER")
    assert issuer.kb_id_ == "国家卫生健康委员会"
    assert doc._.policy["date"] == "2022-02-10"
    assert doc._.policy["doc_number"] == "国卫规划发〔2022〕7号"
    assert [t["deadline"] for t in doc._.policy["targets"]] == [2025]


def test_make_nlp_with_jieba_and_registry():
    pytest.importorskip("jieba")
    from extractor.spacy_component import make_nlp

    nlp = make_nlp()
    doc = nlp(TEXT)
    assert "健康行业云" in [t.text for t in doc]  # jieba with the policy dictionary segments the text
    orgs = {e.kb_id_ or e.ent_id_ for e in doc.ents if e.label_ == "ORG"}
    assert "国家卫生健康委员会" in orgs
    assert doc._.policy["issuers"][0]["name"] == "国家卫生健康委员会"
