"""Finding entities in a long article, streamed piece by piece: time to the first suggestions
(what the user sees first) and to all of them, against one call on the whole text.

    .venv/bin/python tests/bench/bench_stream.py [--text FILE] [--chars N]

Without ``--text`` the article is the sample page repeated (with the place names varied) up to
``--chars`` characters (default 350,000). Every piece is written into a library in memory as the
window does (``Library.suggest``), so the numbers include storing the suggestions.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from reader.app import Library  # noqa: E402
from reader.app.extraction import ExtractionService  # noqa: E402
from reader.core import DocumentRecord  # noqa: E402
from reader.resources import sample_path  # noqa: E402

PLACES = ["德州", "济南", "青岛", "烟台", "潍坊", "临沂", "淄博", "济宁", "泰安", "威海", "日照", "聊城"]


def article(chars: int) -> str:
    page = sample_path().read_text(encoding="utf-8")
    parts, n, i = [], 0, 0
    while n < chars:
        part = page.replace("德州", PLACES[i % len(PLACES)])
        parts.append(part)
        n += len(part) + 1
        i += 1
    return "\n".join(parts)[:chars]


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--text", type=Path)
    p.add_argument("--chars", type=int, default=350_000)
    p.add_argument("--fast", action="store_true")
    args = p.parse_args()
    text = args.text.read_text(encoding="utf-8") if args.text else article(args.chars)
    service = ExtractionService.shared(fast=args.fast)
    t0 = time.perf_counter()
    service.load()
    print(f"model load + version      {time.perf_counter() - t0:7.2f} s   ({service.version})")

    lib = Library.open(None, extraction=service)
    (doc,) = lib.import_records([DocumentRecord(text, "long")]).added
    t0 = time.perf_counter()
    first = None
    pieces = 0
    store_s = 0.0
    for piece in service.stream(text, lib.lexicon()):
        t1 = time.perf_counter()
        lib.suggest(doc, piece.spans, region=(piece.start, piece.end), version=service.version if piece.final else None)
        store_s += time.perf_counter() - t1
        pieces += 1
        if first is None:
            first = time.perf_counter() - t0
            first_n = len(piece.spans)
    streamed = time.perf_counter() - t0
    n = lib.annotations(doc).count()
    print(f"article                   {len(text):7d} chars, {n} suggestions, {pieces} pieces")
    print(f"streamed: first piece     {first:7.2f} s   ({first_n} suggestions on the first screen)")
    print(f"streamed: all             {streamed:7.2f} s   (of which storing {store_s:.2f} s)")
    t0 = time.perf_counter()
    whole = service.extract(text)
    print(f"one call on the whole     {time.perf_counter() - t0:7.2f} s   ({len(whole)} spans; nothing shown until then)")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS                  {rss:7.0f} MB")
    lib.close()


if __name__ == "__main__":
    main()
