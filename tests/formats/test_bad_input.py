"""Hostile input: never a traceback, never a hang, memory bounded; always FILE[:LINE]: what."""

from __future__ import annotations

import io
import json
import os
import resource
import zipfile
from pathlib import Path

import pytest

from reader.cli import main
from reader.formats import read
from reader.formats.safeio import MAX_JSON_DEPTH


def errs(res) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(e) for e in res.errors]


def one_error(path: Path, fmt: str | None = None, **kw) -> str:  # type: ignore[no-untyped-def]
    res = read([path], fmt, **kw)
    assert res.docs == [], res.docs
    assert len(res.errors) >= 1
    return str(res.errors[0])


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes on this system")
def test_named_pipe_refused_without_hanging(tmp_path: Path) -> None:
    fifo = tmp_path / "in.jsonl"
    os.mkfifo(fifo)
    assert one_error(fifo) == f"{fifo}: is a named pipe, not a regular file: refused"


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_symlink_to_a_device_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    assert one_error(link) == f"{link}: is a device, not a regular file: refused"


def test_size_checked_before_reading(tmp_path: Path) -> None:
    sparse = tmp_path / "huge.txt"
    with open(sparse, "wb") as f:
        f.truncate(2 * 1024**3)  # 2 GiB, sparse: nothing is read
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    assert "larger than the 256 MiB limit (raise it with --max-size)" in one_error(sparse)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KiB
    small = tmp_path / "a.jsonl"
    small.write_text('{"text": "新华社"}\n' * 100, encoding="utf-8")
    assert "larger than the 1 KiB limit" in one_error(small, max_size=1024)


def zip_bytes(members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


def test_zip_bomb_refused_before_inflating(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(zip_bytes({"a.txt": b"0" * (64 * 1024 * 1024), "a.ann": b""}))
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    e = one_error(bomb)
    assert e.startswith(f"{bomb}/a.txt: compression ratio above 200:1") and "zip bomb" in e
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 30_000
    assert "inflates to more than the 1 MiB limit" in one_error(bomb, max_size=1024 * 1024)


def test_encrypted_corrupt_and_odd_zips(tmp_path: Path) -> None:
    good = zip_bytes({"a.txt": "新华社电".encode(), "a.ann": "T1\tORG 0 3\t新华社\n".encode()})
    enc = bytearray(good)
    for sig in (b"PK\x03\x04", b"PK\x01\x02"):  # set the 'encrypted' flag in both headers
        i = enc.find(sig)
        flag_at = i + (6 if sig == b"PK\x03\x04" else 8)
        enc[flag_at] |= 1
        while (i := enc.find(sig, i + 4)) >= 0:
            enc[i + (6 if sig == b"PK\x03\x04" else 8)] |= 1
    p = tmp_path / "enc.zip"
    p.write_bytes(bytes(enc))
    assert "encrypted zip member" in one_error(p, "brat")
    odd = bytearray(good)  # a compression method reader cannot read (e.g. 99, AES)
    for sig, at in ((b"PK\x03\x04", 8), (b"PK\x01\x02", 10)):
        i = -1
        while (i := odd.find(sig, i + 1)) >= 0:
            odd[i + at:i + at + 2] = (99).to_bytes(2, "little")
    p = tmp_path / "odd.zip"
    p.write_bytes(bytes(odd))
    assert "compressed with zip method 99" in one_error(p, "brat")
    bad = bytearray(good)
    data_at = bad.find(b"PK\x03\x04") + 30 + len("a.ann")
    bad[data_at + 1] ^= 0xFF
    p = tmp_path / "crc.zip"
    p.write_bytes(bytes(bad))
    assert "damaged zip member" in one_error(p, "brat")
    p = tmp_path / "junk.zip"
    p.write_bytes(b"PK\x03\x04" + b"\x00" * 50)
    assert one_error(p, "brat") == f"{p}: not a valid zip file"


@pytest.mark.parametrize(
    "line,message",
    [
        ('{"text": "\\ud800abc"}', "lone surrogate \\ud800"),
        ('{"text": "abc", "metadata": {"\\udfff": 1}}', "lone surrogate \\udfff"),
        ('{"text": "abc", "spans": [{"start": ' + "9" * 5000 + ', "end": 2, "label": "X"}]}', "Exceeds the limit (4300 digits)"),
        ('{"text": "abc", "metadata": ' + "[" * 100_000 + "]" * 100_000 + "}", "nested too deeply"),
        ('{"text": "abc", "metadata": ' + "[" * (MAX_JSON_DEPTH + 1) + "]" * (MAX_JSON_DEPTH + 1) + "}", "nested too deeply"),
        ('{"text": "abc", "metadata": {"x": NaN}}', "NaN is not a JSON number"),
        ('{"text": "abc", "spans": {"a": 1}}', "'spans' must be a list, got dict"),
        ('{"text": ["x"]}', "'text' must be a string, got list"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 1, "label": ["X"]}]}', "label must be a non-empty string"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "A B"}]}', "holds whitespace or control characters"),
        ('{"text": "abc", "spans": [{"start": 0.0, "end": 1, "label": "X"}]}', "offsets must be integers"),
        ('{"text": "abc", "spans": [{"start": 0, "end": 1, "label": "X", "origin": []}]}', "span 1:"),
        ('"just a string"', "expected a JSON object, got str"),
    ],
)
def test_json_values_checked(tmp_path: Path, line: str, message: str) -> None:
    p = tmp_path / "bad.jsonl"
    p.write_text(line + "\n", encoding="utf-8")
    e = one_error(p)
    assert e.startswith(f"{p}:1: ") and message in e, e


def test_json_array_values_checked(tmp_path: Path) -> None:
    p = tmp_path / "tasks.json"
    p.write_text('[{"data": {"text": "\\ud83dabc"}}]', encoding="utf-8")
    assert "lone surrogate" in one_error(p, "labelstudio")
    p.write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    assert "nested too deeply" in one_error(p, "labelstudio")
    p.write_text('[{"text": "abc", "label": [[0, ' + "1" * 5000 + ', "X"]]}]', encoding="utf-8")
    assert "4300 digits" in one_error(p, "doccano")


def test_conll_escapes_beyond_unicode(tmp_path: Path) -> None:
    p = tmp_path / "x.conll"
    p.write_text("# doc: t\n\\U00110000\tO\n", encoding="utf-8")
    assert one_error(p) == f"{p}:2: escape \\U00110000 names no Unicode character"
    p.write_text("# doc: \\ud800\n新\tO\n", encoding="utf-8")
    assert one_error(p).startswith(f"{p}:1: escape \\ud800 names no Unicode character")


def test_brat_huge_offsets(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("新华社", encoding="utf-8")
    (tmp_path / "a.ann").write_text("T1\tORG 0 " + "9" * 5000 + "\t新华社\n", encoding="utf-8")
    e = one_error(tmp_path, "brat")
    assert e.startswith(f"{tmp_path / 'a.ann'}:1: expected 'T<n><TAB>LABEL START END<TAB>text'")


def test_cli_refuses_cleanly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = tmp_path / "lib.db"
    fifo = tmp_path / "p.txt"
    os.mkfifo(fifo)
    assert main(["--db", str(db), "import", str(fifo)]) == 1
    assert capsys.readouterr().err.strip() == f"reader: {fifo}: is a named pipe, not a regular file: refused"
    p = tmp_path / "a.jsonl"
    p.write_text(json.dumps({"text": "新华社电"}, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["--db", str(db), "import", "--max-size", "10", str(p)]) == 1
    assert "larger than the 10 bytes limit" in capsys.readouterr().err
    assert main(["--db", str(db), "import", "--max-size", "1M", str(p)]) == 0


def test_garbage_stops_after_a_thousand_problems(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    p = tmp_path / "garbage.jsonl"
    p.write_text("x\n" * 200_000, encoding="utf-8")
    res = read([p])
    assert res.stopped and len(res.errors) == 1001
    assert str(res.errors[-1]) == f"{p}:1001: more than 1000 problems: stopped reading here"
    db = tmp_path / "lib.db"
    assert main(["--db", str(db), "import", "--skip-bad", str(p)]) == 1  # the rest was not read: nothing skipped
    assert "stopped reading here" in capsys.readouterr().err


def test_zip_with_too_many_members_refused_before_its_directory_is_loaded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from reader.formats import safeio

    monkeypatch.setattr(safeio, "MAX_ZIP_ENTRIES", 10)
    p = tmp_path / "many.zip"
    p.write_bytes(zip_bytes({f"{i}.txt": b"x" for i in range(11)}))
    assert one_error(p, "brat") == f"{p}: the zip lists 11 members, more than the 10 reader reads"
