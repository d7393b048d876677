"""Mine the organisation names of informal lines from Weibo NER train:

    python scripts/mine_social_orgs.py --out resources/ner/social/organisations.txt

A name is kept when Weibo NER train tags it as a named organisation (ORG.NAM) at least
``--min-count`` times and at least ``--min-share`` of its occurrences in the train posts are so
tagged (新浪: 29 of 30), it is two characters or longer, and no other label is given it as often.
The extractor looks these names up only on lines the register classifier calls informal
(reader.extract.KnownOrganisations), the way the network of informal lines reads only those.
"""

from __future__ import annotations

import argparse
import collections
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))

from ner_data import SHARED, read_char_file, spans_of  # noqa: E402

TRAIN = SHARED / "weibo_ner" / "weiboNER_2nd_conll.train"


def mine(min_count: int, min_share: float) -> list[tuple[str, int, int]]:
    """(name, times tagged ORG, occurrences) of the names kept, most often tagged first."""
    posts = read_char_file(TRAIN)
    tagged: collections.Counter[str] = collections.Counter()
    other: collections.Counter[str] = collections.Counter()
    for text, tags in posts:
        for s, e, lab in spans_of(tags):
            if not any(t.endswith(".NAM") for t in tags[s:e]):
                continue  # nominal mentions (.NOM) name no organisation
            if lab == "ORG":
                tagged[text[s:e]] += 1
            else:
                other[text[s:e]] += 1
    joined = "\n".join(text for text, _ in posts)
    kept = []
    for name, n in tagged.items():
        occ = joined.count(name)
        if len(name) >= 2 and n >= min_count and n >= min_share * occ and n > other[name]:
            kept.append((name, n, occ))
    return sorted(kept, key=lambda r: (-r[1], r[0]))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=pathlib.Path, default=ROOT / "resources" / "ner" / "social" / "organisations.txt")
    ap.add_argument("--min-count", type=int, default=2)
    ap.add_argument("--min-share", type=float, default=0.8)
    args = ap.parse_args()
    kept = mine(args.min_count, args.min_share)
    head = [
        "# Organisation names of informal lines, mined from Weibo NER train by scripts/mine_social_orgs.py",
        f"# --min-count {args.min_count} --min-share {args.min_share}: tagged ORG that often, and on that share of their",
        "# occurrences. Looked up only on lines the register classifier calls informal. One name a line.",
    ]
    args.out.write_text("\n".join(head + [name for name, _, _ in kept]) + "\n", encoding="utf-8")
    for name, n, occ in kept:
        print(f"{n:3d}/{occ:<3d} {name}")
    print(f"{len(kept)} names -> {args.out}")


if __name__ == "__main__":
    main()
