"""Label Studio JSON: an array of tasks, for a ``<Labels name="label" toName="text">`` project.

Export (``indent=2``, ``ensure_ascii=False``, one trailing ``\\n``)::

    [{"id": 1, "data": {"text": "...", "title": "..."},
      "annotations": [{"result": [{"id": "m1", "from_name": "label", "to_name": "text", "type": "labels",
                                   "value": {"start": 0, "end": 3, "text": "新华社", "labels": ["ORG"]}}]}],
      "predictions": [{"model_version": "reader", "result": [...]}],
      "meta": {...}}]

Accepted mentions go to ``annotations``, suggestions to ``predictions`` (empty list when none),
rejected ones nowhere; ``meta`` (the document metadata) appears only when there is some (on
import, ``data`` fields other than ``text`` and ``title`` join it). Origin
is not kept: on import annotations are accepted (origin ``import``), predictions are suggested
(origin ``model``). Offsets are code points; on import a region whose ``value.text`` does not
match its offsets but matches them read as UTF-16 code units (what the Label Studio frontend
counts, LS#1347) is converted, otherwise it is an error.

Import also takes the JSON-MIN export (``[{"text": ..., "label": [{"start", "end", "text",
"labels"}]}]``) and a single task object. Results of other types (relations, choices...) are
kept in ``extra["labelstudio"]`` and written back. Errors name the record: ``record 3``
(1-based position in the array).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.errors import InputError
from reader.core.model import DocumentRecord, MentionRecord, Origin, Status

from .common import ReadResult, WriteReport, check_layer, is_int, make_mention
from .safeio import DEFAULT_MAX_SIZE
from .text import json_objects, title_of


def _regions(
    results: Any, text: str, path: str, where: str, errors: list[InputError], ids: list[list[Any]],
    other: list[Any], origin: Origin, status: Status, line: int | None = None,
) -> list[MentionRecord]:
    out: list[MentionRecord] = []
    if not isinstance(results, list):
        errors.append(InputError(path, f"{where}: 'result' must be a list", line=line))
        return out
    for j, r in enumerate(results, 1):
        w = f"{where}, result {j}"
        if not isinstance(r, dict):
            errors.append(InputError(path, f"{w}: expected an object", line=line))
            continue
        value = r.get("value", r)
        if r.get("type", "labels") not in ("labels", "hypertextlabels") or not isinstance(value, dict) or "labels" not in value:
            if status is Status.ACCEPTED:
                other.append(r)
            continue
        labels = value.get("labels")
        if not isinstance(labels, list) or len(labels) != 1:
            errors.append(InputError(path, f"{w}: expected exactly one label, got {labels!r}", line=line))
            continue
        m = make_mention(text, value.get("start"), value.get("end"), labels[0], where=w, path=path,
                         errors=errors, surface=value.get("text"), origin=origin, status=status, utf16_fallback=True, line=line)
        if m is not None:
            out.append(m)
            if "id" in r and status is Status.ACCEPTED:
                ids.append([m.start, m.end, m.label, r["id"]])
    return out


def parse_task(
    task: Any, i: int, path: str, res: ReadResult, known_labels: set[str] | None, line: int | None = None
) -> DocumentRecord | None:
    where = f"record {i}"
    errors = res.errors
    before = len(errors)
    if not isinstance(task, dict):
        errors.append(InputError(path, f"{where}: expected a task object", line=line))
        return None
    data = task.get("data")
    if isinstance(data, dict):
        text = data.get("text")
        if text is None:
            strings = [v for v in data.values() if isinstance(v, str)]
            text = strings[0] if len(strings) == 1 else None
        title = data.get("title")
    else:
        text, title = task.get("text"), task.get("title")
    if not isinstance(text, str):
        errors.append(InputError(path, f"{where}: no text (expected data.text)", line=line))
        return None
    ids: list[list[Any]] = []
    other: list[Any] = []
    accepted: list[MentionRecord] = []
    if isinstance(data, dict):
        for k, ann in enumerate(task.get("annotations") or task.get("completions") or [], 1):
            if isinstance(ann, dict) and not ann.get("was_cancelled"):
                accepted += _regions(ann.get("result", []), text, path, f"{where}, annotation {k}", errors, ids, other,
                                     Origin.IMPORT, Status.ACCEPTED, line)
        suggested: list[MentionRecord] = []
        for k, pred in enumerate(task.get("predictions") or [], 1):
            if isinstance(pred, dict):
                suggested += _regions(pred.get("result", []), text, path, f"{where}, prediction {k}", errors, ids, other,
                                      Origin.MODEL, Status.SUGGESTED, line)
    else:  # JSON-MIN
        suggested = []
        for key, val in task.items():
            if isinstance(val, list) and val and all(isinstance(v, dict) and "labels" in v for v in val):
                accepted += _regions(val, text, path, f"{where}, {key}", errors, ids, other, Origin.IMPORT, Status.ACCEPTED, line)
    accepted = list(dict.fromkeys(accepted))  # several annotators may give the same region
    keep = []
    for s in dict.fromkeys(suggested):
        if any(a.start == s.start and a.end == s.end and a.label == s.label for a in accepted):
            continue
        if any(a.start < s.end and s.start < a.end for a in accepted) or any(k.start < s.end and s.start < k.end for k in keep):
            res.warnings.append(InputError(path, f"{where}: prediction {s.start}-{s.end} {s.label} overlaps an annotation: skipped", line=line))
            continue
        keep.append(s)
    mentions = check_layer(accepted + keep, path=path, line=line, errors=errors, known_labels=known_labels, where=where)
    if len(errors) > before:
        return None
    meta = dict(task.get("meta")) if isinstance(task.get("meta"), dict) else {}
    if isinstance(data, dict):  # other task data (url, date...) is document metadata
        meta.update({k: v for k, v in data.items() if k not in ("text", "title") and k not in meta})
    extra = {"labelstudio": {"ids": ids, "other": other}} if other else {}
    doc_id = task.get("id")
    return DocumentRecord(
        text=text,
        title=title if isinstance(title, str) and title else title_of(text, f"{Path(path).stem}-{i}"),
        mentions=mentions, metadata=dict(meta), id=doc_id if is_int(doc_id) else None, extra=extra,
    )


def records(
    path: Path, res: ReadResult, *, encoding: str | None = None, known_labels: set[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE, **_: Any,
) -> Iterator[DocumentRecord]:
    """The tasks of a JSON array, streamed one task at a time (or a single task object)."""
    p = str(path)
    count = 0
    before = len(res.errors)
    for line, task in json_objects(path, encoding, max_size, res.errors):
        count += 1
        if count == 1 and not isinstance(task, (dict, list)):
            res.errors.append(InputError(p, "expected a JSON array of tasks"))
            return
        doc = parse_task(task, count, p, res, known_labels, line)
        if doc is not None:
            yield doc
    if not count and len(res.errors) == before:
        res.errors.append(InputError(p, "no tasks in the array"))


def read(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records(path, res, **kw))


def _result(rid: Any, text: str, m: MentionRecord) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": rid, "from_name": "label", "to_name": "text", "type": "labels",
        "value": {"start": m.start, "end": m.end, "text": text[m.start:m.end], "labels": [m.label]},
    }
    if m.entity:  # the region's meta: the id of the (canonical) entity it names
        out["meta"] = {"entity": m.entity}
    return out


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    return "".join(chunks(docs, report))


def chunks(docs: Iterable[DocumentRecord], report: WriteReport, **_: Any) -> Iterator[str]:
    """The JSON array, one task at a time: the same bytes as ``json.dumps(tasks, indent=2)``."""
    overlapping = 0
    lost = 0
    first = True
    for doc in docs:
        lost += any(k != "labelstudio" for k in doc.extra)
        ls = doc.extra.get("labelstudio") if isinstance(doc.extra.get("labelstudio"), dict) else {}
        known = {(s, e, lab): rid for s, e, lab, rid in ls.get("ids", [])}
        ann: list[dict[str, Any]] = []
        pred: list[dict[str, Any]] = []
        last_end = -1
        n = 0
        for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.label)):
            if m.status is Status.REJECTED:
                continue
            if m.start < last_end:
                overlapping += 1
                continue
            last_end = m.end
            n += 1
            if m.status is Status.ACCEPTED:
                ann.append(_result(known.get((m.start, m.end, m.label), f"m{n}"), doc.text, m))
            else:
                pred.append(_result(f"m{n}", doc.text, m))
        ann.extend(ls.get("other", []))
        data: dict[str, Any] = {"text": doc.text, "title": doc.title}
        task: dict[str, Any] = {
            "id": doc.id,
            "data": data,
            "annotations": [{"result": ann}],
            "predictions": [{"model_version": "reader", "result": pred}] if pred else [],
        }
        if doc.metadata:
            task["meta"] = doc.metadata
        body = json.dumps(task, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        yield ("[\n  " if first else ",\n  ") + body
        first = False
    yield "[]\n" if first else "\n]\n"
    if overlapping:
        report.dropped.append(f"{overlapping} overlapping mention(s) not written: one flat layer per task")
    if lost:
        report.dropped.append(f"format-specific data (relations, notes) of {lost} document(s) not written to Label Studio")
