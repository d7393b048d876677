"""Domain objects. Plain frozen dataclasses: no Qt, no SQL.

Offsets everywhere are Python code-point indices into the document text exactly as
stored, ``end`` exclusive: ``text[start:end]`` is the mention's surface.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any, NewType

DocId = NewType("DocId", int)
MentionId = NewType("MentionId", int)


class Origin(StrEnum):
    """Who proposed a mention."""

    MODEL = "model"
    RULE = "rule"
    USER = "user"
    IMPORT = "import"
    LEXICON = "lexicon"


class Status(StrEnum):
    """Where a mention stands in review."""

    SUGGESTED = "suggested"
    """Proposed by the extractor, not yet reviewed (drawn underlined)."""
    ACCEPTED = "accepted"
    """Confirmed by a person, or imported as annotation (drawn filled)."""
    REJECTED = "rejected"
    """Turned down: kept so that it is not suggested again, never shown or exported as an entity."""


@dataclass(frozen=True, slots=True)
class Span:
    """A labelled stretch of text without identity: what an extractor or a file gives."""

    start: int
    end: int
    label: str
    origin: Origin = Origin.MODEL

    def overlaps(self, other: Span | Mention) -> bool:
        return self.start < other.end and other.start < self.end


@dataclass(frozen=True, slots=True)
class Mention:
    """A labelled span in one document, with identity and review state."""

    id: MentionId
    doc_id: DocId
    start: int
    end: int
    label: str
    origin: Origin = Origin.USER
    status: Status = Status.ACCEPTED

    @property
    def live(self) -> bool:
        """Shown and exported: suggested or accepted (not rejected)."""
        return self.status is not Status.REJECTED

    def overlaps(self, other: Span | Mention) -> bool:
        return self.start < other.end and other.start < self.end

    def with_(self, **changes: Any) -> Mention:
        return replace(self, **changes)


def text_sha256(text: str) -> str:
    """Content hash of a document text (UTF-8), used to detect a second import of the same text.
    A long text is hashed a megabyte at a time (never a whole UTF-8 copy of it)."""
    h = hashlib.sha256()
    for i in range(0, len(text), _HASH_PIECE):
        h.update(text[i : i + _HASH_PIECE].encode("utf-8"))
    return h.hexdigest()


_HASH_PIECE = 1 << 20


@dataclass(frozen=True, slots=True)
class Document:
    """A text in the library. The text never changes once stored, so offsets never drift."""

    id: DocId
    title: str
    text: str
    source: str = ""
    metadata: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)

    @property
    def sha256(self) -> str:
        return text_sha256(self.text)


@dataclass(frozen=True, slots=True)
class MentionRecord:
    """A mention as files carry it: no id, no document."""

    start: int
    end: int
    label: str
    origin: Origin = Origin.IMPORT
    status: Status = Status.ACCEPTED
    attributes: tuple[tuple[str, str], ...] = ()
    """Facts about the mention that are not its label, as (name, value) pairs: a byline name's
    ``("role", "reporter")``. Derived on export (from a page's structure), not stored."""
    entity: str = field(default="", compare=False)
    """On export, the id of the (canonical) entity this mention names (see :mod:`reader.core.review`)."""


@dataclass(slots=True)
class DocumentRecord:
    """A document as files carry it: what import produces and export consumes.

    ``id`` is the library id on export, and whatever the file said (or None) on import.
    ``extra`` keeps format-specific data that has no column of its own (doccano relations,
    brat lines other than T lines) so that a round trip loses nothing.
    """

    text: str
    title: str = ""
    mentions: list[MentionRecord] = field(default_factory=list)
    metadata: dict[str, Any] = field(default_factory=dict)
    id: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)
