"""Per-label P/R/F1 on the seed page's reference spans (../shared/gold/seed-dev.json, a dev set).

usage: python scripts/eval_seed.py [GOLD.json] [--errors]

Prints the rules alone (DATE, MONEY, PERCENT, QUANTITY) and the full default extractor (model +
rules + merge), when the model's files are present. ``--errors`` lists every false positive and
false negative of the full pipeline.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from reader.extract import ModelUnavailable, default_extractor, rules_extractor  # noqa: E402
from reader.extract.evaluate import evaluate, read_gold  # noqa: E402


def main(argv: list[str]) -> int:
    args = [a for a in argv if not a.startswith("--")]
    gold = Path(args[0]) if args else REPO.parent / "shared" / "gold" / "seed-dev.json"
    if not gold.is_file():
        print(f"no gold file at {gold}", file=sys.stderr)
        return 1
    print(f"== rules alone ({gold.name})")
    print(evaluate(rules_extractor(), gold, "json", labels=["DATE", "MONEY", "PERCENT", "QUANTITY"]).format_table())
    try:
        result = evaluate(default_extractor(), gold, "json")
    except ModelUnavailable as e:
        print(f"\n(full pipeline skipped: {e})")
        return 0
    print("\n== full pipeline (model + rules + merge)")
    print(result.format_table())
    if "--errors" in argv:
        text = read_gold(gold, "json")[0].text
        for _i, (s, e, lab), kind in sorted(result.errors, key=lambda x: x[1]):
            print(f"{kind}  {s:>6} {e:>6}  {lab:<9} {text[s:e]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
