"""brat standoff: a folder (or ``.zip``) of ``NAME.txt`` + ``NAME.ann`` pairs.

``NAME.txt`` is the text exactly (UTF-8, CRLF kept); ``NAME.ann`` holds one line per annotation.
Entity lines ``T1<TAB>LABEL START END<TAB>surface`` become mentions; offsets are **code points**
(Python ``str`` indices, which is what brat's Python server counts). The surface must equal the
covered text (a line break inside it may appear as a space, as brat writes it).

Every other line (``R``, ``E``, ``A``, ``N``, ``#`` notes...) is kept verbatim in
``extra["brat"]["lines"]`` and written back after the T lines; the T ids found are kept in
``extra["brat"]["ids"]`` so that those lines still point at the right entity. Discontinuous
entities (``T3<TAB>LOC 0 5;12 17<TAB>...``) cannot be a reader mention: they are kept verbatim
with the other lines and reported as a warning.

Export: ``doc-0001.txt``/``.ann`` ... (document id, or position when there is none), plus an
``annotation.conf`` listing the labels, into a folder (replaced atomically; an existing folder is
only replaced when it holds nothing but brat files) or, when the path ends in ``.zip``, a zip.
Accepted mentions only; suggestions are counted in the report. Import takes the title from the
first line of the text (brat has no titles).
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from reader.core.errors import InputError, ReaderError
from reader.core.model import DocumentRecord, MentionRecord

from .common import ReadResult, WriteReport, check_layer, live_mentions, make_mention, note_lost
from .safeio import DEFAULT_MAX_SIZE, open_regular, read_limited, zip_members
from .text import decode, read_bytes, title_of

_T_LINE = re.compile(r"^(T[0-9]+)\t(\S+) ([0-9]{1,18} [0-9]{1,18}(?:;[0-9]+ [0-9]+)*)\t(.*)$")
BRAT_FILES = {".txt", ".ann", ".conf"}


def _parse(
    name: str, text: str, ann: str, ann_path: str, res: ReadResult, known_labels: set[str] | None
) -> DocumentRecord | None:
    mentions: list[MentionRecord] = []
    lines: list[str] = []
    ids: list[list[Any]] = []
    before = len(res.errors)
    for n, line in enumerate(ann.split("\n"), 1):
        line = line[:-1] if line.endswith("\r") else line
        if not line.strip():
            continue
        if not line.startswith("T"):
            if not re.match(r"^[A-Z#*]\S*\t", line):
                res.errors.append(InputError(ann_path, f"not a brat annotation line: {line[:40]!r}", line=n))
            else:
                lines.append(line)
            continue
        m = _T_LINE.match(line)
        if not m:
            res.errors.append(InputError(ann_path, f"expected 'T<n><TAB>LABEL START END<TAB>text', got {line[:60]!r}", line=n))
            continue
        tid, label, offsets, surface = m.groups()
        if ";" in offsets:
            res.warnings.append(InputError(ann_path, f"{tid}: discontinuous span {offsets!r} kept as is, not made a mention", line=n))
            lines.append(line)
            continue
        s, e = map(int, offsets.split())
        errs: list[InputError] = []
        mention = make_mention(text, s, e, label, where=tid, path=ann_path, line=n, errors=errs)
        if mention is not None:
            covered = text[s:e]
            if surface != covered and surface != re.sub(r"\r\n|\r|\n", " ", covered):
                errs.append(InputError(ann_path, f"{tid}: {s}-{e} covers {covered!r} but the file says {surface!r}", line=n))
            elif known_labels is not None and label not in known_labels:
                errs.append(InputError(ann_path, f"{tid}: unknown label {label!r}", line=n))
            else:
                mentions.append(mention)
                ids.append([s, e, label, tid])
        res.errors.extend(errs)
    mentions = check_layer(mentions, path=ann_path, line=None, errors=res.errors, known_labels=None)
    if len(res.errors) > before:
        return None
    extra = {"brat": {"ids": ids, "lines": lines}} if lines else {}
    return DocumentRecord(text=text, title=title_of(text, name), mentions=mentions, extra=extra)


def records(
    path: Path, res: ReadResult, *, encoding: str | None = None, known_labels: set[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE, **_: Any,
) -> Iterator[DocumentRecord]:
    """A folder (walked recursively), a ``.zip``, or one ``.ann``/``.txt`` with its partner; one
    document per pair, in name order."""
    pairs: dict[str, dict[str, tuple[str, bytes | None]]] = {}  # stem -> ext -> (display path, bytes)
    try:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                for f in sorted(files):
                    fp = Path(root) / f
                    if fp.suffix in (".txt", ".ann") and not f.startswith("."):
                        pairs.setdefault(str(fp.with_suffix("")), {})[fp.suffix] = (str(fp), None)
        elif path.suffix.lower() == ".zip":
            def wanted(fn: str) -> bool:
                return "__MACOSX" not in fn and not Path(fn).name.startswith(".") and Path(fn).suffix in (".txt", ".ann")

            for fn, data in zip_members(path, wanted, max_size):
                ext = Path(fn).suffix
                pairs.setdefault(fn[: -len(ext)], {})[ext] = (f"{path}/{fn}", data)
        else:
            read_bytes(path, max_size)  # missing / empty / not a regular file
            for ext in (".txt", ".ann"):
                partner = path.with_suffix(ext)
                if partner.exists():
                    pairs.setdefault(str(path.with_suffix("")), {})[ext] = (str(partner), None)
    except InputError as e:
        res.errors.append(e)
        return
    if not pairs:
        res.errors.append(InputError(path, "no brat .txt/.ann files found"))
    for stem in sorted(pairs):
        got = pairs.pop(stem)
        if ".txt" not in got:
            res.errors.append(InputError(got[".ann"][0], f"no text file {Path(stem).name}.txt next to it"))
            continue
        try:
            txt_path, data = got[".txt"]
            text = decode(data if data is not None else read_bytes(Path(txt_path), max_size), txt_path, encoding)
            ann = ""
            if ".ann" in got:
                ann_path, adata = got[".ann"]
                if adata is None:
                    with open_regular(ann_path, max_size) as f:
                        adata = read_limited(f, ann_path, max_size)
                ann = decode(adata, ann_path, encoding) if adata else ""
            else:
                ann_path = stem + ".ann"
        except InputError as e:
            res.errors.append(e)
            continue
        doc = _parse(Path(stem).name, text, ann, ann_path, res, known_labels)
        if doc is not None:
            yield doc


def read(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records(path, res, **kw))


def ann_lines(doc: DocumentRecord, ms: list[MentionRecord]) -> str:
    br = doc.extra.get("brat") if isinstance(doc.extra.get("brat"), dict) else {}
    known = {(s, e, lab): tid for s, e, lab, tid in br.get("ids", [])}
    extra_lines = [ln for ln in br.get("lines", []) if isinstance(ln, str)]
    used = {tid for tid in known.values()} | {ln.split("\t", 1)[0] for ln in extra_lines}
    next_n = 1
    out = []
    for m in ms:
        tid = known.get((m.start, m.end, m.label))
        if tid is None:
            while f"T{next_n}" in used:
                next_n += 1
            tid = f"T{next_n}"
            used.add(tid)
        surface = re.sub(r"\r\n|\r|\n", " ", doc.text[m.start:m.end])
        out.append(f"{tid}\t{m.label} {m.start} {m.end}\t{surface}\n")
    out.extend(ln + "\n" for ln in extra_lines)
    return "".join(out)


def conf(labels: set[str], relation_types: set[str]) -> str:
    rels = "".join(f"{r}\tArg1:<ENTITY>, Arg2:<ENTITY>\n" for r in sorted(relation_types))
    ents = "".join(f"{lab}\n" for lab in sorted(labels))
    return f"[entities]\n{ents}\n[relations]\n{rels}\n[events]\n\n[attributes]\n"


def files_for(docs: list[DocumentRecord], report: WriteReport) -> list[tuple[str, bytes]]:
    layers = live_mentions(docs, accepted_only=True, fmt="brat", report=report)
    width = max(4, len(str(max([d.id or 0 for d in docs] + [len(docs)]))))
    files: list[tuple[str, bytes]] = []
    labels: set[str] = set()
    rel_types: set[str] = set()
    seen: set[str] = set()
    for k, (doc, ms) in enumerate(zip(docs, layers), 1):
        name = f"doc-{(doc.id if doc.id is not None else k):0{width}d}"
        while name in seen:
            name += "-b"
        seen.add(name)
        bad = [m for m in ms if any(c.isspace() for c in m.label)]
        if bad:
            raise ReaderError(f"brat labels cannot contain spaces: {bad[0].label!r}")
        labels.update(m.label for m in ms)
        text = ann_lines(doc, ms)
        for ln in text.split("\n"):
            if ln[:1] in ("R", "T") and "\t" in ln:
                (rel_types if ln[0] == "R" else labels).add(ln.split("\t")[1].split(" ")[0])
        files.append((name + ".txt", doc.text.encode("utf-8")))
        files.append((name + ".ann", text.encode("utf-8")))
    files.append(("annotation.conf", conf(labels, rel_types).encode("utf-8")))
    note_lost(docs, report, "brat", keeps_extra="brat")
    return files


def write_tree(docs: list[DocumentRecord], out: Path, report: WriteReport) -> None:
    files = files_for(docs, report)
    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() == ".zip":
        fd, tmp = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
        os.close(fd)
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as z:
                for name, data in files:
                    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    z.writestr(info, data)
            os.replace(tmp, out)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return
    if out.exists():
        if not out.is_dir():
            raise ReaderError(f"{out}: exists and is not a folder")
        foreign = [p.name for p in out.iterdir() if p.suffix not in BRAT_FILES or p.is_dir()]
        if foreign:
            raise ReaderError(f"{out}: folder holds other files ({foreign[0]}...); give an empty or new folder")
    tmp_dir = Path(tempfile.mkdtemp(prefix=f".{out.name}.", dir=out.parent))
    try:
        tmp_dir.chmod(0o755)
        for name, data in files:
            (tmp_dir / name).write_bytes(data)
        if out.exists():
            old = out.with_name(f".{out.name}.old-{os.getpid()}")
            os.replace(out, old)
            os.replace(tmp_dir, out)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp_dir, out)
    except BaseException:
        shutil.rmtree(tmp_dir, ignore_errors=True)
        raise
