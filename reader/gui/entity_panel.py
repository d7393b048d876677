"""The side panel: the document's entities grouped by label.

The grouping itself (entities, counts, review state) is :class:`reader.core.entities.EntityIndex`,
which has no Qt. :class:`EntityModel` adapts it: a new document (or new labels) resets the model,
and an edit changes only the rows it touched (``rowsInserted``/``rowsRemoved``/``dataChanged``,
never a reset), so an edit costs the same on a long article as on a short one. The panel asks
for changes only through its signals.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QMimeData, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QSizePolicy,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.annotations import AnnotationSet
from reader.core.entities import Entity, EntityGroup, EntityIndex, EntityObserver
from reader.core.labels import Label
from reader.core.model import Mention, MentionId
from reader.core.words import counted
from reader.gui.article_view import tint
from reader.gui.i18n import label_description
from reader.gui.plain import tooltip

MENTION_IDS_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
"""list[MentionId] of an entity row (text order)."""
ENTITY_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 2
ENTITY_MIME: Final = "application/x-reader-entity"
"""An entity dragged in the panel: ``label`` TAB ``surface`` (UTF-8)."""
"""(label, surface) of an entity row; (label, None) of a label row."""

_LABEL_FLAGS: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ENTITY_FLAGS: Final = _LABEL_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_UNKNOWN_COLOR: Final = "#868e96"

KEYS_HELP: Final = QT_TRANSLATE_NOOP("EntityModel", "Enter: show its next mention · A: accept all its mentions · X: reject them all")


def _status_text(suggested: int, total: int) -> str:
    if total == 0:
        return ""
    if suggested == 0:
        return QCoreApplication.translate("EntityModel", "accepted")
    if suggested == total:
        return QCoreApplication.translate("EntityModel", "suggested")
    # the tooltip says it in words
    return QCoreApplication.translate("EntityModel", "{accepted}/{total} acc.").format(accepted=total - suggested, total=total)


class EntityModel(QStandardItemModel, EntityObserver):
    """Label rows (with counts) and, under each, entity rows (text, mentions, review state).

    The rows' *structure* is held by Qt (a :class:`QStandardItemModel` of empty items that mirrors
    the grouping row for row), because a tree view lays out every expanded row again after a
    row is inserted or removed: with the structure in C++ that costs microseconds even with
    thousands of entities, instead of a Python call per row. What a row shows comes from the
    grouping, in :meth:`data`, asked only for the rows on screen.
    """

    HEADERS: Final = ("Entity", "Mentions", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._labels: dict[str, Label] = {}
        self._canonical: dict[tuple[str, str], tuple[str, str]] = {}
        self._members: dict[tuple[str, str], list[str]] = {}
        self.entity_index_ = EntityIndex(self)
        """The Qt-free grouping this model shows."""
        self.setColumnCount(len(self.HEADERS))
        self.setHorizontalHeaderLabels([self.tr("Entity"), self.tr("Mentions"), self.tr("Status")])

    def set_aliases(self, canonical: dict[tuple[str, str], tuple[str, str]]) -> None:
        """The library's aliases (entity -> canonical entity): entity rows show their canonical
        name, or the aliases they stand for. Only the first column of the entity rows is redrawn."""
        if canonical == self._canonical:
            return
        self._canonical = dict(canonical)
        members: dict[tuple[str, str], list[str]] = {}
        for (label, surface), target in sorted(self._canonical.items()):
            members.setdefault(target, []).append(surface if label == target[0] else f"{surface} ({label})")
        self._members = members
        for g in range(self.rowCount()):
            parent = self.index(g, 0)
            n = self.rowCount(parent)
            if n:
                self.dataChanged.emit(self.index(0, 0, parent), self.index(n - 1, 0, parent), [Qt.ItemDataRole.DisplayRole])

    def entity_text(self, label: str, surface: str) -> str:
        """What the entity row shows: its name, with its canonical name or its aliases."""
        name = surface.replace("\n", " ")
        target = self._canonical.get((label, surface))
        if target is not None:
            shown = target[1] if target[0] == label else f"{target[1]} ({target[0]})"
            return self.tr("{name} → {canonical}").format(name=name, canonical=shown)
        aliases = self._members.get((label, surface))
        if aliases:
            return self.tr("{name} (also: {aliases})").format(name=name, aliases=" / ".join(aliases))
        return name

    @property
    def _groups(self) -> list[EntityGroup]:
        return self.entity_index_.groups

    def set_data(self, labels: Sequence[Label], annotations: AnnotationSet | None, text: str) -> None:
        """Group the document's mentions from scratch (a reset: a new document or new labels)."""
        self._labels = {lb.name: lb for lb in labels}
        mentions = annotations.live() if annotations is not None else ()
        self.entity_index_.rebuild([lb.name for lb in labels], text, mentions)

    def apply_changes(self, removed: Iterable[Mention], added: Iterable[Mention]) -> None:
        """An edit of the shown document: only the rows it touched change."""
        self.entity_index_.update(removed, added)

    # ---- dragging an entity (onto another: merge) ---------------------------------------------
    def mimeTypes(self) -> list[str]:  # noqa: N802
        return [ENTITY_MIME]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData | None:  # noqa: N802
        for idx in indexes:
            key = idx.data(ENTITY_ROLE)
            if key is not None and key[1] is not None:
                data = QMimeData()
                data.setData(ENTITY_MIME, f"{key[0]}\t{key[1]}".encode())
                return data
        return None

    def supportedDragActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction  # never Move: the view would remove the dragged rows

    def supportedDropActions(self) -> Qt.DropAction:  # noqa: N802
        return Qt.DropAction.CopyAction

    # ---- EntityObserver: the grouping's changes as row changes -------------------------------------
    @staticmethod
    def _label_item() -> QStandardItem:
        item = QStandardItem()
        item.setFlags(_LABEL_FLAGS)
        item.setColumnCount(len(EntityModel.HEADERS))
        return item

    @staticmethod
    def _entity_item() -> QStandardItem:
        item = QStandardItem()
        item.setFlags(_ENTITY_FLAGS)
        return item

    def _group_item(self, group: int) -> QStandardItem:
        return self.invisibleRootItem().child(group)

    def resetting(self) -> None:
        self.beginResetModel()
        self.blockSignals(True)  # one reset for the views, not a signal per row

    def reset(self) -> None:
        try:
            root = self.invisibleRootItem()
            root.removeRows(0, root.rowCount())
            for group in self._groups:
                item = self._label_item()
                if group.entities:
                    item.appendRows([self._entity_item() for _ in group.entities])
                root.appendRow(item)
        finally:
            self.blockSignals(False)
        self.endResetModel()

    # Qt's rows change once the grouping has changed (data() reads the grouping).
    def group_inserted(self, row: int) -> None:
        self.invisibleRootItem().insertRow(row, self._label_item())

    def entity_inserted(self, group: int, row: int) -> None:
        self._group_item(group).insertRow(row, self._entity_item())

    def entity_removed(self, group: int, row: int) -> None:
        self._group_item(group).removeRow(row)

    def entity_moved(self, group: int, src: int, dst: int) -> None:
        item = self._group_item(group)
        taken = [i for i in item.takeRow(src) if i is not None]  # the row's one item (column 0)
        item.insertRow(dst, taken[0] if taken else self._entity_item())

    def entities_changed(self, group: int, rows: Sequence[int]) -> None:
        parent = self.index(group, 0)
        self.dataChanged.emit(self.index(rows[0], 0, parent), self.index(rows[-1], len(self.HEADERS) - 1, parent))

    def group_changed(self, group: int) -> None:
        self.dataChanged.emit(self.index(group, 0), self.index(group, len(self.HEADERS) - 1))

    # ---- what a row shows -------------------------------------------------------------------------
    def _item(self, index: QModelIndex | QPersistentModelIndex) -> tuple[EntityGroup | None, Entity | None]:
        """(group, None) for a label row, (group, entity) for an entity row, (None, None) for a
        row the grouping no longer has (while Qt's rows catch up)."""
        groups = self.entity_index_.groups
        parent = index.parent()
        if not parent.isValid():
            row = index.row()
            return (groups[row], None) if row < len(groups) else (None, None)
        g, row = parent.row(), index.row()
        if g < len(groups) and row < len(groups[g].entities):
            return groups[g], groups[g].entities[row]
        return None, None

    def _color(self, label: str) -> str:
        lb = self._labels.get(label)
        return lb.color if lb is not None else _UNKNOWN_COLOR

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group, ent = self._item(index)
        if group is None:
            return None
        col = index.column()
        if ent is None:  # a label row
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return f"{group.label}  ({len(group.entities)})"
                if col == 1:
                    return str(group.mentions) if group.mentions else ""
                return _status_text(group.suggested, group.mentions)
            if role == Qt.ItemDataRole.DecorationRole and col == 0:
                return QColor(self._color(group.label))
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.ForegroundRole and not group.entities:
                return QBrush(QColor("#999999"))
            if role == Qt.ItemDataRole.ToolTipRole:
                lb = self._labels.get(group.label)
                return tooltip(f"{group.label}: {label_description(lb)}" if lb is not None and lb.description else group.label)
            if role == ENTITY_ROLE:
                return (group.label, None)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.entity_text(group.label, ent.surface)
            if col == 1:
                return str(len(ent))
            return _status_text(ent.suggested, len(ent))
        if role == Qt.ItemDataRole.BackgroundRole and col == 0 and ent.accepted:
            return QBrush(tint(self._color(group.label), 0.24))
        if role == Qt.ItemDataRole.FontRole and ent.accepted == 0:
            f = QFont()
            f.setItalic(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole and ent.accepted == 0 and col > 0:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tooltip(
                self.tr("{label} 「{surface}」: {mentions}, {accepted} accepted, {suggested} suggested").format(
                    label=group.label, surface=ent.surface,
                    mentions=counted(len(ent), self.tr("mention"), self.tr("mentions")),
                    accepted=ent.accepted, suggested=ent.suggested,
                )
                + "\n"
                + self.tr(KEYS_HELP)
            )
        if role == MENTION_IDS_ROLE:
            return ent.ids()
        if role == ENTITY_ROLE:
            return (group.label, ent.surface)
        return None

    # ---- helpers for the panel and tests ----------------------------------------------------------
    def label_row(self, label: str) -> QModelIndex:
        row = self.entity_index_.group_row(label)
        return self.index(row, 0) if row >= 0 else QModelIndex()

    def entity_index(self, label: str, surface: str) -> QModelIndex:
        pos = self.entity_index_.position(label, surface)
        if pos is None:
            return QModelIndex()
        return self.index(pos[1], 0, self.index(pos[0], 0))

    def counts(self) -> dict[str, int]:
        """Mentions per label (what the label rows show)."""
        return self.entity_index_.counts()

    def entities(self, label: str) -> dict[str, int]:
        group = self.entity_index_.group(label)
        return {e.surface: len(e) for e in group.entities} if group is not None else {}


class EntityPanel(QWidget):
    """Tree of entities with buttons to review one entity's mentions together."""

    entity_clicked = Signal(str, str, list)
    """(label, surface, mention ids): show the entity's next mention."""
    accept_requested = Signal(list)
    reject_requested = Signal(list)
    tag_all_requested = Signal(str, str)
    """(surface, label)."""
    merge_requested = Signal(object, object)
    """(target, other): an entity (label, surface) was dropped onto another."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EntityModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setAlternatingRowColors(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        # Widths from the font, not ResizeToContents: that would measure a thousand rows on every
        # change, and a long article has thousands of entities.
        fm = self.tree.fontMetrics()
        pad = 2 * self.tree.style().pixelMetric(self.tree.style().PixelMetric.PM_HeaderMargin) + 8
        widths = (
            max(fm.horizontalAdvance(t) for t in ("Mentions", "00000")) + pad,
            max(fm.horizontalAdvance(t) for t in ("suggested", "accepted", "12/345 acc.")) + pad,
        )
        for col, width in zip((1, 2), widths):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.Interactive)
            header.resizeSection(col, width)
        self.tree.clicked.connect(self._on_clicked)
        # drag an entity onto another to merge them (the other becomes an alias)
        self.tree.setDragEnabled(True)
        self.tree.setAcceptDrops(True)
        self.tree.setDropIndicatorShown(True)
        self.tree.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.tree.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.tree.viewport().installEventFilter(self)
        # The panel's own keys (only while the tree has focus): arrows move through the entities,
        # Enter shows the next mention of the current one, A accepts and X rejects all its mentions.
        for key, slot in (
            (Qt.Key.Key_Return, self._show_next),
            (Qt.Key.Key_Enter, self._show_next),
            (Qt.Key.Key_A, lambda: self._act("accept")),
            (Qt.Key.Key_X, lambda: self._act("reject")),
        ):
            sc = QShortcut(QKeySequence(key), self.tree, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(slot)
        self.tree.setToolTip(tooltip(self.tr("Entities of this document.") + " " + QCoreApplication.translate("EntityModel", KEYS_HELP)))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_context_menu)
        self.accept_button = QPushButton(self.tr("Accept all"))
        self.reject_button = QPushButton(self.tr("Reject all"))
        self.tag_all_button = QPushButton(self.tr("Tag all"))
        for b, tip in (
            (self.accept_button, self.tr("Accept every mention of the selected entity (key A in the list)")),
            (self.reject_button, self.tr("Reject every mention of the selected entity (key X in the list)")),
            (self.tag_all_button, self.tr("Tag every occurrence of the selected entity's text with its label")),
        ):
            b.setToolTip(tip)
            b.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed)
        self.accept_button.clicked.connect(lambda: self._act("accept"))
        self.reject_button.clicked.connect(lambda: self._act("reject"))
        self.tag_all_button.clicked.connect(lambda: self._act("tag_all"))
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.accept_button, self.reject_button, self.tag_all_button):
            buttons.addWidget(b)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self.tree.selectionModel().selectionChanged.connect(self._update_buttons)
        # groups the user collapsed stay collapsed; the others open when they get their first entity
        self._collapsed: set[str] = set()
        self._syncing = False
        self.tree.collapsed.connect(lambda idx: self._note_expanded(idx, False))
        self.tree.expanded.connect(lambda idx: self._note_expanded(idx, True))
        self.model.rowsInserted.connect(self._on_rows_inserted)
        self._update_buttons()

    @staticmethod
    def _dragged(e: Any) -> tuple[str, str] | None:
        mime = e.mimeData()
        if mime is None or not mime.hasFormat(ENTITY_MIME):
            return None
        label, _, surface = bytes(mime.data(ENTITY_MIME)).decode("utf-8", "replace").partition("\t")
        return (label, surface) if label and surface else None

    def _drop_target(self, e: Any) -> tuple[str, str] | None:
        key = self.tree.indexAt(e.position().toPoint()).data(ENTITY_ROLE)
        return (key[0], key[1]) if key is not None and key[1] is not None else None

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        """Drops onto the tree: an entity onto another entity asks for a merge; nothing else is
        accepted (entities are not moved or copied by dragging)."""
        if obj is self.tree.viewport() and e.type() in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            source = self._dragged(e)
            if source is None:
                e.ignore()
                return True
            if e.type() == QEvent.Type.DragEnter:
                e.setDropAction(Qt.DropAction.CopyAction)
                e.accept()
                return True
            target = self._drop_target(e)
            ok = target is not None and target != source
            if e.type() == QEvent.Type.DragMove:
                if ok:
                    e.setDropAction(Qt.DropAction.CopyAction)
                    e.accept()
                else:
                    e.ignore()
                return True
            if ok:
                e.setDropAction(Qt.DropAction.CopyAction)
                e.accept()
                self.merge_requested.emit(target, source)
            else:
                e.ignore()
            return True
        return super().eventFilter(obj, e)

    def refresh(self, labels: Sequence[Label], annotations: AnnotationSet | None, text: str) -> None:
        """Group a document's mentions from scratch (another document, or new labels), keeping
        what was expanded and selected."""
        selected = self.selected_entity()
        scroll = self.tree.verticalScrollBar().value()
        self.model.set_data(labels, annotations, text)
        self._syncing = True
        try:
            for r in range(self.model.rowCount()):
                idx = self.model.index(r, 0)
                name = self._key(idx)[0]
                self.tree.setExpanded(idx, name not in self._collapsed and self.model.rowCount(idx) > 0)
        finally:
            self._syncing = False
        if selected is not None:
            idx = self.model.entity_index(*selected)
            if idx.isValid():
                self.tree.setCurrentIndex(idx)
        self.tree.verticalScrollBar().setValue(scroll)
        self._update_buttons()

    def apply_changes(self, removed: Iterable[Mention], added: Iterable[Mention]) -> None:
        """An edit of the shown document: only the touched rows change (no reset, scroll kept)."""
        selected = self.selected_entity()
        self.model.apply_changes(removed, added)
        if selected is not None and self.selected_entity() != selected:
            idx = self.model.entity_index(*selected)  # it moved (its first mention went)
            if idx.isValid():
                self.tree.setCurrentIndex(idx)
        self._update_buttons()

    def _note_expanded(self, idx: QModelIndex, expanded: bool) -> None:
        if self._syncing or idx.parent().isValid():
            return
        name = self._key(idx)[0]
        if expanded:
            self._collapsed.discard(name)
        elif self.model.rowCount(idx):
            self._collapsed.add(name)

    def _on_rows_inserted(self, parent: QModelIndex, first: int, last: int) -> None:
        if parent.isValid() and not self.tree.isExpanded(parent):
            if self._key(parent)[0] not in self._collapsed:
                self._syncing = True
                try:
                    self.tree.expand(parent)
                finally:
                    self._syncing = False

    def _show_next(self) -> None:
        idx = self.tree.currentIndex()
        if idx.isValid():
            self._on_clicked(idx)

    def _key(self, idx: QModelIndex) -> tuple[str | None, str | None]:
        """(label, surface) of an entity row, (label, None) of a label row, (None, None) else."""
        key = self.model.data(idx.siblingAtColumn(0), ENTITY_ROLE) if idx.isValid() else None
        return key if key is not None else (None, None)

    def selected_entity(self) -> tuple[str, str] | None:
        idx = self.tree.currentIndex()
        if not idx.isValid() or not self.tree.selectionModel().isSelected(idx):
            return None
        label, surface = self._key(idx)
        return (label, surface) if surface is not None else None

    def _ids(self, idx: QModelIndex) -> list[MentionId]:
        return list(self.model.data(idx.siblingAtColumn(0), MENTION_IDS_ROLE) or [])

    def _update_buttons(self, *args: Any) -> None:
        on = self.selected_entity() is not None
        for b in (self.accept_button, self.reject_button, self.tag_all_button):
            b.setEnabled(on)

    def _on_clicked(self, idx: QModelIndex) -> None:
        label, surface = self._key(idx)
        if surface is not None:
            self.entity_clicked.emit(label, surface, self._ids(idx))

    def _act(self, what: str, idx: QModelIndex | None = None) -> None:
        idx = idx if idx is not None else self.tree.currentIndex()
        if not idx.isValid():
            return
        label, surface = self._key(idx)
        if surface is None:
            return
        if what == "accept":
            self.accept_requested.emit(self._ids(idx))
        elif what == "reject":
            self.reject_requested.emit(self._ids(idx))
        else:
            self.tag_all_requested.emit(surface, label)

    def _on_context_menu(self, point: Any) -> None:
        idx = self.tree.indexAt(point)
        if not idx.isValid() or self._key(idx)[1] is None:
            return
        menu = QMenu(self)
        menu.addAction(self.tr("Accept all mentions") + "\tA", lambda: self._act("accept", idx))
        menu.addAction(self.tr("Reject all mentions") + "\tX", lambda: self._act("reject", idx))
        menu.addAction(self.tr("Tag all occurrences"), lambda: self._act("tag_all", idx))
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()
