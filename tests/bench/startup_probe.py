"""Runs ``reader.gui.app.main`` on a library and reports when the window first paints, and when
it paints the first document with its suggestions; then quits. The window knows nothing of this:
the probe watches the article's paint events from the outside.

    python tests/bench/startup_probe.py DB [T0]

Prints ``READER_FIRST_PAINT <epoch>`` and ``READER_PAINTED <epoch> suggestions=N`` (N = 0 when the
extractor is unavailable or gives nothing within the time limit). ``T0`` (epoch seconds) is the
start the bench measures from; it only bounds the wait.
"""

from __future__ import annotations

import sys
import time

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from reader.core.model import Status
from reader.gui.app import application, main
from reader.gui.main_window import MainWindow

LIMIT_S = 240.0


class Probe(QObject):
    def __init__(self, t0: float) -> None:
        super().__init__()
        self.t0 = t0
        self.window: MainWindow | None = None
        self.first = False

    def attach(self) -> None:
        """Find the window main() made (it exists once the event loop runs)."""
        self.window = next((w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)), None)
        if self.window is None:
            QTimer.singleShot(5, self.attach)
            return
        self.window.article.viewport().installEventFilter(self)
        self.window.article.viewport().update()

    def _state(self) -> tuple[bool, int]:
        """(done waiting, suggestions shown) for the shown document."""
        w = self.window
        assert w is not None
        if w.doc_id is None:
            return True, 0
        lib = w.library
        n = lib.annotations(w.doc_id).count(Status.SUGGESTED)
        busy = lib.needs_extraction(w.doc_id) and time.time() - self.t0 < LIMIT_S
        return not busy, n

    def eventFilter(self, obj: QObject, e: QEvent) -> bool:  # noqa: N802
        if e.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, self._after_paint)  # once this paint is done
        return False

    def _after_paint(self) -> None:
        if not self.first:
            self.first = True
            print(f"READER_FIRST_PAINT {time.time():.6f}", flush=True)
        done, n = self._state()
        if done:
            print(f"READER_PAINTED {time.time():.6f} suggestions={n}", flush=True)
            QApplication.instance().quit()
        else:
            QTimer.singleShot(20, self._poll)

    def _poll(self) -> None:
        done, n = self._state()
        if done or n:
            self.window.article.viewport().update()  # paint what arrived, then report
        else:
            QTimer.singleShot(20, self._poll)


if __name__ == "__main__":
    db = sys.argv[1]
    t0 = float(sys.argv[2]) if len(sys.argv) > 2 else time.time()
    application([sys.argv[0]])
    probe = Probe(t0)
    QTimer.singleShot(0, probe.attach)
    sys.exit(main(db=db))
