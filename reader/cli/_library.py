"""The library commands: ``reader import``, ``export``, ``learn``, ``list``, ``rename`` and
``delete``, and :func:`_open_library`, how every library command opens the library."""

from __future__ import annotations

import argparse
import sys

from reader.core.errors import ReaderError

from ._progress import _end_progress, _terminal_progress


def _open_library(args: argparse.Namespace, *, write: bool = True):
    """The library for a command: a writer takes the library's lock (refused, naming the holder,
    while a window or another command holds it); a reader opens an existing file read-only."""
    from reader.app import Library, default_library_path

    return Library.open(args.db or default_library_path(), write=write, program=f"reader {args.command}")


def _import(args: argparse.Namespace) -> int:
    from reader.app import Task

    lib = _open_library(args)
    try:
        task = Task(_terminal_progress("importing"))
        report = lib.import_files(
            args.files, args.format, encoding=args.encoding, skip_bad=args.skip_bad, add_labels=args.add_labels, task=task,
            max_size=args.max_size, offsets=args.offsets,
        )
    finally:
        lib.close()
    _end_progress()
    for err in report.errors:
        print(f"reader: skipped: {err}", file=sys.stderr)
    for warning in report.warnings:
        print(f"reader: note: {warning}", file=sys.stderr)
    for title, existing in report.duplicates:
        print(f"reader: already in the library as document {existing}: {title or '(untitled)'}", file=sys.stderr)
    print(report.summary())
    return 0


def _export(args: argparse.Namespace) -> int:
    lib = _open_library(args, write=False)
    try:
        if args.format != "conll" and (args.no_comments or args.scheme != "bio"):
            raise ReaderError("--scheme and --no-comments apply to --format conll only")
        if args.offsets and args.format != "doccano":
            raise ReaderError("--offsets applies to --format doccano only")
        report = lib.export(args.output, args.format, doc_ids=args.doc, scheme=args.scheme,
                            comments=not args.no_comments, offsets=args.offsets, overwrite=args.force,
                            by_article=args.by_article)
    finally:
        lib.close()
    for line in report.dropped:
        print(f"reader: {line}", file=sys.stderr)
    return 0


def _learn(args: argparse.Namespace) -> int:
    from reader.app import Task

    lib = _open_library(args)
    try:
        if args.reset:
            was = lib.reset_learning()
            print(f"back to the shipped model (model {was} no longer used)" if was else "already using the shipped model")
            return 0
        report = lib.learn(Task(_terminal_progress("learning")))
    finally:
        lib.close()
        _end_progress()
    print(report.summary())
    return 0


def _list(args: argparse.Namespace) -> int:
    lib = _open_library(args, write=False)
    try:
        ids = set(lib.search(args.search, limit=1_000_000_000)) if args.search else None
        for s in lib.summaries():
            if ids is None or s.id in ids:
                print(f"{s.id}\t{s.mentions}\t{s.suggested}\t{s.title}")
    finally:
        lib.close()
    return 0


def _rename(args: argparse.Namespace) -> int:
    lib = _open_library(args)
    try:
        lib.rename_document(args.id, args.title)
    finally:
        lib.close()
    return 0


def _delete(args: argparse.Namespace) -> int:
    lib = _open_library(args)
    try:
        changes = lib.delete_documents(args.ids)
    finally:
        lib.close()
    print(changes.description)
    return 0
