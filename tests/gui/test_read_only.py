"""A second window on a library another program is writing: everything readable, nothing editable."""

from __future__ import annotations

import subprocess
import sys

from reader.app.library import Library

HOLD = "import sys, time\nfrom reader.app import Library\nLibrary.open(sys.argv[1], program='reader gui')\nprint('held', flush=True)\ntime.sleep(60)\n"


def test_a_library_held_elsewhere_opens_read_only_with_a_banner(tmp_path, make_library, open_window, fake_extractor, dialogs):
    from reader.gui.app import open_library

    lib = make_library("北京欢迎你。上海也欢迎你。")
    doc = lib.document_ids()[0]
    lib.close()
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(tmp_path / "lib.db")], stdout=subprocess.PIPE, text=True)
    try:
        assert p.stdout.readline().strip() == "held"
        ro = open_library(tmp_path / "lib.db")
        assert ro.read_only
        w = open_window(ro, wait=False)
        assert w.read_only_banner.isVisible()
        assert f"pid {p.pid}" in w.read_only_banner.text() and "Read-only" in w.read_only_banner.text()
        assert w.article.toPlainText().startswith("北京")  # readable
        for a in (w.import_action, w.open_action, w.accept_all_action, w.undo_action, w.edit_labels_action):
            assert not a.isEnabled()
        assert w.export_action.isEnabled()
        assert not w.extraction.busy()  # no suggestions: a read-only library cannot keep them
        w.article.select_span(0, 2)
        w._on_tag(0, 2, "LOC")  # noqa: SLF001 - a label key pressed on the selection
        assert "read-only" in w.statusBar().currentMessage()
        assert not dialogs
        ro.close()
    finally:
        p.kill()
        p.wait()
    fresh = Library.open(tmp_path / "lib.db")
    assert fresh.store.mentions(doc) == []
    fresh.close()


def test_a_free_library_opens_for_writing(tmp_path, make_library, open_window, fake_extractor):
    from reader.gui.app import open_library

    make_library("北京欢迎你。").close()
    lib = open_library(tmp_path / "lib.db")
    assert not lib.read_only
    w = open_window(lib)
    assert not w.read_only_banner.isVisible() and w.import_action.isEnabled()
    lib.close()
