"""Score the page analyser on generated 人民日报 pages and on the sample page's reading.

    python tests/bench/score_pages.py [--dates 2026-01-27,2026-01-28] [--seeds 3] [--blank 0|1|2]
                                      [--sample first|second|all|none]

Prints, per date, the means over its pages of block-role accuracy (averaged over roles),
same-article pairwise F1 over blocks and the share of cut sentences joined; then the sample
page's scores. Needs ../shared (the corpus) for the generated pages.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from reader.pages import analyse_page  # noqa: E402
from tests.pages.scoring import score  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dates", help="comma-separated dates (default: all)")
    ap.add_argument("--seeds", type=int, default=2, help="layouts per page")
    ap.add_argument("--sample", choices=("first", "second", "all", "none"), default="first")
    ap.add_argument("--blank", type=int, default=1, help="empty lines between paragraphs in the layout (default 1)")
    ap.add_argument("-v", action="store_true", help="one line per page")
    args = ap.parse_args()
    from tests.pages.generate import CORPUS, load_pages, make_page

    if CORPUS.exists() and args.dates != "none":
        pages = load_pages()
        dates = set(args.dates.split(",")) if args.dates else None
        by_date: dict[str, list] = defaultdict(list)
        roles: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        for (date, page), arts in pages.items():
            if dates and date not in dates:
                continue
            for seed in range(args.seeds):
                text, truth = make_page(arts, seed=seed, blank=args.blank)
                s = score(analyse_page(text), truth.blocks, truth.joins)
                by_date[date].append(s)
                for k, (r, t) in s.per_role.items():
                    roles[k][0] += r
                    roles[k][1] += t
                if args.v:
                    print(f"  {date} p{page} s{seed}: role {s.role_acc:.3f} F1 {s.pair_f1:.3f} joins {s.joins_found}/{s.joins_total}")
        allp = []
        print("date        pages  role-acc  pair-F1  joins")
        for date, ss in sorted(by_date.items()):
            allp += ss
            _row(date, ss)
        if allp:
            _row("all", allp)
            print("per role (all):", ", ".join(f"{k} {r}/{t}={r / t:.2f}" for k, (r, t) in sorted(roles.items())))
    if args.sample != "none":
        from tests.pages.sample_reading import sample_truth

        text, blocks, joins = sample_truth()
        half = len(text) // 2
        rng = {"first": (0, half), "second": (half, len(text) + 1), "all": None}[args.sample]
        s = score(analyse_page(text), blocks, joins, within=rng)
        print(
            f"sample page ({args.sample}): role-acc {s.role_acc:.3f}  pair-F1 {s.pair_f1:.3f} "
            f"(P {s.pair_p:.3f} R {s.pair_r:.3f})  joins {s.joins_found}/{s.joins_total}  labels {s.labels_found}/{s.labels_total}"
        )
        print("  per role:", ", ".join(f"{k} {r}/{t}" for k, (r, t) in sorted(s.per_role.items())))
    return 0


def _row(name: str, ss: list) -> None:
    n = len(ss)
    jt = sum(s.joins_total for s in ss)
    jf = sum(s.joins_found for s in ss)
    print(
        f"{name:<11} {n:>5}  {sum(s.role_acc for s in ss) / n:8.3f}  {sum(s.pair_f1 for s in ss) / n:7.3f}  "
        f"{jf}/{jt} = {jf / jt if jt else 1:.2f}"
    )


if __name__ == "__main__":
    raise SystemExit(main())
