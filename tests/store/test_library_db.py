from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from reader.core import DocumentRecord, MentionRecord, StorageError
from reader.store import LibraryStore
from reader.store.library_db import migrations


def test_new_library_has_schema_labels_and_wal(tmp_path):
    store = LibraryStore(tmp_path / "lib.db")
    assert [lb.name for lb in store.labels()] == ["PER", "ORG", "LOC", "DATE", "MONEY", "PERCENT", "QUANTITY"]
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.meta()["app"] == "reader"
    store.close()
    # reopening applies nothing new and keeps data
    again = LibraryStore(tmp_path / "lib.db")
    assert not migrations.pending(again.db)


def test_document_and_mentions_round_trip_with_surface_text(tmp_path):
    store = LibraryStore(tmp_path / "lib.db")
    text = "𠮷野家😀在北京\r\n开店"
    doc = store.insert_document(DocumentRecord(text, "t", [MentionRecord(0, 3, "ORG"), MentionRecord(5, 7, "LOC")]))
    rows = list(Database(tmp_path / "lib.db")["mentions"].rows)
    assert [(r["start"], r["end"], r["text"]) for r in rows] == [(0, 3, "𠮷野家"), (5, 7, "北京")]
    assert store.document(doc).text == text  # CRLF and astral characters kept exactly


def test_foreign_keys_refuse_a_mention_with_an_unknown_label(tmp_path):
    store = LibraryStore(tmp_path / "lib.db")
    with pytest.raises(StorageError):
        store.insert_document(DocumentRecord("北京", "t", [MentionRecord(0, 2, "NOPE")]))
    assert store.document_ids() == []  # the whole document was rolled back


def test_a_file_that_is_not_a_library_is_refused_untouched(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StorageError, match="not a reader library"):
        LibraryStore(junk)
    assert junk.read_bytes() == b"this is not sqlite at all" * 100
    other = tmp_path / "other.db"
    Database(other)["people"].insert({"name": "x"})
    with pytest.raises(StorageError, match="not a reader library"):
        LibraryStore(other)
    assert Database(other).table_names() == ["people"]


def test_a_library_from_a_newer_version_is_refused(tmp_path):
    path = tmp_path / "lib.db"
    LibraryStore(path).close()
    Database(path)["_sqlite_migrations"].insert({"migration_set": "reader", "name": "m999_future", "applied_at": "x"})
    with pytest.raises(StorageError, match="newer version"):
        LibraryStore(path)


def test_a_locked_library_gives_a_clear_error(tmp_path):
    path = tmp_path / "lib.db"
    LibraryStore(path).close()
    # a fresh library file that another program holds the write lock on, mid-migration
    locked = tmp_path / "new.db"
    holder = sqlite3.connect(locked)
    holder.execute("CREATE TABLE x(a)")
    holder.execute("BEGIN EXCLUSIVE")
    with pytest.raises(StorageError, match="locked|not a reader library"):
        LibraryStore(locked)
    holder.rollback()
    holder.close()


def test_a_directory_is_not_a_library(tmp_path):
    with pytest.raises(StorageError, match="directory"):
        LibraryStore(tmp_path)


@pytest.mark.parametrize(
    ("query", "hits"),
    [("德州", {1}), ("经开", {1}), ("州经", {1, 2}), ("路", {2}), ("德州经开区", {1}), ("德", {1}), ("北京", {2}), ("上海", set()), ("大会 德州", {1})],
)
def test_full_text_search_finds_two_character_chinese_words(tmp_path, query, hits):
    store = LibraryStore(None)
    store.insert_document(DocumentRecord("山东德州经开区召开大会。", "一"))
    store.insert_document(DocumentRecord("北京州经路", "二"))
    assert set(store.search(query)) == hits


def test_mention_ids_are_never_reused(tmp_path):
    store = LibraryStore(None)
    a = store.allocate_ids(3)
    b = store.allocate_ids(1)
    assert b == a + 3


def test_an_sqlite_error_in_any_group_of_methods_is_a_storage_error(tmp_path):
    """The store's methods live in several base classes; each turns SQLite's error (here: a table
    gone, as on a damaged page) into a StorageError naming the file."""
    assert not issubclass(StorageError, sqlite3.DatabaseError)
    store = LibraryStore(tmp_path / "lib.db")
    store.db.execute("DROP TABLE history")
    store.db.execute("DROP TABLE page_structures")
    store.db.execute("DROP TABLE search_scan")
    calls = {
        "history": store.history,  # the undo history
        "review_timeline": store.review_timeline,  # the review
        "page_structures": store.page_structures,  # documents and their pages
        "search": lambda: store.search("北京"),  # the store itself
    }
    for name, call in calls.items():
        with pytest.raises(StorageError, match="lib.db"):
            call()
    store.close()
