"""Review workflow: document status as undoable data, progress, next document, statistics,
entity aliases (merge, split, proposals), KWIC, and the entity id exports write."""

from __future__ import annotations

import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.app import LabelMismatch, Library
from reader.core import DocumentRecord, MentionRecord, ReaderError
from reader.core.model import Origin, Span, Status
from reader.core.review import DocStatus, kwic

TEXT = "本报记者王延斌报道，山东德州经开区在德州召开大会。王延斌说，德州经开区发展很快。"


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path / "lib.db")
    yield library
    library.close()


def add(lib: Library, text: str = TEXT, mentions=(), title: str = "测试") -> int:
    return lib.import_records([DocumentRecord(text, title, list(mentions))]).added[0]


def test_a_new_document_is_new_and_the_extractor_does_not_change_that(lib):
    doc = add(lib)
    assert lib.document_status(doc) is DocStatus.NEW
    lib.apply_suggestions(doc, [Span(4, 7, "PER")], "test")
    assert lib.document_status(doc) is DocStatus.NEW


def test_first_edit_starts_review_and_its_undo_makes_the_document_new_again(lib):
    doc = add(lib)
    ch = lib.apply(lib.edit_tag(doc, 4, 7, "PER"))
    assert ch.status is DocStatus.IN_PROGRESS and ch.recorded
    assert lib.document_status(doc) is DocStatus.IN_PROGRESS
    lib.apply(lib.edit_tag(doc, 12, 17, "LOC"))  # a second edit leaves the status alone
    assert json.loads(lib.store.db.execute("SELECT edit FROM history ORDER BY seq DESC").fetchone()[0]).get("doc_status") is None
    lib.undo()
    assert lib.document_status(doc) is DocStatus.IN_PROGRESS
    lib.undo()
    assert lib.document_status(doc) is DocStatus.NEW
    lib.redo()
    assert lib.document_status(doc) is DocStatus.IN_PROGRESS


def test_done_is_an_undoable_edit_that_survives_a_restart(tmp_path):
    lib = Library.open(tmp_path / "lib.db")
    doc = add(lib)
    ch = lib.set_document_status(doc, "done")
    assert ch.recorded and lib.undo_description().startswith("Mark 「测试」 done")
    lib.close()
    lib = Library.open(tmp_path / "lib.db")
    assert lib.document_status(doc) is DocStatus.DONE
    lib.undo()
    assert lib.document_status(doc) is DocStatus.NEW
    lib.redo()
    assert lib.document_status(doc) is DocStatus.DONE
    assert not lib.set_document_status(doc, DocStatus.DONE).recorded  # already done: nothing recorded
    lib.close()


def test_editing_a_done_document_keeps_it_done(lib):
    doc = add(lib)
    lib.set_document_status(doc, "done")
    lib.apply(lib.edit_tag(doc, 4, 7, "PER"))
    assert lib.document_status(doc) is DocStatus.DONE


def test_status_of_a_deleted_or_unknown_document_is_refused_cleanly(lib):
    doc = add(lib)
    edit = lib.edit_document_status(doc, "done")
    lib.delete_documents([doc])
    with pytest.raises(ReaderError, match=f"no document {doc}"):
        lib.apply(edit)
    with pytest.raises(ReaderError, match="no document 999"):
        lib.set_document_status(999, "done")
    with pytest.raises(ValueError, match="unknown document status"):
        lib.set_document_status(add(lib, "另一篇文章。"), "finished")


def test_a_stale_status_edit_is_refused(lib):
    doc = add(lib)
    stale = lib.edit_document_status(doc, "done")  # made while new
    lib.set_document_status(doc, "in_progress")
    with pytest.raises(ReaderError, match="is in_progress, not new"):
        lib.apply(stale)
    assert lib.document_status(doc) is DocStatus.IN_PROGRESS


def test_progress_summaries_and_next_document(lib):
    a = add(lib, mentions=[MentionRecord(4, 7, "PER", Origin.MODEL, Status.SUGGESTED)])
    b = add(lib, "第二篇文章，北京。", [MentionRecord(6, 8, "LOC")])
    c = add(lib, "第三篇文章。")
    assert lib.progress() == {"documents": 3, "done": 0, "mentions": 2, "reviewed": 1}
    assert lib.next_to_review() == a
    assert lib.next_to_review(a) == b
    lib.set_document_status(b, "done")
    assert lib.next_to_review(a) == c
    assert lib.next_to_review(c) == a  # wraps round
    lib.apply(lib.edit_accept(a, [m.id for m in lib.annotations(a)]))
    summaries = {s.id: s for s in lib.summaries()}
    assert (summaries[a].status, summaries[a].reviewed, summaries[a].total) == (DocStatus.IN_PROGRESS, 1, 1)
    assert (summaries[c].status, summaries[c].reviewed, summaries[c].total) == (DocStatus.NEW, 0, 0)
    lib.set_document_status(a, "done")
    lib.set_document_status(c, "done")
    assert lib.next_to_review() is None
    assert lib.progress() == {"documents": 3, "done": 3, "mentions": 2, "reviewed": 2}


def test_stats_of_an_empty_library(lib):
    st_ = lib.stats()
    assert st_["documents"] == {"new": 0, "in_progress": 0, "done": 0}
    assert all(c == {"accepted": 0, "suggested": 0, "rejected": 0} for c in st_["labels"].values())
    assert st_["top"] == {}
    assert lib.progress() == {"documents": 0, "done": 0, "mentions": 0, "reviewed": 0}
    assert lib.next_to_review() is None


def mentions_of_text():
    return [
        MentionRecord(4, 7, "PER"),
        MentionRecord(12, 17, "ORG"),
        MentionRecord(18, 20, "LOC", Origin.MODEL, Status.SUGGESTED),
        MentionRecord(25, 28, "PER", Origin.MODEL, Status.SUGGESTED),
        MentionRecord(31, 36, "ORG", Origin.MODEL, Status.REJECTED),
    ]


def test_stats_count_labels_by_status_and_top_entities(lib):
    add(lib, mentions=mentions_of_text())
    st_ = lib.stats()
    assert st_["labels"]["PER"] == {"accepted": 1, "suggested": 1, "rejected": 0}
    assert st_["labels"]["ORG"] == {"accepted": 1, "suggested": 0, "rejected": 1}
    assert st_["top"]["PER"] == [["王延斌", 2]]
    assert st_["top"]["ORG"] == [["德州经开区", 1]]  # the rejected one is not counted
    assert st_["documents"] == {"new": 1, "in_progress": 0, "done": 0}


def test_merge_split_and_undo_aliases(lib):
    doc = add(lib, mentions=[MentionRecord(4, 7, "PER"), MentionRecord(12, 17, "ORG"), MentionRecord(10, 12, "LOC")])
    add(lib, "天衢新区和山东省德州经济开发区是一回事。", [MentionRecord(0, 4, "ORG"), MentionRecord(5, 15, "ORG")])
    ch = lib.merge_entities(("ORG", "山东省德州经济开发区"), [("ORG", "德州经开区"), ("ORG", "天衢新区")])
    assert ch.entities and ch.recorded and ch.doc_id is None
    assert lib.canonical("ORG", "天衢新区") == ("ORG", "山东省德州经济开发区")
    assert lib.entity_members("ORG", "德州经开区") == [("ORG", "山东省德州经济开发区"), ("ORG", "天衢新区"), ("ORG", "德州经开区")]
    assert lib.stats()["top"]["ORG"] == [["山东省德州经济开发区", 3]]
    assert lib.document_status(doc) is DocStatus.NEW  # aliases are the library's, not a document's
    lines = lib.kwic("ORG", "天衢新区")
    assert [(ln.doc_id, ln.match) for ln in lines] == [(doc, "德州经开区"), (doc + 1, "天衢新区"), (doc + 1, "山东省德州经济开发区")]
    assert lines[0].left == "本报记者王延斌报道，山东" and lines[0].right == "在德州召开大会。王延斌说，德州" and len(lines[0].right) == 15
    # merging the canonical entity into another moves its aliases along (no alias of an alias)
    lib.merge_entities(("ORG", "德州开发区"), [("ORG", "德州经开区")])
    assert lib.canonical("ORG", "天衢新区") == ("ORG", "德州开发区")
    lib.undo()
    assert lib.canonical("ORG", "天衢新区") == ("ORG", "山东省德州经济开发区")
    lib.split_entity("ORG", "天衢新区")
    assert lib.canonical("ORG", "天衢新区") == ("ORG", "天衢新区")
    assert lib.canonical("ORG", "德州经开区") == ("ORG", "山东省德州经济开发区")
    lib.undo()
    lib.undo()
    assert lib.aliases() == []
    with pytest.raises(ReaderError, match="nothing to split"):
        lib.split_entity("ORG", "天衢新区")


def test_merging_entities_of_different_labels_asks_first(lib):
    add(lib, mentions=[MentionRecord(12, 17, "ORG"), MentionRecord(10, 12, "LOC")])
    with pytest.raises(LabelMismatch, match="not labelled ORG"):
        lib.merge_entities(("ORG", "德州经开区"), [("LOC", "山东")])
    assert lib.aliases() == []
    lib.merge_entities(("ORG", "德州经开区"), [("LOC", "山东")], allow_relabel=True)
    assert lib.entity_id("LOC", "山东") == "ORG:德州经开区"


def test_aliases_persist_and_exports_carry_the_entity_id(tmp_path):
    lib = Library.open(tmp_path / "lib.db")
    add(lib, mentions=mentions_of_text())
    lib.merge_entities(("ORG", "山东德州经开区"), [("ORG", "德州经开区")])
    lib.close()
    lib = Library.open(tmp_path / "lib.db")
    lib.export(tmp_path / "out.jsonl", "jsonl")
    spans = json.loads((tmp_path / "out.jsonl").read_text("utf-8"))["spans"]
    assert [s.get("entity") for s in spans] == ["PER:王延斌", "ORG:山东德州经开区", "LOC:德州", "PER:王延斌", None]
    lib.export(tmp_path / "ls.json", "labelstudio")
    task = json.loads((tmp_path / "ls.json").read_text("utf-8"))[0]
    metas = [r["meta"]["entity"] for r in task["annotations"][0]["result"] + task["predictions"][0]["result"]]
    assert sorted(metas) == sorted(["PER:王延斌", "ORG:山东德州经开区", "LOC:德州", "PER:王延斌"])
    lib.export(tmp_path / "brat", "brat")
    ann = next((tmp_path / "brat").rglob("*.ann")).read_text("utf-8")
    assert "AnnotatorNotes T2\tentity: ORG:山东德州经开区" in ann
    # a round trip through brat does not pile up notes
    lib2 = Library.open(tmp_path / "lib2.db")
    lib2.import_files([tmp_path / "brat"])
    lib2.export(tmp_path / "brat2", "brat")
    ann2 = next((tmp_path / "brat2").rglob("*.ann")).read_text("utf-8")
    assert ann2.count("AnnotatorNotes") == ann.count("AnnotatorNotes")
    lib2.close()
    lib.close()


def test_short_name_definitions_propose_aliases(lib):
    text = "山东华创融盛展示有限公司（以下简称“华创融盛”）成立于2020年。华创融盛很好。"
    doc = add(lib, text, [MentionRecord(0, 12, "ORG"), MentionRecord(17, 21, "ORG"), MentionRecord(34, 38, "ORG")])
    [p] = lib.alias_proposals()
    assert (p.label, p.full, p.short, p.doc_id) == ("ORG", "山东华创融盛展示有限公司", "华创融盛", doc)
    lib.merge_entities(("ORG", p.full), [("ORG", p.short)])
    assert lib.alias_proposals() == []


def test_migration_from_a_library_without_review_columns(tmp_path):
    """A library made before m003: someone's work shows as in progress, the rest as new."""
    path = tmp_path / "old.db"
    lib = Library.open(path)
    a = add(lib)
    b = add(lib, "第二篇文章，北京。", [MentionRecord(6, 8, "LOC", Origin.MODEL, Status.SUGGESTED)])
    lib.apply(lib.edit_tag(a, 4, 7, "PER"))
    lib.close()
    db = sqlite3.connect(path)
    db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm004_review'")
    db.execute("DROP TABLE aliases")
    db.execute("DROP INDEX idx_mentions_label_status")
    db.execute("DROP INDEX idx_mentions_label_text")
    db.execute("ALTER TABLE documents DROP COLUMN status")
    db.execute("ALTER TABLE documents DROP COLUMN status_changed")
    db.commit()
    db.close()
    ro = Library.open(path, write=False)  # an old file read-only: every document new, nothing breaks
    assert ro.status_counts() == {"new": 2, "in_progress": 0, "done": 0} and ro.aliases() == []
    ro.close()
    lib = Library.open(path)
    assert lib.document_status(a) is DocStatus.IN_PROGRESS
    assert lib.document_status(b) is DocStatus.NEW
    lib.close()


def test_kwic_at_the_edges_and_across_lines():
    text = "北京\n是首都。"
    assert kwic(text, 0, 2) == ("", "北京", " 是首都。")
    assert kwic("ab北京cd", 2, 4, width=1) == ("b", "北京", "c")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["tag", "done", "new", "undo", "redo", "merge", "split"]), max_size=12))
def test_status_and_aliases_always_match_a_replay_of_the_history(tmp_path_factory, ops):
    lib = Library.open(None)
    doc = add(lib, mentions=[MentionRecord(12, 17, "ORG")])
    spans = [(4, 7, "PER"), (18, 20, "LOC"), (25, 28, "PER"), (31, 36, "ORG")]
    for op in ops:
        try:
            if op == "tag" and spans:
                s, e, lb = spans.pop(0)
                lib.apply(lib.edit_tag(doc, s, e, lb))
            elif op in ("done", "new"):
                lib.set_document_status(doc, op)
            elif op == "undo":
                lib.undo()
            elif op == "redo":
                lib.redo()
            elif op == "merge":
                lib.merge_entities(("ORG", "德州经开区"), [("ORG", "经开区")])
            elif op == "split":
                lib.split_entity("ORG", "经开区")
        except ReaderError:
            pass
    # undo everything: back to the start
    while lib.can_undo():
        lib.undo()
    assert lib.document_status(doc) is DocStatus.NEW
    assert lib.aliases() == []
    assert [(m.start, m.end) for m in lib.annotations(doc) if m.live] == [(12, 17)]
    lib.close()


def test_review_timeline_counts_a_persons_changes_per_day(lib):
    doc = add(lib)
    lib.apply_suggestions(doc, [Span(4, 7, "PER"), Span(12, 17, "LOC")], "test")
    assert lib.review_timeline() == []  # the extractor's suggestions are not reviews
    lib.apply(lib.edit_accept(doc, [m.id for m in lib.annotations(doc)]))
    lib.set_document_status(doc, "done")
    [(day, changed, done)] = lib.review_timeline()
    assert len(day) == 10 and changed == 2 and done == 1
    lib.undo()
    assert lib.review_timeline()[0][2] == 0


@settings(max_examples=40, deadline=None)
@given(
    st.lists(
        st.lists(
            st.tuples(st.sampled_from(["PER", "ORG", "LOC"]), st.sampled_from(["accepted", "suggested", "rejected"]),
                      st.sampled_from(["王延斌", "德州", "天衢新区", "北京"])),
            max_size=6,
        ),
        max_size=4,
    ),
    st.lists(st.integers(0, 5), max_size=3),
)
def test_stats_always_agree_with_the_export_records(docs, done):
    lib = Library.open(None)
    records = []
    for i, spans in enumerate(docs):
        text, mentions = "", []
        for label, status, word in spans:
            text += "，"
            mentions.append(MentionRecord(len(text), len(text) + len(word), label, Origin.MODEL, Status(status)))
            text += word
        records.append(DocumentRecord(text + f"第{i}篇。", f"d{i}", mentions))
    ids = lib.import_records(records).added
    for k in done:
        if ids:
            lib.set_document_status(ids[k % len(ids)], "done")
    lib.merge_entities(("ORG", "德州"), [("ORG", "天衢新区")])
    stats = lib.stats(top=100)
    exported = lib.records()
    assert sum(stats["documents"].values()) == len(exported)
    for label, counts in stats["labels"].items():
        for status, n in counts.items():
            assert n == sum(1 for d in exported for m in d.mentions if m.label == label and m.status.value == status)
    by_entity: dict[str, int] = {}
    for d in exported:
        for m in d.mentions:
            if m.status is not Status.REJECTED:
                by_entity[m.entity] = by_entity.get(m.entity, 0) + 1
    assert {f"{lb}:{s}": n for lb, rows in stats["top"].items() for s, n in rows} == by_entity
    lib.close()
