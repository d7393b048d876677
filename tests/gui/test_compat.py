"""PySide6 6.12.0 on CPython 3.11 drops a reference to None per void call (see reader.gui._compat)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

CODE = """
import reader.gui
from PySide6.QtCore import QPoint
p = QPoint()
for _ in range(200_000):
    p.setX(1)
print("ok")
"""


def test_many_void_qt_calls_do_not_abort_python():
    r = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, cwd=REPO, timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert r.stdout.strip() == "ok"
