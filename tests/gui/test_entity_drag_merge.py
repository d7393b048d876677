"""Merging entities by dragging one onto another in the entity panel (undoable; another label asks)."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from reader.core.model import DocumentRecord, MentionRecord

TEXT = "天衢新区和山东省德州经济开发区是一回事。天衢新区发展很快，在德州。"


def drag(panel, source, target):
    """Drag the entity row ``source`` onto the row ``target`` (the events a mouse drag delivers)."""
    model, tree = panel.model, panel.tree
    mime = model.mimeData([model.entity_index(*source)])
    assert mime is not None
    point = QPointF(tree.visualRect(model.entity_index(*target)).center())
    vp = tree.viewport()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    for cls in (QDragEnterEvent, QDragMoveEvent):
        ev = cls(point.toPoint(), Qt.DropAction.CopyAction, mime, buttons, mods)
        QApplication.sendEvent(vp, ev)
    move = QDragMoveEvent(point.toPoint(), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(vp, move)
    drop = QDropEvent(point, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(vp, drop)
    return move.isAccepted(), drop.isAccepted()


def test_drag_one_entity_onto_another_merges_and_undo_splits(qtbot, make_library, open_window, no_extractor, monkeypatch):
    asked = []
    answer = [QMessageBox.StandardButton.No]
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[2]) or answer[0]))
    lib = make_library()
    loc = TEXT.rindex("德州")
    lib.import_records([DocumentRecord(TEXT, "一", [MentionRecord(0, 4, "ORG"), MentionRecord(5, 15, "ORG"), MentionRecord(loc, loc + 2, "LOC")])])
    w = open_window(lib)
    panel = w.entity_panel
    # onto itself: refused, nothing asked, nothing merged
    assert drag(panel, ("ORG", "天衢新区"), ("ORG", "天衢新区")) == (False, False)
    assert lib.aliases() == []
    assert drag(panel, ("ORG", "天衢新区"), ("ORG", "山东省德州经济开发区")) == (True, True)
    assert lib.canonical("ORG", "天衢新区") == ("ORG", "山东省德州经济开发区")
    assert not asked
    # the panel shows the canonical name with its aliases
    model = panel.model
    assert model.entity_index("ORG", "天衢新区").data() == "天衢新区 → 山东省德州经济开发区"
    assert model.entity_index("ORG", "山东省德州经济开发区").data() == "山东省德州经济开发区 (also: 天衢新区)"
    # another label asks first; No leaves it alone, Yes merges
    drag(panel, ("LOC", "德州"), ("ORG", "山东省德州经济开发区"))
    assert asked and "not labelled ORG" in asked[-1]
    assert lib.canonical("LOC", "德州") == ("LOC", "德州")
    answer[0] = QMessageBox.StandardButton.Yes
    drag(panel, ("LOC", "德州"), ("ORG", "山东省德州经济开发区"))
    assert len(lib.aliases()) == 2
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert len(lib.aliases()) == 1
    qtbot.keyClick(w.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert lib.aliases() == []
    assert model.entity_index("ORG", "天衢新区").data() == "天衢新区"
