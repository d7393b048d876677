"""Reading untrusted files safely: regular files only, sizes checked first, JSON and zips checked.

Every function here turns a problem into an :class:`InputError` naming the file (and the line
where there is one); nothing here lets a file hang the program, fill the memory or raise
anything but :class:`InputError`.

* Only **regular files** are read: a named pipe, a device, a socket (or a symbolic link to one,
  such as a link to ``/dev/zero``) is refused before it is opened for reading, and the file is
  opened non-blocking and checked again, so a file swapped for a pipe meanwhile cannot block.
* A file larger than ``max_size`` bytes (``--max-size``, default :data:`DEFAULT_MAX_SIZE`) is
  refused from its size, before a byte is read; at most ``max_size`` bytes are ever read, even
  from a file that grows while it is read.
* JSON: invalid JSON, ``NaN``/``Infinity``, integers longer than Python's digit limit, nesting
  deeper than :data:`MAX_JSON_DEPTH`, and strings holding lone surrogates (``"\\ud800"``, not
  Unicode text: they could not be stored) are errors.
* Zip members are checked before they are inflated: more than :data:`MAX_ZIP_ENTRIES` members
  (counted from the zip's end record, before its directory is loaded), encrypted members, unknown compression
  methods, a member or a total larger than ``max_size``, and a compression ratio above
  :data:`MAX_ZIP_RATIO` (a zip bomb) are refused; a corrupt member is an error, not a crash.
"""

from __future__ import annotations

import codecs
import json
import os
import stat
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any

from reader.core.errors import InputError

DEFAULT_MAX_SIZE = 256 * 1024 * 1024
"""Largest file (and largest total inflated from one zip) reader reads: 256 MiB."""
MAX_JSON_DEPTH = 64
MAX_ZIP_RATIO = 200
"""A zip member may inflate to at most this many times its compressed size (above 1 MiB)."""
_CHUNK = 1 << 20


def human_size(n: int) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n} {unit}" if unit == "bytes" else f"{n:.1f} {unit}".replace(".0 ", " ")
        n /= 1024  # type: ignore[assignment]
    return str(n)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def open_regular(path: str | Path, max_size: int = DEFAULT_MAX_SIZE) -> IO[bytes]:
    """Open a regular file for reading in binary, after checking its kind and size."""
    p = str(path)
    try:
        st = os.stat(p)
    except FileNotFoundError:
        raise InputError(p, "no such file") from None
    except OSError as e:
        raise InputError(p, f"cannot read: {e.strerror or e}") from None
    if stat.S_ISDIR(st.st_mode):
        raise InputError(p, "is a directory, expected a file")
    if not stat.S_ISREG(st.st_mode):
        raise InputError(p, f"is {_kind(st.st_mode)}, not a regular file: refused")
    _check_size(p, st.st_size, max_size)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except OSError as e:
        raise InputError(p, f"cannot read: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise InputError(p, f"is {_kind(st.st_mode)}, not a regular file: refused")
        _check_size(p, st.st_size, max_size)
    except BaseException:
        os.close(fd)
        raise
    return os.fdopen(fd, "rb")


def _check_size(p: str, size: int, max_size: int) -> None:
    if size > max_size:
        raise InputError(
            p, f"file is {human_size(size)}, larger than the {human_size(max_size)} limit (raise it with --max-size)"
        )


def read_limited(f: IO[bytes], p: str, max_size: int) -> bytes:
    try:
        data = f.read(max_size + 1)
    except OSError as e:
        raise InputError(p, f"cannot read: {e.strerror or e}") from None
    if len(data) > max_size:
        _check_size(p, len(data), max_size)
    return data


def read_bytes(path: str | Path, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """A regular file's bytes (at most ``max_size``); an empty file is an error."""
    with open_regular(path, max_size) as f:
        data = read_limited(f, str(path), max_size)
    if not data:
        raise InputError(path, "file is empty")
    return data


# ---------------------------------------------------------------- streaming text

BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


def check_encoding(path: str | Path, encoding: str) -> None:
    """An :class:`InputError` naming ``path`` unless Python knows the codec ``encoding``."""
    try:
        codecs.lookup(encoding)
    except LookupError:
        raise InputError(path, f"unknown encoding {encoding!r}") from None


def stream_codec(path: str | Path, encoding: str | None, max_size: int) -> str | None:
    """The codec to read ``path`` line by line with, or None when the whole file must be decoded
    at once (not UTF-8: detection needs all of it). Checks (by streaming, in bounded memory) that
    a BOM-less file is valid UTF-8 without NUL bytes."""
    p = str(path)
    with open_regular(p, max_size) as f:
        head = f.read(4)
        if not head:
            raise InputError(p, "file is empty")
        if encoding:
            check_encoding(p, encoding)
            return None  # decode() reports where a strict decode fails
        for bom, _codec in BOMS:
            if head.startswith(bom):
                return None
        dec = codecs.getincrementaldecoder("utf-8")("strict")
        data, total = head, 0
        while data:
            total += len(data)
            if total > max_size:
                _check_size(p, total, max_size)
            if b"\x00" in data:
                return None  # decode() refuses binary data with its own message
            try:
                dec.decode(data)
            except UnicodeDecodeError:
                return None
            data = f.read(_CHUNK)
        try:
            dec.decode(b"", final=True)
        except UnicodeDecodeError:
            return None
    return "utf-8"


def lines_of(text: str) -> Iterator[tuple[int, str]]:
    """(line number, line without its ``\\n`` or ``\\r\\n``) of a string, split on ``\\n`` only,
    without building a list of every line."""
    n, i, end = 0, 0, len(text)
    while i <= end:
        j = text.find("\n", i)
        if j < 0:
            j = end
        n += 1
        line = text[i:j]
        yield n, line[:-1] if line.endswith("\r") else line
        i = j + 1


def iter_lines(path: str | Path, encoding: str | None, max_size: int,
               decode_all: Callable[[bytes, str, str | None], str]) -> Iterator[tuple[int, str]]:
    """(line number, line) of a text file, streamed when it is UTF-8 (the usual case), else
    decoded whole with ``decode_all(bytes, path, encoding)`` (bounded by ``max_size``)."""
    p = str(path)
    codec = stream_codec(p, encoding, max_size)
    if codec is None:
        yield from lines_of(decode_all(read_bytes(p, max_size), p, encoding))
        return
    with open_regular(p, max_size) as raw:
        f = codecs.getreader(codec)(raw, errors="strict")
        n = 0
        pending = ""
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            pending += chunk
            start = 0
            while True:
                j = pending.find("\n", start)
                if j < 0:
                    break
                n += 1
                line = pending[start:j]
                yield n, line[:-1] if line.endswith("\r") else line
                start = j + 1
            pending = pending[start:]
        n += 1
        yield n, pending[:-1] if pending.endswith("\r") else pending


# ---------------------------------------------------------------- JSON

def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON number")


def load_json(source: str, path: str | Path, line: int | None) -> Any:
    """Parse JSON text and check the value (see the module docstring); InputError otherwise."""
    try:
        value = json.loads(source, parse_constant=_no_constant)
    except json.JSONDecodeError as e:
        raise InputError(path, f"not valid JSON: {e.msg} (column {e.colno})", line=_line(line, e.lineno)) from None
    except RecursionError:
        raise InputError(path, f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)", line=line) from None
    except ValueError as e:  # a number beyond the digit limit, NaN/Infinity
        raise InputError(path, f"not valid JSON: {_short(str(e))}", line=line) from None
    check_json(value, path, line)
    return value


def _line(base: int | None, offset: int) -> int:
    return offset if base is None else base + offset - 1


def _short(msg: str) -> str:
    return msg.split(";")[0] if "digits" in msg else msg


def check_json(value: Any, path: str | Path, line: int | None) -> None:
    """Refuse nesting deeper than :data:`MAX_JSON_DEPTH` and strings with lone surrogates."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        v, depth = stack.pop()
        if isinstance(v, str):
            _check_str(v, path, line)
        elif isinstance(v, (list, dict)):
            if depth > MAX_JSON_DEPTH:
                raise InputError(path, f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)", line=line)
            if isinstance(v, dict):
                for k, x in v.items():
                    _check_str(k, path, line)
                    stack.append((x, depth + 1))
            else:
                stack.extend((x, depth + 1) for x in v)


def _check_str(s: str, path: str | Path, line: int | None) -> None:
    try:
        s.encode("utf-8")
    except UnicodeEncodeError as e:
        raise InputError(
            path, f"text holds a lone surrogate \\u{ord(s[e.start]):04x} (not a Unicode character)", line=line
        ) from None


# ---------------------------------------------------------------- zip

MAX_ZIP_ENTRIES = 200_000


def _entry_count(f: IO[bytes]) -> int | None:
    """The member count the zip's end record declares (read before the directory is loaded)."""
    try:
        rec = zipfile._EndRecData(f)  # type: ignore[attr-defined]  # noqa: SLF001
        f.seek(0)
        return None if rec is None else int(rec[zipfile._ECD_ENTRIES_TOTAL])  # type: ignore[attr-defined]  # noqa: SLF001
    except Exception:  # a private helper: if it changes, the zip module's own checks remain
        f.seek(0)
        return None


_READABLE = {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}


def zip_members(
    path: str | Path, want: Callable[[str], bool], max_size: int = DEFAULT_MAX_SIZE
) -> Iterator[tuple[str, bytes]]:
    """(member name, bytes) of the members ``want`` accepts, in name order, each checked before it
    is inflated (see the module docstring). Raises :class:`InputError` naming ``ZIP/MEMBER``."""
    p = str(path)
    with open_regular(p, max_size) as f:
        entries = _entry_count(f)
        if entries is not None and entries > MAX_ZIP_ENTRIES:
            raise InputError(p, f"the zip lists {entries} members, more than the {MAX_ZIP_ENTRIES} reader reads")
        try:
            z = zipfile.ZipFile(f)
        except Exception:  # BadZipFile, NotImplementedError (zip version), struct errors...
            raise InputError(p, "not a valid zip file") from None
        with z:
            infos = sorted((i for i in z.infolist() if not i.is_dir() and want(i.filename)), key=lambda i: i.filename)
            total = 0
            for info in infos:
                where = f"{p}/{info.filename}"
                if info.flag_bits & 0x1:
                    raise InputError(where, "encrypted zip member: cannot read it (unpack it first)")
                if info.compress_type not in _READABLE:
                    raise InputError(where, f"compressed with zip method {info.compress_type}, which reader cannot read")
                if info.file_size > max_size or total + info.file_size > max_size:
                    raise InputError(where, f"inflates to more than the {human_size(max_size)} limit (--max-size)")
                if info.file_size > _CHUNK and info.file_size > MAX_ZIP_RATIO * max(info.compress_size, 1):
                    raise InputError(
                        where, f"compression ratio above {MAX_ZIP_RATIO}:1 ({human_size(info.file_size)} from "
                        f"{human_size(info.compress_size)}): refused as a likely zip bomb"
                    )
                try:
                    with z.open(info) as member:
                        data = member.read(info.file_size + 1)
                except (zipfile.BadZipFile, OSError, EOFError, ValueError, RuntimeError, NotImplementedError) as e:
                    raise InputError(where, f"damaged zip member: {e}") from None
                except Exception as e:  # zlib.error, lzma.LZMAError, bz2 errors
                    raise InputError(where, f"damaged zip member: {type(e).__name__}: {e}") from None
                if len(data) != info.file_size:
                    raise InputError(where, "damaged zip member: its size does not match the zip directory")
                total += len(data)
                yield info.filename, data


# ---------------------------------------------------------------- streaming JSON arrays

def json_array_stream(
    chunks: Iterator[str], path: str | Path, errors: list[InputError]
) -> Iterator[tuple[int, Any]]:
    """(line where it starts, value) of each element of a JSON array read from text ``chunks``,
    one element at a time (memory holds one element, not the array). Every element is checked
    as :func:`load_json` checks a value; the first problem is added to ``errors`` and ends the
    read. A file that is not an array (a single object) gives that one value."""
    dec = json.JSONDecoder(parse_constant=_no_constant)
    buf, pos, line, eof = "", 0, 1, False

    def fill() -> None:
        nonlocal buf, pos, line, eof
        line += buf.count("\n", 0, pos)
        want = max(_CHUNK, 2 * (len(buf) - pos))  # grow geometrically: a long element is parsed O(log n) times
        parts, got = [buf[pos:]], 0
        while got < want:
            chunk = next(chunks, None)
            if chunk is None:
                eof = True
                break
            parts.append(chunk)
            got += len(chunk)
        buf, pos = "".join(parts), 0

    def skip_ws() -> bool:
        nonlocal pos
        while True:
            while pos < len(buf) and buf[pos] in " \t\r\n":
                pos += 1
            if pos < len(buf) or eof:
                return pos < len(buf)
            fill()

    def here() -> int:
        return line + buf.count("\n", 0, pos)

    def fail(msg: str, at: int | None = None) -> None:
        errors.append(InputError(path, msg, line=at if at is not None else here()))

    def element() -> tuple[bool, Any]:
        nonlocal pos
        while True:
            try:
                value, end = dec.raw_decode(buf, pos)
                if end < len(buf) or eof:
                    check_json(value, path, here())
                    pos = end
                    return True, value
            except json.JSONDecodeError as e:
                if eof:
                    fail(f"not valid JSON: {e.msg} (column {e.colno})", line + e.lineno - 1)
                    return False, None
            except RecursionError:
                fail(f"JSON nested too deeply (more than {MAX_JSON_DEPTH} levels)")
                return False, None
            except InputError as e:
                errors.append(e)
                return False, None
            except ValueError as e:
                fail(f"not valid JSON: {_short(str(e))}")
                return False, None
            fill()  # the element may go on in the next chunk

    if not skip_ws():
        fail("no JSON in the file")
        return
    if buf[pos] != "[":
        ok, value = element()
        if ok:
            yield 1, value
        return
    pos += 1
    while True:
        if not skip_ws():
            fail("JSON array not closed with ']'")
            return
        if buf[pos] == "]":
            return
        start = here()
        ok, value = element()
        if not ok:
            return
        yield start, value
        if not skip_ws():
            fail("JSON array not closed with ']'")
            return
        if buf[pos] == ",":
            pos += 1
        elif buf[pos] == "]":
            return
        else:
            fail("expected ',' or ']' after a record")
            return
