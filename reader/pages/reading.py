"""An article of a page as a person reads it: its blocks in reading order, joined.

The reading text is made of pieces of the page text (segments), so every character of it maps
back to exactly one page offset and a page span inside one segment maps forward; nothing is
rewritten. Lines of a headline or intertitle are put together without a break, a sentence cut by
a column break is continued where its live join says (past a repeated character), other blocks
are separated by a newline, captions come last.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from .structure import Article, PageStructure


@dataclass(frozen=True, slots=True)
class Segment:
    page_start: int
    page_end: int
    start: int  # offset in the reading text
    block: int  # index of the block in the article
    role: str

    @property
    def end(self) -> int:
        return self.start + (self.page_end - self.page_start)


@dataclass(frozen=True, slots=True)
class Reading:
    text: str
    segments: tuple[Segment, ...]

    def to_page(self, offset: int) -> int:
        """Page offset of a reading-text offset (an end offset maps to the end of its segment)."""
        if not self.segments:
            return 0
        starts = [s.start for s in self.segments]
        i = max(0, bisect_right(starts, offset) - 1)
        seg = self.segments[i]
        if offset > seg.end and i + 1 < len(self.segments):
            seg = self.segments[i + 1]
            return seg.page_start
        return seg.page_start + min(offset - seg.start, seg.page_end - seg.page_start)

    def segment_of(self, offset: int) -> int | None:
        """Index of the segment holding reading-text character ``offset`` (None: a separator)."""
        starts = [s.start for s in self.segments]
        i = bisect_right(starts, offset) - 1
        if i >= 0 and self.segments[i].start <= offset < self.segments[i].end:
            return i
        return None

    def to_reading(self, page_start: int, page_end: int) -> tuple[int, int] | None:
        """A page span in the reading text, or None when it is not inside one segment (or two
        segments that follow each other across a join)."""
        first = last = None
        for s in self.segments:
            if first is None and s.page_start <= page_start < s.page_end:
                first = s
            if s.page_start < page_end <= s.page_end:
                last = s
        if first is None or last is None:
            return None
        a = first.start + page_start - first.page_start
        b = last.start + page_end - last.page_start
        if first is not last:
            # only across a join: the two segments touch in the reading text
            fi, li = self.segments.index(first), self.segments.index(last)
            if li != fi + 1 or first.end != last.start:
                return None
        return (a, b) if a < b else None


def _lines(text: str, start: int, end: int) -> list[tuple[int, int]]:
    out = []
    pos = start
    while pos < end:
        nl = text.find("\n", pos, end)
        stop = end if nl < 0 else nl
        s, e = pos, stop
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
        if nl < 0:
            break
        pos = nl + 1
    return out


def read_article(text: str, ps: PageStructure, index: int) -> Reading:
    """The reading text of article ``index`` of the page ``ps`` over ``text``."""
    art: Article = ps.articles[index]
    joins = {j.from_: j.to for j in ps.live_joins()}
    parts: list[str] = []
    segs: list[Segment] = []
    pos = 0
    pending_to: int | None = None
    for k, b in enumerate(art.blocks):
        start = b.start
        if pending_to is not None and b.start <= pending_to < b.end:
            start = pending_to  # the continuation of the sentence above, joined
        elif segs:
            parts.append("\n")
            pos += 1
        pending_to = None
        lines = _lines(text, start, b.end)
        glue = "" if b.role in ("headline", "intertitle") else "\n"
        for n, (s, e) in enumerate(lines):
            if n:
                parts.append(glue)
                pos += len(glue)
            parts.append(text[s:e])
            segs.append(Segment(s, e, pos, k, b.role))
            pos += e - s
        if b.end in joins and b.role == "body":
            pending_to = joins[b.end]
    return Reading("".join(parts), tuple(segs))
