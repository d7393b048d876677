"""The window can be trusted: each document drawn as it is, keys act where the focus is, the window
fits the screen, text from files is text, and the small things a user trips over."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QTextCharFormat
from PySide6.QtGui import Qt as QtGui
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from reader.core.model import Status
from gui_helpers import click_at, select

TEXT = "◎本报记者 王延斌 通讯员 刘潇\n10月16日，合作大会在山东省德州经济开发区召开。德州经开区位于山东。王延斌说，德州经开区很好。"
PLAIN = "这是一段普通的说明文字，用来检查显示是否正确，没有名字也没有地点。\n今天的天气很好，我们一起去散步。"


def drawn(view) -> dict[int, str]:
    """Qt position -> how the character is drawn ('accepted', 'suggested'), for every formatted one."""
    out = {}
    b = view.document().begin()
    while b.isValid():
        it = b.begin()
        while not it.atEnd():
            fr = it.fragment()
            f = fr.charFormat()
            kind = None
            if f.background().style() != Qt.BrushStyle.NoBrush or f.fontWeight() > 500:
                kind = "accepted"
            elif f.underlineStyle() != QTextCharFormat.UnderlineStyle.NoUnderline:
                kind = "suggested"
            if kind:
                for p in range(fr.position(), fr.position() + fr.length()):
                    out[p] = kind
            it += 1
        b = b.next()
    return out


def expected(lib, doc_id, view) -> dict[int, str]:
    out = {}
    for m in lib.annotations(doc_id).live():
        a, b = view.offsets.span_to_qt(m.start, m.end)
        for p in range(a, b):
            out[p] = "accepted" if m.status is Status.ACCEPTED else "suggested"
    return out


# ---- defect 1: a document shows exactly its own mentions ---------------------------------------------

def test_tagging_then_opening_another_document_draws_it_plain(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT, PLAIN)
    first, second = lib.document_ids()
    w = open_window(lib)
    start = TEXT.index("山东省")
    select(w.article, start, start + 3)
    qtbot.keyClick(w.article, Qt.Key.Key_3)
    assert drawn(w.article) == expected(lib, first, w.article)
    w.show_document(second)
    assert drawn(w.article) == {}, "the other document has no mentions"
    # undo from there: the first document comes back exactly as it is (not inverted)
    w.article.setFocus()
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.doc_id == first
    assert lib.annotations(first).count() == 0
    assert drawn(w.article) == {}
    w.show_document(second)
    assert drawn(w.article) == {}


def test_clicking_a_suggestion_then_opening_another_document(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT, PLAIN)
    first, second = lib.document_ids()
    w = open_window(lib)
    click_at(qtbot, w.article, TEXT.index("王延斌") + 1)  # the caret now sits in a wavy-underlined word
    assert w.article.current_mention() is not None
    qtbot.keyClick(w.article, Qt.Key.Key_A)
    w.show_document(second)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=20000)
    assert drawn(w.article) == expected(lib, second, w.article) == {}
    w.show_document(first)
    assert drawn(w.article) == expected(lib, first, w.article)


# ---- defect 3: keys act where the focus is ----------------------------------------------------------

def test_label_key_in_the_document_list_does_not_relabel_the_article(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT, PLAIN)
    w = open_window(lib)
    doc = w.doc_id
    click_at(qtbot, w.article, TEXT.index("王延斌") + 1)
    m = w.article.current_mention()
    assert m is not None and m.label == "PER"
    for widget in (w.doc_list, w.entity_panel.tree):
        widget.setFocus()
        qtbot.keyClick(widget, Qt.Key.Key_3)
        assert lib.annotations(doc).get(m.id) == m, f"key 3 in {type(widget).__name__} changed the article"
    w.article.setFocus()
    qtbot.keyClick(w.article, Qt.Key.Key_3)
    assert lib.annotations(doc).get(m.id).label == "LOC"


def test_label_menu_shows_the_key_and_tags_the_article(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    action = w.label_actions["LOC"]
    assert action.shortcut().toString() == "3"
    start = TEXT.index("山东省")
    select(w.article, start, start + 3)
    w.doc_list.setFocus()
    action.trigger()  # the menu item works wherever the focus is
    assert (start, start + 3, "LOC") in {(m.start, m.end, m.label) for m in lib.annotations(w.doc_id).live()}


def test_entity_panel_keys_accept_and_reject_the_entity(make_library, open_window, qtbot, fake_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    panel = w.entity_panel
    tree = panel.tree
    tree.setFocus()
    tree.setCurrentIndex(panel.model.entity_index("LOC", "德州经开区"))
    qtbot.keyClick(tree, Qt.Key.Key_A)
    locs = [m for m in lib.annotations(doc).live() if m.label == "LOC"]
    assert len(locs) == 2 and all(m.status is Status.ACCEPTED for m in locs)
    tree.setCurrentIndex(panel.model.entity_index("PER", "王延斌"))
    qtbot.keyClick(tree, Qt.Key.Key_X)
    assert not [m for m in lib.annotations(doc).live() if TEXT[m.start : m.end] == "王延斌"]
    assert lib.annotations(doc).count(Status.REJECTED) == 2
    # the keys are told where the user looks for them
    assert "(key A" in panel.accept_button.toolTip() and "(key X" in panel.reject_button.toolTip()
    tip = panel.model.data(panel.model.entity_index("PER", "刘潇"), Qt.ItemDataRole.ToolTipRole)
    assert "Enter" in tip and "A:" in tip and "X:" in tip


# ---- defect 5: the window fits the screen -------------------------------------------------------------

def test_first_start_fits_the_available_screen():
    from reader.gui.main_window import initial_geometry

    for avail, min_size in ((QRect(0, 0, 1024, 700), None), (QRect(0, 0, 1600, 1000), None), (QRect(100, 30, 3840, 2130), None)):
        g = initial_geometry(avail)
        assert avail.contains(g), (avail, g)
        assert g.width() >= min(avail.width(), 1000) * 0.9 and g.height() >= min(avail.height(), 700) * 0.9
        assert g.width() <= 1600 and g.height() <= 1000  # not a wall of white on a large screen


class _SmallScreen:
    """A screen smaller than the window reader would like (offscreen's own is 800x800)."""

    def __init__(self, real):
        self.real = real

    def availableGeometry(self):  # noqa: N802
        return QRect(0, 0, 640, 480)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_the_window_opens_within_the_screen_first_and_after_a_larger_screen(make_library, qtbot, no_extractor, monkeypatch):
    from reader.gui.main_window import MainWindow

    real = QApplication.primaryScreen()
    monkeypatch.setattr(MainWindow, "screen", lambda self: _SmallScreen(real))
    avail = QRect(0, 0, 640, 480)
    lib = make_library(TEXT)
    w = MainWindow(lib)  # no saved settings: a first start
    qtbot.addWidget(w)
    assert avail.contains(w.geometry()), (avail, w.geometry())
    w.setGeometry(QRect(0, 0, 780, 760))  # as saved on a larger screen
    w.close()
    w2 = MainWindow(lib)
    qtbot.addWidget(w2)
    assert avail.contains(w2.geometry()), (avail, w2.geometry())
    w2.close()


def _fully_inside(widget: QWidget, window: QWidget) -> bool:
    top_left = widget.mapTo(window, QPoint(0, 0))
    return window.rect().contains(QRect(top_left, widget.size())) and widget.isVisible()


@pytest.mark.parametrize("size", [(1024, 700), (1600, 1000)])
def test_everything_visible_at_small_and_large_sizes(make_library, open_window, qtbot, fake_extractor, size):
    lib = make_library(TEXT)
    w = open_window(lib)
    w.resize(*size)
    qtbot.waitUntil(lambda: (w.width(), w.height()) == size, timeout=2000)
    QApplication.processEvents()
    left, center, right = (w.splitter.widget(i) for i in range(3))
    assert min(s for s in w.splitter.sizes()) > 0, w.splitter.sizes()
    assert left.width() >= 160 and right.width() >= 300 and center.width() >= 360, w.splitter.sizes()
    tree = w.entity_panel.tree
    assert tree.columnWidth(0) >= 120, "entity names need room"
    assert sum(tree.columnWidth(c) for c in range(3)) <= tree.viewport().width() + 1
    assert _fully_inside(w.statusBar(), w)
    for b in w.entity_panel.findChildren(QAbstractButton):
        assert _fully_inside(b, w), b.text()
        assert b.width() >= b.sizeHint().width(), f"button {b.text()!r} is clipped"
    chips = [c for c in w.label_bar.findChildren(QLabel) if c.isVisible() and c.text()]
    assert any(c.text() == "PERCENT" for c in chips)
    for chip in chips:
        assert _fully_inside(chip, w), chip.text()
        assert chip.width() >= chip.sizeHint().width(), f"legend {chip.text()!r} is clipped"
        assert chip.mapTo(w.label_bar, QPoint(chip.width(), 0)).x() <= w.label_bar.width()


# ---- defect 6: text is text ----------------------------------------------------------------------------

EVIL_TITLE = "<b>x</b><img src=x.png>"
EVIL_TEXT = "<h1><font color=red>BIG</font></h1><img src=y.png>\n<b>正文</b>：张三在北京。"


def test_markup_in_titles_and_text_is_shown_as_text(make_library, open_window, qtbot, no_extractor, dialogs):
    from reader.core.model import DocumentRecord

    lib = make_library()
    lib.import_records([DocumentRecord(EVIL_TEXT, EVIL_TITLE)])
    w = open_window(lib)
    assert w.title_label.text() == EVIL_TITLE
    start = EVIL_TEXT.index("<b>正文</b>")
    select(w.article, start, start + len("<b>正文</b>"))
    qtbot.keyClick(w.article, Qt.Key.Key_2)
    assert "<b>正文</b>" in w.current_label.text()
    for label in w.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    # tooltips of the lists show the markup as characters
    docs = w.doc_list.model_
    ents = w.entity_panel.model
    for tip in (
        docs.data(docs.index(0, 0), Qt.ItemDataRole.ToolTipRole),
        ents.data(ents.entity_index("ORG", "<b>正文</b>"), Qt.ItemDataRole.ToolTipRole),
    ):
        assert "<b>" not in tip and "<img" not in tip and "&lt;b&gt;" in tip
    # a message box shows the error as text
    w.show_document(99999)
    assert dialogs and dialogs[-1][0] == "critical"
    assert dialogs.formats[-1] == Qt.TextFormat.PlainText


def test_a_label_described_with_markup_stays_text(make_library, open_window, no_extractor):
    from reader.core.labels import Label

    lib = make_library(TEXT)
    w = open_window(lib)
    lib.update_labels(list(lib.labels) + [Label("X9", "#123456", "9", "<img src=z.png> <b>desc</b>")])
    w._on_labels_changed()  # noqa: SLF001 (what a label edit in the window triggers)
    for label in w.findChildren(QLabel):
        if "<" in label.text():
            assert label.textFormat() == Qt.TextFormat.PlainText, label.text()
    for widget in w.findChildren(QWidget):
        tip = widget.toolTip()
        if "img" in tip:
            assert "<img" not in tip or not QtGui.mightBeRichText(tip), tip


def test_import_error_naming_a_markup_file_is_plain_text(make_library, open_window, qtbot, no_extractor, dialogs, tmp_path):
    lib = make_library("第一篇。")
    w = open_window(lib, background=False)
    w.open_files([tmp_path / "<b>missing</b>.txt"])
    assert dialogs and "<b>missing</b>.txt" in dialogs[-1][1]
    assert dialogs.formats[-1] == Qt.TextFormat.PlainText


# ---- defect 7: the small ones ------------------------------------------------------------------------

def test_delete_prompt_counts_what_the_delete_removes(make_library, open_window, qtbot, fake_extractor, dialogs):
    lib = make_library(TEXT, PLAIN)
    w = open_window(lib)
    doc = w.doc_id
    click_at(qtbot, w.article, TEXT.index("刘潇") + 1)
    qtbot.keyClick(w.article, Qt.Key.Key_X)  # a rejected mention is still stored
    assert lib.annotations(doc).count(Status.REJECTED) == 1
    dialogs.answers.append(dialogs.Button.Yes)
    w.delete_documents([doc])
    asked = re.search(r"(\d+) mentions?", dialogs[-1][1])
    told = re.search(r"(\d+) mentions?", w.statusBar().currentMessage())
    assert asked and told and asked.group(1) == told.group(1), (dialogs[-1][1], w.statusBar().currentMessage())


def test_counts_are_worded_in_the_right_number(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT, PLAIN, "第三篇：刘潇也来了。")
    w = open_window(lib)
    w.search_box.setText("散步")
    qtbot.waitUntil(lambda: len(w.doc_list.visible_ids()) == 1)
    assert "1 document contains" in w.statusBar().currentMessage()
    w.search_box.setText("刘潇")
    qtbot.waitUntil(lambda: len(w.doc_list.visible_ids()) == 2)
    assert "2 documents contain " in w.statusBar().currentMessage()
    tip = w.doc_list.model_.data(w.doc_list.model_.index(0, 0), Qt.ItemDataRole.ToolTipRole)
    assert "(s)" not in tip


def test_import_summary_wording():
    from reader.app.library import ImportReport

    assert ImportReport(added=[1], mentions=1).summary().startswith("1 document imported with 1 mention")
    assert ImportReport(added=[1, 2], mentions=0).summary().startswith("2 documents imported with 0 mentions")


def test_press_inside_a_selection_starts_a_new_selection(make_library, open_window, qtbot, no_extractor):
    lib = make_library(TEXT)
    w = open_window(lib)
    view = w.article
    start = TEXT.index("山东省德州经济开发区")
    select(view, start, start + 10)
    vp = view.viewport()
    press = view.point_of(start + 4)
    QTest.mousePress(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, press)
    assert not view.textCursor().hasSelection(), "a press inside the selection must not keep it (a drag would start)"
    end = view.point_of(start + 7)
    QTest.mouseMove(vp, end)
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtCore import QEvent

    move = QMouseEvent(QEvent.Type.MouseMove, QPointF(end), QPointF(vp.mapToGlobal(end)), Qt.MouseButton.NoButton,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(vp, move)
    QTest.mouseRelease(vp, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)
    assert view.selection_span() == (start + 4, start + 7)


def test_scheme_choice_only_for_formats_with_a_scheme(qtbot):
    from reader.gui.dialogs import ExportDialog

    dlg = ExportDialog(None)
    qtbot.addWidget(dlg)
    enabled = {}
    for i in range(dlg.format.count()):
        dlg.format.setCurrentIndex(i)
        enabled[dlg.format.itemData(i)] = dlg.scheme.isEnabled()
    assert enabled["conll"] is True
    assert enabled["jsonl"] is False and enabled["csv"] is False


def test_db_help_says_what_a_new_library_holds(tmp_path):
    r = subprocess.run([sys.executable, "-m", "reader", "--help"], capture_output=True, text=True, check=True)
    text = " ".join(r.stdout.split())
    assert "starts empty." not in text
    assert "sample page" in text and "--db" in text
    # and it is true: the GUI's library gets the sample page, a command's starts empty
    from reader.gui.app import open_library

    lib = open_library(tmp_path / "gui.db")
    try:
        assert len(lib.document_ids()) == 1
    finally:
        lib.close()
    src = tmp_path / "one.txt"
    src.write_text("只有这一篇。", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "reader", "--db", str(tmp_path / "cli.db"), "import", str(src)], check=True,
                   capture_output=True)
    from reader.app.library import Library

    lib = Library.open(tmp_path / "cli.db", create=False)
    try:
        assert [lib.document(d).text for d in lib.document_ids()] == ["只有这一篇。"]
    finally:
        lib.close()


def test_empty_library_says_how_to_start_and_takes_dropped_files(make_library, open_window, qtbot, no_extractor, tmp_path):
    lib = make_library()
    w = open_window(lib)
    hints = [lb for lb in w.findChildren(QLabel) if "Ctrl+O" in lb.text() and lb.isVisible()]
    assert hints and "drop" in hints[0].text()
    f = tmp_path / "新闻.txt"
    f.write_text("拖进来的文章：刘潇在北京。", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(f))])
    target = w.article.viewport()
    pos = QPointF(target.rect().center())
    enter = QDragEnterEvent(pos.toPoint(), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(w, enter)
    assert enter.isAccepted()
    drop = QDropEvent(pos, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(w, drop)
    qtbot.waitUntil(lambda: len(lib.document_ids()) == 1, timeout=20000)
    qtbot.waitUntil(lambda: w.article.text == "拖进来的文章：刘潇在北京。", timeout=20000)
    assert not [lb for lb in w.findChildren(QLabel) if "Ctrl+O" in lb.text() and lb.isVisible()]


def test_an_ampersand_in_the_text_stays_a_character_in_menus(make_library, open_window, qtbot, no_extractor):
    text = "合作方是A&B公司。"
    lib = make_library(text)
    w = open_window(lib)
    start = text.index("A&B")
    select(w.article, start, start + 5)
    menu = w.article.build_context_menu(None)
    tag = menu.actions()[0]
    assert tag.text() == "Tag 「A&&B公司」 as"  # shown as "A&B公司", no shortcut marker
    qtbot.keyClick(w.article, Qt.Key.Key_2)
    menu = w.article.build_context_menu(w.article.point_of(start + 1))
    assert any("A&&B公司" in a.text() for a in menu.actions())


def test_on_a_first_start_the_panes_follow_the_window_until_the_user_moves_them(make_library, open_window, qtbot, fake_extractor):
    """Without saved pane widths, a window resized after it was made (a window manager, the
    screenshot command) gives the document list its share, not the minimum; a width the user
    chose by dragging a splitter handle is kept."""
    from reader.gui.main_window import pane_widths

    lib = make_library(TEXT)
    w = open_window(lib)
    w.resize(1400, 900)
    qtbot.waitUntil(lambda: w.width() == 1400, timeout=2000)
    QApplication.processEvents()
    assert w._fit_panes
    want = pane_widths(w.splitter.width())
    left = w.splitter.sizes()[0]
    assert abs(left - want[0]) <= 8 and left > 250, (w.splitter.sizes(), want)
    w.splitter.splitterMoved.emit(200, 1)  # as a drag of the handle does
    w.splitter.setSizes([200, 800, 400])
    w.resize(1300, 900)
    qtbot.waitUntil(lambda: w.width() == 1300, timeout=2000)
    QApplication.processEvents()
    assert w.splitter.sizes()[0] == 200, w.splitter.sizes()
