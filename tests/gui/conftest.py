"""GUI tests run offscreen, with QSettings kept inside the test's tmp_path.

The environment variable is set here, before anything imports Qt; an explicit
``QT_QPA_PLATFORM`` (e.g. ``xcb`` under xvfb-run) still wins.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from reader.core.model import DocumentRecord  # noqa: E402

SAMPLE_HEAD = "◎本报记者 王延斌 通讯员 刘潇\n\n10月16日，2024新一代信息技术关键材料产业合作大会在山东省德州经济开发区召开。"


@pytest.fixture(autouse=True)
def _isolated_qsettings(tmp_path, monkeypatch):
    from PySide6.QtCore import QSettings

    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    for fmt in (QSettings.Format.IniFormat, QSettings.Format.NativeFormat):  # QSettings("reader", "reader") is native
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, str(tmp_path / "qsettings"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    yield


class Dialogs(list):
    """The message boxes shown, as (kind, text); ``formats`` their text formats, ``answers`` the
    buttons to press next (otherwise the default button, or OK)."""

    from PySide6.QtWidgets import QMessageBox as _Box

    Button = _Box.StandardButton

    def __init__(self) -> None:
        super().__init__()
        self.formats: list = []
        self.answers: list = []


@pytest.fixture(autouse=True)
def _no_modal_dialogs(monkeypatch):
    """A dialog nobody closes would hang the run: record them instead."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    shown = Dialogs()
    kinds = {
        QMessageBox.Icon.Critical: "critical",
        QMessageBox.Icon.Warning: "warning",
        QMessageBox.Icon.Information: "information",
        QMessageBox.Icon.Question: "question",
    }

    def fake(kind):
        def show(parent, title, text, *a, **k):
            shown.append((kind, text))
            shown.formats.append(Qt.TextFormat.AutoText)  # what the static functions use
            return shown.answers.pop(0) if shown.answers else QMessageBox.StandardButton.Ok

        return show

    def exec_(box):
        shown.append((kinds.get(box.icon(), "message"), box.text()))
        shown.formats.append(box.textFormat())
        if shown.answers:
            return shown.answers.pop(0)
        default = box.defaultButton()
        return box.standardButton(default) if default is not None else QMessageBox.StandardButton.Ok

    for kind in ("critical", "warning", "information", "question"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake(kind)))
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown


@pytest.fixture
def dialogs(_no_modal_dialogs):
    return _no_modal_dialogs


@pytest.fixture
def make_library(tmp_path):
    """A library file in tmp_path holding the given texts (no extraction run yet)."""
    from reader.app.library import Library

    opened = []

    def make(*texts: str, name: str = "lib.db"):
        lib = Library.open(tmp_path / name)
        if texts:
            lib.import_records([DocumentRecord(t, f"doc {i + 1}") for i, t in enumerate(texts)])
        opened.append(lib)
        return lib

    yield make
    for lib in opened:
        try:
            lib.close()
        except Exception:
            pass


# ---- GUI helpers ---------------------------------------------------------------------------------

@pytest.fixture(autouse=True)
def _fonts(qapp):
    from reader.gui.app import setup_fonts

    setup_fonts(qapp)


@pytest.fixture
def fake_extractor(monkeypatch):
    """Every library uses a FakeExtractor (through the application's ExtractionService)."""
    from reader.app.extraction import ExtractionService

    from gui_helpers import FakeExtractor

    fake = FakeExtractor()
    service = ExtractionService(extractor=fake, version="fake-1")
    monkeypatch.setattr(ExtractionService, "shared", classmethod(lambda cls, model=None, *, fast=False: service))
    return fake


@pytest.fixture
def no_extractor(monkeypatch):
    """Every library's extractor is unavailable (no model installed)."""
    from reader.app.extraction import ExtractionService

    from gui_helpers import missing_service

    service = missing_service()
    monkeypatch.setattr(ExtractionService, "shared", classmethod(lambda cls, model=None, *, fast=False: service))


@pytest.fixture
def open_window(qtbot):
    """Show a MainWindow on a library; waits until its first document's suggestions are in."""
    from reader.gui.main_window import MainWindow

    windows = []

    def make(library, *, wait=True, background=True):
        w = MainWindow(library, background=background)
        qtbot.addWidget(w)
        w.resize(1200, 800)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()  # shortcuts (Ctrl+Z) need the active window; xcb without a WM may not give it
        try:
            qtbot.waitActive(w, timeout=2000)
        except Exception:  # noqa: BLE001
            pass
        if wait and w.doc_id is not None:
            qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=60000)
        windows.append(w)
        return w

    yield make
    for w in windows:
        try:
            w.close()
        except RuntimeError:
            pass
