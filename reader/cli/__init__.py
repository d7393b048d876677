"""The command line: a thin face over :mod:`reader.app`, like the GUI.

Every subcommand parses its arguments, calls one application-layer operation and prints the
result. Errors the user can fix (bad input, a locked library…) print one line per problem on
stderr and exit 1, having changed nothing. Imports are lazy so that ``reader extract`` starts
fast and never loads Qt or SQLite.

The parser and :func:`main` are here; the handlers, one per subcommand, live in modules by area:
:mod:`._extraction` (extract, suggest, eval, structure), :mod:`._library` (import, export, learn,
list, rename, delete, and how a command opens the library), :mod:`._review` (stats, status,
aliases, kwic) and :mod:`._window` (gui, screenshot); :mod:`._progress` draws a long command's
progress on a terminal.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from reader import __version__
from reader.core.errors import ReaderError

from ._extraction import _eval, _extract, _structure, _suggest
from ._library import _delete, _export, _import, _learn, _list, _rename
from ._review import _aliases, _kwic, _stats, _status
from ._window import _gui, _screenshot

EXPORT_FORMATS = ("jsonl", "doccano", "cluener", "conll", "brat", "labelstudio", "prodigy", "csv", "spacy")
IMPORT_FORMATS = ("jsonl", "doccano", "cluener", "conll", "brat", "labelstudio", "prodigy", "txt", "md", "html")
OFFSET_UNITS = ("codepoint", "utf16", "grapheme")


def _size(value: str) -> int:
    """A byte count: 1000, 64K, 256M, 2G (powers of 1024)."""
    v = value.strip().upper().removesuffix("B").removesuffix("I")
    scale = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}.get(v[-1:], 1)
    try:
        n = int(v[:-1] if scale > 1 else v) * scale
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a size: {value!r} (e.g. 500M, 2G)") from None
    if n <= 0:
        raise argparse.ArgumentTypeError(f"size must be positive: {value!r}")
    return n


def _positive_int(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        n = 0
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a positive whole number, got {value!r}")
    return n


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
        description="Run the extractor on files (no GUI; no library needed). Writes one JSON object per input "
        'document (or per line with --lines) to stdout: {"text": ..., "spans": [{"start", "end", '
        '"label", "text"}]}; with --text-field, each input JSON object with "spans" added. Offsets '
        "are code-point indices, end exclusive. Input is read and output written as the work goes "
        "(memory does not grow with the input), in input order, identical for any --workers or "
        "--cluster. Bad input stops the run with FILE:LINE: what is wrong and exit 1 (the records "
        "before it are written, whole); Ctrl+C stops after the records in progress (exit 130).",
    )
    e.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help="text files (UTF-8, GB18030, Big5… detected), folders (their files, recursively) or glob "
        "patterns ('news/**/*.txt'); - or nothing for stdin",
    )
    e.add_argument("--lines", action="store_true", help="one record per input line instead of per file")
    e.add_argument(
        "--text-field",
        metavar="FIELD",
        help="the input is JSONL: one record per JSON object, its text in FIELD; the object is written back with \"spans\"",
    )
    e.add_argument("--encoding", help="decode input with this encoding instead of detecting it")
    e.add_argument("--fast", action="store_true", help="use the smaller model: several times quicker, slightly less accurate")
    where = e.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=_positive_int,
        metavar="N",
        help="worker processes, each with its own copy of the model (default: all cores)",
    )
    where.add_argument(
        "--cluster",
        metavar="tcp://HOST:PORT",
        help="run on the Dask distributed cluster whose scheduler is there (pip install 'reader[cluster]')",
    )
    e.add_argument("--model", metavar="DIR", help="use the model trained in DIR instead of the shipped one")
    e.epilog = (
        "Without --db the result depends only on the model (reproducible). With --db, what that "
        "library's review taught (accepted names are found again, rejected suggestions are not "
        "repeated) is applied too; the library is only read."
    )

    sg = sub.add_parser(
        "suggest",
        help="find entities (again) in library documents",
        description="Find entities in documents of the library (default: all) and store them as "
        "suggestions. Unreviewed suggestions are replaced by the new result; accepted, rejected and "
        "imported mentions are never touched. Uses the library's review as a lexicon. Not an edit: "
        "nothing is added to the undo history.",
    )
    sg.add_argument("ids", type=int, nargs="*", metavar="ID", help="documents (default: every document)")
    which = sg.add_mutually_exclusive_group()
    which.add_argument("--new", action="store_true", help="only documents the extractor has not run on")
    which.add_argument(
        "--stale", action="store_true", help="only documents not yet run on, or run on by another model version"
    )
    sg.add_argument("--fast", action="store_true", help="use the smaller shipped model")
    sg.add_argument("--model", metavar="DIR", help="use the model trained in DIR instead of the shipped one")
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
        "version each time); 'reader --db LIB extract --learned' uses it. Exits 1 when nothing is "
        "reviewed.",
    )
    lr.add_argument("--reset", action="store_true", help="go back to the shipped model")

    i = sub.add_parser(
        "import",
        help="add documents to the library",
        description="Add documents (and their annotations) to the library. The whole command is one "
        "transaction: if anything is wrong (a bad record in any file, an unknown label, a locked or full "
        "library, Ctrl+C) nothing is imported and every problem is listed; with --skip-bad the bad "
        "records are left out, listed, and the rest imported. Texts already in the library are skipped. "
        "Only regular files are read (no pipes or devices), each at most --max-size.",
    )
    i.add_argument("files", nargs="+", metavar="FILE", help="files or folders")
    i.add_argument("--format", choices=IMPORT_FORMATS, help="input format (default: from the file extension)")
    i.add_argument("--encoding", help="text encoding (default: detected)")
    i.add_argument("--skip-bad", action="store_true", help="import the good records and report the bad ones")
    i.add_argument("--add-labels", action="store_true", help="accept labels that the library does not know yet")
    i.add_argument("--max-size", type=_size, metavar="SIZE", default=None,
                   help="refuse a file (or a zip's content) larger than this, e.g. 500M, 2G (default 256M)")
    i.add_argument("--offsets", choices=OFFSET_UNITS,
                   help="how doccano offsets count: code points (reader), utf16 (doccano's web page), grapheme "
                   "(doccano's grapheme option); default: code points, or UTF-16 with a warning when only that fits")

    x = sub.add_parser(
        "export",
        help="write the library's annotations",
        description="Export documents and their mentions, document by document (memory does not grow with the "
        "library), to a temporary file renamed when complete: an error leaves OUT as it was. spacy writes a "
        "DocBin (needs pip install 'reader[spacy]').",
    )
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
    x.add_argument("--scheme", choices=("bio", "bioes", "bmes"), default="bio", help="tag scheme for conll (default bio)")
    x.add_argument("--no-comments", action="store_true",
                   help="conll: leave out the '# doc:' lines, for tools that read them as tokens (spacy convert, "
                   "seqeval); documents are then only blank lines apart")
    x.add_argument("--offsets", choices=OFFSET_UNITS, default=None,
                   help="doccano: count offsets in code points (default), utf16 or grapheme units as the doccano "
                   "project does")
    x.add_argument(
        "--by-article",
        action="store_true",
        help="one record per article of each newspaper page: its title, its text in reading order, its "
        "mentions re-based to that text; the page id and page offsets in the metadata",
    )

    s = sub.add_parser(
        "screenshot",
        help="render the main window to a PNG",
        description="Render the main window as it appears after loading FILE (or the library's first "
        "document, or the sample page), with its suggestions, to OUT.png, then exit.",
    )
    s.add_argument("out", metavar="OUT.png")
    s.add_argument("file", nargs="?", metavar="FILE")
    s.add_argument("--article", type=int, metavar="N", help="show article N (1-based) of the page on its own")

    v = sub.add_parser(
        "eval",
        help="score the extractor against gold annotations",
        description="Print precision, recall and F1 per label and micro-averaged (exact span and label).",
    )
    v.add_argument("gold", metavar="GOLD")
    v.add_argument("--format", choices=("json", "bio", "bmes"), help="gold format (default: from the extension)")
    v.add_argument("--text", metavar="FILE", help="document text for a JSON gold file (default: found beside it)")

    st = sub.add_parser(
        "structure",
        help="read a newspaper page: its articles, print JSON",
        description="Split a page's text (as layout extraction writes it) into articles: blocks with "
        "roles (headline, byline, intertitle, body, caption) in reading order, section labels, joins "
        "of sentences cut by a column break and gaps. Prints one JSON object: "
        '{"articles": [{"title", "reporters", "blocks": [{"start", "end", "role"}]}], '
        '"section_labels": [{"start", "end", "text"}], "joins": [{"from", "to"}], "gaps": [{"after"}]}. '
        "Offsets are code points into the file's text, end exclusive. A plain article comes back as one article.",
    )
    st.add_argument("file", metavar="FILE", help="a text file (UTF-8, GB18030, Big5… detected); - for stdin")
    st.add_argument("--encoding", help="decode input with this encoding instead of detecting it")

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

    st = sub.add_parser(
        "stats",
        help="review progress and entity counts",
        description="Documents by review status, mentions per label by status (accepted, suggested, "
        "rejected) and the most frequent entities per label (aliases counted with their canonical "
        "entity). With --json: {\"documents\": {\"new\": n, \"in_progress\": n, \"done\": n}, "
        "\"labels\": {\"PER\": {\"accepted\": n, \"suggested\": n, \"rejected\": n}, ...}, "
        "\"top\": {\"PER\": [[\"王延斌\", 3], ...]}}.",
    )
    st.add_argument("--json", action="store_true", help="print one JSON object instead of tables")
    st.add_argument("--top", type=int, default=10, metavar="N", help="entities listed per label (default 10)")

    ss = sub.add_parser(
        "status",
        help="show or set documents' review status",
        description="reader status ID... STATUS sets the review status of documents (new, in_progress "
        "or done; undoable in the GUI like any edit). With no STATUS, print id, status, reviewed/total "
        "mentions and title for the documents named (default: all).",
    )
    ss.add_argument("args", nargs="*", metavar="ID... [STATUS]", help="document ids, then new, in_progress or done")

    al = sub.add_parser(
        "aliases",
        help="list, propose, merge and split entity aliases",
        description="Entities are a label and a surface (ORG:德州经开区). With no option, list every "
        "canonical entity with its aliases. --merge makes entities aliases of the first one; --split "
        "makes an alias its own entity again (for a canonical entity: all its aliases); --propose lists "
        "the short names the texts define (（以下简称“X”）). Exports write the canonical id of each "
        "mention's entity.",
    )
    grp = al.add_mutually_exclusive_group()
    grp.add_argument("--merge", nargs="+", metavar="LABEL:SURFACE", help="the canonical entity, then the aliases")
    grp.add_argument("--split", metavar="LABEL:SURFACE", help="the entity to split off")
    grp.add_argument("--propose", action="store_true", help="list proposed aliases from short-name definitions")
    grp.add_argument("--accept-proposals", action="store_true", help="merge every proposed alias")
    al.add_argument("--force", action="store_true", help="merge entities even when their labels differ")

    kw = sub.add_parser(
        "kwic",
        help="an entity's mentions in context",
        description="Every mention of an entity (and its aliases) with 15 characters either side: "
        "document id, offsets, left context, mention, right context (tab-separated).",
    )
    kw.add_argument("entity", metavar="LABEL:SURFACE")
    kw.add_argument("--doc", type=int, metavar="ID", help="only in this document")
    kw.add_argument("--width", type=int, default=15, metavar="N", help="characters either side (default 15)")
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


_COMMANDS = {
    "rename": _rename,
    "delete": _delete,
    "gui": _gui,
    "extract": _extract,
    "suggest": _suggest,
    "import": _import,
    "export": _export,
    "screenshot": _screenshot,
    "eval": _eval,
    "list": _list,
    "learn": _learn,
    "stats": _stats,
    "status": _status,
    "aliases": _aliases,
    "kwic": _kwic,
    "structure": _structure,
}
