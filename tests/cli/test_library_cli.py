"""The command line and the library file: one writer, read-only readers, bad paths, damaged files."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from test_cli import run

HOLD = "import sys, time\nfrom reader.app import Library\nLibrary.open(sys.argv[1], program='reader gui')\nprint('held', flush=True)\ntime.sleep(60)\n"


@pytest.fixture
def held(tmp_path):
    db = tmp_path / "lib.db"
    (tmp_path / "a.txt").write_text("北京欢迎你。\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("上海也欢迎你。\n", encoding="utf-8")
    assert run("--db", str(db), "import", str(tmp_path / "a.txt")).returncode == 0
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    assert p.stdout.readline().strip() == "held"
    yield db, p
    p.kill()
    p.wait()


@pytest.mark.parametrize("command", [["import", "b.txt"], ["rename", "1", "new"], ["delete", "1"]])
def test_writers_are_refused_with_one_line_naming_the_holder(held, command):
    db, p = held
    if command[0] == "import":
        command = ["import", str(db.parent / "b.txt")]
    r = run("--db", str(db), *command)
    err = r.stderr.decode()
    assert r.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err
    assert f"pid {p.pid}" in err and "reader gui" in err
    listed = run("--db", str(db), "list").stdout.decode().splitlines()
    assert [line.split("\t")[3] for line in listed] == ["北京欢迎你。"]


def test_readers_work_while_a_window_holds_the_library(held):
    db, _ = held
    r = run("--db", str(db), "list", "--search", "北京")
    assert r.returncode == 0 and "北京欢迎你" in r.stdout.decode()
    r = run("--db", str(db), "export", "--format", "jsonl")
    assert r.returncode == 0 and json.loads(r.stdout.decode().splitlines()[0])["text"] == "北京欢迎你。\n"


@pytest.mark.parametrize("command", [["list"], ["export", "--format", "jsonl"]])
def test_reading_a_library_that_does_not_exist_says_so(tmp_path, command):
    r = run("--db", str(tmp_path / "nope.db"), *command)
    assert r.returncode == 1 and "no such library" in r.stderr.decode()
    assert not list(tmp_path.iterdir())


@pytest.mark.parametrize("case", ["file in the way", "folder", "damaged", "not a library"])
def test_bad_library_paths_are_one_line(tmp_path, case):
    (tmp_path / "f.txt").write_text("北京\n", encoding="utf-8")
    if case == "file in the way":
        db = tmp_path / "f.txt" / "sub" / "lib.db"
    elif case == "folder":
        db = tmp_path
    elif case == "not a library":
        db = tmp_path / "f.txt"
    else:
        sys.path.insert(0, str(__import__("pathlib").Path(__file__).parents[1] / "store"))
        from test_lock import _damage

        db = tmp_path / "lib.db"
        _damage(db)
    for command in (["list"], ["export", "--format", "csv"], ["import", str(tmp_path / "f.txt")]):
        r = run("--db", str(db), *command)
        err = r.stderr.decode()
        assert r.returncode == 1 and err.count("\n") == 1 and "Traceback" not in err, (command, err)


def test_the_cli_refuses_then_forces(tmp_path):
    db = str(tmp_path / "lib.db")
    (tmp_path / "a.txt").write_text("北京欢迎你。\n", encoding="utf-8")
    assert run("--db", db, "import", str(tmp_path / "a.txt")).returncode == 0
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("keep", encoding="utf-8")
    r = run("--db", db, "export", "--format", "brat", "-o", str(out))
    assert r.returncode == 1 and "--force" in r.stderr.decode() and r.stderr.decode().count("\n") == 1
    assert run("--db", db, "export", "--format", "brat", "-o", str(out), "--force").returncode == 0
    assert (out / "keep.txt").read_text(encoding="utf-8") == "keep" and (out / "doc-0001.txt").is_file()
