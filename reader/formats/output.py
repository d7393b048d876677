"""Writing export files without ever destroying the user's files.

* An existing output file is replaced only when the caller says so (``overwrite``, the command
  line's ``--force``, the GUI after its file dialog asked); the new content goes to a temporary
  file beside it first and replaces the old one in one ``os.replace``, so a failed export leaves
  the old file whole.
* A folder export (brat) writes into a new or empty folder; a folder holding anything is refused
  unless ``overwrite``, and even then only the files the export writes are replaced; nothing
  else in the folder is touched or deleted.
* New files get the user's umask (``0o666 & ~umask``), like any file a program creates; a replaced
  file keeps its mode.
"""

from __future__ import annotations

import os
import secrets
import shutil
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from reader.core.errors import ReaderError


def _temp_beside(out: Path) -> tuple[int, Path]:
    """A new file in ``out``'s folder, created with mode 0o666 so that the umask applies."""
    for _ in range(100):
        tmp = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666), tmp
        except FileExistsError:
            continue
    raise ReaderError(f"{out}: cannot create a temporary file beside it")


def check_file_target(out: Path, *, overwrite: bool) -> None:
    """Refuse a target that is a folder, or an existing file when not ``overwrite``."""
    if out.is_dir():
        raise ReaderError(f"{out}: is a folder; give a file name")
    if (out.exists() or out.is_symlink()) and not overwrite:
        raise ReaderError(f"{out}: already exists; give a new name, or --force to replace it")


def write_file(out: Path, data: bytes, *, overwrite: bool = False) -> None:
    """Write ``data`` to ``out`` atomically (temporary file + ``os.replace``)."""
    with writing(out, overwrite=overwrite) as f:
        f.write(data)


@contextmanager
def writing(out: Path, *, overwrite: bool = False) -> Iterator[BinaryIO]:
    """A binary file to write an export into, piece by piece; it becomes ``out`` (atomically)
    when the block ends without error, and is removed if anything fails, so ``out`` stays as it
    was. The same rules as :func:`write_file`."""
    check_file_target(out, overwrite=overwrite)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ReaderError(f"{out}: cannot create the folder {out.parent}: {e.strerror or e}") from None
    try:
        mode = stat.S_IMODE(out.stat().st_mode) if out.is_file() else None
    except OSError:
        mode = None
    fd, tmp = _temp_beside(out)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        if not overwrite and (out.exists() or out.is_symlink()):  # appeared while we wrote
            raise ReaderError(f"{out}: already exists; give a new name, or --force to replace it")
        os.replace(tmp, out)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_folder(out: Path, files: Iterable[tuple[str, bytes]], *, overwrite: bool = False) -> None:
    """Write ``(relative name, bytes)`` files into the folder ``out``.

    A new folder is built under a temporary name and renamed into place (all or nothing). An
    existing empty folder is filled. A folder holding anything is refused unless ``overwrite``;
    then only the named files are replaced (each atomically) and everything else stays."""
    files = list(files)
    names = [_safe_name(out, name) for name, _ in files]
    if out.exists() or out.is_symlink():
        if not out.is_dir():
            raise ReaderError(f"{out}: exists and is not a folder")
        if any(out.iterdir()) and not overwrite:
            raise ReaderError(f"{out}: the folder is not empty; give a new or empty folder, or --force to write the export's files into it (nothing else in it is touched)")
        for rel in names:
            target = out / rel
            if target.is_dir():
                raise ReaderError(f"{target}: is a folder, the export would write a file there")
        for rel, (_, data) in zip(names, files):
            write_file(out / rel, data, overwrite=True)
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise ReaderError(f"{out}: cannot create the folder {out.parent}: {e.strerror or e}") from None
    tmp_dir = out.with_name(f".{out.name}.{secrets.token_hex(4)}.tmp")
    os.mkdir(tmp_dir, 0o777)  # the umask applies
    try:
        for rel, (_, data) in zip(names, files):
            target = tmp_dir / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as f:
                f.write(data)
        if out.exists():
            raise ReaderError(f"{out}: appeared while the export was written; nothing was changed in it")
        os.rename(tmp_dir, out)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)  # the temporary folder made above, only that
        raise


def _safe_name(out: Path, name: str) -> Path:
    rel = Path(name)
    if rel.is_absolute() or not rel.parts or any(p in ("", ".", "..") for p in rel.parts):
        raise ReaderError(f"{out}: refusing to write outside the folder: {name!r}")
    return rel
