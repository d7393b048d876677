"""Reading positions in the :class:`~reader.gui.article_view.ArticleView`: the code point (or
the gap) under a viewport point, the selection as code points, the viewport point of a
character, and the mention edge under the pointer with the span a drag of it to a point gives.
Every conversion between Qt positions and code points goes through the view's
:class:`~reader.gui.offsets.OffsetMap`."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

from reader.core.model import Mention


class PositionsMixin:
    """Part of :class:`~reader.gui.article_view.ArticleView` (works on its document, text,
    annotations and offset map; it has no strings to translate)."""

    # ---- reading positions ---------------------------------------------------------------------
    def selection_span(self) -> tuple[int, int] | None:
        """The selected code points ``[start, end)``, or None."""
        cur = self.textCursor()
        if not cur.hasSelection():
            return None
        start, end = self._map.span_to_py(cur.selectionStart(), cur.selectionEnd())
        return (start, end) if end > start else None

    def position_at(self, point: QPoint) -> int | None:
        """The code point under a viewport point (the character, not the gap nearest to it)."""
        cur = self.cursorForPosition(point)
        pos = cur.position()
        rect = self.cursorRect(cur)
        if point.x() < rect.x() and pos > 0 and rect.top() <= point.y() <= rect.bottom() + 2:
            pos -= 1
        elif not (rect.top() - 2 <= point.y() <= rect.bottom() + 2):
            return None
        py = self._map.to_py(pos)
        return py if py < len(self._text) else None

    def mention_at_point(self, point: QPoint) -> Mention | None:
        pos = self.position_at(point)
        if pos is None or self._annotations is None:
            return None
        return self._annotations.at(pos)

    def point_of(self, position: int) -> QPoint:
        """Viewport point in the middle of the character at code-point ``position`` (for tests)."""
        cur = QTextCursor(self.document())
        cur.setPosition(self._map.to_qt(position))
        left = self.cursorRect(cur)
        cur.setPosition(self._map.to_qt(position + 1))
        right = self.cursorRect(cur)
        x = (left.x() + right.x()) // 2 if right.y() == left.y() else left.x() + 3
        return QPoint(x, left.center().y())

    # ---- dragging a mention's edge -----------------------------------------------------------
    EDGE_PX = 3
    """How close (pixels) to a mention's boundary a press grabs that boundary."""

    def _gap_at(self, point: QPoint) -> int | None:
        """The code-point gap (caret position) nearest to a viewport point."""
        cur = self.cursorForPosition(point)
        rect = self.cursorRect(cur)
        if not (rect.top() - 2 <= point.y() <= rect.bottom() + 2):
            return None
        return self._map.to_py(cur.position())

    def edge_at(self, point: QPoint) -> tuple[Mention, str] | None:
        """The mention boundary under a viewport point: (mention, "start" or "end"), or None."""
        if self._annotations is None:
            return None
        cur = self.cursorForPosition(point)
        rect = self.cursorRect(cur)
        if abs(point.x() - rect.x()) > self.EDGE_PX or not (rect.top() <= point.y() <= rect.bottom()):
            return None
        gap = self._map.to_py(cur.position())
        found: list[tuple[Mention, str]] = []
        after = self._annotations.at(gap) if gap < len(self._text) else None
        before = self._annotations.at(gap - 1) if gap > 0 else None
        if after is not None and after.start == gap:
            found.append((after, "start"))
        if before is not None and before.end == gap:
            found.append((before, "end"))
        if not found:
            return None
        current = [f for f in found if self._current is not None and f[0].id == self._current.id]
        return (current or found)[0]

    def _dragged_span(self, point: QPoint) -> tuple[int, int] | None:
        assert self._drag is not None
        m, edge = self._drag
        gap = self._gap_at(point)
        if gap is None:
            return None
        start, end = (gap, m.end) if edge == "start" else (m.start, gap)
        return (start, end) if start < end else None
