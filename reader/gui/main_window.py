"""The main window: a composition root only.

It builds the panels, hands them data (attributes down) and turns their intent signals into
library edits (messages up). Panels never call each other. Every user action is an action
boundary: a :class:`ReaderError` becomes a status-bar message (a refused edit) or a dialog (a
file problem), and the library is left unchanged.

This module holds the window itself: construction, menus and actions, settings and pane geometry,
showing documents and articles, and the dispatch of library changes. Cohesive groups of its
methods live in sibling modules as mixin base classes: :mod:`reader.gui._window_pages` (page
structure corrections, article display helpers), :mod:`reader.gui._window_extraction` (finding
entities and its progress), :mod:`reader.gui._window_edits` (intents -> library edits, undo) and
:mod:`reader.gui._window_documents` (rename, delete, search, the document list, files in).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QSettings, QSize, Qt, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QMainWindow,
    QProgressBar,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.app.library import Changes, Library
from reader.core.errors import ReaderError
from reader.core.model import DocId, Mention, Status
from reader.gui import plain, review, workers
from reader.gui._window_documents import DocumentsMixin
from reader.gui._window_edits import EditsMixin
from reader.gui._window_extraction import ExtractionMixin
from reader.gui._window_pages import PAGE_MAX_CHARS, PagesMixin  # noqa: F401  (PAGE_MAX_CHARS: still importable from here)
from reader.gui.article_view import ArticleView, LabelBar, describe
from reader.gui.doc_list import DocList
from reader.gui.entity_panel import EntityPanel
from reader.gui.file_actions import FileActions
from reader.gui.learn_actions import LearnActions
from reader.gui.i18n import label_description
from reader.gui.page_view import ArticleMapping, PageArticleView
from reader.gui.undo import UndoController

PREFERRED_SIZE = QSize(1400, 900)
"""The first window's size on a screen large enough for it."""
PANE_MIN_WIDTHS = (160, 360, 300)
"""Document list, article, entity panel: narrower, they stop being usable."""
EMPTY_HINT = QT_TRANSLATE_NOOP("MainWindow", "Ctrl+O to open files, or drop them here")


def pane_widths(width: int) -> list[int]:
    """First widths of the document list, the article and the entity panel in a window this wide:
    the article gets what the side panes leave (they grow with the window, up to a point)."""
    left = max(PANE_MIN_WIDTHS[0], min(340, round(width * 0.22)))  # titles, counts and review columns
    right = max(PANE_MIN_WIDTHS[2], min(380, round(width * 0.27)))
    return [left, max(PANE_MIN_WIDTHS[1], width - left - right), right]


def initial_geometry(available: QRect) -> QRect:
    """The first window's geometry: the preferred size, or less to fit the screen's available
    area (leaving room for the title bar and frame), centred in it."""
    w = min(PREFERRED_SIZE.width(), available.width() - 16)
    h = min(PREFERRED_SIZE.height(), available.height() - 40)
    g = QRect(0, 0, max(w, 200), max(h, 200))
    g.moveCenter(available.center())
    return g


def _banner() -> QLabel:
    """A notice above the article (plain text, wrapped, hidden until there is something to say)."""
    banner = plain.label()
    banner.setWordWrap(True)
    banner.setContentsMargins(12, 6, 12, 6)
    banner.setStyleSheet("background: #fff4ce; color: #4a3b00;")
    banner.setVisible(False)
    return banner


class MainWindow(PagesMixin, ExtractionMixin, EditsMixin, DocumentsMixin, QMainWindow):
    """Document list | article | entity panel, with menus and a status bar."""

    def __init__(self, library: Library, *, background: bool = True) -> None:
        super().__init__()
        self.library = library
        self.background = background
        """Run extraction, import and export on worker threads (False: on this thread)."""
        self._doc_id: DocId | None = None
        self.tag_all_dialog: QWidget | None = None
        self._mapping: ArticleMapping | None = None
        """The article shown, when one article of a page is (None: the whole document)."""
        self.review: Any = None
        """The review workflow (status, progress, find, statistics, shortcuts): :mod:`reader.gui.review`."""
        self.setWindowTitle(self.tr("reader — {path}").format(path=library.path or self.tr("library in memory")))

        self.undo_controller = UndoController(library, self)
        self.extraction = workers.ExtractionRunner(self)
        self.files = FileActions(self, library, self.message, background=background)
        self.files.imported.connect(self._on_imported)
        self.files.labels_changed.connect(self._on_labels_changed)
        self.learning = LearnActions(self, library, self.message)

        self.doc_list = DocList()
        self.article: ArticleView = PageArticleView()
        self.label_bar = LabelBar()
        self.entity_panel = EntityPanel()
        self.title_label = plain.label()
        self.title_label.setObjectName("title")
        self.title_label.setWordWrap(True)
        self.title_label.setTextFormat(Qt.TextFormat.PlainText)  # titles come from files: never markup
        self.title_label.setContentsMargins(12, 8, 12, 0)
        tf = QFont(self.font())
        tf.setPointSizeF(tf.pointSizeF() * 1.25)
        tf.setBold(True)
        self.title_label.setFont(tf)
        af = QFont(self.font())
        af.setPointSizeF(max(af.pointSizeF(), 9.0) * 1.45)
        self.article.setFont(af)

        article_page = QWidget()
        lay = QVBoxLayout(article_page)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        self.read_only_banner = _banner()
        lay.addWidget(self.read_only_banner)
        self.model_banner = _banner()  # the extractor runs with less than the library asked for
        lay.addWidget(self.model_banner)
        lay.addWidget(self.title_label)
        lay.addWidget(self.label_bar)
        lay.addWidget(self.article, 1)
        self.empty_hint = plain.label(self.tr(EMPTY_HINT))
        self.empty_hint.setObjectName("empty_hint")
        self.empty_hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_hint.setWordWrap(True)
        hf = QFont(self.font())
        hf.setPointSizeF(hf.pointSizeF() * 1.4)
        self.empty_hint.setFont(hf)
        self.empty_hint.setStyleSheet("color: #666; padding: 24px")
        center = QStackedWidget()
        center.addWidget(article_page)
        center.addWidget(self.empty_hint)
        self.center = center
        self.search_box = QLineEdit()
        self.search_box.setPlaceholderText(self.tr("Search documents (Ctrl+Shift+F)"))
        self.search_box.setClearButtonEnabled(True)
        self.search_box.setToolTip(self.tr("Show only the documents whose title or text contains these words"))
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(200)
        self._search_timer.timeout.connect(self._apply_search)
        self.search_box.textChanged.connect(lambda _t: self._search_timer.start())
        left = QWidget()
        left_lay = QVBoxLayout(left)
        left_lay.setContentsMargins(0, 0, 0, 0)
        left_lay.setSpacing(2)
        left_lay.addWidget(self.search_box)
        left_lay.addWidget(self.doc_list, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(center)
        self.splitter.addWidget(self.entity_panel)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setChildrenCollapsible(False)
        for pane, width in zip((left, center, self.entity_panel), PANE_MIN_WIDTHS):
            pane.setMinimumWidth(width)
        self.setCentralWidget(self.splitter)
        # files dropped anywhere on the window are opened (the panes leave drops to the window)
        self.setAcceptDrops(True)
        for w in (self.article, self.article.viewport(), self.search_box):
            w.setAcceptDrops(False)

        self.current_label = plain.label()
        self.current_label.setObjectName("current_mention")
        self.statusBar().addPermanentWidget(self.current_label)
        self.extraction_progress = QProgressBar()
        self.extraction_progress.setMaximumWidth(160)
        self.extraction_progress.setMaximumHeight(14)
        self.extraction_progress.setTextVisible(False)
        self.extraction_progress.setToolTip("Finding entities")
        self.extraction_progress.hide()
        self.statusBar().addPermanentWidget(self.extraction_progress)
        self.extraction_cancel = QToolButton()
        self.extraction_cancel.setText("Stop")
        self.extraction_cancel.setToolTip("Stop finding entities (what was found so far stays)")
        self.extraction_cancel.setAutoRaise(True)
        self.extraction_cancel.clicked.connect(self.stop_finding)
        self.extraction_cancel.hide()
        self.statusBar().addPermanentWidget(self.extraction_cancel)
        self._extract_pause = False  # the first document: at once; later ones once the user stays
        self._batch_count = [0, 0, 0]
        self._closed = False

        self._build_menus()
        self._connect()
        self._set_labels()
        library.subscribe(self._on_library_changed)
        self._refresh_doc_list()
        self._update_undo_actions()
        self._show_read_only()
        self._restore_settings()
        self.review = review.install(self)
        ids = library.document_ids()
        if ids:
            self.show_document(ids[0])
        self._extract_pause = True
        if background and not library.read_only:
            self._warm_up()
        self._show_empty_hint()
        self.article.setFocus()  # label keys work at once, not in the search box

    # ---- building --------------------------------------------------------------------------------
    def _action(self, menu: Any, text: str, slot: Callable[[], Any], shortcut: Any = None) -> QAction:
        a = QAction(text, self)
        if isinstance(shortcut, list):
            a.setShortcuts(shortcut)
        elif shortcut is not None:
            a.setShortcut(shortcut)
        a.triggered.connect(lambda _=False: slot())
        menu.addAction(a)
        return a

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file = bar.addMenu(self.tr("&File"))
        self.open_action = self._action(file, self.tr("&Open…"), lambda: self.files.open_dialog(), QKeySequence.StandardKey.Open)
        self.import_action = self._action(file, self.tr("&Import…"), lambda: self.files.import_dialog(), "Ctrl+I")
        self.export_action = self._action(file, self.tr("&Export…"), lambda: self.files.export_dialog(self._doc_id), "Ctrl+E")
        file.addSeparator()
        self.quit_action = self._action(file, self.tr("&Quit"), self.close, QKeySequence.StandardKey.Quit)
        edit = bar.addMenu(self.tr("&Edit"))
        self.undo_action = self._action(edit, self.tr("&Undo"), self.undo, [QKeySequence("Ctrl+Z")])
        self.redo_action = self._action(
            edit, self.tr("&Redo"), self.redo, [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        )
        edit.addSeparator()
        self.accept_all_action = self._action(edit, self.tr("&Accept all suggestions"), self.accept_all, "Ctrl+Shift+A")
        self.find_again_action = self._action(
            edit, self.tr("&Find entities again"), lambda: self.find_entities_again(), QKeySequence(Qt.Key.Key_F5)
        )
        self.find_again_action.setToolTip(
            self.tr(
                "Run the extractor on this document again: its unreviewed suggestions are replaced, "
                "accepted and rejected mentions stay"
            )
        )
        edit.addSeparator()
        self.learn_action = self._action(edit, self.tr("&Learn from my corrections"), lambda: self.learning.learn())
        self.reset_model_action = self._action(edit, self.tr("Use the &shipped model"), lambda: self.learning.reset())
        edit.addSeparator()
        self.search_action = self._action(edit, self.tr("&Search documents…"), self._focus_search, "Ctrl+Shift+F")
        page = bar.addMenu(self.tr("&Page"))
        self.whole_page_action = self._action(page, self.tr("Show the &whole page"), self._show_whole_page, "Ctrl+Shift+W")
        self.reanalyse_action = self._action(page, self.tr("&Analyse the page again"), self.reanalyse_page)
        page.addSeparator()
        self.page_roles_menu = page.addMenu(self.tr("Make this paragraph a"))
        self.page_edit_actions = [self.reanalyse_action]
        role_names = {
            "headline": self.tr("headline"),
            "byline": self.tr("byline"),
            "intertitle": self.tr("intertitle"),
            "body": self.tr("body"),
            "caption": self.tr("caption"),
        }
        for role, name in role_names.items():
            self.page_edit_actions.append(self._action(self.page_roles_menu, name, lambda r=role: self.set_block_role(r)))
        self.page_edit_actions += [
            self._action(page, self.tr("&Split the article before this paragraph"), self.split_article_here),
            self._action(page, self.tr("&Merge with the next article"), self.merge_with_next_article),
            self._action(page, self.tr("Move this paragraph to the &previous article"), lambda: self.move_block_here(-1)),
            self._action(page, self.tr("Move this paragraph to the &next article"), lambda: self.move_block_here(+1)),
            self._action(page, self.tr("&Join this paragraph to the one before"), lambda: self.join_here(True)),
            self._action(page, self.tr("&Undo the join before this paragraph"), lambda: self.join_here(False)),
        ]
        self.labels_menu = bar.addMenu(self.tr("&Labels"))
        self.label_actions: dict[str, QAction] = {}

    def _set_labels(self) -> None:
        labels = self.library.labels
        self.article.set_labels(labels)
        self.label_bar.set_labels(labels)
        for old in self.label_actions.values():
            self.article.removeAction(old)
            old.deleteLater()
        self.labels_menu.clear()
        self.edit_labels_action = self._action(self.labels_menu, self.tr("&Edit labels…"), self.edit_labels)
        self.labels_menu.addSeparator()
        self.label_actions = {}
        for lb in labels:
            a = self._action(
                self.labels_menu,
                plain.menu_text(f"{lb.name} — {label_description(lb)}" if lb.description else lb.name),
                lambda n=lb.name: self.article.apply_label(n),
                QKeySequence(lb.key) if lb.key else None,
            )
            a.setToolTip(self.tr("Tag the selection (or relabel the current mention)"))
            # the key tags only while the article has focus (elsewhere it is typing, or list search)
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.article.addAction(a)
            self.label_actions[lb.name] = a

    def _connect(self) -> None:
        a = self.article
        a.tag_requested.connect(self._on_tag)
        a.tag_all_requested.connect(self._on_tag_all)
        a.accept_requested.connect(self._on_accept)
        a.reject_requested.connect(self._on_reject)
        a.delete_requested.connect(self._on_delete)
        a.relabel_requested.connect(self._on_relabel)
        a.resize_requested.connect(self._on_resize)
        a.nudge_requested.connect(self._on_nudge)
        a.current_changed.connect(self._on_current_changed)
        a.hint.connect(self.message)
        p = self.entity_panel
        p.entity_clicked.connect(self._on_entity_clicked)
        p.accept_requested.connect(self._on_accept)
        p.reject_requested.connect(self._on_reject)
        p.tag_all_requested.connect(self._on_tag_all)
        self.doc_list.document_selected.connect(self.show_document)
        self.doc_list.article_selected.connect(self.show_article)
        self.doc_list.rename_requested.connect(self.rename_document)
        self.doc_list.delete_requested.connect(self.delete_documents)
        self.doc_list.find_again_requested.connect(self.find_entities_again)
        self.undo_controller.changed.connect(self._update_undo_actions)
        self.undo_controller.error.connect(lambda m: self.message(self.tr("Not done: {error}").format(error=m), 10000))
        self.extraction.piece_ready.connect(self._on_piece)
        self.extraction.found.connect(self._on_found)
        self.extraction.progress.connect(self._on_extraction_progress)
        self.extraction.finished.connect(self._on_extraction_finished)
        self.extraction.failed.connect(self._on_extraction_failed)

    # ---- settings --------------------------------------------------------------------------------
    def _restore_settings(self) -> None:
        s = QSettings("reader", "reader")
        geometry = s.value("window/geometry")
        available = self.screen().availableGeometry()
        if geometry is None or not self.restoreGeometry(geometry):
            self.setGeometry(initial_geometry(available))
        elif self.width() > available.width() or self.height() > available.height():
            self.setGeometry(initial_geometry(available))  # saved on a larger screen
        state = s.value("window/splitter")
        self._fit_panes = state is None or not self.splitter.restoreState(state)
        if self._fit_panes:  # first run: the panes follow the window's size until the user moves them
            self.splitter.setSizes(pane_widths(self.width()))
            self.splitter.splitterMoved.connect(self._panes_moved)

    def _panes_moved(self, *_args: Any) -> None:
        self._fit_panes = False

    def resizeEvent(self, e: QResizeEvent) -> None:  # noqa: N802
        super().resizeEvent(e)
        if getattr(self, "_fit_panes", False):
            QTimer.singleShot(0, self._fit_pane_widths)  # once the splitter has its new width

    def _fit_pane_widths(self) -> None:
        if self._fit_panes:
            self.splitter.setSizes(pane_widths(self.splitter.width()))

    def closeEvent(self, e: QCloseEvent) -> None:  # noqa: N802
        self.extraction.cancel_all()
        self._closed = True
        s = QSettings("reader", "reader")
        s.setValue("window/geometry", self.saveGeometry())
        s.setValue("window/splitter", self.splitter.saveState())
        self.library.unsubscribe(self._on_library_changed)
        super().closeEvent(e)

    # ---- showing -------------------------------------------------------------------------------
    @property
    def doc_id(self) -> DocId | None:
        return self._doc_id

    def message(self, text: str, timeout: int = 6000) -> None:
        self.statusBar().showMessage(text, timeout)

    @Slot(int)
    def show_document(self, doc_id: int) -> None:
        doc_id = DocId(doc_id)
        try:
            doc = self.library.document(doc_id)
            annotations = self.library.annotations(doc_id)
        except ReaderError as e:
            plain.critical(self, self.tr("Cannot show the document"), str(e))
            return
        self._doc_id = doc_id
        self._mapping = None
        self.title_label.setText(doc.title or self.tr("Document {id}").format(id=doc_id))
        self.article.set_document(doc.text, annotations)
        self._refresh_entities()
        self.doc_list.mark_current(doc_id)
        self._read_page(doc_id, len(doc.text))
        if self.review is not None:
            self.review._on_document_shown()  # noqa: SLF001
        self._maybe_extract(doc_id)

    @Slot(int, int)
    def show_article(self, doc_id: int, index: int) -> None:
        """Show one article of a page in reading order (headline, byline styled, captions apart)."""
        from reader.pages.reading import read_article

        doc_id = DocId(doc_id)
        try:
            doc = self.library.document(doc_id)
            ps = self.library.page_structure(doc_id)
            if not 0 <= index < len(ps.articles):
                raise ReaderError(f"document {doc_id} has no article {index + 1}")
            mapping = ArticleMapping(doc_id, index, ps.articles[index].title, read_article(doc.text, ps, index))
            annotations = mapping.annotations(self.library.annotations(doc_id))
        except ReaderError as e:
            plain.critical(self, self.tr("Cannot show the article"), str(e))
            return
        self._doc_id = doc_id
        self._mapping = mapping
        self.title_label.setText(
            self.tr("{title} · article {n} of {total}").format(
                title=doc.title or self.tr("Document {id}").format(id=doc_id), n=index + 1, total=len(ps.articles)
            )
        )
        self.article.set_document(mapping.text, annotations, mapping.roles())  # type: ignore[call-arg]
        self._refresh_entities()
        self.doc_list.mark_article(doc_id, index)
        self._maybe_extract(doc_id)

    @property
    def shown_article(self) -> ArticleMapping | None:
        """The article shown (its index, title and reading text), or None for a whole document."""
        return self._mapping

    def _refresh_aliases(self) -> None:
        try:
            aliases = {a.entity: a.canonical for a in self.library.aliases()}
        except ReaderError as e:  # the panel then shows plain names; the window goes on
            self.message(self.tr("Entity aliases not shown: {error}").format(error=e), 10000)
            aliases = {}
        self.entity_panel.model.set_aliases(aliases)

    def _refresh_entities(self) -> None:
        if self._doc_id is None:
            self.entity_panel.refresh(self.library.labels, None, "")
            return
        self._refresh_aliases()
        self.entity_panel.refresh(self.library.labels, self._view_annotations(), self.article.text)

    def _show_read_only(self) -> None:
        """A library opened read-only (another program holds it): say so, and offer no edits."""
        if not self.library.read_only:
            return
        why = self.library.read_only_reason or self.tr("{path}: opened read-only").format(path=self.library.path)
        self.read_only_banner.setText(
            self.tr("Read-only: everything can be read and exported, nothing changed. {why}").format(why=why)
        )
        self.read_only_banner.setVisible(True)
        self.setWindowTitle(self.windowTitle() + " [read-only]")
        for a in (self.open_action, self.import_action, self.accept_all_action, self.edit_labels_action,
                  self.find_again_action, *self.label_actions.values(), *self.page_edit_actions):
            a.setEnabled(False)

    def _on_library_changed(self, changes: Changes) -> None:
        if changes.entities:
            self._refresh_aliases()
        if changes.labels:
            self._on_labels_changed()
            self.message(changes.description, 6000)
            return
        if changes.deleted:
            self.undo_controller.reload()
            self._refresh_doc_list()
            if self._doc_id in changes.deleted:
                self._doc_id = None
                remaining = self.library.document_ids()
                if remaining:
                    self.show_document(remaining[0])
                else:
                    self.title_label.setText("")
                    self.article.set_document("", None)
                    self._refresh_entities()
                    self._show_empty_hint()
            return
        if changes.structure and changes.doc_id is not None:
            ps = self.library.page_structure(changes.doc_id)
            self.doc_list.model_.set_page(changes.doc_id, ps.outline())
            if changes.doc_id == self._doc_id and self._mapping is not None:
                index = min(self._mapping.index, len(ps.articles) - 1)
                if index >= 0:
                    self.show_article(changes.doc_id, index)
                else:
                    self.show_document(changes.doc_id)
        elif changes.doc_id is not None and changes.doc_id == self._doc_id and self._mapping is not None:
            view = self.article
            if isinstance(view, PageArticleView):
                view.replace_annotations(self._mapping.annotations(self.library.annotations(changes.doc_id)))
            view.apply_changes(self._mapping.view_mentions(changes.removed), self._mapping.view_mentions(changes.added))
            self._refresh_entities()
        elif changes.doc_id is not None and changes.doc_id == self._doc_id:
            # only what the edit touched is drawn again, in the article and in the panel
            self.article.apply_changes(changes.removed, changes.added)
            self.entity_panel.apply_changes(changes.removed, changes.added)
        if changes.doc_id is not None and (changes.removed or changes.added):
            ann = self.library.annotations(changes.doc_id)
            self.doc_list.model_.update_counts(changes.doc_id, ann.count(), ann.count(Status.SUGGESTED))
        elif changes.documents:
            self._refresh_doc_list()
            if self._doc_id is not None and self._mapping is None:  # an article keeps its own title line
                self.title_label.setText(
                    self.library.document(self._doc_id).title or self.tr("Document {id}").format(id=self._doc_id)
                )
        self._update_undo_actions()

    @Slot(object)
    def _on_current_changed(self, m: Mention | None) -> None:
        self.current_label.setText(describe(m, self.article.text) if m is not None else "")
