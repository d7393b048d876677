"""One writer per library: the lock beside the database, read-only opening, stale locks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from reader.app import Library
from reader.core.errors import LibraryLocked, ReadOnlyLibrary, StorageError
from reader.core.model import DocumentRecord
from reader.store.lock import lock_path, read_holder

HOLD = """
import sys, time
from reader.app import Library
lib = Library.open(sys.argv[1], program="reader gui")
print("held", flush=True)
time.sleep(60)
"""


@pytest.fixture
def holder(tmp_path):
    """Another process holding the library for writing."""
    db = tmp_path / "lib.db"
    lib = Library.open(db)
    lib.import_records([DocumentRecord("北京欢迎你。", "一")])
    lib.close()
    p = subprocess.Popen([sys.executable, "-c", HOLD, str(db)], stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == "held"
    yield db, p
    if p.poll() is None:
        p.kill()
    p.wait()


def test_a_second_writer_is_refused_naming_the_holder(holder):
    db, p = holder
    with pytest.raises(LibraryLocked) as e:
        Library.open(db)
    msg = str(e.value)
    assert f"pid {p.pid}" in msg and "reader gui" in msg and "\n" not in msg
    note = read_holder(db)
    assert note and note["pid"] == p.pid and note["host"] and note["since"]


def test_a_reader_works_while_another_process_writes(holder):
    db, _ = holder
    lib = Library.open(db, write=False)
    try:
        assert lib.read_only
        (doc,) = lib.document_ids()
        assert lib.document(doc).text == "北京欢迎你。"
        assert lib.search("北京") == [doc]
        with pytest.raises(ReadOnlyLibrary):
            lib.rename_document(doc, "new")
        with pytest.raises(ReadOnlyLibrary):
            lib.apply(lib.edit_tag(doc, 0, 2, "LOC"))
        with pytest.raises(ReadOnlyLibrary):
            lib.import_records([DocumentRecord("上海", "二")])
        assert not lib.needs_extraction(doc)
    finally:
        lib.close()


def test_the_gui_library_opens_read_only_with_the_reason(holder):
    db, p = holder
    lib = Library.open_default(db, read_only_if_busy=True)
    try:
        assert lib.read_only and f"pid {p.pid}" in lib.read_only_reason
    finally:
        lib.close()


def test_a_lock_left_by_a_killed_process_is_taken_over(holder):
    db, p = holder
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    assert lock_path(db).exists()  # the stale note stays; the OS lock went with the process
    lib = Library.open(db)
    try:
        assert read_holder(db)["pid"] == os.getpid()
        lib.rename_document(lib.document_ids()[0], "taken over")
    finally:
        lib.close()
    assert not lock_path(db).exists()


def test_one_process_may_open_its_library_twice(tmp_path):
    """The GUI's worker threads open their own connection to the window's library."""
    a = Library.open(tmp_path / "lib.db")
    b = Library.open(tmp_path / "lib.db")
    b.import_records([DocumentRecord("上海", "二")])
    b.close()
    assert lock_path(tmp_path / "lib.db").exists()  # a still holds it
    a.close()
    assert not lock_path(tmp_path / "lib.db").exists()


def test_read_only_opening_never_creates_or_writes(tmp_path):
    with pytest.raises(StorageError, match="no such library"):
        Library.open(tmp_path / "missing.db", write=False)
    assert not list(tmp_path.iterdir())


def test_a_read_only_library_file_is_read_without_writing(tmp_path):
    db = tmp_path / "lib.db"
    lib = Library.open(db)
    lib.import_records([DocumentRecord("北京欢迎你。", "一")])
    lib.close()
    db.chmod(0o444)
    tmp_path.chmod(0o555)
    try:
        before = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
        lib = Library.open(db, write=False)
        assert [s.title for s in lib.summaries()] == ["一"]
        lib.close()
        if os.geteuid() != 0:
            with pytest.raises(ReadOnlyLibrary, match="read-only"):
                Library.open(db)
        assert {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()} == before
    finally:
        tmp_path.chmod(0o755)


@pytest.mark.parametrize("case", ["file in the way", "directory", "damaged"])
def test_bad_library_paths_give_a_clear_error(tmp_path, case):
    if case == "file in the way":
        (tmp_path / "f").write_text("x")
        db = tmp_path / "f" / "sub" / "lib.db"
        match = "is a file, not a folder"
    elif case == "directory":
        db = tmp_path
        match = "is a directory"
    else:
        db = tmp_path / "lib.db"
        _damage(db)
        match = "damaged"
    with pytest.raises(StorageError, match=match):
        lib = Library.open(db)
        lib.summaries()
        [lib.document(i).text for i in lib.document_ids()]


def _damage(db: Path) -> None:
    """A library whose header is valid but whose pages are broken."""
    lib = Library.open(db)
    lib.import_records([DocumentRecord("北京欢迎你。" * 2000, f"doc {i}") for i in range(5)])
    lib.close()
    data = bytearray(db.read_bytes())
    for i in range(4096 * 2, len(data), 4096):
        data[i : i + 64] = b"\xff" * 64
    db.write_bytes(bytes(data))


def test_release_races_never_give_two_writers(tmp_path):
    """Processes open and close the library in a loop; whoever holds it creates a marker file
    exclusively: a second writer at the same moment would find it there."""
    db = tmp_path / "lib.db"
    Library.open(db).close()
    code = """
import os, sys, time
from reader.app import Library
from reader.core.errors import LibraryLocked
marker, n = sys.argv[1] + ".writer", 0
for _ in range(60):
    try:
        lib = Library.open(sys.argv[1])
    except LibraryLocked:
        continue
    fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)  # FileExistsError: two writers
    time.sleep(0.001)
    os.close(fd)
    os.unlink(marker)
    lib.close()
    n += 1
print(n)
"""
    procs = [subprocess.Popen([sys.executable, "-c", code, str(db)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), [o[1][-500:] for o in outs]
    assert sum(int(o[0]) for o in outs) >= 3
