"""Review workflow and entities across mentions: a document's review status, entity aliases and
mentions in context (KWIC). Plain data, no Qt, no SQL.

- A document's **review status** goes ``new`` → ``in_progress`` (the first edit a person makes)
  → ``done`` (the person marks it). A change of status is part of an :class:`~reader.core.edits.Edit`,
  so it is undone like any other change.
- An **entity** here is a label and a surface (``ORG``, ``德州经开区``). An **alias** says that one
  entity is another: ``(ORG, 天衢新区)`` → ``(ORG, 山东省德州经济开发区)``. Every entity has one
  canonical entity (itself when it is no one's alias); its :func:`entity_id` is what exports write.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum


class DocStatus(StrEnum):
    """Where a document stands in review."""

    NEW = "new"
    """No one has changed anything yet (the extractor's suggestions do not count)."""
    IN_PROGRESS = "in_progress"
    """A person has made at least one edit."""
    DONE = "done"
    """A person marked it reviewed."""

    @classmethod
    def parse(cls, value: str) -> DocStatus:
        """``new``, ``in_progress`` (or ``in-progress``, ``in progress``) or ``done``."""
        key = value.strip().lower().replace("-", "_").replace(" ", "_")
        try:
            return cls(key)
        except ValueError:
            raise ValueError(f"unknown document status {value!r} (use new, in_progress or done)") from None


Entity = tuple[str, str]
"""(label, surface)."""


@dataclass(frozen=True, slots=True)
class Alias:
    """``(label, surface)`` is another name of ``(canonical_label, canonical_surface)``."""

    label: str
    surface: str
    canonical_label: str
    canonical_surface: str

    @property
    def entity(self) -> Entity:
        return (self.label, self.surface)

    @property
    def canonical(self) -> Entity:
        return (self.canonical_label, self.canonical_surface)

    def to_json(self) -> list[str]:
        return [self.label, self.surface, self.canonical_label, self.canonical_surface]

    @classmethod
    def from_json(cls, row: list[str]) -> Alias:
        label, surface, clabel, csurface = row
        return cls(str(label), str(surface), str(clabel), str(csurface))


def entity_id(label: str, surface: str) -> str:
    """The id exports write for an entity: its canonical label and surface (``ORG:新华社``)."""
    return f"{label}:{surface}"


@dataclass(frozen=True, slots=True)
class AliasProposal:
    """A short name defined in a text (``……公司（以下简称“华创”）``): ``short`` may be an alias of ``full``."""

    label: str
    full: str
    short: str
    doc_id: int
    start: int
    """Where the definition starts (the full name's mention)."""


SHORT_NAME = re.compile(
    r"[（(]\s*(?:以下)?(?:简称|下称|简称为)\s*[:：]?\s*[“\"「『‘]([^”\"」』’（）()，。、；：\s]{2,12})[”\"」』’]\s*[）)]"
)
"""A short name defined in the text: （以下简称“华创融盛”）; group 1 is the short name."""


KWIC_WIDTH = 15


@dataclass(frozen=True, slots=True)
class KwicLine:
    """One mention in context: ``left`` and ``right`` are up to ``width`` characters either side."""

    doc_id: int
    mention_id: int
    start: int
    end: int
    label: str
    left: str
    match: str
    right: str


_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]")


def kwic(text: str, start: int, end: int, width: int = KWIC_WIDTH) -> tuple[str, str, str]:
    """``text[start:end]`` with up to ``width`` code points either side; line breaks and tabs in
    the context become spaces so a line stays one line."""
    left = _BREAKS.sub(" ", text[max(0, start - width) : start])
    right = _BREAKS.sub(" ", text[end : end + width])
    return left, text[start:end], right
