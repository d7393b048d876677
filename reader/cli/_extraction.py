"""The extraction commands: ``reader extract`` (files in, JSONL out, no library needed, Ctrl+C
handled record by record), ``reader suggest`` (find entities in library documents), ``reader eval``
and ``reader structure``."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path

from reader.core.errors import InputError, ReaderError

from ._library import _open_library
from ._progress import _end_progress, _terminal_progress


@contextlib.contextmanager
def _sigint_held():
    """Ctrl+C waits until the block is done: a write to a full pipe interrupted by a signal can
    return having written only part of the data (CPython's buffered writer), and a record would be
    lost or cut."""
    import signal

    if not hasattr(signal, "pthread_sigmask"):  # pragma: no cover - Windows delivers Ctrl+C on another thread
        yield
        return
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _learned_job(args: argparse.Namespace):
    """The extraction job of ``--learned``: the library's learned model (the shipped one, with a
    warning, where it cannot be loaded) and what its review says about surfaces."""
    from reader.app import Library, default_library_path
    from reader.app.learning import learned_model, models_dir
    from reader.extract.batch import ExtractJob

    if args.fast or args.model:
        raise ReaderError("--learned cannot be combined with --fast or --model: the library learned on the shipped model")
    lib = Library.open(args.db or default_library_path(), create=False, write=False)  # read only: no lock
    try:
        model, warning = learned_model(lib)  # loaded here once: a broken model is found before any work
        version = lib.learned_version()
        review = lib.lexicon()
        path = lib.path
    finally:
        lib.close()
    if warning:
        print(f"reader: warning: {warning}", file=sys.stderr)
    learned = str(models_dir(path) / version) if model is not None and version and path else None
    return ExtractJob(text_field=args.text_field, learned=review or None, adaptation=learned)


def _extract(args: argparse.Namespace) -> int:
    import signal
    import threading

    from reader.extract.batch import ExtractJob, Interrupted, default_workers, extract_records
    from reader.formats.stream import expand_paths, iter_documents

    names = expand_paths(args.files or ["-"])  # every name checked before anything is read
    docs = iter_documents(names, lines=args.lines, text_field=args.text_field, encoding=args.encoding)
    if args.learned:
        job = _learned_job(args)
    else:
        if args.model:
            from reader.extract import load_model

            load_model(args.fast, args.model)  # a missing or broken model: one clear error, before any output
        job = ExtractJob(fast=args.fast, text_field=args.text_field, model=args.model)  # as shipped: reproducible
    stop = threading.Event()

    def on_sigint(signum, frame):  # first Ctrl+C: finish the records in progress; second: now
        if stop.is_set():
            raise KeyboardInterrupt
        stop.set()

    previous = signal.signal(signal.SIGINT, on_sigint)
    bar = None
    if sys.stderr.isatty():
        from tqdm import tqdm

        bar = tqdm(unit=" docs", file=sys.stderr, dynamic_ncols=True, unit_scale=True, leave=False)
    chars = 0

    def progress(n_docs: int, n_chars: int) -> None:
        nonlocal chars
        chars += n_chars
        if bar is not None:
            bar.set_postfix_str(f"{chars:,} chars", refresh=False)
            bar.update(n_docs)

    out = sys.stdout
    written = 0
    try:
        for lines in extract_records(
            docs, job, workers=args.workers or default_workers(), cluster=args.cluster, stop=stop, on_chunk=progress
        ):
            with _sigint_held():
                out.write("".join(lines))
                out.flush()
            written += len(lines)
    except Interrupted:
        if bar is not None:
            bar.close()
            bar = None
        print(f"reader: interrupted; {written} records written, each whole", file=sys.stderr)
        return 130
    finally:
        signal.signal(signal.SIGINT, previous)
        if bar is not None:
            bar.close()
    return 0


def _suggest(args: argparse.Namespace) -> int:
    from reader.app import Task
    from reader.app.extraction import ExtractionService

    lib = _open_library(args)
    try:
        if args.model or args.fast:
            lib.use_extraction(ExtractionService.shared(args.model, fast=args.fast))
        only = "new" if args.new else "stale" if args.stale else "all"
        report = lib.find_entities(args.ids or None, only=only, task=Task(_terminal_progress("finding entities")))
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


def _structure(args: argparse.Namespace) -> int:
    from reader.pages import analyse_page

    from reader.formats.text import decode, read_text

    if args.file == "-":
        name, text = "<stdin>", decode(sys.stdin.buffer.read(), "<stdin>", args.encoding)
    else:
        name, text = args.file, read_text(Path(args.file), args.encoding)
    if not text.strip():
        raise InputError(name, "no text in it (only white space)")
    print(json.dumps(analyse_page(text).to_json(), ensure_ascii=False))
    return 0
