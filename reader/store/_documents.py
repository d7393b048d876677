"""The documents of a library file with their mentions, labels and page structures: the
``documents``, ``mentions``, ``labels`` and ``page_structures`` tables, and the search index rows
that follow a document's title and text. :class:`DocumentSummary` is one document's line in the
list. Part of :class:`~reader.store.library_db.LibraryStore`, as one of its base classes."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from reader.core.errors import StorageError
from reader.core.labels import Label
from reader.core.model import DocId, Document, DocumentRecord, Mention, MentionId, Origin, Status, text_sha256
from reader.core.review import DocStatus
from reader.store._schema import _index_row, _now
from reader.store.search import is_big


@dataclass(frozen=True, slots=True)
class DocumentSummary:
    id: DocId
    title: str
    length: int
    mentions: int
    suggested: int
    status: DocStatus = DocStatus.NEW
    reviewed: int = 0
    """Mentions a person has reviewed (accepted or rejected)."""
    total: int = 0
    """Every mention, reviewed or not (rejected ones included)."""


class DocumentsMixin:
    """Part of :class:`~reader.store.library_db.LibraryStore` (works on its ``db``, inside its
    :meth:`~reader.store.library_db.LibraryStore.transaction`)."""

    # ---- labels --------------------------------------------------------------------------------
    def labels(self) -> list[Label]:
        return [
            Label(r["name"], r["color"], r["key"] or "", r["description"] or "")
            for r in self.db["labels"].rows_where(order_by="position")
        ]

    def add_label(self, label: Label) -> None:
        with self.transaction():
            pos = self.db.execute("SELECT coalesce(max(position), -1) + 1 FROM labels").fetchone()[0]
            self.db["labels"].insert(
                {"name": label.name, "color": label.color, "key": label.key, "description": label.description, "position": pos},
                ignore=True,
            )

    def update_label(self, label: Label) -> None:
        with self.transaction():
            cur = self.db.execute(
                "UPDATE labels SET color = ?, key = ?, description = ? WHERE name = ?",
                [label.color, label.key, label.description, label.name],
            )
            if cur.rowcount != 1:
                raise StorageError(f"no label {label.name!r} in {self.path}")

    # ---- documents -----------------------------------------------------------------------------
    def document_ids(self) -> list[DocId]:
        return [DocId(r[0]) for r in self.db.execute("SELECT id FROM documents ORDER BY id")]

    def summaries(self, doc_id: DocId | None = None) -> list[DocumentSummary]:
        """Every document's summary (or only ``doc_id``'s)."""
        status = "d.status" if self.has_review else "'new'"
        where, args = ("WHERE d.id = ?", [doc_id]) if doc_id is not None else ("", [])
        sql = f"""
            SELECT d.id, d.title, length(d.text) AS n,
                   coalesce(sum(m.status != 'rejected'), 0) AS live,
                   coalesce(sum(m.status = 'suggested'), 0) AS sug,
                   {status}, coalesce(sum(m.status != 'suggested'), 0), count(m.id)
            FROM documents d LEFT JOIN mentions m ON m.doc_id = d.id
            {where} GROUP BY d.id ORDER BY d.id
        """
        return [
            DocumentSummary(DocId(r[0]), r[1] or "", r[2], r[3], r[4], DocStatus(r[5]), r[6], r[7])
            for r in self.db.execute(sql, args)
        ]

    def document(self, doc_id: DocId) -> Document:
        row = self.db.execute(
            "SELECT id, title, text, source, metadata FROM documents WHERE id = ?", [doc_id]
        ).fetchone()
        if row is None:
            raise StorageError(f"no document {doc_id} in the library")
        return Document(DocId(row[0]), row[1] or "", row[2], row[3] or "", json.loads(row[4] or "{}"))

    def extracted(self, doc_id: DocId) -> str | None:
        """The extractor version that last suggested entities for this document, if any ran."""
        row = self.db.execute("SELECT extracted FROM documents WHERE id = ?", [doc_id]).fetchone()
        return row[0] if row else None

    def extracted_versions(self, doc_ids: Iterable[DocId] | None = None) -> dict[DocId, str | None]:
        """The extractor version stamp of each document (None: never extracted)."""
        rows = self.db.execute("SELECT id, extracted FROM documents")
        if doc_ids is None:
            return {DocId(r[0]): r[1] for r in rows}
        wanted = set(doc_ids)
        return {DocId(r[0]): r[1] for r in rows if r[0] in wanted}

    def has_document(self, doc_id: DocId) -> bool:
        return self.db.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    def mark_extracted(self, doc_id: DocId, version: str) -> None:
        self.db.execute("UPDATE documents SET extracted = ? WHERE id = ?", [version, doc_id])

    def find_sha(self, sha256: str) -> DocId | None:
        row = self.db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
        return DocId(row[0]) if row else None

    def insert_document(self, record: DocumentRecord, source: str = "") -> DocId:
        """Add a document and its mentions (call inside :meth:`transaction` for batches)."""
        with self.transaction():
            sha = text_sha256(record.text)
            doc_id = DocId(
                self.db["documents"]
                .insert(
                    {
                        "title": record.title,
                        "text": record.text,
                        "source": source,
                        "sha256": sha,
                        "metadata": json.dumps(
                            {**record.metadata, **({"extra": record.extra} if record.extra else {})},
                            ensure_ascii=False,
                        ),
                        "created": _now(),
                    }
                )
                .last_pk
            )
            self._index(doc_id, record.title, record.text)
            if record.mentions:
                first = self.allocate_ids(len(record.mentions))
                self._insert_mentions(
                    record.text,
                    [
                        Mention(MentionId(first + i), doc_id, m.start, m.end, m.label, Origin(m.origin), Status(m.status))
                        for i, m in enumerate(record.mentions)
                    ],
                )
        return doc_id

    def _index(self, doc_id: DocId, title: str | None, text: str, *, delete: bool = False) -> None:
        """Add a document's title and text to the search index or (``delete``) take them out: the
        index forgets a row only when given the values it indexed. A big text is indexed as its
        distinct n-grams and listed in ``search_scan`` (see :mod:`reader.store.search`)."""
        if delete:
            distinct = self.db.execute("SELECT 1 FROM search_scan WHERE doc_id = ?", [doc_id]).fetchone() is not None
            _index_row(self.db, doc_id, title, text, delete=True, distinct=distinct)
            self.db.execute("DELETE FROM search_scan WHERE doc_id = ?", [doc_id])
        else:
            distinct = is_big(text)
            _index_row(self.db, doc_id, title, text, distinct=distinct)
            if distinct:
                self.db.execute("INSERT OR IGNORE INTO search_scan(doc_id) VALUES (?)", [doc_id])

    def _title_text(self, doc_id: DocId) -> tuple[str | None, str]:
        row = self.db.execute("SELECT title, text FROM documents WHERE id = ?", [doc_id]).fetchone()
        if row is None:
            raise StorageError(f"no document {doc_id} in {self.path}")
        return row[0], row[1]

    def rename_document(self, doc_id: DocId, title: str) -> None:
        with self.transaction():
            old, text = self._title_text(doc_id)
            self._index(doc_id, old, text, delete=True)
            self.db.execute("UPDATE documents SET title = ? WHERE id = ?", [title, doc_id])
            self._index(doc_id, title, text)

    def delete_documents(self, doc_ids: Iterable[DocId]) -> int:
        """Delete documents with their mentions and their history entries; returns how many
        mentions went with them."""
        removed = 0
        with self.transaction():
            for doc_id in doc_ids:
                title, text = self._title_text(doc_id)
                self._index(doc_id, title, text, delete=True)
                removed += self.db.execute("DELETE FROM mentions WHERE doc_id = ?", [doc_id]).rowcount
                self.db.execute("DELETE FROM history WHERE doc_id = ?", [doc_id])
                self.db.execute("DELETE FROM page_structures WHERE doc_id = ?", [doc_id])
                self.db.execute("DELETE FROM documents WHERE id = ?", [doc_id])
        return removed

    # ---- mentions ------------------------------------------------------------------------------
    def mentions(self, doc_id: DocId) -> list[Mention]:
        return [
            Mention(MentionId(r[0]), DocId(r[1]), r[2], r[3], r[4], Origin(r[5]), Status(r[6]))
            for r in self.db.execute(
                "SELECT id, doc_id, start, end, label, origin, status FROM mentions WHERE doc_id = ? ORDER BY start, end, id",
                [doc_id],
            )
        ]

    def allocate_ids(self, n: int = 1) -> int:
        """Reserve ``n`` consecutive mention ids and return the first. Ids are never reused,
        so an edit in the history always names the same mention."""
        with self.transaction():
            first = int(self.db.execute("SELECT value FROM meta WHERE key = 'next_mention_id'").fetchone()[0])
            self.db.execute("UPDATE meta SET value = ? WHERE key = 'next_mention_id'", [str(first + n)])
        return first

    def _insert_mentions(self, text: str, mentions: Iterable[Mention]) -> None:
        self.db["mentions"].insert_all(
            (
                {
                    "id": m.id,
                    "doc_id": m.doc_id,
                    "start": m.start,
                    "end": m.end,
                    "label": m.label,
                    "text": text[m.start : m.end],
                    "origin": m.origin.value,
                    "status": m.status.value,
                }
                for m in mentions
            ),
            batch_size=500,
        )

    def write_changes(self, text: str, removed: Iterable[Mention], added: Iterable[Mention]) -> None:
        """Replace mentions on disk (inside the caller's transaction)."""
        ids = [m.id for m in removed]
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            self.db.execute(f"DELETE FROM mentions WHERE id IN ({','.join('?' * len(chunk))})", chunk)
        self._insert_mentions(text, added)

    # ---- page structures -----------------------------------------------------------------------
    def page_structure(self, doc_id: DocId) -> tuple[dict[str, Any], str] | None:
        """The stored structure of a page (JSON data) and the analyser that first made it."""
        row = self.db.execute("SELECT structure, analyser FROM page_structures WHERE doc_id = ?", [doc_id]).fetchone()
        return (json.loads(row[0]), row[1] or "") if row else None

    def page_structures(self) -> dict[DocId, dict[str, Any]]:
        """Every stored page structure (JSON data), by document."""
        return {DocId(r[0]): json.loads(r[1]) for r in self.db.execute("SELECT doc_id, structure FROM page_structures")}

    def write_page_structure(self, doc_id: DocId, structure: dict[str, Any] | None, analyser: str = "") -> None:
        """Store (or with ``None`` forget) a page's structure (inside the caller's transaction)."""
        if structure is None:
            self.db.execute("DELETE FROM page_structures WHERE doc_id = ?", [doc_id])
            return
        self.db.execute(
            "INSERT INTO page_structures (doc_id, structure, analyser, updated) VALUES (?, ?, ?, ?) "
            "ON CONFLICT(doc_id) DO UPDATE SET structure = excluded.structure, updated = excluded.updated, "
            "analyser = CASE WHEN excluded.analyser != '' THEN excluded.analyser ELSE page_structures.analyser END",
            [doc_id, json.dumps(structure, ensure_ascii=False), analyser, _now()],
        )
