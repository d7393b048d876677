"""Tag all occurrences, reviewed: stepped through in the dialog as a user does, one undo step."""

from __future__ import annotations

from PySide6.QtCore import Qt

from reader.core.model import Status

from gui_helpers import menu_action, select

TEXT = "10月16日，合作大会在山东省德州经济开发区召开。德州经开区位于山东。王延斌说，德州经开区很好。"


def tagged(lib, doc, surface):
    return sorted((m.start, m.label) for m in lib.annotations(doc).live() if TEXT[m.start : m.end] == surface and m.status is Status.ACCEPTED)


def test_step_through_accept_skip_then_undo_in_one_step(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    org = TEXT.index("山东省德州经济开发区")
    w.apply_edit(lambda: lib.edit_tag(doc, org, org + len("山东省德州经济开发区"), "ORG"))
    before = w.undo_controller.stack.index()
    first, second, third = [i for i in range(len(TEXT)) if TEXT.startswith("德州", i)]
    select(w.article, second, second + 2)
    menu = w.article.build_context_menu(None)
    menu_action(menu, "Tag all occurrences as/LOC").trigger()
    dialog = w.tag_all_dialog
    assert dialog is not None and dialog.isVisible()
    # the occurrence inside 山东省德州经济开发区 is listed, greyed, and says why it is skipped
    row0 = dialog.list.topLevelItem(0)
    assert not (row0.flags() & Qt.ItemFlag.ItemIsEnabled)
    assert "山东省德州经济开发区" in row0.text(4) and row0.text(2) == "德州"
    assert dialog.list.currentItem() is dialog.list.topLevelItem(1)
    qtbot.keyClick(dialog.list, Qt.Key.Key_A)  # accept the second
    qtbot.keyClick(dialog.list, Qt.Key.Key_S)  # skip the third
    assert dialog.chosen() == [second]
    assert not dialog.accept_button.isEnabled()
    qtbot.mouseClick(dialog.apply_button, Qt.MouseButton.LeftButton)
    assert w.tag_all_dialog is None or not w.tag_all_dialog.isVisible()
    assert tagged(lib, doc, "德州") == [(second, "LOC")]
    assert tagged(lib, doc, "山东省德州经济开发区") == [(org, "ORG")]  # never merged
    assert w.undo_controller.stack.index() == before + 1
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert tagged(lib, doc, "德州") == []
    assert tagged(lib, doc, "山东省德州经济开发区") == [(org, "ORG")]


def test_accept_the_rest_and_cancel(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    w._on_tag_all("德州", "LOC")
    dialog = w.tag_all_dialog
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    assert tagged(lib, doc, "德州") == []
    w._on_tag_all("德州", "LOC")
    dialog = w.tag_all_dialog
    qtbot.keyClick(dialog.list, Qt.Key.Key_S)  # skip the first
    qtbot.mouseClick(dialog.rest_button, Qt.MouseButton.LeftButton)
    starts = [i for i in range(len(TEXT)) if TEXT.startswith("德州", i)]
    assert tagged(lib, doc, "德州") == [(s, "LOC") for s in starts[1:]]
    w._on_tag_all("不存在", "LOC")
    assert "does not occur" in w.statusBar().currentMessage()
