"""Undo and redo: a QUndoStack that mirrors the library's persisted history.

The library owns the history (it is stored in SQLite, so it survives a restart, and it is LIFO).
This module only reflects it in Qt:

- An edit is applied with ``library.apply(edit)`` BEFORE its command is pushed, because an
  exception raised inside ``QUndoCommand.redo()`` never reaches the caller of ``push()``. The
  command therefore skips its first ``redo()``.
- The Undo and Redo actions call :meth:`UndoController.undo` / :meth:`redo`, which call
  ``library.undo()`` / ``library.redo()`` in ordinary Python (errors become a message) and then
  move the stack's index silently. So they also work for history from an earlier session, and
  the stack can never get ahead of the library.
- On start the stack is rebuilt from the stored history (proxy commands), so the Undo menu names
  the right edits after a restart.
- Only the user's edits are on it: the extractor's suggestions are written by
  :meth:`Library.suggest`, outside the history, and never pushed.
"""

from __future__ import annotations

from contextlib import contextmanager
from collections.abc import Iterator

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.app.library import Changes, Library
from reader.core.edits import Edit
from reader.core.errors import ReaderError
from reader.gui.i18n import edit_text

REBUILD_LIMIT = 500
"""How many stored history entries get proxy commands on start (older ones still undo)."""


class LibraryCommand(QUndoCommand):
    """One entry of the library's history, as seen by the QUndoStack."""

    def __init__(self, controller: UndoController, text: str) -> None:
        super().__init__(text)
        self._controller = controller
        self._skip_redo = True

    def redo(self) -> None:
        if self._skip_redo:  # the edit was applied before push()
            self._skip_redo = False
            return
        self._controller._stack_step(redo=True)

    def undo(self) -> None:
        self._controller._stack_step(redo=False)


class UndoController(QObject):
    """Applies edits and keeps a QUndoStack in step with the library's history."""

    changed = Signal()
    """Undo/redo availability or text may have changed."""
    error = Signal(str)
    """An undo or redo was refused (e.g. it would overlap a newer mention); nothing changed."""

    def __init__(self, library: Library, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.library = library
        self.stack = QUndoStack(self)
        self._silent = False
        self._rebuild()

    # ---- applying --------------------------------------------------------------------------------
    def apply(self, edit: Edit) -> Changes:
        """Apply ``edit`` to the library (raises :class:`ReaderError`, nothing changed) and push it."""
        changes = self.library.apply(edit)
        self._push_if_recorded(changes, edit_text(edit.description))
        return changes

    def _push_if_recorded(self, changes: Changes, text: str) -> None:
        # the library records an edit in its history exactly when it changed something
        if changes.recorded:
            self.stack.push(LibraryCommand(self, text))
        self.changed.emit()

    # ---- undo / redo -----------------------------------------------------------------------------
    def can_undo(self) -> bool:
        return self.library.can_undo()

    def can_redo(self) -> bool:
        return self.library.can_redo()

    def undo_text(self) -> str:
        return edit_text(self.library.undo_description())

    def redo_text(self) -> str:
        return edit_text(self.library.redo_description())

    def undo(self) -> Changes | None:
        try:
            changes = self.library.undo()
        except ReaderError as e:
            self.error.emit(str(e))
            self.changed.emit()
            return None
        if self.stack.canUndo():
            with self._quiet():
                self.stack.undo()
        self.changed.emit()
        return changes

    def redo(self) -> Changes | None:
        try:
            changes = self.library.redo()
        except ReaderError as e:
            self.error.emit(str(e))
            self.changed.emit()
            return None
        if self.stack.canRedo():
            with self._quiet():
                self.stack.redo()
        self.changed.emit()
        return changes

    def _stack_step(self, *, redo: bool) -> None:
        """The stack moved on its own (e.g. a QUndoView click): follow it in the library."""
        if self._silent:
            return
        try:
            self.library.redo() if redo else self.library.undo()
        except ReaderError as e:
            self.error.emit(str(e))
        self.changed.emit()

    @contextmanager
    def _quiet(self) -> Iterator[None]:
        self._silent = True
        try:
            yield
        finally:
            self._silent = False

    def reload(self) -> None:
        """Forget the stack and rebuild it from the library (after documents and their history
        entries were deleted)."""
        with self._quiet():
            self.stack.clear()
        self._rebuild()
        self.changed.emit()

    def _rebuild(self) -> None:
        """Proxy commands for the history stored by earlier sessions."""
        entries = self.library.history()[-REBUILD_LIMIT:]
        if not entries:
            return
        with self._quiet():
            for entry in entries:
                self.stack.push(LibraryCommand(self, edit_text(entry.edit.description)))
            self.stack.setIndex(sum(1 for e in entries if e.done))
        self.stack.setClean()
