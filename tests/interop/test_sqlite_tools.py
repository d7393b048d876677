"""The library file as Datasette and sqlite-utils see it: their full-text search finds Chinese
words of one to four characters (run with the real tools where installed)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from reader.app import Library
from reader.core.model import DocumentRecord

pytestmark = pytest.mark.interop

BIN = Path(sys.executable).parent
DOCS = ["山东德州经济开发区召开大会。", "上海浦东新区：Apple 发布 iPhone。", "德国总理访问北京"]
QUERIES = {"德": {1, 3}, "德州": {1}, "德州经": {1}, "德州经济": {1}, "浦东新区": {2}, "北京": {3}, "apple": {2},
           "iPhone": {2}, "州德": set(), "德州 大会": {1}}


def tool(name: str) -> str:
    exe = shutil.which(name, path=str(BIN)) or shutil.which(name)
    if exe is None:
        pytest.skip(f"{name} is not installed (pip install {name}); this test runs the real tool")
    return exe


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("lib") / "lib.db"
    lib = Library.open(db)
    lib.import_records([DocumentRecord(t, t[:6]) for t in DOCS])
    lib.close()
    return db


@pytest.mark.parametrize(("query", "hits"), QUERIES.items())
def test_sqlite_utils_search(library: Path, query: str, hits: set[int]) -> None:
    r = subprocess.run([tool("sqlite-utils"), "search", str(library), "documents", query, "-c", "id"],
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 0, r.stderr
    assert {row["id"] for row in json.loads(r.stdout)} == hits


@pytest.mark.parametrize(("query", "hits"), QUERIES.items())
def test_datasette_search_box(library: Path, query: str, hits: set[int]) -> None:
    from urllib.parse import quote

    r = subprocess.run(
        [tool("datasette"), str(library), "--get", f"/lib/documents.json?_search={quote(query)}&_shape=array&_col=id"],
        capture_output=True, text=True, timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert {row["id"] for row in json.loads(r.stdout)} == hits


def test_the_index_stays_right_after_rename_and_delete(tmp_path: Path) -> None:
    db = tmp_path / "lib.db"
    lib = Library.open(db)
    a, b = lib.import_records([DocumentRecord(t, t[:6]) for t in DOCS[:2]]).added
    lib.rename_document(a, "济南新闻")
    lib.delete_documents([b])
    lib.close()
    exe = tool("sqlite-utils")
    found = lambda q: {r["id"] for r in json.loads(subprocess.run(  # noqa: E731
        [exe, "search", str(db), "documents", q, "-c", "id"], capture_output=True, text=True, check=True).stdout)}
    assert found("济南") == {a} and found("德州") == {a} and found("浦东") == set()


def test_a_big_text_indexed_as_distinct_ngrams_is_found(tmp_path: Path, monkeypatch) -> None:
    import reader.store.search as search

    monkeypatch.setattr(search, "BIG_TEXT", 10)  # DOCS[0] and DOCS[1] become "big"
    db = tmp_path / "lib.db"
    lib = Library.open(db)
    lib.import_records([DocumentRecord(t, t[:6]) for t in DOCS])
    lib.close()
    assert Database(db).execute("SELECT doc_id FROM search_scan ORDER BY doc_id").fetchall() == [(1,), (2,)]
    exe = tool("sqlite-utils")
    for query, hits in QUERIES.items():
        r = subprocess.run([exe, "search", str(db), "documents", query, "-c", "id"], capture_output=True, text=True)
        assert r.returncode == 0, r.stderr
        assert {row["id"] for row in json.loads(r.stdout)} == hits, query
