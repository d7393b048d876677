"""The tables of a library file and the steps that make them: ``migrations`` (the sqlite-utils
schema steps, applied in order when a library is opened for writing), ``SCHEMA_VERSION`` (how
many steps this code knows), the search index (``FTS_SQL``) and how a row goes into it, and the
UTC time stamp stored with rows. Part of :mod:`reader.store.library_db`, whose
:class:`~reader.store.library_db.LibraryStore` opens the file."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from reader.core.labels import DEFAULT_LABELS
from reader.core.model import Origin, Status
from reader.core.review import DocStatus
from reader.store.search import ngram_tokens

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
