r"""Character-level CoNLL: one character per line, ``char<TAB>tag``, a blank line between sentences.

Layout reader writes (and reads back byte-identically)::

    # doc: 新华社电
    新	B-ORG
    华	I-ORG
    社	I-ORG
    电	O
    \s	O
    。	O
    \r	O
    \n	O

    第	O

* Every document starts with a header line ``# doc: TITLE`` (the title with ``\\``, ``\n``,
  ``\r``, ``\t`` and other non-space whitespace/control characters escaped as below).
* **Every code point of the text is one token line**, whitespace included, so the text is
  restored exactly by concatenating the tokens: CRLF, blank lines, tabs and astral characters
  (𠮷, emoji) survive.
* Token escapes (any character that would be invisible or would break the line):
  ``\s`` space, ``\t`` tab, ``\n`` line feed, ``\r`` carriage return, ``\\`` backslash, and
  ``\uXXXX`` / ``\UXXXXXXXX`` for every other whitespace, control or format character
  (U+3000 ideographic space, U+00A0, U+200B, U+2028, ...).
* Sentence splitting (blank lines): a sentence ends after a line break (``\n``, or a ``\r`` not
  followed by ``\n``), and after a run of 。！？ plus any closing quotes/brackets that follow
  (”’」』）》】〉"')]), unless a line break comes next (then the line break ends it). Blank
  lines carry no text; a mention may run across one (its tags simply continue).
* Tags: ``O``, ``B-X``, ``I-X`` (BIO, default), plus ``E-X``/``S-X`` (BIOES) or ``B/M/E/S-X``
  (BMES) with ``scheme=``. Accepted mentions only; suggestions, overlaps and metadata are left
  out and named in the report.

Reading also takes other tools' files: BIO, IOB1 (an ``I-`` with no open mention starts one),
BIOES, BMES, BILOU, ``_`` as the separator, ``char<SPACE>tag`` and extra middle columns (the
first column is the token, the last the tag). Files without ``# doc:`` headers are foreign:
``-DOCSTART-`` lines split documents (sentences joined by ``\n``), and without them every
sentence is a document.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from reader.core.errors import InputError, ReaderError
from reader.core.model import DocumentRecord, MentionRecord

from .common import LiveMentions, LostFields, ReadResult, WriteReport, label_problem
from .safeio import DEFAULT_MAX_SIZE
from .text import line_source, title_of

HEADER = "# doc: "
TERMINALS = set("。！？")
CLOSERS = set("”’」』）》】〉\"')]")
_NAMED = {" ": r"\s", "\t": r"\t", "\n": r"\n", "\r": r"\r", "\\": "\\\\"}
_UNNAMED = {v: k for k, v in _NAMED.items()}
_TAG = re.compile(r"^(?:O|([BIMESLU])[-_](.+)|(.+)[-_]([BIMESLU]))$")
SCHEMES = ("bio", "bioes", "bmes")


def _needs_escape(c: str) -> bool:
    return c.isspace() or unicodedata.category(c) in ("Cc", "Cf", "Cs", "Zl", "Zp", "Zs", "Co", "Cn")


def escape_char(c: str) -> str:
    if c in _NAMED:
        return _NAMED[c]
    if _needs_escape(c):
        return f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}"
    return c


def escape_title(title: str) -> str:
    return "".join(c if c == " " else escape_char(c) for c in title)


def unescape(s: str) -> str:
    """Undo :func:`escape_char`; a ``\\u``/``\\U`` escape that names no character (a surrogate,
    or beyond U+10FFFF) raises ValueError."""
    if "\\" not in s:
        return s
    out, i = [], 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 1 < len(s):
            two = s[i:i + 2]
            if two in _UNNAMED:
                out.append(_UNNAMED[two])
                i += 2
                continue
            if s[i + 1] in "uU":
                width = 4 if s[i + 1] == "u" else 8
                hexd = s[i + 2:i + 2 + width]
                if len(hexd) == width and all(h in "0123456789abcdefABCDEF" for h in hexd):
                    cp = int(hexd, 16)
                    if cp > 0x10FFFF or 0xD800 <= cp <= 0xDFFF:
                        raise ValueError(f"escape \\{s[i + 1]}{hexd} names no Unicode character")
                    out.append(chr(cp))
                    i += 2 + width
                    continue
        out.append(c)
        i += 1
    return "".join(out)


def sentence_ends(text: str) -> set[int]:
    """Offsets after which a sentence ends (see the module docstring)."""
    ends: set[int] = set()
    n = len(text)
    for i, c in enumerate(text):
        if c == "\n" or (c == "\r" and (i + 1 == n or text[i + 1] != "\n")):
            ends.add(i + 1)
        elif c in TERMINALS:
            j = i + 1
            while j < n and (text[j] in TERMINALS or text[j] in CLOSERS):
                j += 1
            if j < n and text[j] in "\r\n":
                continue
            ends.add(j)
    ends.discard(n)
    return ends


def tags_for(n: int, mentions: list[MentionRecord], scheme: str) -> list[str]:
    tags = ["O"] * n
    for m in mentions:
        length = m.end - m.start
        for k in range(m.start, m.end):
            if scheme == "bio":
                p = "B" if k == m.start else "I"
            elif length == 1:
                p = "S"
            elif k == m.start:
                p = "B"
            elif k == m.end - 1:
                p = "E"
            else:
                p = "I" if scheme == "bioes" else "M"
            tags[k] = f"{p}-{m.label}"
    return tags


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio", comments: bool = True) -> str:
    return "".join(chunks(docs, report, scheme=scheme, comments=comments))


def chunks(
    docs: Iterable[DocumentRecord], report: WriteReport, *, scheme: str = "bio", comments: bool = True, **_: Any
) -> Iterator[str]:
    """One string per document. ``comments`` False leaves out the ``# doc:`` lines (a plain file
    for other tools, which would read a comment as a token: documents are then only blank lines
    apart, and a re-import makes one document per sentence)."""
    scheme = scheme.lower()
    if scheme not in SCHEMES:
        raise ReaderError(f"unknown CoNLL tag scheme {scheme!r} (use {', '.join(SCHEMES)})")
    layers = LiveMentions(accepted_only=True, fmt="CoNLL", report=report)
    lost = LostFields("CoNLL")
    for doc in docs:
        ms = layers.of(doc)
        lost.see(doc)
        lines = [HEADER + escape_title(doc.title) + "\n"] if comments else []
        tags = tags_for(len(doc.text), ms, scheme)
        ends = sentence_ends(doc.text)
        for m in ms:  # a sentence break never falls inside a mention: the sentence goes on
            for k in range(m.start + 1, m.end):
                ends.discard(k)
        for i, c in enumerate(doc.text):
            if i in ends:
                lines.append("\n")
            lines.append(f"{escape_char(c)}\t{tags[i]}\n")
        lines.append("\n")
        yield "".join(lines)  # one string per document: a line object per character costs ~100 bytes
    layers.note()
    lost.note(report)


class _Builder:
    """Collects tokens and tags of one document and turns the tags into mentions."""

    def __init__(self, title: str | None, line: int) -> None:
        self.title, self.line = title, line
        self.parts: list[str] = []
        self.pos = 0
        self.mentions: list[MentionRecord] = []
        self.open: tuple[int, str] | None = None  # (start, label)
        self.bad = False  # a line of this document was in error: the document is not imported

    def close(self) -> None:
        if self.open is not None:
            start, label = self.open
            self.mentions.append(MentionRecord(start, self.pos, label))
            self.open = None

    def add(self, tok: str, prefix: str | None, label: str | None) -> None:
        start = self.pos
        if prefix is None:
            self.close()
        elif prefix in "BSU" or self.open is None or self.open[1] != label:
            self.close()
            self.open = (start, label)  # type: ignore[assignment]
        self.parts.append(tok)
        self.pos += len(tok)
        if prefix is not None and prefix in "ESLU":
            self.close()

    def finish(self) -> DocumentRecord:
        self.close()
        text = "".join(self.parts)
        return DocumentRecord(text=text, title=self.title or "", mentions=self.mentions)


def parse_line(line: str) -> tuple[str, str]:
    """(token, tag) of a token line: first column and last column, tab- or space-separated."""
    if "\t" in line:
        cols = line.split("\t")
    elif line.startswith(" "):
        cols = [" "] + line.split()  # a literal space token in a space-separated file
    else:
        cols = [c for c in line.split(" ") if c]
    if len(cols) < 2:
        return (cols[0] if cols else ""), ""
    return cols[0], cols[-1].strip()


_WEIBO_TOKEN = re.compile(r"^(\S)[0-9]$")


def records(
    path: Path, res: ReadResult, *, encoding: str | None = None, known_labels: set[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE, **_: Any,
) -> Iterator[DocumentRecord]:
    """Documents of a CoNLL file, streamed one at a time (a first pass over the lines, also
    streamed, tells reader's own layout from a foreign one)."""
    p = str(path)
    try:
        source = line_source(path, encoding, max_size)
        own = docstart = False
        weibo = True  # every token is a character followed by a segmentation digit (Weibo NER)
        tokens = 0
        for _n, line in source():
            if line.startswith("# doc:"):
                own = True
            elif line.startswith("-DOCSTART-"):
                docstart = True
            elif weibo and line.strip() and not line.startswith("#"):
                tokens += 1
                weibo = bool(_WEIBO_TOKEN.match(parse_line(line)[0]))
        weibo = weibo and tokens > 0 and not own
        if weibo:
            res.warnings.append(InputError(
                p, "the token column carries a word-segmentation digit after each character (Weibo NER style): "
                "the digits were stripped"))
        yield from _parse_lines(source(), p, path.stem, res, known_labels, own, docstart, weibo)
    except InputError as e:
        res.errors.append(e)


def _parse_lines(
    lines: Iterator[tuple[int, str]], p: str, stem: str, res: ReadResult, known_labels: set[str] | None,
    own: bool, docstart: bool, weibo: bool,
) -> Iterator[DocumentRecord]:
    errors_before = len(res.errors)
    cur: _Builder | None = None
    in_sentence = False
    count = 0
    found = False

    def finish(b: _Builder | None) -> DocumentRecord | None:
        nonlocal count
        if b is None:
            return None
        count += 1
        if b.bad:
            return None
        doc = b.finish()
        if not doc.text and not own:
            return None
        if not doc.title and not own:
            doc.title = title_of(doc.text, f"{stem}-{count}")
        return doc

    for n, line in lines:
        if own and line.startswith(HEADER.rstrip()):
            doc = finish(cur)
            if doc is not None:
                found = True
                yield doc
            try:
                cur = _Builder(unescape(line[len(HEADER):]) if line.startswith(HEADER) else "", n)
            except ValueError as e:
                res.errors.append(InputError(p, str(e), line=n))
                cur = _Builder("", n)
                cur.bad = True
            continue
        if line.startswith("-DOCSTART-"):
            doc = finish(cur)
            if doc is not None:
                found = True
                yield doc
            cur, in_sentence = None, False
            continue
        if not line.strip():
            if in_sentence and not own and not docstart:
                doc = finish(cur)
                if doc is not None:
                    found = True
                    yield doc
                cur = None
            in_sentence = False
            continue
        tok, tag = parse_line(line)
        m = _TAG.match(tag)
        if line.startswith("#") and not m:
            continue  # a comment line (e.g. "# sent_id = 3")
        if cur is None:
            if own:
                res.errors.append(InputError(p, "token before the first '# doc:' line", line=n))
                continue
            cur = _Builder(None, n)
        if not tok or not m:
            msg = f"bad tag {tag[:40]!r}" if tok and tag else f"expected 'token<TAB>tag', got {line[:60]!r}"
            res.errors.append(InputError(p, msg, line=n))
            cur.bad, in_sentence = True, True
            continue
        prefix, label = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        opens = prefix is not None and (prefix in "BSU" or cur.open is None or cur.open[1] != label)
        if opens:
            problem = label_problem(label)
            if problem:
                res.errors.append(InputError(p, problem, line=n))
                cur.bad = True
            elif known_labels is not None and label not in known_labels:
                res.errors.append(InputError(p, f"unknown label {label!r}", line=n))
                cur.bad = True
        if weibo:
            tok = tok[0]
        try:
            token = unescape(tok) if own or (tok.startswith("\\") and len(tok) > 1) else tok
        except ValueError as e:
            res.errors.append(InputError(p, str(e), line=n))
            cur.bad, in_sentence = True, True
            continue
        if not in_sentence and not own and cur.parts:
            cur.add("\n", None, None)  # foreign file, -DOCSTART- mode: sentences become lines
        in_sentence = True
        cur.add(token, prefix, label)
    doc = finish(cur)
    if doc is not None:
        found = True
        yield doc
    if not found and len(res.errors) == errors_before:
        res.errors.append(InputError(p, "no tokens in the file"))


def read(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records(path, res, **kw))
