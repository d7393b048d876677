"""The main window: a composition root only.

It builds the panels, hands them data (attributes down) and turns their intent signals into
library edits (messages up). Panels never call each other. Every user action is an action
boundary: a :class:`ReaderError` becomes a status-bar message (a refused edit) or a dialog (a
file problem), and the library is left unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRect, QSettings, QSize, Qt, QThreadPool, QTimer, Slot
from PySide6.QtGui import QAction, QCloseEvent, QResizeEvent, QDragEnterEvent, QDropEvent, QFont, QKeySequence
from PySide6.QtWidgets import (
    QInputDialog,
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

from reader.app.library import Changes, ImportReport, Library
from reader.core.edits import Edit
from reader.core.edits import is_machine_suggestion
from reader.core.errors import ExtractorUnavailable, ReaderError, ReadOnlyLibrary, SpanError
from reader.core.model import DocId, Mention, MentionId, Status
from reader.core.words import counted
from reader.gui import plain, review, workers
from reader.gui.article_view import ArticleView, LabelBar, describe
from reader.gui.doc_list import DocList
from reader.gui.entity_panel import EntityPanel
from reader.gui.file_actions import FileActions
from reader.gui.learn_actions import LearnActions
from reader.gui.i18n import edit_text, label_description
from reader.gui.page_view import ArticleMapping, PageArticleView
from reader.gui.undo import UndoController

PAGE_MAX_CHARS = 20_000
"""Documents up to this size are read as newspaper pages when shown (analysed once, stored);
longer ones are shown as plain documents (analysis takes about a second per 30,000 characters)."""

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


class MainWindow(QMainWindow):
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

    def _show_whole_page(self) -> None:
        if self._doc_id is not None:
            self.show_document(self._doc_id)

    def _read_page(self, doc_id: DocId, length: int) -> None:
        """Read a shown document as a newspaper page (once; stored), so that its articles are listed."""
        if length > PAGE_MAX_CHARS:
            return
        try:
            ps = self.library.page_structure(doc_id)
        except ReaderError as e:
            self.message(self.tr("The page's articles are not listed: {error}").format(error=e), 10000)
            return
        self.doc_list.model_.set_page(doc_id, ps.outline())

    def reanalyse_page(self) -> None:
        """Analyse the shown page again (undoable: corrections come back with Undo)."""
        if self._doc_id is None:
            return
        self.apply_edit(lambda: self.library.edit_reanalyse_page(self._doc()))

    # ---- structure corrections (on the article shown, at the caret) --------------------------------
    def _block_here(self):
        """(page structure, article index, block) at the caret of the article shown."""
        if self._mapping is None or self._doc_id is None:
            raise SpanError("choose an article of a page first (in the document list)")
        offset = self.article.offsets.to_py(self.article.textCursor().position())
        k = self._mapping.block_at(offset)
        ps = self.library.page_structure(self._doc_id)
        art = ps.articles[self._mapping.index]
        if k is None or k >= len(art.blocks):
            raise SpanError("put the caret in a paragraph of the article first")
        return ps, self._mapping.index, art.blocks[k]

    def set_block_role(self, role: str) -> None:
        self.apply_edit(lambda: self.library.edit_block_role(self._doc(), self._block_here()[2].start, role))

    def split_article_here(self) -> None:
        self.apply_edit(lambda: self.library.edit_split_article(self._doc(), self._block_here()[2].start))

    def merge_with_next_article(self) -> None:
        def build() -> Edit:
            ps, index, _block = self._block_here()
            if index + 1 >= len(ps.articles):
                raise SpanError("this is the last article of the page")
            return self.library.edit_merge_articles(self._doc(), index, index + 1)

        self.apply_edit(build)

    def move_block_here(self, step: int) -> None:
        def build() -> Edit:
            ps, index, block = self._block_here()
            target = index + step
            if not 0 <= target < len(ps.articles):
                raise SpanError("there is no article on that side")
            return self.library.edit_move_block(self._doc(), block.start, target)

        self.apply_edit(build)

    def join_here(self, accept: bool) -> None:
        """Accept a join from the paragraph before the caret's into it (or reject the one there)."""

        def build() -> Edit:
            ps, index, block = self._block_here()
            blocks = [b for b in ps.articles[index].blocks if b.role != "caption"]
            if block not in blocks or blocks.index(block) == 0:
                raise SpanError("no paragraph before this one in the article")
            prev = blocks[blocks.index(block) - 1]
            existing = next((j for j in ps.joins if j.from_ == prev.end and block.start <= j.to < block.end), None)
            if existing is None and not accept:
                raise SpanError("this paragraph is not joined to the one before")
            to = existing.to if existing is not None else block.start
            return self.library.edit_join(self._doc(), prev.end, to, accept)

        self.apply_edit(build)

    def _view_annotations(self):
        """The mentions as the view shows them (an article's at reading offsets)."""
        if self._doc_id is None:
            return None
        page = self.library.annotations(self._doc_id)
        return self._mapping.annotations(page) if self._mapping is not None else page

    def _to_view(self, m: Mention | None) -> Mention | None:
        if m is None or self._mapping is None:
            return m
        return self._mapping.to_view(m)

    def _to_page(self, start: int, end: int) -> tuple[int, int]:
        return self._mapping.to_page(start, end) if self._mapping is not None else (start, end)

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

    # ---- documents -------------------------------------------------------------------------------
    @Slot(int)
    def rename_document(self, doc_id: int) -> None:
        old = self.library.document(DocId(doc_id)).title
        title, ok = QInputDialog.getText(self, self.tr("Rename document"), self.tr("Title:"), text=old)
        if not ok or title == old:
            return
        try:
            self.library.rename_document(DocId(doc_id), title)
        except ReaderError as e:
            self.message(self.tr("Not renamed: {error}").format(error=e), 10000)

    @Slot(list)
    def delete_documents(self, doc_ids: list[int]) -> None:
        ids = [DocId(i) for i in doc_ids]
        if not ids:
            return
        # every stored mention goes, rejected ones too: count them as the result will
        mentions = sum(len(self.library.annotations(i)) for i in ids)
        rejected = sum(self.library.annotations(i).count(Status.REJECTED) for i in ids)
        if len(ids) == 1:
            what = self.tr("“{title}” with its").format(
                title=self.library.document(ids[0]).title or self.tr("Document {id}").format(id=ids[0])
            )
        else:
            what = self.tr("{n} documents with their").format(n=len(ids))
        note = self.tr(" ({n} of them rejected)").format(n=rejected) if rejected else ""
        answer = plain.question(
            self,
            self.tr("Delete documents"),
            self.tr("Delete {what} {mentions}{note} and edit history?\n\nThis cannot be undone.").format(
                what=what, mentions=counted(mentions, self.tr("mention"), self.tr("mentions")), note=note
            ),
            plain.Button.Yes | plain.Button.Cancel,
            plain.Button.Cancel,
        )
        if answer != plain.Button.Yes:
            return
        try:
            changes = self.library.delete_documents(ids)
        except ReaderError as e:
            self.message(self.tr("Not deleted: {error}").format(error=e), 10000)
            return
        self.message(changes.description, 8000)

    def _focus_search(self) -> None:
        self.search_box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search_box.selectAll()

    @Slot()
    def _apply_search(self) -> None:
        """Filter the document list by the search box (the library's full-text index)."""
        self._search_timer.stop()
        query = self.search_box.text().strip()
        if not query:
            self.doc_list.set_filter(None)
            return
        try:
            ids = self.library.search(query, limit=1_000_000)
        except ReaderError as e:
            self.message(self.tr("Search failed: {error}").format(error=e), 10000)
            return
        self.doc_list.set_filter(set(ids))
        found = self.tr("1 document contains “{query}”") if len(ids) == 1 else self.tr("{n} documents contain “{query}”")
        self.message(found.format(n=len(ids), query=query), 6000)

    def _refresh_doc_list(self) -> None:
        self.doc_list.set_summaries(self.library.summaries(), self._doc_id)
        self.doc_list.model_.set_articles({int(k): v for k, v in self.library.page_outlines().items()})
        if self._mapping is not None:
            self.doc_list.mark_article(self._mapping.doc_id, self._mapping.index)
        self._show_empty_hint()

    def _show_empty_hint(self) -> None:
        """An empty library says how to begin instead of showing blank panes."""
        empty = self._doc_id is None and not self.library.document_ids()
        if empty and self.library.read_only:
            self.empty_hint.setText(self.tr("This library has no documents (and is open read-only)"))
        self.center.setCurrentWidget(self.empty_hint if empty else self.center.widget(0))

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

    def _update_undo_actions(self) -> None:
        u = self.undo_controller
        self.undo_action.setEnabled(u.can_undo() and not self.library.read_only)
        self.redo_action.setEnabled(u.can_redo() and not self.library.read_only)
        self.undo_action.setText(self.tr("&Undo {what}").format(what=u.undo_text()) if u.can_undo() else self.tr("&Undo"))
        self.redo_action.setText(self.tr("&Redo {what}").format(what=u.redo_text()) if u.can_redo() else self.tr("&Redo"))

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

    # ---- extraction (the work is in the library's ExtractionService and workers.ExtractionRunner) ----
    def _doc_name(self, doc_id: int) -> str:
        """A document as status messages name it: “title” (shortened) or “Document N”."""
        try:
            title = self.library.document(DocId(doc_id)).title
        except ReaderError:
            title = ""
        title = " ".join(title.split()) or self.tr("Document {n}").format(n=doc_id)
        return f"“{title if len(title) <= 40 else title[:39] + '…'}”"

    def _warm_up(self) -> None:
        """Load the extractor (and learn its version) off the UI thread while the user reads."""
        job = workers.Job(self.library.extraction.load)
        job.setAutoDelete(False)
        job.signals.finished.connect(self._on_warm, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(lambda _e: None, Qt.ConnectionType.QueuedConnection)
        self._warm_job = job
        QThreadPool.globalInstance().start(job)

    def _show_model_warning(self) -> None:
        """The library's learned model could not be loaded: say so where it stays visible (the
        suggestions come from the shipped model meanwhile)."""
        warning = self.library.extraction.warning
        if not warning or not self.model_banner.isHidden():
            return
        self.model_banner.setText(self.tr("The learned model is not used: {warning}").format(warning=warning))
        self.model_banner.setVisible(True)

    @Slot(object)
    def _on_warm(self, _result: object) -> None:
        self._show_model_warning()
        if self._closed or self._doc_id is None or self.extraction.busy():
            return
        try:
            stale = self.library.is_stale(self._doc_id)
        except ReaderError:  # the library was closed meanwhile
            return
        if stale:
            self._offer_again(self._doc_id)

    def _offer_again(self, doc_id: DocId) -> None:
        self.message(
            self.tr(
                "{doc}: its suggestions come from another version of the extractor; "
                "Edit > Find entities again (F5) replaces the unreviewed ones"
            ).format(doc=self._doc_name(doc_id)),
            12000,
        )

    def _maybe_extract(self, doc_id: DocId, *, again: bool = False) -> None:
        if not again and (self.extraction.unavailable or not self.library.needs_extraction(doc_id)):
            self.extraction.cancel()  # the user moved on: an earlier document's job stops
            self._hide_progress()
            if not self.extraction.unavailable and self.library.extraction.known_version and self.library.is_stale(doc_id):
                self._offer_again(doc_id)
            return
        text = self.library.document(doc_id).text
        lexicon = self.library.lexicon()
        service = self.library.extraction
        if self.background:
            self.extraction.request(doc_id, text, lexicon, service, pause=self._extract_pause and not again)
            self.message(self.tr("{doc}: finding entities…").format(doc=self._doc_name(doc_id)), 0)
            self._show_progress(0, len(text))
        else:
            self.extraction.run_now(doc_id, text, lexicon, service)

    def find_entities_again(self, doc_ids: Sequence[int] | None = None) -> None:
        """*Find entities again* in the current document (default) or in ``doc_ids``: their
        unreviewed suggestions are replaced, accepted and rejected mentions stay. Not an edit."""
        ids = [DocId(i) for i in (doc_ids if doc_ids else ([self._doc_id] if self._doc_id is not None else []))]
        if not ids:
            return
        if self.library.read_only:
            self.message(self.tr("Read-only library: entities cannot be found again here"), 8000)
            return
        if ids == [self._doc_id]:
            self._maybe_extract(ids[0], again=True)
            return
        if not self.background:
            try:
                report = self.library.find_entities(ids)
            except ReaderError as e:
                self.message(self.tr("Entities not found again: {error}").format(error=e), 10000)
                return
            self.message(self.tr("Found entities again in {report}").format(report=report.summary()), 10000)
            return
        try:
            documents = [(i, self.library.document(i).text) for i in ids]
        except ReaderError as e:
            self.message(self.tr("Entities not found again: {error}").format(error=e), 10000)
            return
        self._batch_count = [0, 0, len(ids)]  # documents done, suggestions, documents asked for
        self.extraction.find_many(documents, self.library.lexicon(), self.library.extraction)
        self.message(self.tr("Finding entities again in {n} documents…").format(n=len(ids)), 0)
        self._show_progress(0, len(ids))

    def stop_finding(self) -> None:
        """Stop finding entities (the Stop button): what was found so far stays."""
        self.extraction.cancel_all()
        self._hide_progress()
        self.message(self.tr("Stopped finding entities; what was found so far stays"), 6000)

    def _show_progress(self, done: int, total: int) -> None:
        bar = self.extraction_progress
        bar.setRange(0, max(total, 1))
        bar.setValue(min(done, max(total, 1)))
        bar.show()
        self.extraction_cancel.show()

    def _hide_progress(self) -> None:
        self.extraction_progress.hide()
        self.extraction_cancel.hide()

    @Slot(int, int, int)
    def _on_extraction_progress(self, doc_id: int, done: int, total: int) -> None:
        self._show_progress(done, total)
        if doc_id >= 0 and done < total:
            self.message(self.tr("{doc}: finding entities… {percent}%").format(doc=self._doc_name(doc_id), percent=100 * done // max(total, 1)), 0)

    def _suggested_in(self, doc_id: DocId) -> int:
        return sum(1 for m in self.library.annotations(doc_id).live() if is_machine_suggestion(m))

    @Slot(int, object)
    def _on_piece(self, doc_id: int, piece: object) -> None:
        """A piece of a document's entities arrived: the library writes it (not an edit)."""
        doc_id = DocId(doc_id)
        if not self.library.has_document(doc_id):
            return  # deleted meanwhile
        try:
            version = self.library.extraction.version if piece.final else None  # type: ignore[attr-defined]
            self.library.suggest(doc_id, piece.spans, region=(piece.start, piece.end), version=version)  # type: ignore[attr-defined]
        except ReaderError as e:
            self.message(self.tr("{doc}: suggestions not added: {error}").format(doc=self._doc_name(doc_id), error=e), 10000)
            return
        if piece.final:  # type: ignore[attr-defined]
            self._hide_progress()
            self._show_model_warning()
            n = self._suggested_in(doc_id)
            self.message(
                (
                    self.tr("{doc}: 1 entity suggested: review it (A accept, X reject) or press Ctrl+Shift+A")
                    if n == 1
                    else self.tr("{doc}: {n} entities suggested: review them (A accept, X reject) or press Ctrl+Shift+A")
                ).format(doc=self._doc_name(doc_id), n=n),
                8000,
            )

    @Slot(int, object)
    def _on_found(self, doc_id: int, spans: object) -> None:
        doc_id = DocId(doc_id)
        if not self.library.has_document(doc_id):
            return
        try:
            self.library.suggest(doc_id, list(spans), version=self.library.extraction.version)  # type: ignore[call-overload]
        except ReaderError as e:
            self.message(self.tr("{doc}: suggestions not added: {error}").format(doc=self._doc_name(doc_id), error=e), 10000)
            return
        self._batch_count[0] += 1
        self._batch_count[1] += self._suggested_in(doc_id)

    @Slot(int)
    def _on_extraction_finished(self, doc_id: int) -> None:
        if doc_id == -1:
            self._hide_progress()
            done, n, _asked = self._batch_count
            self.message(self.tr("Found entities again in {done} documents: {n} suggestions to review").format(done=done, n=n), 10000)

    @Slot(int, object)
    def _on_extraction_failed(self, doc_id: int, error: object) -> None:
        self._hide_progress()
        where = self.tr("Entities") if doc_id < 0 else self.tr("{doc}: entities").format(doc=self._doc_name(doc_id))
        if isinstance(error, ExtractorUnavailable):
            self.message(self.tr("{what} cannot be found: {error}").format(what=where, error=error), 10000)
        elif isinstance(error, ReaderError):
            self.message(self.tr("{what} not found: {error}").format(what=where, error=error), 10000)
        else:
            self.message(self.tr("{what} not found: unexpected error ({kind}: {error}); see the log").format(what=where, kind=type(error).__name__, error=error), 10000)

    # ---- edits (intents -> library) ----------------------------------------------------------------
    def apply_edit(self, build: Callable[[], Edit]) -> Changes | None:
        """Build an edit and apply it; a refusal becomes a status-bar message and changes nothing."""
        try:
            edit = build()
            changes = self.undo_controller.apply(edit)
        except (SpanError, ReadOnlyLibrary) as e:
            self.message(self.tr("Not changed: {error}").format(error=e), 12000)
            return None
        except ReaderError as e:
            plain.critical(self, "reader", str(e))
            return None
        if edit.empty:
            self.message(self.tr("{what}: nothing to change").format(what=edit_text(edit.description)), 5000)
        else:
            self.message(edit_text(edit.description) + (f" ({edit.note})" if edit.note else ""), 8000)
        return changes

    def _doc(self) -> DocId:
        if self._doc_id is None:
            raise SpanError("no document is shown")
        return self._doc_id

    @Slot(int, int, str)
    def _on_tag(self, start: int, end: int, label: str) -> None:
        changes = self.apply_edit(lambda: self.library.edit_tag(self._doc(), *self._to_page(start, end), label))
        if changes is not None:
            shown = [v for v in (self._to_view(m) for m in changes.added if m.live) if v is not None]
            new = next((m for m in shown if m.label == label and m.start < end and start < m.end), None)
            self.article.select_span(end, end)
            self.article.set_current(new, scroll=False)

    @Slot(str, str)
    def _on_tag_all(self, surface: str, label: str) -> None:
        """Open the review of every occurrence (accept / skip / accept the rest, or apply all);
        what the user accepted is applied as one edit."""
        try:
            doc = self._doc()
            matches = self.library.tag_all_matches(doc, surface, label)
        except SpanError as e:
            self.message(self.tr("Not changed: {error}").format(error=e), 12000)
            return
        if not matches:
            self.message(self.tr("「{text}」 does not occur in this document").format(text=surface), 8000)
            return
        from reader.gui.tag_all_dialog import TagAllDialog

        if self.tag_all_dialog is not None:
            self.tag_all_dialog.close()
        dialog = TagAllDialog(self, self.library.document(doc).text, surface, label, matches)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # window-modal: the shown document cannot change while it is open
        dialog.applied.connect(lambda starts: self.apply_edit(lambda: self.library.edit_tag_all(doc, surface, label, only=starts)))
        dialog.destroyed.connect(lambda *_: setattr(self, "tag_all_dialog", None))
        self.tag_all_dialog = dialog
        dialog.open()

    @Slot(list)
    def _on_accept(self, ids: list) -> None:
        self.apply_edit(lambda: self.library.edit_accept(self._doc(), [MentionId(i) for i in ids]))

    @Slot(list)
    def _on_reject(self, ids: list) -> None:
        self.apply_edit(lambda: self.library.edit_reject(self._doc(), [MentionId(i) for i in ids]))

    @Slot(list)
    def _on_delete(self, ids: list) -> None:
        self.apply_edit(lambda: self.library.edit_delete(self._doc(), [MentionId(i) for i in ids]))

    @Slot(int, str)
    def _on_relabel(self, mention_id: int, label: str) -> None:
        self.apply_edit(lambda: self.library.edit_relabel(self._doc(), MentionId(mention_id), label))

    @Slot(int, int, int)
    def _on_resize(self, mention_id: int, start: int, end: int) -> None:
        changes = self.apply_edit(lambda: self.library.edit_resize(self._doc(), MentionId(mention_id), *self._to_page(start, end)))
        self._keep_current(changes, mention_id)

    @Slot(int, str, int)
    def _on_nudge(self, mention_id: int, edge: str, delta: int) -> None:
        changes = self.apply_edit(lambda: self.library.edit_nudge(self._doc(), MentionId(mention_id), edge, delta))
        self._keep_current(changes, mention_id)

    def _keep_current(self, changes: Changes | None, mention_id: int) -> None:
        """After a resize, the resized mention stays the current one (so the next key moves it again)."""
        if changes is None:
            return
        moved = next((m for m in changes.added if m.id == mention_id and m.live), None)
        view = self._to_view(moved)
        if view is not None:
            self.article.set_current(view, scroll=False)

    def accept_all(self) -> None:
        self.apply_edit(lambda: self.library.edit_accept_all(self._doc()))

    @Slot(str, str, list)
    def _on_entity_clicked(self, label: str, surface: str, ids: list) -> None:
        """Show the entity's next mention after the current one (cycling)."""
        if self._doc_id is None or not ids:
            return
        annotations = self._view_annotations()
        if annotations is None:
            return
        mentions = sorted((annotations.get(MentionId(i)) for i in ids if MentionId(i) in annotations), key=lambda m: m.start)
        if not mentions:
            return
        cur = self.article.current_mention()
        after = cur.start if cur is not None else -1
        nxt = next((m for m in mentions if m.start > after), mentions[0])
        self.article.set_current(nxt)
        self.message(
            self.tr("{n} of {total}: {what}").format(n=mentions.index(nxt) + 1, total=len(mentions), what=describe(nxt, self.article.text)),
            5000,
        )

    # ---- undo --------------------------------------------------------------------------------------
    def _after_step(self, changes: Changes | None, verb: str) -> None:
        if changes is None:
            return
        if changes.doc_id is not None and changes.doc_id != self._doc_id:
            self.show_document(changes.doc_id)
        shown = next((v for v in (self._to_view(m) for m in changes.added if m.live) if v is not None), None)
        if shown is not None:
            self.article.set_current(shown)
        self.message(f"{verb}: {edit_text(changes.description)}", 6000)

    def undo(self) -> None:
        self._after_step(self.undo_controller.undo(), self.tr("Undone"))

    def redo(self) -> None:
        self._after_step(self.undo_controller.redo(), self.tr("Redone"))

    # ---- files (the work is in FileActions) -------------------------------------------------------
    def open_files(
        self,
        paths: Sequence[str | Path],
        fmt: str | None = None,
        *,
        encoding: str | None = None,
        skip_bad: bool = False,
    ) -> None:
        """Import files into the library and show the first one; errors go to a dialog."""
        self.files.open_files(paths, fmt, encoding=encoding, skip_bad=skip_bad)

    def export_to(self, out: str | Path, fmt: str, doc_ids: list[DocId] | None = None, scheme: str = "bio") -> None:
        self.files.export_to(out, fmt, doc_ids, scheme)

    def edit_labels(self) -> None:
        from reader.gui.label_dialog import LabelsDialog

        dialog = LabelsDialog(self.library.labels, self.library.update_labels, self)
        dialog.exec()
        dialog.deleteLater()

    @Slot()
    def _on_labels_changed(self) -> None:
        self._set_labels()
        self.article.rehighlight()
        self._refresh_entities()

    @Slot(object)
    def _on_imported(self, report: ImportReport) -> None:
        self._refresh_doc_list()
        target = report.added[0] if report.added else (report.duplicates[0][1] if report.duplicates else None)
        if target is not None:
            self.show_document(target)

    # ---- files dropped on the window ---------------------------------------------------------------
    @staticmethod
    def _dropped_paths(e: QDragEnterEvent | QDropEvent) -> list[str]:
        mime = e.mimeData()
        if mime is None or not mime.hasUrls():
            return []
        return [u.toLocalFile() for u in mime.urls() if u.isLocalFile() and u.toLocalFile()]

    def dragEnterEvent(self, e: QDragEnterEvent) -> None:  # noqa: N802
        if self._dropped_paths(e) and not self.library.read_only:
            e.setDropAction(Qt.DropAction.CopyAction)
            e.accept()
        else:
            e.ignore()

    def dropEvent(self, e: QDropEvent) -> None:  # noqa: N802
        paths = self._dropped_paths(e)
        if not paths:
            e.ignore()
            return
        e.setDropAction(Qt.DropAction.CopyAction)
        e.accept()
        self.open_files(paths)
