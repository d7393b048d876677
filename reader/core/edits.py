"""Edits as data. An :class:`Edit` is the list of mentions it removes and the list it adds;
``apply`` and ``revert`` are each other's mirror, so undo is just the edit read backwards and
an edit can be stored as JSON in the library's history and replayed after a restart.

The constructors below (``add_mention``, ``relabel``…) look at the current
:class:`~reader.core.annotations.AnnotationSet` and return an Edit, changing nothing. The
application layer then validates it, writes it to SQLite and only then applies it in memory.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from reader.core.annotations import AnnotationSet
from reader.core.errors import SpanError
from reader.core.model import DocId, Mention, MentionId, Origin, Span, Status
from reader.core.review import Alias, DocStatus
from reader.core.spans import check_label, check_range, find_all, trim_whitespace

IdAllocator = Callable[[], MentionId]


@dataclass(frozen=True, slots=True)
class Edit:
    """One undoable change to one document's mentions (and, with them, its review status), or to
    the library's entity aliases (``doc_id`` None)."""

    doc_id: DocId | None
    description: str
    """What the user did, for the Undo menu ("Tag 王延斌 as PER")."""
    removed: tuple[Mention, ...] = ()
    added: tuple[Mention, ...] = ()
    note: str = field(default="", compare=False)
    """Extra information for the status bar (e.g. "2 occurrences skipped: they overlap")."""
    structure_before: dict[str, Any] | None = None
    structure_after: dict[str, Any] | None = None
    """A correction of a page's structure: the stored structure (JSON data, opaque to the core)
    before and after. ``None`` on both sides: the edit leaves the structure alone."""
    doc_status: tuple[DocStatus, DocStatus] | None = None
    """The document's review status before and after, when the edit changes it."""
    aliases_removed: tuple[Alias, ...] = ()
    aliases_added: tuple[Alias, ...] = ()

    @property
    def empty(self) -> bool:
        return (
            not self.removed
            and not self.added
            and not self.changes_structure
            and not self.status_changes
            and not self.aliases_removed
            and not self.aliases_added
        )

    @property
    def changes_structure(self) -> bool:
        return self.structure_before != self.structure_after

    @property
    def status_changes(self) -> bool:
        return self.doc_status is not None and self.doc_status[0] != self.doc_status[1]

    def inverse(self) -> Edit:
        status = (self.doc_status[1], self.doc_status[0]) if self.doc_status else None
        return Edit(
            self.doc_id, self.description, self.added, self.removed, self.note,
            structure_before=self.structure_after,
            structure_after=self.structure_before,
            doc_status=status,
            aliases_removed=self.aliases_added,
            aliases_added=self.aliases_removed,
        )

    def apply(self, annotations: AnnotationSet) -> None:
        annotations.apply(self.removed, self.added)

    def revert(self, annotations: AnnotationSet) -> None:
        annotations.apply(self.added, self.removed)

    def mention_ids(self) -> set[MentionId]:
        return {m.id for m in self.removed} | {m.id for m in self.added}

    # ---- JSON (the history table) ----------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "doc_id": self.doc_id,
            "description": self.description,
            "note": self.note,
            "removed": [_mention_json(m) for m in self.removed],
            "added": [_mention_json(m) for m in self.added],
            **({"structure": [self.structure_before, self.structure_after]} if self.changes_structure else {}),
        }
        if self.doc_status is not None:
            out["doc_status"] = [self.doc_status[0].value, self.doc_status[1].value]
        if self.aliases_removed or self.aliases_added:
            out["aliases_removed"] = [a.to_json() for a in self.aliases_removed]
            out["aliases_added"] = [a.to_json() for a in self.aliases_added]
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Edit:
        doc_id = DocId(int(data["doc_id"])) if data.get("doc_id") is not None else None
        status = data.get("doc_status")
        return cls(
            doc_id,
            str(data["description"]),
            tuple(_mention_from_json(doc_id, m) for m in data["removed"]),  # type: ignore[arg-type]
            tuple(_mention_from_json(doc_id, m) for m in data["added"]),  # type: ignore[arg-type]
            str(data.get("note", "")),
            *(data["structure"] if "structure" in data else (None, None)),
            doc_status=(DocStatus(status[0]), DocStatus(status[1])) if status else None,
            aliases_removed=tuple(Alias.from_json(a) for a in data.get("aliases_removed", ())),
            aliases_added=tuple(Alias.from_json(a) for a in data.get("aliases_added", ())),
        )


def _mention_json(m: Mention) -> list[Any]:
    return [m.id, m.start, m.end, m.label, m.origin.value, m.status.value]


def _mention_from_json(doc_id: DocId, row: list[Any]) -> Mention:
    mid, start, end, label, origin, status = row
    return Mention(MentionId(mid), doc_id, start, end, label, Origin(origin), Status(status))


def _surface(text: str, start: int, end: int) -> str:
    s = text[start:end]
    return s if len(s) <= 12 else s[:11] + "…"


# ---- constructors ------------------------------------------------------------------------------


def add_mention(
    annotations: AnnotationSet,
    text: str,
    start: int,
    end: int,
    label: str,
    new_id: IdAllocator,
    *,
    labels: Iterable[str],
    origin: Origin = Origin.USER,
) -> Edit:
    """Tag ``text[start:end]`` (whitespace at the edges trimmed) as ``label``.

    Accepted mentions in the way make it fail with :class:`SpanError`; suggestions in the way
    are rejected by the same edit (the user's choice replaces the machine's). A suggestion with
    exactly this span is accepted (and relabelled) instead of duplicated.
    """
    check_label(label, labels)
    check_range(text, start, end)
    start, end = trim_whitespace(text, start, end)
    if start >= end:
        raise SpanError("the selection holds only whitespace")
    removed: list[Mention] = []
    added: list[Mention] = []
    for other in annotations.overlapping(start, end):
        if other.status is Status.ACCEPTED:
            raise SpanError(
                f"「{_surface(text, start, end)}」 overlaps the {other.label} mention "
                f"「{_surface(text, other.start, other.end)}」; delete or resize it first"
            )
        if other.start == start and other.end == end:
            continue
        removed.append(other)
        added.append(other.with_(status=Status.REJECTED))
    same = [m for m in annotations.find_exact(start, end) if not m.live or m.status is Status.SUGGESTED]
    if same:
        m = same[0]
        removed.append(m)
        added.append(m.with_(label=label, status=Status.ACCEPTED))
    else:
        added.append(Mention(new_id(), annotations.doc_id, start, end, label, origin, Status.ACCEPTED))
    return Edit(annotations.doc_id, f"Tag 「{_surface(text, start, end)}」 as {label}", tuple(removed), tuple(added))


def delete_mentions(annotations: AnnotationSet, text: str, ids: Sequence[MentionId]) -> Edit:
    """Delete mentions. A machine suggestion is kept as *rejected* so it is not suggested again."""
    removed, added = [], []
    for mid in ids:
        m = annotations.get(mid)
        removed.append(m)
        if m.status is Status.SUGGESTED:
            added.append(m.with_(status=Status.REJECTED))
    what = _surface(text, removed[0].start, removed[0].end) if len(removed) == 1 else f"{len(removed)} mentions"
    return Edit(annotations.doc_id, f"Delete 「{what}」", tuple(removed), tuple(added))


def set_status(annotations: AnnotationSet, text: str, ids: Sequence[MentionId], status: Status) -> Edit:
    """Accept or reject mentions (only those whose status changes are part of the edit)."""
    removed = [annotations.get(mid) for mid in ids]
    removed = [m for m in removed if m.status is not status]
    added = [m.with_(status=status) for m in removed]
    verb = {Status.ACCEPTED: "Accept", Status.REJECTED: "Reject", Status.SUGGESTED: "Unreview"}[status]
    what = _surface(text, removed[0].start, removed[0].end) if len(removed) == 1 else f"{len(removed)} mentions"
    edit = Edit(annotations.doc_id, f"{verb} 「{what}」" if removed else verb, tuple(removed), tuple(added))
    if status is not Status.REJECTED:
        annotations.check(edit.removed, edit.added)
    return edit


def accept_all(annotations: AnnotationSet, text: str) -> Edit:
    ids = [m.id for m in annotations.live() if m.status is Status.SUGGESTED]
    edit = set_status(annotations, text, ids, Status.ACCEPTED)
    return Edit(edit.doc_id, f"Accept all {len(ids)} suggestions", edit.removed, edit.added)


def relabel(annotations: AnnotationSet, text: str, mention_id: MentionId, label: str, *, labels: Iterable[str]) -> Edit:
    """Give a mention another label. Relabelling is a review, so the mention becomes accepted."""
    check_label(label, labels)
    m = annotations.get(mention_id)
    if m.label == label and m.status is Status.ACCEPTED:
        return Edit(annotations.doc_id, "Relabel")
    return Edit(
        annotations.doc_id,
        f"Relabel 「{_surface(text, m.start, m.end)}」 {m.label} → {label}",
        (m,),
        (m.with_(label=label, status=Status.ACCEPTED),),
    )


def resize(annotations: AnnotationSet, text: str, mention_id: MentionId, start: int, end: int) -> Edit:
    """Move a mention's boundaries. Other accepted mentions in the way make it fail."""
    check_range(text, start, end)
    start, end = trim_whitespace(text, start, end)
    if start >= end:
        raise SpanError("the new span holds only whitespace")
    m = annotations.get(mention_id)
    removed, added = [m], [m.with_(start=start, end=end, status=Status.ACCEPTED)]
    for other in annotations.overlapping(start, end):
        if other.id == m.id:
            continue
        if other.status is Status.ACCEPTED:
            raise SpanError(
                f"「{_surface(text, start, end)}」 would overlap the {other.label} mention "
                f"「{_surface(text, other.start, other.end)}」"
            )
        removed.append(other)
        added.append(other.with_(status=Status.REJECTED))
    return Edit(
        annotations.doc_id,
        f"Resize 「{_surface(text, m.start, m.end)}」 → 「{_surface(text, start, end)}」",
        tuple(removed),
        tuple(added),
    )


@dataclass(frozen=True, slots=True)
class TagMatch:
    """One occurrence found by *Tag all occurrences*, before anything is changed."""

    start: int
    end: int
    conflict: Mention | None = None
    """The accepted mention this occurrence would cut through (or relabel): it is skipped."""
    done: bool = False
    """Already an accepted mention of this extent and label: nothing to do."""

    @property
    def taggable(self) -> bool:
        return self.conflict is None and not self.done


def nudge(annotations: AnnotationSet, text: str, mention_id: MentionId, edge: str, delta: int) -> Edit:
    """Move one boundary of a mention by ``delta`` characters (code points): ``edge`` is "start"
    or "end". Whitespace is stepped over (a boundary never rests on it). Refused, naming why,
    when the mention would go empty, leave the text, or touch another live mention."""
    if edge not in ("start", "end"):
        raise ValueError(f"edge must be 'start' or 'end', not {edge!r}")
    if delta not in (-1, 1):
        raise ValueError("a boundary moves by one character at a time")
    m = annotations.get(mention_id)
    start, end = m.start, m.end
    if edge == "end":
        end += delta
        while delta > 0 and end <= len(text) and text[end - 1].isspace():
            end += 1
        if end > len(text):
            raise SpanError(f"「{_surface(text, m.start, m.end)}」 already reaches the end of the text")
        while end > start and text[end - 1].isspace():
            end -= 1
    else:
        start += delta
        while delta < 0 and start >= 0 and text[start].isspace():
            start -= 1
        if start < 0:
            raise SpanError(f"「{_surface(text, m.start, m.end)}」 already reaches the start of the text")
        while start < end and text[start].isspace():
            start += 1
    if start >= end:
        raise SpanError(f"「{_surface(text, m.start, m.end)}」 cannot shrink further: it would be empty")
    for other in annotations.overlapping(start, end):
        if other.id != m.id and other.live:
            raise SpanError(
                f"「{_surface(text, start, end)}」 would overlap the {other.label} mention "
                f"「{_surface(text, other.start, other.end)}」"
            )
    return resize(annotations, text, mention_id, start, end)


def tag_all_matches(annotations: AnnotationSet, text: str, surface: str, label: str) -> list[TagMatch]:
    """Every occurrence of ``surface``, each with what stands in its way, for the user to review
    before :func:`tag_all` applies the ones they accepted."""
    if not surface.strip():
        raise SpanError("nothing to tag: the text is empty")
    out: list[TagMatch] = []
    for start in find_all(text, surface):
        end = start + len(surface)
        blocking = [o for o in annotations.overlapping(start, end) if o.status is Status.ACCEPTED]
        if len(blocking) == 1 and (blocking[0].start, blocking[0].end, blocking[0].label) == (start, end, label):
            out.append(TagMatch(start, end, done=True))
        elif blocking:
            out.append(TagMatch(start, end, conflict=min(blocking, key=lambda o: o.start)))
        else:
            out.append(TagMatch(start, end))
    return out


def describe_conflict(text: str, match: TagMatch) -> str:
    c = match.conflict
    if c is None:
        return ""
    return f"overlaps the {c.label} mention 「{_surface(text, c.start, c.end)}」"


def tag_all(
    annotations: AnnotationSet,
    text: str,
    surface: str,
    label: str,
    new_id: IdAllocator,
    *,
    labels: Iterable[str],
    only: Iterable[int] | None = None,
) -> Edit:
    """Tag every occurrence of ``surface`` in the document as ``label`` (one undo step).

    Occurrences that already carry this label are accepted; occurrences that overlap an accepted
    mention of another extent or label are skipped (never merged) and counted in ``note``.
    ``only``: the start offsets of the occurrences the user accepted; the others are left alone.
    """
    check_label(label, labels)
    matches = tag_all_matches(annotations, text, surface, label)
    chosen = None if only is None else set(only)
    if chosen is not None:
        unknown = chosen - {t.start for t in matches}
        if unknown:
            raise SpanError(f"「{surface}」 does not occur at offset {min(unknown)}")
    removed: dict[MentionId, Mention] = {}
    added: dict[MentionId, Mention] = {}
    skipped = 0
    for match in matches:
        start, end = match.start, match.end
        if chosen is not None and start not in chosen:
            continue
        if match.done:
            continue
        if match.conflict is not None:
            skipped += 1
            continue
        exact = None
        for other in annotations.overlapping(start, end):
            if other.start == start and other.end == end:
                exact = other
            else:
                removed[other.id] = other
                added[other.id] = other.with_(status=Status.REJECTED)
        if exact is not None:
            removed[exact.id] = exact
            added[exact.id] = exact.with_(label=label, status=Status.ACCEPTED)
        else:
            for stale in annotations.find_exact(start, end):
                if not stale.live:  # a rejected suggestion here: revive it rather than duplicate
                    exact = stale
            if exact is not None:
                removed[exact.id] = exact
                added[exact.id] = exact.with_(label=label, status=Status.ACCEPTED)
            else:
                m = Mention(new_id(), annotations.doc_id, start, end, label, Origin.USER, Status.ACCEPTED)
                added[m.id] = m
    n = sum(1 for m in added.values() if m.live)
    note = f"{skipped} occurrence(s) skipped: they overlap other accepted mentions" if skipped else ""
    return Edit(
        annotations.doc_id,
        f"Tag all {n} 「{_surface(surface, 0, len(surface))}」 as {label}",
        tuple(removed.values()),
        tuple(added.values()),
        note,
    )


def suggest(annotations: AnnotationSet, spans: Iterable[Span], new_id: IdAllocator) -> Edit:
    """Add extractor output as suggestions, leaving every existing mention alone.

    A span that overlaps any live mention, or that repeats a rejected one (same extent and
    label), is not suggested: reviewed work always wins over a new run of the extractor.
    """
    rejected = {(m.start, m.end, m.label) for m in annotations if not m.live}
    added: list[Mention] = []
    taken_until = -1
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        if s.start < taken_until or (s.start, s.end, s.label) in rejected:
            continue
        if annotations.overlapping(s.start, s.end):
            continue
        added.append(Mention(new_id(), annotations.doc_id, s.start, s.end, s.label, s.origin, Status.SUGGESTED))
        taken_until = s.end
    return Edit(annotations.doc_id, f"Suggest {len(added)} entities", (), tuple(added))


MACHINE_ORIGINS = frozenset({Origin.MODEL, Origin.RULE, Origin.LEXICON})
"""Origins of the extractor's output: its unreviewed suggestions are the extractor's to replace."""


def is_machine_suggestion(m: Mention) -> bool:
    """An unreviewed suggestion of the extractor (not the user's, not imported from a file)."""
    return m.status is Status.SUGGESTED and m.origin in MACHINE_ORIGINS


def replace_suggestions(
    annotations: AnnotationSet,
    spans: Iterable[Span],
    new_id: IdAllocator,
    region: tuple[int, int] | None = None,
) -> Edit:
    """Make the extractor's unreviewed suggestions in ``region`` (default: the whole document)
    exactly ``spans``, leaving every reviewed mention alone.

    A suggestion already there with the same extent and label is kept as it is (same id); the
    other unreviewed machine suggestions of the region are removed (they were never reviewed, so
    nothing of the user's is lost). A span that overlaps a mention that stays (accepted,
    imported, or an earlier span of this list), or repeats a rejected one (same extent and label),
    is not suggested: reviewed work always wins over a new run of the extractor. Regions cut
    between lines, so no mention crosses a region's edge; a mention is in the region its start
    is in.

    The result is an :class:`Edit` (removed, added) for the application layer to write; it is the
    extractor's, not the user's, so it is not recorded in the undo history.
    """
    a, b = region if region is not None else (0, annotations.text_length)
    old = [m for m in annotations if is_machine_suggestion(m) and a <= m.start < b]
    by_key = {(m.start, m.end, m.label): m for m in old}
    rejected = {(m.start, m.end, m.label) for m in annotations if not m.live}
    wanted: list[Span] = []
    seen: set[tuple[int, int, str]] = set()
    for s in sorted(spans, key=lambda s: (s.start, s.end)):
        key = (s.start, s.end, s.label)
        if not (a <= s.start < b) or s.end > annotations.text_length or s.start >= s.end or key in seen:
            continue
        seen.add(key)
        wanted.append(s)
    keep = {by_key[k].id for k in seen if k in by_key}
    removed = [m for m in old if m.id not in keep]
    gone = {m.id for m in removed}
    added: list[Mention] = []
    taken_until = -1
    for s in wanted:
        key = (s.start, s.end, s.label)
        if key in by_key:
            taken_until = max(taken_until, s.end)
            continue
        if s.start < taken_until or key in rejected:
            continue
        if any(o.id not in gone for o in annotations.overlapping(s.start, s.end)):
            continue
        added.append(Mention(new_id(), annotations.doc_id, s.start, s.end, s.label, s.origin, Status.SUGGESTED))
        taken_until = s.end
    n = len(added) + len(keep)
    return Edit(annotations.doc_id, f"Find entities: {n} suggested", tuple(removed), tuple(added))


def replayable(annotations: AnnotationSet, edit: Edit) -> Edit:
    """``edit`` (an undo or redo step of the user's history) adjusted to what the extractor did
    since it was recorded, so that the user's history always replays.

    The extractor's suggestions are not part of the history: they may have been withdrawn (a
    *Find entities again* dropped them) or have arrived where the step puts a mention back. A
    withdrawn suggestion the step would remove is already gone; a suggestion in the way of a
    mention the step restores gives way to it (removed with the step, as a user's edit would
    reject it). Everything else must be exactly as recorded, or the step is refused."""
    removed: list[Mention] = []
    for m in edit.removed:
        if is_machine_suggestion(m) and m.id not in annotations:
            continue  # withdrawn by the extractor since
        removed.append(m)
    ids = {m.id for m in removed}
    for m in edit.added:
        if not m.live:
            continue
        for other in annotations.overlapping(m.start, m.end):
            if other.id not in ids and is_machine_suggestion(other):
                removed.append(other)
                ids.add(other.id)
    if len(removed) == len(edit.removed) and all(a is b for a, b in zip(removed, edit.removed)):
        return edit
    return replace(edit, removed=tuple(removed))
