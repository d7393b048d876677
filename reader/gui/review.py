"""The review workflow in the window: document status (Ctrl+Enter marks done), the next document
to review, a filter by status, the library's progress bar, find in the article, the statistics
and mentions-in-context docks, and Help ▸ Keyboard shortcuts.

Installed on a :class:`~reader.gui.main_window.MainWindow` by :func:`install`; everything it
changes goes through the window's undo controller (so through ``Library.apply``).

The find bar, the mentions-in-context dock (with merging entities) and the shortcuts sheet live in
:mod:`reader.gui._review_find`, :mod:`reader.gui._review_kwic` and
:mod:`reader.gui._review_shortcuts`; their names are importable from here as before.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QComboBox, QProgressBar

from reader.app.library import Changes
from reader.core.errors import ReaderError
from reader.core.model import DocId, Status
from reader.core.review import DocStatus
from reader.gui._review_find import FindBar
from reader.gui._review_kwic import KWIC_SHOWN, KwicDock, MergeDialog, merge_into  # noqa: F401  (KWIC_SHOWN, MergeDialog: still importable from here)
from reader.gui._review_shortcuts import ShortcutsDialog, _menu_actions, article_keys, shortcut_rows  # noqa: F401  (still importable from here)
from reader.gui.i18n import LANGUAGES, edit_text, language_setting, set_language_setting
from reader.gui.status_icons import status_icon, status_text

if TYPE_CHECKING:
    from reader.gui.main_window import MainWindow


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
