"""Batch extraction over many documents: streamed in, streamed out, in input order, on one core, a
pool of worker processes, or a Dask distributed cluster, with the same records from each.

    docs = reader.formats.stream.iter_documents(["news/"], lines=True)   # texts, lazily
    for lines in extract_records(docs, ExtractJob(), workers=4):
        out.write("".join(lines))                              # JSONL, in input order

Input is read lazily and cut into chunks of about ``CHUNK_CHARS`` characters; at most a few chunks
per worker are in flight, so memory stays flat in the input's size. Each worker (a process of the
pool, or a Dask worker) builds its extractor once and keeps it. No Qt, no SQLite; Dask is imported
only for a cluster.
"""

from __future__ import annotations

import json
import pathlib
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

from reader.core.errors import ReaderError
from reader.extract.lexicon import Lexicon

__all__ = [
    "CHUNK_CHARS",
    "ExtractJob",
    "Interrupted",
    "default_workers",
    "extract_records",
    "records_for",
]

CHUNK_CHARS = 65_536
"""Characters per unit of work sent to a worker (a chunk holds at least one document). The model
decodes a chunk's sentences together (one numpy step per character position serves all of them)
and batches them by length, so a chunk's fixed costs shrink with its size: on the MSRA test lines
one process took 11.2 us a character in chunks of 4k, 8.7 in chunks of 16k, 7.2 in 64k.

A document's records do not depend on the documents it is chunked with (the model's scores of a
sentence do not depend on the sentences batched with it: its int8 graph quantises activations at
fixed scales), so the chunks may depend on the number of workers: with several, the end of the
input is cut finer (``TAIL_PIECES``) so that every worker stays busy to the end."""
TAIL_PIECES = 2
"""Pieces per worker that the input left when it ends (at most a chunk per worker) is cut into."""
CHUNK_DOCS = 2_000
IN_FLIGHT_PER_WORKER = 3
CONNECT_TIMEOUT = "20s"


class Interrupted(ReaderError):
    """The run was stopped (Ctrl+C) between two chunks; what was written before is whole."""


@dataclass(frozen=True)
class ExtractJob:
    """What a worker needs to build its extractor (sent to every worker; picklable).

    ``threads``: threads each worker tags on (1: one core each, the pool gives parallelism; a
    single chunk is tagged here on as many threads as there would have been workers).
    ``adaptation``: the folder of a library's learned adaptation (``reader learn``) to apply to the
    shipped model.
    """

    fast: bool = False
    lexicon: Lexicon | None = field(default=None, compare=False)
    threads: int = 1
    text_field: str | None = None
    model: str | None = None
    """The folder of a model trained elsewhere (default: the shipped one)."""
    learned: Lexicon | None = field(default=None, compare=False)
    """What a library's review taught (``reader --db LIB extract``), applied after the merge."""
    adaptation: str | None = None


def default_workers() -> int:
    """All the cores this process may run on: one worker each."""
    from reader.extract import available_cores

    return available_cores()


def _text_of(doc: Any, text_field: str | None) -> str:
    return doc[text_field] if text_field is not None else doc


def chunks(docs: Iterable[Any], text_field: str | None = None, chunk_chars: int = CHUNK_CHARS, workers: int = 1) -> Iterator[list[Any]]:
    """Consecutive groups of documents of about ``chunk_chars`` characters (at least one each).

    With ``workers`` > 1 the input is read ``workers`` chunks ahead, and what is left when it ends
    (when there was more than one chunk) is cut into about ``TAIL_PIECES`` pieces per worker of
    equal characters: the last pieces are small, so no worker waits long for another's last chunk."""
    ahead: deque[tuple[list[Any], int]] = deque()
    cur: list[Any] = []
    n = 0
    cut = False  # whether a chunk was given out
    for d in docs:
        cur.append(d)
        n += len(_text_of(d, text_field))
        if n >= chunk_chars or len(cur) >= CHUNK_DOCS:
            ahead.append((cur, n))
            cur, n = [], 0
            if len(ahead) > workers:
                yield ahead.popleft()[0]
                cut = True
    if cur:
        ahead.append((cur, n))
    total = sum(size for _, size in ahead)
    if workers <= 1 or not (cut or len(ahead) > 1):
        for part, _ in ahead:
            yield part
        return
    piece = -(-total // (workers * TAIL_PIECES))
    cur, n = [], 0
    for d in (d for part, _ in ahead for d in part):
        cur.append(d)
        n += len(_text_of(d, text_field))
        if n >= piece:
            yield cur
            cur, n = [], 0
    if cur:
        yield cur


# ---- the work of one chunk (in any process) -----------------------------------------------------

_MODELS: dict[tuple[bool, int, str | None], Any] = {}
_MODELS_LOCK = threading.Lock()


def _model(job: ExtractJob):
    """The job's model, loaded once per process (a pool worker, a Dask worker) and kept."""
    key = (job.fast, job.threads, job.model, job.adaptation)
    with _MODELS_LOCK:
        if key not in _MODELS:
            from reader.extract import ModelUnavailable

            try:
                from reader.extract.model import NerModel

                directory = pathlib.Path(job.model) if job.model else None
                model = NerModel.load(directory, fast=job.fast, threads=job.threads)
                if job.adaptation is not None:
                    from reader.extract.learn import Adaptation

                    model = Adaptation.load(job.adaptation).apply(model)
                _MODELS[key] = model
            except (OSError, ImportError, KeyError, ValueError) as e:
                raise ModelUnavailable(f"the entity model cannot be loaded: {e}") from e
        return _MODELS[key]


def _extractor(job: ExtractJob):
    """The window's pipeline (:func:`reader.extract.default_extractor`): the job's model, its
    lexicon, the rules and the known organisations."""
    from reader.extract import PipelineExtractor, load_known_organisations

    return PipelineExtractor(_model(job), job.lexicon, organisations=load_known_organisations)


def records_for(docs: list[Any], job: ExtractJob) -> list[str]:
    """The JSONL lines (with their line break) for ``docs``: ``{"text", "spans": [{"start", "end",
    "label", "text"}]}``, or with ``text_field`` the input object with ``"spans"`` added."""
    tf = job.text_field
    texts = [_text_of(d, tf) for d in docs]
    results = _extractor(job).extract_many(texts)
    if job.learned:
        from reader.extract.merge import apply_learned

        results = [apply_learned(t, r, job.learned) for t, r in zip(texts, results)]
    if tf is None:
        return [_text_record(text, spans) for text, spans in zip(texts, results)]
    out = []
    for doc, text, spans in zip(docs, texts, results):
        sp = [{"start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end]} for s in spans]
        out.append(_JSON.encode({**doc, "spans": sp}) + "\n")
    return out


_JSON = json.JSONEncoder(ensure_ascii=False)
"""``json.dumps(..., ensure_ascii=False)`` without making an encoder for every record."""
_json_str = json.encoder.encode_basestring
"""A str as ``json.dumps(..., ensure_ascii=False)`` writes it (quotes, backslashes and control
characters escaped)."""


def _text_record(text: str, spans: Iterable[Any]) -> str:
    """``json.dumps({"text": text, "spans": [{"start", "end", "label", "text"}, ...]},
    ensure_ascii=False)`` and a line break, written directly: the same characters, a few times
    quicker than building the dicts for the encoder."""
    sp = ", ".join(
        f'{{"start": {s.start}, "end": {s.end}, "label": {_json_str(s.label)}, "text": {_json_str(text[s.start : s.end])}}}'
        for s in spans
    )
    return f'{{"text": {_json_str(text)}, "spans": [{sp}]}}\n'


def _init_worker(job: ExtractJob) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what Ctrl+C stops
    _model(job)  # loaded once, before the first chunk


# ---- drivers ------------------------------------------------------------------------------------


def extract_records(
    docs: Iterable[Any],
    job: ExtractJob,
    *,
    workers: int = 1,
    cluster: str | None = None,
    chunk_chars: int = CHUNK_CHARS,
    stop: threading.Event | None = None,
    on_chunk: Callable[[int, int], None] | None = None,
) -> Iterator[list[str]]:
    """JSONL lines for ``docs``, a list per chunk, in input order: computed here (``workers`` 1),
    by a pool of ``workers`` processes, or on the Dask cluster at ``cluster`` (``tcp://HOST:PORT``).
    ``stop`` set: no new chunk is started and :class:`Interrupted` is raised after the chunks
    already yielded. ``on_chunk(documents, characters)`` is called for each chunk yielded."""
    stop = stop or threading.Event()
    tf = job.text_field
    parts = chunks(docs, tf, chunk_chars, workers if cluster is None else 1)

    def sized(lines: list[str], chunk: list[Any]) -> list[str]:
        if on_chunk is not None:
            on_chunk(len(chunk), sum(len(_text_of(d, tf)) for d in chunk))
        return lines

    if cluster is not None:
        yield from _on_cluster(parts, job, cluster, stop, sized)
        return
    first = next(parts, None)
    if first is None:
        return
    second = next(parts, None) if workers > 1 else None
    if second is None:  # one core, or a single chunk: no pool to start
        pending = iter([first]) if workers > 1 else _chain(first, parts)
        here = job if workers <= 1 else replace(job, threads=workers)  # a single chunk: its sentences on every core
        for chunk in pending:
            if stop.is_set():
                raise Interrupted("interrupted")
            yield sized(records_for(chunk, here), chunk)
        return
    yield from _in_pool(_chain(first, _chain(second, parts)), job, workers, stop, sized)


def _chain(first: list[Any], rest: Iterator[list[Any]]) -> Iterator[list[Any]]:
    yield first
    yield from rest


def _preload(job: ExtractJob) -> None:
    """Import what every worker runs and read the job's vocabulary tables here, so that workers
    forked from this process start with them (each then only opens its compiled graphs)."""
    import reader.extract.merge  # noqa: F401
    import reader.extract.rules  # noqa: F401
    from reader.extract import load_known_organisations
    from reader.extract.model import model_folder, vocab_file, vocabulary

    load_known_organisations()
    try:
        import onnxruntime  # noqa: F401 - imported once here; no session is made before the fork
    except ImportError:
        pass
    vocabulary(vocab_file(model_folder(pathlib.Path(job.model) if job.model else None, job.fast)))


def _pool_context(job: ExtractJob):
    """How the pool starts its workers: forked from this process when it runs no other thread (the
    command line: they start at once, with what :func:`_preload` read), else from a fork server
    (beside a window's threads or a progress bar's, where forking this process is not safe)."""
    import multiprocessing as mp

    methods = mp.get_all_start_methods()
    if "fork" in methods and threading.active_count() == 1:
        try:
            _preload(job)
        except (OSError, ImportError, KeyError, ValueError):
            pass  # a broken model folder: each worker says what is wrong with it
        return mp.get_context("fork")
    if "forkserver" in methods:
        ctx = mp.get_context("forkserver")
        ctx.set_forkserver_preload(["reader.extract.batch", "reader.extract.model", "reader.extract.rules", "reader.extract.merge"])
        return ctx
    return mp.get_context("spawn")


def _in_pool(parts: Iterator[list[Any]], job: ExtractJob, workers: int, stop: threading.Event, sized) -> Iterator[list[str]]:
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(workers, mp_context=_pool_context(job), initializer=_init_worker, initargs=(job,))
    try:
        yield from _in_order(lambda c: pool.submit(records_for, c, job), parts, workers * IN_FLIGHT_PER_WORKER, stop, sized)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _in_order(submit, parts: Iterator[list[Any]], in_flight: int, stop: threading.Event, sized) -> Iterator[list[str]]:
    """Results of ``submit(chunk)`` futures in input order, at most ``in_flight`` at a time
    (memory stays flat); stops at ``stop`` with :class:`Interrupted`, cancelling what is queued."""
    window: deque = deque()
    try:
        for chunk in parts:
            if stop.is_set():
                break
            window.append((submit(chunk), chunk))
            while len(window) >= in_flight:
                fut, c = window.popleft()
                yield sized(fut.result(), c)
                if stop.is_set():
                    break
        while window and not stop.is_set():
            fut, c = window.popleft()
            yield sized(fut.result(), c)
        if stop.is_set():
            raise Interrupted("interrupted")
    finally:
        for fut, _ in window:
            fut.cancel()


def _on_cluster(parts: Iterator[list[Any]], job: ExtractJob, address: str, stop: threading.Event, sized) -> Iterator[list[str]]:
    try:
        from distributed import Client
    except ImportError:
        raise ReaderError("--cluster needs Dask: pip install 'reader[cluster]'") from None
    try:
        client = Client(address, timeout=CONNECT_TIMEOUT, set_as_default=False)
    except (OSError, TimeoutError) as e:
        raise ReaderError(f"cannot reach the Dask scheduler at {address}: {e}") from None
    try:
        n_workers = max(1, len(client.scheduler_info().get("workers", {})))
        job_f = client.scatter(job, broadcast=True)
        yield from _in_order(
            lambda c: client.submit(records_for, c, job_f, pure=False), parts, n_workers * IN_FLIGHT_PER_WORKER, stop, sized
        )
    finally:
        client.close()
