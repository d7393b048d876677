"""Finding entities in the window, driven as a user drives it: suggestions are never undone by
Ctrl+Z, *Find entities again*, browsing the list, long articles streamed piece by piece."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import Qt

from reader.app.extraction import ExtractionService
from reader.core.model import DocumentRecord, Status
from gui_helpers import FakeExtractor, click_at, select

TEXT = "◎本报记者 王延斌 通讯员 刘潇\n10月16日，合作大会在山东省德州经济开发区召开。德州经开区位于山东。王延斌说，德州经开区很好。"


def rows(lib, doc):
    return sorted((m.start, m.end, m.label, m.status.value) for m in lib.store.mentions(doc))


def suggested(lib, doc):
    return sorted((m.start, m.end, m.label) for m in lib.store.mentions(doc) if m.status is Status.SUGGESTED)


class SlowExtractor(FakeExtractor):
    """A FakeExtractor that takes its time on every piece (as the real model does on long text)."""

    def __init__(self, delay=0.05):
        super().__init__()
        self.delay = delay

    def extract(self, text):
        time.sleep(self.delay)
        return super().extract(text)


def use(monkeypatch, extractor, version="fake-1"):
    service = ExtractionService(extractor=extractor, version=version)
    monkeypatch.setattr(ExtractionService, "shared", classmethod(lambda cls, model=None, *, fast=False: service))
    return service


# ---- defect 2: Ctrl+Z undoes the user's edits, never the extractor's suggestions ------------------


def test_ctrl_z_after_opening_a_document_keeps_its_suggestions(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    before = suggested(lib, doc)
    assert before and not lib.needs_extraction(doc)
    assert not w.undo_action.isEnabled()  # nothing the user did
    w.article.setFocus()
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert suggested(lib, doc) == before
    assert len(w.article.annotations.live()) == len(before)


def test_ctrl_z_walks_only_the_users_edits(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    before = suggested(lib, doc)
    start = TEXT.index("山东省")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_3)  # tag 山东省 as LOC
    click_at(qtbot, w.article, TEXT.index("刘潇") + 1)
    qtbot.keyClick(w.article, Qt.Key.Key_A)  # accept 刘潇
    assert (start, start + 3, "LOC", "accepted") in rows(lib, doc)
    for _ in range(4):  # more Ctrl+Z than the user's two edits
        qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert suggested(lib, doc) == before
    assert not any(s == "accepted" for *_, s in rows(lib, doc))
    for _ in range(3):
        qtbot.keyClick(
            w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
        )
    assert (start, start + 3, "LOC", "accepted") in rows(lib, doc)
    liu = TEXT.index("刘潇")
    assert (liu, liu + 2, "PER", "accepted") in rows(lib, doc)


def test_history_replays_after_suggestions_arrive(make_library, open_window, qtbot, monkeypatch):
    """Tag, undo, then the extractor suggests in that place: redo still gives the user's tag."""
    fake = FakeExtractor(entities=())
    service = use(monkeypatch, fake)
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    start = TEXT.index("德州经开区")
    select(w.article, start, start + 5)
    qtbot.keyClick(w.article, Qt.Key.Key_3)
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert rows(lib, doc) == []
    fake.entities = (("德州经开区", "ORG"),)
    service._version = "fake-2"
    qtbot.keyClick(w.article, Qt.Key.Key_F5)  # Find entities again
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    assert (start, start + 5, "ORG") in suggested(lib, doc)
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert (start, start + 5, "LOC", "accepted") in rows(lib, doc)
    assert "Not done" not in w.statusBar().currentMessage()


# ---- Find entities again -----------------------------------------------------------------------------


def test_find_entities_again_replaces_only_unreviewed_suggestions(make_library, open_window, qtbot, monkeypatch):
    fake = FakeExtractor()
    service = use(monkeypatch, fake)
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    wang = TEXT.index("王延斌")
    click_at(qtbot, w.article, wang + 1)
    qtbot.keyClick(w.article, Qt.Key.Key_A)  # accept the first 王延斌
    liu = TEXT.index("刘潇")
    click_at(qtbot, w.article, liu + 1)
    qtbot.keyClick(w.article, Qt.Key.Key_X)  # reject 刘潇
    undo_text = w.undo_action.text()
    fake.entities = (("刘潇", "PER"), ("山东", "LOC"))
    service._version = "fake-2"
    w.find_again_action.trigger()
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    after = rows(lib, doc)
    assert (wang, wang + 3, "PER", "accepted") in after
    assert (liu, liu + 2, "PER", "rejected") in after and (liu, liu + 2, "PER", "suggested") not in after
    # 山东 twice (the new model), and the other 王延斌: the user accepted that name (the library learned it)
    assert [(TEXT[s:e], label) for s, e, label in suggested(lib, doc)] == [("山东", "LOC"), ("山东", "LOC"), ("王延斌", "PER")]
    assert lib.extracted_version(doc) == "fake-2"
    assert w.undo_action.text() == undo_text  # not an edit
    assert "suggested" in w.statusBar().currentMessage() and "doc 1" in w.statusBar().currentMessage()


def test_find_entities_again_in_selected_documents(make_library, open_window, qtbot, monkeypatch):
    fake = FakeExtractor()
    service = use(monkeypatch, fake)
    lib = make_library(TEXT, "王延斌在北京。", "刘潇在德州经开区。")
    w = open_window(lib)
    first, second, third = lib.document_ids()
    assert lib.needs_extraction(second) and lib.needs_extraction(third)
    fake.entities = (("王延斌", "PER"), ("刘潇", "PER"), ("德州经开区", "LOC"))
    service._version = "fake-2"
    w.find_entities_again([second, third])
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    assert suggested(lib, second) == [(0, 3, "PER")]
    assert suggested(lib, third) == [(0, 2, "PER"), (3, 8, "LOC")]
    assert lib.extracted_version(second) == lib.extracted_version(third) == "fake-2"
    assert lib.extracted_version(first) == "fake-1"
    assert "2 documents" in w.statusBar().currentMessage()
    assert not w.undo_action.isEnabled()


def test_document_list_offers_find_entities_again(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT, "王延斌在北京。")
    w = open_window(lib)
    got = []
    w.doc_list.find_again_requested.connect(got.append)
    w.doc_list.selectAll()
    menu = w.doc_list.build_context_menu()
    texts = [a.text() for a in menu.actions()]
    assert "Find entities again in 2 documents" in texts
    next(a for a in menu.actions() if a.text().startswith("Find entities again")).trigger()
    menu.deleteLater()
    assert got == [lib.document_ids()]


def test_a_new_extractor_version_offers_find_entities_again(make_library, open_window, qtbot, monkeypatch):
    fake = FakeExtractor()
    service = use(monkeypatch, fake, version="old")
    lib = make_library(TEXT, "王延斌在北京。")
    w = open_window(lib)
    first, second = lib.document_ids()
    service._version = "new"
    w.show_document(second)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    w.show_document(first)
    assert lib.is_stale(first)
    assert "Find entities again" in w.statusBar().currentMessage() and "doc 1" in w.statusBar().currentMessage()


# ---- defect 4: messages name their document; browsing extracts only where the user stays --------------


def test_browsing_with_pagedown_and_end_extracts_only_where_the_user_stays(make_library, open_window, qtbot, fake_extractor):
    texts = [f"第{i}篇：王延斌在德州经开区。" for i in range(40)]
    lib = make_library(*texts)
    w = open_window(lib)
    ids = lib.document_ids()
    assert not lib.needs_extraction(ids[0])
    fake_extractor.texts.clear()
    w.doc_list.setFocus()
    for key in (Qt.Key.Key_PageDown, Qt.Key.Key_PageDown, Qt.Key.Key_Down, Qt.Key.Key_End):
        qtbot.keyClick(w.doc_list, key)
    assert w.doc_id == ids[-1]
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    assert fake_extractor.texts == [texts[-1]]
    assert [i for i in ids if not lib.needs_extraction(i)] == [ids[0], ids[-1]]
    assert "doc 40" in w.statusBar().currentMessage()


def test_status_messages_name_their_document(make_library, open_window, qtbot, monkeypatch):
    use(monkeypatch, SlowExtractor(0.2))
    lib = make_library(TEXT, "王延斌在北京。")
    w = open_window(lib, wait=False)
    assert "doc 1" in w.statusBar().currentMessage() and "finding entities" in w.statusBar().currentMessage()
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    assert w.statusBar().currentMessage().startswith("“doc 1”: ")
    w.show_document(lib.document_ids()[1])
    assert w.statusBar().currentMessage().startswith("“doc 2”: finding entities")
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    assert w.statusBar().currentMessage().startswith("“doc 2”: 1 entity suggested")


def test_extractor_missing_names_the_document_and_the_cause(make_library, open_window, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    msg = w.statusBar().currentMessage()
    assert msg.startswith("“doc 1”: entities cannot be found") and "extractor not available" in msg
    assert w.extraction.unavailable and lib.needs_extraction(w.doc_id)


# ---- long articles stream --------------------------------------------------------------------------


def long_text(paragraphs=60):
    return "\n".join(f"第{i}段：记者王延斌报道，刘潇在德州经开区参加会议。" + "会议讨论了很多问题。" * 20 for i in range(paragraphs))


def test_a_long_article_streams_with_a_progress_bar(make_library, open_window, qtbot, monkeypatch):
    use(monkeypatch, SlowExtractor(0.15))
    text = long_text()
    lib = make_library(text)
    w = open_window(lib, wait=False)
    doc = w.doc_id
    assert w.extraction_progress.isVisible()
    qtbot.waitUntil(lambda: len(w.article.annotations.live()) > 0, timeout=10000)
    first = len(w.article.annotations.live())
    assert w.extraction.busy(doc) and lib.needs_extraction(doc)  # the rest is still coming
    assert 0 < first < 60 * 3
    assert not w.undo_action.isEnabled()
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=30000)
    assert len(w.article.annotations.live()) == 60 * 3
    assert not lib.needs_extraction(doc) and not w.extraction_progress.isVisible()
    assert len(suggested(lib, doc)) == 60 * 3


def test_moving_to_another_document_cancels_the_long_one(make_library, open_window, qtbot, monkeypatch):
    slow = SlowExtractor(0.15)
    use(monkeypatch, slow)
    lib = make_library(long_text(), "王延斌在北京。")
    w = open_window(lib, wait=False)
    long_doc, short = lib.document_ids()
    qtbot.waitUntil(lambda: len(w.article.annotations.live()) > 0, timeout=10000)
    w.show_document(short)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    calls = len(slow.texts)
    qtbot.wait(600)
    assert len(slow.texts) == calls  # the long document's job stopped
    assert lib.needs_extraction(long_doc)  # not finished, so it is found again when shown again
    assert 0 < len(suggested(lib, long_doc)) < 60 * 3
    assert not lib.needs_extraction(short)
    w.show_document(long_doc)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=30000)
    assert len(suggested(lib, long_doc)) == 60 * 3 and not lib.needs_extraction(long_doc)


def test_ctrl_z_during_a_long_extraction_keeps_suggestions(make_library, open_window, qtbot, monkeypatch):
    use(monkeypatch, SlowExtractor(0.1))
    lib = make_library(long_text())
    w = open_window(lib, wait=False)
    doc = w.doc_id
    qtbot.waitUntil(lambda: len(w.article.annotations.live()) > 0, timeout=10000)
    w.article.setFocus()
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=30000)
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(suggested(lib, doc)) == 60 * 3


@pytest.mark.parametrize("background", [False, True])
def test_the_library_lexicon_reaches_the_next_document(make_library, open_window, qtbot, monkeypatch, background):
    use(monkeypatch, FakeExtractor(entities=(("王延斌", "PER"),)))
    lib = make_library("蓝箭航天的王延斌。", "王延斌说蓝箭航天很好。")
    w = open_window(lib, background=background)
    first, second = lib.document_ids()
    select(w.article, 0, 4)
    qtbot.keyClick(w.article, Qt.Key.Key_2)  # ORG
    w.show_document(second)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=10000)
    assert suggested(lib, second) == [(0, 3, "PER"), (4, 8, "ORG")]


def test_library_records_stay_out_of_the_checks_history(tmp_path, fake_extractor):
    """A library made before: DocumentRecord import, then a window — the undo stack is empty."""
    from reader.app.library import Library
    from reader.gui.main_window import MainWindow

    lib = Library.open(tmp_path / "x.db")
    lib.import_records([DocumentRecord(TEXT, "t")])
    w = MainWindow(lib, background=False)
    try:
        assert suggested(lib, lib.document_ids()[0])
        assert w.undo_controller.stack.count() == 0 and not lib.can_undo()
    finally:
        w.close()
        lib.close()
