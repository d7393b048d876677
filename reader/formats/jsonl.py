"""reader's own JSON Lines form: lossless, one document per line.

Export (key order fixed, UTF-8, ``ensure_ascii=False``, ``\\n`` after every line)::

    {"id": 1, "title": "...", "text": "...", "metadata": {...},
     "spans": [{"start": 0, "end": 3, "label": "ORG", "text": "新华社", "origin": "import", "status": "accepted",
                "entity": "ORG:新华社"}]}

``"entity"`` names the mention's entity: its canonical label and surface, the same for every alias
(see ``reader aliases``); rejected mentions have none. Import ignores it.

``"extra"`` follows ``"spans"`` only when a document has format-specific data (doccano relations,
brat lines other than T lines). Rejected mentions are written too, with their status: this form
loses nothing. Spans are sorted by (start, end, label).

Import also accepts the minimal ``{"text": ..., "spans": [{"start", "end", "label", "text"?}]}``
(origin defaults to ``import``, status to ``accepted``; ``text``, when given, must equal
``text[start:end]``), and, line by line, the doccano shapes (``"label"`` or ``"entities"``) and
the Prodigy shape (``"answer"``). Top-level keys it does not know go into ``metadata``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.errors import InputError
from reader.core.model import DocumentRecord, MentionRecord, Origin, Status

from . import doccano, prodigy
from .common import (
    ProblemList,
    ReadResult,
    TooManyProblems,
    WriteReport,
    check_layer,
    dumps,
    get_text,
    is_int,
    make_mention,
)
from .safeio import DEFAULT_MAX_SIZE
from .text import json_record_stream, records_json, title_of

KNOWN_KEYS = {"id", "title", "text", "metadata", "spans", "extra", "mentions"}


def parse_obj(obj: dict[str, Any], path: str, n: int, errors: list[InputError], known_labels: set[str] | None) -> DocumentRecord | None:
    """One own-shape (or minimal) object to a document; problems appended to ``errors``."""
    before = len(errors)
    text = get_text(obj, "text", path, n, errors)
    if text is None:
        return None
    spans = obj.get("spans", obj.get("mentions", []))
    if spans is None:
        spans = []
    if not isinstance(spans, list):
        errors.append(InputError(path, f"'spans' must be a list, got {type(spans).__name__}", line=n))
        return None
    mentions: list[MentionRecord] = []
    for i, sp in enumerate(spans, 1):
        where = f"span {i}"
        if not isinstance(sp, dict):
            errors.append(InputError(path, f"{where}: expected an object with start, end, label", line=n))
            continue
        try:
            origin = Origin(sp.get("origin", "import"))
            status = Status(sp.get("status", "accepted"))
        except ValueError as e:
            errors.append(InputError(path, f"{where}: {e}", line=n))
            continue
        m = make_mention(
            text, sp.get("start"), sp.get("end"), sp.get("label"), where=where, path=path, line=n,
            errors=errors, surface=sp.get("text"), origin=origin, status=status,
        )
        if m is not None:
            mentions.append(m)
    mentions = check_layer(mentions, path=path, line=n, errors=errors, known_labels=known_labels)
    title = obj.get("title")
    if title is not None and not isinstance(title, str):
        errors.append(InputError(path, f"'title' must be a string, got {type(title).__name__}", line=n))
    metadata = obj.get("metadata") or {}
    if not isinstance(metadata, dict):
        errors.append(InputError(path, f"'metadata' must be an object, got {type(metadata).__name__}", line=n))
        metadata = {}
    metadata = dict(metadata)
    for k, v in obj.items():
        if k not in KNOWN_KEYS:
            metadata.setdefault(k, v)
    extra = obj.get("extra") or {}
    if not isinstance(extra, dict):
        errors.append(InputError(path, f"'extra' must be an object, got {type(extra).__name__}", line=n))
        extra = {}
    if len(errors) > before:
        return None
    doc_id = obj.get("id")
    return DocumentRecord(
        text=text,
        title=title if title else title_of(text, f"{Path(path).stem}-{n}"),
        mentions=mentions,
        metadata=metadata,
        id=doc_id if is_int(doc_id) else None,
        extra=dict(extra),
    )


def records(
    path: Path, res: ReadResult, *, encoding: str | None = None, known_labels: set[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE, offsets: str | None = None, **_: Any,
) -> Iterator[DocumentRecord]:
    try:  # the first record, looked at without keeping its problems (the read below reports them)
        first = next(json_record_stream(path, encoding, max_size, ProblemList()), None)
    except TooManyProblems:
        first = None
    if first is not None and ("label" in first[1] or "entities" in first[1]):
        # a doccano (or CLUENER) file: its reader also works out how the offsets count
        return doccano.records(path, res, encoding=encoding, known_labels=known_labels, max_size=max_size, offsets=offsets)

    def parse(obj: dict[str, Any], p: str, n: int, res: ReadResult) -> DocumentRecord | None:
        if "label" in obj or "entities" in obj:  # a doccano line in a .jsonl file
            return doccano.parse_obj(obj, p, n, res.errors, known_labels, warnings=res.warnings)
        if "answer" in obj:  # a Prodigy task
            return prodigy.parse_obj(obj, p, n, res.errors, res.warnings, known_labels)
        return parse_obj(obj, p, n, res.errors, known_labels)

    return records_json(path, res, encoding, parse, max_size)


def read(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records(path, res, **kw))


def span_obj(text: str, m: MentionRecord) -> dict[str, Any]:
    obj: dict[str, Any] = {
        "start": m.start, "end": m.end, "label": m.label, "text": text[m.start:m.end],
        "origin": str(m.origin), "status": str(m.status),
    }
    if m.attributes:
        obj["attributes"] = dict(m.attributes)
    if m.entity:
        obj["entity"] = m.entity
    return obj


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    return "".join(chunks(docs, report))


def chunks(docs: Iterable[DocumentRecord], report: WriteReport, **_: Any) -> Iterator[str]:
    """The export, one string per document (streamed: memory does not grow with the library)."""
    for doc in docs:
        obj: dict[str, Any] = {
            "id": doc.id,
            "title": doc.title,
            "text": doc.text,
            "metadata": doc.metadata,
            "spans": [span_obj(doc.text, m) for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.label, m.status))],
        }
        if doc.extra:
            obj["extra"] = doc.extra
        yield dumps(obj) + "\n"
