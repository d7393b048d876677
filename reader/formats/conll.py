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
from pathlib import Path

from reader.core.errors import InputError, ReaderError
from reader.core.model import DocumentRecord, MentionRecord

from .common import ReadResult, WriteReport, live_mentions, note_lost
from .text import decoded, title_of

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
                    out.append(chr(int(hexd, 16)))
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


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    scheme = scheme.lower()
    if scheme not in SCHEMES:
        raise ReaderError(f"unknown CoNLL tag scheme {scheme!r} (use {', '.join(SCHEMES)})")
    layers = live_mentions(docs, accepted_only=True, fmt="CoNLL", report=report)
    out: list[str] = []
    for doc, ms in zip(docs, layers):
        lines = [HEADER + escape_title(doc.title) + "\n"]
        tags = tags_for(len(doc.text), ms, scheme)
        ends = sentence_ends(doc.text)
        for i, c in enumerate(doc.text):
            if i in ends:
                lines.append("\n")
            lines.append(f"{escape_char(c)}\t{tags[i]}\n")
        lines.append("\n")
        out.append("".join(lines))  # one string per document: a line object per character costs ~100 bytes
    note_lost(docs, report, "CoNLL")
    return "".join(out)


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


def read(path: Path, *, encoding: str | None = None, known_labels: set[str] | None = None) -> ReadResult:
    res = ReadResult()
    content = decoded(path, encoding, res)
    if content is None:
        return res
    p = str(path)
    lines = [ln[:-1] if ln.endswith("\r") else ln for ln in content.split("\n")]
    own = any(ln.startswith(HEADER.rstrip()) for ln in lines)
    docstart = any(ln.startswith("-DOCSTART-") for ln in lines)
    errors_before = len(res.errors)
    builders: list[_Builder] = []
    cur: _Builder | None = None
    in_sentence = False

    def new_doc(title: str | None, n: int) -> _Builder:
        b = _Builder(title, n)
        builders.append(b)
        return b

    for n, line in enumerate(lines, 1):
        if own and line.startswith(HEADER.rstrip()):
            cur = new_doc(unescape(line[len(HEADER):]) if line.startswith(HEADER) else "", n)
            continue
        if line.startswith("-DOCSTART-"):
            cur, in_sentence = None, False
            continue
        if not line.strip():
            if in_sentence and not own and not docstart:
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
            cur = new_doc(None, n)
        if not tok or not m:
            msg = f"bad tag {tag!r}" if tok and tag else f"expected 'token<TAB>tag', got {line!r}"
            res.errors.append(InputError(p, msg, line=n))
            cur.bad, in_sentence = True, True
            continue
        prefix, label = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        opens = prefix is not None and (prefix in "BSU" or cur.open is None or cur.open[1] != label)
        if known_labels is not None and opens and label not in known_labels:
            res.errors.append(InputError(p, f"unknown label {label!r}", line=n))
            cur.bad = True
        token = unescape(tok) if own or (tok.startswith("\\") and len(tok) > 1) else tok
        if not in_sentence and not own and cur.parts:
            cur.add("\n", None, None)  # foreign file, -DOCSTART- mode: sentences become lines
        in_sentence = True
        cur.add(token, prefix, label)
    for k, b in enumerate(builders, 1):
        if b.bad:
            continue
        doc = b.finish()
        if not doc.text and not own:
            continue
        if not doc.title and not own:
            doc.title = title_of(doc.text, f"{path.stem}-{k}")
        res.docs.append(doc)
    if not res.docs and len(res.errors) == errors_before:
        res.errors.append(InputError(p, "no tokens in the file"))
    return res
