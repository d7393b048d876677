"""Every format on one hand-checked document: the exact file content, and reading it back."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.model import DocumentRecord, MentionRecord, Origin, Status
from reader.formats import FORMATS, read, write

TEXT = "新华社北京电\r\n𠮷野家 开店。"
#       0 1 2 3 4 5 6 7 8 9 10 11 12 13 14   (𠮷 is one code point: 8)


def doc() -> DocumentRecord:
    return DocumentRecord(
        text=TEXT,
        title="快讯",
        id=7,
        metadata={"source": "x"},
        mentions=[
            MentionRecord(0, 3, "ORG", Origin.IMPORT, Status.ACCEPTED),
            MentionRecord(3, 5, "LOC", Origin.USER, Status.ACCEPTED),
            MentionRecord(8, 11, "ORG", Origin.MODEL, Status.SUGGESTED),
            MentionRecord(12, 14, "PER", Origin.MODEL, Status.REJECTED),
        ],
    )


ACCEPTED = [(0, 3, "ORG"), (3, 5, "LOC")]

JSONL = (
    r'{"id": 7, "title": "快讯", "text": "新华社北京电\r\n𠮷野家 开店。", "metadata": {"source": "x"}, "spans": ['
    r'{"start": 0, "end": 3, "label": "ORG", "text": "新华社", "origin": "import", "status": "accepted"}, '
    r'{"start": 3, "end": 5, "label": "LOC", "text": "北京", "origin": "user", "status": "accepted"}, '
    r'{"start": 8, "end": 11, "label": "ORG", "text": "𠮷野家", "origin": "model", "status": "suggested"}, '
    r'{"start": 12, "end": 14, "label": "PER", "text": "开店", "origin": "model", "status": "rejected"}]}'
    "\n"
)
DOCCANO = r'{"id": 7, "text": "新华社北京电\r\n𠮷野家 开店。", "label": [[0, 3, "ORG"], [3, 5, "LOC"]]}' + "\n"
PRODIGY = (
    r'{"text": "新华社北京电\r\n𠮷野家 开店。", "spans": [{"start": 0, "end": 3, "label": "ORG"}, '
    r'{"start": 3, "end": 5, "label": "LOC"}], "answer": "accept", "meta": {"id": 7, "title": "快讯", "source": "x"}}' + "\n"
)
CONLL_BIO = (
    "# doc: 快讯\n"
    "新\tB-ORG\n华\tI-ORG\n社\tI-ORG\n北\tB-LOC\n京\tI-LOC\n电\tO\n\\r\tO\n\\n\tO\n"
    "\n"
    "𠮷\tO\n野\tO\n家\tO\n\\s\tO\n开\tO\n店\tO\n。\tO\n"
    "\n"
)
CONLL_BIOES = CONLL_BIO.replace("社\tI-ORG", "社\tE-ORG").replace("京\tI-LOC", "京\tE-LOC")
CONLL_BMES = CONLL_BIOES.replace("华\tI-ORG", "华\tM-ORG")
ANN = "T1\tORG 0 3\t新华社\nT2\tLOC 3 5\t北京\n"
CONF = "[entities]\nLOC\nORG\n\n[relations]\n\n[events]\n\n[attributes]\n"
CSV = (
    "\ufeffdoc_id,title,start,end,label,text,left,right,origin,status\n"
    '7,快讯,0,3,ORG,新华社,,"北京电\r\n𠮷野家 开店。",import,accepted\n'
    '7,快讯,3,5,LOC,北京,新华社,"电\r\n𠮷野家 开店。",user,accepted\n'
    '7,快讯,8,11,ORG,𠮷野家,"新华社北京电\r\n", 开店。,model,suggested\n'
)
LABELSTUDIO_RESULT_1 = """          {
            "id": "m1",
            "from_name": "label",
            "to_name": "text",
            "type": "labels",
            "value": {
              "start": 0,
              "end": 3,
              "text": "新华社",
              "labels": [
                "ORG"
              ]
            }
          }"""


def mentions(d: DocumentRecord) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.label) for m in d.mentions]


def test_formats_listed() -> None:
    assert set(FORMATS) == {"jsonl", "doccano", "cluener", "conll", "brat", "labelstudio", "prodigy", "csv", "spacy", "txt", "md",
                            "html"}
    assert not FORMATS["csv"].can_read and not FORMATS["txt"].can_write


def test_jsonl_exact_and_lossless(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    rep = write([doc()], out, "jsonl")
    assert out.read_bytes().decode("utf-8") == JSONL
    assert rep.dropped == []
    back = read([out]).docs[0]
    assert back == doc()


@pytest.mark.parametrize(
    ("fmt", "name", "expected"),
    [("doccano", "d.jsonl", DOCCANO), ("prodigy", "p.jsonl", PRODIGY), ("conll", "c.conll", CONLL_BIO)],
)
def test_single_file_exact(tmp_path: Path, fmt: str, name: str, expected: str) -> None:
    out = tmp_path / name
    rep = write([doc()], out, fmt)
    assert out.read_bytes() == expected.encode("utf-8")
    assert any("1 suggested mention not written" in line for line in rep.dropped)
    assert any("metadata" in line for line in rep.dropped) == (fmt != "prodigy")
    res = read([out], fmt)
    assert res.errors == []
    (back,) = res.docs
    assert back.text == TEXT
    assert mentions(back) == ACCEPTED
    assert all(m.status is Status.ACCEPTED and m.origin is Origin.IMPORT for m in back.mentions)
    if fmt == "prodigy":
        assert (back.id, back.title, back.metadata) == (7, "快讯", {"source": "x"})


def test_conll_title_and_schemes(tmp_path: Path) -> None:
    for scheme, expected in [("bioes", CONLL_BIOES), ("bmes", CONLL_BMES)]:
        out = tmp_path / f"{scheme}.conll"
        write([doc()], out, "conll", scheme=scheme)
        assert out.read_bytes().decode("utf-8") == expected
        (back,) = read([out]).docs
        assert back.title == "快讯" and back.text == TEXT and mentions(back) == ACCEPTED


def test_conll_bmes_long_mention(tmp_path: Path) -> None:
    d = DocumentRecord(text="德州经开区。", title="t", mentions=[MentionRecord(0, 5, "LOC")])
    out = tmp_path / "x.bmes"
    write([d], out, "conll", scheme="bmes")
    assert out.read_text(encoding="utf-8") == "# doc: t\n德\tB-LOC\n州\tM-LOC\n经\tM-LOC\n开\tM-LOC\n区\tE-LOC\n。\tO\n\n"
    assert mentions(read([out]).docs[0]) == [(0, 5, "LOC")]


def test_brat_exact(tmp_path: Path) -> None:
    out = tmp_path / "b"
    rep = write([doc()], out, "brat")
    assert sorted(p.name for p in out.iterdir()) == ["annotation.conf", "doc-0007.ann", "doc-0007.txt", "visual.conf"]
    assert (out / "doc-0007.txt").read_bytes() == TEXT.encode("utf-8")
    assert (out / "doc-0007.ann").read_text(encoding="utf-8") == ANN
    assert (out / "annotation.conf").read_text(encoding="utf-8") == CONF
    assert any("suggested" in line for line in rep.dropped)
    (back,) = read([out]).docs  # a folder with .ann files is guessed as brat
    assert back.text == TEXT and mentions(back) == ACCEPTED and back.title == "新华社北京电"


def test_brat_zip(tmp_path: Path) -> None:
    out = tmp_path / "b.zip"
    write([doc()], out, "brat")
    res = read([out])
    assert res.errors == [] and mentions(res.docs[0]) == ACCEPTED and res.docs[0].text == TEXT


def test_labelstudio_exact(tmp_path: Path) -> None:
    out = tmp_path / "l.json"
    rep = write([doc()], out, "labelstudio")
    content = out.read_bytes().decode("utf-8")
    assert content.startswith('[\n  {\n    "id": 7,\n    "data": {\n      "text": "新华社北京电\\r\\n𠮷野家 开店。",\n      "title": "快讯"\n    },\n')
    assert LABELSTUDIO_RESULT_1 in content
    assert '"predictions": [\n      {\n        "model_version": "reader",' in content
    assert '"meta": {\n      "source": "x"\n    }\n  }\n]\n' in content
    assert "开店" not in content.replace(TEXT.replace("\r\n", "\\r\\n"), "")  # the rejected mention is nowhere
    assert rep.dropped == []
    (back,) = read([out]).docs  # a .json array is guessed as Label Studio
    assert [(m.start, m.end, m.label, m.status) for m in back.mentions] == [
        (0, 3, "ORG", Status.ACCEPTED), (3, 5, "LOC", Status.ACCEPTED), (8, 11, "ORG", Status.SUGGESTED)]
    assert back.title == "快讯" and back.metadata == {"source": "x"} and back.id == 7


def test_csv_exact_and_neutralised(tmp_path: Path) -> None:
    out = tmp_path / "c.csv"
    write([doc()], out, "csv")
    assert out.read_bytes().decode("utf-8") == CSV
    bad = DocumentRecord(text="=SUM(A1)+1", title="@cmd", id=1, mentions=[MentionRecord(0, 4, "ORG")])
    write([bad], out, "csv", overwrite=True)
    assert out.read_text(encoding="utf-8").splitlines()[1] == "1,'@cmd,0,4,ORG,'=SUM,,(A1)+1,import,accepted"


def test_stdout_and_folder_errors(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    from reader.core.errors import ReaderError

    write([doc()], None, "doccano")
    assert capsysbinary.readouterr().out == DOCCANO.encode("utf-8")
    with pytest.raises(ReaderError):
        write([doc()], None, "brat")
    with pytest.raises(ReaderError, match="is a folder"):
        write([doc()], tmp_path, "jsonl")
    with pytest.raises(ReaderError):
        write([doc()], tmp_path / "x", "txt")
    with pytest.raises(ReaderError):
        write([doc()], tmp_path / "x", "conll", scheme="iob9")


def test_brat_refuses_to_replace_foreign_folder(tmp_path: Path) -> None:
    from reader.core.errors import ReaderError

    out = tmp_path / "b"
    out.mkdir()
    (out / "notes.docx").write_bytes(b"x")
    with pytest.raises(ReaderError):
        write([doc()], out, "brat")
    (out / "notes.docx").unlink()
    (out / "doc-0099.txt").write_text("old")
    with pytest.raises(ReaderError, match="not empty"):
        write([doc()], out, "brat")  # a folder holding anything is not the export's to change
    write([doc()], out, "brat", overwrite=True)  # only the export's own files are written
    assert (out / "doc-0099.txt").read_text() == "old"


def test_write_is_atomic_no_temp_left(tmp_path: Path) -> None:
    out = tmp_path / "a.jsonl"
    write([doc()], out, "jsonl")
    write([doc()], out, "jsonl", overwrite=True)
    assert [p.name for p in tmp_path.iterdir()] == ["a.jsonl"]
