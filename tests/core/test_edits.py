from __future__ import annotations

import itertools

import pytest

from reader.core import edits
from reader.core.annotations import AnnotationSet
from reader.core.edits import Edit
from reader.core.errors import SpanError
from reader.core.labels import DEFAULT_LABEL_NAMES
from reader.core.model import DocId, Mention, MentionId, Origin, Span, Status

TEXT = "本报记者王延斌报道，山东德州经开区在德州召开大会，德州很热闹。"
DOC = DocId(1)


def make(*mentions: Mention) -> AnnotationSet:
    return AnnotationSet(DOC, len(TEXT), mentions)


def ids(start: int = 100):
    counter = itertools.count(start)
    return lambda: MentionId(next(counter))


def m(mid: int, start: int, end: int, label: str, status: Status = Status.ACCEPTED, origin: Origin = Origin.USER) -> Mention:
    return Mention(MentionId(mid), DOC, start, end, label, origin, status)


def test_add_mention_then_revert_restores_the_set():
    aset = make()
    edit = edits.add_mention(aset, TEXT, 4, 7, "PER", ids(), labels=DEFAULT_LABEL_NAMES)
    edit.apply(aset)
    assert [(x.start, x.end, x.label, x.status) for x in aset.live()] == [(4, 7, "PER", Status.ACCEPTED)]
    edit.revert(aset)
    assert len(aset) == 0


def test_add_mention_trims_whitespace_and_refuses_blank():
    text = "  北京  "
    aset = AnnotationSet(DOC, len(text))
    edit = edits.add_mention(aset, text, 0, 6, "LOC", ids(), labels=DEFAULT_LABEL_NAMES)
    assert (edit.added[0].start, edit.added[0].end) == (2, 4)
    with pytest.raises(SpanError, match="whitespace"):
        edits.add_mention(aset, text, 0, 2, "LOC", ids(), labels=DEFAULT_LABEL_NAMES)


@pytest.mark.parametrize(
    ("start", "end", "label", "message"),
    [
        (-1, 3, "PER", "outside"),
        (3, 3, "PER", "empty"),
        (0, 999, "PER", "outside"),
        (0, 2, "NOPE", "unknown label"),
    ],
)
def test_add_mention_refuses_bad_spans(start, end, label, message):
    with pytest.raises(SpanError, match=message):
        edits.add_mention(make(), TEXT, start, end, label, ids(), labels=DEFAULT_LABEL_NAMES)


def test_overlapping_accepted_mention_is_refused_with_its_text():
    aset = make(m(1, 10, 17, "LOC"))
    with pytest.raises(SpanError, match="德州经开区"):
        edits.add_mention(aset, TEXT, 12, 14, "LOC", ids(), labels=DEFAULT_LABEL_NAMES)


def test_user_tag_over_a_suggestion_rejects_the_suggestion_in_the_same_edit():
    aset = make(m(1, 12, 17, "ORG", Status.SUGGESTED, Origin.MODEL))
    edit = edits.add_mention(aset, TEXT, 10, 17, "LOC", ids(), labels=DEFAULT_LABEL_NAMES)
    edit.apply(aset)
    assert [(x.start, x.end, x.label) for x in aset.live()] == [(10, 17, "LOC")]
    assert aset.get(MentionId(1)).status is Status.REJECTED
    edit.revert(aset)
    assert aset.get(MentionId(1)).status is Status.SUGGESTED


def test_tagging_exactly_a_suggestion_accepts_it_instead_of_duplicating():
    aset = make(m(1, 4, 7, "ORG", Status.SUGGESTED, Origin.MODEL))
    edit = edits.add_mention(aset, TEXT, 4, 7, "PER", ids(), labels=DEFAULT_LABEL_NAMES)
    edit.apply(aset)
    assert len(aset) == 1
    only = aset.get(MentionId(1))
    assert (only.label, only.status) == ("PER", Status.ACCEPTED)


def test_delete_keeps_a_suggestion_as_rejected_but_removes_a_user_mention():
    aset = make(m(1, 4, 7, "PER", Status.SUGGESTED, Origin.MODEL), m(2, 10, 12, "LOC"))
    edits.delete_mentions(aset, TEXT, [MentionId(1), MentionId(2)]).apply(aset)
    assert list(aset.live()) == []
    assert [x.status for x in aset] == [Status.REJECTED]


def test_relabel_resize_accept_reject_are_reversible():
    aset = make(m(1, 4, 7, "ORG", Status.SUGGESTED, Origin.MODEL), m(2, 10, 12, "LOC", Status.SUGGESTED, Origin.MODEL))
    before = aset.all()
    steps: list[Edit] = []
    for make_edit in (
        lambda: edits.relabel(aset, TEXT, MentionId(1), "PER", labels=DEFAULT_LABEL_NAMES),
        lambda: edits.resize(aset, TEXT, MentionId(2), 10, 17),
        lambda: edits.set_status(aset, TEXT, [MentionId(2)], Status.REJECTED),
        lambda: edits.set_status(aset, TEXT, [MentionId(2)], Status.ACCEPTED),
    ):
        e = make_edit()
        e.apply(aset)
        steps.append(e)
    assert [(x.start, x.end, x.label, x.status) for x in aset.live()] == [
        (4, 7, "PER", Status.ACCEPTED),
        (10, 17, "LOC", Status.ACCEPTED),
    ]
    for e in reversed(steps):
        e.revert(aset)
    assert aset.all() == before


def test_resize_into_an_accepted_mention_is_refused():
    aset = make(m(1, 4, 7, "PER"), m(2, 10, 12, "LOC"))
    with pytest.raises(SpanError, match="overlap"):
        edits.resize(aset, TEXT, MentionId(1), 4, 11)


def test_tag_all_tags_every_occurrence_in_one_edit_and_skips_blocked_ones():
    start = TEXT.index("德州经开区")
    aset = make(m(1, start - 2, start + 5, "LOC"))  # 山东德州经开区 covers the first 德州
    edit = edits.tag_all(aset, TEXT, "德州", "LOC", ids(), labels=DEFAULT_LABEL_NAMES)
    edit.apply(aset)
    found = [(x.start, x.end) for x in aset.live() if x.end - x.start == 2]
    assert found == [(i, i + 2) for i in (TEXT.index("德州", start + 3), TEXT.rindex("德州"))]
    assert "1 occurrence" in edit.note
    edit.revert(aset)
    assert len(aset) == 1


def test_suggest_never_overrides_reviewed_work_or_repeats_a_rejection():
    aset = make(m(1, 4, 7, "PER"), m(2, 10, 12, "LOC", Status.REJECTED, Origin.MODEL))
    spans = [Span(5, 8, "ORG"), Span(10, 12, "LOC"), Span(12, 17, "LOC"), Span(13, 15, "ORG")]
    edit = edits.suggest(aset, spans, ids())
    assert [(x.start, x.end, x.label, x.status) for x in edit.added] == [(12, 17, "LOC", Status.SUGGESTED)]


def test_edit_json_round_trip():
    aset = make(m(1, 4, 7, "ORG", Status.SUGGESTED, Origin.MODEL))
    edit = edits.relabel(aset, TEXT, MentionId(1), "PER", labels=DEFAULT_LABEL_NAMES)
    assert Edit.from_json(edit.to_json()) == edit


def test_stale_edit_is_refused():
    aset = make(m(1, 4, 7, "ORG", Status.SUGGESTED, Origin.MODEL))
    first = edits.relabel(aset, TEXT, MentionId(1), "PER", labels=DEFAULT_LABEL_NAMES)
    second = edits.relabel(aset, TEXT, MentionId(1), "LOC", labels=DEFAULT_LABEL_NAMES)
    first.apply(aset)
    with pytest.raises(SpanError, match="changed since"):
        second.apply(aset)


def test_a_structure_edit_round_trips_and_inverts():
    from reader.core.edits import Edit
    from reader.core.model import DocId

    before = {"articles": [{"title": "a", "blocks": [[0, 3, "headline"]], "credits": []}], "joins": []}
    after = {"articles": [{"title": "a", "blocks": [[0, 3, "body"]], "credits": []}], "joins": []}
    e = Edit(DocId(4), "Make 「abc」 a body", structure_before=before, structure_after=after)
    assert not e.empty and e.changes_structure
    back = Edit.from_json(e.to_json())
    assert back == e and back.inverse().structure_after == before
    plain = Edit(DocId(4), "nothing")
    assert plain.empty and "structure" not in plain.to_json() and Edit.from_json(plain.to_json()) == plain


def test_tag_all_matches_lists_conflicts_and_only_applies_the_chosen():
    start = TEXT.index("德州经开区")
    aset = make(m(1, start - 2, start + 5, "LOC"))
    matches = edits.tag_all_matches(aset, TEXT, "德州", "LOC")
    assert [t.start for t in matches] == [i for i in range(len(TEXT)) if TEXT.startswith("德州", i)]
    blocked = [t for t in matches if t.conflict is not None]
    assert len(blocked) == 1 and blocked[0].conflict.id == MentionId(1)
    free = [t.start for t in matches if t.taggable]
    edit = edits.tag_all(aset, TEXT, "德州", "LOC", ids(), labels=DEFAULT_LABEL_NAMES, only=free[:1])
    edit.apply(aset)
    assert sorted((x.start, x.end) for x in aset.live() if x.end - x.start == 2) == [(free[0], free[0] + 2)]
    # the blocked one, chosen anyway, is skipped, never merged into 山东德州经开区
    edit = edits.tag_all(aset, TEXT, "德州", "LOC", ids(), labels=DEFAULT_LABEL_NAMES, only=[blocked[0].start])
    assert edit.empty and "1 occurrence" in edit.note
    assert [t.done for t in edits.tag_all_matches(aset, TEXT, "德州", "LOC")].count(True) == 1
    with pytest.raises(SpanError):
        edits.tag_all(aset, TEXT, "德州", "LOC", ids(), labels=DEFAULT_LABEL_NAMES, only=[0 if not TEXT.startswith("德州") else 1])


def test_nudge_moves_one_boundary_by_a_code_point_and_refuses_overlap_or_empty():
    text = "甲𠮷乙\r\n丙丁 戊"
    aset = make(m(1, 1, 2, "PER"), m(2, 5, 6, "LOC", Status.SUGGESTED, Origin.MODEL))
    grow = edits.nudge(aset, text, MentionId(1), "end", 1)
    grow.apply(aset)
    assert (aset.get(MentionId(1)).start, aset.get(MentionId(1)).end) == (1, 3)  # 𠮷乙: one code point each
    with pytest.raises(SpanError, match="overlap"):  # over CRLF, onto the suggested 丙
        edits.nudge(aset, text, MentionId(1), "end", 1)
    edits.nudge(aset, text, MentionId(1), "start", -1).apply(aset)
    assert aset.get(MentionId(1)).start == 0
    with pytest.raises(SpanError, match="start of the text"):
        edits.nudge(aset, text, MentionId(1), "start", -1)
    edits.nudge(aset, text, MentionId(1), "start", 1).apply(aset)
    edits.nudge(aset, text, MentionId(1), "start", 1).apply(aset)
    assert (aset.get(MentionId(1)).start, aset.get(MentionId(1)).end) == (2, 3)
    with pytest.raises(SpanError, match="empty"):
        edits.nudge(aset, text, MentionId(1), "end", -1)
    # the start steps back over CRLF in one key press, and so reaches 乙 (taken)
    with pytest.raises(SpanError, match="overlap"):
        edits.nudge(aset, text, MentionId(2), "start", -1)
    edits.nudge(aset, text, MentionId(2), "end", 1).apply(aset)
    edit = edits.nudge(aset, text, MentionId(2), "end", 1)
    edit.apply(aset)
    assert aset.get(MentionId(2)).end == len(text)  # the space is stepped over to 戊
    edit.revert(aset)
    assert aset.get(MentionId(2)).end == 7
