"""Entity grouping (reader.core.entities): what the side panel lists, kept up to date edit by edit."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.entities import EntityIndex, EntityObserver
from reader.core.model import DocId, Mention, MentionId, Status

TEXT = "王延斌说，德州经开区很好。王延斌在德州经开区。刘潇在北京。"
LABELS = ["PER", "ORG", "LOC"]
DOC = DocId(1)


def mention(i: int, word: str, label: str, status: Status = Status.SUGGESTED, nth: int = 0) -> Mention:
    start = -1
    for _ in range(nth + 1):
        start = TEXT.index(word, start + 1)
    return Mention(MentionId(i), DOC, start, start + len(word), label, status=status)


def snapshot(index: EntityIndex) -> list[tuple[str, int, int, list[tuple[str, int, int, list[int]]]]]:
    return [
        (g.label, g.mentions, g.suggested, [(e.surface, len(e), e.suggested, e.ids()) for e in g.entities])
        for g in index.groups
    ]


class Mirror(EntityObserver):
    """Replays the observer calls on plain lists, as a Qt model's views would, and checks them."""

    def __init__(self) -> None:
        self.index: EntityIndex | None = None
        self.rows: list[list[object]] = []
        self.calls: list[tuple] = []
        self._pending: tuple | None = None

    def _expect_none(self) -> None:
        assert self._pending is None, f"{self._pending} not finished"

    def resetting(self) -> None:
        self._expect_none()
        self.calls.append(("reset",))

    def reset(self) -> None:
        self.rows = [list(g.entities) for g in self.index.groups]

    def group_inserting(self, row: int) -> None:
        self._expect_none()
        assert row == len(self.rows) == len(self.index.groups)
        self._pending = ("group", row)

    def group_inserted(self, row: int) -> None:
        assert self._pending == ("group", row)
        self._pending = None
        self.rows.insert(row, [])
        self.calls.append(("group+", row))

    def entity_inserting(self, group: int, row: int) -> None:
        self._expect_none()
        assert 0 <= row <= len(self.rows[group])
        self._pending = ("insert", group, row)

    def entity_inserted(self, group: int, row: int) -> None:
        assert self._pending == ("insert", group, row)
        self._pending = None
        self.rows[group].insert(row, self.index.groups[group].entities[row])
        self.calls.append(("+", group, row))

    def entity_removing(self, group: int, row: int) -> None:
        self._expect_none()
        assert self.rows[group][row] is self.index.groups[group].entities[row]  # still there
        self._pending = ("remove", group, row)

    def entity_removed(self, group: int, row: int) -> None:
        assert self._pending == ("remove", group, row)
        self._pending = None
        del self.rows[group][row]
        self.calls.append(("-", group, row))

    def entity_moving(self, group: int, src: int, dst: int) -> None:
        self._expect_none()
        assert src != dst and 0 <= dst < len(self.rows[group])
        assert self.rows[group][src] is self.index.groups[group].entities[src]
        self._pending = ("move", group, src, dst)

    def entity_moved(self, group: int, src: int, dst: int) -> None:
        assert self._pending == ("move", group, src, dst)
        self._pending = None
        self.rows[group].insert(dst, self.rows[group].pop(src))
        assert self.rows[group][dst] is self.index.groups[group].entities[dst]
        self.calls.append(("move", group, src, dst))

    def entities_changed(self, group: int, rows) -> None:
        self._expect_none()
        assert list(rows) == sorted(rows) and all(0 <= r < len(self.rows[group]) for r in rows)
        self.calls.append(("changed", group, tuple(rows)))

    def group_changed(self, group: int) -> None:
        self._expect_none()
        self.calls.append(("group", group))

    def check(self) -> None:
        self._expect_none()
        assert [[id(e) for e in g] for g in self.rows] == [[id(e) for e in g.entities] for g in self.index.groups]


def make(mentions, labels=LABELS):
    mirror = Mirror()
    index = EntityIndex(mirror)
    mirror.index = index
    index.rebuild(labels, TEXT, mentions)
    return index, mirror


def test_groups_follow_labels_and_entities_follow_the_text():
    wang1, wang2 = mention(1, "王延斌", "PER"), mention(2, "王延斌", "PER", Status.ACCEPTED, nth=1)
    liu = mention(3, "刘潇", "PER")
    dz1, dz2 = mention(4, "德州经开区", "LOC"), mention(5, "德州经开区", "LOC", nth=1)
    beijing = mention(6, "北京", "LOC", Status.REJECTED)
    index, _ = make([liu, dz2, wang2, beijing, dz1, wang1])
    assert [g.label for g in index.groups] == LABELS
    assert index.counts() == {"PER": 3, "ORG": 0, "LOC": 2}
    per = index.group("PER")
    assert [(e.surface, len(e), e.suggested, e.accepted) for e in per.entities] == [("王延斌", 2, 1, 1), ("刘潇", 1, 1, 0)]
    assert per.suggested == 2
    assert per.entities[0].ids() == [1, 2]
    assert index.entity("LOC", "北京") is None  # rejected mentions are not entities
    assert index.position("LOC", "德州经开区") == (2, 0)
    assert index.entity_of(MentionId(2)) is per.entities[0]
    assert len(index) == 3


def test_unknown_label_gets_a_group_at_the_end():
    index, mirror = make([mention(1, "北京", "CITY")])
    assert [g.label for g in index.groups] == LABELS + ["CITY"]
    index.update([], [mention(2, "刘潇", "NAME")])
    assert [g.label for g in index.groups] == LABELS + ["CITY", "NAME"]
    assert ("group+", 4) in mirror.calls
    mirror.check()


def test_accepting_a_mention_changes_one_row_only():
    wang1, wang2 = mention(1, "王延斌", "PER"), mention(2, "王延斌", "PER", nth=1)
    liu = mention(3, "刘潇", "PER")
    index, mirror = make([wang1, wang2, liu])
    mirror.calls.clear()
    index.update([wang2], [wang2.with_(status=Status.ACCEPTED)])
    assert mirror.calls == [("changed", 0, (0,)), ("group", 0)]
    assert index.group("PER").suggested == 2
    assert index.entity("PER", "王延斌").accepted == 1
    mirror.check()


def test_rejecting_the_only_mention_removes_the_entity():
    wang, liu = mention(1, "王延斌", "PER"), mention(3, "刘潇", "PER")
    index, mirror = make([wang, liu])
    mirror.calls.clear()
    index.update([liu], [liu.with_(status=Status.REJECTED)])
    assert mirror.calls == [("-", 0, 1), ("group", 0)]
    assert index.entity("PER", "刘潇") is None
    assert index.entity_of(liu.id) is None
    mirror.check()


def test_new_entity_is_inserted_in_text_order():
    wang, liu = mention(1, "王延斌", "PER"), mention(3, "刘潇", "PER")
    index, mirror = make([wang, liu])
    mirror.calls.clear()
    index.update([], [mention(7, "德州经开区", "PER")])  # between 王延斌 and 刘潇
    assert mirror.calls == [("+", 0, 1), ("group", 0)]
    assert [e.surface for e in index.group("PER").entities] == ["王延斌", "德州经开区", "刘潇"]
    mirror.check()


def test_losing_the_first_mention_moves_the_entity():
    wang1, wang2 = mention(1, "王延斌", "PER"), mention(2, "王延斌", "PER", nth=1)
    dz = mention(4, "德州经开区", "PER")  # 5 < second 王延斌
    index, mirror = make([wang1, wang2, dz])
    assert [e.surface for e in index.group("PER").entities] == ["王延斌", "德州经开区"]
    mirror.calls.clear()
    index.update([wang1], [])
    assert mirror.calls == [("move", 0, 0, 1), ("changed", 0, (1,)), ("group", 0)]
    assert [e.surface for e in index.group("PER").entities] == ["德州经开区", "王延斌"]
    mirror.check()


def test_relabel_moves_the_mention_between_groups():
    wang = mention(1, "王延斌", "PER")
    index, mirror = make([wang])
    index.update([wang], [wang.with_(label="ORG", status=Status.ACCEPTED)])
    assert index.counts() == {"PER": 0, "ORG": 1, "LOC": 0}
    assert index.entity("ORG", "王延斌").accepted == 1
    mirror.check()


def test_rebuild_forgets_the_previous_document():
    index, mirror = make([mention(1, "王延斌", "PER")])
    index.rebuild(LABELS, "另一篇", [])
    assert len(index) == 0 and index.counts() == {"PER": 0, "ORG": 0, "LOC": 0}
    assert index.entity_of(MentionId(1)) is None
    mirror.check()


# ---- any sequence of edits gives what a rebuild gives ------------------------------------------------

WORDS = [(w, i) for w in ("王延斌", "德州经开区", "刘潇", "北京", "很好", "在") for i in range(TEXT.count(w))]


@st.composite
def edits(draw):
    """A sequence of edits, each a list of (word occurrence, label, status) operations."""
    return draw(
        st.lists(
            st.lists(
                st.tuples(st.sampled_from(WORDS), st.sampled_from(LABELS + ["NEW"]), st.sampled_from(list(Status))),
                min_size=1,
                max_size=4,
            ),
            max_size=12,
        )
    )


@settings(max_examples=150, deadline=None)
@given(edits())
def test_updates_match_a_rebuild(steps):
    index, mirror = make([])
    live: dict[MentionId, Mention] = {}  # all mentions (rejected too), as an AnnotationSet holds them
    next_id = 1
    for step in steps:
        removed, added = [], []
        taken = {}
        for m in live.values():
            taken[m.id] = m
        for (word, nth), label, status in step:
            new = mention(next_id, word, label, status, nth)
            clash = [m for m in taken.values() if m.live and m.start < new.end and new.start < m.end]
            if any(m in added for m in clash):
                continue
            for m in clash:  # an edit replaces what the new mention overlaps
                removed.append(m)
                del taken[m.id]
            if status is not Status.SUGGESTED and clash and len(clash) == 1 and clash[0].start == new.start:
                new = clash[0].with_(label=label, status=status, end=new.end)  # a relabel/review keeps the id
            else:
                next_id += 1
            added.append(new)
            taken[new.id] = new
        for m in removed:
            live.pop(m.id, None)
        for m in added:
            live[m.id] = m
        index.update(removed, added)
        mirror.check()
        fresh, _ = make(live.values(), LABELS)
        got, want = snapshot(index), snapshot(fresh)
        # groups made on the way keep their place (and may be empty); a rebuild makes them in text order
        assert [g for g in got if g[0] in LABELS] == [g for g in want if g[0] in LABELS]
        assert sorted(g for g in got if g[0] not in LABELS and g[1]) == sorted(g for g in want if g[0] not in LABELS)


def test_an_edit_on_a_large_document_touches_few_rows():
    words = [f"词{i:04d}" for i in range(3000)]
    text = "，".join(words * 3)
    mentions = []
    pos = 0
    for k in range(len(words) * 3):
        w = words[k % len(words)]
        mentions.append(Mention(MentionId(k + 1), DOC, pos, pos + len(w), "PER"))
        pos += len(w) + 1
    mirror = Mirror()
    index = EntityIndex(mirror)
    mirror.index = index
    index.rebuild(LABELS, text, mentions)
    assert len(index.group("PER").entities) == 3000
    mirror.calls.clear()
    m = mentions[10]
    index.update([m], [m.with_(status=Status.ACCEPTED)])
    assert mirror.calls == [("changed", 0, (10,)), ("group", 0)]
