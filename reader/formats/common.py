"""Helpers shared by the format modules: mention checks, JSON line reading, export filtering.

Every check reports an :class:`InputError` with ``FILE:LINE`` instead of raising, so that one
import pass reports every bad record. Offsets are code points (Python ``str`` indices), end
exclusive, into the text exactly as stored.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from reader.core.errors import InputError
from reader.core.model import DocumentRecord, MentionRecord, Origin, Status

from .safeio import MAX_JSON_DEPTH, _no_constant, check_json, load_json


MAX_PROBLEMS = 1000
"""A read stops after this many errors (or warnings): memory and time stay bounded on garbage."""


class TooManyProblems(Exception):
    """Raised by :class:`ProblemList` once it is full; :func:`reader.formats.registry.iter_read`
    stops reading (not an InputError: readers do not catch it)."""


class ProblemList(list):  # type: ignore[type-arg]
    """A list of problems that holds at most :data:`MAX_PROBLEMS`; one more ends the read."""

    def append(self, item: InputError) -> None:  # type: ignore[override]
        if len(self) >= MAX_PROBLEMS:
            super().append(InputError(item.path, f"more than {MAX_PROBLEMS} problems: stopped reading here", line=item.line))
            raise TooManyProblems()
        super().append(item)

    def extend(self, items: Iterable[InputError]) -> None:  # type: ignore[override]
        for item in items:
            self.append(item)


@dataclass
class ReadResult:
    """What a read gives: the documents, and every problem found (collected, not raised).

    ``warnings`` are things skipped on purpose (a brat discontinuous span, a Prodigy task answered
    "reject"): the import may go on, but the user should see them.
    """

    docs: list[DocumentRecord] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=ProblemList)
    warnings: list[InputError] = field(default_factory=ProblemList)
    stopped: bool = False
    """Reading stopped early after :data:`MAX_PROBLEMS` problems: the rest of the input was not read."""

    def collect(self, docs: Iterable[DocumentRecord]) -> ReadResult:
        """Add the documents a streaming reader yields (it adds its problems to this result)."""
        try:
            for doc in docs:
                self.docs.append(doc)
        except TooManyProblems:
            self.stopped = True
        return self

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


MAX_LABEL = 64


def label_problem(label: str) -> str | None:
    """Why ``label`` cannot be a label name (None if it can): every format must be able to write
    it back, so no whitespace, no control characters, at most 64 characters."""
    if len(label) > MAX_LABEL:
        return f"label {label[:20]!r}... is longer than {MAX_LABEL} characters"
    if any(c.isspace() or ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or 0xD800 <= ord(c) < 0xE000 for c in label):
        return f"label {label!r} holds whitespace or control characters"
    return None


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
    problem = label_problem(label)
    if problem:
        bad(problem)
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
        obj = load_json(line, path, n)
    except InputError as e:
        errors.append(e)
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


class LiveMentions:
    """Per document, the mentions a format without review state writes (sorted, flat), counting
    what it leaves out; :meth:`note` names that in the report. Streams: one document at a time.

    Rejected mentions are never exported. With ``accepted_only`` suggestions are left out and
    counted; overlapping mentions (a flat format cannot hold them) are left out too.
    """

    def __init__(self, *, accepted_only: bool, fmt: str, report: WriteReport) -> None:
        self.accepted_only, self.fmt, self.report = accepted_only, fmt, report
        self.suggested = self.overlapping = 0

    def of(self, doc: DocumentRecord) -> list[MentionRecord]:
        keep: list[MentionRecord] = []
        for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.label)):
            if m.status is Status.REJECTED:
                continue
            if self.accepted_only and m.status is not Status.ACCEPTED:
                self.suggested += 1
                continue
            if keep and m.start < keep[-1].end:
                self.overlapping += 1
                continue
            keep.append(m)
        return keep

    def note(self) -> None:
        if self.suggested:
            self.report.dropped.append(
                f"{self.suggested} suggested mention{'s' if self.suggested != 1 else ''} not written: "
                f"{self.fmt} holds accepted annotations only"
            )
        if self.overlapping:
            self.report.dropped.append(
                f"{self.overlapping} overlapping mention{'s' if self.overlapping != 1 else ''} not written: "
                f"{self.fmt} holds one flat layer"
            )


def live_mentions(
    docs: Iterable[DocumentRecord], *, accepted_only: bool, fmt: str, report: WriteReport
) -> list[list[MentionRecord]]:
    """:class:`LiveMentions` of a whole list of documents."""
    lm = LiveMentions(accepted_only=accepted_only, fmt=fmt, report=report)
    out = [lm.of(d) for d in docs]
    lm.note()
    return out


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


class LostFields:
    """Collects, document by document, the fields a format does not write (metadata, extra,
    titles); :meth:`note` names them in the report. ``keeps_extra`` is the ``extra`` key the
    format writes back (e.g. ``"brat"``)."""

    def __init__(self, fmt: str, *, title: bool = False, keeps_extra: str | None = None, keeps_metadata: bool = False) -> None:
        self.fmt, self.title, self.keeps_extra, self.keeps_metadata = fmt, title, keeps_extra, keeps_metadata
        self.metadata = self.extra = self.titles = False

    def see(self, doc: DocumentRecord) -> None:
        self.metadata = self.metadata or (not self.keeps_metadata and bool(doc.metadata))
        self.extra = self.extra or any(k != self.keeps_extra for k in doc.extra)
        self.titles = self.titles or (self.title and bool(doc.title))

    def note(self, report: WriteReport) -> None:
        lost = ["metadata"] if self.metadata else []
        if self.extra:
            lost.append("format-specific data (relations, notes)")
        if self.titles:
            lost.insert(0, "titles")
        if lost:
            report.dropped.append(f"{' and '.join(lost)} not written: {self.fmt} does not hold them")


def note_lost(
    docs: list[DocumentRecord], report: WriteReport, fmt: str, *, title: bool = False, keeps_extra: str | None = None,
    keeps_metadata: bool = False,
) -> None:
    """Name in ``report`` the document fields a format does not write (see :class:`LostFields`)."""
    lf = LostFields(fmt, title=title, keeps_extra=keeps_extra, keeps_metadata=keeps_metadata)
    for d in docs:
        lf.see(d)
    lf.note(report)


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
    dec = json.JSONDecoder(parse_constant=_no_constant)
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
            check_json(obj, path, line)
        except json.JSONDecodeError as e:
            errors.append(InputError(path, f"not valid JSON: {e.msg} (column {e.colno})", line=e.lineno))
            return
        except RecursionError:
            errors.append(InputError(path, f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)", line=line))
            return
        except InputError as e:
            errors.append(e)
            return
        except ValueError as e:  # a number beyond the digit limit
            errors.append(InputError(path, f"not valid JSON: {str(e).split(';')[0]}", line=line))
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


# ---------------------------------------------------------------- offset units

OFFSET_UNITS = ("codepoint", "utf16", "grapheme")
"""How a tool counts offsets: code points (Python, reader), UTF-16 code units (JavaScript: the
doccano and Label Studio front ends), or user-perceived characters (grapheme clusters)."""


def _hangul(o: int) -> str:
    if 0x1100 <= o <= 0x115F or 0xA960 <= o <= 0xA97F:
        return "L"
    if 0x1160 <= o <= 0x11A7 or 0xD7B0 <= o <= 0xD7C6:
        return "V"
    if 0x11A8 <= o <= 0x11FF or 0xD7CB <= o <= 0xD7FB:
        return "T"
    if 0xAC00 <= o <= 0xD7A3:
        return "LV" if (o - 0xAC00) % 28 == 0 else "LVT"
    return ""


def _extends(c: str) -> bool:
    o = ord(c)
    if o < 0x300:
        return False
    return (
        unicodedata.category(c) in ("Mn", "Me", "Mc") or o == 0x200D or 0x1F3FB <= o <= 0x1F3FF
        or 0xE0020 <= o <= 0xE007F or 0xFE00 <= o <= 0xFE0F
    )


def _pictographic(o: int) -> bool:
    return o >= 0x1F000 or 0x2190 <= o <= 0x2BFF or o in (0x00A9, 0x00AE, 0x203C, 0x2049, 0x2122, 0x2139, 0x3030, 0x303D)


def grapheme_starts(text: str) -> list[int]:
    """Code-point offsets where each grapheme cluster starts, then ``len(text)``.

    The extended grapheme cluster rules of UAX #29 that matter for text: CR LF, combining
    marks, variation selectors, emoji modifiers and tags, ZWJ emoji sequences, flag pairs and
    Hangul syllables (not the Indic conjunct or prepend rules)."""
    starts: list[int] = []
    prev = ""
    ri_run = 0
    for i, c in enumerate(text):
        o = ord(c)
        join = False
        if i:
            if prev == "\r" and c == "\n":
                join = True
            elif prev in "\r\n" or (unicodedata.category(prev) in ("Cc", "Zl", "Zp")):
                join = False
            elif c in "\r\n" or unicodedata.category(c) in ("Cc", "Zl", "Zp"):
                join = False
            elif _extends(c):
                join = True
            elif prev == "\u200d" and _pictographic(o):
                join = True
            elif 0x1F1E6 <= o <= 0x1F1FF and ri_run % 2 == 1:
                join = True
            else:
                hp, hc = _hangul(ord(prev)), _hangul(o)
                join = bool(hp and hc) and (
                    (hp == "L" and hc in ("L", "V", "LV", "LVT")) or (hp in ("LV", "V") and hc in ("V", "T"))
                    or (hp in ("LVT", "T") and hc == "T")
                )
        if not join:
            starts.append(i)
        ri_run = ri_run + 1 if 0x1F1E6 <= o <= 0x1F1FF else 0
        prev = c
    starts.append(len(text))
    return starts


class Units:
    """Converts offsets between code points and another unit (see :data:`OFFSET_UNITS`)."""

    def __init__(self, text: str, unit: str) -> None:
        self.unit = unit
        self.n = len(text)
        self.bounds: list[int] | None = None  # unit offset k -> code point of boundary k
        if unit == "utf16" and any(ord(c) > 0xFFFF for c in text):
            cum, bounds, pos = [0], [], 0
            for i, c in enumerate(text):
                pos += 2 if ord(c) > 0xFFFF else 1
                cum.append(pos)
            self.cum = cum  # code point -> utf16 offset
            bounds = [-1] * (pos + 1)
            for i, u in enumerate(cum):
                bounds[u] = i
            self.bounds = bounds
        elif unit == "grapheme":
            starts = grapheme_starts(text)
            if len(starts) != self.n + 1:
                self.bounds = starts
                self.index = {cp: k for k, cp in enumerate(starts)}

    @property
    def length(self) -> int:
        return self.n if self.bounds is None else len(self.bounds) - 1

    def to_cp(self, off: int) -> int | None:
        """Code point of a unit offset, or None (outside the text, or inside a character)."""
        if self.bounds is None:
            return off if 0 <= off <= self.n else None
        if not 0 <= off < len(self.bounds):
            return None
        cp = self.bounds[off]
        return None if cp < 0 else cp

    def from_cp(self, cp: int) -> int | None:
        """Unit offset of a code point, or None when it falls inside a cluster."""
        if self.bounds is None:
            return cp
        if self.unit == "utf16":
            return self.cum[cp]
        return self.index.get(cp)
