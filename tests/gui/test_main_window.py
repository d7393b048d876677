"""End-to-end flows: drive the window like a user, check the library file."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat, QTextCursor

from reader.app.library import Library
from reader.core.model import Status
from gui_helpers import click_at, menu_action, select

TEXT = "◎本报记者 王延斌 通讯员 刘潇\n10月16日，合作大会在山东省德州经济开发区召开。德州经开区位于山东。王延斌说，德州经开区很好。"


def stored(path, doc_id):
    """Mentions as a fresh connection to the library file sees them."""
    lib = Library.open(path, create=False)
    try:
        return {(m.start, m.end, m.label, m.status) for m in lib.store.mentions(doc_id)}
    finally:
        lib.close()


def live(lib, doc_id):
    return {(m.start, m.end, m.label, m.status) for m in lib.annotations(doc_id).live()}


def test_sample_page_opens_with_suggestions(tmp_path, open_window, fake_extractor):
    from reader.gui.app import open_library

    lib = open_library(tmp_path / "lib.db")
    w = open_window(lib)
    doc_id = w.doc_id
    assert doc_id is not None
    qtbot_wait = lib.needs_extraction(doc_id)
    assert not qtbot_wait
    text = lib.document(doc_id).text
    assert w.article.toPlainText() == text.replace("\r\n", "\n")
    suggested = [m for m in lib.annotations(doc_id).live() if m.status is Status.SUGGESTED]
    assert suggested, "the fake extractor finds 王延斌 etc. on the sample page"
    m = suggested[0]
    cur = w.article.textCursor()
    cur.setPosition(w.article.offsets.to_qt(m.start) + 1)
    assert cur.charFormat().underlineStyle() == QTextCharFormat.UnderlineStyle.WaveUnderline
    assert "suggested" in w.statusBar().currentMessage()
    assert str(lib.path) in w.windowTitle()
    assert w.entity_panel.model.counts()["PER"] >= 2


def test_tag_with_label_key_is_stored(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    start = TEXT.index("山东省德州经济开发区")
    select(w.article, start, start + len("山东省德州经济开发区"))
    qtbot.keyClick(w.article, Qt.Key.Key_3)
    want = (start, start + 10, "LOC", Status.ACCEPTED)
    assert want in live(lib, doc)
    assert want in stored(lib.path, doc)
    cur = w.article.textCursor()
    cur.setPosition(w.article.offsets.to_qt(start) + 1)
    assert cur.charFormat().background().color().name() != "#000000"
    assert cur.charFormat().fontWeight() > 400
    assert w.article.current_mention().label == "LOC"
    assert "LOC" in w.current_label.text()


def test_relabel_delete_with_keys(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    start = TEXT.index("王延斌")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_2)  # ORG, by mistake
    assert (start, start + 3, "ORG", Status.ACCEPTED) in stored(lib.path, doc)
    select(w.article, 0, 0)
    click_at(qtbot, w.article, start + 1)
    assert w.article.current_mention() is not None
    qtbot.keyClick(w.article, Qt.Key.Key_1)  # relabel the current mention
    assert (start, start + 3, "PER", Status.ACCEPTED) in stored(lib.path, doc)
    assert (start, start + 3, "ORG", Status.ACCEPTED) not in stored(lib.path, doc)
    qtbot.keyClick(w.article, Qt.Key.Key_Delete)
    assert not any(m[0] == start for m in stored(lib.path, doc))
    assert w.article.current_mention() is None
    cur = w.article.textCursor()
    cur.setPosition(w.article.offsets.to_qt(start) + 1)
    assert cur.charFormat().fontWeight() <= 400


def test_accept_and_reject_suggestions(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    assert not lib.needs_extraction(doc)
    per = TEXT.index("王延斌")
    loc = TEXT.index("德州经开区")
    assert (per, per + 3, "PER", Status.SUGGESTED) in stored(lib.path, doc)
    click_at(qtbot, w.article, per + 1)
    assert w.article.current_mention().status is Status.SUGGESTED
    qtbot.keyClick(w.article, Qt.Key.Key_A)
    assert (per, per + 3, "PER", Status.ACCEPTED) in stored(lib.path, doc)
    click_at(qtbot, w.article, loc + 2)
    qtbot.keyClick(w.article, Qt.Key.Key_X)
    assert (loc, loc + 5, "LOC", Status.REJECTED) in stored(lib.path, doc)
    assert (loc, loc + 5, "LOC", Status.SUGGESTED) not in live(lib, doc)
    # Enter accepts too
    d = TEXT.index("10月16日")
    click_at(qtbot, w.article, d + 1)
    qtbot.keyClick(w.article, Qt.Key.Key_Return)
    assert (d, d + 6, "DATE", Status.ACCEPTED) in stored(lib.path, doc)


def test_accept_all_suggestions_menu(make_library, open_window, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    assert lib.annotations(w.doc_id).count(Status.SUGGESTED) > 0
    w.accept_all_action.trigger()
    assert lib.annotations(w.doc_id).count(Status.SUGGESTED) == 0
    assert all(m[3] is Status.ACCEPTED for m in stored(lib.path, w.doc_id) if m[3] is not Status.REJECTED)


def test_undo_redo_with_key_sequences(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    start = TEXT.index("王延斌")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_1)
    tagged = (start, start + 3, "PER", Status.ACCEPTED)
    assert tagged in stored(lib.path, doc)
    assert "Tag" in w.undo_action.text()
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tagged not in stored(lib.path, doc)
    assert w.undo_controller.stack.index() == 0
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert tagged in stored(lib.path, doc)
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tagged not in stored(lib.path, doc)
    qtbot.keyClick(w.article, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert tagged in stored(lib.path, doc)
    assert w.undo_controller.stack.index() == 1
    cur = w.article.textCursor()
    cur.setPosition(w.article.offsets.to_qt(start) + 1)
    assert cur.charFormat().fontWeight() > 400


def test_state_survives_closing_and_reopening(make_library, open_window, qtbot, fake_extractor, tmp_path):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    start = TEXT.index("山东省")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_3)
    click_at(qtbot, w.article, TEXT.index("王延斌") + 1)
    qtbot.keyClick(w.article, Qt.Key.Key_A)
    before = live(lib, doc)
    w.close()
    lib.close()

    lib2 = Library.open(tmp_path / "lib.db", create=False)
    try:
        w2 = open_window(lib2)
        assert w2.doc_id == doc
        assert live(lib2, doc) == before
        assert not lib2.needs_extraction(doc)  # not suggested again
        # the earlier session's edits can be undone, newest first
        assert w2.undo_action.isEnabled()
        assert "Accept" in w2.undo_action.text()
        w2.undo_action.trigger()
        assert (TEXT.index("王延斌"), TEXT.index("王延斌") + 3, "PER", Status.SUGGESTED) in live(lib2, doc)
        w2.undo_action.trigger()
        assert (start, start + 3, "LOC", Status.ACCEPTED) not in live(lib2, doc)
        w2.redo_action.trigger()
        assert (start, start + 3, "LOC", Status.ACCEPTED) in live(lib2, doc)
    finally:
        w2.close()
        lib2.close()


def test_overlap_is_refused_with_a_message(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    start = TEXT.index("德州经济开发区")
    select(w.article, start, start + 7)
    qtbot.keyClick(w.article, Qt.Key.Key_3)
    before = stored(lib.path, doc)
    select(w.article, start + 4, start + 9)  # 开发区召开
    qtbot.keyClick(w.article, Qt.Key.Key_2)
    assert stored(lib.path, doc) == before
    assert "overlap" in w.statusBar().currentMessage()


def test_label_key_without_selection_gives_a_hint(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    select(w.article, 0, 0)
    qtbot.keyClick(w.article, Qt.Key.Key_1)
    assert lib.annotations(w.doc_id).count() == 0
    assert "Select" in w.statusBar().currentMessage()


def test_extractor_missing_leaves_the_app_working(make_library, open_window, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    assert lib.needs_extraction(w.doc_id)
    assert w.extraction.unavailable
    assert "extractor not available" in w.statusBar().currentMessage()


def test_context_menu_relabel_resize_tag_all(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    per = TEXT.index("王延斌")
    menu = w.article.build_context_menu(w.article.point_of(per + 1))
    menu_action(menu, "Relabel/ORG").trigger()
    assert (per, per + 3, "ORG", Status.ACCEPTED) in stored(lib.path, doc)
    # resize 德州经开区 (suggested LOC) to 德州经开区位于山东? no: to 德州经开 — selection then menu
    loc = TEXT.index("德州经开区")
    select(w.article, loc, loc + 4)
    menu = w.article.build_context_menu(w.article.point_of(loc + 1))
    menu_action(menu, "Resize to selection").trigger()
    assert (loc, loc + 4, "LOC", Status.ACCEPTED) in stored(lib.path, doc)
    # tag all occurrences of 山东
    shandong = TEXT.index("山东")
    select(w.article, shandong, shandong + 2)
    menu = w.article.build_context_menu(None)
    menu_action(menu, "Tag all occurrences as/LOC").trigger()
    dialog = w.tag_all_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    got = {m for m in live(lib, doc) if TEXT[m[0] : m[1]] == "山东"}
    assert len(got) == TEXT.count("山东") == 2
    assert all(m[2] == "LOC" and m[3] is Status.ACCEPTED for m in got)


def test_entity_click_cycles_through_mentions(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    model = w.entity_panel.model
    idx = model.entity_index("PER", "王延斌")
    assert idx.isValid()
    tree = w.entity_panel.tree
    positions = []
    for _ in range(3):
        rect = tree.visualRect(idx)
        qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        positions.append(w.article.current_mention().start)
    first, second = [i for i in range(len(TEXT)) if TEXT.startswith("王延斌", i)]
    assert positions == [first, second, first]


def test_entity_panel_buttons(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    panel = w.entity_panel
    idx = panel.model.entity_index("LOC", "德州经开区")
    panel.tree.setCurrentIndex(idx)
    assert panel.accept_button.isEnabled()
    qtbot.mouseClick(panel.accept_button, Qt.MouseButton.LeftButton)
    locs = [m for m in live(lib, doc) if m[2] == "LOC"]
    assert len(locs) == 2 and all(m[3] is Status.ACCEPTED for m in locs)
    assert panel.model.data(panel.model.entity_index("LOC", "德州经开区").siblingAtColumn(2)) == "accepted"
    idx = panel.model.entity_index("PER", "刘潇")
    panel.tree.setCurrentIndex(idx)
    qtbot.mouseClick(panel.reject_button, Qt.MouseButton.LeftButton)
    assert not panel.model.entity_index("PER", "刘潇").isValid()
    assert "刘潇" not in [TEXT[m[0] : m[1]] for m in live(lib, doc)]


def test_undo_of_an_edit_in_another_document_shows_it(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT, "第二篇：刘潇也来了。")
    w = open_window(lib)
    first, second = lib.document_ids()
    start = TEXT.index("王延斌")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_1)
    model = w.doc_list.model_
    assert model.data(model.index(0, 1)) == "1"
    w.doc_list.setCurrentIndex(model.index(1, 0))
    assert w.doc_id == second
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.doc_id == first
    assert lib.annotations(first).count() == 0
    assert model.data(model.index(0, 1)) == "0"
    assert "Undone" in w.statusBar().currentMessage()


def test_n_and_p_walk_through_suggestions(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    starts = [m.start for m in lib.annotations(w.doc_id).live() if m.status is Status.SUGGESTED]
    select(w.article, 0, 0)
    seen = []
    for _ in range(len(starts) + 1):
        qtbot.keyClick(w.article, Qt.Key.Key_N)
        seen.append(w.article.current_mention().start)
    assert seen == starts + starts[:1]
    qtbot.keyClick(w.article, Qt.Key.Key_P)
    assert w.article.current_mention().start == starts[-1]
    # review flow: accept, next, reject
    qtbot.keyClick(w.article, Qt.Key.Key_A)
    qtbot.keyClick(w.article, Qt.Key.Key_N)
    qtbot.keyClick(w.article, Qt.Key.Key_X)
    ann = lib.annotations(w.doc_id)
    assert ann.count(Status.ACCEPTED) == 1 and ann.count(Status.REJECTED) == 1


def test_keyboard_enter_in_entity_panel_cycles_mentions(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    tree = w.entity_panel.tree
    tree.setFocus()
    tree.setCurrentIndex(w.entity_panel.model.entity_index("PER", "王延斌"))
    positions = []
    for _ in range(3):
        qtbot.keyClick(tree, Qt.Key.Key_Return)
        positions.append(w.article.current_mention().start)
    first, second = [i for i in range(len(TEXT)) if TEXT.startswith("王延斌", i)]
    assert positions == [first, second, first]


def test_search_box_filters_the_document_list(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT, "第二篇：刘潇也来了。", "第三篇：没有这个名字。")
    w = open_window(lib)
    first, second, third = lib.document_ids()
    before = len(lib.history())
    menu_action(w.menuBar(), "Edit/Search documents").trigger()
    assert w.search_box.hasFocus() or not w.isActiveWindow()
    w.search_box.setText("刘潇")  # Chinese text is set, not typed (see design notes on keyClicks)
    qtbot.waitUntil(lambda: w.doc_list.visible_ids() == [first, second] or w.doc_list.visible_ids() == [second, first])
    assert "2 documents" in w.statusBar().currentMessage()
    # digits typed into the box are text, not label keys
    w.search_box.clear()
    qtbot.keyClicks(w.search_box, "16")
    qtbot.waitUntil(lambda: w.doc_list.visible_ids() == [first])
    assert len(lib.history()) == before
    w.search_box.setText("没有的词语")
    qtbot.waitUntil(lambda: w.doc_list.visible_ids() == [])
    w.search_box.clear()
    qtbot.waitUntil(lambda: sorted(w.doc_list.visible_ids()) == [first, second, third])


def test_delete_and_rename_documents_from_the_list(make_library, open_window, qtbot, no_extractor, monkeypatch, dialogs):
    from PySide6.QtWidgets import QInputDialog

    lib = make_library(TEXT, "第二篇：刘潇也来了。", "第三篇。")
    w = open_window(lib)
    first, second, third = lib.document_ids()
    start = TEXT.index("王延斌")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_1)
    assert w.undo_action.isEnabled()
    # rename: F2 on the list
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("新的 标题", True)))
    w.doc_list.setFocus()
    w.doc_list.setCurrentIndex(w.doc_list.model_.index(w.doc_list.model_.row_of(first), 0))
    w.doc_list.rename_requested.emit(first)
    assert w.title_label.text() == "新的 标题"
    assert w.doc_list.model_.summary(w.doc_list.model_.row_of(first)).title == "新的 标题"
    # delete: a cancelled question deletes nothing
    dialogs.answers.append(dialogs.Button.Cancel)
    w.doc_list.delete_requested.emit([first])
    assert lib.document_ids() == [first, second, third]
    # confirmed: the shown document goes, the next one is shown, its edit leaves the undo stack
    dialogs.answers.append(dialogs.Button.Yes)
    w.doc_list.delete_requested.emit([first])
    assert lib.document_ids() == [second, third]
    assert w.doc_id == second and w.article.text == "第二篇：刘潇也来了。"
    assert not w.undo_action.isEnabled() and w.undo_controller.stack.count() == 0
    assert w.doc_list.model_.rowCount() == 2
    # deleting the rest leaves an empty window, not a crash
    dialogs.answers.append(dialogs.Button.Yes)
    w.doc_list.delete_requested.emit([second, third])
    assert lib.document_ids() == [] and w.doc_id is None and w.article.text == ""


def test_delete_key_in_the_document_list_asks_then_deletes(make_library, open_window, qtbot, no_extractor, dialogs):
    lib = make_library(TEXT, "第二篇：刘潇也来了。")
    w = open_window(lib)
    first, second = lib.document_ids()
    dialogs.answers.append(dialogs.Button.Yes)
    w.doc_list.setFocus()
    w.doc_list.setCurrentIndex(w.doc_list.model_.index(w.doc_list.model_.row_of(second), 0))
    qtbot.keyClick(w.doc_list, Qt.Key.Key_Delete)
    asked = [text for kind, text in dialogs if kind == "question"]
    assert len(asked) == 1 and "cannot be undone" in asked[0]
    assert lib.document_ids() == [first]


def test_label_editor_changes_colour_and_key_and_adds_a_label(make_library, open_window, qtbot, no_extractor, monkeypatch):
    from reader.gui import label_dialog
    from reader.gui.label_dialog import COLOR, DESCRIPTION, KEY, NAME, LabelsDialog

    lib = make_library(TEXT)
    w = open_window(lib)
    start = TEXT.index("王延斌")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_1)
    seen = {}

    def run(dialog: LabelsDialog) -> int:
        dialog.widget(0, KEY).setText("2")  # PER takes ORG's key: refused as a whole, dialog stays
        dialog.accept()
        seen["error"] = dialog.error.text()
        seen["open"] = dialog.result()
        dialog.widget(1, KEY).setText("1")  # ...unless ORG takes PER's: a swap
        dialog.widget(0, COLOR).set_color("#112233")
        dialog.add_label().setText("product")
        row = dialog.table.rowCount() - 1
        dialog.widget(row, KEY).setText("8")
        dialog.widget(row, DESCRIPTION).setText("a product")
        assert dialog.widget(row, NAME).text() == "product"
        dialog.accept()
        return dialog.result()

    m = next(m for m in lib.annotations(w.doc_id).live() if m.label == "PER")
    old = w.article.mention_format(m).background().color().name()
    monkeypatch.setattr(label_dialog.LabelsDialog, "exec", run)
    w.edit_labels()
    assert "key '2' would tag both" in seen["error"] and seen["open"] == 0
    assert (lib.label("PER").key, lib.label("ORG").key, lib.label("PER").color) == ("2", "1", "#112233")
    assert lib.label("PRODUCT").key == "8" and "PRODUCT" in w.label_actions
    assert w.label_actions["PER"].shortcut().toString() == "2"
    # the accepted mention is painted again, in the new colour
    new = w.article.mention_format(m).background().color().name()
    assert new != old
    cur = QTextCursor(w.article.document())
    cur.setPosition(w.article.offsets.to_qt(m.start + 1))
    assert cur.charFormat().background().color().name() == new


def test_the_shown_document_is_the_one_selected_in_the_list(make_library, open_window, qtbot, no_extractor):
    """Showing another document (Review ▸ Next, a link, a search) moves the list's selection to it
    instead of adding it, also after an edit and its undo: Delete and Find again act on what the
    window shows."""
    lib = make_library("第一篇，王延斌在德州。", "第二篇，刘潇在济南。", "第三篇。")
    w = open_window(lib)
    first, second, third = lib.document_ids()
    w.show_document(second)
    assert w.doc_list.selected_ids() == [second]
    w.show_document(third)
    assert w.doc_list.selected_ids() == [third]
    w.show_document(first)
    assert w.doc_list.selected_ids() == [first]
    w.show_document(second)
    select(w.article, 4, 6)
    qtbot.keyClick(w.article, Qt.Key.Key_1)
    assert live(lib, second) == {(4, 6, "PER", Status.ACCEPTED)}
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert live(lib, second) == set()
    w.show_document(first)
    assert w.doc_list.selected_ids() == [first]
