"""Review queries on a large library: stats, progress, next document, summaries, KWIC, an edit.

Builds a library of N generated documents (default 5,000, about 40 mentions each), then prints
the milliseconds each query takes. Usage: python tests/bench/bench_review.py [N_DOCS]
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from reader.app import Library
from reader.core.model import DocumentRecord, MentionRecord, Origin, Status

NAMES = [("王延斌", "PER"), ("刘潇", "PER"), ("德州经开区", "ORG"), ("天衢新区", "ORG"), ("山东", "LOC"), ("北京", "LOC")]


def make_doc(rng: random.Random, i: int) -> DocumentRecord:
    parts, mentions, pos = [], [], 0
    for _ in range(40):
        filler = "记者报道，产业合作大会召开。"
        parts.append(filler)
        pos += len(filler)
        name, label = rng.choice(NAMES)
        status = rng.choice([Status.ACCEPTED, Status.SUGGESTED, Status.SUGGESTED, Status.REJECTED])
        mentions.append(MentionRecord(pos, pos + len(name), label, Origin.MODEL, status))
        parts.append(name)
        pos += len(name)
    parts.append(f"（第{i}篇）")
    return DocumentRecord("".join(parts), f"文章 {i}", mentions)


def timed(what: str, fn, repeat: int = 5):
    best = float("inf")
    result = None
    for _ in range(repeat):
        t = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t)
    print(f"{what:<40} {best * 1000:8.1f} ms")
    return result


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 5000
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        lib = Library.open(Path(tmp) / "lib.db")
        t = time.perf_counter()
        lib.import_records([make_doc(rng, i) for i in range(n)])
        print(f"{n} documents, {n * 40} mentions imported in {time.perf_counter() - t:.1f} s")
        lib.merge_entities(("ORG", "德州经开区"), [("ORG", "天衢新区")])
        timed("stats (reader stats --json)", lib.stats)
        timed("progress (status bar)", lib.progress)
        timed("status counts", lib.status_counts)
        timed("next document to review", lambda: lib.next_to_review(1))
        timed("summaries (document list)", lib.summaries)
        timed("summary of one document", lambda: lib.summary(1))
        lines = timed("KWIC of an entity, whole library", lambda: lib.kwic("ORG", "德州经开区"), repeat=1)
        timed("KWIC, whole library, first 1000 (window)", lambda: lib.kwic("ORG", "德州经开区", limit=1000))
        print(f"{'':<40} {len(lines)} lines")
        timed("KWIC of an entity, one document", lambda: lib.kwic("ORG", "德州经开区", 1))
        doc = 1
        m = next(m for m in lib.annotations(doc) if m.status is Status.SUGGESTED)
        timed("accept one mention (first edit)", lambda: lib.apply(lib.edit_accept(doc, [m.id])), repeat=1)
        timed("mark a document done", lambda: lib.set_document_status(2, "done"), repeat=1)
        lib.close()


if __name__ == "__main__":
    main()
