"""Documents read lazily from files, folders, glob patterns or stdin: whole files, lines, or JSON
objects of a JSONL file; decoded as they are read, so that memory does not grow with the input.
Used by ``reader extract``; bad input raises :class:`InputError` (``FILE:LINE: what is wrong``)."""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.errors import InputError

__all__ = ["expand_paths", "iter_documents"]

_GLOB = set("*?[")


def expand_paths(args: Iterable[str]) -> list[str]:
    """Files named by ``args``: ``-`` (stdin), files, folders (their files, recursively, sorted;
    hidden ones skipped) and glob patterns (``news/**/*.txt``). Every name is checked here, before
    anything is read: a missing file or a pattern that matches nothing is an :class:`InputError`."""
    out: list[str] = []
    for a in args:
        if a == "-":
            out.append(a)
            continue
        p = Path(a)
        if p.is_dir():
            files = sorted(
                str(f)
                for f in p.rglob("*")
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
            if not files:
                raise InputError(a, "directory holds no files")
            out.extend(files)
        elif p.exists():
            if not p.is_file():
                raise InputError(a, "not a regular file")
            out.append(a)
        elif _GLOB & set(a):
            files = sorted(f for f in glob.glob(a, recursive=True) if Path(f).is_file())
            if not files:
                raise InputError(a, "no file matches this pattern")
            out.extend(files)
        else:
            raise InputError(a, "no such file")
    return out


def _open_binary(name: str):
    import sys

    if name == "-":
        return sys.stdin.buffer
    try:
        return open(name, "rb")  # noqa: SIM115 - closed by the caller
    except OSError as e:
        raise InputError(name, f"cannot read: {e.strerror or e}") from None


def _lines(name: str, encoding: str | None) -> Iterator[str]:
    """The lines of a file (without their line break), decoded as they are read when the text is
    UTF-8 (or ``encoding``): memory does not grow with the file. Other encodings are detected on the
    whole file first (reader.formats.text.decode)."""
    import codecs

    from reader.formats.text import decode

    label = "<stdin>" if name == "-" else name
    f = _open_binary(name)
    try:
        head = f.read(1 << 20)
        if not head:
            raise InputError(label, "file is empty")
        codec = encoding
        if codec is None:
            if head.startswith(codecs.BOM_UTF8):
                codec = "utf-8-sig"
            elif b"\x00" not in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
                try:
                    head.decode("utf-8")
                    codec = "utf-8"
                except UnicodeDecodeError as e:
                    if e.start >= len(head) - 3 and e.reason == "unexpected end of data":
                        codec = "utf-8"  # a character cut by the 1 MB read
        if codec is None or codec.replace("_", "-").lower() in ("utf-16", "utf-32", "utf-16-le", "utf-16-be"):
            text = decode(head + f.read(), label, encoding)
            parts = text.split("\n")
            if text.endswith("\n"):
                parts.pop()
            for line in parts:
                yield line[:-1] if line.endswith("\r") else line
            return
        try:
            dec = codecs.getincrementaldecoder(codec)()
        except LookupError:
            raise InputError(label, f"unknown encoding {encoding!r}") from None
        pending = ""
        lineno = 0
        chunk = head
        while chunk:
            try:
                pending += dec.decode(chunk)
            except UnicodeDecodeError as e:
                raise InputError(label, f"not valid {codec} (near byte {e.start} of line {lineno + pending.count(chr(10)) + 1})") from None
            *done, pending = pending.split("\n")
            for line in done:
                lineno += 1
                yield line[:-1] if line.endswith("\r") else line
            chunk = f.read(1 << 20)
        pending += dec.decode(b"", final=True)
        if pending:
            yield pending[:-1] if pending.endswith("\r") else pending
    finally:
        if name != "-":
            f.close()


def iter_documents(
    names: Iterable[str], *, lines: bool = False, text_field: str | None = None, encoding: str | None = None
) -> Iterator[Any]:
    """The documents of the files ``names`` (see :func:`expand_paths`), lazily, in order: one text
    per file, one per line with ``lines``, or one JSON object per line with ``text_field`` (its
    text in that field). Bad input raises :class:`InputError` (``FILE:LINE: what is wrong``)."""
    from reader.formats.text import decode

    for name in names:
        label = "<stdin>" if name == "-" else name
        if text_field is not None:
            for lineno, line in enumerate(_lines(name, encoding), 1):
                if not line.strip():
                    continue
                try:
                    obj = json.loads(line)
                except ValueError as e:
                    raise InputError(label, f"not JSON: {e}", lineno) from None
                if not isinstance(obj, dict):
                    raise InputError(label, "expected a JSON object", lineno)
                if not isinstance(obj.get(text_field), str):
                    raise InputError(label, f"no text field {text_field!r} (a string) in this record", lineno)
                yield obj
        elif lines:
            yield from _lines(name, encoding)
        else:
            f = _open_binary(name)
            try:
                data = f.read()
            finally:
                if name != "-":
                    f.close()
            yield decode(data, label, encoding)
