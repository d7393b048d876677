"""Prodigy NER JSONL (``ner.manual`` / ``db-out`` shape).

Export, one task per document::

    {"text": "...", "spans": [{"start": 0, "end": 3, "label": "ORG"}], "answer": "accept",
     "meta": {"id": 1, "title": "..."}}

``meta`` is what Prodigy shows under a task; reader keeps the document id, title and metadata
there (and reads them back; a metadata key ``id`` or ``title`` is not written). Offsets are code
points. Prodigy has no per-span review state: accepted mentions only (suggestions counted in the
report).

Import: ``answer`` ``accept`` (or absent) tasks become documents; ``reject`` and ``ignore`` tasks
are skipped with a warning. Span ``text`` / ``token_start`` / ``token_end`` are allowed; a
``text`` that does not match the offsets is an error.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.errors import InputError
from reader.core.model import DocumentRecord, MentionRecord

from .common import (
    ReadResult,
    WriteReport,
    check_layer,
    dumps,
    is_int,
    LiveMentions,
    LostFields,
    make_mention,
)
from .safeio import DEFAULT_MAX_SIZE
from .text import records_json, title_of


def parse_obj(
    obj: dict[str, Any], path: str, n: int, errors: list[InputError], warnings: list[InputError],
    known_labels: set[str] | None,
) -> DocumentRecord | None:
    answer = obj.get("answer", "accept")
    if answer != "accept":
        warnings.append(InputError(path, f"task answered {answer!r}: skipped", line=n))
        return None
    before = len(errors)
    text = obj.get("text")
    if not isinstance(text, str):
        errors.append(InputError(path, "no 'text' string", line=n))
        return None
    spans = obj.get("spans") or []
    if not isinstance(spans, list):
        errors.append(InputError(path, "'spans' must be a list", line=n))
        return None
    mentions: list[MentionRecord] = []
    for i, sp in enumerate(spans, 1):
        if not isinstance(sp, dict):
            errors.append(InputError(path, f"span {i}: expected an object with start, end, label", line=n))
            continue
        m = make_mention(text, sp.get("start"), sp.get("end"), sp.get("label"), where=f"span {i}",
                         path=path, line=n, errors=errors, surface=sp.get("text"))
        if m is not None:
            mentions.append(m)
    mentions = check_layer(mentions, path=path, line=n, errors=errors, known_labels=known_labels)
    if len(errors) > before:
        return None
    meta = obj.get("meta") if isinstance(obj.get("meta"), dict) else {}
    metadata = {k: v for k, v in meta.items() if k not in ("id", "title")}
    title = meta.get("title")
    doc_id = meta.get("id")
    return DocumentRecord(
        text=text,
        title=title if isinstance(title, str) and title else title_of(text, f"{Path(path).stem}-{n}"),
        mentions=mentions,
        metadata=metadata,
        id=doc_id if is_int(doc_id) else None,
    )


def records(
    path: Path, res: ReadResult, *, encoding: str | None = None, known_labels: set[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE, **_: Any,
) -> Iterator[DocumentRecord]:
    return records_json(
        path, res, encoding, lambda obj, p, n, res: parse_obj(obj, p, n, res.errors, res.warnings, known_labels), max_size
    )


def read(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records(path, res, **kw))


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    return "".join(chunks(docs, report))


def chunks(docs: Iterable[DocumentRecord], report: WriteReport, **_: Any) -> Iterator[str]:
    layers = LiveMentions(accepted_only=True, fmt="Prodigy", report=report)
    lost = LostFields("Prodigy", keeps_metadata=True)
    for doc in docs:
        ms = layers.of(doc)
        lost.see(doc)
        obj = {
            "text": doc.text,
            "spans": [
                {"start": m.start, "end": m.end, "label": m.label, **({"attributes": dict(m.attributes)} if m.attributes else {})}
                for m in ms
            ],
            "answer": "accept",
            "meta": {"id": doc.id, "title": doc.title, **{k: v for k, v in doc.metadata.items() if k not in ("id", "title")}},
        }
        yield dumps(obj) + "\n"
    layers.note()
    lost.note(report)
