"""One writer per library: an OS file lock on ``LIBRARY.lock`` beside the database.

The first program that opens a library for writing takes an exclusive lock (``flock`` on POSIX,
``msvcrt.locking`` on Windows) on ``LIBRARY.lock`` and writes who it is into the file: pid, host,
program and the time it took the lock. Another program that wants to write is refused with a
:class:`~reader.core.errors.LibraryLocked` naming that holder; readers never take the lock.

The operating system drops the lock when the holder exits or is killed, so a lock left by a
crashed program is simply taken over by the next opener (its stale note is overwritten). The file
is removed on release; an opener checks, after locking, that the file it locked is still the one
at that path, so a release that races with an opener never gives two writers.

Within one process the lock is shared: opening the same library twice (the GUI's worker threads
each open their own connection) counts references and releases on the last close.
"""

from __future__ import annotations

import errno
import json
import os
import socket
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from reader.core.errors import LibraryLocked, ReadOnlyLibrary, StorageError

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, 1 << 20, os.SEEK_SET)  # lock a byte past the note, so the note stays readable
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 1 << 20, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(db_path: str | Path) -> Path:
    """Where the lock of the library at ``db_path`` lives (``library.db`` → ``library.db.lock``)."""
    p = Path(db_path)
    return p.with_name(p.name + ".lock")


def read_holder(db_path: str | Path) -> dict[str, Any] | None:
    """The note of the program holding (or that last held) the library's lock, if readable."""
    try:
        data = lock_path(db_path).read_text("utf-8")
        note = json.loads(data)
    except (OSError, ValueError):
        return None
    return note if isinstance(note, dict) else None


def describe_holder(note: dict[str, Any] | None) -> str:
    """``reader gui (pid 123 on host, since 2026-11-29 23:30 UTC)``, or a vaguer phrase."""
    if not note:
        return "another program"
    program = str(note.get("program") or "a program")
    bits = []
    if note.get("pid"):
        bits.append(f"pid {note['pid']}" + (f" on {note['host']}" if note.get("host") else ""))
    if note.get("since"):
        bits.append(f"since {note['since']}")
    return f"{program} ({', '.join(bits)})" if bits else program


def default_program() -> str:
    name = Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python"
    return name or "python"


class _Held:
    def __init__(self, fd: int, path: Path) -> None:
        self.fd = fd
        self.path = path
        self.count = 1


_registry: dict[str, _Held] = {}
_registry_lock = threading.Lock()


def _key(path: Path) -> str:
    return os.path.realpath(path)


class LibraryLock:
    """The writer's lock on one library. Take it with :meth:`acquire`; :meth:`release` once."""

    def __init__(self, key: str) -> None:
        self._key = key
        self._released = False

    @classmethod
    def acquire(cls, db_path: str | Path, program: str | None = None) -> LibraryLock:
        """Take the lock of the library at ``db_path`` or raise :class:`LibraryLocked`.

        Raises :class:`StorageError` when the lock file cannot be created (no permission...)."""
        path = lock_path(db_path)
        key = _key(path)
        with _registry_lock:
            held = _registry.get(key)
            if held is not None:
                held.count += 1
                return cls(key)
            fd = _take(path, Path(db_path), program or default_program())
            _registry[key] = _Held(fd, path)
        return cls(key)

    def release(self) -> None:
        if self._released:
            return
        self._released = True
        with _registry_lock:
            held = _registry.get(self._key)
            if held is None:
                return
            held.count -= 1
            if held.count > 0:
                return
            del _registry[self._key]
            try:
                held.path.unlink(missing_ok=True)  # still locked: no one else can be using this file
            except OSError:
                pass
            try:
                _unlock(held.fd)
            finally:
                os.close(held.fd)


def _take(path: Path, db_path: Path, program: str) -> int:
    for _attempt in range(50):
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
        except OSError as e:
            if e.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise ReadOnlyLibrary(
                    f"{db_path}: cannot write in its folder ({e.strerror or e}: {path}), so it cannot be opened for writing"
                ) from None
            raise StorageError(f"{db_path}: cannot open the library for writing: {e.strerror or e} ({path})") from None
        try:
            if not _try_lock(fd):
                os.close(fd)
                raise LibraryLocked(db_path, describe_holder(read_holder(db_path)))
            # the holder before us may have removed the file after we opened it: lock the live one
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(path))
            except FileNotFoundError:
                same = False
            if not same:
                _unlock(fd)
                os.close(fd)
                continue
            note = {
                "pid": os.getpid(),
                "host": socket.gethostname(),
                "program": program,
                "since": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"),
            }
            data = json.dumps(note, ensure_ascii=False).encode("utf-8")
            os.ftruncate(fd, 0)
            os.lseek(fd, 0, os.SEEK_SET)
            os.write(fd, data)
            return fd
        except LibraryLocked:
            raise
        except BaseException:
            try:
                os.close(fd)
            except OSError:
                pass
            raise
    raise StorageError(f"{db_path}: could not take the library's lock ({path}); try again")
