"""Mutation fuzzing of every reader: a damaged file gives a clean ReaderError or a correct import.

Each case takes a valid file of the format (what reader exports for a few tricky documents) and
damages it: byte flips, truncation, deletions, and insertions of the known troublemakers (lone
surrogate escapes, integers past Python's digit limit, deep nesting, NaN, wrong JSON types,
escapes beyond U+10FFFF, NUL and invalid UTF-8 bytes). Reading must then either report errors
(:class:`InputError`, never another exception) or give documents that import into a library.

CI runs 200 cases per format (2,200 in all); ``READER_FUZZ_EXAMPLES=20000`` runs a bigger campaign.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reader.app import Library
from reader.core.errors import ReaderError
from reader.core.model import DocumentRecord, MentionRecord, Status
from reader.formats import read, write

EXAMPLES = int(os.environ.get("READER_FUZZ_EXAMPLES", "200"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)

SEED_DOCS = [
    DocumentRecord("新华社北京电 王延斌报道：德州经开区𠮷野家😀\r\n第二行\t结束。", "标题 一",
                   [MentionRecord(0, 3, "ORG"), MentionRecord(3, 5, "LOC"), MentionRecord(7, 10, "PER"),
                    MentionRecord(15, 20, "LOC", status=Status.SUGGESTED)], {"source": "x", "n": 3}, 1),
    DocumentRecord("商务部数据显示，增长38%。\n\n投资50亿元", "二", [MentionRecord(0, 3, "ORG")], {}, 2),
]

NASTY = [
    b"\\ud800", b"\\udfff\\ud800", b"9" * 4400, b"-" + b"1" * 5000, b"[" * 3000, b"{\"a\":" * 500, b"NaN",
    b"Infinity", b"-1", b"1e999", b"null", b"true", b"[]", b"{}", b"\"x\"", b"[1,2,3]", b"\\u0000", b"\x00",
    b"\xff\xfe", b"\xed\xa0\x80", b"\xc3", b"\\U00110000", b"\\U0010ffff", b"\\udbff", b"\t", b"\n", b"\r",
    b" ", b"\"label\": 5,", b"\"start\": \"0\",", b"\"end\": 99999999999999999999,", b"]]]]", b"}}}}", b"\"",
    b",", b":", b"\\", b"# doc: ", b"B-", b"I-X", b"S-\xe5\x9c\xb0", b"-DOCSTART-", b"T1\tLOC 0 99\tx\n",
    b"T2\tLOC 3 1\tx\n", b"E1\tX:T1\n", b"\xf0\x9f\x98\x80", b"\xe2\x80\xa8", b"\"text\": [\"a\"],",
    b"\"spans\": {},", b"\"label\": {\"A\": {\"x\": [[0, 1e400]]}},", b"\"entities\": 3,", b"\"data\": 1,",
]


@st.composite
def damaged(draw: st.DrawFn, seed: bytes) -> bytes:
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["flip", "insert", "insert", "delete", "truncate", "random"]))
        pos = draw(st.integers(0, len(data)))
        if op == "flip" and data:
            i = min(pos, len(data) - 1)
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif op == "insert":
            data[pos:pos] = draw(st.sampled_from(NASTY))
        elif op == "delete":
            del data[pos:pos + draw(st.integers(1, 20))]
        elif op == "truncate":
            del data[pos:]
        else:
            data[pos:pos] = draw(st.binary(min_size=1, max_size=8))
    return bytes(data)


def seed_file(fmt: str, suffix: str) -> bytes:
    if fmt == "doccano-array":  # doccano's JSON export: one array of records
        lines = seed_file("doccano", ".jsonl").decode("utf-8").splitlines()
        return ("[\n" + ",\n".join(lines) + "\n]\n").encode("utf-8")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"seed{suffix}"
        write(SEED_DOCS, out, fmt)
        return out.read_bytes()


CASES_RUN: dict[str, int] = {}


def count(name: str) -> None:
    CASES_RUN[name] = CASES_RUN.get(name, 0) + 1


def report_counts() -> None:
    """With READER_FUZZ_REPORT=FILE, each test appends how many damaged files it read."""
    target = os.environ.get("READER_FUZZ_REPORT")
    if target:
        with open(target, "a", encoding="utf-8") as f:
            for name, n in CASES_RUN.items():
                f.write(f"{name}\t{n}\n")
    CASES_RUN.clear()


def check(path: Path, fmt: str | None, lib: Library) -> None:
    try:
        res = read([path], fmt)
    except ReaderError:
        return
    for e in res.errors:
        assert isinstance(e, ReaderError)
        assert str(e).startswith(str(path)), str(e)
    for doc in res.docs:
        assert isinstance(doc.text, str) and isinstance(doc.title, str)
        for m in doc.mentions:
            assert 0 <= m.start < m.end <= len(doc.text)
    if not res.errors and res.docs:
        try:
            lib.import_records(res.docs, add_labels=True)
        except ReaderError:
            pass


@pytest.fixture(scope="module")
def lib():
    library = Library.open(None)
    yield library
    library.close()


CASES = [("jsonl", ".jsonl"), ("doccano", ".jsonl"), ("doccano-array", ".json"), ("cluener", ".json"),
         ("conll", ".conll"), ("labelstudio", ".json"), ("prodigy", ".jsonl")]


@pytest.mark.parametrize("fmt,suffix", CASES)
def test_fuzz_single_file_formats(fmt: str, suffix: str, lib: Library, tmp_path: Path) -> None:
    seed = seed_file(fmt, suffix)
    path = tmp_path / f"case{suffix}"

    @FUZZ
    @given(damaged(seed))
    def run(data: bytes) -> None:
        path.write_bytes(data)
        count(fmt)
        check(path, fmt.split("-")[0], lib)
        check(path, None, lib)  # the format guessed from the extension

    run()
    report_counts()


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("what", ["brat-zip-bytes", "brat-zip-members", "doccano-zip-bytes"])
def test_fuzz_zips(what: str, lib: Library, tmp_path: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "b.zip"
        write(SEED_DOCS, out, "brat")
        brat_zip = out.read_bytes()
        with zipfile.ZipFile(out) as z:
            members = {n: z.read(n) for n in z.namelist()}
    doccano_zip = _zip({"all.jsonl": seed_file("doccano", ".jsonl")})
    path = tmp_path / "case.zip"

    if what == "brat-zip-members":
        @FUZZ
        @given(st.sampled_from(sorted(members)), st.data())
        def run(name: str, data: st.DataObject) -> None:
            path.write_bytes(_zip({**members, name: data.draw(damaged(members[name]))}))
            count(what)
            check(path, "brat", lib)
    else:
        seed = brat_zip if what.startswith("brat") else doccano_zip
        fmt = "brat" if what.startswith("brat") else "doccano"

        @FUZZ
        @given(damaged(seed))
        def run(data: bytes) -> None:
            path.write_bytes(data)
            count(what)
            check(path, fmt, lib)

    run()
    report_counts()


def test_fuzz_brat_folder(lib: Library, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    write(SEED_DOCS, folder, "brat")
    originals = {p.name: p.read_bytes() for p in folder.iterdir()}

    @FUZZ
    @given(st.sampled_from(sorted(n for n in originals if n.endswith((".txt", ".ann")))), st.data())
    def run(name: str, data: st.DataObject) -> None:
        for n, b in originals.items():
            (folder / n).write_bytes(b)
        (folder / name).write_bytes(data.draw(damaged(originals[name])))
        count("brat-folder")
        check(folder, "brat", lib)

    run()
    report_counts()
