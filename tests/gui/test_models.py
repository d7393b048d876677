"""The item models: Qt's model rules (qtmodeltester) and what they show."""

from __future__ import annotations

from reader.core.model import Status
from reader.gui.doc_list import DocListModel
from reader.gui.entity_panel import MENTION_IDS_ROLE, EntityModel

TEXT = "王延斌说，德州经开区很好。王延斌在德州经开区。刘潇在北京。"


def _suggest(lib, doc, words):
    from reader.core.model import Span

    spans = []
    for word, label in words:
        i = TEXT.find(word)
        while i >= 0:
            spans.append(Span(i, i + len(word), label))
            i = TEXT.find(word, i + len(word))
    lib.apply_suggestions(doc, spans, "test")


def test_entity_model_counts_and_rules(make_library, qtmodeltester):
    lib = make_library(TEXT)
    doc = lib.document_ids()[0]
    _suggest(lib, doc, [("王延斌", "PER"), ("刘潇", "PER"), ("德州经开区", "LOC")])
    ann = lib.annotations(doc)
    first = next(m for m in ann.live() if m.label == "PER")
    lib.apply(lib.edit_accept(doc, [first.id]))
    model = EntityModel()
    model.set_data(lib.labels, ann, TEXT)
    qtmodeltester.check(model, force_py=True)
    qtmodeltester.check(model)
    assert model.counts()["PER"] == 3
    assert model.counts()["LOC"] == 2
    assert model.counts()["ORG"] == 0
    assert model.entities("PER") == {"王延斌": 2, "刘潇": 1}
    per = model.label_row("PER")
    assert model.data(per) == "PER  (2)"
    wang = model.entity_index("PER", "王延斌")
    assert model.data(wang.siblingAtColumn(1)) == "2"
    assert model.data(wang.siblingAtColumn(2)) == "1/2 acc."
    assert model.data(model.entity_index("PER", "刘潇").siblingAtColumn(2)) == "suggested"
    # rejected mentions disappear from the panel
    liu = next(m for m in ann.live() if TEXT[m.start : m.end] == "刘潇")
    lib.apply(lib.edit_reject(doc, [liu.id]))
    model.set_data(lib.labels, ann, TEXT)
    qtmodeltester.check(model)
    assert model.entities("PER") == {"王延斌": 2}
    assert ann.get(liu.id).status is Status.REJECTED


def test_entity_model_empty(qtmodeltester, make_library):
    lib = make_library()
    model = EntityModel()
    model.set_data(lib.labels, None, "")
    qtmodeltester.check(model)
    assert model.rowCount() == len(lib.labels)


def test_doc_list_model(make_library, qtmodeltester):
    lib = make_library(TEXT, "第二篇：没有实体。")
    doc = lib.document_ids()[0]
    _suggest(lib, doc, [("王延斌", "PER")])
    model = DocListModel()
    model.set_summaries(lib.summaries())
    qtmodeltester.check(model)
    assert model.rowCount() == 2
    assert model.data(model.index(0, 0)) == "doc 1"
    assert model.data(model.index(0, 1)) == "2"
    assert model.data(model.index(1, 1)) == "0"


def test_doc_list_shows_counts_in_window(make_library, open_window, fake_extractor):
    lib = make_library(TEXT, "第二篇：刘潇。")
    w = open_window(lib)
    model = w.doc_list.model_
    assert model.data(model.index(0, 1)) == str(lib.annotations(w.doc_id).count())
    # switching documents through the list
    second = lib.document_ids()[1]
    w.doc_list.setCurrentIndex(model.index(1, 0))
    assert w.doc_id == second
    assert w.article.toPlainText() == "第二篇：刘潇。"


def test_entity_model_edits_change_rows_never_reset(make_library, open_window, qtbot, qtmodeltester, fake_extractor):
    """An edit inserts, removes or changes the rows it touched: the model is never reset, and
    stays a valid Qt model throughout (the model tester watches every signal)."""
    from PySide6.QtCore import Qt

    from gui_helpers import select

    lib = make_library(TEXT)
    w = open_window(lib)
    doc = w.doc_id
    model = w.entity_panel.model
    qtmodeltester.check(model)
    seen = []
    for name in ("modelReset", "layoutChanged", "rowsInserted", "rowsRemoved", "dataChanged"):
        getattr(model, name).connect(lambda *a, n=name: seen.append(n))
    start = TEXT.index("北京")
    select(w.article, start, start + 2)
    qtbot.keyClick(w.article, Qt.Key.Key_3)  # a new entity
    assert "rowsInserted" in seen and model.entities("LOC") == {"德州经开区": 2, "北京": 1}
    seen.clear()
    ids = model.data(model.entity_index("PER", "王延斌"), MENTION_IDS_ROLE)
    w.entity_panel.accept_requested.emit(ids)
    assert set(seen) == {"dataChanged"}
    assert model.data(model.entity_index("PER", "王延斌").siblingAtColumn(2)) == "accepted"
    seen.clear()
    liu = model.data(model.entity_index("PER", "刘潇"), MENTION_IDS_ROLE)
    w.entity_panel.reject_requested.emit(liu)
    assert "rowsRemoved" in seen and "modelReset" not in seen and "layoutChanged" not in seen
    w.undo()
    assert model.entities("PER") == {"王延斌": 2, "刘潇": 1}
    assert lib.annotations(doc).count() == 6
    qtmodeltester.check(model)
    # the panel shows what a fresh grouping shows
    fresh = EntityModel()
    fresh.set_data(lib.labels, lib.annotations(doc), TEXT)
    for label in ("PER", "LOC"):
        assert model.entities(label) == fresh.entities(label)
