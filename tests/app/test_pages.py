"""A newspaper page in the library: its structure stored once, corrected by undoable edits."""

from __future__ import annotations

import pytest

from reader.app import Library
from reader.core import ReaderError, SpanError
from reader.core.model import DocId

from tests.cli.test_cli import REPO

SAMPLE = REPO / "data" / "news-page-zh.txt"


@pytest.fixture
def path(tmp_path):
    return tmp_path / "lib.db"


@pytest.fixture
def page(path):
    lib = Library.open(path)
    doc = lib.import_files([SAMPLE]).added[0]
    yield lib, doc
    lib.close()


def reopen(path) -> Library:
    return Library.open(path)


def test_structure_is_stored_once_and_read_back_without_analysis(page, path, monkeypatch):
    lib, doc = page
    ps = lib.page_structure(doc)
    assert len(ps.articles) == 6 and lib.is_page(doc)
    assert lib.store.page_structure(doc)[1] == "pages-1"
    import reader.app._pages as pages_module

    def boom(text):
        raise AssertionError("analysed again")

    monkeypatch.setattr(pages_module, "analyse_page", boom)
    again = reopen(path)
    try:
        assert again.page_structure(doc) == ps
    finally:
        again.close()


def test_corrections_are_undoable_and_persisted(page, path):
    lib, doc = page
    text = lib.document(doc).text
    ps0 = lib.page_structure(doc)
    caption = next(b for b in ps0.articles[0].blocks if b.role == "caption")
    body = next(b for b in ps0.articles[0].blocks if b.role == "body")
    steps = [
        lib.edit_block_role(doc, caption.start, "body"),
    ]
    lib.apply(steps[0])
    assert next(b for b in lib.page_structure(doc).articles[0].blocks if b.start == caption.start).role == "body"
    lib.apply(lib.edit_move_block(doc, body.start, 1))
    assert any(b.start == body.start for b in lib.page_structure(doc).articles[1].blocks)
    third = lib.page_structure(doc).articles[2]
    lib.apply(lib.edit_split_article(doc, third.blocks[3].start))
    assert len(lib.page_structure(doc).articles) == 7
    lib.apply(lib.edit_merge_articles(doc, 3, 4))
    assert len(lib.page_structure(doc).articles) == 6
    j = lib.page_structure(doc).joins[0]
    lib.apply(lib.edit_join(doc, j.from_, j.to, accept=False))
    assert j.from_ not in [x.from_ for x in lib.page_structure(doc).live_joins()]
    lib.apply(lib.edit_join(doc, 10, 20, accept=True))
    corrected = lib.page_structure(doc)
    # persisted: a new connection sees the corrected structure
    other = reopen(path)
    try:
        assert other.page_structure(doc) == corrected
        # and the history is data: undo in the other connection walks it back
        for _ in range(6):
            other.undo()
        assert other.page_structure(doc) == ps0
        other.redo()
        assert next(b for b in other.page_structure(doc).articles[0].blocks if b.start == caption.start).role == "body"
    finally:
        other.close()
    assert text == lib.document(doc).text  # the page text never changes


def test_reanalyse_drops_corrections_and_can_be_undone(page):
    lib, doc = page
    ps0 = lib.page_structure(doc)
    lib.apply(lib.edit_merge_articles(doc, 0, 1))
    merged = lib.page_structure(doc)
    lib.apply(lib.edit_reanalyse_page(doc))
    assert lib.page_structure(doc) == ps0
    lib.undo()
    assert lib.page_structure(doc) == merged
    assert lib.edit_reanalyse_page(doc).description == "Analyse the page again"


def test_bad_corrections_are_refused_and_change_nothing(page):
    lib, doc = page
    ps0 = lib.page_structure(doc)
    with pytest.raises(ReaderError, match="no block starts at offset 1"):
        lib.edit_block_role(doc, 1, "body")
    with pytest.raises(ReaderError, match="unknown block role"):
        lib.edit_block_role(doc, ps0.articles[0].blocks[0].start, "footer")
    with pytest.raises(ReaderError, match="no article 9"):
        lib.edit_move_block(doc, ps0.articles[0].blocks[0].start, 8)
    with pytest.raises(ReaderError, match="first block"):
        lib.edit_split_article(doc, ps0.articles[0].blocks[0].start)
    with pytest.raises(ReaderError, match="itself"):
        lib.edit_merge_articles(doc, 2, 2)
    with pytest.raises(ReaderError, match="no join"):
        lib.edit_join(doc, 3, 4, accept=False)
    assert lib.page_structure(doc) == ps0 and not lib.can_undo()


def test_an_edit_made_for_an_older_structure_is_refused(page):
    lib, doc = page
    stale = lib.edit_merge_articles(doc, 0, 1)
    lib.apply(lib.edit_merge_articles(doc, 4, 5))
    with pytest.raises(SpanError, match="structure has changed"):
        lib.apply(stale)


def test_mention_edits_and_structure_edits_share_one_history(page):
    lib, doc = page
    text = lib.document(doc).text
    lib.page_structure(doc)
    s = text.index("王延斌")
    lib.apply(lib.edit_tag(doc, s, s + 3, "PER"))
    lib.apply(lib.edit_merge_articles(doc, 0, 1))
    assert lib.undo_description().startswith("Merge")
    lib.undo()
    assert lib.undo_description().startswith("Tag")
    lib.undo()
    assert lib.store.mentions(doc) == [] and not lib.can_undo()


def test_deleting_a_page_takes_its_structure(page):
    lib, doc = page
    lib.page_structure(doc)
    lib.delete_documents([doc])
    assert lib.store.page_structure(DocId(doc)) is None


def test_reading_without_keeping_writes_nothing(page):
    lib, doc = page
    ps = lib.page_structure(doc, keep=False)
    assert len(ps.articles) == 6 and lib.store.page_structure(doc) is None


def test_plain_article_is_one_article(path):
    lib = Library.open(path)
    try:
        from reader.core import DocumentRecord

        doc = lib.import_records([DocumentRecord("市场回暖\n\n记者从商务部获悉，一月份消费市场回暖。", "t", [])]).added[0]
        assert not lib.is_page(doc) and len(lib.page_structure(doc).articles) == 1
    finally:
        lib.close()


def test_a_read_only_library_reads_pages_without_storing_them(page, path):
    lib, doc = page
    other = Library.open(path, write=False)
    try:
        assert other.read_only
        assert len(other.page_structure(doc).articles) == 6
        assert lib.store.page_structure(doc) is None
        with pytest.raises(ReaderError):
            other.apply(other.edit_merge_articles(doc, 0, 1))
    finally:
        other.close()
