"""Edit ▸ Learn from my corrections / Use the shipped model, off the UI thread."""

from __future__ import annotations

import pytest

from reader.app import learning

pytestmark = pytest.mark.gui

TEXT = "本报记者王延斌报道，蓝箭航天空间科技股份有限公司在北京亦庄召开大会。\n刘潇说，德州经开区将建设新的产业园。"
GOLD = [(4, 7, "PER"), (10, 24, "ORG"), (25, 29, "LOC"), (36, 38, "PER"), (41, 46, "LOC")]


def _review(lib):
    doc = lib.document_ids()[0]
    for s, e, lab in GOLD:
        lib.apply(lib.edit_tag(doc, s, e, lab))
    lib.apply_suggestions(doc, [], "test")


def test_learn_from_corrections_in_the_window(make_library, open_window, qtbot, fake_extractor, dialogs):
    lib = make_library(TEXT)
    w = open_window(lib, wait=False)
    qtbot.waitUntil(lambda: not w.extraction.busy(), timeout=20000)
    doc = lib.document_ids()[0]
    sugg = [m.id for m in lib.annotations(doc)]
    if sugg:
        lib.apply(lib.edit_reject(doc, sugg))
    _review(lib)
    with qtbot.waitSignal(w.learning.model_changed, timeout=120000) as sig:
        w.learn_action.trigger()
    assert sig.args == ["v0001"] and lib.learned_version() == "v0001"
    assert "v0001" in w.statusBar().currentMessage() and not dialogs
    with qtbot.waitSignal(w.learning.model_changed, timeout=5000) as sig:
        w.reset_model_action.trigger()
    assert sig.args == [None] and lib.learned_version() is None


def test_nothing_reviewed_says_so(make_library, open_window, qtbot, fake_extractor, dialogs):
    from reader.core.model import Origin, Span

    lib = make_library(TEXT)
    lib.apply_suggestions(lib.document_ids()[0], [Span(4, 7, "PER", Origin.MODEL)], "test")  # left unreviewed
    w = open_window(lib, wait=False)
    w.learn_action.trigger()
    qtbot.waitUntil(lambda: bool(dialogs), timeout=60000)
    assert dialogs[0][0] == "information" and "nothing reviewed" in dialogs[0][1]
    assert learning.active_version(lib) is None


def test_a_learned_model_that_cannot_be_loaded_is_named_in_a_banner(make_library, open_window, qtbot):
    lib = make_library(TEXT)
    _review(lib)
    report = lib.learn(steps=3)
    (report.directory / "adaptation.npz").write_bytes(b"\0not a zip")
    learning._forget_cached(lib.path)
    lib.close()
    again = make_library()  # the same file, opened again
    w = open_window(again, wait=False)
    qtbot.waitUntil(lambda: not w.model_banner.isHidden(), timeout=60000)
    text = w.model_banner.text()
    assert "v0001" in text and "shipped model" in text
    assert w.model_banner.textFormat().name == "PlainText"  # a path from the disk is shown as text
