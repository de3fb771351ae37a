"""spaCy integration: the extractor as a pipeline component, and a blank Chinese pipeline that uses it.

    >>> import spacy
    >>> nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    >>> nlp.add_pipe("policy_extractor")          # found through the spacy_factories entry point
    >>> doc = nlp(text)
    >>> doc.spans["policy"]                        # TITLE, DOC_NUMBER, ISSUER, DATE, TARGET, ADDRESSEE spans
    >>> doc._.policy                               # the rule results as a dict (no model needed)

The component runs the rules over ``doc.text`` (normalise first with :func:`extractor.normalize.normalize_text`
for PDF text) and aligns every result to token boundaries with ``Doc.char_span(alignment_mode="expand")``.
:func:`make_nlp` also adds an EntityRuler with the issuer registry's surface forms (label ORG, id = the
canonical name), so a spaCy user gets every agency mention as an entity.
"""

from __future__ import annotations

from typing import Any

from spacy.language import Language

__all__ = ["PolicyExtractorComponent", "create_component", "make_nlp"]


class PolicyExtractorComponent:
    """Adds ``doc.spans[spans_key]`` and ``doc._.policy`` (a dict) from the extraction rules."""

    def __init__(self, nlp: Any, name: str, spans_key: str = "policy") -> None:
        from spacy.tokens import Doc

        if not Doc.has_extension("policy"):
            Doc.set_extension("policy", default=None)
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Any) -> Any:
        from .rules import extract

        res = extract(doc.text)
        spans = []

        def add(start: int, end: int, label: str, kb_id: str = "") -> None:
            span = doc.char_span(start, end, label=label, kb_id=kb_id, alignment_mode="expand")
            if span is not None:
                spans.append(span)

        if res.title:
            add(res.title.start, res.title.end, "TITLE")
        if res.doc_number:
            add(res.doc_number.start, res.doc_number.end, "DOC_NUMBER")
        for i in res.issuers:
            add(i.span.start, i.span.end, "ISSUER", i.name)
        for d in res.dates:
            add(d.span.start, d.span.end, "DATE", d.role)
        for t in res.targets:
            add(t.span.start, t.span.end, "TARGET", str(t.deadline or ""))
        for a in res.addressees:
            add(a.start, a.end, "ADDRESSEE")
        doc.spans[self.spans_key] = spans
        doc._.policy = {
            "title": res.title.text if res.title else None,
            "doc_number": res.doc_number.text if res.doc_number else None,
            "doc_type": res.doc_type,
            "issuers": [i.to_dict() for i in res.issuers],
            "date": res.date.date if res.date else None,
            "dates": [d.to_dict() for d in res.dates],
            "targets": [t.to_dict() for t in res.targets],
            "addressees": [a.to_dict() for a in res.addressees],
        }
        return doc


# Registered when this module is imported (spaCy imports it through the spacy_factories entry point);
# `import extractor` alone never imports it.
@Language.factory("policy_extractor", default_config={"spans_key": "policy"})
def create_component(nlp: Any, name: str, spans_key: str = "policy") -> PolicyExtractorComponent:
    return PolicyExtractorComponent(nlp, name, spans_key=spans_key)


def make_nlp(*, with_registry: bool = True) -> Any:
    """A blank "zh" pipeline with the jieba segmenter (and the policy user dictionary), an EntityRuler
    over the issuer registry, and the policy_extractor component."""
    import spacy

    from .segment import JiebaTokenizer

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"segmenter": "jieba"}}})
    # Share the policy dictionary with spaCy's jieba segmenter.
    nlp.tokenizer.jieba_seg = JiebaTokenizer().jieba()  # type: ignore[union-attr]
    if with_registry:
        from .rules.issuers import registry_patterns

        ruler = nlp.add_pipe("entity_ruler", config={"phrase_matcher_attr": None})
        ruler.add_patterns(registry_patterns())  # type: ignore[attr-defined]
    nlp.add_pipe("policy_extractor")
    return nlp
