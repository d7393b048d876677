"""P/R/F1 of the current extractor on the news2026 dev set (tests/data/news2026-dev), micro, per
label and per source.

usage: python scripts/eval_devset.py [--corpus PATH] [--devset FILE] [--fast | --rules]
                                     [--source NAME ...] [--errors] [--json]

The articles' texts are read from the news2026 corpus (``--corpus``, else ``$READER_NEWS2026``,
else ../shared/corpora/news2026 beside the repository) and checked against the sha256 each
record carries. ``--fast``: the smaller model; ``--rules``: rules alone (DATE, MONEY, PERCENT,
QUANTITY scored). ``--errors`` lists every false positive and false negative with its article
and text; ``--json`` prints the scores as one JSON object instead of tables.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.core.errors import ReaderError  # noqa: E402
from reader.extract import ModelUnavailable, default_extractor, load_model, rules_extractor  # noqa: E402
from reader.extract.devset import as_gold, default_devset_path, load_devset  # noqa: E402
from reader.extract.evaluate import score  # noqa: E402

RULE_LABELS = ["DATE", "MONEY", "PERCENT", "QUANTITY"]


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", help="news2026 folder or news2026.jsonl")
    ap.add_argument("--devset", default=str(default_devset_path()), help="dev-set JSONL (default: %(default)s)")
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--fast", action="store_true", help="the smaller model")
    mode.add_argument("--rules", action="store_true", help="rules alone (DATE, MONEY, PERCENT, QUANTITY)")
    ap.add_argument("--source", action="append", help="only this feed (repeatable)")
    ap.add_argument("--errors", action="store_true", help="list every false positive and negative")
    ap.add_argument("--json", action="store_true", help="print scores as JSON")
    args = ap.parse_args(argv)

    try:
        docs = load_devset(args.devset, args.corpus, args.source)
    except ReaderError as e:
        print(e, file=sys.stderr)
        return 1
    if not docs:
        print("no article selected", file=sys.stderr)
        return 1
    labels = RULE_LABELS if args.rules else None
    if args.rules:
        extractor = rules_extractor()
        name = "rules alone"
    else:
        try:
            load_model(fast=args.fast)
        except ModelUnavailable as e:
            print(e, file=sys.stderr)
            return 1
        extractor = default_extractor(fast=args.fast)
        name = "default extractor" + (" --fast" if args.fast else "")

    gold = as_gold(docs)
    t0 = time.perf_counter()
    predicted = extractor.extract_many([d.text for d in docs])
    seconds = time.perf_counter() - t0
    total = score(gold, predicted, labels)
    total.seconds = seconds
    by_source: dict[str, list[int]] = defaultdict(list)
    for i, d in enumerate(docs):
        by_source[d.source].append(i)
    per_source = {
        src: score([gold[i] for i in idx], [predicted[i] for i in idx], labels)
        for src, idx in sorted(by_source.items())
    }

    if args.json:
        out = total.to_dict()
        out["extractor"] = name
        out["sources"] = {
            src: {
                "texts": r.texts,
                "gold": r.micro.gold,
                "precision": round(r.micro.precision, 4),
                "recall": round(r.micro.recall, 4),
                "f1": round(r.micro.f1, 4),
            }
            for src, r in per_source.items()
        }
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0

    print(f"== {name} on {Path(args.devset).name}: {len(docs)} articles, {sum(len(d.spans) for d in docs)} reference spans")
    print(total.format_table())
    print()
    head = f"{'source':<22}{'docs':>5}{'gold':>7}{'P':>8}{'R':>8}{'F1':>8}"
    print(head)
    print("-" * len(head))
    for src, r in per_source.items():
        m = r.micro
        print(f"{src:<22}{r.texts:>5}{m.gold:>7}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}")
    if args.errors:
        print()
        for i, (s, e, lab), kind in sorted(total.errors, key=lambda x: (x[0], x[1])):
            d = docs[i]
            print(f"{kind}  {d.source:<18} {d.id}  {s:>5} {e:>5}  {lab:<9} {d.text[s:e]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
