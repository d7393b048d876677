"""The side panel: the document's entities grouped by label.

:class:`EntityModel` is a thin adapter: it reads the document's AnnotationSet and holds only the
grouping it computed from it (never the truth). The window calls :meth:`EntityPanel.refresh`
after each change of the shown document; the panel asks for changes only through its signals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Final

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QMenu,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from reader.core.annotations import AnnotationSet
from reader.core.labels import Label
from reader.core.model import Mention, MentionId, Status
from reader.gui.article_view import tint

MENTION_IDS_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 1
"""list[MentionId] of an entity row (text order)."""
ENTITY_ROLE: Final = int(Qt.ItemDataRole.UserRole) + 2
"""(label, surface) of an entity row; (label, None) of a label row."""

_TOP: Final = 0  # internalId of a label row; an entity row stores its label row + 1


@dataclass
class _Entity:
    surface: str
    mentions: list[Mention] = field(default_factory=list)

    @property
    def suggested(self) -> int:
        return sum(1 for m in self.mentions if m.status is Status.SUGGESTED)

    @property
    def accepted(self) -> int:
        return len(self.mentions) - self.suggested


@dataclass
class _Group:
    label: Label
    entities: list[_Entity] = field(default_factory=list)

    @property
    def mentions(self) -> int:
        return sum(len(e.mentions) for e in self.entities)

    @property
    def suggested(self) -> int:
        return sum(e.suggested for e in self.entities)


def _status_text(suggested: int, total: int) -> str:
    if total == 0:
        return ""
    if suggested == 0:
        return "accepted"
    if suggested == total:
        return "suggested"
    return f"{total - suggested} acc. · {suggested} sugg."


class EntityModel(QAbstractItemModel):
    """Label rows (with counts) and, under each, entity rows (text, mentions, review state)."""

    HEADERS: Final = ("Entity", "Mentions", "Status")

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._groups: list[_Group] = []

    def set_data(self, labels: list[Label], annotations: AnnotationSet | None, text: str) -> None:
        """Recompute the grouping from the document's mentions."""
        groups = {lb.name: _Group(lb) for lb in labels}
        index: dict[tuple[str, str], _Entity] = {}
        if annotations is not None:
            for m in annotations.live():
                group = groups.get(m.label)
                if group is None:
                    group = groups[m.label] = _Group(Label(m.label, "#868e96"))
                key = (m.label, text[m.start : m.end])
                ent = index.get(key)
                if ent is None:
                    ent = index[key] = _Entity(key[1])
                    group.entities.append(ent)
                ent.mentions.append(m)
        self.beginResetModel()
        self._groups = list(groups.values())
        self.endResetModel()

    # ---- Qt model interface ---------------------------------------------------------------------
    def index(self, row: int, column: int, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:
        if not self.hasIndex(row, column, parent):
            return QModelIndex()
        if not parent.isValid():
            return self.createIndex(row, column, _TOP)
        if parent.internalId() == _TOP:
            return self.createIndex(row, column, parent.row() + 1)
        return QModelIndex()

    def parent(self, index: QModelIndex | QPersistentModelIndex = QModelIndex()) -> QModelIndex:  # type: ignore[override]
        if not index.isValid() or index.internalId() == _TOP:
            return QModelIndex()
        return self.createIndex(index.internalId() - 1, 0, _TOP)

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        if not parent.isValid():
            return len(self._groups)
        if parent.internalId() == _TOP and parent.column() == 0:
            return len(self._groups[parent.row()].entities)
        return 0

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802
        return len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < 3:
            return self.HEADERS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def _item(self, index: QModelIndex | QPersistentModelIndex) -> tuple[_Group, _Entity | None]:
        if index.internalId() == _TOP:
            return self._groups[index.row()], None
        group = self._groups[index.internalId() - 1]
        return group, group.entities[index.row()]

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        group, ent = self._item(index)
        col = index.column()
        if ent is None:  # a label row
            if role == Qt.ItemDataRole.DisplayRole:
                if col == 0:
                    return f"{group.label.name}  ({len(group.entities)})"
                if col == 1:
                    return str(group.mentions) if group.mentions else ""
                return _status_text(group.suggested, group.mentions)
            if role == Qt.ItemDataRole.DecorationRole and col == 0:
                return QColor(group.label.color)
            if role == Qt.ItemDataRole.FontRole:
                f = QFont()
                f.setBold(True)
                return f
            if role == Qt.ItemDataRole.ForegroundRole and not group.entities:
                return QBrush(QColor("#999999"))
            if role == Qt.ItemDataRole.ToolTipRole:
                return f"{group.label.name}: {group.label.description}"
            if role == ENTITY_ROLE:
                return (group.label.name, None)
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return ent.surface.replace("\n", " ")
            if col == 1:
                return str(len(ent.mentions))
            return _status_text(ent.suggested, len(ent.mentions))
        if role == Qt.ItemDataRole.BackgroundRole and col == 0 and ent.accepted:
            return QBrush(tint(group.label.color, 0.24))
        if role == Qt.ItemDataRole.FontRole and ent.accepted == 0:
            f = QFont()
            f.setItalic(True)
            return f
        if role == Qt.ItemDataRole.ForegroundRole and ent.accepted == 0 and col > 0:
            return QBrush(QColor("#777777"))
        if role == Qt.ItemDataRole.TextAlignmentRole and col == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            return f"{group.label.name} 「{ent.surface}」: {len(ent.mentions)} mention(s), {ent.accepted} accepted, {ent.suggested} suggested"
        if role == MENTION_IDS_ROLE:
            return [m.id for m in ent.mentions]
        if role == ENTITY_ROLE:
            return (group.label.name, ent.surface)
        return None

    # ---- helpers for the panel and tests ----------------------------------------------------------
    def label_row(self, label: str) -> QModelIndex:
        for i, g in enumerate(self._groups):
            if g.label.name == label:
                return self.index(i, 0)
        return QModelIndex()

    def entity_index(self, label: str, surface: str) -> QModelIndex:
        parent = self.label_row(label)
        if not parent.isValid():
            return QModelIndex()
        for i, e in enumerate(self._groups[parent.row()].entities):
            if e.surface == surface:
                return self.index(i, 0, parent)
        return QModelIndex()

    def counts(self) -> dict[str, int]:
        """Mentions per label (what the label rows show)."""
        return {g.label.name: g.mentions for g in self._groups}

    def entities(self, label: str) -> dict[str, int]:
        parent = self.label_row(label)
        if not parent.isValid():
            return {}
        return {e.surface: len(e.mentions) for e in self._groups[parent.row()].entities}


class EntityPanel(QWidget):
    """Tree of entities with buttons to review one entity's mentions together."""

    entity_clicked = Signal(str, str, list)
    """(label, surface, mention ids): show the entity's next mention."""
    accept_requested = Signal(list)
    reject_requested = Signal(list)
    tag_all_requested = Signal(str, str)
    """(surface, label)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = EntityModel(self)
        self.tree = QTreeView(self)
        self.tree.setModel(self.model)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setUniformRowHeights(True)
        self.tree.setAlternatingRowColors(False)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.tree.clicked.connect(self._on_clicked)
        # Keyboard: arrows move through the entities, Enter shows the next mention of the current one.
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            sc = QShortcut(QKeySequence(key), self.tree, context=Qt.ShortcutContext.WidgetShortcut)
            sc.activated.connect(lambda: self.tree.currentIndex().isValid() and self._on_clicked(self.tree.currentIndex()))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._on_context_menu)
        self.accept_button = QPushButton("Accept all")
        self.reject_button = QPushButton("Reject all")
        self.tag_all_button = QPushButton("Tag all occurrences")
        for b, tip in (
            (self.accept_button, "Accept every mention of the selected entity"),
            (self.reject_button, "Reject every mention of the selected entity"),
            (self.tag_all_button, "Tag every occurrence of the selected entity's text with its label"),
        ):
            b.setToolTip(tip)
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
        self._update_buttons()

    def refresh(self, labels: list[Label], annotations: AnnotationSet | None, text: str) -> None:
        """Rebuild from the document, keeping what was expanded and selected."""
        collapsed = {
            self.model.data(self.model.index(r, 0), ENTITY_ROLE)[0]
            for r in range(self.model.rowCount())
            if self.model.rowCount(self.model.index(r, 0)) and not self.tree.isExpanded(self.model.index(r, 0))
        }
        selected = self.selected_entity()
        scroll = self.tree.verticalScrollBar().value()
        self.model.set_data(labels, annotations, text)
        for r in range(self.model.rowCount()):
            idx = self.model.index(r, 0)
            name = self.model.data(idx, ENTITY_ROLE)[0]
            self.tree.setExpanded(idx, name not in collapsed and self.model.rowCount(idx) > 0)
        if selected is not None:
            idx = self.model.entity_index(*selected)
            if idx.isValid():
                self.tree.setCurrentIndex(idx)
        self.tree.verticalScrollBar().setValue(scroll)
        self._update_buttons()

    def selected_entity(self) -> tuple[str, str] | None:
        idx = self.tree.currentIndex()
        if not idx.isValid() or not self.tree.selectionModel().isSelected(idx):
            return None
        label, surface = self.model.data(idx.siblingAtColumn(0), ENTITY_ROLE)
        return (label, surface) if surface is not None else None

    def _ids(self, idx: QModelIndex) -> list[MentionId]:
        return list(self.model.data(idx.siblingAtColumn(0), MENTION_IDS_ROLE) or [])

    def _update_buttons(self, *args: Any) -> None:
        on = self.selected_entity() is not None
        for b in (self.accept_button, self.reject_button, self.tag_all_button):
            b.setEnabled(on)

    def _on_clicked(self, idx: QModelIndex) -> None:
        label, surface = self.model.data(idx.siblingAtColumn(0), ENTITY_ROLE)
        if surface is not None:
            self.entity_clicked.emit(label, surface, self._ids(idx))

    def _act(self, what: str, idx: QModelIndex | None = None) -> None:
        idx = idx if idx is not None else self.tree.currentIndex()
        if not idx.isValid():
            return
        label, surface = self.model.data(idx.siblingAtColumn(0), ENTITY_ROLE)
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
        if not idx.isValid() or self.model.data(idx.siblingAtColumn(0), ENTITY_ROLE)[1] is None:
            return
        menu = QMenu(self)
        menu.addAction("Accept all mentions", lambda: self._act("accept", idx))
        menu.addAction("Reject all mentions", lambda: self._act("reject", idx))
        menu.addAction("Tag all occurrences", lambda: self._act("tag_all", idx))
        menu.exec(self.tree.viewport().mapToGlobal(point))
        menu.deleteLater()
