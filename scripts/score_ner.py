"""Score the NER model (reader.extract.model.NerModel) on the shared corpora, mirroring
/work/shared/checks/lib/score.py: exact span + label, PER/LOC/ORG micro F1, touching LOC spans
joined in the gold AND in the prediction (the app's merger joins them in our output).

    .venv/bin/python scripts/score_ner.py [--model DIR] [--fast] [--sets msra-test,pd-dev,...]

Sets: msra-test (report only, never tune on it), pd-dev (people_daily_zjy/example.dev),
nerpy-dev, nerpy-test (people_time_nerpy, PER/LOC/ORG only), resume-test (NAME->PER, ORG, LOC),
weibo-dev (named mentions only; GPE->LOC), cluener-dev (name->PER, address->LOC,
company/government/organization->ORG; a loose mapping, indicative only).
"""

from __future__ import annotations

import argparse
import pathlib
import sys
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from ner_data import SHARED, format_score, read_char_file, read_cluener, score, spans_of  # noqa: E402

from reader.extract.model import NerModel  # noqa: E402

LAB = ("PER", "LOC", "ORG")


def _bio_set(path, tagmap=None):
    out = []
    for text, tags in read_char_file(path):
        if tagmap:
            tags = [tagmap(t) for t in tags]
        out.append((text, [s for s in spans_of(tags) if s[2] in LAB]))
    return out


def _weibo(t: str) -> str:
    if t == "O" or t.endswith(".NOM"):
        return "O"
    pre, _, lab = t.partition("-")
    lab = lab.split(".")[0]
    return f"{pre}-{'LOC' if lab == 'GPE' else lab}"


def _resume(t: str) -> str:
    pre, _, lab = t.partition("-")
    lab = {"NAME": "PER", "ORG": "ORG", "LOC": "LOC"}.get(lab)
    return f"{pre}-{lab}" if lab else "O"


SETS = {
    "msra-test": lambda: _bio_set(SHARED / "msra" / "msra_test_bio"),
    "pd-dev": lambda: _bio_set(SHARED / "people_daily_zjy" / "example.dev"),
    "nerpy-dev": lambda: _bio_set(SHARED / "people_time_nerpy" / "dev.char.bio.tsv"),
    "nerpy-test": lambda: _bio_set(SHARED / "people_time_nerpy" / "test.char.bio.tsv"),
    "resume-test": lambda: _bio_set(SHARED / "resume_ner" / "test.char.bmes", _resume),
    "weibo-dev": lambda: _bio_set(SHARED / "weibo_ner" / "weiboNER_2nd_conll.dev", _weibo),
    "cluener-dev": lambda: read_cluener(
        SHARED / "cluener2020" / "dev.json",
        {"name": "PER", "address": "LOC", "company": "ORG", "government": "ORG", "organization": "ORG"},
    ),
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", type=pathlib.Path, default=None)
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("--sets", default=",".join(SETS))
    args = ap.parse_args()
    model = NerModel.load(args.model, fast=args.fast)
    for name in args.sets.split(","):
        data = SETS[name]()
        texts = [t for t, _ in data]
        t0 = time.perf_counter()
        pred = model.predict(texts)
        dt = time.perf_counter() - t0
        res = score([g for _, g in data], [[(s.start, s.end, s.label) for s in p] for p in pred])
        n = sum(map(len, texts))
        print(f"== {name}: {len(texts)} texts, {n} chars, predict {dt:.2f}s ({n/dt:,.0f} chars/s)")
        print(format_score(res), flush=True)


if __name__ == "__main__":
    main()
