"""Opening, importing and exporting through the window: errors become dialogs, the library
stays unchanged, long work runs off the UI thread."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from reader.app.library import Library


def _has_formats() -> bool:
    try:
        import reader.formats.registry  # noqa: F401
    except ImportError:
        return False
    return True


def _count(path):
    lib = Library.open(path, create=False)
    try:
        return len(lib.document_ids()), sum(len(lib.store.mentions(d)) for d in lib.document_ids())
    finally:
        lib.close()


@pytest.mark.parametrize("background", [True, False])
def test_binary_file_shows_an_error_dialog(make_library, open_window, qtbot, no_extractor, dialogs, tmp_path, background):
    lib = make_library("第一篇。")
    w = open_window(lib, background=background)
    before = _count(lib.path)
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR" + bytes(range(256)))
    w.open_files([bad])
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20000)
    kind, text = dialogs[0]
    assert kind == "critical"
    assert "photo.txt" in text
    assert "not changed" in text
    assert _count(lib.path) == before


def test_missing_file_shows_an_error_dialog(make_library, open_window, qtbot, no_extractor, dialogs, tmp_path):
    lib = make_library("第一篇。")
    w = open_window(lib)
    before = _count(lib.path)
    w.open_files([tmp_path / "nope.txt"])
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20000)
    assert "nope.txt" in dialogs[0][1]
    assert _count(lib.path) == before


def test_malformed_jsonl_names_file_and_line(make_library, open_window, qtbot, no_extractor, dialogs, tmp_path):
    if not _has_formats():
        pytest.skip("reader.formats not installed")
    lib = make_library("第一篇。")
    w = open_window(lib)
    before = _count(lib.path)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "好的一行"}\n{"text": "坏的一行", \n', encoding="utf-8")
    w.open_files([bad])
    qtbot.waitUntil(lambda: bool(dialogs), timeout=20000)
    assert f"{bad}:2" in dialogs[0][1] or "bad.jsonl:2" in dialogs[0][1]
    assert _count(lib.path) == before


def test_open_text_files_imports_and_shows_them(make_library, open_window, qtbot, fake_extractor, dialogs, tmp_path):
    lib = make_library("第一篇。")
    w = open_window(lib)
    a = tmp_path / "a.txt"
    b = tmp_path / "b.txt"
    a.write_text("王延斌到德州经开区。\n", encoding="utf-8")
    b.write_text("刘潇也来了。\n", encoding="utf-8")
    w.open_files([a, b])
    qtbot.waitUntil(lambda: w.doc_list.model_.rowCount() == 3, timeout=20000)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=20000)
    assert not dialogs
    assert w.article.toPlainText().startswith("王延斌到德州经开区。")
    assert "2 documents imported" in w.statusBar().currentMessage() or w.doc_id == lib.document_ids()[1]
    qtbot.waitUntil(lambda: not lib.needs_extraction(w.doc_id), timeout=20000)
    assert any(lib.document(w.doc_id).text[m.start : m.end] == "王延斌" for m in lib.annotations(w.doc_id).live())


def test_export_current_document_in_background(make_library, open_window, qtbot, fake_extractor, dialogs, tmp_path):
    if not _has_formats():
        pytest.skip("reader.formats not installed")
    lib = make_library("王延斌到德州经开区。", "刘潇也来了。")
    w = open_window(lib)
    w.accept_all()
    out = tmp_path / "out.jsonl"
    w.export_to(out, "jsonl", [w.doc_id])
    qtbot.waitUntil(lambda: out.exists() and "Exported" in w.statusBar().currentMessage(), timeout=20000)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 1
    rec = json.loads(lines[0])
    assert {(s["text"], s["label"]) for s in rec["spans"]} == {("王延斌", "PER"), ("德州经开区", "LOC")}


def test_export_whole_library_reports_dropped(make_library, open_window, qtbot, fake_extractor, dialogs, tmp_path):
    if not _has_formats():
        pytest.skip("reader.formats not installed")
    lib = make_library("王延斌到德州经开区。", "刘潇也来了。")
    w = open_window(lib, background=False)
    out = tmp_path / "out.conll"
    w.export_to(out, "conll", None)
    assert out.exists()
    # suggestions are not accepted yet: the CoNLL export says it left them out
    assert dialogs and dialogs[0][0] == "information"
    assert "suggest" in dialogs[0][1]


def test_progress_dialog_cancel_stops_the_job(qtbot):
    import time as _time

    from PySide6.QtWidgets import QWidget

    from reader.core.errors import Cancelled
    from reader.gui.workers import ProgressJob

    def slow(task):
        for i in range(2000):
            task.progress(i, 2000, f"step {i}")
            task.check()
            _time.sleep(0.005)
        return "finished"

    parent = QWidget()
    qtbot.addWidget(parent)
    job = ProgressJob(parent, "Working…", slow)
    errors, results = [], []
    job.error.connect(errors.append)
    job.done.connect(results.append)
    job.start()
    qtbot.waitUntil(lambda: job.dialog.maximum() == 2000, timeout=10000)
    from PySide6.QtWidgets import QPushButton

    buttons = job.dialog.findChildren(QPushButton)
    assert buttons
    qtbot.mouseClick(buttons[0], Qt.MouseButton.LeftButton)  # the dialog's Cancel button
    qtbot.waitUntil(lambda: bool(errors or results), timeout=10000)
    assert not results
    assert isinstance(errors[0], Cancelled)


def test_import_job_reports_progress_and_imports_in_background(make_library, open_window, qtbot, no_extractor, dialogs, tmp_path):
    lib = make_library("第一篇。")
    w = open_window(lib)
    files = []
    for i in range(30):
        p = tmp_path / f"n{i}.txt"
        p.write_text(f"第{i}篇新闻：王延斌到德州。\n", encoding="utf-8")
        files.append(p)
    w.open_files(files)
    qtbot.waitUntil(lambda: w.doc_list.model_.rowCount() == 31, timeout=30000)
    assert not dialogs
    assert "30 documents imported" in w.statusBar().currentMessage()
    assert w.article.toPlainText().startswith("第0篇新闻")


def test_menu_actions_open_export_and_labels(make_library, open_window, qtbot, fake_extractor, dialogs, tmp_path, monkeypatch):
    """File > Open… and File > Export… through their dialogs; Labels > PER tags the selection."""
    from PySide6.QtWidgets import QDialog, QFileDialog

    from gui_helpers import select
    from reader.gui.dialogs import ExportDialog

    lib = make_library("王延斌到德州经开区。")
    w = open_window(lib, background=False)
    # Labels menu
    text = "王延斌到德州经开区。"
    select(w.article, text.index("德州"), text.index("德州") + 2)
    w.label_actions["ORG"].trigger()
    assert any(m.label == "ORG" and text[m.start : m.end] == "德州" for m in lib.annotations(w.doc_id).live()) or (
        "overlap" in w.statusBar().currentMessage()
    )
    assert [a.shortcut().toString() for a in w.label_actions.values()] == ["1", "2", "3", "4", "5", "6", "7"]
    # File > Open…
    new = tmp_path / "new.txt"
    new.write_text("刘潇来了。", encoding="utf-8")
    monkeypatch.setattr(QFileDialog, "getOpenFileNames", staticmethod(lambda *a, **k: ([str(new)], "")))
    w.open_action.trigger()
    assert w.article.toPlainText() == "刘潇来了。"
    if not _has_formats():
        return
    # File > Export… (whole library, jsonl; the suffix is added)
    monkeypatch.setattr(ExportDialog, "exec", lambda self: (self.library.setChecked(True), QDialog.DialogCode.Accepted)[1])
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "all"), "")))
    w.export_action.trigger()
    out = tmp_path / "all.jsonl"
    assert out.exists()
    assert len(out.read_text(encoding="utf-8").splitlines()) == 2
    # brat writes a folder: the name given is the new folder, no suffix added
    def brat(self):
        self.library.setChecked(True)
        self.format.setCurrentIndex(self.format.findData("brat"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(ExportDialog, "exec", brat)
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(tmp_path / "brat-out"), "")))
    w.export_action.trigger()
    qtbot.waitUntil(lambda: (tmp_path / "brat-out").is_dir(), timeout=10000)
    names = sorted(p.suffix for p in (tmp_path / "brat-out").iterdir())
    assert names.count(".txt") == 2 and names.count(".ann") == 2 and ".conf" in names


@pytest.mark.parametrize("agree", [True, False])
def test_unknown_labels_can_be_added_on_import(make_library, open_window, qtbot, no_extractor, dialogs, tmp_path, monkeypatch, agree):
    if not _has_formats():
        pytest.skip("reader.formats not installed")
    dialogs.answers.append(dialogs.Button.Yes if agree else dialogs.Button.No)
    lib = make_library("第一篇。")
    w = open_window(lib)
    src = tmp_path / "ner.jsonl"
    src.write_text(
        json.dumps({"text": "华为在深圳。", "spans": [{"start": 0, "end": 2, "label": "COMPANY"}]}, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    w.open_files([src])
    if agree:
        qtbot.waitUntil(lambda: w.doc_list.model_.rowCount() == 2, timeout=20000)
        asked = [text for kind, text in dialogs if kind == "question"]
        assert "COMPANY" in asked[0]
        assert "COMPANY" in lib.label_names
        assert "COMPANY" in w.label_actions
        assert w.entity_panel.model.counts()["COMPANY"] == 1
        assert [kind for kind, _ in dialogs] == ["question"]
    else:
        qtbot.waitUntil(lambda: len(dialogs) == 2, timeout=20000)
        assert [kind for kind, _ in dialogs] == ["question", "critical"]
        assert "COMPANY" in dialogs[1][1]
        assert "COMPANY" not in lib.label_names
        assert _count(lib.path) == (1, 0)
