"""Bad input is reported, located as FILE:LINE (or FILE: record N), and never guessed."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from reader.formats import read


def errs(res) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e) for e in res.errors]


def w(path: Path, content: str) -> Path:
    path.write_bytes(content.encode("utf-8"))
    return path


def test_jsonl_every_bad_line_located(tmp_path: Path) -> None:
    p = w(tmp_path / "bad.jsonl", "\n".join([
        '{"text": "ok", "spans": []}',
        "not json",
        '{"text": "新华社", "spans": [{"start": 0, "end": 4, "label": "ORG"}]}',
        '{"text": "新华社", "spans": [{"start": 0, "end": 3, "label": "ORG", "text": "新华"}]}',
        '{"text": "新华社", "spans": [{"start": 0, "end": 2, "label": "ORG"}, {"start": 1, "end": 3, "label": "LOC"}]}',
        '{"spans": []}',
        '[1, 2]',
        '{"text": "新华社", "spans": [{"start": 2, "end": 2, "label": "ORG"}]}',
        '{"text": "新华社", "spans": [{"start": "0", "end": 2, "label": "ORG"}]}',
        '{"text": "新华社", "spans": [{"start": 0, "end": 2, "label": "ORG", "status": "maybe"}]}',
    ]) + "\n")
    res = read([p])
    e = errs(res)
    assert [x.split(":")[1] for x in e] == ["2", "3", "4", "5", "6", "7", "8", "9", "10"], e
    assert all(x.startswith(f"{p}:") for x in e)
    assert "lies outside the text (length 3)" in e[1]
    assert "covers '新华社' but the file says '新华'" in e[2]
    assert "overlap" in e[3]
    assert len(res.docs) == 1  # only the good line


def test_unknown_labels(tmp_path: Path) -> None:
    p = w(tmp_path / "a.jsonl", '{"text": "新华社", "spans": [{"start": 0, "end": 3, "label": "ORGX"}]}\n')
    assert errs(read([p], known_labels={"ORG"})) == [f"{p}:1: unknown label 'ORGX'"]
    assert read([p], known_labels=None).errors == []


def test_doccano_check_case(tmp_path: Path) -> None:
    p = w(tmp_path / "bad.jsonl", '{"text": "好", "label": []}\n{"text": "坏", "label": [[0, 5, "PER"]]}\n')
    res = read([p], "doccano")
    assert errs(res) == [f"{p}:2: label 1: span 0-5 lies outside the text (length 1)"]
    assert len(res.docs) == 1


def test_doccano_entities_relations_kept(tmp_path: Path) -> None:
    line = {"id": 3, "text": "王延斌在德州", "entities": [
        {"id": 10, "label": "PER", "start_offset": 0, "end_offset": 3},
        {"id": 11, "label": "LOC", "start_offset": 4, "end_offset": 6}],
        "relations": [{"id": 1, "from_id": 10, "to_id": 11, "type": "in"}], "Comments": []}
    p = w(tmp_path / "d.jsonl", json.dumps(line, ensure_ascii=False) + "\n")
    (doc,) = read([p], "doccano").docs
    assert doc.extra["doccano"]["relations"] == line["relations"]
    assert doc.metadata == {"Comments": []}
    from reader.formats import write

    out = tmp_path / "o.jsonl"
    write([doc], out, "doccano")
    again = json.loads(out.read_text(encoding="utf-8"))
    assert again["entities"] == line["entities"] and again["relations"] == line["relations"]


def test_conll_errors(tmp_path: Path) -> None:
    p = w(tmp_path / "x.conll", "# doc: t\n新\tB-ORG\n华\tX-ORG\n社\n")
    e = errs(read([p]))
    assert e == [f"{p}:3: bad tag 'X-ORG'", f"{p}:4: expected 'token<TAB>tag', got '社'"]
    p2 = w(tmp_path / "y.conll", "新\tB-ORG\n# doc: t\n")
    assert errs(read([p2])) == [f"{p2}:1: token before the first '# doc:' line"]
    p3 = w(tmp_path / "z.conll", "# doc: t\n新\tB-ORGX\n华\tI-ORGX\n")
    assert errs(read([p3], known_labels={"ORG"})) == [f"{p3}:2: unknown label 'ORGX'"]


def test_conll_foreign_files(tmp_path: Path) -> None:
    # space-separated BMES, no headers: every sentence is a document
    p = w(tmp_path / "msra.bmes", "中 B-LOC\n国 E-LOC\n人 S-PER\n\n北 B-LOC\n京 E-LOC\n")
    res = read([p])
    assert res.errors == []
    assert [(d.text, [(m.start, m.end, m.label) for m in d.mentions]) for d in res.docs] == [
        ("中国人", [(0, 2, "LOC"), (2, 3, "PER")]), ("北京", [(0, 2, "LOC")])]
    # -DOCSTART- documents, sentences joined by line breaks, IOB1 and extra columns
    p = w(tmp_path / "c.conll", "-DOCSTART- -X- O O\n\n中\tx\tI-LOC\n国\tx\tI-LOC\n\n好\tx\tO\n\n-DOCSTART- -X- O O\n\n人\tx\tB-PER\n")
    res = read([p])
    assert res.errors == []
    assert [(d.text, [(m.start, m.end, m.label) for m in d.mentions]) for d in res.docs] == [
        ("中国\n好", [(0, 2, "LOC")]), ("人", [(0, 1, "PER")])]


def test_brat_errors_and_extra_lines(tmp_path: Path) -> None:
    d = tmp_path / "coll"
    d.mkdir()
    (d / "a.txt").write_bytes("王延斌在德州\n".encode())
    (d / "a.ann").write_bytes(
        "T1\tPER 0 3\t王延斌\nT2\tLOC 4 6\t德州\nR1\tin Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\t记者\n"
        "T3\tLOC 0 1;4 5\t王 德\n".encode())
    (d / "b.txt").write_bytes("新华社".encode())
    (d / "b.ann").write_bytes("T1\tORG 0 3\t新华\nT2 ORG 0 3 x\n".encode())
    (d / "c.ann").write_bytes(b"")
    res = read([d])
    e = errs(res)
    assert f"{d / 'b.ann'}:1: T1: 0-3 covers '新华社' but the file says '新华'" in e
    assert any(x.startswith(f"{d / 'b.ann'}:2: expected 'T<n><TAB>LABEL START END<TAB>text'") for x in e)
    assert any(x.startswith(f"{d / 'c.ann'}: no text file c.txt") for x in e)
    assert [str(x) for x in res.warnings] == [
        f"{d / 'a.ann'}:5: T3: discontinuous span '0 1;4 5' kept as is, not made a mention"]
    (doc,) = res.docs
    assert [(m.start, m.end, m.label) for m in doc.mentions] == [(0, 3, "PER"), (4, 6, "LOC")]
    from reader.formats import write

    out = tmp_path / "out"
    write([doc], out, "brat")
    assert (out / "a.ann").read_text(encoding="utf-8") == (  # the imported file name is kept
        "T1\tPER 0 3\t王延斌\nT2\tLOC 4 6\t德州\nR1\tin Arg1:T1 Arg2:T2\n#1\tAnnotatorNotes T1\t记者\n"
        "T3\tLOC 0 1;4 5\t王 德\n")
    assert "in\tArg1:<ENTITY>, Arg2:<ENTITY>" in (out / "annotation.conf").read_text(encoding="utf-8")


def test_brat_zip_bad(tmp_path: Path) -> None:
    z = tmp_path / "x.zip"
    z.write_bytes(b"not a zip")
    assert errs(read([z])) == [f"{z}: not a valid zip file"]
    z2 = tmp_path / "y.zip"
    with zipfile.ZipFile(z2, "w") as zf:
        zf.writestr("docs/a.txt", "新华社")
        zf.writestr("docs/a.ann", "T1\tORG 0 9\t新华社\n")
    assert errs(read([z2])) == [f"{z2}/docs/a.ann:1: T1: span 0-9 lies outside the text (length 3)"]


def test_labelstudio_errors_name_the_record(tmp_path: Path) -> None:
    tasks = [
        {"data": {"text": "新华社"}, "annotations": [{"result": [
            {"type": "labels", "value": {"start": 0, "end": 3, "text": "新华社", "labels": ["ORG"]}}]}]},
        {"data": {"text": "新华社"}, "annotations": [{"result": [
            {"type": "labels", "value": {"start": 0, "end": 3, "text": "新华", "labels": ["ORG"]}}]}]},
        {"data": {}},
    ]
    p = w(tmp_path / "ls.json", json.dumps(tasks, ensure_ascii=False, indent=2))
    e = errs(read([p]))
    assert e == [  # the line where the task starts
        f"{p}:24: record 2, annotation 1, result 1: span 0-3 covers '新华社' but the file says '新华'",
        f"{p}:46: record 3: no text (expected data.text)",
    ]
    p2 = w(tmp_path / "broken.json", "[\n{\"data\": \n")
    assert errs(read([p2], "labelstudio"))[0].startswith(f"{p2}:3: not valid JSON")


def test_labelstudio_utf16_offsets_converted(tmp_path: Path) -> None:
    text = "😀新华社"  # the emoji is 2 UTF-16 units
    task = [{"data": {"text": text}, "annotations": [{"result": [
        {"type": "labels", "value": {"start": 2, "end": 5, "text": "新华社", "labels": ["ORG"]}}]}]}]
    p = w(tmp_path / "ls.json", json.dumps(task, ensure_ascii=False))
    (doc,) = read([p]).docs
    assert [(m.start, m.end) for m in doc.mentions] == [(1, 4)]


def test_prodigy_reject_skipped_with_warning(tmp_path: Path) -> None:
    p = w(tmp_path / "p.jsonl", '{"text": "a", "spans": [], "answer": "reject"}\n{"text": "新华社", "spans": [{"start": 0, "end": 3, "label": "ORG", "text": "新华社"}]}\n')
    res = read([p], "prodigy")
    assert res.errors == [] and len(res.docs) == 1
    assert [str(x) for x in res.warnings] == [f"{p}:1: task answered 'reject': skipped"]


def test_files_refused(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00")
    (tmp_path / "dir.txt").mkdir()
    (tmp_path / "x.pdf").write_bytes(b"%PDF")
    res = read([tmp_path / "missing.txt", tmp_path / "empty.txt", tmp_path / "bin.txt", tmp_path / "x.pdf"])
    assert errs(res) == [
        f"{tmp_path / 'missing.txt'}: no such file or folder",
        f"{tmp_path / 'empty.txt'}: file is empty",
        f"{tmp_path / 'bin.txt'}: binary data (NUL bytes), not a text file",
        f"{tmp_path / 'x.pdf'}: unknown file type '.pdf': name a --format",
    ]
    assert errs(read([tmp_path / "dir.txt"], "txt")) == [f"{tmp_path / 'dir.txt'}: folder holds no files to import"]
    from reader.formats.text import read_txt

    assert errs(read_txt(tmp_path / "dir.txt")) == [f"{tmp_path / 'dir.txt'}: is a directory, expected a file"]


def test_json_arrays_of_records(tmp_path: Path) -> None:
    # doccano's JSON (not JSONL) export: an array; errors still located by line
    p = w(tmp_path / "d.json", '[\n  {"text": "新华社", "label": [[0, 3, "ORG"]]},\n  {"text": "坏", "label": [[0, 5, "PER"]]}\n]\n')
    res = read([p])
    assert [(d.text, [(m.start, m.end, m.label) for m in d.mentions]) for d in res.docs] == [("新华社", [(0, 3, "ORG")])]
    assert errs(res) == [f"{p}:3: label 1: span 0-5 lies outside the text (length 1)"]
    # Label Studio JSON-MIN is still guessed as Label Studio
    p2 = w(tmp_path / "min.json", '[{"text": "新华社", "label": [{"start": 0, "end": 3, "text": "新华社", "labels": ["ORG"]}]}]')
    (doc,) = read([p2]).docs
    assert [(m.start, m.end, m.label) for m in doc.mentions] == [(0, 3, "ORG")]
    p3 = w(tmp_path / "cut.jsonl", '[{"text": "a"}, ')
    assert errs(read([p3])) == [f"{p3}:1: JSON array not closed with ']'"]


def test_brat_unknown_label_located(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes("新华社".encode())
    (tmp_path / "a.ann").write_bytes("T1\tORGX 0 3\t新华社\n".encode())
    assert errs(read([tmp_path / "a.ann"], known_labels={"ORG"})) == [f"{tmp_path / 'a.ann'}:1: T1: unknown label 'ORGX'"]


def test_conll_bad_document_does_not_sink_the_others(tmp_path: Path) -> None:
    p = w(tmp_path / "x.conll", "# doc: a\n好\tO\n\n# doc: b\n坏\tB_\n\n# doc: c\n新\tS-ORG\n")
    res = read([p])
    assert errs(res) == [f"{p}:5: bad tag 'B_'"]
    assert [(d.title, d.text) for d in res.docs] == [("a", "好"), ("c", "新")]


def test_cluener_shape(tmp_path: Path) -> None:
    p = w(tmp_path / "dev.json", '{"text": "彭小军认为，台湾", "label": {"name": {"彭小军": [[0, 2]]}, "address": {"台湾": [[6, 7]]}}}\n'
                                 '{"text": "温格", "label": {"name": {"温": [[0, 1]]}}}\n')
    res = read([p])
    assert [(m.start, m.end, m.label) for m in res.docs[0].mentions] == [(0, 3, "name"), (6, 8, "address")]
    assert errs(res) == [f"{p}:2: label 'name' '温': span 0-2 covers '温格' but the file says '温'"]
