"""*Learn from my corrections* and *Use the shipped model*: the GUI face of ``reader learn``.

Learning runs off the UI thread (:class:`reader.gui.workers.ProgressJob`: a progress dialog with
Cancel) through the worker thread's own connection to the library file; the operation itself is
:func:`reader.app.learning.learn`, the same one the command line calls.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.app.library import Library
from reader.app.tasks import Task
from reader.core.errors import Cancelled, ReaderError
from reader.gui import workers


def run_learn(db_path: Path, task: Task):
    """Learn on a worker thread, through the thread's own connection to the library file."""
    library = Library.open(db_path, create=False)
    try:
        return library.learn(task)
    finally:
        library.close()


class LearnActions(QObject):
    """The window's learning commands; ``model_changed(version or None)`` after a change."""

    model_changed = Signal(object)

    def __init__(self, window: QWidget, library: Library, message: Callable[[str, int], None]) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.message = message
        self._job: workers.ProgressJob | None = None

    def busy(self) -> bool:
        return self._job is not None and not self._job.finished_flag

    def _usable(self) -> bool:
        if self.library.path is None:
            self.message(self.tr("Learning needs a library file: the learned model is stored beside it"), 10000)
            return False
        if self.library.read_only:
            self.message(self.tr("This library is open read-only: learning is off"), 10000)
            return False
        return True

    def learn(self) -> None:
        if self.busy() or not self._usable():
            return
        job = workers.ProgressJob(self.window, self.tr("Learning from your corrections…"), run_learn, self.library.path)
        job.done.connect(self._on_done)
        job.error.connect(self._on_failed)
        job.destroyed.connect(lambda *_: setattr(self, "_job", None))
        self._job = job
        self.message(self.tr("Learning from your corrections…"), 0)
        job.start()

    @Slot(object)
    def _on_done(self, report: object) -> None:
        self.library.learned_model_changed()  # learned through the worker's own connection
        self.message(
            self.tr("Learned from {documents} reviewed documents in {seconds} s: model {version} is in use").format(
                documents=report.documents, seconds=f"{report.seconds:.0f}", version=report.version  # type: ignore[attr-defined]
            ),
            15000,
        )
        self.model_changed.emit(report.version)  # type: ignore[attr-defined]

    @Slot(object)
    def _on_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self.message(self.tr("Learning cancelled; the model in use did not change"), 8000)
            return
        self.message(self.tr("Learning failed; the model in use did not change"), 10000)
        if type(error).__name__ == "NothingReviewed":
            QMessageBox.information(self.window, self.tr("Nothing to learn from"), str(error))
        else:
            QMessageBox.critical(self.window, self.tr("Cannot learn"), str(error))

    def reset(self) -> None:
        if not self._usable():
            return
        try:
            was = self.library.reset_learning()
        except ReaderError as e:
            QMessageBox.critical(self.window, self.tr("Cannot change the model"), str(e))
            return
        self.message(
            self.tr("Back to the shipped model (model {version} no longer used)").format(version=was)
            if was
            else self.tr("Already using the shipped model"),
            8000,
        )
        if was:
            self.model_changed.emit(None)
