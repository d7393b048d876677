"""The file formats reader reads and writes, behind two calls: :func:`read` and :func:`write`.

Qt-free and SQLite-free. Offsets in every format are code points of the text exactly as stored
(Python ``str`` indices, end exclusive); see each module's docstring for its exact shape.

What the formats without review state write (doccano, CoNLL, brat, Prodigy): **accepted
mentions only**; suggestions are left out and counted in :attr:`WriteReport.dropped`. Rejected
mentions are never exported as entities (the own ``jsonl`` form keeps them, with their status,
because it is lossless). Label Studio writes accepted mentions as ``annotations`` and
suggestions as ``predictions``; CSV writes both with a status column.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.errors import InputError, ReaderError
from reader.core.labels import Label
from reader.core.model import DocumentRecord

from . import brat, conll, csv as csv_format, doccano, jsonl, labelstudio, output, prodigy, safeio, text
from . import spacy_docbin as spacy_format
from .common import OFFSET_UNITS, ReadResult, TooManyProblems, WriteReport

__all__ = ["FORMATS", "Format", "ReadResult", "WriteReport", "guess_format", "iter_read", "read", "write"]

Reader = Callable[..., Iterator[DocumentRecord]]
"""``reader(path, result, *, encoding, known_labels, max_size, offsets)``: yields documents one by
one and adds its problems to ``result.errors`` / ``result.warnings``."""
Chunker = Callable[..., Iterator[str]]
Dumper = Callable[[list[DocumentRecord], WriteReport, str], str]
TreeWriter = Callable[..., None]
"""``(docs, out, report, *, overwrite, labels)``: writes a folder (or a .zip)."""


@dataclass(frozen=True)
class Format:
    name: str
    description: str
    extensions: tuple[str, ...]
    reader: Reader | None = None
    dumper: Dumper | None = None
    """Single-file writer: documents to the whole file content (may go to stdout)."""
    tree_writer: TreeWriter | None = None
    """Writer of a folder (or .zip) of files: brat."""
    encoding: str = "utf-8"
    chunker: Chunker | None = None
    """Streaming single-file writer: ``chunker(docs, report, **options)`` yields the file's text
    document by document, so an export's memory does not grow with the library."""
    file_writer: Callable[..., None] | None = None
    """Writer of one binary file it writes itself (spaCy's DocBin): ``file_writer(docs, out, report)``."""
    schemes: tuple[str, ...] = ()
    """Tag schemes the writer offers (``scheme=`` of :func:`write`); empty: it has none."""

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        return self.dumper is not None or self.tree_writer is not None or self.chunker is not None or self.file_writer is not None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("jsonl", "reader's own JSON Lines (lossless)", (".jsonl", ".json"), jsonl.records, chunker=jsonl.chunks),
        Format("doccano", "doccano sequence-labelling JSONL (or doccano's downloaded .zip)", (".jsonl", ".json", ".zip"),
               doccano.records, chunker=doccano.chunks),
        Format("cluener", "CLUENER2020 JSON lines", (".json", ".jsonl"), doccano.records, chunker=doccano.cluener_chunks),
        Format("conll", "character-per-line CoNLL (BIO/BIOES/BMES)", (".conll", ".bio", ".bmes", ".bioes", ".tsv"),
               conll.records, chunker=conll.chunks, schemes=tuple(conll.SCHEMES)),
        Format("brat", "brat standoff: folder or .zip of .txt + .ann", (".ann", ".zip"), brat.records, None, brat.write_tree),
        Format("labelstudio", "Label Studio JSON tasks", (".json",), labelstudio.records, chunker=labelstudio.chunks),
        Format("prodigy", "Prodigy NER JSONL", (".jsonl",), prodigy.records, chunker=prodigy.chunks),
        Format("csv", "one row per mention, for spreadsheets (export only)", (".csv",), None, csv_format.dump,
               encoding="utf-8-sig"),
        Format("spacy", "spaCy DocBin, characters as tokens (export only; needs reader[spacy])", (".spacy",),
               file_writer=spacy_format.write),
        Format("txt", "plain text, one document per file (import only)", (".txt",), text.records_txt),
        Format("md", "Markdown, text as is (import only)", (".md", ".markdown"), text.records_md),
        Format("html", "HTML reduced to its text (import only)", (".html", ".htm"), text.records_html),
    ]
}

_BY_EXTENSION = {
    ".jsonl": "jsonl", ".json": "jsonl", ".txt": "txt", ".md": "md", ".markdown": "md",
    ".html": "html", ".htm": "html", ".ann": "brat", ".zip": "brat",
    ".conll": "conll", ".bio": "conll", ".bmes": "conll", ".bioes": "conll", ".tsv": "conll",
}


def guess_format(path: Path) -> str | None:
    """Format name from a file's extension (a ``.json`` array is Label Studio), or None."""
    ext = path.suffix.lower()
    fmt = _BY_EXTENSION.get(ext)
    if ext == ".zip" and path.is_file():
        return _zip_kind(path)
    if ext == ".json" and path.is_file():
        try:
            with safeio.open_regular(path) as f:
                head = f.read(1 << 20).decode("utf-8-sig", "replace").lstrip()
        except (OSError, InputError):
            return fmt
        if head.startswith("["):
            return "labelstudio" if _looks_like_labelstudio(head) else "jsonl"
    return fmt


def _zip_kind(path: Path) -> str:
    """brat for a zip of .ann/.txt files, doccano for a zip of .jsonl/.json (its download)."""
    try:
        with safeio.open_regular(path) as f, zipfile.ZipFile(f) as z:
            names = [n.lower() for n in z.namelist() if "__MACOSX" not in n]
    except Exception:  # OSError, InputError, BadZipFile, NotImplementedError (zip version)...
        return "brat"  # the brat reader reports what is wrong with it
    if not any(n.endswith((".ann", ".txt")) for n in names) and any(n.endswith((".jsonl", ".json")) for n in names):
        return "doccano"
    return "brat"


def _looks_like_labelstudio(head: str) -> bool:
    """A JSON array is Label Studio tasks unless its first record has the doccano/own shape."""
    try:
        i = 1
        while i < len(head) and head[i] in " \t\r\n":
            i += 1
        first, _ = json.JSONDecoder().raw_decode(head, i)
    except (ValueError, RecursionError):
        return True  # let the Label Studio reader report what is wrong
    if not isinstance(first, dict):
        return True
    if any(k in first for k in ("data", "annotations", "predictions", "completions")):
        return True
    labels = first.get("label")
    return isinstance(labels, list) and any(isinstance(x, dict) and "labels" in x for x in labels)


def _walk(folder: Path, fmt: str | None) -> list[Path]:
    exts = set(FORMATS[fmt].extensions) if fmt else set(_BY_EXTENSION) - {".zip", ".ann"}
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in exts:
                found.append(Path(root) / name)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def _has_ann(folder: Path) -> bool:
    return any(name.endswith(".ann") for _, _, files in os.walk(folder) for name in files)


def read(
    paths: list[Path],
    fmt: str | None = None,
    *,
    encoding: str | None = None,
    known_labels: set[str] | None = None,
    max_size: int = safeio.DEFAULT_MAX_SIZE,
    offsets: str | None = None,
) -> ReadResult:
    """Read files and folders into documents, in order; every problem is collected as FILE:LINE.

    ``fmt`` None guesses from each file's extension; a folder holding ``.ann`` files is a brat
    collection, any other folder is walked recursively (sorted) for files of known types.
    ``known_labels`` None accepts every label; otherwise other labels are errors. ``max_size``
    bounds every file read (see :mod:`reader.formats.safeio`); ``offsets`` is doccano's unit.
    """
    res = ReadResult()
    return res.collect(
        iter_read(paths, fmt, res, encoding=encoding, known_labels=known_labels, max_size=max_size, offsets=offsets)
    )


def iter_read(
    paths: list[Path],
    fmt: str | None,
    res: ReadResult,
    *,
    encoding: str | None = None,
    known_labels: set[str] | None = None,
    max_size: int = safeio.DEFAULT_MAX_SIZE,
    offsets: str | None = None,
) -> Iterator[DocumentRecord]:
    """:func:`read`, streamed: yields documents one at a time, adding problems to ``res``."""
    if fmt is not None and (fmt not in FORMATS or not FORMATS[fmt].can_read):
        readable = ", ".join(n for n, f in FORMATS.items() if f.can_read)
        raise ReaderError(f"cannot import format {fmt!r} (readable: {readable})")
    if offsets is not None and offsets not in OFFSET_UNITS:
        raise ReaderError(f"unknown offset unit {offsets!r} (use {', '.join(OFFSET_UNITS)})")
    kw = {"encoding": encoding, "known_labels": known_labels, "max_size": max_size, "offsets": offsets}
    try:
        yield from _iter_paths(paths, fmt, res, kw)
    except TooManyProblems:
        res.stopped = True  # the last problem listed says where reading stopped


def _iter_paths(paths: list[Path], fmt: str | None, res: ReadResult, kw: dict[str, Any]) -> Iterator[DocumentRecord]:
    for path in map(Path, paths):
        if not os.path.lexists(path):
            res.errors.append(InputError(path, "no such file or folder"))
            continue
        if path.is_dir():
            if fmt == "brat" or (fmt is None and _has_ann(path)):
                yield from brat.records(path, res, **kw)
                continue
            files = _walk(path, fmt)
            if not files:
                res.errors.append(InputError(path, "folder holds no files to import"))
            for f in files:
                name = fmt or guess_format(f)
                assert name is not None
                yield from FORMATS[name].reader(f, res, **kw)  # type: ignore[misc]
            continue
        name = fmt or guess_format(path)
        if name is None or not FORMATS[name].can_read:
            res.errors.append(InputError(path, f"unknown file type {path.suffix or '(no extension)'!r}: name a --format"))
            continue
        yield from FORMATS[name].reader(path, res, **kw)  # type: ignore[misc]


def atomic_write(out: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``out`` through a temporary file in the same folder and ``os.replace``
    (see :mod:`reader.formats.output`: the user's umask, never a folder, ``overwrite`` to replace)."""
    output.write_file(Path(out), data, overwrite=overwrite)


def write(
    docs: Iterable[DocumentRecord],
    out: Path | None,
    fmt: str,
    *,
    scheme: str = "bio",
    comments: bool = True,
    offsets: str | None = None,
    overwrite: bool = False,
    labels: Sequence[Label] = (),
) -> WriteReport:
    """Write documents in ``fmt`` to ``out`` (None: stdout, single-file formats only).

    UTF-8 (CSV with a BOM, for spreadsheets), ``\\n`` line ends, written atomically (a temporary
    file beside ``out``, renamed when complete: an error leaves ``out`` as it was). An existing
    file, or a folder holding anything, is refused unless ``overwrite`` (and a folder export then
    replaces only its own files). Single-file formats are written document by document, so
    ``docs`` may be a generator and memory stays flat. Returns what the format could not hold.
    ``scheme`` (bio, bioes, bmes) and ``comments`` (the ``# doc:`` lines) apply to CoNLL,
    ``offsets`` (codepoint, utf16, grapheme) to doccano; ``labels`` gives the library's label
    colours (brat).
    """
    f = FORMATS.get(fmt)
    if f is None or not f.can_write:
        writable = ", ".join(n for n, x in FORMATS.items() if x.can_write)
        raise ReaderError(f"cannot export format {fmt!r} (writable: {writable})")
    report = WriteReport()
    if f.tree_writer is not None:
        if out is None:
            raise ReaderError(f"{fmt} writes a folder of files: give an output folder (or a .zip)")
        f.tree_writer(list(docs), Path(out), report, overwrite=overwrite, labels=labels)
        return report
    if out is not None:
        output.check_file_target(Path(out), overwrite=overwrite)  # before the work, not after
    if f.file_writer is not None:
        if out is None:
            raise ReaderError(f"{fmt} writes a binary file: give an output file (-o FILE{f.extensions[0]})")
        f.file_writer(docs, Path(out), report, overwrite=overwrite)
        return report
    if f.chunker is not None:
        pieces: Iterable[str] = f.chunker(docs, report, scheme=scheme, comments=comments, offsets=offsets)
    else:
        assert f.dumper is not None
        pieces = [f.dumper(list(docs), report, scheme)]
    if out is None:
        stream = getattr(sys.stdout, "buffer", None)
        sys.stdout.flush()
        for piece in pieces:
            if stream is not None:
                stream.write(piece.encode("utf-8"))
            else:
                sys.stdout.write(piece)
        if stream is not None:
            stream.flush()
        return report
    with output.writing(Path(out), overwrite=overwrite) as fh:
        first = True
        for piece in pieces:
            fh.write(piece.encode(f.encoding if first else "utf-8"))  # a BOM (utf-8-sig) once, at the start
            first = False
    return report
