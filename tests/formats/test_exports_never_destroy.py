"""Exports never delete or overwrite a file they did not create; files get the user's umask;
CSV is formula-safe and parses back as the same rows."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from pathlib import Path

import pytest

from reader.core.errors import ReaderError
from reader.core.labels import Label
from reader.core.model import DocumentRecord, MentionRecord
from reader.formats import read, write


def doc(i: int = 1, text: str = "王延斌在德州。") -> DocumentRecord:
    return DocumentRecord(text=text, title=f"t{i}", id=i, mentions=[MentionRecord(0, 3, "PER"), MentionRecord(4, 6, "LOC")])


def test_brat_export_into_a_folder_with_the_users_txt_files(tmp_path: Path) -> None:
    out = tmp_path / "corpus"
    out.mkdir()
    (out / "mine.txt").write_text("my notes", encoding="utf-8")
    (out / "doc-0001.txt").write_text("my own file of that name", encoding="utf-8")
    with pytest.raises(ReaderError, match="not empty.*--force"):
        write([doc()], out, "brat")
    assert sorted(p.name for p in out.iterdir()) == ["doc-0001.txt", "mine.txt"]
    write([doc()], out, "brat", overwrite=True)
    assert (out / "mine.txt").read_text(encoding="utf-8") == "my notes"  # never touched
    assert (out / "doc-0001.txt").read_text(encoding="utf-8") == "王延斌在德州。"  # one of the export's pairs
    assert sorted(p.name for p in out.iterdir()) == ["annotation.conf", "doc-0001.ann", "doc-0001.txt", "mine.txt", "visual.conf"]


def test_brat_export_into_an_empty_or_new_folder(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    write([doc()], tmp_path / "empty", "brat")
    write([doc()], tmp_path / "new" / "deeper", "brat")
    assert (tmp_path / "new" / "deeper" / "doc-0001.ann").is_file()
    assert not [p for p in tmp_path.rglob(".*")]  # no temporary left behind


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "a.jsonl"), ("csv", "a.csv"), ("conll", "a.conll"), ("brat", "a.zip")])
def test_an_existing_output_file_is_replaced_only_when_asked(tmp_path: Path, fmt: str, name: str) -> None:
    out = tmp_path / name
    out.write_bytes(b"precious")
    with pytest.raises(ReaderError, match="already exists.*--force"):
        write([doc()], out, fmt)
    assert out.read_bytes() == b"precious"
    out.chmod(0o640)
    write([doc()], out, fmt, overwrite=True)
    assert out.read_bytes() != b"precious" and stat.S_IMODE(out.stat().st_mode) == 0o640  # its mode kept
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


@pytest.mark.parametrize(("fmt", "name"), [("jsonl", "a.jsonl"), ("csv", "a.csv"), ("brat", "b"), ("brat", "b.zip")])
def test_exported_files_get_the_users_umask(tmp_path: Path, fmt: str, name: str) -> None:
    old = os.umask(0o022)
    try:
        write([doc()], tmp_path / name, fmt)
    finally:
        os.umask(old)
    out = tmp_path / name
    files = [p for p in out.rglob("*")] if out.is_dir() else [out]
    assert files and all(stat.S_IMODE(p.stat().st_mode) == 0o644 for p in files)
    if out.is_dir():
        assert stat.S_IMODE(out.stat().st_mode) == 0o755


CSV_NASTY = ["=1+1", "+cmd", "-2", "@SUM(A1)", "\tTAB", "\rCR", "a\rb", "a\nb", 'q"uote', "c,omma", "plain"]


def test_csv_is_formula_safe_and_parses_back_as_the_same_rows(tmp_path: Path) -> None:
    docs = [
        DocumentRecord(text=t + "北京", title=t, id=i, mentions=[MentionRecord(len(t), len(t) + 2, "LOC")])
        for i, t in enumerate(CSV_NASTY, 1)
    ]
    out = tmp_path / "m.csv"
    write(docs, out, "csv")
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"), newline="")))
    assert len(rows) == 1 + len(CSV_NASTY)
    for t, row in zip(CSV_NASTY, rows[1:]):
        title = row[1]
        assert title == ("'" + t if t[0] in "=+-@\t\r" else t)
        assert row[5] == "北京" and row[6] == title  # the left context, neutralised the same way


def test_brat_keeps_names_conf_sections_and_events(tmp_path: Path) -> None:
    coll = tmp_path / "coll"
    (coll / "sub").mkdir(parents=True)
    (coll / "annotation.conf").write_text(
        "[entities]\nPER\nLOC\n\n[relations]\nLocated\tArg1:PER, Arg2:LOC\n<OVERLAP>\tArg1:LOC, Arg2:LOC, <OVL-TYPE>:<ANY>\n"
        "\n[events]\nVisit\tVisitor:PER, Place?:LOC\n\n[attributes]\nNegated\tArg:Visit\n",
        encoding="utf-8",
    )
    (coll / "sub" / "news_03.txt").write_text("王延斌访问德州。", encoding="utf-8")
    (coll / "sub" / "news_03.ann").write_text(
        "T1\tPER 0 3\t王延斌\nT2\tVisit 3 5\t访问\nT3\tLOC 5 7\t德州\nE1\tVisit:T2 Visitor:T1 Place:T3\nA1\tNegated E1\n",
        encoding="utf-8",
    )
    res = read([coll])
    assert res.errors == []
    (d,) = res.docs
    assert [(m.start, m.end, m.label) for m in d.mentions] == [(0, 3, "PER"), (5, 7, "LOC")]  # the trigger is no entity
    out = tmp_path / "out"
    write([d], out, "brat", labels=[Label("PER", "#ff0000"), Label("LOC", "#00ff00")])
    assert (out / "sub" / "news_03.txt").read_text(encoding="utf-8") == "王延斌访问德州。"
    ann = (out / "sub" / "news_03.ann").read_text(encoding="utf-8")
    assert "T2\tVisit 3 5\t访问" in ann and "E1\tVisit:T2 Visitor:T1 Place:T3" in ann and "A1\tNegated E1" in ann
    conf = (out / "annotation.conf").read_text(encoding="utf-8")
    entities = conf.split("[relations]")[0]
    assert "Visit" not in entities and "PER" in entities and "LOC" in entities
    assert "Located\tArg1:PER, Arg2:LOC" in conf and "<OVERLAP>\tArg1:LOC" in conf
    assert "Visit\tVisitor:PER, Place?:LOC" in conf and "Negated\tArg:Visit" in conf
    visual = (out / "visual.conf").read_text(encoding="utf-8")
    assert "PER\tbgColor:#ff0000" in visual and "LOC\tbgColor:#00ff00" in visual
    (back,) = read([out]).docs  # and the export reads back the same
    assert back.text == d.text and back.mentions == d.mentions and back.extra == d.extra


def test_brat_events_without_a_conf_get_a_declaration(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("王延斌访问德州。", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tPER 0 3\t王延斌\nT2\tVisit 3 5\t访问\nE1\tVisit:T2 Visitor:T1\n", encoding="utf-8")
    (d,) = read([tmp_path / "a.ann"]).docs
    assert [m.label for m in d.mentions] == ["PER"]
    write([d], tmp_path / "out.zip", "brat")
    with zipfile.ZipFile(tmp_path / "out.zip") as z:
        conf = z.read("annotation.conf").decode("utf-8")
        assert sorted(z.namelist()) == ["a.ann", "a.txt", "annotation.conf", "visual.conf"]
    assert "Visit\tVisitor*:<ENTITY>" in conf.split("[events]")[1] and "Visit" not in conf.split("[relations]")[0]
