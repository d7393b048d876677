"""The document list: review status (icon), title, number of mentions and reviewed/total mentions
of every document in the library.

A document read as a newspaper page with several articles has them as children (their
titles), so that one article can be chosen and read on its own.
"""

from __future__ import annotations

import dataclasses
import html
from typing import Any, Final

from PySide6.QtCore import QAbstractItemModel, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QMenu, QTreeView, QWidget

from reader.core.review import DocStatus
from reader.gui.plain import tooltip
from reader.gui.status_icons import status_icon, status_text
from reader.store import DocumentSummary

DOC_ID_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
ARTICLE_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 2
"""On an article row: the article's index in its page (top-level rows: None)."""
STATUS_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 3
"""On a document row: its review status (``new``, ``in_progress``, ``done``)."""


class DocListModel(QAbstractItemModel):
    """Rows are the library's document summaries (re-read from the library on refresh); a page's
    articles are its child rows."""

    HEADERS: Final = ("Document", "Mentions", "Reviewed")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[DocumentSummary] = []
        self._articles: dict[int, list[str]] = {}

    # ---- tree plumbing: internalId 0 is a document row, n > 0 an article of document row n-1 ----
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if column < 0 or column >= len(self.HEADERS) or row < 0:
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, 0) if row < len(self._rows) else QModelIndex()
        if parent.internalId() != 0 or parent.row() >= len(self._rows):
            return QModelIndex()
        if row >= len(self._articles.get(self._rows[parent.row()].id, ())):
            return QModelIndex()
        return self.createIndex(row, column, parent.row() + 1)

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == 0:
            return QModelIndex()
        return self.createIndex(int(index.internalId()) - 1, 0, 0)

    def set_articles(self, outlines: dict[int, list[tuple[str, int | None]]]) -> None:
        """The outline of every page with more than one article (others have no children)."""
        for doc_id in set(self._articles) | set(outlines):
            self.set_page(doc_id, outlines.get(doc_id, []))

    def set_page(self, doc_id: int, outline: list[tuple[str, int | None]]) -> None:
        """The children of one page: (article title, article index) and (section label, None),
        top to bottom; a page of one article has none. Only this page's child rows change."""
        items = list(outline) if sum(1 for _, i in outline if i is not None) > 1 else []
        old = self._articles.get(doc_id, [])
        if old == items:
            return
        row = self.row_of(doc_id)
        if row < 0:
            if items:
                self._articles[doc_id] = items
            else:
                self._articles.pop(doc_id, None)
            return
        parent = self.index(row, 0)
        if old:
            self.beginRemoveRows(parent, 0, len(old) - 1)
            self._articles.pop(doc_id, None)
            self.endRemoveRows()
        if items:
            self.beginInsertRows(parent, 0, len(items) - 1)
            self._articles[doc_id] = items
            self.endInsertRows()

    def articles(self, doc_id: int) -> list[str]:
        """Titles of a page's articles (section labels left out)."""
        return [t for t, i in self._articles.get(doc_id, []) if i is not None]

    def article_row(self, doc_id: int, article: int) -> int:
        for r, (_t, i) in enumerate(self._articles.get(doc_id, [])):
            if i == article:
                return r
        return -1

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
        self._rows[row] = dataclasses.replace(r, mentions=mentions, suggested=suggested)
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def update_summary(self, summary: DocumentSummary) -> None:
        """A new summary for one document (its status or reviewed count changed)."""
        row = self.row_of(summary.id)
        if row < 0:
            return
        self._rows[row] = summary
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._rows)
        if parent.internalId() == 0 and parent.column() == 0 and parent.row() < len(self._rows):
            return len(self._articles.get(self._rows[parent.row()].id, ()))
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(self.HEADERS):
            return (self.tr("Document"), self.tr("Mentions"), self.tr("Reviewed"))[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if index.internalId() != 0:
            return self._article_data(index, role)
        if not (0 <= index.row() < len(self._rows)):
            return None
        r = self._rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return r.title or self.tr("Document {id}").format(id=r.id)
            if col == 2:
                return f"{r.reviewed}/{r.total}"
            return str(r.mentions)
        if role == Qt.ItemDataRole.DecorationRole and col == 0:
            return status_icon(r.status)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(
                self.tr(
                    "{title}\n{status} · characters: {length} · mentions: {mentions} · suggestions: {suggested} · "
                    "reviewed: {reviewed}/{total}"
                ).format(
                    title=r.title or self.tr("Document {id}").format(id=r.id), status=status_text(r.status),
                    length=r.length, mentions=r.mentions, suggested=r.suggested, reviewed=r.reviewed, total=r.total,
                )
            )
        if role == STATUS_ROLE:
            return r.status.value
        if role == Qt.ItemDataRole.TextAlignmentRole and col in (1, 2):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and col == 1 and r.suggested:
            return QBrush(QColor("#1864ab"))
        if role == DOC_ID_ROLE:
            return int(r.id)
        return None

    def _article_data(self, index: QModelIndex | QPersistentModelIndex, role: int) -> Any:
        doc_row = int(index.internalId()) - 1
        if not 0 <= doc_row < len(self._rows):
            return None
        doc_id = self._rows[doc_row].id
        items = self._articles.get(doc_id, [])
        if not 0 <= index.row() < len(items):
            return None
        text, article = items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole and index.column() == 0:
            if article is None:
                return f"— {text} —"
            return text or self.tr("Article {n}").format(n=article + 1)
        if role == Qt.ItemDataRole.ToolTipRole and index.column() == 0:
            # text from the file, shown as text: a tooltip would render markup
            what = self.tr("Section label: {text}").format(text=text) if article is None else text or self.tr("Article {n}").format(n=article + 1)
            return "<p style='white-space:pre-wrap'>" + html.escape(what) + "</p>"
        if article is None:
            if role == Qt.ItemDataRole.ForegroundRole:
                return QBrush(QColor("#868e96"))
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setItalic(True)
                return f
            return None
        if role == DOC_ID_ROLE:
            return int(doc_id)
        if role == ARTICLE_ROLE:
            return article
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if index.isValid() and index.internalId() != 0:
            doc_row = int(index.internalId()) - 1
            items = self._articles.get(self._rows[doc_row].id, []) if 0 <= doc_row < len(self._rows) else []
            if 0 <= index.row() < len(items) and items[index.row()][1] is None:
                return Qt.ItemFlag.ItemIsEnabled  # a section label: shown, not chosen
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

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
    article_selected = Signal(int, int)
    """(document id, article index) when the user picks an article of a page."""
    rename_requested = Signal(int)
    delete_requested = Signal(list)
    """Ids of the selected documents."""
    find_again_requested = Signal(list)
    """Ids of the selected documents (Find entities again)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model_ = DocListModel(self)
        self.setModel(self.model_)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.selectionModel().currentRowChanged.connect(self._on_current)
        self._quiet = False
        self._shown: set[int] | None = None
        self._statuses: set[DocStatus] | None = None
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

    def set_status_filter(self, statuses: set[DocStatus] | None) -> None:
        """Show only documents with these review statuses (None: any), together with the search."""
        self._statuses = statuses
        self._apply_filter()

    def visible_ids(self) -> list[int]:
        m = self.model_
        return [
            m.data(m.index(r, 0), DOC_ID_ROLE) for r in range(m.rowCount()) if not self.isRowHidden(r, QModelIndex())
        ]

    def refilter(self, doc_id: int) -> None:
        """Apply the filters again to one document's row (its status changed)."""
        row = self.model_.row_of(doc_id)
        if row >= 0:
            self._apply_filter([row])

    def _apply_filter(self, rows: list[int] | None = None) -> None:
        shown = self._shown
        statuses = {s.value for s in self._statuses} if self._statuses is not None else None
        m = self.model_
        for r in rows if rows is not None else range(m.rowCount()):
            hidden = shown is not None and m.data(m.index(r, 0), DOC_ID_ROLE) not in shown
            hidden = hidden or (statuses is not None and m.data(m.index(r, 0), STATUS_ROLE) not in statuses)
            self.setRowHidden(r, QModelIndex(), hidden)

    def mark_current(self, doc_id: int | None) -> None:
        row = self.model_.row_of(doc_id) if doc_id is not None else -1
        if row >= 0:
            self._make_current(self.model_.index(row, 0))

    def _make_current(self, index: QModelIndex) -> None:
        """Make ``index`` the current row and the only selected one, quietly (the window shows it
        already). setCurrentIndex alone, in extended selection, can leave an earlier row selected
        as well, and Delete or Find again would then act on a document not shown."""
        sm = self.selectionModel()
        if self.currentIndex() == index and sm.selectedRows() == [index]:
            return
        quiet, self._quiet = self._quiet, True
        try:
            sm.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._quiet = quiet

    def mark_article(self, doc_id: int, article: int) -> None:
        """Make an article row current (quietly), opening its page."""
        row = self.model_.row_of(doc_id)
        child = self.model_.article_row(doc_id, article)
        if row < 0 or child < 0:
            return
        parent = self.model_.index(row, 0)
        self.expand(parent)
        self._make_current(self.model_.index(child, 0, parent))

    def _on_current(self, current: QModelIndex, previous: QModelIndex) -> None:
        if self._quiet or not current.isValid():
            return
        article = self.model_.data(current, ARTICLE_ROLE)
        if article is not None:
            self.article_selected.emit(self.model_.data(current, DOC_ID_ROLE), article)
        else:
            self.document_selected.emit(self.model_.data(current, DOC_ID_ROLE))

    def selected_ids(self) -> list[int]:
        m = self.model_
        rows = sorted({i.row() for i in self.selectionModel().selectedRows() if not i.parent().isValid()})
        return [m.data(m.index(r, 0), DOC_ID_ROLE) for r in rows if not self.isRowHidden(r, QModelIndex())]

    def _request_delete(self) -> None:
        ids = self.selected_ids()
        if ids:
            self.delete_requested.emit(ids)

    def _request_rename(self) -> None:
        idx = self.currentIndex()
        if idx.isValid():
            self.rename_requested.emit(self.model_.data(idx.siblingAtColumn(0), DOC_ID_ROLE))

    def build_context_menu(self) -> QMenu:
        """The list's context menu for the selected documents."""
        n = len(self.selected_ids())
        menu = QMenu(self)
        menu.addAction(
            self.tr("Find entities again in {n} documents").format(n=n) if n > 1 else self.tr("Find entities again"),
            lambda: self.find_again_requested.emit(self.selected_ids()),
        )
        menu.addSeparator()
        menu.addAction(self.tr("Rename…"), self._request_rename).setShortcut(QKeySequence(Qt.Key.Key_F2))
        menu.addAction(self.tr("Delete {n} documents…").format(n=n) if n > 1 else self.tr("Delete…"), self._request_delete).setShortcut(
            QKeySequence(QKeySequence.StandardKey.Delete)
        )
        return menu

    def _on_context_menu(self, point: Any) -> None:
        idx = self.indexAt(point)
        if not idx.isValid():
            return
        if not self.selectionModel().isRowSelected(idx.row(), idx.parent()):
            self.setCurrentIndex(idx)
        menu = self.build_context_menu()
        menu.exec(self.viewport().mapToGlobal(point))
        menu.deleteLater()
