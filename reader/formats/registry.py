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
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.errors import InputError, ReaderError
from reader.core.labels import Label
from reader.core.model import DocumentRecord

from . import brat, conll, csv as csv_format, doccano, jsonl, labelstudio, output, prodigy, text
from .common import ReadResult, WriteReport

__all__ = ["FORMATS", "Format", "ReadResult", "WriteReport", "guess_format", "read", "write"]

Reader = Callable[..., ReadResult]
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
    schemes: tuple[str, ...] = ()
    """Tag schemes the writer offers (``scheme=`` of :func:`write`); empty: it has none."""

    @property
    def can_read(self) -> bool:
        return self.reader is not None

    @property
    def can_write(self) -> bool:
        return self.dumper is not None or self.tree_writer is not None


FORMATS: dict[str, Format] = {
    f.name: f
    for f in [
        Format("jsonl", "reader's own JSON Lines (lossless)", (".jsonl", ".json"), jsonl.read, jsonl.dump),
        Format("doccano", "doccano sequence-labelling JSONL", (".jsonl", ".json"), doccano.read, doccano.dump),
        Format("conll", "character-per-line CoNLL (BIO/BIOES/BMES)", (".conll", ".bio", ".bmes", ".bioes", ".tsv"),
               conll.read, conll.dump, schemes=tuple(conll.SCHEMES)),
        Format("brat", "brat standoff: folder or .zip of .txt + .ann", (".ann", ".zip"), brat.read, None, brat.write_tree),
        Format("labelstudio", "Label Studio JSON tasks", (".json",), labelstudio.read, labelstudio.dump),
        Format("prodigy", "Prodigy NER JSONL", (".jsonl",), prodigy.read, prodigy.dump),
        Format("csv", "one row per mention, for spreadsheets (export only)", (".csv",), None, csv_format.dump,
               encoding="utf-8-sig"),
        Format("txt", "plain text, one document per file (import only)", (".txt",), text.read_txt),
        Format("md", "Markdown, text as is (import only)", (".md", ".markdown"), text.read_md),
        Format("html", "HTML reduced to its text (import only)", (".html", ".htm"), text.read_html),
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
    if ext == ".json" and path.is_file():
        try:
            head = path.read_bytes().decode("utf-8-sig", "replace").lstrip()
        except OSError:
            return fmt
        if head.startswith("["):
            return "labelstudio" if _looks_like_labelstudio(head) else "jsonl"
    return fmt


def _looks_like_labelstudio(head: str) -> bool:
    """A JSON array is Label Studio tasks unless its first record has the doccano/own shape."""
    try:
        i = 1
        while i < len(head) and head[i] in " \t\r\n":
            i += 1
        first, _ = json.JSONDecoder().raw_decode(head, i)
    except ValueError:
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
) -> ReadResult:
    """Read files and folders into documents, in order; every problem is collected as FILE:LINE.

    ``fmt`` None guesses from each file's extension; a folder holding ``.ann`` files is a brat
    collection, any other folder is walked recursively (sorted) for files of known types.
    ``known_labels`` None accepts every label; otherwise other labels are errors.
    """
    if fmt is not None and (fmt not in FORMATS or not FORMATS[fmt].can_read):
        readable = ", ".join(n for n, f in FORMATS.items() if f.can_read)
        raise ReaderError(f"cannot import format {fmt!r} (readable: {readable})")
    res = ReadResult()
    kw = {"encoding": encoding, "known_labels": known_labels}
    for path in map(Path, paths):
        if not path.exists():
            res.errors.append(InputError(path, "no such file or folder"))
            continue
        if path.is_dir():
            if fmt == "brat" or (fmt is None and _has_ann(path)):
                res.extend(brat.read(path, **kw))
                continue
            files = _walk(path, fmt)
            if not files:
                res.errors.append(InputError(path, "folder holds no files to import"))
            for f in files:
                name = fmt or guess_format(f)
                assert name is not None
                res.extend(FORMATS[name].reader(f, **kw))  # type: ignore[misc]
            continue
        name = fmt or guess_format(path)
        if name is None or not FORMATS[name].can_read:
            res.errors.append(InputError(path, f"unknown file type {path.suffix or '(no extension)'!r}: name a --format"))
            continue
        res.extend(FORMATS[name].reader(path, **kw))  # type: ignore[misc]
    return res


def atomic_write(out: Path, data: bytes, *, overwrite: bool = True) -> None:
    """Write ``data`` to ``out`` through a temporary file in the same folder and ``os.replace``
    (see :mod:`reader.formats.output`: the user's umask, never a folder, ``overwrite`` to replace)."""
    output.write_file(Path(out), data, overwrite=overwrite)


def write(
    docs: list[DocumentRecord],
    out: Path | None,
    fmt: str,
    *,
    scheme: str = "bio",
    overwrite: bool = False,
    labels: Sequence[Label] = (),
) -> WriteReport:
    """Write documents in ``fmt`` to ``out`` (None: stdout, single-file formats only).

    UTF-8 (CSV with a BOM, for spreadsheets), ``\\n`` line ends, written atomically. An existing
    file, or a folder holding anything, is refused unless ``overwrite`` (and a folder export then
    replaces only its own files). Returns what the format could not hold; ``scheme`` (bio,
    bioes, bmes) applies to CoNLL; ``labels`` gives the library's label colours (brat).
    """
    f = FORMATS.get(fmt)
    if f is None or not f.can_write:
        writable = ", ".join(n for n, x in FORMATS.items() if x.can_write)
        raise ReaderError(f"cannot export format {fmt!r} (writable: {writable})")
    report = WriteReport()
    if f.tree_writer is not None:
        if out is None:
            raise ReaderError(f"{fmt} writes a folder of files: give an output folder (or a .zip)")
        f.tree_writer(docs, Path(out), report, overwrite=overwrite, labels=labels)
        return report
    assert f.dumper is not None
    if out is not None:
        output.check_file_target(Path(out), overwrite=overwrite)  # before the work, not after
    content = f.dumper(docs, report, scheme)
    data = content.encode(f.encoding)
    if out is None:
        stream = getattr(sys.stdout, "buffer", None)
        if stream is not None:
            sys.stdout.flush()
            stream.write(content.encode("utf-8"))
            stream.flush()
        else:
            sys.stdout.write(content)
    else:
        if Path(out).is_dir():
            raise ReaderError(f"{out}: is a folder; {fmt} writes one file, give a file name")
        atomic_write(Path(out), data, overwrite=overwrite)
    return report
