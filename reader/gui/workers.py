"""Work that must not run on the UI thread: entity extraction, import and export.

Each job is a plain function (``compute_suggestions``, ``run_import``, ``run_export``) that can
be called and tested without Qt. :class:`Job` only runs one on the thread pool and hands the
result back to the UI thread through a queued signal. A job never touches a widget, and never
the UI thread's :class:`~reader.app.library.Library`: SQLite connections belong to one thread,
so import and export open their own ``Library.open(path)`` on the worker thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from reader.app.library import ImportReport, Library
from reader.app.tasks import Task
from reader.core.errors import ReaderError
from reader.core.model import DocId, Span

log = logging.getLogger(__name__)

EXTRACTOR_VERSION = "1"


class ExtractorUnavailable(ReaderError):
    """``reader.extract`` is not installed (or failed to load its model)."""


# ---- extraction ----------------------------------------------------------------------------------

_extractor: Any = None
_extractor_lock = threading.Lock()


def _load_extractor() -> Any:
    try:
        from reader.extract import default_extractor
    except ImportError as e:
        raise ExtractorUnavailable("extractor not available") from e
    return default_extractor()


def get_extractor() -> Any:
    """The process-wide extractor, loaded once (thread-safe)."""
    global _extractor
    with _extractor_lock:
        if _extractor is None:
            _extractor = _load_extractor()
        return _extractor


def compute_suggestions(text: str) -> list[Span]:
    """Entities the extractor finds in ``text``. Pure computation: no database, no widgets.

    The background worker and :func:`reader.gui.app.screenshot` both call this.
    """
    return list(get_extractor().extract(text))


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


class ExtractionRunner(QObject):
    """Finds entities for one document at a time, off the UI thread.

    ``suggestions_ready(doc_id, spans)`` and ``failed(doc_id, message)`` arrive on the UI
    thread; the window applies the spans to its own library there.
    """

    suggestions_ready = Signal(int, object)
    failed = Signal(int, str)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: dict[int, Job] = {}
        self.unavailable = False

    def busy(self, doc_id: int | None = None) -> bool:
        return bool(self._running) if doc_id is None else doc_id in self._running

    def start(self, doc_id: int, text: str) -> None:
        if doc_id in self._running:
            return
        job = Job(compute_suggestions, text)
        job.setAutoDelete(False)
        job.signals.finished.connect(self._on_finished, Qt.ConnectionType.QueuedConnection)
        job.signals.failed.connect(self._on_failed, Qt.ConnectionType.QueuedConnection)
        job.signals.setProperty("doc_id", doc_id)
        self._running[doc_id] = job
        QThreadPool.globalInstance().start(job)

    def run_now(self, doc_id: int, text: str) -> None:
        """The same computation on the calling thread (for the screenshot)."""
        try:
            spans = compute_suggestions(text)
        except Exception as e:  # noqa: BLE001
            self._report_failure(doc_id, e)
        else:
            self.suggestions_ready.emit(doc_id, spans)

    def _job_doc(self) -> int:
        signals = self.sender()
        return int(signals.property("doc_id")) if signals is not None else -1

    @Slot(object)
    def _on_finished(self, spans: object) -> None:
        doc_id = self._job_doc()
        self._running.pop(doc_id, None)
        self.suggestions_ready.emit(doc_id, spans)

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        doc_id = self._job_doc()
        self._running.pop(doc_id, None)
        self._report_failure(doc_id, error)

    def _report_failure(self, doc_id: int, error: object) -> None:
        if isinstance(error, ExtractorUnavailable):
            self.unavailable = True
            self.failed.emit(doc_id, "extractor not available")
        else:
            self.failed.emit(doc_id, f"entity extraction failed: {error}")


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
        self.dialog = QProgressDialog(title, "Cancel", 0, 0, parent)
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
