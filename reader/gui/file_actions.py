"""File > Open, Import and Export: dialogs, background jobs with progress, and error dialogs.

Import and export run on a worker thread with their own connection to the library file (see
:mod:`reader.gui.workers`); a library in memory is handled on the UI thread. Every
:class:`ReaderError` (a missing file, a binary file, a bad encoding, a malformed line) ends in a
dialog that shows its ``FILE:LINE: message`` lines, and the library is left unchanged.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtWidgets import QFileDialog, QWidget

from reader.app.library import ImportReport, Library
from reader.core.errors import Cancelled, ReaderError, UnknownLabels
from reader.core.model import DocId
from reader.gui import plain, workers
from reader.gui.dialogs import ExportDialog, ImportDialog, file_filter, formats


def unknown_labels(error: object) -> list[str]:
    """The label names an import refused, when that is its only complaint (else [])."""
    return list(error.names) if isinstance(error, UnknownLabels) else []


class FileActions(QObject):
    """The window's file operations; ``imported(report)`` tells the window what arrived."""

    imported = Signal(object)
    labels_changed = Signal()

    def __init__(
        self, window: QWidget, library: Library, message: Callable[[str, int], None], *, background: bool = True
    ) -> None:
        super().__init__(window)
        self.window = window
        self.library = library
        self.message = message
        self.background = background
        self._jobs: list[workers.ProgressJob] = []
        self._last_import: tuple[list[str], str | None, str | None, bool] = ([], None, None, False)

    def _start(self, job: workers.ProgressJob) -> None:
        self._jobs.append(job)
        job.destroyed.connect(lambda *_: self._jobs.remove(job) if job in self._jobs else None)
        job.start()

    def busy(self) -> bool:
        return any(not j.finished_flag for j in self._jobs)

    # ---- open / import -------------------------------------------------------------------------
    def open_dialog(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Open documents", "", file_filter())
        if paths:
            self.open_files(paths)

    def import_dialog(self) -> None:
        dlg = ImportDialog(self.window)
        if dlg.exec() != ImportDialog.DialogCode.Accepted:
            return
        choice = dlg.choice()
        names = [choice.fmt] if choice.fmt else None
        paths, _ = QFileDialog.getOpenFileNames(self.window, "Import", "", file_filter(names))
        if paths:
            self.open_files(paths, choice.fmt, encoding=choice.encoding, skip_bad=choice.skip_bad)

    def open_files(
        self,
        paths: Sequence[str | Path],
        fmt: str | None = None,
        *,
        encoding: str | None = None,
        skip_bad: bool = False,
    ) -> None:
        paths = [str(p) for p in paths]
        if not paths:
            return
        self._last_import = (paths, fmt, encoding, skip_bad)
        if self.background and self.library.path is not None:
            job = workers.ProgressJob(
                self.window, "Importing…", workers.run_import, self.library.path, paths, fmt, encoding, skip_bad
            )
            job.done.connect(self._on_import_done)
            job.error.connect(self._on_import_failed)
            self.message(self.tr("Importing…"), 0)
            self._start(job)
            return
        try:
            report = workers.import_paths(self.library, paths, fmt, encoding=encoding, skip_bad=skip_bad)
        except ReaderError as e:
            self._on_import_failed(e)
        else:
            self._on_import_done(report)

    @Slot(object)
    def _on_import_done(self, report: ImportReport) -> None:
        self.message(report.summary(), 10000)
        if report.errors:
            plain.warning(
                self.window, self.tr("Some records were skipped"), "\n".join(str(e) for e in report.errors[:30])
            )
        self.imported.emit(report)

    @Slot(object)
    def _on_import_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self.message(self.tr("Import cancelled; the library was not changed"), 8000)
            return
        self.message(self.tr("Import failed; the library was not changed"), 10000)
        names = unknown_labels(error)
        if names and self._offer_labels(names):
            paths, fmt, encoding, skip_bad = self._last_import
            self.open_files(paths, fmt, encoding=encoding, skip_bad=skip_bad)
            return
        plain.critical(self.window, self.tr("Cannot import"), self.tr("{error}\n\nThe library was not changed.").format(error=error))

    def _offer_labels(self, names: list[str]) -> bool:
        """Ask whether to add the labels the files use; add them when the user agrees."""
        answer = plain.question(
            self.window,
            self.tr("Unknown labels"),
            self.tr(
                "The files use labels this library does not have: {names}.\n\nAdd them to the library and import the files?"
            ).format(names=", ".join(names)),
        )
        if answer != plain.Button.Yes:
            return False
        for name in names:
            self.library.add_label(name)
        self.labels_changed.emit()
        return True

    # ---- export --------------------------------------------------------------------------------
    def export_dialog(self, doc_id: DocId | None) -> None:
        if not formats():
            plain.critical(self.window, self.tr("Cannot export"), self.tr("The export formats are not available in this installation."))
            return
        dlg = ExportDialog(self.window, has_document=doc_id is not None)
        if dlg.exec() != ExportDialog.DialogCode.Accepted:
            return
        choice = dlg.choice()
        fmt = formats().get(choice.fmt)
        if getattr(fmt, "tree_writer", None) is not None and getattr(fmt, "dumper", None) is None:
            # a folder of files (brat): a new folder's name, or a name ending in .zip
            out, _ = QFileDialog.getSaveFileName(
                self.window, "Export to a new folder (or a .zip file)", "", f"{getattr(fmt, 'description', choice.fmt)} (*)"
            )
            if not out:
                return
        else:
            out, _ = QFileDialog.getSaveFileName(self.window, "Export to", "", file_filter([choice.fmt], read=False))
            if not out:
                return
            confirmed = True  # the file dialog asked before choosing an existing file
            exts = getattr(fmt, "extensions", ())
            if exts and not Path(out).suffix:
                out += exts[0]
                confirmed = False  # ... but not about the name with the suffix added
            ids = None if choice.whole_library or doc_id is None else [doc_id]
            self.export_to(out, choice.fmt, ids, choice.scheme, overwrite=confirmed)
            return
        ids = None if choice.whole_library or doc_id is None else [doc_id]
        self.export_to(out, choice.fmt, ids, choice.scheme)

    def export_to(
        self, out: str | Path, fmt: str, doc_ids: list[DocId] | None = None, scheme: str = "bio", *, overwrite: bool = False
    ) -> None:
        """Export; an existing file is replaced only with ``overwrite`` (the user confirmed it)."""
        if self.background and self.library.path is not None:
            job = workers.ProgressJob(
                self.window, self.tr("Exporting…"), workers.run_export, self.library.path, Path(out), fmt, doc_ids, scheme, overwrite
            )
            job.done.connect(lambda report, o=out: self._on_export_done(report, o))
            job.error.connect(self._on_export_failed)
            self._start(job)
            return
        try:
            report = self.library.export(out, fmt, doc_ids=doc_ids, scheme=scheme, overwrite=overwrite)
        except ReaderError as e:
            self._on_export_failed(e)
        else:
            self._on_export_done(report, out)

    def _on_export_done(self, report: Any, out: str | Path) -> None:
        self.message(self.tr("Exported to {path}").format(path=out), 10000)
        dropped = list(getattr(report, "dropped", []) or [])
        if dropped:
            plain.information(self.window, self.tr("Exported, with omissions"), "\n".join(dropped))

    @Slot(object)
    def _on_export_failed(self, error: object) -> None:
        if isinstance(error, Cancelled):
            self.message(self.tr("Export cancelled"), 8000)
            return
        plain.critical(self.window, self.tr("Cannot export"), str(error))
