"""The command line: a thin face over :mod:`reader.app`, like the GUI.

Every subcommand parses its arguments, calls one application-layer operation and prints the
result. Errors the user can fix (bad input, a locked library…) print one line per problem on
stderr and exit 1, having changed nothing. Imports are lazy so that ``reader extract`` starts
fast and never loads Qt or SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from reader import __version__
from reader.core.errors import InputError, ReaderError

EXPORT_FORMATS = ("jsonl", "doccano", "conll", "brat", "labelstudio", "prodigy", "csv")
IMPORT_FORMATS = ("jsonl", "doccano", "conll", "brat", "labelstudio", "prodigy", "txt", "md", "html")


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="reader",
        description="Read and annotate Chinese news: entities highlighted, corrected, saved, exported.",
        epilog="With no command, opens the GUI on the library (created with the sample page on first start).",
    )
    p.add_argument("--version", action="version", version=f"reader {__version__}")
    p.add_argument(
        "--db",
        metavar="PATH",
        help="library file to use (default: library.db in the user data folder). A file that does "
        "not exist is created (list and export never create one): the GUI puts the sample page in "
        "a new library, the other commands start it empty.",
    )
    sub = p.add_subparsers(dest="command", metavar="COMMAND")

    g = sub.add_parser("gui", help="open the GUI (the default command)", description="Open the GUI, importing FILEs first.")
    g.add_argument("files", nargs="*", metavar="FILE", help="documents to import and show")

    e = sub.add_parser(
        "extract",
        help="run the entity extractor, print JSONL",
        description="Run the extractor without a GUI or library. Writes one JSON object per input "
        'document (or per line with --lines) to stdout: {"text": ..., "spans": [{"start", "end", '
        '"label", "text"}]}. Offsets are code-point indices, end exclusive.',
    )
    e.add_argument("files", nargs="*", metavar="FILE", help="text files (UTF-8, GB18030, Big5… detected); - or nothing for stdin")
    e.add_argument("--lines", action="store_true", help="one record per input line instead of per file")
    e.add_argument("--encoding", help="decode input with this encoding instead of detecting it")
    e.add_argument("--fast", action="store_true", help="use the smaller model: several times quicker, slightly less accurate")
    e.add_argument(
        "--learned",
        action="store_true",
        help="use what the library (--db) has learned from its corrections (reader learn); "
        "without it, the shipped model only, so that output is reproducible",
    )

    lr = sub.add_parser(
        "learn",
        help="adapt the model to the library's corrections",
        description="Fine-tune the entity model on the library's reviewed documents (no suggestion "
        "left, or marked done): reviewed entities and their contexts are found again, rejected "
        "suggestions are not. The adapted model is stored beside the library (LIB.models/, a new "
        "version each time) and used by extraction in this library from then on. Exits 1 when "
        "nothing is reviewed.",
    )
    lr.add_argument("--reset", action="store_true", help="go back to the shipped model")

    i = sub.add_parser(
        "import",
        help="add documents to the library",
        description="Add documents (and their annotations) to the library. A file with any error "
        "is not imported at all, unless --skip-bad. Texts already in the library are skipped.",
    )
    i.add_argument("files", nargs="+", metavar="FILE", help="files or folders")
    i.add_argument("--format", choices=IMPORT_FORMATS, help="input format (default: from the file extension)")
    i.add_argument("--encoding", help="text encoding (default: detected)")
    i.add_argument("--skip-bad", action="store_true", help="import the good records and report the bad ones")
    i.add_argument("--add-labels", action="store_true", help="accept labels that the library does not know yet")

    x = sub.add_parser("export", help="write the library's annotations", description="Export documents and their mentions.")
    x.add_argument("--format", required=True, choices=EXPORT_FORMATS)
    x.add_argument(
        "-o",
        "--output",
        metavar="OUT",
        help="output file (a new or empty folder, or a .zip, for brat); default stdout. "
        "An existing file or a non-empty folder is refused unless --force",
    )
    x.add_argument(
        "--force",
        action="store_true",
        help="replace an existing output file; for a folder, write the export's files into it, "
        "replacing those of the same name and touching nothing else",
    )
    x.add_argument("--doc", type=int, action="append", metavar="ID", help="export only this document (repeatable)")
    x.add_argument("--scheme", choices=("bio", "bioes"), default="bio", help="tag scheme for conll (default bio)")

    s = sub.add_parser(
        "screenshot",
        help="render the main window to a PNG",
        description="Render the main window as it appears after loading FILE (or the library's first "
        "document, or the sample page), with its suggestions, to OUT.png, then exit.",
    )
    s.add_argument("out", metavar="OUT.png")
    s.add_argument("file", nargs="?", metavar="FILE")

    v = sub.add_parser(
        "eval",
        help="score the extractor against gold annotations",
        description="Print precision, recall and F1 per label and micro-averaged (exact span and label).",
    )
    v.add_argument("gold", metavar="GOLD")
    v.add_argument("--format", choices=("json", "bio", "bmes"), help="gold format (default: from the extension)")
    v.add_argument("--text", metavar="FILE", help="document text for a JSON gold file (default: found beside it)")

    ls = sub.add_parser("list", help="list the library's documents", description="List documents: id, mentions, suggested, title.")
    ls.add_argument("--search", metavar="WORDS", help="only documents containing these words")

    r = sub.add_parser("rename", help="give a document a new title", description="Give document ID a new title.")
    r.add_argument("id", type=int, metavar="ID")
    r.add_argument("title", metavar="TITLE")
    d = sub.add_parser(
        "delete",
        help="delete documents",
        description="Delete documents with their mentions and their edit history (cannot be undone).",
    )
    d.add_argument("ids", type=int, nargs="+", metavar="ID")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    command = args.command or "gui"
    try:
        return _COMMANDS[command](args)
    except ReaderError as e:
        for line in str(e).splitlines():
            print(f"reader: {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("reader: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # a file system problem no check foresaw: one line, not a traceback
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"reader: {where}{e.strerror or e}", file=sys.stderr)
        return 1


# ---- commands ------------------------------------------------------------------------------------


def _gui(args: argparse.Namespace) -> int:
    from reader.gui.app import main as gui_main

    return gui_main(db=args.db, files=getattr(args, "files", []) or [])


def _screenshot(args: argparse.Namespace) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed to render a PNG
    from reader.gui.app import screenshot

    return screenshot(args.out, db=args.db, file=args.file)


def _read_inputs(files: list[str], encoding: str | None) -> list[tuple[str, str]]:
    from reader.formats.text import decode, read_text

    return [
        ("<stdin>", decode(sys.stdin.buffer.read(), "<stdin>", encoding)) if f == "-" else (f, read_text(Path(f), encoding))
        for f in files or ["-"]
    ]


def _learned_extractor(args: argparse.Namespace):
    """The extractor of ``--learned``: the library's learned model (the shipped one, with a
    warning, where none can be loaded)."""
    from reader.app import Library, default_library_path
    from reader.app.learning import learned_model, review_lexicon
    from reader.extract import PipelineExtractor, load_model

    if args.fast:
        raise ReaderError("--learned and --fast cannot be combined: the library learned on the default model")
    lib = Library.open(args.db or default_library_path(), create=False, write=False)  # read only: no lock
    try:
        model, warning = learned_model(lib)
        lexicon = review_lexicon(lib)
    finally:
        lib.close()
    if warning:
        print(f"reader: warning: {warning}", file=sys.stderr)
    return PipelineExtractor(model if model is not None else (lambda: load_model()), lexicon)


def _extract(args: argparse.Namespace) -> int:
    from reader.extract import default_extractor

    extractor = _learned_extractor(args) if args.learned else default_extractor(fast=args.fast)
    inputs = _read_inputs(args.files, args.encoding)  # every file read (and checked) before any output
    texts: list[str] = []
    for _name, text in inputs:
        if args.lines:
            lines = text.split("\n")
            if text.endswith("\n"):
                lines.pop()
            texts.extend(line[:-1] if line.endswith("\r") else line for line in lines)
        else:
            texts.append(text)
    results = extractor.extract_many(texts)
    out = sys.stdout
    dumps = json.dumps
    buf = []
    for text, spans in zip(texts, results):
        buf.append(
            dumps(
                {
                    "text": text,
                    "spans": [
                        {"start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end]} for s in spans
                    ],
                },
                ensure_ascii=False,
            )
        )
    out.write("\n".join(buf) + ("\n" if buf else ""))
    out.flush()
    return 0


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
            args.files, args.format, encoding=args.encoding, skip_bad=args.skip_bad, add_labels=args.add_labels, task=task
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
        report = lib.export(args.output, args.format, doc_ids=args.doc, scheme=args.scheme, overwrite=args.force)
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


def _eval(args: argparse.Namespace) -> int:
    from reader.extract import default_extractor
    from reader.extract.evaluate import evaluate

    gold = Path(args.gold)
    if not gold.is_file():
        raise InputError(gold, "no such file" if not gold.exists() else "not a file")
    result = evaluate(default_extractor(), gold, args.format, text_path=Path(args.text) if args.text else None)
    print(result.format_table())
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


_progress_shown = False


def _terminal_progress(verb: str):
    def show(done: int, total: int, message: str) -> None:
        global _progress_shown
        if not sys.stderr.isatty() or total <= 0:
            return
        _progress_shown = True
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r{verb} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    return show


def _end_progress() -> None:
    if _progress_shown:
        sys.stderr.write("\n")


_COMMANDS = {
    "rename": _rename,
    "delete": _delete,
    "gui": _gui,
    "extract": _extract,
    "import": _import,
    "export": _export,
    "screenshot": _screenshot,
    "eval": _eval,
    "list": _list,
    "learn": _learn,
}
