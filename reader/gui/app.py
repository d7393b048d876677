"""Starting the GUI: :func:`main` (the window) and :func:`screenshot` (a PNG of it).

Both set the fonts explicitly. With only fonts-noto-cjk installed Qt falls back to Noto Sans CJK
*JP* for Chinese (Japanese glyph forms), and with several CJK fonts the fallback depends on the
machine; naming the families makes every machine render the same (see docs/design/qt-setup.md).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
import traceback
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication

from reader.app.library import Library
from reader.core.errors import ReaderError
from reader.core.model import DocId
from reader.gui import plain, workers
from reader.gui.i18n import install_translator
from reader.gui.main_window import MainWindow
from reader.resources import sample_path

log = logging.getLogger("reader.gui")

CJK_FAMILIES = ("Noto Sans CJK SC", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei")
SCREENSHOT_SIZE = (1400, 900)


def application(argv: Sequence[str] | None = None) -> QApplication:
    """The QApplication (created once), with reader's names and fonts."""
    app = QApplication.instance()
    if app is None:
        QCoreApplication.setOrganizationName("reader")
        QCoreApplication.setApplicationName("reader")
        app = QApplication(list(argv) if argv is not None else sys.argv[:1])
    install_translator(app)
    setup_fonts(app)  # type: ignore[arg-type]
    return app  # type: ignore[return-value]


def setup_fonts(app: QApplication) -> QFont:
    """Simplified-Chinese families first (those installed), then the system default."""
    font = app.font()
    installed = set(QFontDatabase.families())
    default = font.family()
    families = [f for f in CJK_FAMILIES if f in installed]
    if default not in families:
        families.append(default)
    font.setFamilies(families)
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    app.setFont(font)
    return font


def open_library(
    db: str | Path | None = None, *, sample_if_empty: bool = False, read_only_if_busy: bool = True
) -> Library:
    """The GUI's library (the default one when ``db`` is None), with the sample page on first start.

    ``sample_if_empty`` also puts the sample page into an existing library that has no documents
    (the screenshot wants something to show). A library another program is writing (or a file
    this user cannot write) opens read-only, unless ``read_only_if_busy`` is False (then
    :class:`~reader.core.errors.LibraryLocked` is raised).
    """
    library = Library.open_default(db, read_only_if_busy=read_only_if_busy, program="reader gui")
    if sample_if_empty and not library.read_only and not library.document_ids():
        sample = sample_path()
        if sample.is_file():
            workers.import_paths(library, [sample])
    return library


def _excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    """Last chance: log the traceback and tell the user, instead of crashing."""
    if issubclass(kind, KeyboardInterrupt):
        sys.__excepthook__(kind, error, tb)
        return
    log.error("unexpected error\n%s", "".join(traceback.format_exception(kind, error, tb)))
    if QApplication.instance() is not None:
        text = str(error) if isinstance(error, ReaderError) else f"{kind.__name__}: {error}"
        plain.critical(
            None, "reader: unexpected error", f"{text}\n\nThe details were written to the log. Your work is saved."
        )


def install_excepthook() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    sys.excepthook = _excepthook
    threading.excepthook = lambda args: log.error(
        "unexpected error in thread %s\n%s",
        args.thread.name if args.thread else "?",
        "".join(traceback.format_exception(args.exc_type, args.exc_value, args.exc_traceback)),
    )


def main(argv: Sequence[str] | None = None, db: str | Path | None = None, files: Sequence[str | Path] = ()) -> int:
    """Run the reader window on library ``db`` (default library when None), importing ``files``.

    Returns the application's exit code.
    """
    app = application(argv)
    install_excepthook()
    try:
        library = open_library(db)
    except ReaderError as e:
        plain.critical(None, QCoreApplication.translate("App", "reader: cannot open the library"), str(e))
        return 1
    window = MainWindow(library)
    window.show()
    if files:
        window.open_files(list(files))
    try:
        return app.exec()
    finally:
        library.close()


def screenshot(out_png: str | Path, db: str | Path | None = None, file: str | Path | None = None, article: int | None = None) -> int:
    """Save a PNG of the main window (1400×900) as it looks after loading ``file``.

    ``file`` is imported into the library (``db``, or the default library); without it the
    library's first document is shown (the sample page in a new library); ``article`` (1-based)
    shows that article of the page on its own, in reading order. Suggestions are
    computed synchronously, with the same function the background worker runs. Returns 0;
    a file that cannot be imported raises :class:`ReaderError` (``FILE:LINE: message``).
    """
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed for a PNG
    app = application([sys.argv[0] if sys.argv else "reader"])
    library = open_library(db, sample_if_empty=True)
    try:
        window = MainWindow(library, background=False)
        window.resize(*SCREENSHOT_SIZE)
        doc_id: DocId | None = None
        if file is not None:
            report = workers.import_paths(library, [file])
            doc_id = report.added[0] if report.added else (report.duplicates[0][1] if report.duplicates else None)
            window._refresh_doc_list()  # noqa: SLF001
        if doc_id is None:
            ids = library.document_ids()
            doc_id = ids[0] if ids else None
        if doc_id is not None:
            window.show_document(doc_id)
            if article is not None:
                window.show_article(doc_id, article - 1)
        window.show()
        window.article.setCursorWidth(0)
        for _ in range(3):
            app.processEvents()
        pixmap = window.grab()
        Path(out_png).parent.mkdir(parents=True, exist_ok=True)
        if not pixmap.save(str(out_png)):
            raise ReaderError(f"{out_png}: cannot write the PNG")
        window.close()
        window.deleteLater()
        app.processEvents()
    finally:
        library.close()
    return 0


if __name__ == "__main__":  # python -m reader.gui.app [DB]
    sys.exit(main(sys.argv, db=sys.argv[1] if len(sys.argv) > 1 else None))
