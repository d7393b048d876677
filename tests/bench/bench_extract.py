"""Speed of the extractor on the MSRA test text (one sentence per line, as the speed-vs-jieba check
builds it), with jieba.posseg as the reference in the same run.

Prints numbers only (no asserts), for the default model and --fast:
- predict: chars/s of NerModel.predict alone (one onnxruntime thread), load time, peak RSS;
- whole process: `reader extract --lines` (default workers: all cores) and `--workers 1`, wall and
  CPU seconds, against `jieba.posseg.cut` over the same lines in its own process.
On a machine shared with other work, compare the ratios of one run, not absolute numbers.

    python tests/bench/bench_extract.py [--corpus PATH] [--jieba-python PY] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import resource
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
m = NerModel.load(fast=sys.argv[2] == "fast", threads=1)
t2 = time.perf_counter()
lines = open(sys.argv[1], encoding="utf-8").read().split("\n")
n = sum(map(len, lines))
t3 = time.perf_counter()
c3 = time.process_time()
out = m.predict(lines)
t4 = time.perf_counter()
c4 = time.process_time()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(f"{n} {t1-t0:.3f} {t2-t1:.3f} {t4-t3:.3f} {c4-c3:.3f} {rss:.0f} {sum(map(len, out))} {m.backend.replace(' ', '_')}")
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

JIEBA_PROCESS = "import jieba.posseg as p,sys\nfor l in open(sys.argv[1],encoding='utf-8'): list(p.cut(l))"


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


def timed(cmd: list[str], env: dict | None = None) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (the process and its children), peak RSS (MB) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, int(after.ru_maxrss / 1024)


def best(cmd: list[str], repeat: int, env: dict | None = None) -> tuple[float, float, int]:
    runs = [timed(cmd, env) for _ in range(repeat)]
    return min(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=MSRA_TEST)
    ap.add_argument("--jieba-python", default=sys.executable, help="an interpreter that has jieba installed")
    ap.add_argument("--repeat", type=int, default=3, help="whole-process runs, the best kept (as the check does)")
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    reader = [sys.executable, "-m", "reader", "extract", "--lines"]
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "text.txt"
        txt.write_text("\n".join(sentences(args.corpus)) + "\n", encoding="utf-8")
        n = len(txt.read_text(encoding="utf-8")) - txt.read_text(encoding="utf-8").count("\n")
        print(f"MSRA test: {n:,} chars, {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        try:
            r = subprocess.run([args.jieba_python, "-c", JIEBA, str(txt)], capture_output=True, text=True, check=True)
            jn, jt, jrss = r.stdout.split()
            jwall, jcpu, _ = best([args.jieba_python, "-c", JIEBA_PROCESS, str(txt)], args.repeat)
            print(f"jieba.posseg: cut {int(jn) / float(jt):,.0f} chars/s; whole process {n / jwall:,.0f} chars/s "
                  f"({jwall:.2f} s wall, {jcpu:.2f} s CPU); peak RSS {jrss} MB")
        except (subprocess.CalledProcessError, ValueError, FileNotFoundError):
            jwall = jcpu = None
            print("jieba.posseg: not importable in this interpreter (pip install -e '.[bench]')")
        for variant in ("default", "fast"):
            r = subprocess.run([sys.executable, "-c", MODEL, str(txt), variant], capture_output=True, text=True, env=env, check=True)
            _, imp, load, pred, pcpu, rss, nspans, backend = r.stdout.split()
            print(f"model {variant} [{backend.replace('_', ' ')}]: {nspans} spans")
            print(f"  import {float(imp):.3f} s, load {float(load):.3f} s, peak RSS {rss} MB")
            print(f"  predict {n / float(pred):,.0f} chars/s wall, {n / float(pcpu):,.0f} chars per CPU second (1 thread)")
            flag = ["--fast"] if variant == "fast" else []
            for label, extra in (("all cores", []), ("--workers 1", ["--workers", "1"])):
                wall, cpu, _ = best(reader + flag + extra + [str(txt)], args.repeat, env)
                pooled = not extra  # pool workers are children of the fork server: their CPU is not counted here
                cpu_text = "" if pooled else f", {cpu:.2f} s CPU"
                line = f"  reader extract --lines {' '.join(flag + extra) or '(default)'}: {n / wall:,.0f} chars/s ({wall:.2f} s wall{cpu_text})"
                if jwall:
                    line += f"; vs jieba: {jwall / wall:.2f}x wall" + ("" if pooled else f", {jcpu / cpu:.2f}x CPU")
                print(line)


if __name__ == "__main__":
    main()
