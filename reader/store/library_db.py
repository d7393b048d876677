"""The library file: documents, mentions, labels and the edit history in one SQLite database.

The file is a documented interface (see the README's "The library file"): plain tables readable
with ``sqlite-utils`` or Datasette. Every write happens inside ``db.atomic()``; WAL mode with
``synchronous=FULL`` means a committed edit survives a killed process or a power cut.

The store is made of base classes, one module each: the tables and their schema steps
(:mod:`reader.store._schema`), documents with their mentions, labels and page structures
(:mod:`reader.store._documents`), the review (:mod:`reader.store._review`) and the undo history
(:mod:`reader.store._history`). This module opens the file and keeps the transactions, the
``meta`` table and search; the names callers use are importable from here.
"""

from __future__ import annotations

import functools
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import quote

from sqlite_utils import Database

from reader.core.errors import ReadOnlyLibrary, StorageError
from reader.core.model import DocId
from reader.store._documents import DocumentsMixin, DocumentSummary
from reader.store._history import HistoryEntry, HistoryMixin
from reader.store._review import ReviewMixin
from reader.store._schema import APP_ID, FTS_SQL, SCHEMA_VERSION, migrations
from reader.store.lock import LibraryLock
from reader.store.search import match_expression, words

__all__ = [
    "APP_ID",
    "FTS_SQL",
    "SCHEMA_VERSION",
    "DocumentSummary",
    "HistoryEntry",
    "LibraryStore",
    "migrations",
]


class LibraryStore(DocumentsMixin, ReviewMixin, HistoryMixin):
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


# the methods of the base classes are guarded as the store's own
for _cls in (LibraryStore, *LibraryStore.__bases__):
    for _name, _fn in list(vars(_cls).items()):
        if not _name.startswith("_") and callable(_fn) and _name not in ("transaction", "close"):
            setattr(LibraryStore, _name, _guarded(_fn))
