"""Progress and cancellation for long work, without Qt (Orange's ``run(..., state)`` shape)."""

from __future__ import annotations

import threading
from collections.abc import Callable

from reader.core.errors import Cancelled

ProgressFn = Callable[[int, int, str], None]


class Task:
    """Handed to long operations: they report progress and check for cancellation through it.

    The GUI's worker passes a Task whose ``on_progress`` emits a Qt signal; the CLI passes one
    that prints a progress line; tests pass a plain Task.
    """

    def __init__(self, on_progress: ProgressFn | None = None) -> None:
        self._cancel = threading.Event()
        self.on_progress = on_progress

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if cancellation was asked for."""
        if self._cancel.is_set():
            raise Cancelled("cancelled")

    def progress(self, done: int, total: int, message: str = "") -> None:
        if self.on_progress is not None:
            self.on_progress(done, total, message)
