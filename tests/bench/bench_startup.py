"""Startup time: process start to a painted main window with suggestions on the sample page.

Not collected by default (``bench_*.py``). Run it directly::

    .venv/bin/python tests/bench/bench_startup.py [RUNS]

Each run starts ``reader.gui.app.main`` in a fresh process with ``READER_EXIT_AFTER_PAINT`` set;
the window prints ``READER_PAINTED <epoch>`` after its first paint that shows the suggestions and
quits. Two cases: a *first start* (new library: the sample page is imported and the extractor runs)
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
CODE = "import sys; from reader.gui.app import main; sys.exit(main(db=sys.argv[1]))"


def one_run(db: Path) -> tuple[float, str]:
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    t0 = time.time()
    env["READER_EXIT_AFTER_PAINT"] = f"{t0:.6f}"
    r = subprocess.run(
        [sys.executable, "-c", CODE, str(db)], cwd=REPO, env=env, capture_output=True, text=True, timeout=300
    )
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("READER_PAINTED")), None)
    if line is None:
        raise SystemExit(f"no paint reported (exit {r.returncode}):\n{r.stdout}\n{r.stderr}")
    painted = float(line.split()[1])
    return painted - t0, line.split(maxsplit=2)[2]


def main() -> None:
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    first, second = [], []
    note = ""
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as tmp:
            db = Path(tmp) / "library.db"
            t, note = one_run(db)
            first.append(t)
            t, _ = one_run(db)
            second.append(t)
    for name, times in (("first start (new library, extraction)", first), ("second start (stored suggestions)", second)):
        print(
            f"{name:40s} median {statistics.median(times):.2f} s  min {min(times):.2f} s  "
            f"max {max(times):.2f} s  ({len(times)} runs)"
        )
    print(f"sample page: {note}")


if __name__ == "__main__":
    main()
