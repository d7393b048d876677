"""The review, as a library file holds it: each document's review status (the ``status`` columns
of ``documents``), mentions counted by label and status, the review timeline, an entity's
mentions across the library, the aliases (the ``aliases`` table), and what the review says about
surfaces and documents (a library's lexicon, the documents a reviewer is through with). Part of
:class:`~reader.store.library_db.LibraryStore`, as one of its base classes."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import Any

from reader.core.model import DocId, Mention, MentionId, Origin, Status
from reader.core.review import Alias, DocStatus
from reader.store._schema import _now


class ReviewMixin:
    """Part of :class:`~reader.store.library_db.LibraryStore` (works on its ``db``, inside its
    :meth:`~reader.store.library_db.LibraryStore.transaction`)."""

    # ---- review --------------------------------------------------------------------------------
    @functools.cached_property
    def has_review(self) -> bool:
        """The file has the review columns (False only for an older file opened read-only)."""
        return "status" in self.db["documents"].columns_dict

    def doc_status(self, doc_id: DocId) -> DocStatus | None:
        """A document's review status (None: no such document)."""
        if not self.has_review:
            return DocStatus.NEW if self.has_document(doc_id) else None
        row = self.db.execute("SELECT status FROM documents WHERE id = ?", [doc_id]).fetchone()
        return DocStatus(row[0]) if row else None

    def set_doc_status(self, doc_id: DocId, status: DocStatus) -> None:
        """Inside the caller's transaction."""
        self.db.execute(
            "UPDATE documents SET status = ?, status_changed = ? WHERE id = ?", [status.value, _now(), doc_id]
        )

    def status_counts(self) -> dict[DocStatus, int]:
        out = {s: 0 for s in DocStatus}
        if not self.has_review:
            out[DocStatus.NEW] = len(self.document_ids())
            return out
        for status, n in self.db.execute("SELECT status, count(*) FROM documents GROUP BY status"):
            out[DocStatus(status)] += n
        return out

    def doc_statuses(self) -> dict[DocId, DocStatus]:
        if not self.has_review:
            return {i: DocStatus.NEW for i in self.document_ids()}
        return {DocId(r[0]): DocStatus(r[1]) for r in self.db.execute("SELECT id, status FROM documents ORDER BY id")}

    def label_status_counts(self) -> dict[str, dict[str, int]]:
        """Mentions per label and status (every label of the library, zeros included)."""
        out = {lb.name: {s.value: 0 for s in (Status.ACCEPTED, Status.SUGGESTED, Status.REJECTED)} for lb in self.labels()}
        for label, status, n in self.db.execute("SELECT label, status, count(*) FROM mentions GROUP BY label, status"):
            out.setdefault(label, {s.value: 0 for s in (Status.ACCEPTED, Status.SUGGESTED, Status.REJECTED)})[status] = n
        return out

    def review_timeline(self) -> list[tuple[str, int, int]]:
        """(UTC day, mentions a person changed, documents marked done) per day, from the history
        (edits undone and the extractor's suggestions left out)."""
        rows = self.db.execute(
            """SELECT substr(created, 1, 10) AS day,
                      coalesce(sum(json_array_length(edit, '$.added')), 0),
                      coalesce(sum(json_extract(edit, '$.doc_status[1]') = 'done'), 0)
               FROM history WHERE done = 1 AND doc_id IS NOT NULL AND description NOT LIKE 'Suggest %'
               GROUP BY day ORDER BY day"""
        )
        return [(r[0], int(r[1]), int(r[2])) for r in rows]

    def docs_with(self, label: str | None = None, status: str | None = None) -> set[DocId]:
        """Documents holding a mention of this label (and mention status)."""
        conds, args = [], []
        if label is not None:
            conds.append("label = ?")
            args.append(label)
        if status is not None:
            conds.append("status = ?")
            args.append(status)
        where = ("WHERE " + " AND ".join(conds)) if conds else ""
        return {DocId(r[0]) for r in self.db.execute(f"SELECT DISTINCT doc_id FROM mentions {where}", args)}

    def surface_counts(self, doc_id: DocId | None = None) -> list[tuple[str, str, int]]:
        """(label, surface, live mentions) for every entity (of one document, or the library)."""
        where, args = ("AND doc_id = ?", [doc_id]) if doc_id is not None else ("", [])
        return [
            (r[0], r[1], r[2])
            for r in self.db.execute(
                f"SELECT label, text, count(*) FROM mentions WHERE status != 'rejected' {where} GROUP BY label, text", args
            )
        ]

    def entity_mentions(
        self, entities: Iterable[tuple[str, str]], doc_id: DocId | None = None, limit: int | None = None
    ) -> tuple[list[Mention], int]:
        """Live mentions with these (label, surface), in document order (the first ``limit``), and
        how many there are in all."""
        entities = list(entities)
        if not entities:
            return [], 0
        cond = " OR ".join("(label = ? AND text = ?)" for _ in entities)
        args: list[Any] = [x for e in entities for x in e]
        where = f"({cond}) AND status != 'rejected'" + (" AND doc_id = ?" if doc_id is not None else "")
        if doc_id is not None:
            args.append(doc_id)
        total = self.db.execute(f"SELECT count(*) FROM mentions WHERE {where}", args).fetchone()[0]
        rows = self.db.execute(
            "SELECT id, doc_id, start, end, label, origin, status FROM mentions "
            f"WHERE {where} ORDER BY doc_id, start, end, id" + (" LIMIT ?" if limit is not None else ""),
            [*args, limit] if limit is not None else args,
        )
        return [Mention(MentionId(r[0]), DocId(r[1]), r[2], r[3], r[4], Origin(r[5]), Status(r[6])) for r in rows], int(total)

    # ---- aliases -------------------------------------------------------------------------------
    def aliases(self) -> list[Alias]:
        if "aliases" not in self.db.table_names():
            return []
        return [
            Alias(r[0], r[1], r[2], r[3])
            for r in self.db.execute(
                "SELECT label, surface, canonical_label, canonical_surface FROM aliases "
                "ORDER BY canonical_label, canonical_surface, label, surface"
            )
        ]

    def write_aliases(self, removed: Iterable[Alias], added: Iterable[Alias]) -> None:
        """Inside the caller's transaction."""
        for a in removed:
            self.db.execute("DELETE FROM aliases WHERE label = ? AND surface = ?", [a.label, a.surface])
        for a in added:
            self.db.execute(
                "INSERT INTO aliases (label, surface, canonical_label, canonical_surface) VALUES (?, ?, ?, ?)",
                [a.label, a.surface, a.canonical_label, a.canonical_surface],
            )

    def reviewed_surfaces(self) -> list[tuple[str, str, str, int]]:
        """(surface, label, status, count) of the accepted mentions and of the rejected machine
        suggestions: what the user's review says about surfaces (a library's lexicon)."""
        rows = self.db.execute(
            "SELECT text, label, status, COUNT(*) FROM mentions "
            "WHERE status = 'accepted' OR (status = 'rejected' AND origin IN ('model', 'rule', 'lexicon')) "
            "GROUP BY text, label, status"
        )
        return [(r[0] or "", r[1], r[2], int(r[3])) for r in rows]

    def reviewed_document_ids(self) -> list[DocId]:
        """Documents a reviewer is through with: no suggestion left and something reviewed (the
        extractor ran on it, or it holds mentions), or marked done (a ``status`` column of
        ``documents``, where the library has one)."""
        done = "OR d.status = 'done'" if "status" in self.db["documents"].columns_dict else ""
        sql = f"""
            SELECT d.id FROM documents d LEFT JOIN mentions m ON m.doc_id = d.id
            GROUP BY d.id
            HAVING (coalesce(sum(m.status = 'suggested'), 0) = 0 AND (d.extracted IS NOT NULL OR count(m.id) > 0))
                   {done}
            ORDER BY d.id
        """
        return [DocId(r[0]) for r in self.db.execute(sql)]
