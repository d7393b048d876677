"""How labels look: the tints of a label colour (shared by the article's highlights and the
legend) and the label legend above the article (:class:`LabelBar`, its chips laid out by
:class:`FlowLayout`). Part of :mod:`reader.gui.article_view`, which re-exports every name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLayout,
    QLayoutItem,
    QSizePolicy,
    QWidget,
)

from reader.core.labels import Label
from reader.gui import plain
from reader.gui.i18n import label_description
from reader.gui.plain import tooltip

ACCEPTED_TINT = 0.24
CURRENT_TINT = 0.5


def tint(color: str | QColor, amount: float) -> QColor:
    """``color`` mixed with white: ``amount`` 0 is white, 1 the colour itself."""
    c = QColor(color)
    return QColor(
        round(255 - (255 - c.red()) * amount),
        round(255 - (255 - c.green()) * amount),
        round(255 - (255 - c.blue()) * amount),
    )


class LabelBar(QWidget):
    """The label legend above the article: colour, key and name of every label.

    The chips wrap onto more lines when the article is narrow, so a label is never cut
    (``6 PERCENT``, not ``6 PER``). Names and descriptions are data: shown as plain text.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = FlowLayout(self, spacing=10, line_spacing=4)
        self._layout.setContentsMargins(8, 4, 8, 4)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def set_labels(self, labels: Sequence[Label]) -> None:
        while self._layout.count():
            item = self._layout.takeAt(0)
            if item is not None and item.widget() is not None:
                item.widget().deleteLater()
        for lb in labels:
            self._layout.addWidget(self._chip(lb))
        note = plain.label(self.tr("filled = accepted · wavy underline = suggestion"))
        note.setStyleSheet("color: #666")
        self._layout.addWidget(note)
        self.updateGeometry()

    def _chip(self, lb: Label) -> QWidget:
        chip = QFrame()
        chip.setObjectName("chip")
        color = QColor(lb.color).name()  # a valid #rrggbb, never text from elsewhere
        chip.setStyleSheet(
            f"QFrame#chip {{ background: {tint(color, ACCEPTED_TINT).name()}; border-bottom: 2px solid {color}; }}"
        )
        lay = QHBoxLayout(chip)
        lay.setContentsMargins(4, 1, 4, 1)
        lay.setSpacing(5)
        if lb.key:
            key = plain.label(lb.key)
            key.setStyleSheet(f"color: {color}; font-weight: bold")
            lay.addWidget(key)
        name = plain.label(lb.name)
        lay.addWidget(name)
        chip.setToolTip(
            tooltip(f"{lb.name}: {label_description(lb)}" + (self.tr(" (key {key})").format(key=lb.key) if lb.key else ""))
        )
        return chip


class FlowLayout(QLayout):
    """Lays its items out left to right, wrapping onto a new line when the width runs out."""

    def __init__(self, parent: QWidget | None = None, *, spacing: int = 8, line_spacing: int = 4) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._line_spacing = line_spacing

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return self._arrange(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        self._arrange(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        m = self.contentsMargins()
        w = sum(i.sizeHint().width() for i in self._items) + self._spacing * max(len(self._items) - 1, 0)
        h = max((i.sizeHint().height() for i in self._items), default=0)
        return QSize(w + m.left() + m.right(), h + m.top() + m.bottom())

    def minimumSize(self) -> QSize:  # noqa: N802
        size = QSize()
        for item in self._items:
            size = size.expandedTo(item.sizeHint())
        m = self.contentsMargins()
        return size + QSize(m.left() + m.right(), m.top() + m.bottom())

    def _arrange(self, rect: QRect, *, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            hint = item.sizeHint()
            if x > area.x() and x + hint.width() > area.right() + 1:
                x = area.x()
                y += line + self._line_spacing
                line = 0
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + m.bottom()
