"""The library file: documents, mentions, labels and the edit history in one SQLite database.

The file is a documented interface (see the README's "The library file"): plain tables readable
with ``sqlite-utils`` or Datasette. Every write happens inside ``db.atomic()``; WAL mode with
``synchronous=FULL`` means a committed edit survives a killed process or a power cut.
"""

from __future__ import annotations

import functools
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from reader.core.edits import Edit
from reader.core.errors import ReadOnlyLibrary, StorageError
from reader.core.labels import DEFAULT_LABELS, Label
from reader.core.model import (
    DocId,
    Document,
    DocumentRecord,
    Mention,
    MentionId,
    Origin,
    Status,
    text_sha256,
)
from reader.core.review import Alias, DocStatus
from reader.store.lock import LibraryLock
from reader.store.search import is_big, match_expression, ngram_tokens, words

APP_ID = "reader"
migrations = Migrations(APP_ID)


@migrations()
def m001_initial(db: Database) -> None:
    db["meta"].create({"key": str, "value": str}, pk="key")
    db["labels"].create(
        {"name": str, "color": str, "key": str, "description": str, "position": int}, pk="name"
    )
    db["documents"].create(
        {
            "id": int,
            "title": str,
            "text": str,
            "source": str,
            "sha256": str,
            "metadata": str,
            "created": str,
            "extracted": str,
        },
        pk="id",
        not_null={"text", "sha256"},
    )
    db["documents"].create_index(["sha256"], unique=True)
    db["mentions"].create(
        {
            "id": int,
            "doc_id": int,
            "start": int,
            "end": int,
            "label": str,
            "text": str,
            "origin": str,
            "status": str,
        },
        pk="id",
        not_null={"doc_id", "start", "end", "label", "origin", "status"},
        foreign_keys=[("doc_id", "documents", "id"), ("label", "labels", "name")],
    )
    db["mentions"].create_index(["doc_id", "start"])
    db["history"].create(
        {"seq": int, "doc_id": int, "description": str, "edit": str, "done": int, "created": str},
        pk="seq",
        foreign_keys=[("doc_id", "documents", "id")],
    )
    db.execute(
        "CREATE VIRTUAL TABLE documents_fts USING fts5(grams, chars, content='', tokenize='unicode61')"
    )
    db["meta"].insert_all(
        [{"key": "app", "value": APP_ID}, {"key": "next_mention_id", "value": "1"}]
    )
    db["labels"].insert_all(
        [
            {"name": lb.name, "color": lb.color, "key": lb.key, "description": lb.description, "position": i}
            for i, lb in enumerate(DEFAULT_LABELS)
        ]
    )


FTS_SQL = """CREATE VIRTUAL TABLE [documents_fts] USING FTS5 (
    [title], [text],
    content=[documents]
)"""
"""The search index, as ``sqlite-utils enable-fts library.db documents title text`` makes it (so
that sqlite-utils and Datasette find and use it), fed n-grams (see :mod:`reader.store.search`)."""


def _index_row(
    db: Database, doc_id: int, title: str | None, text: str, *, delete: bool = False, distinct: bool = False
) -> None:
    """Add a row to the search index, or (``delete``) take it out: the index forgets a row only
    when given the terms it indexed, so ``distinct`` must say how the row was made."""
    columns, values = ("documents_fts, ", "'delete', ") if delete else ("", "")
    db.execute(
        f"INSERT INTO documents_fts({columns}rowid, title, text) VALUES ({values}?, ?, ?)",
        [doc_id, ngram_tokens(title, distinct=False), ngram_tokens(text, distinct=distinct)],
    )


@migrations()
def m002_search_for_datasette(db: Database) -> None:
    """Replace the bigram index of m001 with one Datasette and sqlite-utils search."""
    db.execute("DROP TABLE IF EXISTS documents_fts")
    db.execute(FTS_SQL)
    ids = [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    for doc_id in ids:
        title, text = db.execute("SELECT title, text FROM documents WHERE id = ?", [doc_id]).fetchone()
        _index_row(db, doc_id, title, text)


@migrations()
def m003_page_structures(db: Database) -> None:
    """A page's structure (articles, blocks, joins), stored once per document and corrected by edits."""
    db["page_structures"].create(
        {"doc_id": int, "structure": str, "analyser": str, "updated": str},
        pk="doc_id",
        not_null={"structure"},
        foreign_keys=[("doc_id", "documents", "id")],
    )


@migrations()
def m004_review(db: Database) -> None:
    """Review status per document (``new``, ``in_progress``, ``done``, with the time it last
    changed) and the entity aliases. A document someone already worked on (a mention a person
    tagged, accepted or rejected) starts ``in_progress``."""
    db["documents"].add_column("status", str, not_null_default=DocStatus.NEW.value)
    db["documents"].add_column("status_changed", str)
    db.execute(
        "UPDATE documents SET status = 'in_progress' WHERE id IN (SELECT DISTINCT doc_id FROM mentions "
        "WHERE origin = 'user' OR status = 'rejected' OR (status = 'accepted' AND origin != 'import'))"
    )
    db["aliases"].create(
        {"label": str, "surface": str, "canonical_label": str, "canonical_surface": str},
        pk=("label", "surface"),
        not_null={"canonical_label", "canonical_surface"},
    )
    db["aliases"].create_index(["canonical_label", "canonical_surface"])
    db["mentions"].create_index(["label", "status"])  # statistics and progress count from the index
    db["mentions"].create_index(["label", "text"])  # an entity's mentions across the library (KWIC)


@migrations()
def m005_suggestions_leave_the_history(db: Database) -> None:
    """Finding entities is not a user edit: drop the extractor's "Suggest N entities" entries from
    the undo history (their suggestions stay). One that had been undone took its suggestions
    with it: its document is marked for extraction again."""
    for seq, doc_id, edit, done in db.execute("SELECT seq, doc_id, edit, done FROM history").fetchall():
        try:
            data = json.loads(edit)
        except ValueError:
            continue
        added = data.get("added") or []
        if data.get("removed") or not added:
            continue
        if not all(row[5] == Status.SUGGESTED.value and row[4] in _MACHINE for row in added):
            continue
        db.execute("DELETE FROM history WHERE seq = ?", [seq])
        if not done:
            db.execute("UPDATE documents SET extracted = NULL WHERE id = ?", [doc_id])


_MACHINE = {Origin.MODEL.value, Origin.RULE.value, Origin.LEXICON.value}


@migrations()
def m006_search_scan(db: Database) -> None:
    """``search_scan``: the documents whose index row holds their distinct n-grams (a text longer
    than ``BIG_TEXT`` imported from now on; see :mod:`reader.store.search`), whose text
    ``search`` checks itself. Rows indexed before keep every n-gram (and are taken out of the
    index that way)."""
    db["search_scan"].create({"doc_id": int}, pk="doc_id", foreign_keys=[("doc_id", "documents", "id")])


SCHEMA_VERSION = len(migrations._migrations)  # noqa: SLF001 - the count of migrations this code knows


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


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    edit: Edit
    done: bool


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class LibraryStore:
    """A library file. Not thread-safe: use one per thread (WAL lets them work side by side).

    ``write=True`` (the default) takes the library's writer lock (see :mod:`reader.store.lock`):
    another program holding it raises :class:`LibraryLocked`. ``write=False`` opens the file
    read-only (SQLite ``mode=ro``): it never takes the lock, never creates, migrates or changes
    anything, and every write raises :class:`ReadOnlyLibrary`.
    """

    def __init__(
        self, path: str | Path | None, *, create: bool = True, write: bool = True, program: str | None = None
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.read_only = not write and self.path is not None
        self.current = True
        """False for a read-only library whose schema steps are not all applied (an older file)."""
        self._lock: LibraryLock | None = None
        if self.path is not None:
            self._check_path(create=create and write)
            if write:
                self._lock = LibraryLock.acquire(self.path, program)
        try:
            try:
                if self.read_only:
                    conn = self._connect_read_only()
                else:
                    conn = sqlite3.connect(str(self.path) if self.path else ":memory:", timeout=2.0)
                self.db = Database(conn)
                self._check_is_library()
                conn.execute("PRAGMA foreign_keys = ON")
                if self.read_only:
                    self.current = not migrations.pending(self.db)
                else:
                    if self.path is not None:
                        conn.execute("PRAGMA journal_mode = WAL")
                        conn.execute("PRAGMA synchronous = FULL")
                    self._migrate()
            except sqlite3.DatabaseError as e:
                raise StorageError(self._explain(e)) from e
        except BaseException:
            self._release()
            raise

    def _check_path(self, *, create: bool) -> None:
        """Clear errors for a path that cannot be a library, before SQLite makes up its own."""
        path = self.path
        assert path is not None
        try:
            if path.is_dir():
                raise StorageError(f"{path}: is a directory, not a library file")
            if path.exists():
                if not path.is_file():
                    raise StorageError(f"{path}: not a regular file, so not a library")
                if not os.access(path, os.R_OK):
                    raise StorageError(f"{path}: no permission to read the library")
                if not self.read_only and not os.access(path, os.W_OK):
                    raise ReadOnlyLibrary(f"{path}: the library file is read-only (no permission to write it)")
                return
            if not create:
                raise StorageError(f"{path}: no such library")
            parent = path.parent
            for up in [parent, *parent.parents]:
                if up.exists():
                    if not up.is_dir():
                        raise StorageError(f"{path}: cannot create the library: {up} is a file, not a folder")
                    break
            try:
                parent.mkdir(parents=True, exist_ok=True)
            except OSError as e:
                raise StorageError(f"{path}: cannot create the folder {parent}: {e.strerror or e}") from None
            if not os.access(parent, os.W_OK | os.X_OK):
                raise StorageError(f"{path}: cannot create the library: no permission to write in {parent}")
        except OSError as e:
            raise StorageError(f"{path}: cannot use this library path: {e.strerror or e}") from None

    def _connect_read_only(self) -> sqlite3.Connection:
        """A connection that cannot write. A file we may write is opened as usual with
        ``query_only`` (so SQLite tidies its ``-wal``/``-shm`` away on close, as for any
        reader); a file we may not write is opened ``mode=ro``, and ``immutable`` when it has no
        write-ahead log (then no writer is at work and SQLite need not make a ``-shm`` beside it)."""
        path = Path(self.path).absolute()  # type: ignore[arg-type]
        if os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK):
            conn = sqlite3.connect(str(path), timeout=2.0)
            conn.execute("PRAGMA query_only = ON")
            return conn
        uri = "file:" + quote(str(path)) + "?mode=ro"
        if not Path(f"{path}-wal").exists():
            uri += "&immutable=1"
        return sqlite3.connect(uri, uri=True, timeout=2.0)

    def _release(self) -> None:
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def _explain(self, e: sqlite3.DatabaseError) -> str:
        where = self.path or ":memory:"
        msg = str(e)
        if "locked" in msg or "busy" in msg:
            return f"{where}: the library is locked by another program; close it and try again"
        if "not a database" in msg or "malformed" in msg:
            return f"{where}: not a reader library (not an SQLite database, or damaged)"
        if "readonly" in msg or "unable to open" in msg:
            return f"{where}: cannot write the library ({msg})"
        return f"{where}: {msg}"

    def _check_is_library(self) -> None:
        names = set(self.db.table_names())
        if not names:
            return
        if "meta" not in names:
            raise StorageError(f"{self.path}: an SQLite database, but not a reader library; refusing to change it")
        row = self.db.execute("SELECT value FROM meta WHERE key = 'app'").fetchone()
        if not row or row[0] != APP_ID:
            raise StorageError(f"{self.path}: an SQLite database, but not a reader library; refusing to change it")
        known = {m.name for m in migrations._migrations}  # noqa: SLF001
        applied = {m.name for m in migrations.applied(self.db)}
        newer = applied - known
        if newer:
            raise StorageError(
                f"{self.path}: made by a newer version of reader (schema steps {', '.join(sorted(newer))}); "
                "update reader to open it"
            )

    def _migrate(self) -> None:
        if migrations.pending(self.db):
            with self._immediate():
                pass
            migrations.apply(self.db)

    @contextmanager
    def _immediate(self) -> Iterator[None]:
        """Take the write lock now (fails fast with a clear error if another program holds it)."""
        try:
            self.db.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as e:
            raise StorageError(self._explain(e)) from e
        self.db.execute("COMMIT")
        yield

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One atomic write. Nested calls become savepoints."""
        if self.read_only:
            raise ReadOnlyLibrary(f"{self.path}: opened read-only; nothing was changed")
        try:
            with self.db.atomic():
                yield
        except sqlite3.DatabaseError as e:
            raise StorageError(self._explain(e)) from e

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            self._release()

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

    def reviewed_surfaces(self) -> list[tuple[str, str, str, int]]:
        """(surface, label, status, count) of the accepted mentions and of the rejected machine
        suggestions: what the user's review says about surfaces (a library's lexicon)."""
        rows = self.db.execute(
            "SELECT text, label, status, COUNT(*) FROM mentions "
            "WHERE status = 'accepted' OR (status = 'rejected' AND origin IN ('model', 'rule', 'lexicon')) "
            "GROUP BY text, label, status"
        )
        return [(r[0] or "", r[1], r[2], int(r[3])) for r in rows]

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

    # ---- history (undo / redo) -----------------------------------------------------------------
    def record(self, edit: Edit) -> int:
        """Append a newly applied edit; a new edit drops the redo branch, as in any editor."""
        self.db.execute("DELETE FROM history WHERE done = 0")
        return int(
            self.db["history"]
            .insert(
                {
                    "doc_id": edit.doc_id,
                    "description": edit.description,
                    "edit": json.dumps(edit.to_json(), ensure_ascii=False),
                    "done": 1,
                    "created": _now(),
                }
            )
            .last_pk
        )

    def set_done(self, seq: int, done: bool) -> None:
        self.db.execute("UPDATE history SET done = ? WHERE seq = ?", [int(done), seq])

    def last_done(self) -> HistoryEntry | None:
        row = self.db.execute("SELECT seq, edit FROM history WHERE done = 1 ORDER BY seq DESC LIMIT 1").fetchone()
        return HistoryEntry(row[0], Edit.from_json(json.loads(row[1])), True) if row else None

    def last_done_description(self) -> str | None:
        """The description of the edit an undo would revert (None: nothing to undo), without
        reading the edit itself (one edit can hold thousands of mentions)."""
        row = self.db.execute("SELECT description FROM history WHERE done = 1 ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def first_undone_description(self) -> str | None:
        """The description of the edit a redo would apply again (None: nothing to redo)."""
        row = self.db.execute("SELECT description FROM history WHERE done = 0 ORDER BY seq LIMIT 1").fetchone()
        return row[0] if row else None

    def first_undone(self) -> HistoryEntry | None:
        row = self.db.execute("SELECT seq, edit FROM history WHERE done = 0 ORDER BY seq LIMIT 1").fetchone()
        return HistoryEntry(row[0], Edit.from_json(json.loads(row[1])), False) if row else None

    def history(self) -> list[HistoryEntry]:
        return [
            HistoryEntry(r[0], Edit.from_json(json.loads(r[1])), bool(r[2]))
            for r in self.db.execute("SELECT seq, edit, done FROM history ORDER BY seq")
        ]

    # ---- search --------------------------------------------------------------------------------
    def search(self, query: str, limit: int = 100) -> list[DocId]:
        """Documents whose text or title contains ``query`` (Chinese words of any length)."""
        match = match_expression(query)
        if not match:
            return []
        if not self.current:  # an older file opened read-only has the old index: scan instead
            ws = words(query)
            where = " AND ".join("(instr(coalesce(title, ''), ?) OR instr(text, ?))" for _ in ws)
            args = [w for w in ws for _ in (0, 1)]
            rows = self.db.execute(f"SELECT id FROM documents WHERE {where} ORDER BY id LIMIT ?", [*args, limit])
            return [DocId(r[0]) for r in rows]
        # the index finds the ordinary documents; a big one's index does not follow its text, so
        # its text is checked (search_scan is short: only texts longer than BIG_TEXT are in it)
        rows = self.db.execute(
            "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?"
            " AND rowid NOT IN (SELECT doc_id FROM search_scan) ORDER BY rank LIMIT ?",
            [match, limit],
        )
        found = [DocId(r[0]) for r in rows]
        if len(found) < limit:
            ws = words(query)
            # lower(): the index folds case; SQLite's lower() folds ASCII letters
            where = " AND ".join("(instr(lower(coalesce(d.title, '')), lower(?)) OR instr(lower(d.text), lower(?)))" for _ in ws)
            args = [w for w in ws for _ in (0, 1)]
            big = self.db.execute(
                f"SELECT d.id FROM search_scan s JOIN documents d ON d.id = s.doc_id WHERE {where} ORDER BY d.id LIMIT ?",
                [*args, limit - len(found)],
            )
            found += [DocId(r[0]) for r in big]
        return found

    def meta(self) -> dict[str, Any]:
        return {r[0]: r[1] for r in self.db.execute("SELECT key, value FROM meta")}

    def meta_value(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    def set_meta_value(self, key: str, value: str | None) -> None:
        """Set (or, with ``None``, remove) one ``meta`` entry, in its own transaction."""
        with self.transaction():
            if value is None:
                self.db.execute("DELETE FROM meta WHERE key = ?", [key])
            else:
                self.db.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", [key, value])

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


def _guarded(fn: Any) -> Any:
    """A damaged file (valid header, broken pages) fails on whatever query reaches the broken
    page: turn SQLite's error into a clear :class:`StorageError`, wherever it happens."""

    @functools.wraps(fn)
    def call(self: LibraryStore, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(self, *args, **kwargs)
        except sqlite3.DatabaseError as e:
            raise StorageError(self._explain(e)) from e

    return call


for _name, _fn in list(vars(LibraryStore).items()):
    if not _name.startswith("_") and callable(_fn) and _name not in ("transaction", "close"):
        setattr(LibraryStore, _name, _guarded(_fn))
