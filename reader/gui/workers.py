"""Work that must not run on the UI thread: finding entities, import and export.

Each job is a plain function of the application layer (``ExtractionService.stream``,
``run_import``, ``run_export``) that can be called and tested without Qt. :class:`Job` only runs
one on the thread pool and hands the result back to the UI thread through a queued signal. A job
never touches a widget, and never the UI thread's :class:`~reader.app.library.Library`: SQLite
connections belong to one thread, so import and export open their own ``Library.open(path)`` on
the worker thread, and the extractor's results are written by the window's library on the UI
thread (:meth:`Library.suggest`), as they arrive.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QTimer, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from reader.app.extraction import ExtractionService, Piece
from reader.app.library import ImportReport, Library
from reader.app.tasks import Task
from reader.core.errors import Cancelled, ExtractorUnavailable, ReaderError
from reader.core.model import DocId, Span
from reader.extract.lexicon import Lexicon

log = logging.getLogger(__name__)

BROWSE_PAUSE_MS = 350
"""How long the user must stay on a document before its entities are looked for: paging through
the list (PageDown, End) starts no work for the documents passed."""


# ---- extraction ----------------------------------------------------------------------------------


def stream_document(
    service: ExtractionService, text: str, lexicon: Lexicon | None, emit: Callable[[Piece], None], task: Task
) -> None:
    """Find entities in one document piece by piece, handing each piece to ``emit`` (no Qt)."""
    service.load()  # the model and its version stamp, off the UI thread
    for piece in service.stream(text, lexicon, task):
        emit(piece)


def find_in_documents(
    service: ExtractionService,
    documents: Sequence[tuple[DocId, str]],
    lexicon: Lexicon | None,
    emit: Callable[[DocId, list[Span]], None],
    task: Task,
) -> int:
    """Find entities in several documents, handing each result to ``emit`` (no Qt)."""
    service.load()
    for n, (doc_id, text) in enumerate(documents):
        task.check()
        task.progress(n, len(documents), f"document {doc_id}")
        emit(doc_id, service.extract(text, lexicon))
    task.progress(len(documents), len(documents), "")
    return len(documents)


class _ExtractionSignals(QObject):
    piece = Signal(object)
    found = Signal(int, object)
    progress = Signal(int, int, str)
    finished = Signal(object)
    failed = Signal(object)


class _ExtractionJob(QRunnable):
    """``fn(*args, emit, task)`` on the thread pool; ``emit`` sends a result back as it is found."""

    _tokens = 0

    def __init__(self, fn: Callable[..., Any], *args: Any, emit: str) -> None:
        super().__init__()
        self.setAutoDelete(False)
        _ExtractionJob._tokens += 1
        self.token = _ExtractionJob._tokens
        self.signals = _ExtractionSignals()
        self.signals.setProperty("token", self.token)
        self.task = Task(on_progress=self.signals.progress.emit)
        self.fn = fn
        self.args = (*args, getattr(self.signals, emit).emit)

    def run(self) -> None:
        try:
            try:
                result = self.fn(*self.args, self.task)
            except BaseException as e:  # noqa: BLE001 - everything goes back to the UI thread
                if self.task.cancelled:
                    e = Cancelled("cancelled")
                elif not isinstance(e, ReaderError):
                    log.exception("finding entities failed")
                self.signals.failed.emit(e)
            else:
                self.signals.finished.emit(result)
        except RuntimeError:  # the window (and the signals' receiver) went away meanwhile: nobody to tell
            pass


class ExtractionRunner(QObject):
    """Finds entities for the document the user stays on, off the UI thread, piece by piece.

    :meth:`request` waits :data:`BROWSE_PAUSE_MS` (a newer request replaces a waiting one and
    cancels a running one), then streams: ``piece_ready(doc_id, piece)`` arrives on the UI thread
    for each piece, with ``progress(doc_id, done, total)``, and ``finished(doc_id)`` or
    ``failed(doc_id, error)`` ends it (a cancelled job ends silently: what it still sends is
    dropped). :meth:`find_many` does the same for a selection of documents: ``found(doc_id,
    spans)`` per document, ``progress(-1, done, total)``, then ``finished(-1)``.
    """

    piece_ready = Signal(int, object)
    found = Signal(int, object)
    progress = Signal(int, int, int)
    """doc_id (-1: several documents), done, total."""
    finished = Signal(int)
    failed = Signal(int, object)

    def __init__(self, parent: QObject | None = None, *, pause_ms: int = BROWSE_PAUSE_MS) -> None:
        super().__init__(parent)
        self.unavailable = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(pause_ms)
        self._timer.timeout.connect(self._start_pending)
        self._pending: tuple[int, str, Lexicon | None, ExtractionService] | None = None
        self._job: _ExtractionJob | None = None
        self._job_doc: int | None = None
        self._batch: _ExtractionJob | None = None
        self._jobs: dict[int, _ExtractionJob] = {}  # every job not yet ended (cancelled ones too)

    # ---- state ---------------------------------------------------------------------------------
    def busy(self, doc_id: int | None = None) -> bool:
        """Work waiting or running (for ``doc_id``, or for any document; a batch counts as any)."""
        if doc_id is None:
            return self._pending is not None or self._job is not None or self._batch is not None
        return (self._pending is not None and self._pending[0] == doc_id) or (
            self._job is not None and self._job_doc == doc_id
        )

    @property
    def current(self) -> int | None:
        """The document being (or about to be) looked at."""
        if self._pending is not None:
            return self._pending[0]
        return self._job_doc if self._job is not None else None

    def _start(self, job: _ExtractionJob) -> None:
        sig = job.signals
        sig.piece.connect(self._on_piece, Qt.ConnectionType.QueuedConnection)
        sig.found.connect(self._on_found, Qt.ConnectionType.QueuedConnection)
        sig.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        sig.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        sig.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self._jobs[job.token] = job
        QThreadPool.globalInstance().start(job)

    def _sender_job(self) -> _ExtractionJob | None:
        sender = self.sender()
        token = sender.property("token") if sender is not None else None
        return self._jobs.get(int(token)) if token is not None else None

    # ---- one document, streamed ----------------------------------------------------------------
    def request(
        self, doc_id: int, text: str, lexicon: Lexicon | None, service: ExtractionService, *, pause: bool = True
    ) -> None:
        """Find entities in ``doc_id`` once the user has stayed on it (``pause``) or now."""
        if self._job is not None and self._job_doc == doc_id and self._pending is None:
            return  # already on it
        self.cancel()
        self._pending = (doc_id, text, lexicon, service)
        if pause:
            self._timer.start()
        else:
            self._start_pending()

    def cancel(self) -> None:
        """Forget the waiting request and stop the running one (after its current piece)."""
        self._timer.stop()
        self._pending = None
        if self._job is not None:
            self._job.task.cancel()
            self._job = None
            self._job_doc = None

    @Slot()
    def _start_pending(self) -> None:
        self._timer.stop()
        if self._pending is None:
            return
        doc_id, text, lexicon, service = self._pending
        self._pending = None
        job = _ExtractionJob(stream_document, service, text, lexicon, emit="piece")
        self._job = job
        self._job_doc = doc_id
        self._start(job)

    @Slot(object)
    def _on_piece(self, piece: Piece) -> None:
        job = self._sender_job()
        if job is None or job is not self._job or self._job_doc is None:
            return  # a cancelled job's late piece
        self.progress.emit(self._job_doc, piece.done, piece.total)
        self.piece_ready.emit(self._job_doc, piece)

    @Slot(int, object)
    def _on_found(self, doc_id: int, spans: object) -> None:
        job = self._sender_job()
        if job is not None and job is self._batch:
            self.found.emit(doc_id, spans)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, _message: str) -> None:
        job = self._sender_job()
        if job is not None and job is self._batch:
            self.progress.emit(-1, done, total)

    @Slot(object)
    def _on_finished(self, _result: object) -> None:
        job = self._sender_job()
        if job is None:
            return
        del self._jobs[job.token]
        if job is self._job:
            doc_id = self._job_doc
            self._job = None
            self._job_doc = None
            self.finished.emit(doc_id)
        elif job is self._batch:
            self._batch = None
            self.finished.emit(-1)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        job = self._sender_job()
        if job is None:
            return
        del self._jobs[job.token]
        doc_id: int | None = None
        if job is self._job:
            doc_id = self._job_doc
            self._job = None
            self._job_doc = None
        elif job is self._batch:
            doc_id = -1
            self._batch = None
        if doc_id is not None and not isinstance(error, Cancelled):
            self._report_failure(doc_id, error)

    def run_now(self, doc_id: int, text: str, lexicon: Lexicon | None, service: ExtractionService) -> None:
        """The same work on the calling thread, every piece delivered before it returns (for the
        screenshot and for a window without background work)."""
        try:
            for piece in service.stream(text, lexicon):
                self.piece_ready.emit(doc_id, piece)
        except Exception as e:  # noqa: BLE001
            self._report_failure(doc_id, e)
        else:
            self.finished.emit(doc_id)

    def _report_failure(self, doc_id: int, error: object) -> None:
        if isinstance(error, ExtractorUnavailable):
            self.unavailable = True
        self.failed.emit(doc_id, error)

    # ---- several documents -----------------------------------------------------------------------
    def find_many(
        self, documents: Sequence[tuple[DocId, str]], lexicon: Lexicon | None, service: ExtractionService
    ) -> None:
        """Find entities in several documents (replacing a batch still running)."""
        self.cancel_batch()
        self._batch = _ExtractionJob(find_in_documents, service, list(documents), lexicon, emit="found")
        self._start(self._batch)

    def cancel_batch(self) -> None:
        if self._batch is not None:
            self._batch.task.cancel()
            self._batch = None

    def cancel_all(self) -> None:
        self.cancel()
        self.cancel_batch()


# ---- import / export -----------------------------------------------------------------------------


def import_paths(
    library: Library,
    paths: Sequence[str | Path],
    fmt: str | None = None,
    *,
    encoding: str | None = None,
    skip_bad: bool = False,
    task: Task | None = None,
) -> ImportReport:
    """Import through the application layer (the same operation as ``reader import``)."""
    return library.import_files(paths, fmt, encoding=encoding, skip_bad=skip_bad, task=task)


def run_import(
    db_path: Path | None,
    paths: Sequence[str | Path],
    fmt: str | None,
    encoding: str | None,
    skip_bad: bool,
    task: Task,
) -> ImportReport:
    """Import on a worker thread, through the thread's own connection to the library file."""
    library = Library.open(db_path, create=False)
    try:
        return import_paths(library, paths, fmt, encoding=encoding, skip_bad=skip_bad, task=task)
    finally:
        library.close()


def run_export(
    db_path: Path | None,
    out: Path,
    fmt: str,
    doc_ids: Sequence[DocId] | None,
    scheme: str,
    overwrite: bool,
    task: Task,
) -> Any:
    """Export on a worker thread, reading the library file read-only; ``overwrite`` replaces an
    existing file the user confirmed."""
    library = Library.open(db_path, write=False)  # reading only: works while another program writes
    try:
        return library.export(out, fmt, doc_ids=doc_ids, scheme=scheme, task=task, overwrite=overwrite)
    finally:
        library.close()


# ---- running jobs --------------------------------------------------------------------------------


class _JobSignals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int, str)


class Job(QRunnable):
    """Runs ``fn(*args)`` on the thread pool; ``signals`` report back on the UI thread."""

    def __init__(self, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__()
        self.fn = fn
        self.args = args
        self.signals = _JobSignals()

    def run(self) -> None:
        try:
            result = self.fn(*self.args)
        except BaseException as e:  # noqa: BLE001 - everything goes back to the UI thread
            if not isinstance(e, ReaderError):
                log.exception("background job failed")
            self.signals.failed.emit(e)
        else:
            self.signals.finished.emit(result)


class ProgressJob(QObject):
    """A cancellable job with a progress dialog: ``fn(*args, task)`` runs on the thread pool.

    ``done(result)`` or ``error(exception)`` is emitted on the UI thread; a cancelled job ends
    with whatever the function returns after ``Task.cancel()`` (or raises ``Cancelled``).
    """

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget, title: str, fn: Callable[..., Any], *args: Any) -> None:
        super().__init__(parent)
        self._job = Job(self._call, fn, args)
        self._job.setAutoDelete(False)
        self._task = Task(on_progress=self._job.signals.progress.emit)
        self.dialog = QProgressDialog(title, QCoreApplication.translate("TaskDialog", "Cancel"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(400)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self._task.cancel)
        self._job.signals.progress.connect(self._on_progress, Qt.ConnectionType.QueuedConnection)
        self._job.signals.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        self._job.signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        self.finished_flag = False

    def _call(self, fn: Callable[..., Any], args: tuple[Any, ...]) -> Any:
        return fn(*args, self._task)

    @property
    def task(self) -> Task:
        return self._task

    def start(self) -> None:
        QThreadPool.globalInstance().start(self._job)

    @Slot(int, int, str)
    def _on_progress(self, done: int, total: int, message: str) -> None:
        if total > 0:
            self.dialog.setMaximum(total)
            self.dialog.setValue(min(done, total))
        if message:
            self.dialog.setLabelText(message)

    def _close(self) -> None:
        self.finished_flag = True
        self.dialog.close()
        self.dialog.deleteLater()

    @Slot(object)
    def _on_finished(self, result: object) -> None:
        self._close()
        self.done.emit(result)
        self.deleteLater()

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        self._close()
        self.error.emit(error)
        self.deleteLater()
