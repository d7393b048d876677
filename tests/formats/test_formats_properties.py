"""Property tests: write -> read -> write is byte-identical, and mentions survive exactly.

Documents are drawn from tricky characters: 𠮷 (U+20BB7), emoji, CRLF, lone CR, tabs, spaces,
U+3000, U+2028, full-width punctuation, backslashes and ``#``; mentions at the very start and end
and adjacent mentions with no gap.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.core.model import DocumentRecord, MentionRecord, Origin, Status
from reader.formats import read, write

CHARS = list("新华社北京德州经开区王延斌𠮷野家😀👍🏽，。！？「」（）：；、·—…%a1Z#-_\\/\"'<>&") + [
    "\r\n", "\r", "\n", "\n\n", "\t", " ", "\u3000", "\u2028", "\u00a0", "\u200b", "e\u0301",
]
LABELS = ["PER", "ORG", "LOC", "MONEY", "DATE"]
FILE_FORMATS = {"jsonl": "x.jsonl", "doccano": "x.jsonl", "conll": "x.conll", "brat": "x.brat",
                "labelstudio": "x.json", "prodigy": "x.jsonl"}

texts = st.lists(st.sampled_from(CHARS), min_size=1, max_size=40).map("".join)
titles = st.lists(st.sampled_from(CHARS + ["标题"]), min_size=1, max_size=8).map("".join).filter(lambda t: t.strip() != "")


@st.composite
def documents(draw: st.DrawFn, statuses: bool = False) -> DocumentRecord:
    text = draw(texts)
    n = len(text)
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=8)) | draw(st.sampled_from([set(), {0}, {n}, {0, n}])))
    mentions = []
    # consecutive cut points become mentions (adjacent, no gap) unless a gap is drawn
    for a, b in zip(cuts, cuts[1:]):
        if a < b and draw(st.booleans()):
            status = draw(st.sampled_from(list(Status))) if statuses else Status.ACCEPTED
            origin = draw(st.sampled_from(list(Origin))) if statuses else Origin.IMPORT
            mentions.append(MentionRecord(a, b, draw(st.sampled_from(LABELS)), origin, status))
    metadata = draw(st.dictionaries(st.sampled_from(["source", "date", "url"]), texts | st.integers(), max_size=2))
    return DocumentRecord(text=text, title=draw(titles), mentions=mentions, metadata=metadata)


def numbered(docs: list[DocumentRecord]) -> list[DocumentRecord]:
    for i, d in enumerate(docs, 1):
        d.id = i  # what an empty library gives on import
    return docs


def snapshot(path: Path) -> dict[str, bytes]:
    if path.is_dir():
        return {p.name: p.read_bytes() for p in sorted(path.iterdir())}
    return {"": path.read_bytes()}


def live(d: DocumentRecord, accepted_only: bool) -> list[tuple[int, int, str]]:
    keep = (Status.ACCEPTED,) if accepted_only else (Status.ACCEPTED, Status.SUGGESTED)
    return [(m.start, m.end, m.label) for m in sorted(d.mentions, key=lambda m: m.start) if m.status in keep]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(documents(), min_size=1, max_size=3))
def test_round_trip_every_format(docs: list[DocumentRecord]) -> None:
    docs = numbered(docs)
    with tempfile.TemporaryDirectory() as tmp:
        for fmt, name in FILE_FORMATS.items():
            o1, o2 = Path(tmp) / f"1-{fmt}-{name}", Path(tmp) / f"2-{fmt}-{name}"
            write(docs, o1, fmt)
            res = read([o1], fmt)
            assert res.errors == [], (fmt, [str(e) for e in res.errors])
            back = numbered(res.docs)
            assert [d.text for d in back] == [d.text for d in docs], fmt
            assert [live(d, True) for d in back] == [live(d, True) for d in docs], fmt
            if fmt in ("jsonl", "conll", "labelstudio", "prodigy"):
                assert [d.title for d in back] == [d.title for d in docs], fmt
            if fmt in ("jsonl", "labelstudio", "prodigy"):
                assert [d.metadata for d in back] == [d.metadata for d in docs], fmt
            write(back, o2, fmt)
            assert snapshot(o1) == snapshot(o2), fmt


@settings(max_examples=60, deadline=None)
@given(st.lists(documents(statuses=True), min_size=1, max_size=3))
def test_jsonl_lossless_with_review_state(docs: list[DocumentRecord]) -> None:
    # A suggestion may not overlap a live mention in the library; rejected ones may overlap anything.
    docs = numbered(docs)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "a.jsonl"
        write(docs, out, "jsonl")
        res = read([out])
        assert res.errors == []
        assert res.docs == docs


@settings(max_examples=40, deadline=None)
@given(st.lists(documents(statuses=True), min_size=1, max_size=3), st.sampled_from(["bio", "bioes", "bmes"]))
def test_suggestions_and_rejections(docs: list[DocumentRecord], scheme: str) -> None:
    docs = numbered(docs)
    n_suggested = sum(m.status is Status.SUGGESTED for d in docs for m in d.mentions)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "x.conll"
        rep = write(docs, out, "conll", scheme=scheme)
        back = read([out]).docs
        assert [live(d, True) for d in back] == [live(d, True) for d in docs]
        assert any(f"{n_suggested} suggested" in line for line in rep.dropped) == (n_suggested > 0)
        ls = Path(tmp) / "x.json"
        write(docs, ls, "labelstudio")
        back = read([ls]).docs
        assert [live(d, False) for d in back] == [live(d, False) for d in docs]


@settings(max_examples=40, deadline=None)
@given(st.lists(documents(), min_size=1, max_size=3))
def test_conll_one_code_point_per_line_and_crlf_tolerant(docs: list[DocumentRecord]) -> None:
    from reader.formats.conll import dump
    from reader.formats.common import WriteReport

    content = dump(docs, WriteReport())
    token_lines = [ln for ln in content.split("\n") if ln and not ln.startswith("# doc: ")]
    assert len(token_lines) == sum(len(d.text) for d in docs)
    with tempfile.TemporaryDirectory() as tmp:
        p = Path(tmp) / "win.conll"
        p.write_bytes(content.replace("\n", "\r\n").encode("utf-8"))  # saved by a Windows editor
        back = read([p]).docs
        assert [(d.title, d.text, live(d, True)) for d in back] == [(d.title, d.text, live(d, True)) for d in docs]
