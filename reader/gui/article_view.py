"""The article: the document text with its mentions highlighted, where tagging happens.

Attributes down, messages up: the window hands the view the text, the document's
:class:`~reader.core.annotations.AnnotationSet` (read only) and every change; the view never
edits anything. What the user asks for leaves as an intent signal (``tag_requested``...), which
the window turns into an edit.

Highlights are character formats set on the changed ranges only, so an edit in a long article
costs the size of the edit, not of the article. Accepted mentions are filled with a light tint
of the label colour and drawn a little bolder; suggestions get a wavy underline in the label
colour only. The current mention (clicked, or reached from the side panel) is an extra
selection on top.

The reading positions (code points under viewport points, a mention's edge under the pointer)
are in :mod:`reader.gui._article_positions`, a base class of :class:`ArticleView`; the tints of
a label colour and the label legend (:class:`LabelBar`, :class:`FlowLayout`) are in
:mod:`reader.gui._article_legend`. Every name is importable from here, as before.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QKeyEvent,
    QMouseEvent,
    QTextCharFormat,
    QTextCursor,
    QTextOption,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QToolTip, QWidget

from reader.core.annotations import AnnotationSet
from reader.core.labels import Label
from reader.core.model import Mention, Status
from reader.gui import plain
from reader.gui._article_legend import ACCEPTED_TINT, CURRENT_TINT, FlowLayout, LabelBar, tint  # noqa: F401  (still importable from here)
from reader.gui._article_positions import PositionsMixin
from reader.gui.i18n import label_description
from reader.gui.offsets import OffsetMap
from reader.gui.plain import tooltip


def shorten(s: str, n: int = 24) -> str:
    s = s.replace("\n", " ")
    return s if len(s) <= n else s[: n - 1] + "…"


def describe(m: Mention, text: str) -> str:
    """One line for the status bar and tooltips."""
    return f"{m.label} 「{shorten(text[m.start:m.end])}」 · {m.status.value} · {m.origin.value}"


class ArticleView(PositionsMixin, QTextEdit):
    """Read-only, selectable text of one document with its mentions highlighted."""

    tag_requested = Signal(int, int, str)
    """(start, end, label): tag the selected code points."""
    tag_all_requested = Signal(str, str)
    """(surface, label): tag every occurrence of the text."""
    accept_requested = Signal(list)
    reject_requested = Signal(list)
    delete_requested = Signal(list)
    relabel_requested = Signal(int, str)
    resize_requested = Signal(int, int, int)
    nudge_requested = Signal(int, str, int)
    """Move one boundary of a mention by one character: (mention id, "start" or "end", -1 or +1)."""
    """(mention id, start, end)."""
    current_changed = Signal(object)
    """The current mention (a Mention) or None."""
    hint = Signal(str)
    """A message for the status bar (e.g. "select some text first")."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setReadOnly(True)
        self.setUndoRedoEnabled(False)
        self.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.setWordWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        self.setMouseTracking(True)
        self.document().setDocumentMargin(28)
        self._labels: dict[str, Label] = {}
        self._by_key: dict[str, str] = {}
        self._text = ""
        self._map = OffsetMap("")
        self._annotations: AnnotationSet | None = None
        self._current: Mention | None = None
        self._drag: tuple[Mention, str] | None = None
        """A mention's edge being dragged with the mouse: (the mention as it was, "start" or "end")."""
        self.viewport().setMouseTracking(True)  # the resize cursor over a mention's edge
        self._formats: dict[tuple[str, Status], QTextCharFormat] = {}

    # ---- attributes down ---------------------------------------------------------------------
    def set_labels(self, labels: Sequence[Label]) -> None:
        self._labels = {lb.name: lb for lb in labels}
        self._by_key = {lb.key: lb.name for lb in labels if lb.key}
        self._formats.clear()

    @property
    def text(self) -> str:
        return self._text

    @property
    def offsets(self) -> OffsetMap:
        return self._map

    @property
    def annotations(self) -> AnnotationSet | None:
        return self._annotations

    def set_document(self, text: str, annotations: AnnotationSet | None) -> None:
        """Show a document and highlight its live mentions."""
        self._text = text
        self._map = OffsetMap(text)
        self._annotations = annotations
        had_current, self._current = self._current is not None, None
        self.setExtraSelections([])
        # setPlainText gives the whole new text the caret's character format, which after a tag
        # or a click is a mention's (filled, bold or wavy): start from a plain one.
        self.setCurrentCharFormat(QTextCharFormat())
        self.setPlainText(text)
        fmt = self.document().begin().blockFormat()
        fmt.setLineHeight(145, 1)  # QTextBlockFormat.LineHeightTypes.ProportionalHeight
        fmt.setBottomMargin(2)
        cur = QTextCursor(self.document())
        cur.beginEditBlock()
        cur.select(QTextCursor.SelectionType.Document)
        cur.setBlockFormat(fmt)
        cur.setCharFormat(QTextCharFormat())
        if annotations is not None:
            for m in annotations.live():
                self._format(cur, m)
        cur.endEditBlock()
        if had_current:
            self.current_changed.emit(None)
        self.moveCursor(QTextCursor.MoveOperation.Start)
        self.setCurrentCharFormat(QTextCharFormat())

    def rehighlight(self) -> None:
        """Format every live mention again (label colours changed); text, scroll and the current
        mention stay."""
        if self._annotations is None:
            return
        scroll = self.verticalScrollBar().value()
        cur = QTextCursor(self.document())
        cur.beginEditBlock()
        for m in self._annotations.live():
            self._format(cur, m)
        cur.endEditBlock()
        self.verticalScrollBar().setValue(scroll)
        self.viewport().update()

    def apply_changes(self, removed: Iterable[Mention], added: Iterable[Mention]) -> None:
        """Re-format only the ranges an edit touched."""
        added = list(added)
        redrawn = {(m.start, m.end) for m in added if m.live}
        cur = QTextCursor(self.document())
        cur.beginEditBlock()
        for m in removed:
            # a live mention never overlaps another live one, so clearing is safe; a range that
            # is formatted again (accepted, relabelled) needs no clearing first
            if m.live and (m.start, m.end) not in redrawn:
                self._clear(cur, m.start, m.end)
        for m in added:
            if m.live:
                self._format(cur, m)
        cur.endEditBlock()
        if self._current is not None:
            now = next((m for m in added if m.id == self._current.id), None)
            if now is not None:
                self._set_current(now if now.live else None)
            elif any(m.id == self._current.id for m in removed):
                self._set_current(None)

    def _select(self, cur: QTextCursor, start: int, end: int) -> None:
        a, b = self._map.span_to_qt(start, end)
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)

    def _clear(self, cur: QTextCursor, start: int, end: int) -> None:
        self._select(cur, start, end)
        cur.setCharFormat(QTextCharFormat())

    def _format(self, cur: QTextCursor, m: Mention) -> None:
        self._select(cur, m.start, m.end)
        cur.setCharFormat(self.mention_format(m))

    def mention_format(self, m: Mention) -> QTextCharFormat:
        fmt = self._formats.get((m.label, m.status))
        if fmt is None:
            fmt = self._formats[(m.label, m.status)] = self._make_format(m)
        return fmt

    def _make_format(self, m: Mention) -> QTextCharFormat:
        color = QColor(self._labels[m.label].color) if m.label in self._labels else QColor("#868e96")
        fmt = QTextCharFormat()
        if m.status is Status.ACCEPTED:
            fmt.setBackground(tint(color, ACCEPTED_TINT))
            fmt.setFontWeight(QFont.Weight.DemiBold)
        else:
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            fmt.setUnderlineColor(color)
        return fmt

    # ---- the current mention ---------------------------------------------------------------------
    def current_mention(self) -> Mention | None:
        return self._current

    def _set_current(self, m: Mention | None) -> None:
        changed = (m is None) != (self._current is None) or (m is not None and m != self._current)
        self._current = m
        sels = []
        if m is not None:
            sel = QTextEdit.ExtraSelection()
            cur = QTextCursor(self.document())
            self._select(cur, m.start, m.end)
            sel.cursor = cur
            color = self._labels[m.label].color if m.label in self._labels else "#868e96"
            sel.format.setBackground(tint(color, CURRENT_TINT))
            sel.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
            sel.format.setUnderlineColor(QColor(color))
            sels.append(sel)
        self.setExtraSelections(sels)
        if changed:
            self.current_changed.emit(m)

    def set_current(self, m: Mention | None, *, scroll: bool = True) -> None:
        """Make ``m`` the current mention, put the caret at its start and scroll it into view."""
        self._set_current(m)
        if m is not None and scroll:
            cur = QTextCursor(self.document())
            cur.setPosition(self._map.to_qt(m.start))
            self.setTextCursor(cur)
            self.ensureCursorVisible()

    def select_span(self, start: int, end: int) -> None:
        cur = QTextCursor(self.document())
        self._select(cur, start, end)
        self.setTextCursor(cur)

    # ---- user actions -> intents ----------------------------------------------------------------
    def apply_label(self, label: str) -> bool:
        """A label key: tag the selection, or relabel the current mention."""
        span = self.selection_span()
        if span is not None:
            self.tag_requested.emit(span[0], span[1], label)
            return True
        if self._current is not None:
            self.relabel_requested.emit(self._current.id, label)
            return True
        self.hint.emit(self.tr("Select some text (or click a mention) first, then press a label key"))
        return False

    def accept_current(self) -> None:
        if self._current is not None:
            self.accept_requested.emit([self._current.id])

    def reject_current(self) -> None:
        """X / Backspace: reject a suggestion, delete an accepted mention."""
        m = self._current
        if m is None:
            return
        if m.status is Status.SUGGESTED:
            self.reject_requested.emit([m.id])
        else:
            self.delete_requested.emit([m.id])

    def delete_current(self) -> None:
        if self._current is not None:
            self.delete_requested.emit([self._current.id])

    def goto_suggestion(self, *, forward: bool = True) -> Mention | None:
        """N / P: make the next (previous) suggestion current, wrapping around."""
        if self._annotations is None:
            return None
        todo = [m for m in self._annotations.live() if m.status is Status.SUGGESTED]
        if not todo:
            self.hint.emit(self.tr("No suggestions left to review in this document"))
            return None
        if self._current is not None:
            here = self._current.start
        else:
            here = self._map.to_py(self.textCursor().position()) - (1 if forward else 0)
        if forward:
            m = next((m for m in todo if m.start > here), todo[0])
        else:
            m = next((m for m in reversed(todo) if m.start < here), todo[-1])
        self.set_current(m)
        return m

    def keyPressEvent(self, e: QKeyEvent) -> None:  # noqa: N802
        mods = e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = mods in (Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier)
        key = e.key()
        if plain and e.text() in self._by_key:
            self.apply_label(self._by_key[e.text()])
            return
        shift_alt = Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.AltModifier
        if key in (Qt.Key.Key_Left, Qt.Key.Key_Right) and mods in (shift_alt, shift_alt | Qt.KeyboardModifier.ControlModifier):
            edge = "start" if mods & Qt.KeyboardModifier.ControlModifier else "end"
            if self._current is None:
                self.hint.emit(self.tr("Click a mention first, then move its boundary with Shift+Alt+←/→ (Ctrl too: its start)"))
            else:
                self.nudge_requested.emit(self._current.id, edge, -1 if key == Qt.Key.Key_Left else 1)
            return
        if mods == Qt.KeyboardModifier.NoModifier:
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_A) and self._current is not None:
                self.accept_current()
                return
            if key in (Qt.Key.Key_X, Qt.Key.Key_Backspace) and self._current is not None:
                self.reject_current()
                return
            if key == Qt.Key.Key_Delete and self._current is not None:
                self.delete_current()
                return
            if key in (Qt.Key.Key_N, Qt.Key.Key_P):
                self.goto_suggestion(forward=key == Qt.Key.Key_N)
                return
            if key == Qt.Key.Key_Escape:
                cur = self.textCursor()
                cur.clearSelection()
                self.setTextCursor(cur)
                self._set_current(None)
                return
        super().keyPressEvent(e)

    # ---- dragging a mention's edge -----------------------------------------------------------
    def mouseMoveEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        point = e.position().toPoint()
        if self._drag is not None:
            span = self._dragged_span(point)
            if span is not None:
                self._set_current(self._drag[0].with_(start=span[0], end=span[1]))  # preview
            return
        if e.buttons() == Qt.MouseButton.NoButton:
            shape = Qt.CursorShape.SizeHorCursor if self.edge_at(point) is not None else Qt.CursorShape.IBeamCursor
            if self.viewport().cursor().shape() != shape:
                self.viewport().setCursor(shape)
        super().mouseMoveEvent(e)

    def mousePressEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        # A press inside the selection would start dragging the selected text (the view is
        # read-only, nothing can be dropped anywhere useful): start a new selection instead.
        plain_press = e.modifiers() == Qt.KeyboardModifier.NoModifier  # Shift+click extends, as usual
        if e.button() == Qt.MouseButton.LeftButton and plain_press:
            edge = self.edge_at(e.position().toPoint())
            if edge is not None:
                self._drag = edge
                self._set_current(edge[0])
                return
        if e.button() == Qt.MouseButton.LeftButton and plain_press and self.textCursor().hasSelection():
            cur = self.textCursor()
            pos = self.cursorForPosition(e.position().toPoint()).position()
            if cur.selectionStart() <= pos <= cur.selectionEnd():
                cur.clearSelection()
                cur.setPosition(pos)
                self.setTextCursor(cur)
        super().mousePressEvent(e)

    def mouseReleaseEvent(self, e: QMouseEvent) -> None:  # noqa: N802
        if self._drag is not None and e.button() == Qt.MouseButton.LeftButton:
            m = self._drag[0]
            span = self._dragged_span(e.position().toPoint())
            self._drag = None
            if span is None:
                self._set_current(m)
                self.hint.emit(self.tr("Not resized: a mention cannot be empty"))
            elif span != (m.start, m.end):
                self._set_current(m)
                self.resize_requested.emit(m.id, span[0], span[1])
            else:
                self._set_current(m)
            return
        super().mouseReleaseEvent(e)
        if e.button() == Qt.MouseButton.LeftButton and not self.textCursor().hasSelection():
            self._set_current(self.mention_at_point(e.position().toPoint()))

    def viewportEvent(self, e: QEvent) -> bool:  # noqa: N802
        if e.type() == QEvent.Type.ToolTip:
            m = self.mention_at_point(e.pos())
            if m is not None:
                label = self._labels.get(m.label)
                extra = f"\n{label_description(label)}" if label and label.description else ""
                QToolTip.showText(e.globalPos(), tooltip(describe(m, self._text) + extra), self.viewport())
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().viewportEvent(e)

    # ---- context menu -----------------------------------------------------------------------------
    def build_context_menu(self, point: QPoint | None) -> QMenu:
        """The menu for a right click at ``point`` (viewport coordinates)."""
        menu = QMenu(self)
        span = self.selection_span()
        m = self.mention_at_point(point) if point is not None else None
        if m is None and span is None:
            m = self._current
        if span is not None:
            surface = self._text[span[0] : span[1]]
            tag = menu.addMenu(plain.menu_text(self.tr("Tag 「{text}」 as").format(text=shorten(surface, 12))))
            tag_all = menu.addMenu(self.tr("Tag all occurrences as"))
            for lb in self._labels.values():
                a = tag.addAction(self._label_text(lb))
                a.triggered.connect(lambda _=False, s=span, n=lb.name: self.tag_requested.emit(s[0], s[1], n))
                b = tag_all.addAction(self._label_text(lb))
                b.triggered.connect(lambda _=False, t=surface, n=lb.name: self.tag_all_requested.emit(t, n))
        if m is not None:
            if span is not None:
                menu.addSeparator()
            head = menu.addAction(plain.menu_text(describe(m, self._text)))
            head.setEnabled(False)
            if m.status is Status.SUGGESTED:
                menu.addAction(self.tr("Accept"), lambda i=m.id: self.accept_requested.emit([i]))
            menu.addAction(self.tr("Reject"), lambda i=m.id: self.reject_requested.emit([i]))
            relabel = menu.addMenu(self.tr("Relabel"))
            for lb in self._labels.values():
                a = relabel.addAction(self._label_text(lb))
                a.setEnabled(lb.name != m.label or m.status is not Status.ACCEPTED)
                a.triggered.connect(lambda _=False, i=m.id, n=lb.name: self.relabel_requested.emit(i, n))
            menu.addAction(self.tr("Delete"), lambda i=m.id: self.delete_requested.emit([i]))
            resize = menu.addAction(self.tr("Resize to selection"))
            resize.setEnabled(span is not None)
            if span is not None:
                resize.triggered.connect(lambda _=False, i=m.id, s=span: self.resize_requested.emit(i, s[0], s[1]))
        if span is not None or m is not None:
            menu.addSeparator()
        copy = menu.addAction(self.tr("Copy"))
        copy.setEnabled(span is not None)
        copy.triggered.connect(self.copy)
        return menu

    @staticmethod
    def _label_text(lb: Label) -> str:
        return f"{lb.name}\t{lb.key}" if lb.key else lb.name

    def contextMenuEvent(self, e: QContextMenuEvent) -> None:  # noqa: N802
        menu = self.build_context_menu(self.viewport().mapFromGlobal(e.globalPos()))
        menu.exec(e.globalPos())
        menu.deleteLater()
