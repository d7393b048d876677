"""Entities: the live mentions of one document grouped by label and surface text.

An **entity** is the set of live mentions of one document that share label and text (``text[start:end]``);
the side panel lists them under their label with counts and review state. :class:`EntityIndex`
computes the grouping once per document and then keeps it up to date edit by edit: an edit
touches a handful of entities, so :meth:`EntityIndex.update` costs the size of the edit, not of
the document, and tells an :class:`EntityObserver` exactly which rows appear, move, disappear or
change. A Qt item model adapts those calls to ``beginInsertRows``/``dataChanged``... (see
``reader.gui.entity_panel``); nothing here knows Qt.

Order: groups follow the label order given (labels that only mentions know are appended); the
entities of a group are in text order of their first mention.

WAIT: the index is changed only through :meth:`EntityIndex.rebuild` and :meth:`EntityIndex.update`,
and every change of its rows is announced to the observer *before* it happens (``*_inserting``,
``*_removing``, ``entity_moving``) and after (``*_inserted``...), as Qt's models need.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Sequence

from reader.core.model import Mention, MentionId, Status


class Entity:
    """The live mentions of one document with the same label and surface text."""

    __slots__ = ("label", "surface", "_mentions", "suggested")

    def __init__(self, label: str, surface: str) -> None:
        self.label = label
        self.surface = surface
        self._mentions: dict[MentionId, Mention] = {}
        self.suggested = 0
        """How many of its mentions are suggestions (the others are accepted)."""

    def __len__(self) -> int:
        return len(self._mentions)

    def __repr__(self) -> str:
        return f"Entity({self.label!r}, {self.surface!r}, {len(self)} mentions, {self.suggested} suggested)"

    @property
    def accepted(self) -> int:
        return len(self._mentions) - self.suggested

    def mentions(self) -> list[Mention]:
        """Its mentions in text order."""
        return sorted(self._mentions.values(), key=lambda m: m.start)

    def ids(self) -> list[MentionId]:
        """Its mention ids in text order."""
        return [m.id for m in self.mentions()]

    @property
    def key(self) -> tuple[int, str]:
        """Sort key within the group: the start of its first mention (then the text)."""
        return (min(m.start for m in self._mentions.values()), self.surface)

    def _add(self, m: Mention) -> None:
        self._mentions[m.id] = m
        if m.status is Status.SUGGESTED:
            self.suggested += 1

    def _remove(self, m: Mention) -> None:
        old = self._mentions.pop(m.id)
        if old.status is Status.SUGGESTED:
            self.suggested -= 1


class EntityGroup:
    """The entities of one label, with the label's totals."""

    __slots__ = ("label", "entities", "_keys", "mentions", "suggested")

    def __init__(self, label: str) -> None:
        self.label = label
        self.entities: list[Entity] = []
        self._keys: list[tuple[int, str]] = []  # entities[i].key, kept sorted for bisect
        self.mentions = 0
        """Live mentions of this label."""
        self.suggested = 0
        """How many of them are suggestions."""

    def __repr__(self) -> str:
        return f"EntityGroup({self.label!r}, {len(self.entities)} entities, {self.mentions} mentions)"

    def row_of(self, entity: Entity, key: tuple[int, str] | None = None) -> int:
        """Row of ``entity`` (found by ``key``, its current key unless given); -1 if absent."""
        k = entity.key if key is None else key
        i = bisect.bisect_left(self._keys, k)
        return i if i < len(self.entities) and self.entities[i] is entity else -1


class EntityObserver:
    """What an adapter hears from an :class:`EntityIndex` (every method does nothing here).

    Rows are indices in the lists *before* the change for ``*_removing``/``entity_moving`` and
    in the lists *after* it for ``*_inserting``; ``entity_moving(group, src, dst)`` moves the
    entity at ``src`` so that it ends at row ``dst`` of the list after the move.
    """

    def resetting(self) -> None: ...
    def reset(self) -> None: ...
    def group_inserting(self, row: int) -> None: ...
    def group_inserted(self, row: int) -> None: ...
    def entity_inserting(self, group: int, row: int) -> None: ...
    def entity_inserted(self, group: int, row: int) -> None: ...
    def entity_removing(self, group: int, row: int) -> None: ...
    def entity_removed(self, group: int, row: int) -> None: ...
    def entity_moving(self, group: int, src: int, dst: int) -> None: ...
    def entity_moved(self, group: int, src: int, dst: int) -> None: ...
    def entities_changed(self, group: int, rows: Sequence[int]) -> None:
        """These entity rows (sorted) show new counts or states."""

    def group_changed(self, group: int) -> None:
        """The group's totals changed."""


class EntityIndex:
    """The entities of one document, grouped by label, kept up to date edit by edit."""

    def __init__(self, observer: EntityObserver | None = None) -> None:
        self.observer = observer if observer is not None else EntityObserver()
        self.groups: list[EntityGroup] = []
        self._group_row: dict[str, int] = {}
        self._by_key: dict[tuple[str, str], Entity] = {}
        self._entity_of: dict[MentionId, Entity] = {}
        self._text = ""

    # ---- reading ----------------------------------------------------------------------------------
    def group(self, label: str) -> EntityGroup | None:
        row = self._group_row.get(label)
        return self.groups[row] if row is not None else None

    def group_row(self, label: str) -> int:
        return self._group_row.get(label, -1)

    def entity(self, label: str, surface: str) -> Entity | None:
        return self._by_key.get((label, surface))

    def entity_of(self, mention_id: MentionId) -> Entity | None:
        """The entity a live mention belongs to."""
        return self._entity_of.get(mention_id)

    def position(self, label: str, surface: str) -> tuple[int, int] | None:
        """(group row, entity row) of an entity, or None."""
        ent = self._by_key.get((label, surface))
        if ent is None:
            return None
        g = self._group_row[label]
        return g, self.groups[g].row_of(ent)

    def counts(self) -> dict[str, int]:
        """Live mentions per label."""
        return {g.label: g.mentions for g in self.groups}

    def __len__(self) -> int:
        """Number of entities."""
        return len(self._by_key)

    # ---- changing ---------------------------------------------------------------------------------
    def rebuild(self, labels: Iterable[str], text: str, mentions: Iterable[Mention]) -> None:
        """Group ``mentions`` (the live ones) of a document with ``text`` from scratch."""
        self.observer.resetting()
        self._text = text
        self.groups = []
        self._group_row = {}
        self._by_key = {}
        self._entity_of = {}
        for name in labels:
            if name not in self._group_row:
                self._group_row[name] = len(self.groups)
                self.groups.append(EntityGroup(name))
        for m in mentions:
            if not m.live:
                continue
            if m.label not in self._group_row:
                self._group_row[m.label] = len(self.groups)
                self.groups.append(EntityGroup(m.label))
            ent = self._entity_for(m)
            ent._add(m)
            self._entity_of[m.id] = ent
            self._count(m, +1)
        for g in self.groups:
            g.entities = []
        for ent in self._by_key.values():
            self.groups[self._group_row[ent.label]].entities.append(ent)
        for g in self.groups:
            pairs = sorted(((e.key, e) for e in g.entities), key=lambda p: p[0])
            g._keys = [k for k, _ in pairs]
            g.entities = [e for _, e in pairs]
        self.observer.reset()

    def update(self, removed: Iterable[Mention], added: Iterable[Mention]) -> None:
        """Apply an edit of the document's mentions (``removed`` replaced by ``added``, the way
        :class:`~reader.core.edits.Edit` and the library's changes give them)."""
        old_keys: dict[Entity, tuple[int, str]] = {}
        created: dict[Entity, None] = {}  # new entities, in order
        touched_groups: set[str] = set()

        for m in removed:
            ent = self._entity_of.get(m.id)
            if ent is None:  # not live (a rejected mention), or not in this index
                continue
            if ent not in old_keys:
                old_keys[ent] = ent.key
            ent._remove(m)
            del self._entity_of[m.id]
            self._count(m, -1)
            touched_groups.add(ent.label)
        for m in added:
            if not m.live or m.id in self._entity_of:
                continue
            if m.label not in self._group_row:
                row = len(self.groups)
                self.observer.group_inserting(row)
                self._group_row[m.label] = row
                self.groups.append(EntityGroup(m.label))
                self.observer.group_inserted(row)
            key = (m.label, self._text[m.start : m.end])
            ent = self._by_key.get(key)
            if ent is None:
                ent = self._by_key[key] = Entity(*key)
                created[ent] = None
            elif ent not in old_keys and ent not in created:  # an entity of the list
                old_keys[ent] = ent.key
            ent._add(m)
            self._entity_of[m.id] = ent
            self._count(m, +1)
            touched_groups.add(ent.label)

        changed: set[Entity] = set()
        # 1. entities that lost all their mentions leave their group
        for ent, key in old_keys.items():
            if len(ent) == 0:
                self._remove_row(ent, key)
        # 2. entities whose first mention moved change place
        for ent, key in old_keys.items():
            if len(ent) == 0:
                continue
            new = ent.key
            if new != key:
                self._move_row(ent, key, new)
            changed.add(ent)
        # 3. new entities take their place
        for ent in created:
            self._insert_row(ent)
        # 4. what stayed shows new numbers
        by_group: dict[int, list[int]] = {}
        for ent in changed:
            g = self._group_row[ent.label]
            by_group.setdefault(g, []).append(self.groups[g].row_of(ent))
        for g, rows in sorted(by_group.items()):
            self.observer.entities_changed(g, sorted(rows))
        for label in sorted(touched_groups, key=self._group_row.__getitem__):
            self.observer.group_changed(self._group_row[label])

    # ---- helpers ----------------------------------------------------------------------------------
    def _entity_for(self, m: Mention) -> Entity:
        key = (m.label, self._text[m.start : m.end])
        ent = self._by_key.get(key)
        if ent is None:
            ent = self._by_key[key] = Entity(*key)
        return ent

    def _count(self, m: Mention, sign: int) -> None:
        g = self.groups[self._group_row[m.label]]
        g.mentions += sign
        if m.status is Status.SUGGESTED:
            g.suggested += sign

    def _remove_row(self, ent: Entity, key: tuple[int, str]) -> None:
        g = self._group_row[ent.label]
        group = self.groups[g]
        row = group.row_of(ent, key)
        self.observer.entity_removing(g, row)
        del group.entities[row]
        del group._keys[row]
        del self._by_key[(ent.label, ent.surface)]
        self.observer.entity_removed(g, row)

    def _move_row(self, ent: Entity, old: tuple[int, str], new: tuple[int, str]) -> None:
        g = self._group_row[ent.label]
        group = self.groups[g]
        src = group.row_of(ent, old)
        dst = bisect.bisect_left(group._keys, new)
        if dst > src:
            dst -= 1  # its row in the list without it
        if dst == src:
            group._keys[src] = new
            return
        self.observer.entity_moving(g, src, dst)
        del group.entities[src]
        del group._keys[src]
        group.entities.insert(dst, ent)
        group._keys.insert(dst, new)
        self.observer.entity_moved(g, src, dst)

    def _insert_row(self, ent: Entity) -> None:
        g = self._group_row[ent.label]
        group = self.groups[g]
        key = ent.key
        row = bisect.bisect_left(group._keys, key)
        self.observer.entity_inserting(g, row)
        group.entities.insert(row, ent)
        group._keys.insert(row, key)
        self.observer.entity_inserted(g, row)
