"""The command line, run as a user runs it: a subprocess, real files, exit codes, stderr."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def run(*args: str, stdin: bytes | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "reader", *args], input=stdin, capture_output=True, cwd=cwd or REPO, env=env, timeout=300
    )


def test_version_and_help_on_every_command():
    assert run("--version").stdout.decode().startswith("reader ")
    for cmd in ("gui", "extract", "suggest", "import", "export", "screenshot", "eval", "list", "rename", "delete", "structure",
                "stats", "status", "aliases", "kwic"):
        r = run(cmd, "--help")
        assert r.returncode == 0 and b"usage: reader " + cmd.encode() in r.stdout


def test_extract_keeps_the_contract_on_tricky_text(tmp_path):
    text = "科技日报讯（记者赵向南）10月16日，𠮷野家😀在北京开店，投资50亿元。\r\n第二行：山东德州经开区增长38%。\r\n"
    f = tmp_path / "a.txt"
    f.write_bytes(text.encode("utf-8"))
    r = run("extract", str(f))
    assert r.returncode == 0, r.stderr.decode()
    (rec,) = [json.loads(line) for line in r.stdout.decode("utf-8").splitlines()]
    assert rec["text"] == text
    prev = 0
    for s in rec["spans"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["start"] >= prev
        prev = s["end"]
    found = {(s["text"], s["label"]) for s in rec["spans"]}
    assert {("北京", "LOC"), ("50亿元", "MONEY"), ("38%", "PERCENT"), ("10月16日", "DATE")} <= found


def test_extract_lines_gives_one_record_per_line_and_reads_stdin():
    r = run("extract", "--lines", "-", stdin="北京很好\n\n上海也好\r\n".encode())
    assert r.returncode == 0, r.stderr.decode()
    recs = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert [x["text"] for x in recs] == ["北京很好", "", "上海也好"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.txt", None, "no such file"),
        ("bin.dat", bytes(range(256)) * 20, "binary"),
        ("empty.txt", b"", "empty"),
    ],
)
def test_extract_refuses_bad_input_with_one_clear_line(tmp_path, name, content, message):
    f = tmp_path / name
    if content is not None:
        f.write_bytes(content)
    r = run("extract", str(f))
    assert r.returncode == 1 and r.stdout == b""
    err = r.stderr.decode()
    assert name in err and message in err.lower()
    assert "Traceback" not in err


def test_extract_reads_a_folder_and_refuses_an_empty_one(tmp_path):
    r = run("extract", str(tmp_path))
    assert r.returncode == 1 and "directory" in r.stderr.decode() and r.stdout == b""
    (tmp_path / "b.txt").write_text("江泽民在上海", encoding="utf-8")
    (tmp_path / "a.txt").write_text("李鹏在北京", encoding="utf-8")
    r = run("extract", "--workers", "2", str(tmp_path))
    assert r.returncode == 0, r.stderr.decode()
    assert [json.loads(line)["text"] for line in r.stdout.decode().splitlines()] == ["李鹏在北京", "江泽民在上海"]


def test_extract_jsonl_with_text_field_and_bad_record(tmp_path):
    f = tmp_path / "in.jsonl"
    f.write_text('{"id": "a", "body": "李鹏在北京"}\n{"id": "b"}\n', encoding="utf-8")
    r = run("extract", "--text-field", "body", str(f))
    assert r.returncode == 1 and "in.jsonl:2: no text field 'body'" in r.stderr.decode()
    assert "Traceback" not in r.stderr.decode()
    for line in r.stdout.decode().splitlines():  # what came out before the error is whole records
        json.loads(line)
    f.write_text('{"id": "a", "body": "李鹏在北京"}\n', encoding="utf-8")
    r = run("extract", "--text-field", "body", str(f))
    (rec,) = [json.loads(line) for line in r.stdout.decode().splitlines()]
    assert rec["id"] == "a" and [s["text"] for s in rec["spans"]] == ["李鹏", "北京"]


def test_extract_workers_give_the_records_of_one_worker(tmp_path):
    f = tmp_path / "in.txt"
    lines = ["国务院总理李鹏今天在人民大会堂会见了美国客人。", "新华社北京5月1日电", "", "𠮷野家😀在北京开店"] * 500
    f.write_text("\n".join(lines) + "\n", encoding="utf-8")
    one = run("extract", "--lines", "--workers", "1", str(f))
    two = run("extract", "--lines", "--workers", "2", str(f))
    assert one.returncode == 0 and two.returncode == 0, two.stderr.decode()
    assert one.stdout == two.stdout and len(one.stdout.splitlines()) == len(lines)
    assert one.stderr == b""  # no progress bar when stderr is not a terminal


def test_ctrl_c_stops_with_whole_records(tmp_path):
    import signal
    import time

    f = tmp_path / "big.txt"
    f.write_text("国务院总理李鹏今天在人民大会堂会见了美国客人。\n" * 40_000, encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    p = subprocess.Popen(
        [sys.executable, "-m", "reader", "extract", "--lines", "--workers", "2", str(f)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=REPO, env=env,
    )
    fd = p.stdout.fileno()
    data = [os.read(fd, 65536)]  # records are coming
    time.sleep(2)  # the pipe fills up: the writer blocks in the middle of a chunk
    p.send_signal(signal.SIGINT)
    while data[-1]:
        data.append(os.read(fd, 65536))
    err = p.stderr.read()
    p.wait(timeout=120)
    out = b"".join(data).decode("utf-8")
    assert p.returncode == 130, err.decode()
    assert "interrupted" in err.decode() and "Traceback" not in err.decode()
    assert out.endswith("\n")
    recs = [json.loads(line) for line in out.splitlines()]
    assert 0 < len(recs) < 40_000
    assert int(err.decode().split("interrupted; ")[1].split()[0]) == len(recs)


def test_import_export_round_trip_and_refused_import_changes_nothing(tmp_path):
    db = str(tmp_path / "lib.db")
    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps(
            {"text": "新华社北京5月1日电 𠮷野家", "spans": [{"start": 0, "end": 3, "label": "ORG", "text": "新华社"}, {"start": 11, "end": 14, "label": "ORG", "text": "𠮷野家"}]},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
    assert run("--db", db, "import", str(src)).returncode == 0
    out1 = tmp_path / "out1.jsonl"
    assert run("--db", db, "export", "--format", "jsonl", "-o", str(out1)).returncode == 0
    (rec,) = [json.loads(line) for line in out1.read_text(encoding="utf-8").splitlines()]
    assert [(s["start"], s["end"], s["label"]) for s in rec["spans"]] == [(0, 3, "ORG"), (11, 14, "ORG")]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "ok", "spans": []}\nnot json\n', encoding="utf-8")
    r = run("--db", db, "import", str(bad))
    assert r.returncode == 1 and "bad.jsonl:2" in r.stderr.decode()
    out2 = tmp_path / "out2.jsonl"
    run("--db", db, "export", "--format", "jsonl", "-o", str(out2))
    assert out1.read_bytes() == out2.read_bytes()
    again = run("--db", db, "import", str(src))
    assert again.returncode == 0 and "already in the library" in again.stderr.decode()


def test_a_file_that_is_not_a_library_is_refused(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"x" * 5000)
    r = run("--db", str(junk), "list")
    assert r.returncode == 1 and "not a reader library" in r.stderr.decode()
    assert junk.read_bytes() == b"x" * 5000


def test_screenshot_writes_a_png_of_the_sample_page(tmp_path):
    out = tmp_path / "shot.png"
    r = run("--db", str(tmp_path / "new.db"), "screenshot", str(out))
    assert r.returncode == 0, r.stderr.decode()[-2000:]
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and out.stat().st_size > 20000


def test_rename_list_search_and_delete(tmp_path):
    db = str(tmp_path / "lib.db")
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("德州经开区召开大会。", encoding="utf-8")
    b.write_text("济南的新闻。", encoding="utf-8")
    assert run("--db", db, "import", str(a), str(b)).returncode == 0
    assert run("--db", db, "rename", "1", "开发区 新闻").returncode == 0
    out = run("--db", db, "list", "--search", "新闻").stdout.decode().splitlines()
    assert sorted(line.split("\t")[0] for line in out) == ["1", "2"]
    assert out and "开发区 新闻" in "\n".join(out)
    r = run("--db", db, "delete", "1", "7")
    assert r.returncode == 1 and "no document 7" in r.stderr.decode()
    assert len(run("--db", db, "list").stdout.decode().splitlines()) == 2  # nothing deleted
    r = run("--db", db, "delete", "1")
    assert r.returncode == 0 and "Deleted 1 document" in r.stdout.decode()
    assert [line.split("\t")[0] for line in run("--db", db, "list").stdout.decode().splitlines()] == ["2"]


def _rows(db: Path, doc: int):
    from reader.app import Library

    lib = Library.open(db, create=False)
    try:
        return sorted((m.start, m.end, m.label, m.status.value) for m in lib.store.mentions(doc))
    finally:
        lib.close()


def test_suggest_finds_entities_again_without_touching_reviewed_work(tmp_path):
    from reader.app import Library
    from reader.core import DocumentRecord

    db = tmp_path / "lib.db"
    text = "蓝箭航天在北京开会。\n记者王延斌报道。"
    lib = Library.open(db)
    (doc,) = lib.import_records([DocumentRecord(text, "t")]).added
    lib.close()
    r = run("--db", str(db), "suggest")
    assert r.returncode == 0, r.stderr.decode()
    assert "1 document:" in r.stdout.decode()
    first = _rows(db, doc)
    assert (5, 7, "LOC", "suggested") in first
    lib = Library.open(db)
    beijing = next(m for m in lib.annotations(doc).live() if (m.start, m.end) == (5, 7))
    lib.apply(lib.edit_reject(doc, [beijing.id]))
    lib.apply(lib.edit_tag(doc, 0, 4, "ORG"))
    lib.close()
    r = run("--db", str(db), "suggest", str(doc))
    assert r.returncode == 0, r.stderr.decode()
    after = _rows(db, doc)
    assert (0, 4, "ORG", "accepted") in after and (5, 7, "LOC", "rejected") in after
    assert (5, 7, "LOC", "suggested") not in after
    assert run("--db", str(db), "suggest", "--stale").stdout.decode().startswith("0 documents")
    r = run("--db", str(db), "suggest", "77")
    assert r.returncode == 1 and b"no document 77" in r.stderr
    # the library's review reaches `extract --db LIB --learned`; without --learned, as shipped
    f = tmp_path / "a.txt"
    f.write_text("北京的蓝箭航天。", encoding="utf-8")
    plain = json.loads(run("extract", str(f)).stdout)
    assert json.loads(run("--db", str(db), "extract", str(f)).stdout) == plain
    learned = json.loads(run("--db", str(db), "extract", "--learned", str(f)).stdout)
    assert ("北京", "LOC") in {(s["text"], s["label"]) for s in plain["spans"]}
    assert {(s["text"], s["label"]) for s in learned["spans"]} >= {("蓝箭航天", "ORG")}
    assert ("北京", "LOC") not in {(s["text"], s["label"]) for s in learned["spans"]}


def test_missing_model_folder_is_one_clear_error(tmp_path):
    f = tmp_path / "a.txt"
    f.write_text("北京", encoding="utf-8")
    r = run("extract", "--model", str(tmp_path / "none"), str(f))
    assert r.returncode == 1 and b"no such model folder" in r.stderr and not r.stdout
