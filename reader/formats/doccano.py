"""doccano sequence-labelling JSONL, both shapes doccano writes.

Plain shape (what reader writes unless a document carries relations)::

    {"id": 1, "text": "新华社北京电", "label": [[0, 3, "ORG"], [3, 5, "LOC"]]}

Entities/relations shape (doccano >= 1.6 with relations; written when a document came with
relations, which are kept in ``extra["doccano"]`` so they survive a round trip)::

    {"id": 1, "text": "...", "entities": [{"id": 7, "label": "ORG", "start_offset": 0, "end_offset": 3}],
     "relations": [{"id": 0, "from_id": 7, "to_id": 8, "type": "located_in"}]}

Offsets are code points (Python ``str`` indices). Import also accepts the old ``"data"`` key for
the text, and the CLUENER2020 shape ``{"text", "label": {"LABEL": {"surface": [[start, last]]}}}``
(``last`` inclusive, surface checked); other top-level keys (``Comments``, ``meta``...) go into ``metadata``. doccano has no
review state: export writes accepted mentions only (suggestions are counted in the report),
and no title or metadata.
"""

from __future__ import annotations

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
    live_mentions,
    make_mention,
    note_lost,
    plural,
)
from .text import read_json_records, title_of

KNOWN_KEYS = {"id", "text", "data", "label", "entities", "relations", "title"}


def parse_obj(obj: dict[str, Any], path: str, n: int, errors: list[InputError], known_labels: set[str] | None) -> DocumentRecord | None:
    before = len(errors)
    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        errors.append(InputError(path, "no 'text' string", line=n))
        return None
    mentions: list[MentionRecord] = []
    extra: dict[str, Any] = {}
    if "entities" in obj:
        ents = obj["entities"] or []
        if not isinstance(ents, list):
            errors.append(InputError(path, "'entities' must be a list", line=n))
            return None
        ids: list[list[Any]] = []
        for i, e in enumerate(ents, 1):
            if not isinstance(e, dict):
                errors.append(InputError(path, f"entity {i}: expected an object", line=n))
                continue
            m = make_mention(text, e.get("start_offset"), e.get("end_offset"), e.get("label"),
                             where=f"entity {i}", path=path, line=n, errors=errors)
            if m is not None:
                mentions.append(m)
                if "id" in e:
                    ids.append([m.start, m.end, m.label, e["id"]])
        rels = obj.get("relations") or []
        if not isinstance(rels, list):
            errors.append(InputError(path, "'relations' must be a list", line=n))
        elif rels or ids:
            extra["doccano"] = {"entity_ids": ids, "relations": rels}
    elif isinstance(obj.get("label"), dict):  # CLUENER2020: {"type": {"surface": [[start, last]]}}
        for label, by_surface in obj["label"].items():
            if not isinstance(by_surface, dict):
                errors.append(InputError(path, f"label {label!r}: expected {{surface: [[start, last], ...]}}", line=n))
                continue
            for surface, ranges in by_surface.items():
                for r in ranges if isinstance(ranges, list) else [ranges]:
                    if not (isinstance(r, list) and len(r) == 2 and is_int(r[1])):
                        errors.append(InputError(path, f"label {label!r} {surface!r}: expected [start, last], got {r!r}", line=n))
                        continue
                    m = make_mention(text, r[0], r[1] + 1, label, where=f"label {label!r} {surface!r}", path=path,
                                     line=n, errors=errors, surface=surface)
                    if m is not None:
                        mentions.append(m)
    else:
        labels = obj.get("label") or []
        if not isinstance(labels, list):
            errors.append(InputError(path, "'label' must be a list of [start, end, label]", line=n))
            return None
        for i, item in enumerate(labels, 1):
            if not (isinstance(item, list) and len(item) == 3):
                errors.append(InputError(path, f"label {i}: expected [start, end, label], got {item!r}", line=n))
                continue
            m = make_mention(text, item[0], item[1], item[2], where=f"label {i}", path=path, line=n, errors=errors)
            if m is not None:
                mentions.append(m)
    mentions = check_layer(mentions, path=path, line=n, errors=errors, known_labels=known_labels)
    if len(errors) > before:
        return None
    metadata = {k: v for k, v in obj.items() if k not in KNOWN_KEYS}
    title = obj.get("title")
    doc_id = obj.get("id")
    return DocumentRecord(
        text=text,
        title=title if isinstance(title, str) and title else title_of(text, f"{Path(path).stem}-{n}"),
        mentions=mentions,
        metadata=metadata,
        id=doc_id if is_int(doc_id) else None,
        extra=extra,
    )


def read(path: Path, *, encoding: str | None = None, known_labels: set[str] | None = None) -> ReadResult:
    return read_json_records(path, encoding, lambda obj, p, n, res: parse_obj(obj, p, n, res.errors, known_labels))


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    layers = live_mentions(docs, accepted_only=True, fmt="doccano", report=report)
    out = []
    lost_rel = 0
    for doc, ms in zip(docs, layers):
        dc = doc.extra.get("doccano") if isinstance(doc.extra.get("doccano"), dict) else None
        if dc and dc.get("relations"):
            known = {(s, e, lab): i for s, e, lab, i in dc.get("entity_ids", [])}
            next_id = max([i for i in known.values() if is_int(i)], default=0) + 1
            ents, have = [], set()
            for m in ms:
                eid = known.get((m.start, m.end, m.label))
                if eid is None:
                    eid, next_id = next_id, next_id + 1
                have.add(eid)
                ents.append({"id": eid, "label": m.label, "start_offset": m.start, "end_offset": m.end})
            rels = [r for r in dc["relations"] if isinstance(r, dict) and r.get("from_id") in have and r.get("to_id") in have]
            lost_rel += len(dc["relations"]) - len(rels)
            obj: dict[str, Any] = {"id": doc.id, "text": doc.text, "entities": ents, "relations": rels}
        else:
            obj = {"id": doc.id, "text": doc.text, "label": [[m.start, m.end, m.label] for m in ms]}
        out.append(dumps(obj) + "\n")
    note_lost(docs, report, "doccano", title=True, keeps_extra="doccano")
    if lost_rel:
        report.dropped.append(f"{plural(lost_rel, 'relation')} not written: an end mention is no longer exported")
    return "".join(out)
