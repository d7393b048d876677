"""The review workflow driven as a user drives it: keys, clicks, real window (offscreen)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from reader.core.model import DocumentRecord, MentionRecord, Origin, Status
from reader.core.review import DocStatus

from gui_helpers import FakeExtractor

TEXT1 = "◎本报记者 王延斌 通讯员 刘潇\n\n10月16日，大会在德州经开区召开。王延斌说，德州经开区很好。"
TEXT2 = "天衢新区和山东省德州经济开发区是一回事。天衢新区发展很快。"


def press(qtbot, widget, key, modifier=Qt.KeyboardModifier.NoModifier):
    qtbot.keyClick(widget, key, modifier)


def shortcut(w, keys: str) -> None:
    """Trigger the window action bound to ``keys`` (the same lookup Qt's shortcut map does)."""
    from PySide6.QtGui import QAction

    seq = QKeySequence(keys)
    hits = [a for a in w.findChildren(QAction) if any(s == seq for s in a.shortcuts()) and a.isEnabled()]
    assert len(hits) == 1, [a.text() for a in hits]
    hits[0].trigger()


def test_review_a_document_with_the_keyboard_to_done(qtbot, make_library, open_window, fake_extractor):
    lib = make_library(TEXT1, TEXT2)
    w = open_window(lib)
    tools = w.review
    assert lib.document_status(1) is DocStatus.NEW  # suggestions alone do not start the review
    assert tools.progress.value() == 0 and "0/2 documents done" in tools.progress.format()
    w.article.setFocus()
    n = lib.annotations(1).count(Status.SUGGESTED)
    assert n > 0
    for _ in range(n):
        press(qtbot, w.article, Qt.Key.Key_N)
        press(qtbot, w.article, Qt.Key.Key_A)
    assert lib.annotations(1).count(Status.SUGGESTED) == 0
    assert lib.document_status(1) is DocStatus.IN_PROGRESS
    assert "Ctrl+Enter" in w.statusBar().currentMessage() or True  # the hint is shown a moment later
    qtbot.waitUntil(lambda: "Ctrl+Enter marks this document done" in w.statusBar().currentMessage(), timeout=2000)
    press(qtbot, w.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert lib.document_status(1) is DocStatus.DONE
    assert tools.progress.value() == 1 and "1/2 documents done" in tools.progress.format()
    # the list shows the status and reviewed/total
    m = w.doc_list.model_
    assert m.data(m.index(0, 2)) == f"{n}/{n}"
    assert m.data(m.index(0, 0), Qt.ItemDataRole.DecorationRole) is not None
    # undo brings it back, redo again
    press(qtbot, w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.document_status(1) is DocStatus.IN_PROGRESS and tools.progress.value() == 0
    press(qtbot, w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert lib.document_status(1) is DocStatus.DONE
    # next document to review
    shortcut(w, "Ctrl+Shift+N")
    assert w.doc_id == 2
    # filter the list by status
    tools.filter_status(DocStatus.DONE)
    assert w.doc_list.visible_ids() == [1]
    tools.filter_status(None)
    assert w.doc_list.visible_ids() == [1, 2]


def test_status_change_of_a_document_deleted_meanwhile_is_refused(qtbot, make_library, open_window, no_extractor):
    lib = make_library(TEXT1, TEXT2)
    w = open_window(lib)
    w.show_document(2)
    lib.delete_documents([2])
    w._doc_id = 2  # a stale window state: the document vanished under it  # noqa: SLF001
    assert w.review.mark_done() is None
    assert "no document 2" in w.statusBar().currentMessage()


def test_find_in_the_article_counts_and_steps(qtbot, make_library, open_window, no_extractor):
    lib = make_library(TEXT1)
    w = open_window(lib)
    w.article.setFocus()
    shortcut(w, "Ctrl+F")
    bar = w.review.find_bar
    assert bar.isVisible()
    bar.edit.insert("德州经开区")  # typed (keyClicks sends ASCII only)
    assert bar.count.text() == "1 of 2"
    first = w.article.selection_span()
    assert TEXT1[first[0] : first[1]] == "德州经开区"
    press(qtbot, bar.edit, Qt.Key.Key_Return)
    assert bar.count.text() == "2 of 2" and w.article.selection_span()[0] > first[0]
    press(qtbot, bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count.text() == "1 of 2"
    bar.edit.setText("没有的词")
    assert bar.count.text() == "no matches"
    press(qtbot, bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    # the document search has its own shortcut
    assert w.search_action.shortcut() == QKeySequence("Ctrl+Shift+F")


def test_keyboard_shortcuts_sheet_is_generated_from_the_actions(qtbot, make_library, open_window, no_extractor):
    from reader.gui.review import shortcut_rows

    w = open_window(make_library(TEXT1))
    rows = {text: keys for _menu, items in shortcut_rows(w) for keys, text in items}
    assert rows["Mark document done"].startswith("Ctrl+Return")
    assert "Find in article…" in rows and rows["Next document to review"] == "Ctrl+Shift+N"
    assert rows["Next suggestion"] == "N" and any(t.startswith("PER") for t in rows)
    # every action with a key is on the sheet
    from PySide6.QtGui import QAction

    keyed = {a.text().replace("&", "") for a in w.menuBar().findChildren(QAction) if not a.shortcut().isEmpty() and a.menu() is None}
    assert keyed <= set(rows)
    w.review.show_shortcuts()


def test_statistics_dock_charts_clicks_and_png(qtbot, make_library, open_window, fake_extractor, tmp_path):
    lib = make_library(TEXT1, TEXT2)
    w = open_window(lib)
    tools = w.review
    tools.toggle_stats()
    dock = tools.stats_dock
    assert dock.isVisible() and dock.stack.currentIndex() == 1
    before = dict(dock.stats["labels"]["PER"])
    w.article.setFocus()
    press(qtbot, w.article, Qt.Key.Key_N)
    press(qtbot, w.article, Qt.Key.Key_A)
    qtbot.waitUntil(lambda: dock.stats["labels"]["PER"] != before or dock.stats["labels"]["LOC"]["accepted"] > 0, timeout=3000)
    assert dock.stats == lib.stats(top=10)
    dock._on_doc_bar(DocStatus.IN_PROGRESS)  # a click on the "In progress" bar
    assert w.doc_list.visible_ids() == [1]
    dock.clear_filter()
    dock._on_label_bar(("PER", "accepted"))
    assert set(w.doc_list.visible_ids()) == lib.documents_with("PER", "accepted")
    out = tmp_path / "chart.png"
    assert dock.export_png(str(out)) and out.stat().st_size > 1000


def test_statistics_dock_on_an_empty_library(qtbot, make_library, open_window, no_extractor):
    w = open_window(make_library())
    w.review.toggle_stats()
    assert w.review.stats_dock.stack.currentIndex() == 0
    assert "No documents" in w.review.progress.format()


def test_kwic_merge_and_undo_in_the_window(qtbot, make_library, open_window, no_extractor, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No))
    lib = make_library()
    lib.import_records([
        DocumentRecord(TEXT1, "一", [MentionRecord(TEXT1.index("德州经开区"), TEXT1.index("德州经开区") + 5, "ORG")]),
        DocumentRecord(TEXT2, "二", [MentionRecord(0, 4, "ORG"), MentionRecord(5, 15, "ORG"), MentionRecord(21, 25, "LOC")]),
    ])
    w = open_window(lib)
    tools = w.review
    w.entity_panel.entity_clicked.emit("ORG", "天衢新区", [])
    tools.toggle_kwic()
    k = tools.kwic_dock
    k.scope.setCurrentIndex(1)
    assert k.list.topLevelItemCount() == 1
    assert k.merge(("ORG", "德州经开区")) is not None
    k.show_entity("ORG", "天衢新区")
    assert k.list.topLevelItemCount() == 2 and "德州经开区" in k.aliases_label.text()
    # a different label asks first: "No" leaves things alone
    assert k.merge(("LOC", "天衢新区")) is None
    assert asked and "not labelled ORG" in asked[-1]
    # jump to a mention in another document
    item = k.list.topLevelItem(0)
    k._jump(item)
    assert w.doc_id == item.data(0, Qt.ItemDataRole.UserRole)[0]
    press(qtbot, w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.aliases() == []
    k.refresh()
    assert k.list.topLevelItemCount() == 1


def test_the_progress_bar_follows_edits_undo_and_status_without_recounting(qtbot, make_library, open_window, fake_extractor, monkeypatch):
    lib = make_library(TEXT1, TEXT2)
    w = open_window(lib)
    tools = w.review
    counted = []
    real = lib.progress
    monkeypatch.setattr(lib, "progress", lambda: counted.append(1) or real())
    w.article.setFocus()
    for key in (Qt.Key.Key_N, Qt.Key.Key_A, Qt.Key.Key_N, Qt.Key.Key_X):
        press(qtbot, w.article, key)
    press(qtbot, w.article, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert not counted  # moved by the changes, not recounted
    assert tools._progress == real()  # noqa: SLF001
    lib.delete_documents([2])
    assert counted and tools._progress == real()  # noqa: SLF001
