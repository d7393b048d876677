"""Find in the article: the bar under the article of the review workflow (Ctrl+F, F3 /
Shift+F3), part of :mod:`reader.gui.review`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QToolButton, QWidget

if TYPE_CHECKING:
    from reader.gui.main_window import MainWindow


class FindBar(QWidget):
    """Find in the article: matches counted, Enter / F3 next, Shift+Enter / Shift+F3 previous."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(self.tr("Find in the article"))
        self.edit.setClearButtonEnabled(True)
        self.count = QLabel()
        self.count.setTextFormat(Qt.TextFormat.PlainText)
        self.prev_button = QToolButton(text="↑")
        self.prev_button.setToolTip(self.tr("Previous match (Shift+F3)"))
        self.next_button = QToolButton(text="↓")
        self.next_button.setToolTip(self.tr("Next match (F3)"))
        close = QToolButton(text="✕")
        close.setToolTip(self.tr("Close (Esc)"))
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(QLabel(self.tr("Find:")))
        lay.addWidget(self.edit, 1)
        lay.addWidget(self.count)
        lay.addWidget(self.prev_button)
        lay.addWidget(self.next_button)
        lay.addWidget(close)
        self.matches: list[int] = []
        self.index = -1
        self.edit.installEventFilter(self)
        self.edit.textChanged.connect(self._search)
        self.edit.returnPressed.connect(self.next)
        self.next_button.clicked.connect(self.next)
        self.prev_button.clicked.connect(self.previous)
        close.clicked.connect(self.close_bar)
        self.setVisible(False)

    def open(self) -> None:
        self.setVisible(True)
        sel = self.window_.article.selection_span()
        if sel is not None and 0 < sel[1] - sel[0] <= 40:
            self.edit.setText(self.window_.article.text[sel[0] : sel[1]])
        self.edit.setFocus()
        self.edit.selectAll()
        self._search()

    def close_bar(self) -> None:
        self.setVisible(False)
        self.window_.article.setFocus()

    def eventFilter(self, obj: Any, e: Any) -> bool:  # noqa: N802
        """In the find box: Esc closes the bar, Shift+Enter goes to the previous match."""
        if obj is self.edit and e.type() == QEvent.Type.KeyPress:
            if e.key() == Qt.Key.Key_Escape:
                self.close_bar()
                return True
            if e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and e.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self.previous()
                return True
        return super().eventFilter(obj, e)

    def _search(self) -> None:
        needle = self.edit.text()
        text = self.window_.article.text
        self.matches = []
        if needle:
            i = text.find(needle)
            while i >= 0:
                self.matches.append(i)
                i = text.find(needle, i + max(1, len(needle)))
        self.index = -1
        if self.matches:
            caret = self.window_.article.offsets.to_py(self.window_.article.textCursor().selectionStart())
            self.index = next((k for k, pos in enumerate(self.matches) if pos >= caret), 0)
            self._show()
        else:
            self.count.setText(self.tr("no matches") if needle else "")

    def refresh(self) -> None:
        """The document changed: search it again."""
        if self.isVisible():
            self._search()

    def _step(self, delta: int) -> None:
        if not self.matches:
            self._search()
            if not self.matches:
                return
        self.index = (self.index + delta) % len(self.matches)
        self._show()

    def next(self) -> None:
        self._step(1)

    def previous(self) -> None:
        self._step(-1)

    def _show(self) -> None:
        start = self.matches[self.index]
        self.window_.article.select_span(start, start + len(self.edit.text()))
        self.window_.article.ensureCursorVisible()
        self.count.setText(self.tr("{n} of {total}").format(n=self.index + 1, total=len(self.matches)))
