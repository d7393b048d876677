"""CPU time of the extractor's glue on the MSRA test text (one sentence per line, as the
speed-vs-jieba check builds it): the model's spans are predicted once (``--fast`` model, one
thread), then timed, best of ``--repeat``:

- merge_text: ``PipelineExtractor.merge_text`` over every line, with the extractor ``reader
  extract`` builds (rules, an empty lexicon, the merger), and with the known-organisation list as
  :func:`reader.extract.default_extractor` adds it (the library and the window);
- records_for: ``reader.extract.batch.records_for`` over the lines in chunks as ``reader extract``
  cuts them, with the model's predictions replayed (merge_text plus the JSON lines);
- first call: the first merge_text of a fresh process (what is loaded or built once per process).

Prints numbers only (no asserts); on a machine shared with other work, compare runs made close
together.

    python tests/bench/bench_merge_text.py [--corpus PATH] [--repeat N] [--profile FILE]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_extract import MSRA_TEST, sentences  # noqa: E402

FIRST_CALL = r"""
import sys, time
from reader.extract import PipelineExtractor, load_organisations
class NoNames:  # a model that finds nothing: the known organisations are still looked up
    def predict(self, texts):
        return [[] for _ in texts]
ex = PipelineExtractor(NoNames(), organisations=load_organisations)
t = time.process_time()
ex.merge_text(sys.argv[1], [])
print(f"{time.process_time() - t:.3f}")
"""


class Replay:
    """A model that gives back predictions made before (by text)."""

    def __init__(self, texts: list[str], predicted: list[list]) -> None:
        self.by_text = dict(zip(texts, predicted))

    def predict(self, texts: list[str]) -> list[list]:
        return [self.by_text[t] for t in texts]


def best_of(repeat: int, fns: list) -> list[float]:
    """The least CPU time of each function over ``repeat`` rounds (the functions take turns, so a
    busy moment of the machine does not fall on one of them only)."""
    best = [float("inf")] * len(fns)
    for _ in range(repeat):
        for k, fn in enumerate(fns):
            t = time.process_time()
            fn()
            best[k] = min(best[k], time.process_time() - t)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=MSRA_TEST, help="msra_test_bio (default: ../shared)")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--profile", type=Path, help="also write a cProfile of one merge_text pass here")
    args = ap.parse_args()

    from reader.extract import PipelineExtractor, load_organisations
    from reader.extract import batch
    from reader.extract.model import NerModel

    lines = sentences(args.corpus)
    n_chars = sum(map(len, lines))
    predicted = NerModel.load(fast=True, threads=1).predict(lines)
    replay = Replay(lines, predicted)
    job = batch.ExtractJob(fast=True)
    batch._MODELS[(job.fast, job.threads, job.model, job.adaptation)] = replay
    parts = list(batch.chunks(lines))
    ex = batch._extractor(job)
    ex_orgs = PipelineExtractor(replay, organisations=load_organisations)

    def merge_all(ex=ex) -> None:
        for text, spans in zip(lines, predicted):
            ex.merge_text(text, spans)

    def records_all() -> None:
        for part in parts:
            batch.records_for(part, job)

    merge_all()  # warm: the lists and tables built once per process
    merge_all(ex_orgs)
    t_merge, t_orgs, t_records = best_of(args.repeat, [merge_all, lambda: merge_all(ex_orgs), records_all])
    first = subprocess.run([sys.executable, "-c", FIRST_CALL, lines[0]], capture_output=True, text=True, check=True).stdout.strip()
    print(f"{len(lines):,} lines, {n_chars:,} chars; best of {args.repeat} (CPU seconds)")
    print(f"merge_text   {t_merge:7.3f} s  {n_chars / t_merge:12,.0f} chars/s")
    print(f"  + orgs     {t_orgs:7.3f} s  {n_chars / t_orgs:12,.0f} chars/s  (with the known-organisation list)")
    print(f"records_for  {t_records:7.3f} s  {n_chars / t_records:12,.0f} chars/s  (model replayed)")
    print(f"first call   {float(first):7.3f} s  (a fresh process, one line)")
    if args.profile:
        import cProfile

        cProfile.runctx("merge_all()", globals(), {"merge_all": merge_all}, str(args.profile))
        print(f"profile of one merge_text pass: {args.profile}")


if __name__ == "__main__":
    main()
