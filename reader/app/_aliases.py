"""Entity aliases of the :class:`~reader.app.library.Library`: canonical entities, merges and
splits (edits, applied through the library's one chokepoint), their check before a write, the
mentions of an entity in context (kwic) and the short names the texts define (alias proposals)."""

from __future__ import annotations

from collections.abc import Sequence

from reader.app._changes import Changes
from reader.core.edits import Edit
from reader.core.errors import ReaderError
from reader.core.model import DocId
from reader.core.review import KWIC_WIDTH, SHORT_NAME, Alias, AliasProposal, Entity, KwicLine, entity_id, kwic


class LabelMismatch(ReaderError):
    """A merge of entities with different labels, refused until the user says yes."""


class AliasesMixin:
    """Part of :class:`~reader.app.library.Library` (works on its store, its cache of aliases and
    its chokepoint)."""

    def _alias_map(self) -> dict[Entity, Alias]:
        if self._aliases is None:
            self._aliases = {a.entity: a for a in self.store.aliases()}
        return self._aliases

    def aliases(self) -> list[Alias]:
        """Every alias, grouped by canonical entity."""
        return self.store.aliases()

    def canonical(self, label: str, surface: str) -> Entity:
        """The canonical entity of ``(label, surface)`` (itself when it is no one's alias)."""
        a = self._alias_map().get((label, surface))
        return a.canonical if a else (label, surface)

    def entity_id(self, label: str, surface: str) -> str:
        """The id exports write for a mention with this label and surface (``ORG:新华社``)."""
        return entity_id(*self.canonical(label, surface))

    def entity_members(self, label: str, surface: str) -> list[Entity]:
        """The canonical entity of ``(label, surface)`` first, then all its aliases."""
        c = self.canonical(label, surface)
        return [c, *sorted(a.entity for a in self._alias_map().values() if a.canonical == c)]

    def edit_merge_entities(
        self, target: Entity, others: Sequence[Entity], *, allow_relabel: bool = False
    ) -> Edit:
        """The edit that makes ``others`` (and their own aliases) aliases of ``target``'s canonical
        entity. Entities of another label are refused unless ``allow_relabel`` (the faces ask the
        user first)."""
        aliases = self._alias_map()
        tc = self.canonical(*target)
        for label, surface in [target, *others]:
            if not isinstance(label, str) or not isinstance(surface, str) or not label or not surface.strip():
                raise ReaderError("an entity is a label and a non-empty surface")
        mismatch = [o for o in others if self.canonical(*o)[0] != tc[0]]
        if mismatch and not allow_relabel:
            names = ", ".join(f"{lb} 「{sf}」" for lb, sf in mismatch)
            raise LabelMismatch(f"{names}: not labelled {tc[0]} like 「{tc[1]}」; merge anyway only if they are one entity")
        removed: dict[Entity, Alias] = {}
        added: dict[Entity, Alias] = {}
        for other in others:
            oc = self.canonical(*other)
            if oc == tc:
                continue
            members = [oc, *(a.entity for a in aliases.values() if a.canonical == oc)]
            for m in members:
                if m in aliases:
                    removed[m] = aliases[m]
                added[m] = Alias(m[0], m[1], tc[0], tc[1])
        names = "、".join(sorted({a.surface for a in added.values()}))
        return Edit(
            None,
            f"Merge 「{names}」 into 「{tc[1]}」" if added else "Merge",
            aliases_removed=tuple(removed.values()),
            aliases_added=tuple(added.values()),
        )

    def merge_entities(self, target: Entity, others: Sequence[Entity], *, allow_relabel: bool = False) -> Changes:
        """Merge entities into one (undoable); see :meth:`edit_merge_entities`."""
        return self.apply(self.edit_merge_entities(target, others, allow_relabel=allow_relabel))

    def edit_split_entity(self, label: str, surface: str) -> Edit:
        """The edit that makes an alias its own entity again; for a canonical entity, every one
        of its aliases."""
        aliases = self._alias_map()
        if (label, surface) in aliases:
            removed = (aliases[(label, surface)],)
        else:
            removed = tuple(a for a in aliases.values() if a.canonical == (label, surface))
        if not removed:
            raise ReaderError(f"{label} 「{surface}」 has no aliases and is no one's alias: nothing to split")
        names = "、".join(a.surface for a in removed)
        return Edit(None, f"Split 「{names}」 from 「{removed[0].canonical_surface}」", aliases_removed=removed)

    def split_entity(self, label: str, surface: str) -> Changes:
        return self.apply(self.edit_split_entity(label, surface))

    def _check_aliases(self, edit: Edit) -> None:
        aliases = dict(self._alias_map())
        for a in edit.aliases_removed:
            if aliases.get(a.entity) != a:
                raise ReaderError(f"{a.label} 「{a.surface}」 is not an alias of 「{a.canonical_surface}」 any more")
            del aliases[a.entity]
        for a in edit.aliases_added:
            if a.entity in aliases:
                raise ReaderError(f"{a.label} 「{a.surface}」 is already an alias of 「{aliases[a.entity].canonical_surface}」")
            if a.entity == a.canonical:
                raise ReaderError(f"{a.label} 「{a.surface}」 cannot be its own alias")
            aliases[a.entity] = a
        if any(a.canonical in aliases for a in aliases.values()):
            raise ReaderError("an alias cannot point to another alias")

    def kwic_count(self, label: str, surface: str, doc_id: DocId | None = None) -> int:
        """How many live mentions the entity (its aliases included) has."""
        return self.store.entity_mentions(self.entity_members(label, surface), doc_id, 0)[1]

    def alias_proposals(self, doc_ids: Sequence[DocId] | None = None) -> list[AliasProposal]:
        """Short names the texts define (``……公司（以下简称“华创”）``) right after a live mention of
        the full name, and that are not already an alias of it."""
        out: list[AliasProposal] = []
        seen: set[tuple[str, str, str]] = set()
        for doc_id in doc_ids if doc_ids is not None else self.document_ids():
            text = (self._docs.get(doc_id) or self.store.document(doc_id)).text
            found = list(SHORT_NAME.finditer(text))
            if not found:
                continue
            source = self._annotations[doc_id] if doc_id in self._annotations else self.store.mentions(doc_id)
            by_end = {m.end: m for m in source if m.live}
            for f in found:
                full = by_end.get(f.start())
                short = f.group(1)
                if full is None:
                    continue
                surface = text[full.start : full.end]
                if surface == short or len(surface) <= len(short):
                    continue
                if self.canonical(full.label, short) == self.canonical(full.label, surface):
                    continue
                key = (full.label, surface, short)
                if key in seen:
                    continue
                seen.add(key)
                out.append(AliasProposal(full.label, surface, short, int(doc_id), full.start))
        return out

    def kwic(
        self, label: str, surface: str, doc_id: DocId | None = None, width: int = KWIC_WIDTH, limit: int | None = None
    ) -> list[KwicLine]:
        """Every live mention of the entity (its aliases included) in context: ``width``
        characters either side, across one document or the whole library (the first ``limit``;
        :meth:`kwic_count` says how many there are)."""
        lines = []
        texts: dict[DocId, str] = {}
        mentions, _total = self.store.entity_mentions(self.entity_members(label, surface), doc_id, limit)
        for m in mentions:
            if m.doc_id not in texts:
                texts[m.doc_id] = (self._docs.get(m.doc_id) or self.store.document(m.doc_id)).text
            left, match, right = kwic(texts[m.doc_id], m.start, m.end, width)
            lines.append(KwicLine(int(m.doc_id), int(m.id), m.start, m.end, m.label, left, match, right))
        return lines
