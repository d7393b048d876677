"""Decoding files, and the plain readers: ``.txt``, ``.md``, ``.html``/``.htm``.

Decoding order (:func:`decode`), so that a file is read as its author wrote it:

1. ``encoding=`` given (the ``--encoding`` override): that codec, strictly; failure is an error.
2. A byte-order mark: UTF-8 (BOM dropped), UTF-16 LE/BE, UTF-32 LE/BE.
3. NUL bytes without a UTF-16/32 BOM: binary data, refused.
4. Strict UTF-8.
5. For HTML, a ``<meta charset=...>`` in the first 4 KiB, if it decodes strictly.
6. charset-normalizer restricted to encodings that can hold Chinese (GB18030, GBK, GB2312,
   Big5, Big5-HKSCS, CP950); GB2312/GBK results are decoded as GB18030 (their superset).
   Traditional text is kept as it is: nothing is converted.

Text is never normalised: CRLF, tabs and astral characters stay as they are, so stored offsets
stay valid. An empty file, a missing file, a directory and undecodable data are refused with an
:class:`InputError` naming the file.
"""

from __future__ import annotations

import codecs
import html
import re
from html.parser import HTMLParser
from pathlib import Path

from reader.core.errors import InputError
from reader.core.model import DocumentRecord

from collections.abc import Callable, Iterator
from typing import Any

from . import safeio
from .common import ReadResult, load_json_line
from .safeio import DEFAULT_MAX_SIZE

CHINESE_ENCODINGS = ["gb18030", "gbk", "gb2312", "big5", "big5hkscs", "cp950"]
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
TITLE_MAX = 60
_NON_SPACE = re.compile(r"\S")


def read_bytes(path: Path, max_size: int = DEFAULT_MAX_SIZE) -> bytes:
    """A regular file's bytes, or an :class:`InputError` (missing, a folder, a pipe or device, empty,
    larger than ``max_size``); see :mod:`reader.formats.safeio`."""
    return safeio.read_bytes(path, max_size)


def decode(data: bytes, path: str | Path, encoding: str | None = None, *, html_meta: bool = False) -> str:
    """Bytes to text by the order in the module docstring; :class:`InputError` when impossible."""
    if not data:
        raise InputError(path, "file is empty")
    if encoding:
        safeio.check_encoding(path, encoding)
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError as e:
            raise InputError(path, f"not valid {encoding} (byte {e.start})") from None
        return text[1:] if text.startswith("\ufeff") else text
    for bom, codec in safeio.BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError as e:
                raise InputError(path, f"starts with a {codec} byte-order mark but is not valid {codec} (byte {e.start})") from None
            return text[1:] if text.startswith("\ufeff") else text
    if b"\x00" in data:
        raise InputError(path, "binary data (NUL bytes), not a text file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if html_meta:
        m = _META_CHARSET.search(data[:4096])
        if m:
            declared = m.group(1).decode("ascii").lower()
            if declared in ("gb2312", "gbk", "x-gbk", "cp936"):
                declared = "gb18030"  # pages labelled GB2312/GBK often use characters only GB18030 names
            try:
                return data.decode(declared)
            except (LookupError, UnicodeDecodeError):
                pass
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CHINESE_ENCODINGS).best()
    if best is None:
        raise InputError(path, "cannot decode: not UTF-8, UTF-16, GB18030 or Big5 (binary data?); try --encoding")
    codec = best.encoding
    if codec in ("gbk", "gb2312"):
        codec = "gb18030"
    try:
        text = data.decode(codec)
    except UnicodeDecodeError:
        raise InputError(path, f"cannot decode as {codec}; try --encoding") from None
    if any(ord(c) < 32 and c not in "\t\n\r\f\v" for c in text[:4096]):
        raise InputError(path, "binary data (control bytes), not a text file")
    return text


def read_text(path: Path, encoding: str | None = None, *, html_meta: bool = False, max_size: int = DEFAULT_MAX_SIZE) -> str:
    return decode(read_bytes(path, max_size), path, encoding, html_meta=html_meta)


def decoded(
    path: Path, encoding: str | None, res: ReadResult, *, html_meta: bool = False, max_size: int = DEFAULT_MAX_SIZE
) -> str | None:
    """The file's text, or None with the reason added to ``res.errors`` (readers collect, not raise)."""
    try:
        return read_text(path, encoding, html_meta=html_meta, max_size=max_size)
    except InputError as e:
        res.errors.append(e)
        return None


def title_of(text: str, stem: str) -> str:
    """First non-empty line, trimmed, at most 60 characters; else the file stem."""
    m = _NON_SPACE.search(text)  # without splitting the whole text into lines (it may be long)
    if m is None:
        return stem
    return text[m.start():m.start() + 4 * TITLE_MAX].splitlines()[0].strip()[:TITLE_MAX]


def records_txt(path: Path, res: ReadResult, *, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE,
                **_: Any) -> Iterator[DocumentRecord]:
    """A whole ``.txt`` file is one document, text exactly as decoded."""
    text = decoded(path, encoding, res, max_size=max_size)
    if text is None:
        return
    if not text.strip():
        res.errors.append(InputError(path, "file holds only whitespace"))
        return
    yield DocumentRecord(text=text, title=title_of(text, path.stem), metadata={"source": str(path)})


def records_md(path: Path, res: ReadResult, **kw: Any) -> Iterator[DocumentRecord]:
    """A Markdown file is one document with its text as is (markup kept: offsets stay simple)."""
    for doc in records_txt(path, res, **kw):
        m = _NON_SPACE.search(doc.text.replace("#", " "))
        if m is not None:
            line = doc.text[m.start():m.start() + 4 * TITLE_MAX].splitlines()[0].strip().lstrip("#").strip()
            if line:
                doc.title = line[:TITLE_MAX]
        yield doc


def read_txt(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records_txt(path, res, **kw))


def read_md(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records_md(path, res, **kw))


# ---------------------------------------------------------------- HTML

_BLOCK = {
    "address", "article", "aside", "blockquote", "body", "br", "caption", "center", "dd", "details",
    "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2",
    "h3", "h4", "h5", "h6", "header", "hr", "html", "legend", "li", "main", "nav", "ol", "p", "pre",
    "section", "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
}
_DROP = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object", "canvas"}
_WS = re.compile(r"[ \t\n\r\f\v]+")


class _Reducer(HTMLParser):
    """HTML to plain text: blocks become lines, script/style/head dropped, entities unescaped."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.cur: list[str] = []
        self.drop = 0
        self.pre = 0
        self.in_title = False
        self.title: list[str] = []

    def _flush(self) -> None:
        line = "".join(self.cur)
        self.cur = []
        if not self.pre:
            line = _WS.sub(" ", line).strip()
        if line.strip():
            self.lines.extend(line.split("\n") if self.pre else [line])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self.in_title = True
        if tag in _DROP:
            self.drop += 1
        elif tag in _BLOCK:
            self._flush()
            if tag == "pre":
                self.pre += 1

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _DROP:
            self.drop = max(0, self.drop - 1)
        elif tag in _BLOCK:
            self._flush()
            if tag == "pre":
                self.pre = max(0, self.pre - 1)

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title.append(data)
        if not self.drop:
            self.cur.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


def html_to_text(source: str) -> tuple[str, str]:
    """(text, title) of an HTML page: one line per block element, whitespace runs collapsed."""
    p = _Reducer()
    p.feed(source)
    p.close()
    title = _WS.sub(" ", html.unescape("".join(p.title))).strip()
    return "\n".join(p.lines), title


def records_html(path: Path, res: ReadResult, *, encoding: str | None = None, max_size: int = DEFAULT_MAX_SIZE,
                 **_: Any) -> Iterator[DocumentRecord]:
    """An HTML page reduced to its text (never rendered); title from ``<title>`` or the first line."""
    source = decoded(path, encoding, res, html_meta=True, max_size=max_size)
    if source is None:
        return
    text, title = html_to_text(source)
    del source
    if not text.strip():
        res.errors.append(InputError(path, "page holds no text"))
        return
    title = title[:TITLE_MAX] if title else title_of(text, path.stem)
    yield DocumentRecord(text=text, title=title, metadata={"source": str(path)})


def read_html(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records_html(path, res, **kw))


def line_source(path: Path, encoding: str | None, max_size: int) -> Callable[[], Iterator[tuple[int, str]]]:
    """A function giving (line number, line) of the file each time it is called: streamed from
    the file when it is UTF-8 (memory stays flat), else from the text decoded once."""
    codec = safeio.stream_codec(path, encoding, max_size)
    if codec is not None:
        return lambda: safeio.iter_lines(path, None, max_size, decode)
    text = decode(read_bytes(path, max_size), path, encoding)
    return lambda: safeio.lines_of(text)


def text_chunks(path: Path, encoding: str | None, max_size: int) -> Iterator[str]:
    """The file's text in pieces: streamed when it is UTF-8, else decoded whole (one piece)."""
    codec = safeio.stream_codec(path, encoding, max_size)
    if codec is None:
        yield decode(read_bytes(path, max_size), path, encoding)
        return
    with safeio.open_regular(path, max_size) as raw:
        f = codecs.getreader(codec)(raw, errors="strict")
        while True:
            try:
                chunk = f.read(1 << 20)
            except UnicodeDecodeError as e:  # the file changed since it was checked
                raise InputError(path, f"not valid UTF-8 ({e.reason})") from None
            if not chunk:
                return
            yield chunk


def json_objects(
    path: Path, encoding: str | None, max_size: int, errors: list[InputError], what: str = "a JSON object"
) -> Iterator[tuple[int, Any]]:
    """(line, value) of each element of a JSON array file (or its one value), streamed."""
    try:
        yield from safeio.json_array_stream(text_chunks(path, encoding, max_size), str(path), errors)
    except InputError as e:
        errors.append(e)


def json_record_stream(
    path: Path, encoding: str | None, max_size: int, errors: list[InputError]
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(line, object) of a JSON Lines file, streamed; a file that opens with ``[`` is a JSON array
    (doccano's JSON export) and is read whole. Problems go to ``errors``."""
    p = str(path)
    try:
        lines = line_source(path, encoding, max_size)()
        for n, line in lines:
            if not line.strip():
                continue
            if line.lstrip().startswith("["):  # a JSON array: element by element
                lines.close()
                for n, obj in json_objects(path, encoding, max_size, errors):
                    if isinstance(obj, dict):
                        yield n, obj
                    else:
                        errors.append(InputError(p, f"expected a JSON object, got {type(obj).__name__}", line=n))
                return
            break
        else:
            return
        obj = load_json_line(line, p, n, errors)
        if obj is not None:
            yield n, obj
        for n, line in lines:
            if line.strip():
                obj = load_json_line(line, p, n, errors)
                if obj is not None:
                    yield n, obj
    except InputError as e:
        errors.append(e)


def records_json(
    path: Path,
    res: ReadResult,
    encoding: str | None,
    parse: Callable[[dict[str, Any], str, int, ReadResult], DocumentRecord | None],
    max_size: int = DEFAULT_MAX_SIZE,
) -> Iterator[DocumentRecord]:
    """Stream a JSON Lines file (or read a JSON array), turning each object into a document with
    ``parse(obj, path, line, result)``; problems are collected in the result, not raised."""
    p = str(path)
    found = False
    before = len(res.errors)
    for n, obj in json_record_stream(path, encoding, max_size, res.errors):
        found = True
        doc = parse(obj, p, n, res)
        if doc is not None:
            yield doc
    if not found and len(res.errors) == before:
        res.errors.append(InputError(p, "no records in the file"))


def read_json_records(
    path: Path,
    encoding: str | None,
    parse: Callable[[dict[str, Any], str, int, ReadResult], DocumentRecord | None],
    max_size: int = DEFAULT_MAX_SIZE,
) -> ReadResult:
    res = ReadResult()
    return res.collect(records_json(path, res, encoding, parse, max_size))
