"""Speed of the statistical NER model on the MSRA test text (one sentence per line, as the
speed-vs-jieba check builds it), with jieba.posseg as the reference in the same run.

Prints numbers only (no asserts). Each measurement runs in its own process, so that load time and
peak RSS are its own. Usage:

    OPENBLAS_NUM_THREADS=1 python tests/bench/bench_extract.py [--fast] [--corpus PATH] [--jieba-python PY]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
MSRA_TEST = REPO.parent / "shared" / "corpora" / "msra" / "msra_test_bio"

MODEL = r"""
import resource, sys, time
t0 = time.perf_counter()
from reader.extract.model import NerModel
t1 = time.perf_counter()
m = NerModel.load(fast=sys.argv[2] == "fast")
t2 = time.perf_counter()
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
n = sum(map(len, lines))
t3 = time.perf_counter()
out = m.predict(lines)
t4 = time.perf_counter()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{n} {t1-t0:.3f} {t2-t1:.3f} {t4-t3:.3f} {rss:.0f} {sum(map(len, out))}")
"""

JIEBA = r"""
import resource, sys, time
import jieba, jieba.posseg as p
jieba.setLogLevel(60)
jieba.initialize()
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
n = sum(map(len, lines))
t = time.perf_counter()
for l in lines:
    list(p.cut(l))
print(f"{n} {time.perf_counter() - t:.3f} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f}")
"""


def sentences(path: Path) -> list[str]:
    out, cur = [], []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip():
            if cur:
                out.append("".join(cur))
                cur = []
            continue
        cur.append(line[0])
    if cur:
        out.append("".join(cur))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fast", action="store_true")
    ap.add_argument("--corpus", type=Path, default=MSRA_TEST)
    ap.add_argument("--jieba-python", default=sys.executable, help="an interpreter that has jieba installed")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "text.txt"
        txt.write_text("\n".join(sentences(args.corpus)) + "\n", encoding="utf-8")
        t = time.perf_counter()
        r = subprocess.run([sys.executable, "-c", MODEL, str(txt), "fast" if args.fast else "default"],
                           capture_output=True, text=True, env=env, check=True)
        proc = time.perf_counter() - t
        n, imp, load, pred, rss, nspans = r.stdout.split()
        n = int(n)
        print(f"model{' (fast)' if args.fast else ''}: {n} chars, {nspans} spans")
        print(f"  import {float(imp):.3f} s, load {float(load):.3f} s, predict {float(pred):.3f} s")
        print(f"  predict {n / float(pred):,.0f} chars/s; whole process {n / proc:,.0f} chars/s ({proc:.2f} s)")
        print(f"  peak RSS {rss} MB")
        try:
            t = time.perf_counter()
            r = subprocess.run([args.jieba_python, "-c", JIEBA, str(txt)], capture_output=True, text=True, check=True)
            jproc = time.perf_counter() - t
            jn, jt, jrss = r.stdout.split()
            print(f"jieba.posseg: cut {int(jn) / float(jt):,.0f} chars/s; whole process {int(jn) / jproc:,.0f} chars/s "
                  f"({jproc:.2f} s); peak RSS {jrss} MB")
            print(f"ratio (whole process, jieba time / model time): {jproc / proc:.2f}")
        except (subprocess.CalledProcessError, ValueError):
            print("jieba.posseg: not importable in this interpreter")


if __name__ == "__main__":
    main()
