"""Adjusting a mention's boundary by keyboard (Shift+Alt+←/→ the end, Ctrl+Shift+Alt+←/→ the
start) and by dragging its edge, in a text with astral characters (𠮷, 😀) and CRLF."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor

from reader.core.model import Status

TEXT = "𠮷😀第一行\r\n第二行😀\r\n王延斌在𠮷德州\r\n"
SHIFT_ALT = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
CTRL_SHIFT_ALT = SHIFT_ALT | Qt.KeyboardModifier.ControlModifier


def spans(lib, doc, label):
    return sorted((m.start, m.end) for m in lib.annotations(doc).live() if m.label == label and m.status is Status.ACCEPTED)


def tag(w, qtbot, word, key):
    found = w.article.document().find(word)
    w.article.setTextCursor(found)
    qtbot.keyClick(w.article, key)


def edge_point(view, cp):
    cur = QTextCursor(view.document())
    cur.setPosition(view.offsets.to_qt(cp))
    rect = view.cursorRect(cur)
    return QPoint(rect.x(), rect.center().y())


def test_keyboard_moves_end_and_start_by_code_points_undoably(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    per = TEXT.index("王延斌")
    tag(w, qtbot, "王延斌", Qt.Key.Key_1)
    assert spans(lib, doc, "PER") == [(per, per + 3)]
    w.article.set_current(next(m for m in lib.annotations(doc).live() if m.label == "PER"))
    qtbot.keyClick(w.article, Qt.Key.Key_Right, SHIFT_ALT)
    qtbot.keyClick(w.article, Qt.Key.Key_Right, SHIFT_ALT)
    assert spans(lib, doc, "PER") == [(per, per + 5)]  # 王延斌在𠮷: 𠮷 is one code point
    assert TEXT[per : per + 5] == "王延斌在𠮷"
    qtbot.keyClick(w.article, Qt.Key.Key_Left, CTRL_SHIFT_ALT)  # back over CRLF onto 😀
    start = TEXT.index("😀\r\n王")
    assert spans(lib, doc, "PER") == [(start, per + 5)]
    qtbot.keyClick(w.article, Qt.Key.Key_Right, CTRL_SHIFT_ALT)
    assert spans(lib, doc, "PER") == [(per, per + 5)]
    before = w.undo_controller.stack.index()
    qtbot.keyClick(w.article, Qt.Key.Key_Left, SHIFT_ALT)
    assert spans(lib, doc, "PER") == [(per, per + 4)]
    assert w.undo_controller.stack.index() == before + 1
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(lib, doc, "PER") == [(per, per + 5)]
    # refused cleanly: into the next mention, or down to nothing
    tag(w, qtbot, "德州", Qt.Key.Key_3)
    loc = TEXT.index("德州")
    w.article.set_current(next(m for m in lib.annotations(doc).live() if m.label == "PER"))
    qtbot.keyClick(w.article, Qt.Key.Key_Right, SHIFT_ALT)
    assert "overlap" in w.statusBar().currentMessage()
    assert spans(lib, doc, "PER") == [(per, per + 5)] and spans(lib, doc, "LOC") == [(loc, loc + 2)]
    w.article.set_current(next(m for m in lib.annotations(doc).live() if m.label == "LOC"))
    qtbot.keyClick(w.article, Qt.Key.Key_Left, SHIFT_ALT)
    qtbot.keyClick(w.article, Qt.Key.Key_Left, SHIFT_ALT)
    assert "empty" in w.statusBar().currentMessage()
    assert spans(lib, doc, "LOC") == [(loc, loc + 1)]
    w.article.set_current(None)
    qtbot.keyClick(w.article, Qt.Key.Key_Left, SHIFT_ALT)
    assert "Click a mention first" in w.statusBar().currentMessage()


def test_dragging_an_edge_resizes_the_mention(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    loc = TEXT.index("德州")
    tag(w, qtbot, "德州", Qt.Key.Key_3)
    view = w.article
    vp = view.viewport()
    # the start edge of 德州, dragged left over 𠮷 (one code point, two UTF-16 units)
    press = edge_point(view, loc)
    assert view.edge_at(press) is not None and view.edge_at(press)[1] == "start"
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=press)
    target = edge_point(view, loc - 1)
    qtbot.mouseMove(vp, target)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    assert spans(lib, doc, "LOC") == [(loc - 1, loc + 2)]
    assert TEXT[loc - 1 : loc + 2] == "𠮷德州"
    # the end edge dragged left by one character
    press = edge_point(view, loc + 2)
    assert view.edge_at(press)[1] == "end"
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=press)
    target = edge_point(view, loc + 1)
    qtbot.mouseMove(vp, target)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    assert spans(lib, doc, "LOC") == [(loc - 1, loc + 1)]
    qtbot.keyClick(view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert spans(lib, doc, "LOC") == [(loc - 1, loc + 2)]
    # dragged onto its own other edge: refused, nothing changed
    press = edge_point(view, loc + 2)
    qtbot.mousePress(vp, Qt.MouseButton.LeftButton, pos=press)
    target = edge_point(view, loc - 1)
    qtbot.mouseRelease(vp, Qt.MouseButton.LeftButton, pos=target)
    assert spans(lib, doc, "LOC") == [(loc - 1, loc + 2)]
    assert "empty" in w.statusBar().currentMessage()
