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


JOIN_STATES = ("proposed", "accepted", "rejected")


@dataclass(frozen=True, slots=True)
class Join:
    """The fragment ending at ``from_`` continues at ``to`` (a column break, a caption in between).

    ``status``: ``proposed`` by the analysis, ``accepted`` or ``rejected`` by a person; a rejected
    join is kept (so that it is not proposed again) but neither printed nor followed.
    """

    from_: int
    to: int
    status: str = "proposed"

    @property
    def live(self) -> bool:
        return self.status != "rejected"

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
            "joins": [j.to_json() for j in self.joins if j.live],
            "gaps": [g.to_json() for g in self.gaps],
        }

    # ---- the library's form: everything, credits and join states included ------------------
    def to_store(self) -> dict[str, Any]:
        return {
            "articles": [
                {
                    "title": a.title,
                    "blocks": [[b.start, b.end, b.role] for b in a.blocks],
                    "credits": [[c.start, c.end, c.name, c.role] for c in a.credits],
                }
                for a in self.articles
            ],
            "section_labels": [[s.start, s.end, s.text] for s in self.section_labels],
            "joins": [[j.from_, j.to, j.status] for j in self.joins],
            "gaps": [g.after for g in self.gaps],
        }

    @classmethod
    def from_store(cls, data: dict[str, Any]) -> PageStructure:
        return cls(
            tuple(
                Article(
                    str(a["title"]),
                    tuple(Block(int(s), int(e), str(r)) for s, e, r in a["blocks"]),
                    tuple(Credit(int(s), int(e), str(n), str(r)) for s, e, n, r in a.get("credits", [])),
                )
                for a in data.get("articles", [])
            ),
            tuple(SectionLabel(int(s), int(e), str(t)) for s, e, t in data.get("section_labels", [])),
            tuple(Join(int(f), int(t), str(st)) for f, t, st in data.get("joins", [])),
            tuple(Gap(int(g)) for g in data.get("gaps", [])),
        )

    def outline(self) -> list[tuple[str, int | None]]:
        """The page top to bottom: (article title, its index) and (section label, None)."""
        items: list[tuple[int, str, int | None]] = [(a.start, a.title, i) for i, a in enumerate(self.articles)]
        items += [(s.start, s.text, None) for s in self.section_labels]
        return [(text, i) for _, text, i in sorted(items, key=lambda x: x[0])]

    def live_joins(self) -> list[Join]:
        return [j for j in self.joins if j.live]

    def block_at(self, offset: int) -> tuple[int, int] | None:
        """(article index, block index) of the block containing ``offset``, or None."""
        for i, a in enumerate(self.articles):
            for k, b in enumerate(a.blocks):
                if b.start <= offset < b.end:
                    return i, k
        return None

    def article_of(self, offset: int) -> int | None:
        """Index of the article holding a block that contains ``offset``, or None."""
        for i, a in enumerate(self.articles):
            for b in a.blocks:
                if b.start <= offset < b.end:
                    return i
        return None
