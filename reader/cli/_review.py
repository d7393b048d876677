"""The review commands: ``reader stats`` (review progress and entity counts), ``reader status``
(show or set documents' review status), ``reader aliases`` and ``reader kwic``."""

from __future__ import annotations

import argparse
import json

from reader.core.errors import ReaderError

from ._library import _open_library


def _stats(args: argparse.Namespace) -> int:
    if args.top < 0:
        raise ReaderError("--top must be 0 or more")
    lib = _open_library(args, write=False)
    try:
        stats = lib.stats(top=args.top)
        progress = lib.progress()
    finally:
        lib.close()
    if args.json:
        print(json.dumps(stats, ensure_ascii=False))
        return 0
    docs = stats["documents"]
    if not progress["documents"]:
        print("The library is empty: import documents to see statistics.")
        return 0
    print(
        f"documents: {progress['documents']} ({docs['new']} new, {docs['in_progress']} in progress, {docs['done']} done)"
    )
    print(f"mentions reviewed: {progress['reviewed']} of {progress['mentions']}")
    print()
    print(f"{'label':<10}{'accepted':>10}{'suggested':>11}{'rejected':>10}")
    for label, c in stats["labels"].items():
        print(f"{label:<10}{c['accepted']:>10}{c['suggested']:>11}{c['rejected']:>10}")
    for label, rows in stats["top"].items():
        if rows:
            print()
            print(f"top {label}: " + "、".join(f"{surface} ({n})" for surface, n in rows))
    return 0


def _status(args: argparse.Namespace) -> int:
    words = list(args.args)
    args.status = words.pop() if words and not words[-1].lstrip("-").isdigit() else None
    try:
        args.ids = [int(w) for w in words]
    except ValueError:
        raise ReaderError(f"not a document id: {next(w for w in words if not w.lstrip('-').isdigit())!r}") from None
    if args.status is None:
        lib = _open_library(args, write=False)
        try:
            wanted = set(args.ids)
            known = {s.id for s in lib.summaries()}
            missing = sorted(wanted - known)
            if missing:
                raise ReaderError(f"no document {', '.join(map(str, missing))} in the library")
            for s in lib.summaries():
                if not wanted or s.id in wanted:
                    print(f"{s.id}\t{s.status.value}\t{s.reviewed}/{s.total}\t{s.title}")
        finally:
            lib.close()
        return 0
    from reader.core.review import DocStatus

    try:
        status = DocStatus.parse(args.status)
    except ValueError as e:
        raise ReaderError(str(e)) from None
    if not args.ids:
        raise ReaderError("name the documents whose status to set (reader status ID... STATUS)")
    lib = _open_library(args)
    try:
        known = set(lib.document_ids())
        missing = sorted(set(args.ids) - known)
        if missing:
            raise ReaderError(f"no document {', '.join(map(str, missing))} in the library; nothing was changed")
        for doc_id in dict.fromkeys(args.ids):
            changes = lib.set_document_status(doc_id, status)
            print(changes.description if changes.recorded else f"document {doc_id} is already {status.value}")
    finally:
        lib.close()
    return 0


def _entity_arg(value: str) -> tuple[str, str]:
    label, sep, surface = value.partition(":")
    if not sep or not label or not surface:
        raise ReaderError(f"{value!r}: give an entity as LABEL:SURFACE, e.g. ORG:新华社")
    return label.strip().upper(), surface


def _aliases(args: argparse.Namespace) -> int:
    from reader.app import LabelMismatch

    if args.merge or args.split or args.accept_proposals:
        lib = _open_library(args)
        try:
            if args.merge:
                if len(args.merge) < 2:
                    raise ReaderError("--merge needs the canonical entity and at least one alias")
                entities = [_entity_arg(v) for v in args.merge]
                for lb, _ in entities:
                    if lb not in lib.label_names:
                        raise ReaderError(f"unknown label {lb!r}")
                try:
                    changes = lib.merge_entities(entities[0], entities[1:], allow_relabel=args.force)
                except LabelMismatch as e:
                    raise ReaderError(f"{e} (--force)") from None
            elif args.split:
                changes = lib.split_entity(*_entity_arg(args.split))
            else:
                proposals = lib.alias_proposals()
                if not proposals:
                    print("no aliases to propose")
                    return 0
                for p in proposals:
                    if lib.canonical(p.label, p.short) != lib.canonical(p.label, p.full):
                        changes = lib.merge_entities((p.label, p.full), [(p.label, p.short)])
                        print(changes.description)
                return 0
            print(changes.description if changes.recorded else "nothing changed")
        finally:
            lib.close()
        return 0
    lib = _open_library(args, write=False)
    try:
        if args.propose:
            for p in lib.alias_proposals():
                print(f"{p.label}:{p.full}\t{p.label}:{p.short}\tdocument {p.doc_id}")
            return 0
        groups: dict[tuple[str, str], list[str]] = {}
        for a in lib.aliases():
            groups.setdefault(a.canonical, []).append(f"{a.label}:{a.surface}")
        if not groups:
            print("no aliases yet (reader aliases --merge LABEL:NAME LABEL:ALIAS..., or --propose)")
        for (label, surface), members in groups.items():
            print(f"{label}:{surface}\t" + "\t".join(members))
    finally:
        lib.close()
    return 0


def _kwic(args: argparse.Namespace) -> int:
    if args.width < 0:
        raise ReaderError("--width must be 0 or more")
    label, surface = _entity_arg(args.entity)
    lib = _open_library(args, write=False)
    try:
        if args.doc is not None and args.doc not in set(lib.document_ids()):
            raise ReaderError(f"no document {args.doc} in the library")
        for line in lib.kwic(label, surface, args.doc, width=args.width):
            print(f"{line.doc_id}\t{line.start}-{line.end}\t{line.left}\t{line.match}\t{line.right}")
    finally:
        lib.close()
    return 0
