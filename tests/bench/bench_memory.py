"""Peak memory of import and export as the corpus grows: it should stay flat (streaming).

For each size (default 10,000 and 100,000 generated articles with entity mentions) this writes
one JSON Lines file, imports it into a new library, exports the library as jsonl and conll, and
imports the CoNLL export into a second library. Each step runs in its own process so that the
peak RSS printed is its own. ``--big MB`` instead imports one plain-text document of about MB
megabytes of generated Chinese (words drawn from a 20,000-word vocabulary over 3,000 characters,
so its search index has many distinct n-grams, as a real text would). Usage::

    python tests/bench/bench_memory.py [N ...]
    python tests/bench/bench_memory.py --big 84
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

WORDS = ["山东", "德州经开区", "新一代信息技术", "产业", "合作", "大会", "在", "召开", "记者", "王延斌", "报道",
         "商务部", "数据显示", "增长", "38%", "投资", "50亿元", "10月16日", "企业", "发展", "，", "。", "𠮷", "😀"]
ENTITIES = {"德州经开区": "LOC", "王延斌": "PER", "商务部": "ORG", "山东": "LOC"}

STEP = r"""
import resource, sys, time
from reader.app import Library
t = time.perf_counter()
lib = Library.open(sys.argv[2])
if sys.argv[1] == "import":
    what = lib.import_files([sys.argv[3]], add_labels=True).summary()
else:
    lib.export(sys.argv[3], sys.argv[4])
    what = sys.argv[4]
lib.close()
print(f"{time.perf_counter() - t:.1f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} {what}")
"""


def corpus(path: Path, n: int) -> int:
    rng = random.Random(n)
    chars = 0
    with path.open("w", encoding="utf-8") as f:
        for i in range(n):
            parts, spans, pos = [f"第{i}号新闻\n"], [], len(f"第{i}号新闻\n")
            for _ in range(rng.randint(80, 200)):
                w = rng.choice(WORDS)
                if w in ENTITIES:
                    spans.append({"start": pos, "end": pos + len(w), "label": ENTITIES[w]})
                parts.append(w)
                pos += len(w)
            text = "".join(parts)
            chars += len(text)
            f.write(json.dumps({"title": f"新闻 {i}", "text": text, "spans": spans}, ensure_ascii=False) + "\n")
    return chars


def big_text(path: Path, megabytes: float) -> int:
    """One plain-text document of about ``megabytes`` MB (UTF-8); returns its length in characters."""
    rng = random.Random(84)
    chars = [chr(0x4E00 + rng.randrange(3000)) for _ in range(3000)]
    vocab = ["".join(rng.choice(chars) for _ in range(rng.choice((1, 2, 2, 2, 3, 4)))) for _ in range(20_000)]
    weights = [1 / (r + 1) for r in range(len(vocab))]
    target, size, n = megabytes * 1e6, 0, 0
    with path.open("w", encoding="utf-8") as f:
        while size < target:
            words = rng.choices(vocab, weights, k=2000)
            piece = "".join(w + ("，" if i % 7 == 6 else "") for i, w in enumerate(words)) + "。\n"
            f.write(piece)
            size += len(piece.encode("utf-8"))
            n += len(piece)
    return n


def step(*args: str) -> tuple[str, str, str]:
    r = subprocess.run([sys.executable, "-c", STEP, *args], capture_output=True, text=True)
    if r.returncode:
        print(r.stderr[-2000:])
        raise SystemExit(1)
    secs, rss, what = r.stdout.split(maxsplit=2)
    return secs, rss, what.strip()


def main() -> None:
    if sys.argv[1:2] == ["--big"]:
        megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 84.0
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            src = t / "big.txt"
            chars = big_text(src, megabytes)
            print(f"one document, {chars / 1e6:.1f} M characters, {src.stat().st_size / 1e6:.0f} MB of text")
            secs, rss, what = step("import", str(t / "a.db"), str(src))
            print(f"  import txt: {secs:>6s} s  peak RSS {rss:>4s} MB  ({what})")
        return
    sizes = [int(a) for a in sys.argv[1:]] or [10_000, 100_000]
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            t = Path(tmp)
            src = t / "corpus.jsonl"
            chars = corpus(src, n)
            print(f"{n} articles, {chars / 1e6:.1f} M characters, {src.stat().st_size / 1e6:.0f} MB of JSONL")
            rows = [
                ("import jsonl", step("import", str(t / "a.db"), str(src))),
                ("export jsonl", step("export", str(t / "a.db"), str(t / "out.jsonl"), "jsonl")),
                ("export conll", step("export", str(t / "a.db"), str(t / "out.conll"), "conll")),
                ("import conll", step("import", str(t / "b.db"), str(t / "out.conll"))),
            ]
            for name, (secs, rss, what) in rows:
                print(f"  {name}: {secs:>6s} s  peak RSS {rss:>4s} MB  ({what})")


if __name__ == "__main__":
    main()
