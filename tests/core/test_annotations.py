from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.annotations import AnnotationSet
from reader.core.model import DocId, Mention, MentionId, Status


def test_at_and_overlapping_use_code_points():
    aset = AnnotationSet(DocId(1), 20, [Mention(MentionId(1), DocId(1), 2, 5, "PER"), Mention(MentionId(2), DocId(1), 5, 7, "LOC")])
    assert aset.at(4).id == 1
    assert aset.at(5).id == 2
    assert aset.at(7) is None
    assert [x.id for x in aset.overlapping(4, 6)] == [1, 2]
    assert aset.overlapping(7, 9) == []


def test_rejected_mentions_are_hidden_but_kept():
    aset = AnnotationSet(DocId(1), 20, [Mention(MentionId(1), DocId(1), 2, 5, "PER", status=Status.REJECTED)])
    assert list(aset.live()) == [] and len(aset) == 1 and aset.at(3) is None


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=25))
def test_live_layer_is_always_flat(pairs):
    aset = AnnotationSet(DocId(1), 40)
    for n, (start, length) in enumerate(pairs):
        new = Mention(MentionId(n), DocId(1), start, start + length, "LOC")
        try:
            aset.apply((), (new,))
        except Exception:
            continue
    live = list(aset.live())
    assert all(a.end <= b.start for a, b in zip(live, live[1:]))


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.sampled_from(list(Status)), st.booleans()), max_size=40))
def test_index_patched_by_small_edits_equals_a_full_sort(ops):
    aset = AnnotationSet(DocId(1), 40)
    next_id = 0
    for start, length, status, drop in ops:
        live = list(aset.live())
        if drop and live:  # remove, or change the status of, an existing mention
            old = live[start % len(live)]
            added = () if status is Status.REJECTED and length % 2 else (old.with_(status=status),)
            aset.apply((old,), added)
        else:
            new = Mention(MentionId(next_id), DocId(1), start, start + length, "LOC", status=status)
            next_id += 1
            try:
                aset.apply((), (new,))
            except Exception:
                continue
        want = sorted((m for m in aset.all() if m.live), key=lambda m: (m.start, m.end))
        assert list(aset.live()) == want
        for status in Status:
            assert aset.count(status) == sum(1 for m in aset.all() if m.status is status)
        assert [aset.at(m.start) for m in want] == want
