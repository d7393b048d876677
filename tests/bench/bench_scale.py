"""Batch extraction over 400k+ characters of modern news (paragraphs of the news2026 corpus, one per
line, as the scale-workers check builds them): `reader extract --lines` with 1 and 2 worker
processes and on a local Dask cluster (a scheduler and 2 single-thread workers on loopback), wall
and CPU seconds, and whether the three outputs are identical. Prints numbers only.

    python tests/bench/bench_scale.py [--chars 400000] [--corpus PATH]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
NEWS = REPO.parent / "shared" / "corpora" / "news2026" / "news2026.jsonl"


def paragraphs(path: Path, limit: int) -> list[str]:
    out, n = [], 0
    for line in open(path, encoding="utf-8"):
        for p in json.loads(line)["text"].split("\n"):
            if len(p) >= 20:
                out.append(p)
                n += len(p)
        if n > limit:
            break
    return out


def timed(cmd: list[str], out: Path, env: dict) -> tuple[float, float]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    with open(out, "wb") as f:
        subprocess.run(cmd, stdout=f, stderr=subprocess.DEVNULL, check=True, env=env)
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--chars", type=int, default=400_000)
    ap.add_argument("--corpus", type=Path, default=NEWS)
    args = ap.parse_args()
    env = dict(os.environ, PYTHONPATH=str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    reader = [sys.executable, "-m", "reader", "extract", "--lines"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        paras = paragraphs(args.corpus, args.chars)
        n = sum(map(len, paras))
        (tmp / "in.txt").write_text("\n".join(paras) + "\n", encoding="utf-8")
        print(f"{n:,} chars in {len(paras):,} paragraphs; {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f}")
        results = {}
        for w in (1, 2):
            wall, cpu = timed(reader + ["--workers", str(w), str(tmp / "in.txt")], tmp / f"w{w}.jsonl", env)
            results[f"--workers {w}"] = (wall, cpu, tmp / f"w{w}.jsonl")
        dask = shutil.which("dask", path=str(Path(sys.executable).parent)) or shutil.which("dask")
        procs = []
        if dask:
            port = free_port()
            addr = f"tcp://127.0.0.1:{port}"
            try:
                procs.append(subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port), "--no-dashboard"],
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
                time.sleep(3)
                for _ in range(2):
                    procs.append(subprocess.Popen([dask, "worker", addr, "--nthreads", "1", "--no-dashboard"],
                                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env))
                time.sleep(5)
                wall, cpu = timed(reader + ["--cluster", addr, str(tmp / "in.txt")], tmp / "c.jsonl", env)
                results["--cluster (2 workers)"] = (wall, cpu, tmp / "c.jsonl")
                wall, cpu = timed(reader + ["--cluster", addr, str(tmp / "in.txt")], tmp / "c2.jsonl", env)
                results["--cluster, models loaded"] = (wall, cpu, tmp / "c2.jsonl")
            finally:
                for p in procs:
                    p.terminate()
                for p in procs:
                    p.wait(timeout=30)
        else:
            print("no dask command (pip install -e '.[cluster]'): cluster run skipped")
        ref = results["--workers 1"][2].read_bytes()
        t1 = results["--workers 1"][0]
        for name, (wall, cpu, out) in results.items():
            same = "identical" if out.read_bytes() == ref else "DIFFERENT"
            cpu_note = f"  ({cpu:.2f} s CPU)" if name == "--workers 1" else ""  # pool and cluster workers are not our children
            print(f"{name:26s} {n / wall:>9,.0f} chars/s  {wall:6.2f} s wall  {t1 / wall:4.2f}x  records {same}{cpu_note}")


if __name__ == "__main__":
    main()
