"""Mentions in context of an entity (the dock of the review workflow) and merging entities:
*Merge with…* and *Split* in the dock, and :func:`merge_into`, also used when one entity is dragged
onto another in the entity panel. Part of :mod:`reader.gui.review`; merging's messages keep the
"KwicDock" translation context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDockWidget,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.app.library import Changes
from reader.core.errors import ReaderError
from reader.core.model import DocId, MentionId
from reader.gui.i18n import edit_text

if TYPE_CHECKING:
    from reader.gui.main_window import MainWindow

KWIC_SHOWN = 1000
"""Mentions in context listed at most (a frequent entity of a large library has tens of thousands)."""


class KwicDock(QDockWidget):
    """Mentions in context of the entity selected in the entity panel (15 characters either side),
    in this document or the whole library; a click shows the mention. Its aliases can be merged
    and split here."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Mentions in context"))
        self.setObjectName("kwic_dock")
        self.window_ = window
        self.entity: tuple[str, str] | None = None
        body = QWidget()
        lay = QVBoxLayout(body)
        lay.setContentsMargins(6, 4, 6, 4)
        top = QHBoxLayout()
        self.title = QLabel(self.tr("Select an entity in the entity panel"))
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.scope = QComboBox()
        self.scope.addItems([self.tr("This document"), self.tr("Whole library")])
        self.scope.currentIndexChanged.connect(lambda _i: self.refresh())
        self.merge_button = QToolButton(text=self.tr("Merge with…"))
        self.merge_button.setToolTip(self.tr("Make another entity (and its aliases) an alias of this one"))
        self.split_button = QToolButton(text=self.tr("Split"))
        self.split_button.setToolTip(
            self.tr("Make this alias its own entity again (for a canonical entity: all its aliases)")
        )
        self.merge_button.clicked.connect(self.merge_dialog)
        self.split_button.clicked.connect(self.split)
        top.addWidget(self.title, 1)
        top.addWidget(self.scope)
        top.addWidget(self.merge_button)
        top.addWidget(self.split_button)
        lay.addLayout(top)
        self.aliases_label = QLabel()
        self.aliases_label.setTextFormat(Qt.TextFormat.PlainText)
        self.aliases_label.setWordWrap(True)
        lay.addWidget(self.aliases_label)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setUniformRowHeights(True)
        self.list.setHeaderLabels([self.tr("Doc"), "", self.tr("Mention"), ""])
        h = self.list.header()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        h.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        h.setStretchLastSection(True)
        self.list.itemActivated.connect(self._jump)
        self.list.itemClicked.connect(self._jump)
        lay.addWidget(self.list, 1)
        self.setWidget(body)
        self._update_buttons()

    def show_entity(self, label: str, surface: str) -> None:
        self.entity = (label, surface)
        self.refresh()

    def refresh(self) -> None:
        self.list.clear()
        lib = self.window_.library
        if self.entity is None:
            self._update_buttons()
            return
        label, surface = self.entity
        canonical = lib.canonical(label, surface)
        members = lib.entity_members(label, surface)
        self.title.setText(f"{canonical[0]} 「{canonical[1]}」")
        others = [f"{lb} {sf}" if lb != canonical[0] else sf for lb, sf in members if (lb, sf) != canonical]
        self.aliases_label.setText(self.tr("Also called: {names}").format(names="、".join(others)) if others else self.tr("No aliases"))
        doc = self.window_.doc_id if self.scope.currentIndex() == 0 else None
        if doc is None and self.scope.currentIndex() == 0:
            self._update_buttons()
            return
        lines = lib.kwic(label, surface, doc, limit=KWIC_SHOWN)
        if len(lines) == KWIC_SHOWN:
            total = lib.kwic_count(label, surface, doc)
            if total > KWIC_SHOWN:
                self.aliases_label.setText(
                    self.aliases_label.text()
                    + " · "
                    + self.tr("the first {n} of {total} mentions").format(n=KWIC_SHOWN, total=total)
                )
        for line in lines:
            item = QTreeWidgetItem([str(line.doc_id), line.left, line.match, line.right])
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            item.setData(0, Qt.ItemDataRole.UserRole, (line.doc_id, line.mention_id))
            item.setToolTip(
                2,
                self.tr("{label}, characters {start}–{end} of document {doc}").format(
                    label=line.label, start=line.start, end=line.end, doc=line.doc_id
                ),
            )
            self.list.addTopLevelItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has = self.entity is not None and not self.window_.library.read_only
        self.merge_button.setEnabled(has)
        self.split_button.setEnabled(has and len(self.window_.library.entity_members(*self.entity)) > 1 if self.entity else False)

    def _jump(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        doc_id, mention_id = item.data(0, Qt.ItemDataRole.UserRole)
        w = self.window_
        if w.doc_id != doc_id:
            w.show_document(doc_id)
        ann = w.library.annotations(DocId(doc_id))
        if MentionId(mention_id) in ann:
            w.article.set_current(ann.get(MentionId(mention_id)))

    def merge_dialog(self) -> None:
        if self.entity is None:
            return
        lib = self.window_.library
        canonical = lib.canonical(*self.entity)
        choices = []
        for label, rows in lib.top_entities(200).items():
            for surface, n in rows:
                if (label, surface) != canonical:
                    choices.append((label, surface, n))
        dlg = MergeDialog(self, canonical, choices)
        if dlg.exec() != QDialog.DialogCode.Accepted or dlg.chosen() is None:
            return
        self.merge(dlg.chosen())

    def merge(self, other: tuple[str, str], *, ask: bool = True) -> Changes | None:
        """Make ``other`` an alias of the shown entity; another label asks first."""
        if self.entity is None:
            return None
        return merge_into(self.window_, self, self.entity, other, ask=ask)

    def split(self) -> Changes | None:
        if self.entity is None:
            return None
        try:
            changes = self.window_.undo_controller.apply(self.window_.library.edit_split_entity(*self.entity))
        except ReaderError as e:
            self.window_.message(self.tr("Not split: {error}").format(error=e), 10000)
            return None
        self.window_.message(edit_text(changes.description), 6000)
        return changes


def merge_into(window: MainWindow, parent: QWidget, target: tuple[str, str], other: tuple[str, str], *, ask: bool = True) -> Changes | None:
    """Make ``other`` (and its aliases) an alias of ``target``'s canonical entity (undoable);
    entities of different labels ask first. Used by *Merge with…* and by dragging one entity
    onto another in the entity panel."""
    lib = window.library
    target = lib.canonical(*target)
    if lib.canonical(*other) == target:
        window.message(QCoreApplication.translate("KwicDock", "「{name}」 is already an alias of 「{target}」").format(name=other[1], target=target[1]), 6000)
        return None
    allow = False
    if lib.canonical(*other)[0] != target[0]:
        if ask:
            answer = QMessageBox.question(
                parent,
                QCoreApplication.translate("KwicDock", "Merge entities of different labels?"),
                QCoreApplication.translate("KwicDock", "{label} 「{name}」 is not labelled {target_label}. Merge it into {target_label} 「{target}」 anyway?").format(
                    label=other[0], name=other[1], target_label=target[0], target=target[1]
                ),
            )
            if answer != QMessageBox.StandardButton.Yes:
                return None
        allow = True
    try:
        changes = window.undo_controller.apply(lib.edit_merge_entities(target, [other], allow_relabel=allow))
    except ReaderError as e:
        window.message(QCoreApplication.translate("KwicDock", "Not merged: {error}").format(error=e), 10000)
        return None
    window.message(edit_text(changes.description), 6000)
    return changes


class MergeDialog(QDialog):
    """Choose the entity to merge into the shown one (type to filter)."""

    def __init__(self, parent: QWidget, target: tuple[str, str], choices: list[tuple[str, str, int]]) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge with {name}").format(name=target[1]))
        lay = QVBoxLayout(self)
        info = QLabel(self.tr("Make an entity an alias of {label} 「{name}」:").format(label=target[0], name=target[1]))
        info.setTextFormat(Qt.TextFormat.PlainText)
        lay.addWidget(info)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText(self.tr("Filter"))
        lay.addWidget(self.filter)
        self.list = QTreeWidget()
        self.list.setRootIsDecorated(False)
        self.list.setHeaderLabels([self.tr("Entity"), self.tr("Label"), self.tr("Mentions")])
        for label, surface, n in choices:
            item = QTreeWidgetItem([surface, label, str(n)])
            item.setData(0, Qt.ItemDataRole.UserRole, (label, surface))
            self.list.addTopLevelItem(item)
        lay.addWidget(self.list, 1)
        self.filter.textChanged.connect(self._filter)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda *_: self.accept())
        lay.addWidget(buttons)
        self.resize(420, 480)

    def _filter(self, text: str) -> None:
        for i in range(self.list.topLevelItemCount()):
            item = self.list.topLevelItem(i)
            item.setHidden(bool(text) and text not in item.text(0))

    def chosen(self) -> tuple[str, str] | None:
        item = self.list.currentItem()
        return tuple(item.data(0, Qt.ItemDataRole.UserRole)) if item is not None else None  # type: ignore[return-value]
