from __future__ import annotations

import json

import pytest

from reader.app import Library, Task
from reader.core import DocumentRecord, InputErrors, MentionRecord, NothingToUndo, ReaderError, SpanError, Status
from reader.core.errors import Cancelled, StorageError
from reader.core.model import Origin, Span


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path / "lib.db")
    yield library
    library.close()


def add_doc(lib: Library, text: str = "本报记者王延斌报道，山东德州经开区在德州召开大会。", mentions=()) -> int:
    return lib.import_records([DocumentRecord(text, "测试", list(mentions))]).added[0]


def state(lib: Library, doc: int):
    return [(m.start, m.end, m.label, m.status.value) for m in lib.store.mentions(doc)]


def test_every_edit_is_on_disk_before_memory_changes(lib, tmp_path):
    doc = add_doc(lib)
    seen = []
    lib.subscribe(lambda ch: seen.append(state(Library.open(tmp_path / "lib.db"), doc)))
    lib.apply(lib.edit_tag(doc, 4, 7, "PER"))
    assert seen == [[(4, 7, "PER", "accepted")]]  # a second connection already saw it when listeners ran


def test_undo_redo_survive_a_restart(tmp_path):
    lib = Library.open(tmp_path / "lib.db")
    doc = add_doc(lib)
    lib.apply(lib.edit_tag(doc, 4, 7, "PER"))
    lib.apply(lib.edit_tag(doc, 12, 17, "LOC"))
    lib.close()
    lib = Library.open(tmp_path / "lib.db")
    assert lib.undo_description() == "Tag 「德州经开区」 as LOC"
    lib.undo()
    assert state(lib, doc) == [(4, 7, "PER", "accepted")]
    lib.close()
    lib = Library.open(tmp_path / "lib.db")
    assert lib.can_redo()
    lib.redo()
    assert state(lib, doc) == [(4, 7, "PER", "accepted"), (12, 17, "LOC", "accepted")]
    lib.undo()
    lib.undo()
    assert state(lib, doc) == []
    with pytest.raises(NothingToUndo):
        lib.undo()
    lib.close()


def test_a_new_edit_drops_the_redo_branch(lib):
    doc = add_doc(lib)
    lib.apply(lib.edit_tag(doc, 4, 7, "PER"))
    lib.undo()
    lib.apply(lib.edit_tag(doc, 10, 12, "LOC"))
    assert not lib.can_redo()


def test_refused_edit_changes_nothing(lib):
    doc = add_doc(lib, mentions=[MentionRecord(4, 7, "PER")])
    with pytest.raises(SpanError, match="overlaps"):
        lib.apply(lib.edit_tag(doc, 5, 9, "ORG"))
    assert state(lib, doc) == [(4, 7, "PER", "accepted")]
    assert not lib.can_undo()


def test_suggestions_mark_the_document_and_are_not_in_the_undo_history(lib):
    doc = add_doc(lib)
    assert lib.needs_extraction(doc)
    lib.apply_suggestions(doc, [Span(4, 7, "PER", Origin.MODEL), Span(12, 17, "LOC", Origin.MODEL)], "test")
    assert not lib.needs_extraction(doc)
    assert lib.extracted_version(doc) == "test"
    assert [s for *_, s in state(lib, doc)] == ["suggested", "suggested"]
    (summary,) = lib.summaries()
    assert (summary.mentions, summary.suggested) == (2, 2)
    assert not lib.can_undo()  # finding entities is not a user edit
    lib.apply(lib.edit_accept_all(doc))
    assert lib.summaries()[0].suggested == 0
    lib.undo()
    assert [s for *_, s in state(lib, doc)] == ["suggested", "suggested"]
    with pytest.raises(NothingToUndo):
        lib.undo()
    assert len(state(lib, doc)) == 2


def test_import_refuses_bad_records_and_changes_nothing(lib):
    add_doc(lib)
    bad = [
        DocumentRecord("北京", "ok", [MentionRecord(0, 2, "LOC")]),
        DocumentRecord("上海", "oops", [MentionRecord(0, 5, "LOC")]),
        DocumentRecord("广州", "label", [MentionRecord(0, 2, "CITY")]),
    ]
    with pytest.raises(InputErrors) as info:
        lib.import_records(bad)
    assert len(info.value.errors) == 2
    assert "outside the text" in str(info.value) and "unknown label 'CITY'" in str(info.value)
    assert len(lib.summaries()) == 1


def test_import_adds_labels_on_request_and_detects_duplicates(lib):
    recs = [DocumentRecord("广州很热", "a", [MentionRecord(0, 2, "CITY")]), DocumentRecord("广州很热", "b")]
    report = lib.import_records(recs, add_labels=True)
    assert len(report.added) == 1 and report.duplicates == [("b", report.added[0])]
    assert "CITY" in lib.label_names
    again = lib.import_records([DocumentRecord("广州很热", "c")])
    assert again.added == [] and len(again.duplicates) == 1


def test_cancelled_import_changes_nothing(lib):
    task = Task()
    task.on_progress = lambda done, total, msg: task.cancel()
    before = lib.summaries()
    recs = [DocumentRecord(f"第{i}篇文章，北京。", str(i), [MentionRecord(len(f"第{i}篇文章，"), len(f"第{i}篇文章，") + 2, "LOC")]) for i in range(120)]
    with pytest.raises(Cancelled):
        lib.import_records(recs, task=task)
    assert lib.summaries() == before


def test_import_is_all_or_nothing_even_after_many_documents(lib, tmp_path):
    """A bad record after hundreds of good ones (or a storage failure) leaves the library as it was."""
    before = lib.summaries()
    lines = [json.dumps({"text": f"第{i}篇文章，北京。"}, ensure_ascii=False) for i in range(600)]
    lines.append('{"text": "坏", "spans": [{"start": 0, "end": 9, "label": "LOC"}]}')
    p = tmp_path / "many.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(InputErrors) as info:
        lib.import_files([p])
    assert f"{p}:601:" in str(info.value)
    assert lib.summaries() == before

    def failing():
        for i in range(300):
            yield DocumentRecord(f"文章{i}", str(i))
        raise StorageError("disk full")

    with pytest.raises(StorageError):
        lib.import_records(failing())
    assert lib.summaries() == before
    # and with --skip-bad the good ones go in, the bad one is reported
    report = lib.import_files([p], skip_bad=True)
    assert len(report.added) == 600 and len(report.errors) == 1


def test_open_default_seeds_the_sample_page_once(tmp_path):
    lib = Library.open_default(tmp_path / "default.db")
    (summary,) = lib.summaries()
    assert summary.length > 5000 and "德州" in lib.document(summary.id).text
    lib.close()
    lib = Library.open_default(tmp_path / "default.db")
    assert len(lib.summaries()) == 1
    lib.close()


def test_relabel_and_reject_through_the_library(lib):
    doc = add_doc(lib)
    lib.apply_suggestions(doc, [Span(4, 7, "ORG"), Span(12, 17, "LOC")], "t")
    first, second = lib.annotations(doc).live()
    lib.apply(lib.edit_relabel(doc, first.id, "PER"))
    lib.apply(lib.edit_reject(doc, [second.id]))
    assert state(lib, doc) == [(4, 7, "PER", "accepted"), (12, 17, "LOC", "rejected")]
    assert [m.label for m in lib.annotations(doc).live()] == ["PER"]
    assert lib.annotations(doc).get(second.id).status is Status.REJECTED


def test_delete_documents_takes_mentions_history_and_search_with_it(tmp_path):
    lib = Library.open(tmp_path / "lib.db")
    first = add_doc(lib)
    second = add_doc(lib, "第二篇：刘潇在济南。")
    lib.apply(lib.edit_tag(first, 4, 7, "PER"))
    lib.apply(lib.edit_tag(second, 4, 6, "PER"))
    lib.apply(lib.edit_tag(first, 12, 17, "LOC"))
    assert set(lib.search("德州")) == {first}
    seen = []
    lib.subscribe(seen.append)
    changes = lib.delete_documents([first])
    assert changes.deleted == (first,) and seen == [changes]
    assert "1 document and 2 mentions" in changes.description
    assert lib.document_ids() == [second]
    assert lib.search("德州") == [] and lib.search("刘潇") == [second]
    assert [e.edit.doc_id for e in lib.history()] == [second]
    lib.undo()  # the other document's edit still undoes
    assert state(lib, second) == []
    lib.close()
    lib = Library.open(tmp_path / "lib.db")  # and all of it is on disk
    assert lib.document_ids() == [second] and not lib.can_undo() and lib.can_redo()
    lib.close()


def test_delete_of_an_unknown_document_deletes_nothing(lib):
    doc = add_doc(lib)
    with pytest.raises(ReaderError, match="no document 99"):
        lib.delete_documents([doc, 99])
    assert lib.document_ids() == [doc]


def test_rename_document_is_stored_and_searchable(lib):
    doc = add_doc(lib)
    lib.rename_document(doc, "  济南  新闻 ")
    assert lib.document(doc).title == "济南 新闻"
    assert lib.search("济南") == [doc] and lib.search("测试") == []
    assert [s.title for s in lib.summaries()] == ["济南 新闻"]
    with pytest.raises(ReaderError, match="empty"):
        lib.rename_document(doc, "   ")
    with pytest.raises(ReaderError, match="no document 42"):
        lib.rename_document(42, "x")


def test_label_colour_key_and_new_labels_are_checked_and_stored(tmp_path):
    from reader.core.labels import Label

    lib = Library.open(tmp_path / "lib.db")
    per = lib.label("PER")
    changes = lib.update_label(Label("PER", "#123ABC", "9", "  a   person "))
    assert changes.labels
    assert lib.label("PER") == Label("PER", "#123abc", "9", "a person")
    for bad, message in [
        (Label("PER", "red", "9"), "#rrggbb"),
        (Label("PER", per.color, "2"), "both ORG and PER|both PER and ORG"),
        (Label("PER", per.color, "x"), "kept for reviewing"),
        (Label("PER", per.color, "F1"), "one digit or letter"),
        (Label("NOPE", per.color, ""), "no label"),
    ]:
        with pytest.raises(ReaderError, match=message):
            lib.update_label(bad)
    lib.create_label(Label("PRODUCT", "#445566", "8", "a product"))
    with pytest.raises(ReaderError, match="already a label"):
        lib.create_label(Label("PRODUCT", "#445566", "", ""))
    with pytest.raises(ReaderError, match="capital letters"):
        lib.create_label(Label("产品", "#445566", "", ""))
    lib.close()
    lib = Library.open(tmp_path / "lib.db")
    assert lib.label("PER").key == "9" and lib.label("PRODUCT") == Label("PRODUCT", "#445566", "8", "a product")
    assert lib.label_names[-1] == "PRODUCT"
    lib.close()


def test_two_labels_can_swap_keys_in_one_update(lib):
    from reader.core.labels import Label

    per, org = lib.label("PER"), lib.label("ORG")
    lib.update_labels([Label("PER", per.color, org.key), Label("ORG", org.color, per.key)])
    assert (lib.label("PER").key, lib.label("ORG").key) == ("2", "1")


def test_export_streams_and_an_error_leaves_the_old_file(lib, tmp_path):
    for i in range(3):
        add_doc(lib, f"第{i}篇：王延斌在德州。")
    out = tmp_path / "out.jsonl"
    out.write_text("old\n", encoding="utf-8")
    real = lib.store.document
    calls = []

    def failing(doc_id):
        calls.append(doc_id)
        if len(calls) == 2:
            raise ReaderError("disk trouble")
        return real(doc_id)

    lib.store.document = failing
    with pytest.raises(ReaderError, match="disk trouble"):
        lib.export(out, "jsonl", overwrite=True)
    assert out.read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".out.jsonl")]  # no temporary file left
    lib.store.document = real
    lib.export(out, "jsonl", overwrite=True)
    assert len(out.read_text(encoding="utf-8").splitlines()) == 3


def test_a_documents_summary_from_memory_is_the_files(lib):
    """After tags, accepts, rejects and undo, the summary an edit shows (counted in memory) is
    the one the library file gives."""
    doc = add_doc(lib)
    lib.suggest(doc, [Span(4, 7, "PER", Origin.MODEL), Span(10, 16, "LOC", Origin.MODEL), Span(17, 19, "LOC", Origin.MODEL)])

    def same():
        assert lib.summary(doc) == lib.store.summaries(doc)[0]

    same()
    ann = lib.annotations(doc)
    per, loc, loc2 = sorted(ann, key=lambda m: m.start)
    lib.apply(lib.edit_accept(doc, [per.id]))
    same()
    lib.apply(lib.edit_reject(doc, [loc.id]))
    same()
    lib.apply(lib.edit_tag(doc, 20, 22, "ORG"))
    same()
    lib.undo()
    same()
    lib.set_document_status(doc, "done")
    same()
    assert lib.summary(doc).reviewed == 2 and lib.summary(doc).total == 3
