"""Evidence highlighting: overlapping and nested spans, escaping, spans outside the text."""

from __future__ import annotations

import re

import pytest

from extractor.report.highlight import EvidenceSpan, evidence_spans, highlight_html


def visible(html: str) -> str:
    """The text a browser shows, without the displaCy-style tags."""
    html = re.sub(r'<b class="tag[^"]*">[^<]*</b>', "", html)
    return re.sub(r"<[^>]+>", "", html).replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


@pytest.mark.parametrize(
    ("text", "spans", "marked"),
    [
        ("没有证据", [], []),  # negative: nothing to mark
        ("到2020年建成医疗云", [EvidenceSpan(0, 11, "TARGET"), EvidenceSpan(1, 6, "DATE")],
         [("到", {"target"}), ("2020年", {"target", "date"}), ("建成医疗云", {"target"})]),
        ("医疗云计算", [EvidenceSpan(0, 2, "MEDICAL"), EvidenceSpan(2, 5, "CLOUD")],
         [("医疗", {"medical"}), ("云计算", {"cloud"})]),
        ("abc", [EvidenceSpan(1, 99, "DATE"), EvidenceSpan(5, 7, "DATE")], [("bc", {"date"})]),  # cut, dropped
    ],
)  # fmt: skip
def test_pieces_carry_every_label_that_covers_them(text, spans, marked):
    out = highlight_html(text, spans)
    assert visible(out) == text
    found = [
        (m.group(2), set(m.group(1).split()) - {"ev"})
        for m in re.finditer(r'<span class="([^"]*)"[^>]*>([^<]*)</span>', out)
    ]
    assert found == [(t, {f"ev-{c}" for c in cls}) for t, cls in marked]


def test_text_is_escaped():
    out = highlight_html("<script>x</script>&", [EvidenceSpan(0, 8, "ISSUER")])
    assert "<script>" not in out and "&lt;script&gt;" in out and "&amp;" in out
    assert 'class="tag tag-issuer"' in out


def test_evidence_spans_of_a_record():
    rec = {
        "issuers": [{"name": "国务院", "start": 0, "end": 3}],
        "dates": [{"date": "2020", "start": 4, "end": 9}],
        "targets": [{"start": 3, "end": 12, "figures": [{"start": 10, "end": 12}]}],
        "medical_cloud": {"medical_terms": [{"term": "医疗", "start": 20, "end": 22}], "cloud_terms": []},
        "title": {"start": None, "end": None},
    }
    got = [(s.start, s.end, s.label) for s in evidence_spans(rec)]
    assert got == [
        (0, 3, "ISSUER"),
        (3, 12, "TARGET"),
        (4, 9, "DATE"),
        (10, 12, "FIGURE"),
        (20, 22, "MEDICAL"),
    ]
    assert evidence_spans({"error": {"type": "not_found"}}) == []
