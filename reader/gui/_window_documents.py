"""Documents in the main window: rename and delete, the search box that filters the document
list, refreshing the list (and the hint an empty library shows), and files coming in (Open,
Import and Export through :class:`~reader.gui.file_actions.FileActions`, files dropped on the
window, the labels dialog)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Slot
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QInputDialog

from reader.app.library import ImportReport
from reader.core.errors import ReaderError
from reader.core.model import DocId, Status
from reader.core.words import counted
from reader.gui import plain


class DocumentsMixin:
    """Part of :class:`~reader.gui.main_window.MainWindow` (its strings are in the "MainWindow"
    translation context)."""

    # ---- documents -------------------------------------------------------------------------------
    @Slot(int)
    def rename_document(self, doc_id: int) -> None:
        old = self.library.document(DocId(doc_id)).title
        title, ok = QInputDialog.getText(self, QCoreApplication.translate("MainWindow", "Rename document"), QCoreApplication.translate("MainWindow", "Title:"), text=old)
        if not ok or title == old:
            return
        try:
            self.library.rename_document(DocId(doc_id), title)
        except ReaderError as e:
            self.message(QCoreApplication.translate("MainWindow", "Not renamed: {error}").format(error=e), 10000)

    @Slot(list)
    def delete_documents(self, doc_ids: list[int]) -> None:
        ids = [DocId(i) for i in doc_ids]
        if not ids:
            return
        # every stored mention goes, rejected ones too: count them as the result will
        mentions = sum(len(self.library.annotations(i)) for i in ids)
        rejected = sum(self.library.annotations(i).count(Status.REJECTED) for i in ids)
        if len(ids) == 1:
            what = QCoreApplication.translate("MainWindow", "“{title}” with its").format(
                title=self.library.document(ids[0]).title or QCoreApplication.translate("MainWindow", "Document {id}").format(id=ids[0])
            )
        else:
            what = QCoreApplication.translate("MainWindow", "{n} documents with their").format(n=len(ids))
        note = QCoreApplication.translate("MainWindow", " ({n} of them rejected)").format(n=rejected) if rejected else ""
        answer = plain.question(
            self,
            QCoreApplication.translate("MainWindow", "Delete documents"),
            QCoreApplication.translate("MainWindow", "Delete {what} {mentions}{note} and edit history?\n\nThis cannot be undone.").format(
                what=what, mentions=counted(mentions, QCoreApplication.translate("MainWindow", "mention"), QCoreApplication.translate("MainWindow", "mentions")), note=note
            ),
            plain.Button.Yes | plain.Button.Cancel,
            plain.Button.Cancel,
        )
        if answer != plain.Button.Yes:
            return
        try:
            changes = self.library.delete_documents(ids)
        except ReaderError as e:
            self.message(QCoreApplication.translate("MainWindow", "Not deleted: {error}").format(error=e), 10000)
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
            self.message(QCoreApplication.translate("MainWindow", "Search failed: {error}").format(error=e), 10000)
            return
        self.doc_list.set_filter(set(ids))
        found = QCoreApplication.translate("MainWindow", "1 document contains “{query}”") if len(ids) == 1 else QCoreApplication.translate("MainWindow", "{n} documents contain “{query}”")
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
            self.empty_hint.setText(QCoreApplication.translate("MainWindow", "This library has no documents (and is open read-only)"))
        self.center.setCurrentWidget(self.empty_hint if empty else self.center.widget(0))

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
