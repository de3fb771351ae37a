"""Reading a labelled corpus: a folder of documents (PDF, text, HTML) plus labels (JSONL or CSV).

The format is documented in corpus/FORMAT.md. Minimal labels a user must give: ``path`` (relative to the
corpus folder) or ``id`` (then docs/<id>.txt), and ``stage`` or ``date``; ``medical_cloud`` is recomputed
from the text by LABELS.md's rule when missing. ``group`` (documents that must not be split by
cross-validation) defaults to the id.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from extractor.pipeline import stage_of_year

log = logging.getLogger(__name__)

__all__ = ["CorpusDoc", "find_labels", "load_corpus", "read_labels", "split_of"]


@dataclass
class CorpusDoc:
    id: str
    path: Path
    label: dict[str, Any]
    text: str = ""
    group: str = ""
    stage: int = 0
    medical_cloud: bool = False
    split: str = "train"
    notes: list[str] = field(default_factory=list)


def find_labels(corpus: Path) -> list[Path]:
    """CORPUS/labels/*.jsonl|csv, else CORPUS/labels.jsonl|csv."""
    d = corpus / "labels"
    if d.is_dir():
        found = sorted([*d.glob("*.jsonl"), *d.glob("*.csv")])
        if found:
            return found
    for name in ("labels.jsonl", "labels.csv"):
        if (corpus / name).exists():
            return [corpus / name]
    raise FileNotFoundError(f"no labels in {corpus}: expected labels/*.jsonl or labels.jsonl / labels.csv")


def read_labels(path: Path) -> Iterator[dict[str, Any]]:
    if path.suffix == ".csv":
        with open(path, encoding="utf-8-sig", newline="") as f:
            for row in csv.DictReader(f):
                yield {k: _csv_value(k, v) for k, v in row.items()}
        return
    with open(path, encoding="utf-8-sig") as f:
        for n, line in enumerate(f, 1):
            line = line.strip()
            if not line:
                continue
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not valid JSON ({e})") from e


def _csv_value(key: str, value: str) -> Any:
    if value == "":
        return None
    if key in ("stage", "year"):
        return int(value)
    if key == "medical_cloud":
        return value.strip().lower() in ("1", "true", "yes", "y", "是")
    if key in ("issuers", "addressees"):
        return [v for v in value.replace(";", "；").split("；") if v]
    if key == "targets":
        return json.loads(value)
    return value


def split_of(group: str, *, test_fraction: float = 0.2, seed: int = 13) -> str:
    """Deterministic held-out split by group: the same group is always on the same side."""
    h = int(hashlib.sha256(f"{seed}:{group}".encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
    return "test" if h < test_fraction else "train"


def load_corpus(
    corpus: Path,
    *,
    labels_path: Path | None = None,
    use_pdf: bool = False,
    pdf_dir: Path | None = None,
    test_fraction: float = 0.2,
    seed: int = 13,
) -> list[CorpusDoc]:
    """Every labelled document with its normalised text, stage, medical_cloud (by the rule) and split."""
    from extractor.normalize import normalize_document
    from extractor.readers import read_path
    from extractor.rules.terms import medical_cloud_label

    files = [labels_path] if labels_path else find_labels(corpus)
    docs: list[CorpusDoc] = []
    seen: set[str] = set()
    for lf in files:
        for row in read_labels(lf):
            doc_id = str(row.get("id") or Path(str(row.get("path"))).stem)
            if doc_id in seen:
                raise ValueError(f"{lf}: duplicate document id {doc_id}")
            seen.add(doc_id)
            rel = row.get("path") or f"docs/{doc_id}.txt"
            path = corpus / rel
            if use_pdf:
                path = (pdf_dir or corpus / "build" / "pdf") / f"{doc_id}.pdf"
            raw = read_path(path)
            text = normalize_document(raw.pages).text
            group = str(row.get("group") or doc_id)
            date = row.get("date")
            if date:
                stage = stage_of_year(int(str(date)[:4]))
                if row.get("stage") is not None and int(row["stage"]) != stage:
                    log.warning(
                        "%s: stage %s does not match its date %s; using %d", doc_id, row["stage"], date, stage
                    )
            elif row.get("stage") is not None:
                stage = int(row["stage"])
            else:
                raise ValueError(f"{lf}: {doc_id} has neither a date nor a stage")
            rule_mc, _, _ = medical_cloud_label(text)
            notes = []
            if row.get("medical_cloud") is not None and bool(row["medical_cloud"]) != rule_mc:
                notes.append(f"medical_cloud label {row['medical_cloud']} differs from the rule ({rule_mc})")
            docs.append(
                CorpusDoc(
                    id=doc_id,
                    path=path,
                    label=row,
                    text=text,
                    group=group,
                    stage=stage,
                    medical_cloud=rule_mc,
                    split=split_of(group, test_fraction=test_fraction, seed=seed),
                    notes=notes,
                )
            )
    for d in docs:
        for note in d.notes:
            log.warning("%s: %s", d.id, note)
    return docs


def corpus_sha256(docs: list[CorpusDoc]) -> str:
    """A hash of the corpus as trained on: ids, texts and labels, in id order."""
    h = hashlib.sha256()
    for d in sorted(docs, key=lambda d: d.id):
        h.update(d.id.encode())
        h.update(d.text.encode())
        h.update(f"{d.stage}|{d.medical_cloud}|{d.group}".encode())
    return h.hexdigest()
