"""Finding entities from the main window: warming the extractor up, extracting the document
shown (or finding entities again in chosen ones) on :class:`~reader.gui.workers.ExtractionRunner`,
the progress bar and its Stop button, and the runner's callbacks (the pieces found are written
by the library as suggestions, not as edits)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Qt, QThreadPool, Slot

from reader.core.edits import is_machine_suggestion
from reader.core.errors import ExtractorUnavailable, ReaderError
from reader.core.model import DocId
from reader.gui import workers


class ExtractionMixin:
    """Part of :class:`~reader.gui.main_window.MainWindow` (its strings are in the "MainWindow"
    translation context)."""

    # ---- extraction (the work is in the library's ExtractionService and workers.ExtractionRunner) ----
    def _doc_name(self, doc_id: int) -> str:
        """A document as status messages name it: “title” (shortened) or “Document N”."""
        try:
            title = self.library.document(DocId(doc_id)).title
        except ReaderError:
            title = ""
        title = " ".join(title.split()) or QCoreApplication.translate("MainWindow", "Document {n}").format(n=doc_id)
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
        self.model_banner.setText(QCoreApplication.translate("MainWindow", "The learned model is not used: {warning}").format(warning=warning))
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
            QCoreApplication.translate("MainWindow", 
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
            self.message(QCoreApplication.translate("MainWindow", "{doc}: finding entities…").format(doc=self._doc_name(doc_id)), 0)
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
            self.message(QCoreApplication.translate("MainWindow", "Read-only library: entities cannot be found again here"), 8000)
            return
        if ids == [self._doc_id]:
            self._maybe_extract(ids[0], again=True)
            return
        if not self.background:
            try:
                report = self.library.find_entities(ids)
            except ReaderError as e:
                self.message(QCoreApplication.translate("MainWindow", "Entities not found again: {error}").format(error=e), 10000)
                return
            self.message(QCoreApplication.translate("MainWindow", "Found entities again in {report}").format(report=report.summary()), 10000)
            return
        try:
            documents = [(i, self.library.document(i).text) for i in ids]
        except ReaderError as e:
            self.message(QCoreApplication.translate("MainWindow", "Entities not found again: {error}").format(error=e), 10000)
            return
        self._batch_count = [0, 0, len(ids)]  # documents done, suggestions, documents asked for
        self.extraction.find_many(documents, self.library.lexicon(), self.library.extraction)
        self.message(QCoreApplication.translate("MainWindow", "Finding entities again in {n} documents…").format(n=len(ids)), 0)
        self._show_progress(0, len(ids))

    def stop_finding(self) -> None:
        """Stop finding entities (the Stop button): what was found so far stays."""
        self.extraction.cancel_all()
        self._hide_progress()
        self.message(QCoreApplication.translate("MainWindow", "Stopped finding entities; what was found so far stays"), 6000)

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
            self.message(QCoreApplication.translate("MainWindow", "{doc}: finding entities… {percent}%").format(doc=self._doc_name(doc_id), percent=100 * done // max(total, 1)), 0)

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
            self.message(QCoreApplication.translate("MainWindow", "{doc}: suggestions not added: {error}").format(doc=self._doc_name(doc_id), error=e), 10000)
            return
        if piece.final:  # type: ignore[attr-defined]
            self._hide_progress()
            self._show_model_warning()
            n = self._suggested_in(doc_id)
            self.message(
                (
                    QCoreApplication.translate("MainWindow", "{doc}: 1 entity suggested: review it (A accept, X reject) or press Ctrl+Shift+A")
                    if n == 1
                    else QCoreApplication.translate("MainWindow", "{doc}: {n} entities suggested: review them (A accept, X reject) or press Ctrl+Shift+A")
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
            self.message(QCoreApplication.translate("MainWindow", "{doc}: suggestions not added: {error}").format(doc=self._doc_name(doc_id), error=e), 10000)
            return
        self._batch_count[0] += 1
        self._batch_count[1] += self._suggested_in(doc_id)

    @Slot(int)
    def _on_extraction_finished(self, doc_id: int) -> None:
        if doc_id == -1:
            self._hide_progress()
            done, n, _asked = self._batch_count
            self.message(QCoreApplication.translate("MainWindow", "Found entities again in {done} documents: {n} suggestions to review").format(done=done, n=n), 10000)

    @Slot(int, object)
    def _on_extraction_failed(self, doc_id: int, error: object) -> None:
        self._hide_progress()
        where = QCoreApplication.translate("MainWindow", "Entities") if doc_id < 0 else QCoreApplication.translate("MainWindow", "{doc}: entities").format(doc=self._doc_name(doc_id))
        if isinstance(error, ExtractorUnavailable):
            self.message(QCoreApplication.translate("MainWindow", "{what} cannot be found: {error}").format(what=where, error=error), 10000)
        elif isinstance(error, ReaderError):
            self.message(QCoreApplication.translate("MainWindow", "{what} not found: {error}").format(what=where, error=error), 10000)
        else:
            self.message(QCoreApplication.translate("MainWindow", "{what} not found: unexpected error ({kind}: {error}); see the log").format(what=where, kind=type(error).__name__, error=error), 10000)
