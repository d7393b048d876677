"""Score the full pipeline (model + rules + merger) on the dev sets used to choose models and rules.

usage: python scripts/eval_dev.py [--sets seed,msra-dev,weibo-dev,news-dev] [--model DIR]
                                  [--cache DIR] [--errors SET] [--by-source]

Sets (none of them a test split):
- seed: ../shared/gold/seed-dev.json (one newspaper page, all 7 labels)
- msra-dev: the seeded 5% of msra_train_bio_filtered that train_ner.py holds out (seed 13), PER/LOC/ORG
- weibo-dev: weiboNER_2nd_conll.dev, named mentions only (GPE → LOC), PER/LOC/ORG
- news-dev: the annotated news2026 articles (tests/data/news2026-dev/*.jsonl records
  ``{"id", "source", "sha256", "spans": [[start, end, label], ...]}`` pointing into
  ../shared/corpora/news2026/news2026.jsonl), all 7 labels; ``--news-dev DIR`` reads another folder

``--cache DIR`` keeps the model's raw spans per set (JSON), so changes to the rules or the merger
are scored in seconds; delete the folder when the model changes.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
sys.path.insert(0, str(REPO))

from reader.core.model import Origin, Span, text_sha256  # noqa: E402
from reader.extract import Lexicon, PipelineExtractor, load_known_organisations  # noqa: E402
from reader.extract.evaluate import GoldText, read_gold, score  # noqa: E402

NEWS = SHARED / "corpora" / "news2026" / "news2026.jsonl"


def _msra_dev(seed: int = 13, frac: float = 0.05) -> list[GoldText]:
    sents = read_gold(SHARED / "corpora" / "msra" / "msra_train_bio_filtered", "bio")
    idx = list(range(len(sents)))
    dev_idx = set(random.Random(seed).sample(idx, int(len(sents) * frac)))
    return [sents[i] for i in idx if i in dev_idx]


def _weibo_dev() -> list[GoldText]:
    return read_gold(SHARED / "corpora" / "weibo_ner" / "weiboNER_2nd_conll.dev", "bio")


def news_dev_records(folder: Path) -> list[dict]:
    recs: list[dict] = []
    for f in sorted(folder.glob("*.jsonl")):
        for line in f.read_text(encoding="utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                if isinstance(r, dict) and "id" in r and isinstance(r.get("spans"), list):
                    recs.append(r)
    return recs


def _news_dev(folder: Path) -> tuple[list[GoldText], list[str]]:
    recs = news_dev_records(folder)
    want = {str(r["id"]) for r in recs}
    texts: dict[str, tuple[str, str]] = {}
    with open(NEWS, encoding="utf-8") as fh:
        for line in fh:
            a = json.loads(line)
            if str(a["id"]) in want:
                texts[str(a["id"])] = (a["text"], a["source"])
    gold, sources = [], []
    for r in recs:
        text, source = texts[str(r["id"])]
        if r.get("sha256") and r["sha256"] != text_sha256(text):
            raise SystemExit(f"news-dev: article {r['id']} differs from the annotated text (sha256)")
        spans = {
            (int(s["start"]), int(s["end"]), str(s["label"])) if isinstance(s, dict) else (int(s[0]), int(s[1]), str(s[2]))
            for s in r["spans"]
        }
        gold.append(GoldText(text, spans))
        sources.append(str(r.get("source") or source))
    return gold, sources


class CachedModel:
    def __init__(self, path: Path | None, model_dir: Path | None) -> None:
        self.path, self.model_dir, self._model = path, model_dir, None

    def predict(self, texts: list[str]) -> list[list[Span]]:
        if self.path is not None and self.path.is_file():
            raw = json.loads(self.path.read_text())
            if len(raw) == len(texts):
                return [[Span(s, e, lab, Origin.MODEL) for s, e, lab in r] for r in raw]
        from reader.extract.model import NerModel

        if self._model is None:
            self._model = NerModel.load(self.model_dir)
        out = self._model.predict(texts)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.write_text(json.dumps([[(s.start, s.end, s.label) for s in r] for r in out]))
        return out


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sets", default="seed,msra-dev,weibo-dev,news-dev")
    ap.add_argument("--model", type=Path, default=None)
    ap.add_argument("--cache", type=Path, default=None)
    ap.add_argument("--news-dev", type=Path, default=REPO / "tests" / "data" / "news2026-dev")
    ap.add_argument("--orgs", type=Path, default=None, help="known-organisation list (default: the shipped ones, news and informal lines; 'none': no list)")
    ap.add_argument("--errors", default="", help="list false positives/negatives of this set")
    ap.add_argument("--by-source", action="store_true", help="news-dev: a line per source")
    args = ap.parse_args(argv)
    if args.orgs is None:
        orgs = load_known_organisations()
    elif str(args.orgs) == "none":
        orgs = None
    else:
        orgs = Lexicon({n.strip(): "ORG" for n in args.orgs.read_text(encoding="utf-8").splitlines() if n.strip() and not n.startswith("#")})
    for name in args.sets.split(","):
        sources: list[str] = []
        labels = None
        if name == "seed":
            gold = read_gold(SHARED / "gold" / "seed-dev.json", "json")
        elif name == "msra-dev":
            gold, labels = _msra_dev(), ["PER", "LOC", "ORG"]
        elif name == "weibo-dev":
            gold, labels = _weibo_dev(), ["PER", "LOC", "ORG"]
        elif name == "news-dev":
            if not args.news_dev.is_dir() or not news_dev_records(args.news_dev):
                print(f"== news-dev: nothing at {args.news_dev}")
                continue
            gold, sources = _news_dev(args.news_dev)
        else:
            raise SystemExit(f"unknown set {name}")
        cache = args.cache / f"{name}.json" if args.cache else None
        ex = PipelineExtractor(CachedModel(cache, args.model), organisations=orgs)
        t0 = time.perf_counter()
        pred = ex.extract_many([g.text for g in gold])
        dt = time.perf_counter() - t0
        res = score(gold, pred, labels)
        print(f"== {name}: {len(gold)} texts, {sum(len(g.text) for g in gold):,} chars, {dt:.1f}s")
        print(res.format_table())
        if args.by_source and sources:
            for src in sorted(set(sources)):
                ix = [i for i, s in enumerate(sources) if s == src]
                r = score([gold[i] for i in ix], [pred[i] for i in ix], labels)
                m = r.micro
                print(f"  {src:<24} docs {len(ix):>3} gold {m.gold:>5} P {m.precision:.3f} R {m.recall:.3f} F1 {m.f1:.3f}")
        if args.errors == name:
            for i, (s, e, lab), kind in sorted(res.errors, key=lambda x: (x[0], x[1])):
                t = gold[i].text
                print(f"{kind} {i:>4} {lab:<8} {t[s:e]}   |{t[max(0, s - 8):s]}[{t[s:e]}]{t[e:e + 8]}|".replace("\n", "⏎"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
