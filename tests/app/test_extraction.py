"""Finding entities is an application service: one extractor, a version from the model files,
suggestions outside the undo history, *Find entities again*, and a library that learns."""

from __future__ import annotations

import shutil

import pytest

from reader.app import Library
from reader.app.extraction import ExtractionService, lexicon_from_review, pieces
from reader.core import DocumentRecord, ExtractorUnavailable, NothingToUndo, Status
from reader.core.model import Origin, Span
from reader.extract import model_version
from reader.resources import sample_path

TEXT = "本报记者王延斌报道，山东德州经开区在德州召开大会。蓝箭航天的代表出席。"


class WordExtractor:
    """Suggests fixed words wherever they occur."""

    def __init__(self, words):
        self.words = dict(words)
        self.calls = 0

    def extract(self, text):
        self.calls += 1
        out = []
        for word, label in self.words.items():
            i = text.find(word)
            while i >= 0:
                out.append(Span(i, i + len(word), label, Origin.MODEL))
                i = text.find(word, i + len(word))
        return sorted(out, key=lambda s: (s.start, s.end))


def service(words, version="v1"):
    return ExtractionService(extractor=WordExtractor(words), version=version)


@pytest.fixture
def lib(tmp_path):
    library = Library.open(tmp_path / "lib.db", extraction=service({"王延斌": "PER", "德州经开区": "LOC"}))
    yield library
    library.close()


def add(lib, *texts):
    return lib.import_records([DocumentRecord(t, f"doc {i}") for i, t in enumerate(texts)]).added


def rows(lib, doc):
    return sorted((m.start, m.end, m.label, m.status.value) for m in lib.store.mentions(doc))


def test_find_entities_writes_suggestions_outside_the_history(lib):
    (doc,) = add(lib, TEXT)
    report = lib.find_entities([doc])
    assert report.documents == [doc] and report.added == 2
    assert rows(lib, doc) == [(4, 7, "PER", "suggested"), (12, 17, "LOC", "suggested")]
    assert lib.extracted_version(doc) == "v1"
    assert not lib.can_undo()
    with pytest.raises(NothingToUndo):
        lib.undo()
    assert len(rows(lib, doc)) == 2


def test_find_again_replaces_only_unreviewed_suggestions(lib):
    (doc,) = add(lib, TEXT)
    lib.find_entities([doc])
    per, loc = lib.annotations(doc).live()
    lib.apply(lib.edit_accept(doc, [per.id]))
    lib.find_entities([doc])  # the same result: nothing changes, ids are kept
    assert {m.id for m in lib.annotations(doc)} == {per.id, loc.id}
    lib.apply(lib.edit_reject(doc, [loc.id]))
    lib.use_extraction(service({"王延斌": "ORG", "德州经开区": "LOC", "蓝箭航天": "ORG", "德州": "LOC"}, "v2"))
    assert lib.is_stale(doc)
    report = lib.find_entities([doc], only="stale")
    assert report.documents == [doc]
    # accepted PER stays (the ORG in its place is not suggested), the rejected LOC is not repeated,
    # 德州 (twice) and 蓝箭航天 are new
    assert rows(lib, doc) == [
        (4, 7, "PER", "accepted"),
        (12, 14, "LOC", "suggested"),
        (12, 17, "LOC", "rejected"),
        (18, 20, "LOC", "suggested"),
        (25, 29, "ORG", "suggested"),
    ]
    assert not lib.is_stale(doc) and lib.extracted_version(doc) == "v2"
    lib.use_extraction(service({"蓝箭航天": "ORG"}, "v3"))
    report = lib.find_entities([doc])
    assert report.removed == 2  # 德州 twice: withdrawn, it was never reviewed
    assert rows(lib, doc) == [(4, 7, "PER", "accepted"), (12, 17, "LOC", "rejected"), (25, 29, "ORG", "suggested")]
    assert lib.undo_description().startswith("Reject")  # the user's last edit, not the extractor's


def test_find_entities_only_new_skips_documents_already_done(lib):
    a, b = add(lib, TEXT, "王延斌说。")
    lib.find_entities([a])
    assert lib.find_entities(only="new").documents == [b]
    assert lib.find_entities(only="new").documents == []


def test_unknown_document_is_an_error_and_changes_nothing(lib):
    (doc,) = add(lib, TEXT)
    with pytest.raises(Exception, match="no document 99"):
        lib.find_entities([doc, 99])
    assert rows(lib, doc) == []


def test_redo_after_suggestions_arrived_in_its_place(lib):
    """The user's history replays whatever the extractor did since (suggestions give way)."""
    (doc,) = add(lib, TEXT)
    lib.apply(lib.edit_tag(doc, 4, 7, "PER"))
    lib.undo()
    lib.find_entities([doc])  # 王延斌 is now a suggestion exactly where the undone tag was
    assert (4, 7, "PER", "suggested") in rows(lib, doc)
    lib.redo()
    assert rows(lib, doc) == [(4, 7, "PER", "accepted"), (12, 17, "LOC", "suggested")]
    lib.undo()
    assert rows(lib, doc) == [(12, 17, "LOC", "suggested")]
    lib.redo()
    assert (4, 7, "PER", "accepted") in rows(lib, doc)


def test_redo_of_an_accept_whose_suggestion_was_withdrawn(lib):
    (doc,) = add(lib, TEXT)
    lib.find_entities([doc])
    per = lib.annotations(doc).live()[0]
    lib.apply(lib.edit_accept(doc, [per.id]))
    lib.undo()
    lib.use_extraction(service({"德州经开区": "LOC"}, "v2"))
    lib.find_entities([doc])  # withdraws the (again unreviewed) 王延斌
    assert (4, 7, "PER", "suggested") not in rows(lib, doc)
    lib.redo()  # the user's accept still replays
    assert (4, 7, "PER", "accepted") in rows(lib, doc)
    lib.undo()
    assert (4, 7, "PER", "suggested") in rows(lib, doc)


def test_the_library_learns_from_review(lib):
    a, b = add(lib, TEXT, "蓝箭航天在德州经开区建厂，王延斌报道。")
    lib.find_entities([a])
    lib.apply(lib.edit_tag(a, 25, 29, "ORG"))  # the user adds 蓝箭航天, which the extractor missed
    loc = next(m for m in lib.annotations(a).live() if m.label == "LOC")
    lib.apply(lib.edit_reject(a, [loc.id]))  # and rejects 德州经开区 as LOC
    lex = lib.lexicon()
    assert lex.label_of("蓝箭航天") == "ORG" and lex.is_suppressed("德州经开区", "LOC")
    lib.find_entities([b])
    assert rows(lib, b) == [(0, 4, "ORG", "suggested"), (13, 16, "PER", "suggested")]


def test_plain_extraction_uses_no_library_lexicon(lib):
    svc = lib.extraction
    text = "蓝箭航天在德州经开区建厂。"
    assert [(s.start, s.end) for s in svc.extract(text)] == [(5, 10)]
    lex = lexicon_from_review([("蓝箭航天", "ORG", "accepted", 1), ("德州经开区", "LOC", "rejected", 1)])
    assert [(s.start, s.end, s.label) for s in svc.extract(text, lex)] == [(0, 4, "ORG")]


def test_lexicon_from_review_weighs_accepts_against_rejections():
    lex = lexicon_from_review(
        [
            ("北京", "LOC", "accepted", 3),
            ("北京", "LOC", "rejected", 1),
            ("苹果", "ORG", "accepted", 1),
            ("苹果", "ORG", "rejected", 2),
            ("京", "LOC", "accepted", 5),  # one character: too ambiguous to tag everywhere
            ("华为", "ORG", "accepted", 2),
            ("华为", "LOC", "accepted", 1),
        ]
    )
    assert lex.label_of("北京") == "LOC" and not lex.is_suppressed("北京", "LOC")
    assert lex.label_of("苹果") is None and lex.is_suppressed("苹果", "ORG")
    assert lex.label_of("京") is None
    assert lex.label_of("华为") == "ORG"


def test_learned_names_yield_to_longer_ones():
    from reader.extract.lexicon import Lexicon
    from reader.extract.merge import apply_learned

    text = "北京大学的北京校区"
    lex = Lexicon({"北京": "LOC"})
    model = [Span(0, 4, "ORG")]
    got = [(s.start, s.end, s.label) for s in apply_learned(text, model, lex)]
    assert got == [(0, 4, "ORG"), (5, 7, "LOC")]


def test_pieces_cut_at_line_breaks_and_cover_the_text():
    text = ("第一段文字。" * 50 + "\n") * 40
    regions = pieces(text, 500, 2000)
    assert regions[0][0] == 0 and regions[-1][1] == len(text)
    assert all(a[1] == b[0] for a, b in zip(regions, regions[1:]))
    assert all(text[b - 1] == "\n" for _, b in regions[:-1])
    assert regions[0][1] <= 700
    one_line = "很长的一句话，" * 3000
    regions = pieces(one_line, 500, 2000)
    assert regions[-1][1] == len(one_line) and all(a[1] == b[0] for a, b in zip(regions, regions[1:]))


def test_stream_gives_pieces_then_the_whole_result():
    svc = service({"王延斌": "PER", "德州": "LOC"})
    text = (TEXT + "\n") * 200
    got = list(svc.stream(text, first=300, size=1500))
    assert len(got) > 3 and got[-1].final and not any(p.final for p in got[:-1])
    assert got[0].end <= 400 and got[-1].done == got[-1].total == len(text)
    key = lambda s: (s.start, s.end, s.label)  # noqa: E731
    streamed = sorted(map(key, (s for p in got[:-1] for s in p.spans)))
    assert streamed == sorted(map(key, got[-1].spans)) == sorted(map(key, svc.extract(text)))


def test_stream_stops_when_cancelled():
    from reader.app import Task
    from reader.core.errors import Cancelled

    svc = service({"王延斌": "PER"})
    task = Task()
    stream = svc.stream((TEXT + "\n") * 200, task=task, first=300, size=1500)
    next(stream)
    task.cancel()
    with pytest.raises(Cancelled):
        next(stream)


def test_version_comes_from_the_model_files(tmp_path):
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    (model / "model.npz").write_bytes(b"weights 1")
    v1 = model_version(model)
    assert v1 == model_version(model) and "rules" in v1
    (model / "model.npz").write_bytes(b"weights 2")
    assert model_version(model) != v1
    assert ExtractionService(model=model).version == model_version(model)


def test_a_missing_model_is_extractor_unavailable(tmp_path, lib):
    svc = ExtractionService(model=tmp_path / "nothing")
    with pytest.raises(ExtractorUnavailable):
        svc.version
    with pytest.raises(ExtractorUnavailable):
        svc.extract("王延斌")
    (doc,) = add(lib, TEXT)
    lib.use_extraction(svc)
    with pytest.raises(ExtractorUnavailable):
        lib.find_entities([doc])
    assert not lib.is_stale(doc)


def test_one_loaded_model_per_process():
    assert ExtractionService.shared() is ExtractionService.shared()
    assert ExtractionService.shared(fast=True) is not ExtractionService.shared()


def test_old_libraries_lose_the_extractor_entries_of_their_history(tmp_path):
    """A library written before suggestions left the history: its "Suggest N entities" entries
    go (the suggestions stay); the user's own edits stay undoable."""
    from reader.core.edits import Edit
    from reader.core.model import DocId, Mention, MentionId

    path = tmp_path / "old.db"
    lib = Library.open(path)
    (doc,) = add(lib, TEXT)
    sug = Mention(MentionId(900), DocId(doc), 4, 7, "PER", Origin.MODEL, Status.SUGGESTED)
    with lib.store.transaction():
        lib.store.write_changes(TEXT, (), (sug,))
        lib.store.record(Edit(DocId(doc), "Suggest 1 entities", (), (sug,)))
        lib.store.mark_extracted(DocId(doc), "1")
    lib.apply(lib.edit_tag(doc, 12, 17, "LOC"))
    lib.store.db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm005_suggestions_leave_the_history'")
    lib.store.db.conn.commit()
    lib.close()
    lib = Library.open(path)
    try:
        assert [e.edit.description for e in lib.history()] == ["Tag 「德州经开区」 as LOC"]
        lib.undo()
        assert rows(lib, doc) == [(4, 7, "PER", "suggested")]
        with pytest.raises(NothingToUndo):
            lib.undo()
    finally:
        lib.close()


@pytest.mark.skipif(not (sample_path().is_file()), reason="no sample page")
def test_streaming_the_real_extractor_gives_what_extract_gives():
    """Pieces cut at line breaks: the real pipeline finds the same entities as on the whole text."""
    try:
        svc = ExtractionService.shared()
        svc.load()
    except ExtractorUnavailable:
        pytest.skip("no model")
    page = sample_path().read_text(encoding="utf-8")
    text = page + "\n" + page.replace("德州", "济南")
    got = list(svc.stream(text, first=1500, size=3000))
    assert len(got) >= 3
    assert list(got[-1].spans) == svc.extract(text)
    streamed = {(s.start, s.end, s.label) for p in got[:-1] for s in p.spans}
    final = {(s.start, s.end, s.label) for s in got[-1].spans}
    assert len(streamed ^ final) <= len(final) // 50  # pieces already show (almost) the result
