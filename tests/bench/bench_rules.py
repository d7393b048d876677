"""Throughput of the DATE/MONEY/PERCENT/QUANTITY rules on about 1 M characters of news (the sample
page repeated). Prints numbers only; the target is 2 M chars/s of CPU time on one core.

    .venv/bin/python tests/bench/bench_rules.py
"""

from __future__ import annotations

import time
from pathlib import Path

from reader.extract.rules import extract_rules

REPO = Path(__file__).resolve().parents[2]


def main() -> None:
    base = (REPO / "data" / "news-page-zh.txt").read_text(encoding="utf-8")
    text = base * (1_000_000 // len(base) + 1)
    extract_rules(text[:5000])  # warm up
    best = 0.0
    for _ in range(3):
        t0 = time.process_time()
        spans = extract_rules(text)
        best = max(best, len(text) / max(time.process_time() - t0, 1e-9))
    print(f"rules: {len(text):,} chars, {len(spans):,} spans, best of 3: {best:,.0f} chars/s (CPU time)")


if __name__ == "__main__":
    main()
