"""The result schema: frozen dataclasses whose ``to_dict()`` *is* the JSON schema.

Every extracted field carries ``start``/``end`` character offsets into the normalised text
(``PolicyResult.text``) and the 1-based ``page`` those offsets fall on (``None`` for inputs without
pages). The schema is documented field by field in docs/SCHEMA.md; change both together.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA_VERSION = "1.0"

STAGE_NAMES: dict[int, str] = {
    0: "起步前",
    1: "重点发展阶段",
    2: "大力发展阶段",
    3: "产业发展阶段",
}


@dataclass(frozen=True)
class Span:
    """A piece of the normalised text: ``text == normalised[start:end]``."""

    text: str
    start: int
    end: int
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "page": self.page}


@dataclass(frozen=True)
class Issuer:
    """A body that issued the document (发文机关)."""

    name: str  # canonical full name, e.g. 国家发展和改革委员会
    span: Span  # the form found in the text
    level: str | None  # national / provincial / municipal / county, None when unknown
    region: str | None  # province (and city) for local bodies
    source: str  # metadata / header / signature / doc_number / title
    in_registry: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "text": self.span.text,
            "level": self.level,
            "region": self.region,
            "source": self.source,
            "in_registry": self.in_registry,
            **_span_fields(self.span),
        }


@dataclass(frozen=True)
class DateMention:
    """A date found in the text, with its role (成文, 印发, 发布, 施行, 有效期, other)."""

    date: str  # ISO: YYYY-MM-DD, or YYYY-MM / YYYY when the text names no day / month
    role: str
    span: Span

    @property
    def year(self) -> int:
        return int(self.date[:4])

    def to_dict(self) -> dict[str, Any]:
        return {"date": self.date, "role": self.role, "text": self.span.text, **_span_fields(self.span)}


@dataclass(frozen=True)
class Figure:
    """A quantity named by a target: ``value`` in ``unit`` (90 %, 10 个, 2 万亿元)."""

    value: float
    unit: str
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {"value": self.value, "unit": self.unit, "text": self.span.text, **_span_fields(self.span)}


@dataclass(frozen=True)
class Target:
    """A 发展目标: a clause committing to an outcome by a deadline year."""

    span: Span
    deadline: int | None
    figures: tuple[Figure, ...] = ()
    cue: str | None = None  # the deadline expression as written (到2020年, 十四五末 …)

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.span.text,
            "deadline": self.deadline,
            "cue": self.cue,
            "figures": [f.to_dict() for f in self.figures],
            **_span_fields(self.span),
        }


@dataclass(frozen=True)
class Citation:
    """A cited document: 《title》 with its 文号 where given."""

    title: str
    doc_number: str | None
    issuer: str | None
    year: int | None
    span: Span

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "doc_number": self.doc_number,
            "issuer": self.issuer,
            "year": self.year,
            **_span_fields(self.span),
        }


@dataclass(frozen=True)
class TermHit:
    term: str
    start: int
    end: int
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"term": self.term, "start": self.start, "end": self.end, "page": self.page}


@dataclass(frozen=True)
class StageResult:
    label: int | None
    probability: float | None
    source: str | None  # "date" or "model"
    model_label: int | None
    model_probability: float | None

    @property
    def name(self) -> str | None:
        return STAGE_NAMES.get(self.label) if self.label is not None else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "name": self.name,
            "probability": self.probability,
            "source": self.source,
            "model_label": self.model_label,
            "model_name": STAGE_NAMES.get(self.model_label) if self.model_label is not None else None,
            "model_probability": self.model_probability,
        }


@dataclass(frozen=True)
class MedicalCloudResult:
    label: bool | None  # the rule of LABELS.md: at least one medical and one cloud term
    probability: float | None  # the model's probability that the label is true
    model_label: bool | None
    medical_terms: tuple[TermHit, ...] = ()
    cloud_terms: tuple[TermHit, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "probability": self.probability,
            "model_label": self.model_label,
            "medical_terms": [t.to_dict() for t in self.medical_terms],
            "cloud_terms": [t.to_dict() for t in self.cloud_terms],
        }


@dataclass(frozen=True)
class Warning_:
    code: str
    message: str
    page: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "page": self.page}


@dataclass(frozen=True)
class ErrorInfo:
    type: str
    message: str

    def to_dict(self) -> dict[str, Any]:
        return {"type": self.type, "message": self.message}


@dataclass(frozen=True)
class ModelInfo:
    name: str
    version: str

    def to_dict(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version}


@dataclass(frozen=True)
class PolicyResult:
    """One document's record. ``error`` is set (and the rest mostly empty) when the input failed."""

    source: str | None
    sha256: str | None
    pages: int | None
    text: str = ""
    reader: str | None = None
    title: Span | None = None
    doc_number: Span | None = None
    doc_type: str | None = None
    issuers: tuple[Issuer, ...] = ()
    date: str | None = None
    dates: tuple[DateMention, ...] = ()
    stage: StageResult | None = None
    medical_cloud: MedicalCloudResult | None = None
    targets: tuple[Target, ...] = ()
    addressees: tuple[Span, ...] = ()
    citations: tuple[Citation, ...] = ()
    warnings: tuple[Warning_, ...] = ()
    error: ErrorInfo | None = None
    model: ModelInfo | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def ok(self) -> bool:
        return self.error is None

    def to_dict(self, *, include_text: bool = True) -> dict[str, Any]:
        d: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "source": self.source,
            "sha256": self.sha256,
            "pages": self.pages,
            "reader": self.reader,
            "title": self.title.to_dict() if self.title else None,
            "doc_number": self.doc_number.to_dict() if self.doc_number else None,
            "doc_type": self.doc_type,
            "issuers": [i.to_dict() for i in self.issuers],
            "date": self.date,
            "dates": [x.to_dict() for x in self.dates],
            "stage": self.stage.to_dict() if self.stage else None,
            "medical_cloud": self.medical_cloud.to_dict() if self.medical_cloud else None,
            "targets": [t.to_dict() for t in self.targets],
            "addressees": [a.to_dict() for a in self.addressees],
            "citations": [c.to_dict() for c in self.citations],
            "warnings": [w.to_dict() for w in self.warnings],
            "error": self.error.to_dict() if self.error else None,
            "model": self.model.to_dict() if self.model else None,
        }
        if include_text:
            d["text"] = self.text
        return d


def _span_fields(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "page": span.page}
