"""doccano sequence-labelling JSONL, both shapes doccano writes, and CLUENER2020 JSON.

Plain shape (what reader writes unless a document carries relations)::

    {"id": 1, "text": "新华社北京电", "label": [[0, 3, "ORG"], [3, 5, "LOC"]]}

Entities/relations shape (doccano >= 1.6 with relations; written when a document came with
relations, which are kept in ``extra["doccano"]`` so they survive a round trip)::

    {"id": 1, "text": "...", "entities": [{"id": 7, "label": "ORG", "start_offset": 0, "end_offset": 3}],
     "relations": [{"id": 0, "from_id": 7, "to_id": 8, "type": "located_in"}]}

CLUENER2020 (``--format cluener``; import also reads it as doccano)::

    {"text": "...", "label": {"ORG": {"新华社": [[0, 2]]}}}      (last offset inclusive)

**Offsets.** reader counts code points. doccano's web front end counts UTF-16 code units (or,
by a project option, grapheme clusters): with 𠮷 or an emoji before a span the numbers differ.
``offsets`` (``--offsets codepoint|utf16|grapheme``) says how the file counts, on import and
export. Without it, import looks at the whole file: when every span fits as code points they
are code points; when some span does not (outside the text, or its surface text differs) but
every span fits as UTF-16 code units, the file is read as UTF-16 with a warning; when neither
fits, the file is refused. An exact duplicate span (doccano can store one twice) is accepted
once. Import also takes doccano's downloaded ``.zip`` (``all.jsonl`` when it holds one, else
every ``.jsonl``/``.json`` member), and the old ``"data"`` key for the text; other top-level
keys (``Comments``, ``meta``...) go into ``metadata``. doccano has no review state: export writes
accepted mentions only (suggestions are counted in the report), and no title or metadata.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.errors import InputError, ReaderError
from reader.core.model import DocumentRecord, MentionRecord

from .common import (
    OFFSET_UNITS,
    LiveMentions,
    ProblemList,
    TooManyProblems,
    LostFields,
    ReadResult,
    Units,
    WriteReport,
    check_layer,
    dumps,
    is_int,
    json_records,
    make_mention,
    plural,
)
from .safeio import DEFAULT_MAX_SIZE, zip_members
from .text import decode, json_record_stream, title_of

KNOWN_KEYS = {"id", "text", "data", "label", "entities", "relations", "title"}

Raw = tuple[Any, Any, Any, Any, str]  # start, end (exclusive), label, surface or None, where


def _raw_spans(obj: dict[str, Any], path: str, n: int, errors: list[InputError] | None) -> tuple[str | None, list[Raw], dict[str, Any]]:
    """(text, spans as written, extra) of one record; shape problems go to ``errors`` (if given)."""

    def bad(msg: str) -> None:
        if errors is not None:
            errors.append(InputError(path, msg, line=n))

    text = obj.get("text", obj.get("data"))
    if not isinstance(text, str):
        bad("no 'text' string")
        return None, [], {}
    spans: list[Raw] = []
    extra: dict[str, Any] = {}
    if "entities" in obj:
        ents = obj["entities"] or []
        if not isinstance(ents, list):
            bad("'entities' must be a list")
            return None, [], {}
        ids: list[Any] = []
        for i, e in enumerate(ents, 1):
            if not isinstance(e, dict):
                bad(f"entity {i}: expected an object")
                continue
            spans.append((e.get("start_offset"), e.get("end_offset"), e.get("label"), None, f"entity {i}"))
            ids.append(e.get("id"))
        rels = obj.get("relations") or []
        if not isinstance(rels, list):
            bad("'relations' must be a list")
        extra = {"ids": ids, "relations": rels if isinstance(rels, list) else []}
    elif isinstance(obj.get("label"), dict):  # CLUENER2020: {"type": {"surface": [[start, last]]}}
        for label, by_surface in obj["label"].items():
            if not isinstance(by_surface, dict):
                bad(f"label {label!r}: expected {{surface: [[start, last], ...]}}")
                continue
            for surface, ranges in by_surface.items():
                for r in ranges if isinstance(ranges, list) else [ranges]:
                    if not (isinstance(r, list) and len(r) == 2 and is_int(r[1])):
                        bad(f"label {label!r} {surface!r}: expected [start, last], got {r!r}")
                        continue
                    spans.append((r[0], r[1] + 1, label, surface, f"label {label!r} {surface!r}"))
    else:
        labels = obj.get("label") or []
        if not isinstance(labels, list):
            bad("'label' must be a list of [start, end, label]")
            return None, [], {}
        for i, item in enumerate(labels, 1):
            if not (isinstance(item, list) and len(item) == 3):
                bad(f"label {i}: expected [start, end, label], got {item!r}")
                continue
            spans.append((item[0], item[1], item[2], None, f"label {i}"))
    return text, spans, extra


def _fits(text: str, spans: list[Raw], unit: str) -> bool:
    """Whether every span lies inside the text (and matches its surface) read in ``unit``."""
    units = Units(text, unit)
    for s, e, _label, surface, _ in spans:
        if not is_int(s) or not is_int(e):
            continue  # a shape error, reported by the parse whatever the unit
        a, b = units.to_cp(s), units.to_cp(e)
        if a is None or b is None or a >= b or (surface is not None and text[a:b] != surface):
            return False
    return True


def parse_obj(
    obj: dict[str, Any], path: str, n: int, errors: list[InputError], known_labels: set[str] | None,
    unit: str = "codepoint", warnings: list[InputError] | None = None,
) -> DocumentRecord | None:
    before = len(errors)
    text, spans, dc = _raw_spans(obj, path, n, errors)
    if text is None:
        return None
    units = Units(text, unit)
    mentions: list[MentionRecord] = []
    seen: set[MentionRecord] = set()
    ids: list[list[Any]] = []
    for (s, e, label, surface, where), eid in zip(spans, dc.get("ids", [None] * len(spans))):
        if unit != "codepoint" and is_int(s) and is_int(e):
            a, b = units.to_cp(s), units.to_cp(e)
            if a is None or b is None:
                errors.append(InputError(path, f"{where}: span {s}-{e} does not fit the text counted in {unit} units "
                                               f"(length {units.length})", line=n))
                continue
            s, e = a, b
        m = make_mention(text, s, e, label, where=where, path=path, line=n, errors=errors, surface=surface)
        if m is not None:
            if m in seen:
                continue  # an exact duplicate span: the same mention
            seen.add(m)
            mentions.append(m)
            if eid is not None:
                ids.append([m.start, m.end, m.label, eid])
    mentions = check_layer(mentions, path=path, line=n, errors=errors, known_labels=known_labels)
    if len(errors) > before:
        return None
    extra: dict[str, Any] = {}
    if dc and (dc["relations"] or ids):
        extra["doccano"] = {"entity_ids": ids, "relations": dc["relations"]}
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


def decide_unit(
    records: Iterable[tuple[int, dict[str, Any]]], path: str, warnings: list[InputError]
) -> str | InputError:
    """The unit a file's offsets count in (see the module docstring), or the error refusing it."""
    first_cp_bad: int | None = None
    first_u16_bad: int | None = None
    try:
        for n, obj in records:
            text, spans, _ = _raw_spans(obj, path, n, None)
            if text is None or not spans or all(ord(c) <= 0xFFFF for c in text):
                continue  # the units agree on this record: it tells nothing (its own errors are reported)
            if first_cp_bad is None and not _fits(text, spans, "codepoint"):
                first_cp_bad = n
            if first_u16_bad is None and not _fits(text, spans, "utf16"):
                first_u16_bad = n
    except TooManyProblems:
        pass  # a file this broken is refused by the parse pass
    if first_cp_bad is None:
        return "codepoint"
    if first_u16_bad is None:
        warnings.append(InputError(
            path, "offsets do not fit as code points but do as UTF-16 code units (as doccano's web page "
            "counts): read as UTF-16; give --offsets utf16 to say so, or --offsets codepoint to refuse", line=first_cp_bad))
        return "utf16"
    return InputError(
        path, f"offsets fit neither as code points (this line) nor as UTF-16 code units (line {first_u16_bad}); "
        "if the file counts grapheme clusters give --offsets grapheme", line=first_cp_bad)


def _check_unit(offsets: str | None) -> None:
    if offsets is not None and offsets not in OFFSET_UNITS:
        raise ReaderError(f"unknown offset unit {offsets!r} (use {', '.join(OFFSET_UNITS)})")


def records(
    path: Path, res: ReadResult, *, encoding: str | None = None, known_labels: set[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE, offsets: str | None = None, **_: Any,
) -> Iterator[DocumentRecord]:
    _check_unit(offsets)
    if path.suffix.lower() == ".zip":
        yield from _zip_records(path, res, encoding, known_labels, max_size, offsets)
        return
    p = str(path)
    unit = offsets
    if unit is None:  # a first pass decides how the file counts (streamed: memory stays flat)
        found = decide_unit(json_record_stream(path, encoding, max_size, ProblemList()), p, res.warnings)
        if isinstance(found, InputError):
            res.errors.append(found)
            return
        unit = found
    count = 0
    before = len(res.errors)
    for n, obj in json_record_stream(path, encoding, max_size, res.errors):
        count += 1
        doc = parse_obj(obj, p, n, res.errors, known_labels, unit)
        if doc is not None:
            yield doc
    if not count and len(res.errors) == before:
        res.errors.append(InputError(p, "no records in the file"))


def _zip_records(
    path: Path, res: ReadResult, encoding: str | None, known_labels: set[str] | None, max_size: int, offsets: str | None
) -> Iterator[DocumentRecord]:
    def wanted(name: str) -> bool:
        base = name.rsplit("/", 1)[-1]
        return not name.startswith("__MACOSX") and not base.startswith(".") and base.lower().endswith((".jsonl", ".json"))

    try:
        members = list(zip_members(path, wanted, max_size))
    except InputError as e:
        res.errors.append(e)
        return
    if any(name.rsplit("/", 1)[-1] == "all.jsonl" for name, _ in members):
        members = [(name, data) for name, data in members if name.rsplit("/", 1)[-1] == "all.jsonl"]
    if not members:
        res.errors.append(InputError(path, "the zip holds no .jsonl or .json file"))
        return
    for name, data in members:
        where = f"{path}/{name}"
        try:
            content = decode(data, where, encoding)
        except InputError as e:
            res.errors.append(e)
            continue
        del data
        unit = offsets
        if unit is None:
            found = decide_unit(json_records(content, where, ProblemList()), where, res.warnings)
            if isinstance(found, InputError):
                res.errors.append(found)
                continue
            unit = found
        for n, obj in json_records(content, where, res.errors):
            doc = parse_obj(obj, where, n, res.errors, known_labels, unit)
            if doc is not None:
                yield doc


def read(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records(path, res, **kw))


# ---------------------------------------------------------------- export

def _spans_in(doc: DocumentRecord, ms: list[MentionRecord], unit: str, split: list[int]) -> list[tuple[int, int, MentionRecord]]:
    units = Units(doc.text, unit)
    out = []
    for m in ms:
        a, b = units.from_cp(m.start), units.from_cp(m.end)
        if a is None or b is None:
            split[0] += 1
            continue
        out.append((a, b, m))
    return out


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio", offsets: str | None = None) -> str:
    return "".join(chunks(docs, report, offsets=offsets))


def chunks(docs: Iterable[DocumentRecord], report: WriteReport, *, offsets: str | None = None, **_: Any) -> Iterator[str]:
    _check_unit(offsets)
    unit = offsets or "codepoint"
    layers = LiveMentions(accepted_only=True, fmt="doccano", report=report)
    lost = LostFields("doccano", title=True, keeps_extra="doccano")
    lost_rel = 0
    split = [0]
    for doc in docs:
        ms = layers.of(doc)
        lost.see(doc)
        spans = _spans_in(doc, ms, unit, split)
        dc = doc.extra.get("doccano") if isinstance(doc.extra.get("doccano"), dict) else None
        if dc and dc.get("relations"):
            known = {(s, e, lab): i for s, e, lab, i in dc.get("entity_ids", [])}
            next_id = max([i for i in known.values() if is_int(i)], default=0) + 1
            ents, have = [], set()
            for a, b, m in spans:
                eid = known.get((m.start, m.end, m.label))
                if eid is None:
                    eid, next_id = next_id, next_id + 1
                have.add(eid)
                ents.append({"id": eid, "label": m.label, "start_offset": a, "end_offset": b})
            rels = [r for r in dc["relations"] if isinstance(r, dict) and r.get("from_id") in have and r.get("to_id") in have]
            lost_rel += len(dc["relations"]) - len(rels)
            obj: dict[str, Any] = {"id": doc.id, "text": doc.text, "entities": ents, "relations": rels}
        else:
            obj = {"id": doc.id, "text": doc.text, "label": [[a, b, m.label] for a, b, m in spans]}
        yield dumps(obj) + "\n"
    layers.note()
    lost.note(report)
    if lost_rel:
        report.dropped.append(f"{plural(lost_rel, 'relation')} not written: an end mention is no longer exported")
    if split[0]:
        report.dropped.append(f"{plural(split[0], 'mention')} not written: they split a {unit} unit")


def cluener_chunks(docs: Iterable[DocumentRecord], report: WriteReport, **_: Any) -> Iterator[str]:
    """CLUENER2020 JSON lines: ``{"text", "label": {LABEL: {surface: [[start, last], ...]}}}``."""
    layers = LiveMentions(accepted_only=True, fmt="CLUENER", report=report)
    lost = LostFields("CLUENER", title=True)
    for doc in docs:
        ms = layers.of(doc)
        lost.see(doc)
        label: dict[str, dict[str, list[list[int]]]] = {}
        for m in ms:
            label.setdefault(m.label, {}).setdefault(doc.text[m.start:m.end], []).append([m.start, m.end - 1])
        yield dumps({"text": doc.text, "label": label}) + "\n"
    layers.note()
    lost.note(report)


def cluener_dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    return "".join(cluener_chunks(docs, report))
