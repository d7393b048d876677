"""Corrections of a page's structure by a person, as pure functions: old structure in, new out.

The application layer wraps each result in an undoable edit (the structure before and after),
so these functions only check the request and build the new structure. Blocks are named by
their start offset, articles by their index in page order. Titles and credits follow the
blocks (a block made a headline retitles its article).
"""

from __future__ import annotations

from dataclasses import replace

from reader.core.errors import ReaderError

from .analyse import make_article
from .structure import ROLES, Article, Block, Join, PageStructure


class StructureError(ReaderError):
    """A correction that cannot be made (no such block or article, an unknown role…)."""


def _find(ps: PageStructure, block_start: int) -> tuple[int, int]:
    for i, a in enumerate(ps.articles):
        for k, b in enumerate(a.blocks):
            if b.start == block_start:
                return i, k
    raise StructureError(f"no block starts at offset {block_start}")


def _check_article(ps: PageStructure, index: int, *, allow_new: bool = False) -> None:
    top = len(ps.articles) + (1 if allow_new else 0)
    if not 0 <= index < top:
        raise StructureError(f"no article {index + 1} on this page (it has {len(ps.articles)})")


def _rebuild(text: str, ps: PageStructure, groups: list[list[Block]]) -> PageStructure:
    arts = [make_article(text, g) for g in groups if g]
    arts.sort(key=lambda a: min(b.start for b in a.blocks))
    return replace(ps, articles=tuple(arts))


def _groups(ps: PageStructure) -> list[list[Block]]:
    return [list(a.blocks) for a in ps.articles]


def set_role(text: str, ps: PageStructure, block_start: int, role: str) -> PageStructure:
    """Give a block another role (headline, byline, intertitle, body, caption)."""
    if role not in ROLES:
        raise StructureError(f"unknown block role {role!r} (use one of {', '.join(ROLES)})")
    i, k = _find(ps, block_start)
    groups = _groups(ps)
    b = groups[i][k]
    if b.role == role:
        raise StructureError(f"the block at {block_start} is already a {role}")
    groups[i][k] = Block(b.start, b.end, role)
    return _rebuild(text, ps, groups)


def move_block(text: str, ps: PageStructure, block_start: int, to_article: int) -> PageStructure:
    """Move a block to another article (``len(articles)``: a new article of its own)."""
    _check_article(ps, to_article, allow_new=True)
    i, k = _find(ps, block_start)
    if i == to_article:
        raise StructureError(f"the block at {block_start} is already in article {i + 1}")
    groups = _groups(ps)
    b = groups[i].pop(k)
    if to_article == len(groups):
        groups.append([b])
    else:
        groups[to_article].append(b)
    return _rebuild(text, ps, groups)


def split_article(text: str, ps: PageStructure, block_start: int) -> PageStructure:
    """Split an article before one of its blocks: that block and those after it (reading order,
    captions after them included) become a new article."""
    i, k = _find(ps, block_start)
    if k == 0:
        raise StructureError("an article cannot be split before its first block")
    groups = _groups(ps)
    head, tail = groups[i][:k], groups[i][k:]
    groups[i] = head
    groups.insert(i + 1, tail)
    return _rebuild(text, ps, groups)


def merge_articles(text: str, ps: PageStructure, first: int, second: int) -> PageStructure:
    """Make two articles one (the blocks of ``second`` follow those of ``first`` in page order)."""
    _check_article(ps, first)
    _check_article(ps, second)
    if first == second:
        raise StructureError("an article cannot be merged with itself")
    groups = _groups(ps)
    groups[first] = groups[first] + groups[second]
    groups[second] = []
    return _rebuild(text, ps, groups)


def set_join(ps: PageStructure, from_: int, to: int, status: str) -> PageStructure:
    """Accept or reject a proposed join; accepting one that was not proposed adds it."""
    if status not in ("accepted", "rejected", "proposed"):
        raise StructureError(f"a join is accepted or rejected, not {status!r}")
    if not 0 <= from_ <= to:
        raise StructureError(f"a join goes forward: {from_} -> {to}")
    joins = list(ps.joins)
    for n, j in enumerate(joins):
        if j.from_ == from_ and j.to == to:
            if j.status == status:
                raise StructureError(f"the join {from_} -> {to} is already {status}")
            joins[n] = Join(from_, to, status)
            break
    else:
        if status != "accepted":
            raise StructureError(f"no join {from_} -> {to} on this page")
        joins.append(Join(from_, to, status))
        joins.sort(key=lambda j: j.from_)
    return replace(ps, joins=tuple(joins))


def article_index(ps: PageStructure, article: Article) -> int:
    return ps.articles.index(article)
