"""*Tag all occurrences*, reviewed: the occurrences listed in context, stepped through with
Accept / Skip / Accept the rest, or applied all at once. Occurrences that would cut through an
accepted mention are listed, greyed and skipped. The dialog only collects the choice; the window
applies it as one edit (``Library.edit_tag_all(..., only=...)``), so one undo step."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.edits import TagMatch

CONTEXT = 15
"""Characters of context shown either side of an occurrence."""


def _context(text: str, start: int, end: int) -> tuple[str, str, str]:
    flat = lambda s: " ".join(s.split())  # noqa: E731 - newlines and tabs would break the row
    left = text[max(0, start - CONTEXT) : start]
    right = text[end : end + CONTEXT]
    return flat(left), text[start:end], flat(right)


class TagAllDialog(QDialog):
    """Review the occurrences of one text before tagging them with one label."""

    applied = Signal(list)
    """The start offsets (code points) of the accepted occurrences."""

    def __init__(self, parent: QWidget | None, text: str, surface: str, label: str, matches: list[TagMatch]) -> None:
        super().__init__(parent)
        self.surface, self.label, self.matches = surface, label, matches
        self.setWindowTitle(self.tr("Tag all 「{text}」 as {label}").format(text=surface, label=label))
        lay = QVBoxLayout(self)
        n_conflict = sum(1 for m in matches if m.conflict is not None)
        n_done = sum(1 for m in matches if m.done)
        self.info = QLabel(
            self.tr("{n} occurrence(s); {c} overlap an accepted mention and are skipped; {d} already tagged.").format(
                n=len(matches), c=n_conflict, d=n_done
            )
        )
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setWordWrap(True)
        lay.addWidget(self.info)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Tag"), self.tr("Before"), self.tr("Match"), self.tr("After"), self.tr("Note")])
        self.list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        h = self.list.header()
        for col in (0, 2, 4):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        for col in (1, 3):
            h.setSectionResizeMode(col, QHeaderView.ResizeMode.Stretch)
        for m in matches:
            left, mid, right = _context(text, m.start, m.end)
            item = QTreeWidgetItem(["", left, mid, right, self._note(text, m)])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setToolTip(4, item.text(4))
            font = item.font(2)
            font.setBold(True)
            item.setFont(2, font)
            item.setData(0, Qt.ItemDataRole.UserRole, m.start)
            if m.taggable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(0, Qt.CheckState.Unchecked)
            else:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addTopLevelItem(item)
        lay.addWidget(self.list, 1)

        steps = QHBoxLayout()
        self.accept_button = QPushButton(self.tr("&Accept (A)"))
        self.skip_button = QPushButton(self.tr("&Skip (S)"))
        self.rest_button = QPushButton(self.tr("Accept the &rest (R)"))
        for b in (self.accept_button, self.skip_button, self.rest_button):
            b.setAutoDefault(False)
            steps.addWidget(b)
        steps.addStretch(1)
        lay.addLayout(steps)
        end = QHBoxLayout()
        self.all_button = QPushButton(self.tr("Apply a&ll"))
        self.apply_button = QPushButton()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        for b in (self.all_button, self.apply_button, self.cancel_button):
            b.setAutoDefault(False)
        end.addWidget(self.all_button)
        end.addStretch(1)
        end.addWidget(self.apply_button)
        end.addWidget(self.cancel_button)
        lay.addLayout(end)

        self.accept_button.clicked.connect(lambda: self.decide(True))
        self.skip_button.clicked.connect(lambda: self.decide(False))
        self.rest_button.clicked.connect(self.accept_rest)
        self.all_button.clicked.connect(self.apply_all)
        self.apply_button.clicked.connect(self.apply_chosen)
        self.cancel_button.clicked.connect(self.reject)
        self.list.installEventFilter(self)
        self.list.itemChanged.connect(lambda *_: self._update())
        self.list.currentItemChanged.connect(lambda *_: self._update())
        first = self._next_taggable(0)
        if first is not None:
            self.list.setCurrentItem(self.list.topLevelItem(first))
        self._update()
        self.resize(820, 420)

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        """A accepts, S skips, R accepts the rest (the list would otherwise jump to a row by letter)."""
        if obj is self.list and e.type() == QEvent.Type.KeyPress and isinstance(e, QKeyEvent):
            if not e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
                act = {Qt.Key.Key_A: lambda: self.decide(True), Qt.Key.Key_S: lambda: self.decide(False), Qt.Key.Key_R: self.accept_rest}
                if e.key() in act:
                    act[e.key()]()
                    return True
        return super().eventFilter(obj, e)

    def _note(self, text: str, m: TagMatch) -> str:
        if m.done:
            return self.tr("already tagged")
        if m.conflict is not None:
            c = m.conflict
            return self.tr("skipped: overlaps {label} 「{text}」").format(label=c.label, text=text[c.start : c.end])
        return ""

    def _item(self, row: int) -> QTreeWidgetItem:
        return self.list.topLevelItem(row)

    def _next_taggable(self, row: int) -> int | None:
        for r in range(row, len(self.matches)):
            if self.matches[r].taggable:
                return r
        return None

    def chosen(self) -> list[int]:
        """Start offsets of the occurrences checked so far."""
        return [
            self.matches[r].start
            for r in range(len(self.matches))
            if self.matches[r].taggable and self._item(r).checkState(0) == Qt.CheckState.Checked
        ]

    def _update(self) -> None:
        n = len(self.chosen())
        self.apply_button.setText(self.tr("Apply {n} accepted").format(n=n))
        self.apply_button.setEnabled(n > 0)
        taggable = any(m.taggable for m in self.matches)
        self.all_button.setEnabled(taggable)
        row = self.list.indexOfTopLevelItem(self.list.currentItem()) if self.list.currentItem() else -1
        here = 0 <= row < len(self.matches) and self.matches[row].taggable
        for b in (self.accept_button, self.skip_button, self.rest_button):
            b.setEnabled(here)

    def decide(self, accept: bool) -> None:
        """Accept or skip the current occurrence and step to the next one that can be tagged."""
        item = self.list.currentItem()
        if item is None:
            return
        row = self.list.indexOfTopLevelItem(item)
        if not self.matches[row].taggable:
            return
        item.setCheckState(0, Qt.CheckState.Checked if accept else Qt.CheckState.Unchecked)
        nxt = self._next_taggable(row + 1)
        if nxt is None:
            self.list.setCurrentItem(None)  # every occurrence decided: Apply is next
            self.apply_button.setFocus()
        else:
            self.list.setCurrentItem(self._item(nxt))
        self._update()

    def accept_rest(self) -> None:
        """Accept the current occurrence and every one after it, then apply."""
        item = self.list.currentItem()
        row = self.list.indexOfTopLevelItem(item) if item is not None else len(self.matches)
        for r in range(row, len(self.matches)):
            if self.matches[r].taggable:
                self._item(r).setCheckState(0, Qt.CheckState.Checked)
        self.apply_chosen()

    def apply_all(self) -> None:
        for r in range(len(self.matches)):
            if self.matches[r].taggable:
                self._item(r).setCheckState(0, Qt.CheckState.Checked)
        self.apply_chosen()

    def apply_chosen(self) -> None:
        chosen = self.chosen()
        if chosen:
            self.applied.emit(chosen)
        self.accept()
