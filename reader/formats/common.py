"""Helpers shared by the format modules: mention checks, JSON line reading, export filtering.

Every check reports an :class:`InputError` with ``FILE:LINE`` instead of raising, so that one
import pass reports every bad record. Offsets are code points (Python ``str`` indices), end
exclusive, into the text exactly as stored.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.core.errors import InputError
from reader.core.model import DocumentRecord, MentionRecord, Origin, Status


@dataclass
class ReadResult:
    """What a read gives: the documents, and every problem found (collected, not raised).

    ``warnings`` are things skipped on purpose (a brat discontinuous span, a Prodigy task answered
    "reject"): the import may go on, but the user should see them.
    """

    docs: list[DocumentRecord] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)
    warnings: list[InputError] = field(default_factory=list)

    def extend(self, other: ReadResult) -> None:
        self.docs.extend(other.docs)
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)


@dataclass
class WriteReport:
    """Human lines naming what the target format could not hold."""

    dropped: list[str] = field(default_factory=list)


def is_int(v: Any) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def utf16_to_cp(text: str, offset: int) -> int | None:
    """Convert a UTF-16 code-unit offset (what JavaScript tools count) to a code-point offset."""
    units = 0
    for i, ch in enumerate(text):
        if units == offset:
            return i
        units += 2 if ord(ch) > 0xFFFF else 1
        if units > offset:
            return None  # inside a surrogate pair
    return len(text) if units == offset else None


def make_mention(
    text: str,
    start: Any,
    end: Any,
    label: Any,
    *,
    where: str,
    path: str,
    line: int | None,
    errors: list[InputError],
    surface: Any = None,
    origin: Origin = Origin.IMPORT,
    status: Status = Status.ACCEPTED,
    utf16_fallback: bool = False,
) -> MentionRecord | None:
    """Check one span and build its record; on a problem append an error and return None.

    ``where`` names the span inside the record (e.g. ``"span 2"``) for the message. When
    ``surface`` is given, ``text[start:end]`` must equal it. With ``utf16_fallback`` offsets that
    fail the check but match ``surface`` as UTF-16 code units (a JavaScript tool's count) are
    converted; without a surface nothing is guessed.
    """

    def bad(msg: str) -> None:
        errors.append(InputError(path, f"{where}: {msg}", line=line))

    if not is_int(start) or not is_int(end):
        bad(f"offsets must be integers, got start={start!r} end={end!r}")
        return None
    if not isinstance(label, str) or not label.strip():
        bad(f"label must be a non-empty string, got {label!r}")
        return None
    if surface is not None and not isinstance(surface, str):
        bad(f"span text must be a string, got {surface!r}")
        return None
    fits = 0 <= start < end <= len(text) and (surface is None or text[start:end] == surface)
    if not fits and utf16_fallback and surface is not None:
        s16, e16 = utf16_to_cp(text, start), utf16_to_cp(text, end)
        if s16 is not None and e16 is not None and s16 < e16 and text[s16:e16] == surface:
            start, end = s16, e16
    if start < 0 or end > len(text):
        bad(f"span {start}-{end} lies outside the text (length {len(text)})")
        return None
    if start >= end:
        bad(f"span {start}-{end} is empty or reversed")
        return None
    if surface is not None and text[start:end] != surface:
        bad(f"span {start}-{end} covers {text[start:end]!r} but the file says {surface!r}")
        return None
    return MentionRecord(start, end, label, origin, status)


def check_layer(
    mentions: list[MentionRecord],
    *,
    path: str,
    line: int | None,
    errors: list[InputError],
    known_labels: set[str] | None,
    where: str = "",
) -> list[MentionRecord]:
    """Sort mentions; report unknown labels and overlaps among live (not rejected) mentions."""
    prefix = f"{where}: " if where else ""
    ok = True
    if known_labels is not None:
        for m in mentions:
            if m.label not in known_labels:
                errors.append(InputError(path, f"{prefix}unknown label {m.label!r}", line=line))
                ok = False
    ordered = sorted(mentions, key=lambda m: (m.start, m.end, m.label, m.status))
    live = [m for m in ordered if m.status is not Status.REJECTED]
    for a, b in zip(live, live[1:]):
        if b.start < a.end:
            errors.append(
                InputError(
                    path,
                    f"{prefix}spans overlap: {a.start}-{a.end} {a.label} and {b.start}-{b.end} {b.label}",
                    line=line,
                )
            )
            ok = False
    return ordered if ok else []


def json_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line) for each non-blank line; splits on ``\\n`` only (never U+2028)."""
    for n, raw in enumerate(text.split("\n"), 1):
        line = raw[:-1] if raw.endswith("\r") else raw
        if line.strip():
            yield n, line


def load_json_line(line: str, path: str, n: int, errors: list[InputError]) -> dict[str, Any] | None:
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as e:
        errors.append(InputError(path, f"not valid JSON: {e.msg} (column {e.colno})", line=n))
        return None
    if not isinstance(obj, dict):
        errors.append(InputError(path, f"expected a JSON object, got {type(obj).__name__}", line=n))
        return None
    return obj


def get_text(obj: dict[str, Any], key: str, path: str, n: int | None, errors: list[InputError], where: str = "") -> str | None:
    prefix = f"{where}: " if where else ""
    if key not in obj:
        errors.append(InputError(path, f"{prefix}no {key!r} field", line=n))
        return None
    text = obj[key]
    if not isinstance(text, str):
        errors.append(InputError(path, f"{prefix}{key!r} must be a string, got {type(text).__name__}", line=n))
        return None
    return text


def dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False)


def live_mentions(
    docs: Iterable[DocumentRecord], *, accepted_only: bool, fmt: str, report: WriteReport
) -> list[list[MentionRecord]]:
    """Per document, the mentions a format without review state writes (sorted, flat).

    Rejected mentions are never exported. With ``accepted_only`` suggestions are left out and
    counted in ``report``; overlapping mentions (a flat format cannot hold them) are left out too.
    """
    out: list[list[MentionRecord]] = []
    suggested = overlapping = 0
    for doc in docs:
        keep: list[MentionRecord] = []
        for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.label)):
            if m.status is Status.REJECTED:
                continue
            if accepted_only and m.status is not Status.ACCEPTED:
                suggested += 1
                continue
            if keep and m.start < keep[-1].end:
                overlapping += 1
                continue
            keep.append(m)
        out.append(keep)
    if suggested:
        report.dropped.append(
            f"{suggested} suggested mention{'s' if suggested != 1 else ''} not written: "
            f"{fmt} holds accepted annotations only"
        )
    if overlapping:
        report.dropped.append(
            f"{overlapping} overlapping mention{'s' if overlapping != 1 else ''} not written: "
            f"{fmt} holds one flat layer"
        )
    return out


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def note_lost(
    docs: list[DocumentRecord], report: WriteReport, fmt: str, *, title: bool = False, keeps_extra: str | None = None,
    keeps_metadata: bool = False,
) -> None:
    """Name in ``report`` the document fields a format does not write (metadata, extra, titles).

    ``keeps_extra`` is the ``extra`` key the format writes back (e.g. ``"brat"``).
    """
    lost = ["metadata"] if not keeps_metadata and any(d.metadata for d in docs) else []
    if any(k != keeps_extra for d in docs for k in d.extra):
        lost.append("format-specific data (relations, notes)")
    if title and any(d.title for d in docs):
        lost.insert(0, "titles")
    if lost:
        report.dropped.append(f"{' and '.join(lost)} not written: {fmt} does not hold them")


def json_records(content: str, path: str, errors: list[InputError]) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) for each record of JSON Lines, or of a JSON array (doccano's JSON export).

    In an array the line is where the record starts, so errors still read ``FILE:LINE``.
    """
    if not content.lstrip().startswith("["):
        for n, line in json_lines(content):
            obj = load_json_line(line, path, n, errors)
            if obj is not None:
                yield n, obj
        return
    dec = json.JSONDecoder()
    i, line, counted = content.index("[") + 1, 1, 0
    while True:
        while i < len(content) and content[i] in " \t\r\n":
            i += 1
        line += content.count("\n", counted, i)
        counted = i
        if i >= len(content):
            errors.append(InputError(path, "JSON array not closed with ']'", line=line))
            return
        if content[i] == "]":
            return
        try:
            obj, i = dec.raw_decode(content, i)
        except json.JSONDecodeError as e:
            errors.append(InputError(path, f"not valid JSON: {e.msg} (column {e.colno})", line=e.lineno))
            return
        if isinstance(obj, dict):
            yield line, obj
        else:
            errors.append(InputError(path, f"expected a JSON object, got {type(obj).__name__}", line=line))
        while i < len(content) and content[i] in " \t\r\n":
            i += 1
        if i < len(content) and content[i] == ",":
            i += 1
        elif i < len(content) and content[i] == "]":
            return
        else:
            line += content.count("\n", counted, i)
            errors.append(InputError(path, "expected ',' or ']' after a record", line=line))
            return
