"""Import a folder of 10,000 generated articles into a new library, then export it.

Prints seconds and peak RSS for each step; each step runs in its own process so that the peak
RSS is its own. Usage: python tests/bench/bench_import_export.py [N_ARTICLES]
"""

from __future__ import annotations

import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = ["山东", "德州经开区", "新一代信息技术", "产业", "合作", "大会", "在", "召开", "记者", "王延斌", "报道",
         "商务部", "数据显示", "增长", "38%", "投资", "50亿元", "10月16日", "企业", "发展", "，", "。", "𠮷", "😀"]

STEP = r"""
import resource, sys, time
from reader.app import Library
t = time.perf_counter()
lib = Library.open(sys.argv[2])
if sys.argv[1] == "import":
    report = lib.import_files([sys.argv[3]])
    what = report.summary()
else:
    report = lib.export(sys.argv[3], sys.argv[4])
    what = sys.argv[4]
lib.close()
print(f"{time.perf_counter() - t:.2f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {what}")
"""


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "articles"
        folder.mkdir()
        total = 0
        for i in range(n):
            body = "".join(rng.choice(WORDS) for _ in range(rng.randint(150, 400)))
            text = f"第{i}号新闻\n\n{body}\n"
            total += len(text)
            (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        print(f"{n} articles, {total / 1e6:.1f} M characters")
        db = Path(tmp) / "lib.db"
        for step, extra in (("import", [str(folder)]), ("export", [str(Path(tmp) / "out.jsonl"), "jsonl"]),
                            ("export", [str(Path(tmp) / "out.conll"), "conll"])):
            r = subprocess.run([sys.executable, "-c", STEP, step, str(db), *extra], capture_output=True, text=True)
            if r.returncode:
                print(r.stderr[-2000:])
                raise SystemExit(1)
            secs, rss, what = r.stdout.split(maxsplit=2)
            print(f"{step:7s} {secs:>7s} s  peak RSS {rss:>5s} MB  ({what.strip()})")
        print(f"library file {db.stat().st_size / 1e6:.0f} MB")


if __name__ == "__main__":
    main()
