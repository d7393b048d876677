"""The entry points: screenshot(), main() in a process of its own, the last-chance excepthook."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QPoint
from PySide6.QtGui import QHelpEvent, QImage
from PySide6.QtWidgets import QApplication, QToolTip

REPO = Path(__file__).resolve().parents[2]


def test_screenshot_of_a_file_with_suggestions(tmp_path, fake_extractor):
    from reader.app.library import Library
    from reader.gui.app import screenshot

    src = tmp_path / "news.txt"
    src.write_text("◎本报记者 王延斌 通讯员 刘潇\n10月16日，德州经开区召开大会。\n", encoding="utf-8")
    out = tmp_path / "shot.png"
    assert screenshot(out, db=tmp_path / "lib.db", file=src) == 0
    img = QImage(str(out))
    assert (img.width(), img.height()) == (1400, 900)
    lib = Library.open(tmp_path / "lib.db", create=False)
    try:
        titles = [s.title for s in lib.summaries()]
        assert len(titles) == 2  # the sample page (new library) and the file
        doc = next(s.id for s in lib.summaries() if s.title.startswith("◎本报记者"))
        assert not lib.needs_extraction(doc)
        assert len(lib.store.mentions(doc)) == 4
    finally:
        lib.close()


def test_screenshot_of_the_sample_page_without_extractor(tmp_path, no_extractor):
    from reader.gui.app import screenshot

    out = tmp_path / "shot.png"
    assert screenshot(out, db=tmp_path / "lib.db") == 0
    assert QImage(str(out)).width() == 1400


def test_main_runs_until_painted_with_suggestions(tmp_path):
    """A real start, in its own process, with the real extractor when it is installed."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    probe = REPO / "tests" / "bench" / "startup_probe.py"  # watches the window from outside
    r = subprocess.run(
        [sys.executable, str(probe), str(tmp_path / "lib.db"), f"{time.time():.3f}"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=300,
    )
    assert r.returncode == 0, r.stderr[-3000:]
    line = next(ln for ln in r.stdout.splitlines() if ln.startswith("READER_PAINTED"))
    try:
        import reader.extract  # noqa: F401
    except ImportError:
        return
    assert int(line.split("suggestions=")[1]) > 0


def test_excepthook_shows_a_dialog_and_logs(dialogs, caplog):
    from reader.gui.app import _excepthook

    try:
        raise RuntimeError("boom 出错")
    except RuntimeError as e:
        _excepthook(type(e), e, e.__traceback__)
    assert dialogs and dialogs[0][0] == "critical"
    assert "boom 出错" in dialogs[0][1]
    assert "boom 出错" in caplog.text


def test_tooltip_names_label_status_origin(make_library, open_window, fake_extractor):
    lib = make_library("◎本报记者 王延斌 通讯员 刘潇")
    w = open_window(lib)
    view = w.article
    pos = view.point_of("◎本报记者 王延斌".index("延"))
    ev = QHelpEvent(QEvent.Type.ToolTip, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), ev)
    assert "PER" in QToolTip.text() and "suggested" in QToolTip.text() and "model" in QToolTip.text()
    QToolTip.hideText()


@pytest.mark.parametrize("key", ["Ctrl+Z", "Ctrl+Shift+Z", "Ctrl+Y"])
def test_undo_redo_shortcuts_are_bound(make_library, open_window, no_extractor, key):
    from PySide6.QtGui import QKeySequence

    w = open_window(make_library("文本"))
    bound = [s.toString() for s in w.undo_action.shortcuts() + w.redo_action.shortcuts()]
    assert QKeySequence(key).toString() in bound
