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


# ---- big texts: distinct n-grams, at most MAX_TERMS of them, their text checked by search ----------


@pytest.fixture
def small_limits(monkeypatch):
    """Make every text of more than 20 characters "big", and cap a row at 40 terms."""
    import reader.store.search as search

    monkeypatch.setattr(search, "BIG_TEXT", 20)
    monkeypatch.setattr(search, "MAX_TERMS", 40)


BIG = "山东德州经济开发区召开大会。德州经开区，德州经开区！" + "。".join(["北京", "上海"] * 20) + "。Apple 发布 iPhone"


def test_big_text_tokens_are_distinct_capped_and_fixed(small_limits):
    from reader.store.search import ngram_tokens

    toks = ngram_tokens(BIG).split()
    assert len(toks) == len(set(toks)) == 40
    assert toks[:3] == ["山", "东", "德"] and "德州" in toks and "iPhone" not in toks  # the cap cut the rest
    assert ngram_tokens(BIG) == ngram_tokens(BIG)  # deleting the row gives the same terms
    assert ngram_tokens(BIG, distinct=False).split().count("北京") == 20
    full = ngram_tokens("德州经开区，iPhone", distinct=True).split()
    assert len(full) == len(set(full)) and set(full) == set(ngram_tokens("德州经开区，iPhone", distinct=False).split())


@pytest.mark.parametrize(
    ("query", "hits"),
    [("德", {1, 4}), ("德州经济开发区", {1, 4}), ("开发区召开大会", {1, 4}), ("北京上海", set()), ("北京 上海", {2, 4}),
     ("pple", {3, 4}), ("iPhone", {3, 4}), ("iphone", {3, 4}), ("发区召", {1, 4}), ("开区", {4}), ("德州经开区", {4}), ("经开区召开", set())],
)
def test_search_finds_exact_strings_in_a_big_text(tmp_path, small_limits, query, hits):
    s = LibraryStore(tmp_path / "lib.db")
    for t in [*TEXTS, BIG]:
        s.insert_document(DocumentRecord(t, ""))
    assert [r[0] for r in s.db.execute("SELECT doc_id FROM search_scan")] == [4]
    assert set(s.search(query)) == hits
    s.close()


def test_a_big_text_leaves_the_index_whole_on_rename_and_delete(tmp_path, small_limits):
    s = LibraryStore(tmp_path / "lib.db")
    a = s.insert_document(DocumentRecord(BIG, "山东"))
    b = s.insert_document(DocumentRecord("北京。上海", ""))
    fts = lambda q: {r[0] for r in s.db.execute("SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [q])}  # noqa: E731
    assert fts("德州") == {a} and fts("召开") == {a}  # in the indexed part: sqlite-utils and Datasette find it
    assert fts("北京") == {b} and s.search("北京") == [b, a]  # beyond the cap: only reader's search does
    s.rename_document(a, "济南")
    assert fts("济南") == {a} and fts("山东") == {a} and s.search("济南") == [a]
    s.delete_documents([a])
    assert fts("德州") == set() and fts("济南") == set() and fts("北京") == {b}
    assert s.db.execute("SELECT count(*) FROM search_scan").fetchone()[0] == 0
    s.db.execute("INSERT INTO documents_fts(documents_fts) VALUES ('integrity-check')")
    s.close()


def test_a_big_text_indexed_before_is_taken_out_as_it_was_indexed(tmp_path, monkeypatch):
    """A big text indexed with every n-gram (before search_scan) is deleted with every n-gram."""
    import reader.store.search as search

    s = LibraryStore(tmp_path / "lib.db")
    a = s.insert_document(DocumentRecord(BIG, ""))
    monkeypatch.setattr(search, "BIG_TEXT", 20)
    monkeypatch.setattr(search, "MAX_TERMS", 40)
    assert s.search("iPhone") == [a]
    s.delete_documents([a])
    assert s.db.execute("SELECT count(*) FROM documents_fts WHERE documents_fts MATCH 'iphone'").fetchone()[0] == 0
    s.close()
