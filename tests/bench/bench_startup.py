"""Startup time: process start to a painted main window with suggestions on the sample page.

Not collected by default (``bench_*.py``). Run it directly::

    .venv/bin/python tests/bench/bench_startup.py [RUNS]

Each run starts ``reader.gui.app.main`` in a fresh process through ``startup_probe.py``, which
watches the window from outside and prints ``READER_PAINTED <epoch>`` after its first paint that
shows the suggestions, then quits. Two cases: a *first start* (new library: the sample page is imported and the extractor runs)
and a *second start* (the same library again: suggestions are already stored).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("startup_probe.py")


def one_run(db: Path) -> tuple[float, float, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.time()
    r = subprocess.run(
        [sys.executable, str(PROBE), str(db), f"{t0:.6f}"], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("READER_PAINTED")), None)
    if line is None:
        raise SystemExit(f"no paint reported (exit {r.returncode}):\n{r.stdout}\n{r.stderr}")
    painted = float(line.split()[1])
    first = next((float(ln.split()[1]) for ln in r.stdout.splitlines() if ln.startswith("READER_FIRST_PAINT")), painted)
    return first - t0, painted - t0, line.split(maxsplit=2)[2]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    first, second, first_paint, second_paint = [], [], [], []
    note = ""
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "library.db"
            p, t, note = one_run(db)
            first.append(t)
            first_paint.append(p)
            p, t, _ = one_run(db)
            second.append(t)
            second_paint.append(p)
    for name, times in (
        ("first start: window painted", first_paint),
        ("first start: painted with suggestions", first),
        ("second start: painted with suggestions", second),
    ):
        print(
            f"{name:42s} median {statistics.median(times):.2f} s  min {min(times):.2f} s  "
            f"max {max(times):.2f} s  ({len(times)} runs)"
        )
    print(f"sample page: {note}  (second start: suggestions are stored, so the first paint shows them)")


if __name__ == "__main__":
    main()
