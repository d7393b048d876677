"""What other tools need from our files: doccano offset units and zips, CoNLL without comments,
sentences that never cut a mention, BMES, Weibo-style tokens, CLUENER export, spaCy DocBin."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.core.model import DocumentRecord, MentionRecord
from reader.formats import read, write
from reader.formats.common import Units, grapheme_starts

TEXT = "𠮷野家😀在北京开店"  # 𠮷 and 😀 are two UTF-16 units each
# code points: 𠮷0 野1 家2 😀3 在4 北5 京6 开7 店8
CP = [[0, 3, "ORG"], [5, 7, "LOC"]]


def w(path: Path, lines: list[dict]) -> Path:
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    return path


def spans(doc: DocumentRecord) -> list[list]:
    return [[m.start, m.end, m.label] for m in doc.mentions]


def test_doccano_utf16_offsets_detected_with_a_warning(tmp_path: Path) -> None:
    # the second record only fits as UTF-16; the first fits both ways but must be read the same way
    # (0-4 fits as code points too, but 9-11 lies outside the 9 code points: the file counts UTF-16)
    p = w(tmp_path / "d.jsonl", [{"text": TEXT, "label": [[0, 4, "ORG"]]}, {"text": TEXT, "label": [[9, 11, "LOC"]]}])
    res = read([p], "doccano")
    assert res.errors == []
    assert [spans(d) for d in res.docs] == [[[0, 3, "ORG"]], [[7, 9, "LOC"]]]
    assert len(res.warnings) == 1 and "UTF-16" in str(res.warnings[0]) and str(res.warnings[0]).startswith(f"{p}:2:")
    # said explicitly: no warning; said wrongly: an error
    res = read([p], "doccano", offsets="utf16")
    assert res.errors == [] and res.warnings == [] and [spans(d) for d in res.docs] == [[[0, 3, "ORG"]], [[7, 9, "LOC"]]]
    res = read([p], "doccano", offsets="codepoint")
    assert res.docs[:1] and any("outside the text" in str(e) for e in res.errors)


def test_doccano_code_points_stay_code_points(tmp_path: Path) -> None:
    p = w(tmp_path / "d.jsonl", [{"text": TEXT, "label": CP}])
    res = read([p], "doccano")
    assert res.errors == [] and res.warnings == [] and spans(res.docs[0]) == CP


def test_doccano_refuses_a_file_where_neither_fits(tmp_path: Path) -> None:
    # 𠮷野家😀 at code points is 0-4; the span 0-11 is outside both counts; 1-2 would cut 𠮷 in UTF-16
    p = w(tmp_path / "d.jsonl", [{"text": TEXT, "label": [[0, 10, "ORG"]]}, {"text": TEXT, "label": [[1, 2, "LOC"]]}])
    res = read([p], "doccano")
    assert res.docs == []
    assert str(res.errors[0]).startswith(f"{p}:1: offsets fit neither as code points")


def test_doccano_grapheme_offsets(tmp_path: Path) -> None:
    text = "👍🏽王延斌在🇨🇳北京"  # graphemes: 👍🏽 王 延 斌 在 🇨🇳 北 京
    p = w(tmp_path / "d.jsonl", [{"text": text, "label": [[1, 4, "PER"], [6, 8, "LOC"]]}])
    res = read([p], "doccano", offsets="grapheme")
    assert res.errors == [] and [(text[m.start:m.end], m.label) for m in res.docs[0].mentions] == [("王延斌", "PER"), ("北京", "LOC")]
    out = tmp_path / "o.jsonl"
    write(res.docs, out, "doccano", offsets="grapheme")
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == [[1, 4, "PER"], [6, 8, "LOC"]]
    write(res.docs, out, "doccano", offsets="utf16", overwrite=True)
    assert json.loads(out.read_text(encoding="utf-8"))["label"] == [[4, 7, "PER"], [12, 14, "LOC"]]


def test_units() -> None:
    assert grapheme_starts("e\u0301a\r\nb") == [0, 2, 3, 5, 6]
    u = Units("a𠮷b", "utf16")
    assert [u.to_cp(i) for i in range(5)] == [0, 1, None, 2, 3] and u.from_cp(2) == 3 and u.length == 4


def test_doccano_exact_duplicate_span_accepted_once(tmp_path: Path) -> None:
    p = w(tmp_path / "d.jsonl", [{"text": "新华社电", "label": [[0, 3, "ORG"], [0, 3, "ORG"]]}])
    res = read([p], "doccano")
    assert res.errors == [] and spans(res.docs[0]) == [[0, 3, "ORG"]]
    p = w(tmp_path / "e.jsonl", [{"text": "新华社电", "label": [[0, 3, "ORG"], [0, 3, "LOC"]]}])
    assert "overlap" in str(read([p], "doccano").errors[0])


def test_doccano_downloaded_zip(tmp_path: Path) -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("all.jsonl", json.dumps({"id": 1, "text": "新华社电", "label": [[0, 3, "ORG"]], "Comments": []},
                                           ensure_ascii=False) + "\n")
        z.writestr("admin.jsonl", json.dumps({"id": 1, "text": "新华社电", "label": []}) + "\n")
    p = tmp_path / "project.zip"
    p.write_bytes(buf.getvalue())
    for fmt in ("doccano", None):  # a zip of JSONL files is recognised as doccano's download
        res = read([p], fmt)
        assert res.errors == [] and len(res.docs) == 1 and spans(res.docs[0]) == [[0, 3, "ORG"]]
    db = tmp_path / "lib.db"
    assert main(["--db", str(db), "import", "--add-labels", str(p)]) == 0


DOCS = [
    DocumentRecord("新华社北京电。王延斌报道\n德州", "一", [MentionRecord(0, 3, "ORG"), MentionRecord(3, 5, "LOC"),
                                                  MentionRecord(7, 10, "PER")], {}, 1),
    DocumentRecord("他说：“北京。上海”很好。", "二", [MentionRecord(4, 10, "LOC")], {}, 2),  # a mention across 。
]


def test_conll_without_comments_and_no_mention_across_a_sentence(tmp_path: Path) -> None:
    out = tmp_path / "plain.conll"
    write(DOCS, out, "conll", comments=False)
    content = out.read_text(encoding="utf-8")
    assert "#" not in content
    sentences = [s for s in content.split("\n\n") if s.strip()]
    for s in sentences:  # every sentence starts outside a mention or with B-
        first_tag = s.split("\n")[0].split("\t")[1]
        assert not first_tag.startswith("I-"), s
    assert "北\tB-LOC\n京\tI-LOC\n。\tI-LOC\n上\tI-LOC" in content
    # with comments the round trip stays lossless
    own = tmp_path / "own.conll"
    write(DOCS, own, "conll")
    back = read([own])
    assert [(d.text, spans(d)) for d in back.docs] == [(d.text, spans(d)) for d in DOCS]


def test_bmes_from_the_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lib.db"
    src = tmp_path / "a.jsonl"
    write(DOCS[:1], src, "jsonl")
    assert main(["--db", str(db), "import", "--add-labels", str(src)]) == 0
    out = tmp_path / "a.bmes"
    assert main(["--db", str(db), "export", "--format", "conll", "--scheme", "bmes", "--no-comments", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8").startswith("新\tB-ORG\n华\tM-ORG\n社\tE-ORG\n北\tB-LOC\n京\tE-LOC\n")
    assert main(["--db", str(db), "export", "--format", "jsonl", "--no-comments"]) == 1
    assert "--format conll only" in capsys.readouterr().err


def test_weibo_segmentation_digits_stripped(tmp_path: Path) -> None:
    p = tmp_path / "weibo.bio"
    p.write_text("我0\tO\n在0\tO\n北0\tB-GPE.NAM\n京1\tI-GPE.NAM\n\n好0\tO\n", encoding="utf-8")
    res = read([p], "conll")
    assert res.errors == []
    assert [(d.text, [(d.text[m.start:m.end], m.label) for m in d.mentions]) for d in res.docs] == [
        ("我在北京", [("北京", "GPE.NAM")]), ("好", [])]
    assert "segmentation digit" in str(res.warnings[0])
    plain = tmp_path / "plain.bio"
    plain.write_text("我\tO\n1\tO\n9\tO\n", encoding="utf-8")
    assert read([plain], "conll").warnings == [] and read([plain], "conll").docs[0].text == "我19"


def test_cluener_export_reads_back(tmp_path: Path) -> None:
    out = tmp_path / "c.json"
    report = write(DOCS, out, "cluener")
    first = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert first == {"text": DOCS[0].text, "label": {"ORG": {"新华社": [[0, 2]]}, "LOC": {"北京": [[3, 4]]},
                                                      "PER": {"王延斌": [[7, 9]]}}}
    assert any("titles" in line for line in report.dropped)
    back = read([out], "cluener")
    assert back.errors == [] and [spans(d) for d in back.docs] == [spans(d) for d in DOCS]


def test_spacy_export_needs_spacy_or_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import builtins

    real_import = builtins.__import__

    def no_spacy(name, *a, **k):  # type: ignore[no-untyped-def]
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *a, **k)

    monkeypatch.setattr(builtins, "__import__", no_spacy)
    from reader.core.errors import ReaderError

    out = tmp_path / "x.spacy"
    with pytest.raises(ReaderError, match=r"pip install 'reader\[spacy\]'"):
        write(DOCS, out, "spacy")
    assert not out.exists()


def test_doccano_file_without_format_detects_utf16_too(tmp_path: Path) -> None:
    p = w(tmp_path / "d.jsonl", [{"text": TEXT, "label": [[9, 11, "LOC"]]}])
    res = read([p])
    assert res.errors == [] and spans(res.docs[0]) == [[7, 9, "LOC"]] and "UTF-16" in str(res.warnings[0])
