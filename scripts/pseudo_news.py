"""Tag the modern news corpus (../shared/corpora/news2026) with the full pipeline (model + rules +
the merger's composition rules) and write its PER/LOC/ORG spans as extra training data for
``scripts/train_ner.py --pseudo FILE``: the network learns today's organisations and the
guidelines' whole-name conventions (hierarchical places, zones with their city, parent +
department) that the merger writes, instead of MSRA's split ones.

    python scripts/pseudo_news.py --out W/news-pseudo.jsonl [--model DIR] [--exclude DIR ...]

Articles of the annotated dev set (``tests/data/news2026-dev`` and every ``--exclude`` folder of
``*.jsonl`` records with an ``id``) are left out, and the ids of the articles used are written
next to the output (``…ids.txt``), so a later dev set can be checked against them. Each record
is ``{"text": paragraph, "spans": [[start, end, label], ...], "id": article id}``.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
NEWS = ROOT.parent / "shared" / "corpora" / "news2026" / "news2026.jsonl"

from reader.extract import PipelineExtractor  # noqa: E402
from reader.extract.model import NerModel  # noqa: E402


def dev_ids(folders: list[pathlib.Path]) -> set[str]:
    ids: set[str] = set()
    for d in folders:
        for f in sorted(d.glob("*.jsonl")) if d.is_dir() else []:
            for line in f.read_text(encoding="utf-8").splitlines():
                try:
                    r = json.loads(line)
                except json.JSONDecodeError:
                    continue
                if isinstance(r, dict) and "id" in r:
                    ids.add(str(r["id"]))
    return ids


def relabel(src: pathlib.Path, out: pathlib.Path) -> None:
    """The known-organisation list over an earlier output: what the pipeline gives now that the
    list exists, without tagging the corpus again."""
    from reader.core.model import Origin, Span
    from reader.extract import load_organisations
    from reader.extract.merge import known_organisations

    orgs = load_organisations()
    n = changed = 0
    with open(src, encoding="utf-8") as fin, open(out, "w", encoding="utf-8") as fout:
        for line in fin:
            r = json.loads(line)
            spans = [Span(s, e, lab, Origin.MODEL) for s, e, lab in r["spans"]]
            new = known_organisations(r["text"], spans, orgs.find(r["text"]))
            if new != spans:
                changed += 1
            r["spans"] = [[s.start, s.end, s.label] for s in new]
            n += len(new)
            fout.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"{changed} paragraphs changed, {n} spans -> {out}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--model", type=pathlib.Path, default=None, help="teacher model folder (default: the shipped model)")
    ap.add_argument("--exclude", type=pathlib.Path, action="append", default=[])
    ap.add_argument("--relabel", type=pathlib.Path, default=None, help="instead of tagging: read this earlier output and apply the known-organisation list (resources/ner/organisations.txt) to it")
    args = ap.parse_args()
    if args.relabel:
        relabel(args.relabel, args.out)
        return
    t0 = time.time()
    skip = dev_ids([ROOT / "tests" / "data" / "news2026-dev", *args.exclude])
    arts = [json.loads(line) for line in open(NEWS, encoding="utf-8")]
    kept = [a for a in arts if str(a["id"]) not in skip]
    paras, para_ids = [], []
    for a in kept:
        for p in a["text"].split("\n"):
            if any("\u4e00" <= c <= "\u9fff" for c in p):
                paras.append(p)
                para_ids.append(str(a["id"]))
    print(f"articles {len(arts)}, kept {len(kept)} ({len(arts) - len(kept)} dev articles left out), {len(paras)} paragraphs", flush=True)
    ex = PipelineExtractor(NerModel.load(args.model))
    spans = ex.extract_many(paras)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    n = 0
    with open(args.out, "w", encoding="utf-8") as f:
        for text, sp, art in zip(paras, spans, para_ids):
            keep = [[s.start, s.end, s.label] for s in sp if s.label in ("PER", "LOC", "ORG")]
            n += len(keep)
            f.write(json.dumps({"text": text, "spans": keep, "id": art}, ensure_ascii=False) + "\n")
    ids_file = args.out.with_name(args.out.stem + ".ids.txt")
    ids_file.write_text("".join(f"{a['id']}\n" for a in kept))
    print(f"wrote {len(paras)} paragraphs, {sum(map(len, paras))} chars, {n} spans to {args.out}; ids in {ids_file} ({time.time() - t0:.0f}s)")


if __name__ == "__main__":
    main()
