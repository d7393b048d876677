"""The n-gram search index: words of any length, never across punctuation, and the upgrade of a
library made before it."""

from __future__ import annotations

import sqlite3

import pytest
from sqlite_utils import Database

from reader.core.model import DocumentRecord
from reader.store import LibraryStore
from reader.store.library_db import migrations

TEXTS = ["山东德州经济开发区召开大会。", "北京。上海", "Apple 发布 iPhone"]


@pytest.fixture
def store(tmp_path):
    s = LibraryStore(tmp_path / "lib.db")
    for t in TEXTS:
        s.insert_document(DocumentRecord(t, ""))
    yield s
    s.close()


@pytest.mark.parametrize(
    ("query", "hits"),
    [("德", {1}), ("德州经济开发区", {1}), ("开发区召开大会", {1}), ("北京上海", set()), ("北京 上海", {2}),
     ("pple", {3}), ("iphone", {3}), ("发区召", {1}), ("开区", set())],
)
def test_search_finds_exact_strings(store, query, hits):
    assert set(store.search(query)) == hits


def test_an_older_library_is_upgraded_and_read_only_still_searches(tmp_path):
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    old = Database(conn)
    migrations.apply(old, stop_before="m002_search_for_datasette")
    for i, t in enumerate(TEXTS, 1):
        old["documents"].insert({"id": i, "title": "", "text": t, "sha256": f"x{i}", "metadata": "{}"})
    conn.commit()
    conn.close()
    ro = LibraryStore(db, write=False)
    assert not ro.current and set(ro.search("德州")) == {1} and ro.search("北京上海") == []
    ro.close()
    s = LibraryStore(db)
    assert s.current and set(s.search("德州")) == {1} and set(s.search("iPhone")) == {3}
    assert "content=[documents]" in s.db.execute("SELECT sql FROM sqlite_master WHERE name = 'documents_fts'").fetchone()[0]
    s.close()
