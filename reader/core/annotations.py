"""AnnotationSet: the in-memory mentions of one document.

WAIT: do not add ways to change an AnnotationSet. The only mutation is :meth:`AnnotationSet.apply`,
called by the application layer's one chokepoint (``reader.app.library.Library.apply``) *after*
the same change was committed to SQLite. Everything else reads.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from reader.core.errors import SpanError
from reader.core.model import DocId, Mention, MentionId, Status

_RESORT_ABOVE = 256
"""An edit of more mentions than this re-sorts the index instead of patching it."""


class AnnotationSet:
    """The mentions of one document, indexed by id and by position."""

    def __init__(self, doc_id: DocId, text_length: int, mentions: Iterable[Mention] = ()) -> None:
        self.doc_id = doc_id
        self.text_length = text_length
        self._by_id: dict[MentionId, Mention] = {}
        self._live: list[Mention] = []  # sorted by (start, end), non-overlapping
        self._starts: list[int] = []
        for m in mentions:
            self._by_id[m.id] = m
        self._by_status = Counter(m.status for m in self._by_id.values())
        self._reindex()

    # ---- reading -------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._by_id)

    def __iter__(self) -> Iterator[Mention]:
        return iter(sorted(self._by_id.values(), key=lambda m: (m.start, m.end, m.id)))

    def __contains__(self, mention_id: object) -> bool:
        return mention_id in self._by_id

    def get(self, mention_id: MentionId) -> Mention:
        try:
            return self._by_id[mention_id]
        except KeyError:
            raise SpanError(f"no mention {mention_id} in document {self.doc_id}") from None

    def live(self) -> Sequence[Mention]:
        """Suggested and accepted mentions in text order (rejected ones are hidden)."""
        return self._live

    def all(self) -> list[Mention]:
        return list(self)

    def at(self, position: int) -> Mention | None:
        """The live mention covering ``position`` (a code-point offset), if any."""
        i = bisect.bisect_right(self._starts, position) - 1
        if i >= 0 and self._live[i].start <= position < self._live[i].end:
            return self._live[i]
        return None

    def overlapping(self, start: int, end: int) -> list[Mention]:
        """Live mentions that share at least one character with ``[start, end)``."""
        i = max(bisect.bisect_right(self._starts, start) - 1, 0)
        out = []
        while i < len(self._live) and self._live[i].start < end:
            if self._live[i].end > start:
                out.append(self._live[i])
            i += 1
        return out

    def find_exact(self, start: int, end: int, *, include_rejected: bool = True) -> list[Mention]:
        return [
            m
            for m in self._by_id.values()
            if m.start == start and m.end == end and (include_rejected or m.live)
        ]

    def count(self, status: Status | None = None) -> int:
        if status is None:
            return len(self._live)
        return self._by_status[status]

    # ---- the one mutation ------------------------------------------------------------------
    def check(self, removed: Sequence[Mention], added: Sequence[Mention]) -> None:
        """Raise :class:`SpanError` unless replacing ``removed`` by ``added`` is valid."""
        for m in removed:
            current = self._by_id.get(m.id)
            if current != m:
                raise SpanError(
                    f"mention {m.id} changed since this edit was made (expected {m}, found {current})"
                )
        removed_ids = {m.id for m in removed}
        for m in added:
            if m.doc_id != self.doc_id:
                raise SpanError(f"mention {m.id} belongs to document {m.doc_id}, not {self.doc_id}")
            if not (0 <= m.start < m.end <= self.text_length):
                raise SpanError(
                    f"span {m.start}–{m.end} lies outside the text (length {self.text_length})"
                )
            if m.id in self._by_id and m.id not in removed_ids:
                raise SpanError(f"mention id {m.id} already exists")
        added_live = sorted((m for m in added if m.live), key=lambda m: (m.start, m.end))
        for a, b in zip(added_live, added_live[1:]):
            if b.start < a.end:
                raise SpanError(_overlap_message(b, a))
        for m in added_live:
            for other in self.overlapping(m.start, m.end):
                if other.id not in removed_ids:
                    raise SpanError(_overlap_message(m, other))

    def apply(self, removed: Sequence[Mention], added: Sequence[Mention]) -> None:
        """Replace ``removed`` by ``added`` (validated first; nothing changes on error)."""
        self.check(removed, added)
        for m in removed:
            del self._by_id[m.id]
            self._by_status[m.status] -= 1
        for m in added:
            self._by_id[m.id] = m
            self._by_status[m.status] += 1
        if len(removed) + len(added) > _RESORT_ABOVE:
            self._reindex()
        else:
            self._patch_index(removed, added)

    def _reindex(self) -> None:
        self._live = sorted((m for m in self._by_id.values() if m.live), key=lambda m: (m.start, m.end))
        self._starts = [m.start for m in self._live]

    def _patch_index(self, removed: Sequence[Mention], added: Sequence[Mention]) -> None:
        """Update the position index for a small edit: cost of the edit, not of the document.

        Live mentions never overlap, so their starts are distinct. New lists are made (a copy is
        cheap), so a ``live()`` a caller holds never changes under it."""
        live, starts = list(self._live), list(self._starts)
        for m in removed:
            if m.live:
                i = bisect.bisect_left(starts, m.start)
                if i < len(live) and live[i].id == m.id:
                    del live[i]
                    del starts[i]
        for m in added:
            if m.live:
                i = bisect.bisect_left(starts, m.start)
                live.insert(i, m)
                starts.insert(i, m.start)
        self._live, self._starts = live, starts


def _overlap_message(new: Mention, old: Mention) -> str:
    return (
        f"{new.start}–{new.end} ({new.label}) would overlap the {old.status.value} "
        f"{old.label} mention at {old.start}–{old.end}; mentions form one flat layer"
    )
