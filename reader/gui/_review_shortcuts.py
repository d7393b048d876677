"""Help ▸ Keyboard shortcuts: the sheet of every key of the window, generated from its menu
actions, and the keys the article handles itself. Part of :mod:`reader.gui.review`; its strings
are in the "ShortcutsDialog" translation context."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTreeWidget, QTreeWidgetItem, QVBoxLayout

if TYPE_CHECKING:
    from reader.gui.main_window import MainWindow


def article_keys() -> list[tuple[str, str]]:
    """Keys the article handles itself (not menu actions), listed in the shortcuts sheet."""
    return [
        ("A / Enter", QCoreApplication.translate("ShortcutsDialog", "Accept the current mention")),
        ("X / Backspace", QCoreApplication.translate("ShortcutsDialog", "Reject the current suggestion (delete an accepted mention)")),
        ("Delete", QCoreApplication.translate("ShortcutsDialog", "Delete the current mention")),
        ("N / P", QCoreApplication.translate("ShortcutsDialog", "Next / previous suggestion in the document")),
        ("Shift+arrows", QCoreApplication.translate("ShortcutsDialog", "Select characters to tag")),
        ("Esc", QCoreApplication.translate("ShortcutsDialog", "Clear the current mention")),
        ("Shift+Alt+← / →", QCoreApplication.translate("ShortcutsDialog", "Move the end of the current mention")),
        ("Ctrl+Shift+Alt+← / →", QCoreApplication.translate("ShortcutsDialog", "Move the start of the current mention")),
        (QCoreApplication.translate("ShortcutsDialog", "Drag a mention's edge"), QCoreApplication.translate("ShortcutsDialog", "Move that boundary with the mouse")),
    ]


class ShortcutsDialog(QDialog):
    """Every key of the window, generated from its actions (so it cannot drift), and the keys the
    article handles itself."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        lay = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Key"), self.tr("Action")])
        self.tree.setRootIsDecorated(True)
        for menu_title, rows in shortcut_rows(window):
            top = QTreeWidgetItem([menu_title, ""])
            for keys, text in rows:
                top.addChild(QTreeWidgetItem([keys, text]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        lay.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 640)


def shortcut_rows(window: MainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu, [(keys, action text)]) for every menu action with a shortcut, then the article keys."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        rows = []
        for a in _menu_actions(menu):
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in a.shortcuts() if not s.isEmpty())
            if keys:
                rows.append((keys, a.text().replace("&", "")))
        if rows:
            out.append((menu_action.text().replace("&", ""), rows))
    out.append((QCoreApplication.translate("ShortcutsDialog", "In the article"), article_keys()))
    return out


def _menu_actions(menu: Any) -> list[QAction]:
    acts = []
    for a in menu.actions():
        if a.menu() is not None:
            acts.extend(_menu_actions(a.menu()))
        elif not a.isSeparator():
            acts.append(a)
    return acts
