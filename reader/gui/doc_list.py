"""The document list: title and number of mentions of every document in the library."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

from reader.core.words import counted
from reader.gui.plain import tooltip
from reader.store import DocumentSummary

DOC_ID_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1


class DocListModel(QAbstractTableModel):
    """Rows are the library's document summaries (re-read from the library on refresh)."""

    HEADERS: Final = ("Document", "Mentions")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []

    def set_summaries(self, rows: list[DocumentSummary]) -> None:
        if [r.id for r in rows] == [r.id for r in self._rows]:
            self._rows = list(rows)
            if rows:
                self.dataChanged.emit(self.index(0, 0), self.index(len(rows) - 1, len(self.HEADERS) - 1))
            return
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def update_counts(self, doc_id: int, mentions: int, suggested: int) -> None:
        """New counts for one document (after an edit), without re-reading the library."""
        row = self.row_of(doc_id)
        if row < 0:
            return
        r = self._rows[row]
        self._rows[row] = DocumentSummary(r.id, r.title, r.length, mentions, suggested)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 2:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.title or f"Document {r.id}"
            return str(r.mentions)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(
                f"{r.title or f'Document {r.id}'}\n{counted(r.length, 'character')}, {counted(r.mentions, 'mention')}, "
                f"{r.suggested} of them {'a suggestion' if r.suggested == 1 else 'suggestions'}"
            )
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and r.suggested:
            return QBrush(QColor("#1864ab"))
        if role == DOC_ID_ROLE:
            return int(r.id)
        return None

    def row_of(self, doc_id: int) -> int:
        for i, r in enumerate(self._rows):
            if r.id == doc_id:
                return i
        return -1

    def summary(self, row: int) -> DocumentSummary:
        return self._rows[row]


class DocList(QTreeView):
    """The list on the left; emits ``document_selected`` when the user picks a document."""

    document_selected = Signal(int)
    rename_requested = Signal(int)
    delete_requested = Signal(list)
    """Ids of the selected documents."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = DocListModel(self)
        self.setModel(self.model_)
        self.setRootIsDecorated(False)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self._quiet = False
        self._shown: set[int] | None = None
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_context_menu)
        delete = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self, context=Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self._request_delete)
        rename = QShortcut(QKeySequence(Qt.Key.Key_F2), self, context=Qt.ShortcutContext.WidgetShortcut)
        rename.activated.connect(self._request_rename)

    def set_summaries(self, rows: list[DocumentSummary], current: int | None) -> None:
        self._quiet = True
        try:
            self.model_.set_summaries(rows)
            self._apply_filter()
            self.mark_current(current)
        finally:
            self._quiet = False

    def set_filter(self, doc_ids: set[int] | None) -> None:
        """Show only these documents (None: all of them)."""
        self._shown = doc_ids
        self._apply_filter()

    def visible_ids(self) -> list[int]:
        m = self.model_
        return [
            m.data(m.index(r, 0), DOC_ID_ROLE) for r in range(m.rowCount()) if not self.isRowHidden(r, QModelIndex())
        ]

    def _apply_filter(self) -> None:
        shown = self._shown
        m = self.model_
        for r in range(m.rowCount()):
            self.setRowHidden(r, QModelIndex(), shown is not None and m.data(m.index(r, 0), DOC_ID_ROLE) not in shown)

    def mark_current(self, doc_id: int | None) -> None:
        row = self.model_.row_of(doc_id) if doc_id is not None else -1
        if row >= 0 and self.currentIndex().row() != row:
            quiet, self._quiet = self._quiet, True
            try:
                self.setCurrentIndex(self.model_.index(row, 0))
            finally:
                self._quiet = quiet

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if not self._quiet and current.isValid():
            self.document_selected.emit(self.model_.data(current, DOC_ID_ROLE))

    def selected_ids(self) -> list[int]:
        m = self.model_
        rows = sorted({i.row() for i in self.selectionModel().selectedRows()})
        return [m.data(m.index(r, 0), DOC_ID_ROLE) for r in rows if not self.isRowHidden(r, QModelIndex())]

    def _request_delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(ids)

    def _request_rename(self) -> None:
        idx = self.currentIndex()
        if idx.isValid():
            self.rename_requested.emit(self.model_.data(idx.siblingAtColumn(0), DOC_ID_ROLE))

    def _on_context_menu(self, point: Any) -> None:
        idx = self.indexAt(point)
        if not idx.isValid():
            return
        if not self.selectionModel().isRowSelected(idx.row(), QModelIndex()):
            self.setCurrentIndex(idx)
        n = len(self.selected_ids())
        menu = QMenu(self)
        menu.addAction("Rename…", self._request_rename).setShortcut(QKeySequence(Qt.Key.Key_F2))
        menu.addAction(f"Delete {n} documents…" if n > 1 else "Delete…", self._request_delete).setShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete)
        )
        menu.exec(self.viewport().mapToGlobal(point))
        menu.deleteLater()
