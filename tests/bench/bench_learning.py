"""The learning curve: how much a library's reviewed documents improve extraction on the rest.

A simulated reviewer takes the first k documents of a dev set, lets the shipped extractor
suggest, accepts the suggestions that are in the gold, rejects the others and tags what is
missing. The model is then adapted to those k documents (``reader learn``'s fine-tuning, with
the library's lexicon and suppressions where the extraction service provides them), and
micro F1 is measured on held-out documents: the same held-out set for every k (the documents
after the first 20), so the points of the curve compare.

    .venv/bin/python tests/bench/bench_learning.py [--ks 0,5,10,20] [--set auto|news2026|people]
                                                    [--steps N] [--l2 X]

Dev sets, in order of preference (``auto``): the news2026 dev set (``reader.extract.devset``,
seven labels), else People's Daily with TIME (``../shared/corpora/people_time_nerpy/dev``; one
document per 20 sentences, PER/LOC/ORG scored). Never a test split. Prints numbers only.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from reader.extract import PipelineExtractor, default_extractor, load_model  # noqa: E402
from reader.extract.evaluate import GoldText, read_tagged, score  # noqa: E402
from reader.extract.learn import Example, fine_tune  # noqa: E402

TRAIN_MAX = 20


def news2026_docs() -> tuple[list[tuple[str, set]], list[str] | None] | None:
    try:
        from reader.extract.devset import load_devset  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        docs = load_devset()
    except Exception as e:  # noqa: BLE001 - a missing corpus: fall back, say why
        print(f"news2026 dev set not usable ({e}); falling back", file=sys.stderr)
        return None
    return [(d.text, {tuple(s) for s in d.spans}) for d in docs], None


def people_docs(per_doc: int = 20) -> tuple[list[tuple[str, set]], list[str]]:
    sents = read_tagged(SHARED / "corpora" / "people_time_nerpy" / "dev.char.bio.tsv")
    docs = []
    for i in range(0, len(sents), per_doc):
        text, spans, pos = "", set(), 0
        for g in sents[i : i + per_doc]:
            spans |= {(s + pos, e + pos, lab) for s, e, lab in g.spans}
            text += g.text + "\n"
            pos = len(text)
        docs.append((text, spans))
    return docs, ["PER", "LOC", "ORG"]


def library_lexicon(reviewed: list[tuple[str, set, set]]):
    """The library's lexicon from the review, as the extraction service builds it."""
    from collections import Counter

    from reader.app.extraction import lexicon_from_review

    rows: Counter = Counter()
    for text, accepted, rejected in reviewed:
        for s, e, lab in accepted:
            rows[(text[s:e], lab, "accepted")] += 1
        for s, e, lab in rejected:
            rows[(text[s:e], lab, "rejected")] += 1
    return lexicon_from_review([(s, lab, st, n) for (s, lab, st), n in rows.items()])


def with_review(extractor, texts: list[str], lexicon) -> list:
    from reader.extract.merge import apply_learned

    return [apply_learned(t, r, lexicon) for t, r in zip(texts, extractor.extract_many(texts))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ks", default="0,5,10,20")
    ap.add_argument("--set", choices=("auto", "news2026", "people"), default="auto")
    ap.add_argument("--steps", type=int, default=None)
    ap.add_argument("--l2", type=float, default=None)
    ap.add_argument("--lexicon", type=int, default=None, help="1/0: reviewed entities join the model's lexicon features")
    ap.add_argument("--unlearn", type=int, default=None, help="1/0: rejected surfaces leave the model's lexicon")
    ap.add_argument("--dropout", type=float, default=None, help="share of sentences learned without the added lexicon entries")
    ap.add_argument("--heldout", type=int, default=0, help="score only this many held-out documents (0: all)")
    args = ap.parse_args()
    ks = [int(k) for k in args.ks.split(",")]
    loaded = news2026_docs() if args.set in ("auto", "news2026") else None
    name = "news2026-dev"
    if loaded is None:
        if args.set == "news2026":
            sys.exit("the news2026 dev set is not available")
        loaded = people_docs()
        name = "people_time dev (20 sentences a document)"
    docs, labels = loaded
    heldout = docs[TRAIN_MAX:]
    if args.heldout:
        heldout = heldout[: args.heldout]
    gold = [GoldText(t, s) for t, s in heldout]
    hyper = {
        k: v
        for k, v in (("steps", args.steps), ("l2", args.l2), ("lexicon", args.lexicon), ("unlearn", args.unlearn), ("lexicon_dropout", args.dropout))
        if v is not None
    }
    for k in ("lexicon", "unlearn"):
        if k in hyper:
            hyper[k] = bool(hyper[k])
    print(f"dev set: {name}: {len(docs)} documents, {len(heldout)} held out ({sum(len(t) for t, _ in heldout):,} chars)")

    base = load_model()
    shipped = default_extractor()
    t0 = time.perf_counter()
    suggested = shipped.extract_many([t for t, _ in docs[:TRAIN_MAX]])
    reviewed = []
    for (text, spans), sugg in zip(docs[:TRAIN_MAX], suggested):
        s = {(p.start, p.end, p.label) for p in sugg}
        reviewed.append((text, spans, s - spans))
    print(f"reviewer simulated on {TRAIN_MAX} documents in {time.perf_counter() - t0:.1f} s")

    print(f"{'k':>3} {'model F1':>9} {'+lexicon F1':>12} {'P':>7} {'R':>7} {'learn s':>8}")
    for k in ks:
        t0 = time.perf_counter()
        if k == 0:
            model = base
        else:
            examples = [Example(t, sorted(a), sorted(r)) for t, a, r in reviewed[:k]]
            model = fine_tune(base, examples, **hyper).apply(base)
        secs = time.perf_counter() - t0
        texts = [g.text for g in gold]
        plain = score(gold, PipelineExtractor(model).extract_many(texts), labels)
        full = score(gold, with_review(PipelineExtractor(model), texts, library_lexicon(reviewed[:k])), labels) if k else plain
        m = full.micro
        print(f"{k:>3} {plain.f1():>9.4f} {full.f1():>12.4f} {m.precision:>7.4f} {m.recall:>7.4f} {secs:>8.1f}", flush=True)


if __name__ == "__main__":
    main()
