"""The structure of a page, as data: blocks with roles, articles, section labels, joins, gaps.

Offsets are code points into the page text, end exclusive; the page text is never changed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

ROLES = ("headline", "byline", "intertitle", "body", "caption")
CREDIT_ROLES = ("reporter", "correspondent", "photographer")


@dataclass(frozen=True, slots=True)
class Block:
    start: int
    end: int
    role: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "role": self.role}


@dataclass(frozen=True, slots=True)
class Credit:
    """A name in a byline or a photo credit, with what the person did for the article."""

    start: int
    end: int
    name: str
    role: str  # one of CREDIT_ROLES


@dataclass(frozen=True, slots=True)
class Article:
    title: str
    blocks: tuple[Block, ...]
    credits: tuple[Credit, ...] = ()

    @property
    def reporters(self) -> list[str]:
        seen: list[str] = []
        for c in self.credits:
            if c.name not in seen:
                seen.append(c.name)
        return seen

    @property
    def start(self) -> int:
        return min(b.start for b in self.blocks)

    def to_json(self) -> dict[str, Any]:
        return {"title": self.title, "reporters": self.reporters, "blocks": [b.to_json() for b in self.blocks]}


@dataclass(frozen=True, slots=True)
class SectionLabel:
    start: int
    end: int
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True, slots=True)
class Join:
    """The fragment ending at ``from_`` continues at ``to`` (a column break, a caption in between)."""

    from_: int
    to: int

    def to_json(self) -> dict[str, Any]:
        return {"from": self.from_, "to": self.to}


@dataclass(frozen=True, slots=True)
class Gap:
    """The fragment ending at ``after`` continues somewhere that is not on this page."""

    after: int

    def to_json(self) -> dict[str, Any]:
        return {"after": self.after}


@dataclass(frozen=True, slots=True)
class PageStructure:
    articles: tuple[Article, ...]
    section_labels: tuple[SectionLabel, ...] = ()
    joins: tuple[Join, ...] = ()
    gaps: tuple[Gap, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    def to_json(self) -> dict[str, Any]:
        return {
            "articles": [a.to_json() for a in self.articles],
            "section_labels": [s.to_json() for s in self.section_labels],
            "joins": [j.to_json() for j in self.joins],
            "gaps": [g.to_json() for g in self.gaps],
        }

    def article_of(self, offset: int) -> int | None:
        """Index of the article holding a block that contains ``offset``, or None."""
        for i, a in enumerate(self.articles):
            for b in a.blocks:
                if b.start <= offset < b.end:
                    return i
        return None
