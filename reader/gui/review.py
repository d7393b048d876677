"""The review workflow in the window: document status (Ctrl+Enter marks done), the next document
to review, a filter by status, the library's progress bar, find in the article, the statistics
and mentions-in-context docks, and Help ▸ Keyboard shortcuts.

Installed on a :class:`~reader.gui.main_window.MainWindow` by :func:`install`; everything it
changes goes through the window's undo controller (so through ``Library.apply``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
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
    QProgressBar,
    QToolButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.app.library import Changes
from reader.core.errors import ReaderError
from reader.core.model import DocId, MentionId, Status
from reader.core.review import DocStatus
from reader.gui.i18n import LANGUAGES, edit_text, language_setting, set_language_setting
from reader.gui.status_icons import status_icon, status_text

if TYPE_CHECKING:
    from reader.gui.main_window import MainWindow

KWIC_SHOWN = 1000
"""Mentions in context listed at most (a frequent entity of a large library has tens of thousands)."""


def article_keys() -> list[tuple[str, str]]:
    """Keys the article handles itself (not menu actions), listed in the shortcuts sheet."""
    return [
        ("A / Enter", QCoreApplication.translate("ShortcutsDialog", "Accept the current mention")),
        ("X / Backspace", QCoreApplication.translate("ShortcutsDialog", "Reject the current suggestion (delete an accepted mention)")),
        ("Delete", QCoreApplication.translate("ShortcutsDialog", "Delete the current mention")),
        ("N / P", QCoreApplication.translate("ShortcutsDialog", "Next / previous suggestion in the document")),
        ("Shift+arrows", QCoreApplication.translate("ShortcutsDialog", "Select characters to tag")),
        ("Esc", QCoreApplication.translate("ShortcutsDialog", "Clear the current mention")),
        ("Shift+Alt+← / →", QCoreApplication.translate("ShortcutsDialog", "Move the end of the current mention")),
        ("Ctrl+Shift+Alt+← / →", QCoreApplication.translate("ShortcutsDialog", "Move the start of the current mention")),
        (QCoreApplication.translate("ShortcutsDialog", "Drag a mention's edge"), QCoreApplication.translate("ShortcutsDialog", "Move that boundary with the mouse")),
    ]


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


class ShortcutsDialog(QDialog):
    """Every key of the window, generated from its actions (so it cannot drift), and the keys the
    article handles itself."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Keyboard shortcuts"))
        lay = QVBoxLayout(self)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels([self.tr("Key"), self.tr("Action")])
        self.tree.setRootIsDecorated(True)
        for menu_title, rows in shortcut_rows(window):
            top = QTreeWidgetItem([menu_title, ""])
            for keys, text in rows:
                top.addChild(QTreeWidgetItem([keys, text]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        self.tree.resizeColumnToContents(0)
        lay.addWidget(self.tree)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(560, 640)


def shortcut_rows(window: MainWindow) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu, [(keys, action text)]) for every menu action with a shortcut, then the article keys."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for menu_action in window.menuBar().actions():
        menu = menu_action.menu()
        if menu is None:
            continue
        rows = []
        for a in _menu_actions(menu):
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in a.shortcuts() if not s.isEmpty())
            if keys:
                rows.append((keys, a.text().replace("&", "")))
        if rows:
            out.append((menu_action.text().replace("&", ""), rows))
    out.append((QCoreApplication.translate("ShortcutsDialog", "In the article"), article_keys()))
    return out


def _menu_actions(menu: Any) -> list[QAction]:
    acts = []
    for a in menu.actions():
        if a.menu() is not None:
            acts.extend(_menu_actions(a.menu()))
        elif not a.isSeparator():
            acts.append(a)
    return acts


class ReviewTools(QObject):
    """The review workflow, attached to a main window."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window_ = window
        lib = window.library
        self.library = lib

        # filter by status, above the list
        self.status_filter = QComboBox()
        self.status_filter.addItem(self.tr("All documents"), None)
        for s in DocStatus:
            self.status_filter.addItem(status_icon(s), status_text(s), s.value)
        self.status_filter.addItem(self.tr("Not done"), "todo")
        self.status_filter.setToolTip(self.tr("Show only the documents with this review status"))
        self.status_filter.currentIndexChanged.connect(self._apply_status_filter)
        left = window.search_box.parentWidget().layout()
        left.insertWidget(1, self.status_filter)

        # find bar under the article
        self.find_bar = FindBar(window)
        window.article.parentWidget().layout().addWidget(self.find_bar)

        # progress bar
        self.progress = QProgressBar()
        self.progress.setMinimumWidth(300)
        self.progress.setMaximumWidth(480)
        self.progress.setTextVisible(True)
        window.statusBar().addPermanentWidget(self.progress)

        # docks (the statistics dock is made when first shown: its charting library loads then)
        self.kwic_dock = KwicDock(window)
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.kwic_dock)
        self.kwic_dock.hide()
        self.stats_dock: Any = None
        self._progress: dict[str, int] | None = None

        self._build_menus()
        window.entity_panel.entity_clicked.connect(self._on_entity_clicked)
        window.entity_panel.merge_requested.connect(lambda target, other: merge_into(window, window, tuple(target), tuple(other)))
        window.doc_list.document_selected.connect(lambda _i: QTimer.singleShot(0, self._on_document_shown))
        lib.subscribe(self._on_library_changed)
        window.destroyed.connect(lambda *_: lib.unsubscribe(self._on_library_changed))
        self._stats_timer = QTimer(self)
        self._stats_timer.setSingleShot(True)
        self._stats_timer.setInterval(300)
        self._stats_timer.timeout.connect(self._refresh_stats)
        self.update_progress()
        self._update_actions()

    # ---- menus -------------------------------------------------------------------------------------
    def _action(self, menu: Any, text: str, slot: Any, shortcuts: list[str] | None = None, tip: str = "") -> QAction:
        a = QAction(text, self.window_)
        if shortcuts:
            a.setShortcuts([QKeySequence(s) for s in shortcuts])
        if tip:
            a.setStatusTip(tip)
            a.setToolTip(tip)
        a.triggered.connect(lambda _=False: slot())
        menu.addAction(a)
        return a

    def _build_menus(self) -> None:
        w = self.window_
        bar = w.menuBar()
        edit = next((a.menu() for a in bar.actions() if a.menu() and w.search_action in a.menu().actions()), None)
        if edit is not None:
            self.find_in_article_action = QAction(self.tr("&Find in article…"), w)
            self.find_in_article_action.setShortcut(QKeySequence("Ctrl+F"))
            self.find_in_article_action.triggered.connect(lambda _=False: self.find_bar.open())
            edit.insertAction(w.search_action, self.find_in_article_action)
            self.find_next_action = self._action(edit, self.tr("Find &next"), self.find_bar.next, ["F3"])
            self.find_prev_action = self._action(edit, self.tr("Find pre&vious"), self.find_bar.previous, ["Shift+F3"])
        review = QMenu_before(bar, w.labels_menu, self.tr("&Review"))
        self.review_menu = review
        self.done_action = self._action(
            review, self.tr("Mark document &done"), self.mark_done, ["Ctrl+Return", "Ctrl+Enter"],
            self.tr("Mark the shown document reviewed (undo with Ctrl+Z)"),
        )
        self.reopen_action = self._action(review, self.tr("Mark document &in progress"), lambda: self.set_status(DocStatus.IN_PROGRESS))
        self.next_doc_action = self._action(
            review, self.tr("&Next document to review"), self.next_document, ["Ctrl+Shift+N"],
            self.tr("Show the next document that is not done"),
        )
        review.addSeparator()
        self.next_suggestion_action = self._action(
            review, self.tr("Next suggestion"), lambda: self._goto_suggestion(True), ["N"],
            self.tr("Make the next suggestion current"),
        )
        self.prev_suggestion_action = self._action(
            review, self.tr("Previous suggestion"), lambda: self._goto_suggestion(False), ["P"],
            self.tr("Make the previous suggestion current"),
        )
        for a in (self.next_suggestion_action, self.prev_suggestion_action):
            # the article handles N and P itself; these menu entries name the keys (and work from the menu)
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        review.addSeparator()
        self.stats_action = self._action(
            review, self.tr("&Statistics"), self.toggle_stats, ["F9"], self.tr("Show the statistics view")
        )
        self.kwic_action = self._action(
            review, self.tr("&Mentions in context"), self.toggle_kwic, ["Ctrl+Shift+K"],
            self.tr("Mentions of the selected entity in context"),
        )
        self.help_menu = bar.addMenu(self.tr("&Help"))
        self.shortcuts_action = self._action(self.help_menu, self.tr("&Keyboard shortcuts"), self.show_shortcuts, ["F1"])
        self.language_menu = self.help_menu.addMenu(self.tr("&Language"))
        self.language_actions = {}
        current = language_setting()
        for key, name in [("system", self.tr("Follow the system")), *LANGUAGES.items()]:
            a = self._action(self.language_menu, name, lambda k=key: self.set_language(k))
            a.setCheckable(True)
            a.setChecked(key == current)
            self.language_actions[key] = a

    def _goto_suggestion(self, forward: bool) -> None:
        self.window_.article.goto_suggestion(forward=forward)

    def _update_actions(self) -> None:
        writable = not self.library.read_only
        has_doc = self.window_.doc_id is not None
        for a in (self.done_action, self.reopen_action):
            a.setEnabled(writable and has_doc)

    # ---- status ------------------------------------------------------------------------------------
    def set_status(self, status: DocStatus) -> Changes | None:
        w = self.window_
        if w.doc_id is None:
            w.message(self.tr("No document is shown"), 5000)
            return None
        try:
            changes = w.undo_controller.apply(self.library.edit_document_status(w.doc_id, status))
        except ReaderError as e:
            w.message(self.tr("Not changed: {error}").format(error=e), 10000)
            return None
        if not changes.recorded:
            w.message(self.tr("The document is already marked: {status}").format(status=status_text(status)), 5000)
        else:
            w.message(self.tr("{what} (Ctrl+Z undoes it; Ctrl+Shift+N: next document to review)").format(what=edit_text(changes.description)), 8000)
        return changes

    def mark_done(self) -> Changes | None:
        """Ctrl+Enter: the shown document is reviewed; suggestions left are named first."""
        w = self.window_
        try:
            left = self.library.annotations(w.doc_id).count(Status.SUGGESTED) if w.doc_id is not None else 0
        except ReaderError:
            left = 0  # the document went away: set_status says so
        changes = self.set_status(DocStatus.DONE)
        if changes is not None and changes.recorded and left:
            w.message(
                self.tr("{what}, with {n} suggestion(s) not reviewed (Ctrl+Z undoes it)").format(what=edit_text(changes.description), n=left),
                8000,
            )
        return changes

    def next_document(self) -> DocId | None:
        w = self.window_
        nxt = self.library.next_to_review(w.doc_id)
        if nxt is None:
            w.message(self.tr("Every document is done"), 6000)
            return None
        if nxt == w.doc_id:
            w.message(self.tr("This is the only document not done yet"), 6000)
            return nxt
        w.show_document(nxt)
        self._on_document_shown()
        w.article.setFocus()
        return nxt

    def _apply_status_filter(self) -> None:
        value = self.status_filter.currentData()
        if value is None:
            self.window_.doc_list.set_status_filter(None)
        elif value == "todo":
            self.window_.doc_list.set_status_filter({DocStatus.NEW, DocStatus.IN_PROGRESS})
        else:
            self.window_.doc_list.set_status_filter({DocStatus(value)})

    def filter_status(self, status: DocStatus | None) -> None:
        i = self.status_filter.findData(status.value if status is not None else None)
        self.status_filter.setCurrentIndex(max(i, 0))

    def update_progress(self, changes: Changes | None = None) -> None:
        """Show the library's progress. After an edit the counts move by what it changed (no
        query over every mention); after a status change, import or deletion they are counted again."""
        p = self._progress
        if changes is None or p is None or changes.deleted or (changes.doc_id is None and changes.documents):
            p = self._progress = self.library.progress()
        else:
            p["mentions"] += len(changes.added) - len(changes.removed)
            p["reviewed"] += sum(m.status is not Status.SUGGESTED for m in changes.added)
            p["reviewed"] -= sum(m.status is not Status.SUGGESTED for m in changes.removed)
            if changes.status is not None:
                p["done"] = self.library.status_counts()[DocStatus.DONE.value]
        docs, done = p["documents"], p["done"]
        self.progress.setMaximum(max(docs, 1))
        self.progress.setValue(done)
        self.progress.setFormat(
            self.tr("{done}/{docs} documents done · {reviewed}/{mentions} mentions reviewed").format(
                done=done, docs=docs, reviewed=p["reviewed"], mentions=p["mentions"]
            )
            if docs
            else self.tr("No documents")
        )
        self.progress.setToolTip(
            self.tr("{done} of {docs} documents marked done; {reviewed} of {mentions} mentions reviewed (accepted or rejected)").format(
                done=done, docs=docs, reviewed=p["reviewed"], mentions=p["mentions"]
            )
        )

    # ---- reacting ----------------------------------------------------------------------------------
    def _on_document_shown(self) -> None:
        try:
            self._document_shown()
        except ReaderError:
            pass  # the window was closed with its library meanwhile

    def _document_shown(self) -> None:
        self.find_bar.refresh()
        self._update_actions()
        if self.kwic_dock.isVisible() and self.kwic_dock.scope.currentIndex() == 0:
            self.kwic_dock.refresh()

    def _on_library_changed(self, changes: Changes) -> None:
        w = self.window_
        if changes.doc_id is not None and (changes.removed or changes.added or changes.status is not None):
            summary = self.library.summary(changes.doc_id)
            if summary is not None:
                w.doc_list.model_.update_summary(summary)
                w.doc_list.refilter(changes.doc_id)
        if changes.doc_id is not None and changes.doc_id == w.doc_id and (changes.removed or changes.added) and not changes.undo:
            QTimer.singleShot(0, lambda d=changes.doc_id: self._offer_done(d))
        self.update_progress(changes)
        self._update_actions()
        if changes.entities or changes.removed or changes.added:
            if self.kwic_dock.isVisible():
                self.kwic_dock.refresh()
        if self.stats_dock is not None and self.stats_dock.isVisible():
            self._stats_timer.start()
        if changes.deleted or changes.documents:
            QTimer.singleShot(0, self._on_document_shown)

    def _offer_done(self, doc_id: DocId) -> None:
        """No suggestion left in the shown document and it is not done: say how to mark it."""
        w = self.window_
        if not w.isVisible() or w.doc_id != doc_id:
            return  # closed meanwhile (its library may be closed too), or another document shown
        try:
            if not self.library.has_document(doc_id):
                return
            left = self.library.annotations(doc_id).count(Status.SUGGESTED)
            status = self.library.document_status(doc_id)
        except ReaderError:
            return
        if not left and status is not DocStatus.DONE:
            w.message(self.tr("No suggestions left: Ctrl+Enter marks this document done"), 10000)

    def _on_entity_clicked(self, label: str, surface: str, _ids: list) -> None:
        self.kwic_dock.show_entity(label, surface)

    # ---- docks and dialogs -------------------------------------------------------------------------
    def toggle_kwic(self) -> None:
        if self.kwic_dock.isVisible():
            self.kwic_dock.hide()
            return
        sel = self.window_.entity_panel.selected_entity()
        if sel is not None and sel != self.kwic_dock.entity:
            self.kwic_dock.show_entity(*sel)
        self.kwic_dock.show()
        self.window_.resizeDocks([self.kwic_dock], [200], Qt.Orientation.Vertical)
        self.kwic_dock.refresh()

    def ensure_stats(self) -> Any:
        if self.stats_dock is None:
            from reader.gui.stats_view import StatsDock

            self.stats_dock = StatsDock(self.window_, self)
            self.window_.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.stats_dock)
            self.stats_dock.show()
            self.window_.resizeDocks([self.stats_dock], [max(380, self.window_.width() // 4)], Qt.Orientation.Horizontal)
            self.stats_dock.hide()
        return self.stats_dock

    def toggle_stats(self) -> None:
        dock = self.ensure_stats()
        if dock.isVisible():
            dock.hide()
        else:
            dock.show()
            dock.refresh()

    def _refresh_stats(self) -> None:
        if self.stats_dock is not None and self.stats_dock.isVisible():
            self.stats_dock.refresh()

    def set_language(self, key: str) -> None:
        """Help ▸ Language: remembered for the next start (menus are built in one language)."""
        set_language_setting(key)
        for k, a in self.language_actions.items():
            a.setChecked(k == key)
        self.window_.message(self.tr("The interface language changes when reader starts again"), 8000)

    def show_shortcuts(self) -> None:
        dlg = ShortcutsDialog(self.window_)
        dlg.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dlg.open()


def QMenu_before(bar: Any, before: Any, title: str) -> Any:  # noqa: N802 - reads like Qt's insertMenu
    """A new menu on the menu bar, placed before the menu ``before``."""
    from PySide6.QtWidgets import QMenu

    menu = QMenu(title, bar)
    bar.insertMenu(before.menuAction(), menu)
    return menu


def install(window: MainWindow) -> ReviewTools:
    """Add the review workflow to ``window`` (menus, docks, status bar, list filter)."""
    return ReviewTools(window)
