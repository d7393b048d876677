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

Event triggers (the ``T`` lines an ``E`` line names as its trigger, or whose type is an event type
of the collection's ``annotation.conf``) are not entities: they are kept verbatim with the other
lines, never made mentions. The ``[relations]``, ``[events]`` and ``[attributes]`` sections of the
nearest ``annotation.conf`` (in the file's folder or above it, inside the collection) are kept in
``extra["brat"]["conf"]``, and the file's name (relative to the collection) in
``extra["brat"]["name"]``.

Export: ``NAME.txt``/``.ann`` pairs, NAME being the name the document was imported under (or
``doc-0001`` ..., the document id, or position when there is none), plus an ``annotation.conf``
(the labels, and the kept sections merged, with a generated line for any relation, event or
attribute type used but not declared) and a ``visual.conf`` giving each label its colour in the
library, into a new or empty folder (built under a temporary name and renamed) or, when the path
ends in ``.zip``, a zip. A folder holding anything, or an existing zip, is refused unless
``overwrite`` (``--force``); then only the files the export writes are replaced. Accepted mentions
only; suggestions are counted in the report. Import takes the title from the first line of the
text (brat has no titles).
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from pathlib import Path, PurePosixPath
from typing import Any

from reader.core.errors import InputError, ReaderError
from reader.core.model import DocumentRecord, MentionRecord

from reader.core.labels import Label

from . import output
from .common import ReadResult, WriteReport, check_layer, live_mentions, make_mention, note_lost
from .safeio import DEFAULT_MAX_SIZE, open_regular, read_limited, zip_members
from .text import decode, read_bytes, title_of

_T_LINE = re.compile(r"^(T[0-9]+)\t(\S+) ([0-9]{1,18} [0-9]{1,18}(?:;[0-9]+ [0-9]+)*)\t(.*)$")
_E_LINE = re.compile(r"^E\d+\t([^:\s]+):(T\d+)")
KEPT_SECTIONS = ("relations", "events", "attributes")


def parse_conf(text: str) -> dict[str, list[str]]:
    """The lines of each section of an ``annotation.conf`` (blank lines dropped, comments kept)."""
    sections: dict[str, list[str]] = {}
    current: str | None = None
    for line in text.splitlines():
        stripped = line.strip()
        m = re.fullmatch(r"\[(\w+)\]", stripped)
        if m:
            current = m.group(1).lower()
            sections.setdefault(current, [])
        elif stripped and current is not None:
            sections[current].append(line.rstrip())
    return sections


def _declared(lines: Sequence[str]) -> set[str]:
    """Type names a conf section declares (``!`` marks a type that cannot be chosen)."""
    out = set()
    for line in lines:
        s = line.strip()
        if s and not s.startswith("#") and "=" not in s.split("\t")[0]:
            out.add(s.split()[0].lstrip("!"))
    return out


def _parse(
    name: str,
    text: str,
    ann: str,
    ann_path: str,
    res: ReadResult,
    known_labels: set[str] | None,
    conf: dict[str, list[str]] | None = None,
) -> DocumentRecord | None:
    mentions: list[MentionRecord] = []
    lines: list[str] = []
    ids: list[list[Any]] = []
    before = len(res.errors)
    event_types = _declared((conf or {}).get("events", []))
    triggers = {m.group(2) for m in map(_E_LINE.match, ann.split("\n")) if m}
    for n, line in enumerate(ann.split("\n"), 1):
        line = line[:-1] if line.endswith("\r") else line
        if not line.strip():
            continue
        if not line.startswith("T"):
            if _ENTITY_NOTE.match(line):  # reader's own note, written again from the library on export
                continue
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
        if tid in triggers or label in event_types:  # an event's trigger, not an entity
            lines.append(line)
            continue
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
    brat: dict[str, Any] = {"name": name}
    if lines:
        brat.update(ids=ids, lines=lines)
    kept = {k: v for k, v in (conf or {}).items() if k in KEPT_SECTIONS and v}
    if kept:
        brat["conf"] = kept
    return DocumentRecord(text=text, title=title_of(text, PurePosixPath(name).name), mentions=mentions, extra={"brat": brat})


def read(path: Path, **kw: Any) -> ReadResult:
    res = ReadResult()
    return res.collect(records(path, res, **kw))


def records(
    path: Path, res: ReadResult, *, encoding: str | None = None, known_labels: set[str] | None = None,
    max_size: int = DEFAULT_MAX_SIZE, **_: Any,
) -> Iterator[DocumentRecord]:
    """A folder (walked recursively), a ``.zip``, or one ``.ann``/``.txt`` with its partner; one
    document per pair, in name order. Every file is read through :mod:`reader.formats.safeio`
    (regular files only, at most ``max_size``; zip members checked before they are inflated)."""
    pairs: dict[str, dict[str, tuple[str, bytes | None]]] = {}  # name -> ext -> (display path, bytes)
    confs: dict[str, tuple[str, bytes | None]] = {}  # folder (relative, posix; "" the top) -> conf
    try:
        if path.is_dir():
            for root, dirs, files in os.walk(path):
                dirs.sort()
                rel_root = Path(root).relative_to(path).as_posix()
                rel_root = "" if rel_root == "." else rel_root
                for f in sorted(files):
                    fp = Path(root) / f
                    if f == "annotation.conf":
                        confs[rel_root] = (str(fp), None)
                    elif fp.suffix in (".txt", ".ann") and not f.startswith("."):
                        name = fp.relative_to(path).with_suffix("").as_posix()
                        pairs.setdefault(name, {})[fp.suffix] = (str(fp), None)
        elif path.suffix.lower() == ".zip":
            def wanted(fn: str) -> bool:
                name = PurePosixPath(fn).name
                return "__MACOSX" not in fn and not name.startswith(".") and (
                    name == "annotation.conf" or PurePosixPath(fn).suffix in (".txt", ".ann"))

            for fn, data in zip_members(path, wanted, max_size):
                ext = PurePosixPath(fn).suffix
                if PurePosixPath(fn).name == "annotation.conf":
                    parent = PurePosixPath(fn).parent.as_posix()
                    confs["" if parent == "." else parent] = (f"{path}/{fn}", data)
                else:
                    pairs.setdefault(fn[: -len(ext)], {})[ext] = (f"{path}/{fn}", data)
        else:
            read_bytes(path, max_size)  # missing / empty / not a regular file
            for ext in (".txt", ".ann"):
                partner = path.with_suffix(ext)
                if partner.exists():
                    pairs.setdefault(path.stem, {})[ext] = (str(partner), None)
            if (path.parent / "annotation.conf").is_file():
                confs[""] = (str(path.parent / "annotation.conf"), None)
    except InputError as e:
        res.errors.append(e)
        return
    if not pairs:
        res.errors.append(InputError(path, "no brat .txt/.ann files found"))
    parsed: dict[str, dict[str, list[str]]] = {}
    for stem in sorted(pairs):
        got = pairs.pop(stem)
        if ".txt" not in got:
            res.errors.append(InputError(got[".ann"][0], f"no text file {PurePosixPath(stem).name}.txt next to it"))
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
                ann_path = str(Path(txt_path).with_suffix(".ann"))
        except InputError as e:
            res.errors.append(e)
            continue
        conf = _conf_for(stem, confs, parsed, res, max_size)
        doc = _parse(stem, text, ann, ann_path, res, known_labels, conf)
        if doc is not None:
            yield doc


def _conf_for(
    stem: str,
    confs: dict[str, tuple[str, bytes | None]],
    parsed: dict[str, dict[str, list[str]]],
    res: ReadResult,
    max_size: int = DEFAULT_MAX_SIZE,
) -> dict[str, list[str]] | None:
    """The sections of the ``annotation.conf`` nearest to ``stem`` (its folder, then upwards)."""
    folder = PurePosixPath(stem).parent
    while True:
        key = "" if folder.as_posix() == "." else folder.as_posix()
        if key in confs:
            if key not in parsed:
                where, data = confs[key]
                try:
                    if data is None:
                        with open_regular(where, max_size) as f:
                            data = read_limited(f, where, max_size)
                    raw = data
                    parsed[key] = parse_conf(raw.decode("utf-8-sig"))
                except (OSError, UnicodeDecodeError, InputError) as e:
                    res.warnings.append(InputError(where, f"annotation.conf not read ({e}); its sections are not kept"))
                    parsed[key] = {}
            return parsed[key]
        if key == "":
            return None
        folder = folder.parent


def ann_lines(doc: DocumentRecord, ms: list[MentionRecord]) -> str:
    br = doc.extra.get("brat") if isinstance(doc.extra.get("brat"), dict) else {}
    known = {(s, e, lab): tid for s, e, lab, tid in br.get("ids", [])}
    extra_lines = [ln for ln in br.get("lines", []) if isinstance(ln, str)]
    used = {tid for tid in known.values()} | {ln.split("\t", 1)[0] for ln in extra_lines}
    next_n = 1
    out = []
    attrs: list[tuple[str, str, str]] = []
    notes: list[tuple[str, str]] = []
    for m in ms:
        tid = known.get((m.start, m.end, m.label))
        if tid is None:
            while f"T{next_n}" in used:
                next_n += 1
            tid = f"T{next_n}"
            used.add(tid)
        surface = re.sub(r"\r\n|\r|\n", " ", doc.text[m.start:m.end])
        out.append(f"{tid}\t{m.label} {m.start} {m.end}\t{surface}\n")
        if m.entity:
            notes.append((tid, m.entity))
        for key, value in m.attributes:
            attrs.append((tid, key, value))
    for n, (tid, key, value) in enumerate(attrs, 1):
        aid = f"A{n}"
        while aid in used:
            aid += "b"
        out.append(f"{aid}\t{key.capitalize()} {tid} {value}\n")
    out.extend(ln + "\n" for ln in extra_lines)
    note_n = 1
    for tid, entity in notes:
        while f"#{note_n}" in used:
            note_n += 1
        used.add(f"#{note_n}")
        out.append(f"#{note_n}\tAnnotatorNotes {tid}\t{ENTITY_NOTE}{entity}\n")
    return "".join(out)


ENTITY_NOTE = "entity: "
"""Each entity mention gets an AnnotatorNotes line ``entity: ORG:新华社`` naming its (canonical) entity."""
_ENTITY_NOTE = re.compile(r"^#\d+\tAnnotatorNotes T\d+\tentity: ")


def conf(labels: set[str], relation_types: set[str], kept: dict[str, list[str]] | None = None,
         used: dict[str, dict[str, set[str]]] | None = None) -> str:
    """``annotation.conf``: the entity labels; the kept sections of imported confs, plus a line
    for each relation, event or attribute type that is used but not declared."""
    kept = kept or {}
    used = used or {}
    rel_lines = list(kept.get("relations", []))
    declared = _declared(rel_lines)
    rel_lines += [f"{r}\tArg1:<ENTITY>, Arg2:<ENTITY>" for r in sorted(relation_types) if r not in declared]
    ev_lines = list(kept.get("events", []))
    declared = _declared(ev_lines)
    for ev, roles in sorted(used.get("events", {}).items()):
        if ev not in declared:
            ev_lines.append(f"{ev}\t" + ", ".join(f"{r}*:<ENTITY>" for r in sorted(roles)) if roles else ev)
    at_lines = list(kept.get("attributes", []))
    declared = _declared(at_lines)
    for at, values in sorted(used.get("attributes", {}).items()):
        if at not in declared:
            vals = sorted(v for v in values if v)
            at_lines.append(f"{at}\tArg:<ENTITY>" + (f", Value:{'|'.join(vals)}" if vals else ""))
    ents = "".join(f"{lab}\n" for lab in sorted(labels))

    def body(lines: list[str]) -> str:
        return "".join(line + "\n" for line in lines)

    return f"[entities]\n{ents}\n[relations]\n{body(rel_lines)}\n[events]\n{body(ev_lines)}\n[attributes]\n{body(at_lines)}"


def visual_conf(labels: set[str], colours: Sequence[Label]) -> str:
    """``visual.conf``: each exported label drawn in its colour in the library."""
    by_name = {lb.name: lb for lb in colours}
    drawing = "".join(f"{lab}\tbgColor:{by_name[lab].color}\n" for lab in sorted(labels) if lab in by_name)
    return f"[labels]\n\n[drawing]\n{drawing}"


def _merge_conf(docs: list[DocumentRecord]) -> dict[str, list[str]]:
    merged: dict[str, list[str]] = {}
    for d in docs:
        br = d.extra.get("brat") if isinstance(d.extra.get("brat"), dict) else {}
        kept = br.get("conf") if isinstance(br.get("conf"), dict) else {}
        for section in KEPT_SECTIONS:
            lines = merged.setdefault(section, [])
            for line in kept.get(section, []) if isinstance(kept.get(section), list) else []:
                if isinstance(line, str) and line not in lines:
                    lines.append(line)
    return merged


def _safe_stem(name: Any) -> str | None:
    """An imported file name usable inside the export folder, or None."""
    if not isinstance(name, str) or not name or "\\" in name or len(name) > 200:
        return None
    parts = PurePosixPath(name).parts
    if PurePosixPath(name).is_absolute() or any(p in ("", ".", "..") or p.startswith(".") for p in parts):
        return None
    if any(c in name for c in "\0\r\n\t:*?\"<>|") or name in ("annotation", "visual"):
        return None
    return name


def files_for(docs: list[DocumentRecord], report: WriteReport, labels_info: Sequence[Label] = ()) -> list[tuple[str, bytes]]:
    layers = live_mentions(docs, accepted_only=True, fmt="brat", report=report)
    width = max(4, len(str(max([d.id or 0 for d in docs] + [len(docs)]))))
    files: list[tuple[str, bytes]] = []
    labels: set[str] = set()
    rel_types: set[str] = set()
    used: dict[str, dict[str, set[str]]] = {"events": {}, "attributes": {}}
    triggers: set[str] = set()
    kept_names = [_safe_stem((d.extra.get("brat") or {}).get("name") if isinstance(d.extra.get("brat"), dict) else None) for d in docs]
    taken = {n.casefold() for n in kept_names if n}
    seen: set[str] = set()
    for k, (doc, ms, kept) in enumerate(zip(docs, layers, kept_names), 1):
        name = kept if kept and kept.casefold() not in seen else None
        if name is None:
            name = f"doc-{(doc.id if doc.id is not None else k):0{width}d}"
            while name.casefold() in seen or name.casefold() in taken:
                name += "-b"
        seen.add(name.casefold())
        bad = [m for m in ms if any(c.isspace() for c in m.label)]
        if bad:
            raise ReaderError(f"brat labels cannot contain spaces: {bad[0].label!r}")
        labels.update(m.label for m in ms)
        text = ann_lines(doc, ms)
        lines = text.split("\n")
        doc_triggers = {m.group(2) for m in map(_E_LINE.match, lines) if m}
        for ln in lines:
            head, _, rest = ln.partition("\t")
            if not rest:
                continue
            kind = head[:1]
            if kind == "T":
                (triggers if head in doc_triggers else labels).add(rest.split(" ")[0])
            elif kind == "R":
                rel_types.add(rest.split(" ")[0])
            elif kind == "E":
                ev, *args = rest.split()
                roles = used["events"].setdefault(ev.split(":")[0], set())
                roles.update(re.sub(r"\d+$", "", a.split(":")[0]) for a in args if ":" in a)
            elif kind in ("A", "M"):
                at, *rest_parts = rest.split()
                used["attributes"].setdefault(at, set()).update(rest_parts[1:2])
        files.append((name + ".txt", doc.text.encode("utf-8")))
        files.append((name + ".ann", text.encode("utf-8")))
    kept_conf = _merge_conf(docs)
    event_types = _declared(kept_conf.get("events", [])) | set(used["events"]) | triggers
    labels -= event_types - {m.label for ms in layers for m in ms}
    files.append(("annotation.conf", conf(labels, rel_types, kept_conf, used).encode("utf-8")))
    files.append(("visual.conf", visual_conf(labels, labels_info).encode("utf-8")))
    note_lost(docs, report, "brat", keeps_extra="brat")
    return files


def write_tree(
    docs: list[DocumentRecord], out: Path, report: WriteReport, *, overwrite: bool = False, labels: Sequence[Label] = ()
) -> None:
    """Write the export to a folder, or to a zip when ``out`` ends in ``.zip`` (see the module)."""
    if out.suffix.lower() == ".zip":
        output.check_file_target(out, overwrite=overwrite)
        files = files_for(docs, report, labels)
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in files:
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                z.writestr(info, data)
        output.write_file(out, buf.getvalue(), overwrite=overwrite)
        return
    if out.exists() and not out.is_dir():
        raise ReaderError(f"{out}: exists and is not a folder")
    if out.is_dir() and any(out.iterdir()) and not overwrite:
        raise ReaderError(
            f"{out}: the folder is not empty; give a new or empty folder, or --force to write the export's "
            "files into it (nothing else in it is touched)"
        )
    output.write_folder(out, files_for(docs, report, labels), overwrite=overwrite)
