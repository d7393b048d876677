"""The layering holds: only reader.gui imports Qt, and the core imports no storage."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

NO_QT = r"""
import importlib, pkgutil, sys
sys.modules["PySide6"] = None   # any import of Qt now fails
sys.modules["shiboken6"] = None
import reader
bad, n = [], 0
for m in pkgutil.walk_packages(reader.__path__, "reader."):
    if m.name.startswith("reader.gui") or m.name == "reader.__main__":
        continue
    n += 1
    try:
        importlib.import_module(m.name)
    except Exception as e:
        bad.append(f"{m.name}: {type(e).__name__}: {e}")
print("\n".join(bad))
print(n)
sys.exit(1 if bad else 0)
"""


def test_every_module_outside_gui_imports_without_qt():
    r = subprocess.run([sys.executable, "-c", NO_QT], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stdout + r.stderr
    assert int(r.stdout.split()[-1]) >= 10


def test_core_imports_neither_qt_nor_sqlite():
    code = "import sys; import reader.core; print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6','sqlite3','sqlite_utils','reader')))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    loaded = eval(r.stdout)
    assert not [m for m in loaded if not m.startswith("reader")], loaded
    assert all(m == "reader" or m.startswith("reader.core") for m in loaded), loaded


def test_import_contracts_hold():
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert exe, "import-linter is a test dependency: pip install -e '.[test]'"
    r = subprocess.run([exe, "--no-cache"], capture_output=True, text=True, cwd=REPO)
    assert r.returncode == 0, r.stdout[-3000:] + r.stderr[-2000:]


def test_page_analysis_imports_only_the_core():
    code = "import sys; import reader.pages; print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6','sqlite3','sqlite_utils','reader')))"
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    loaded = eval(r.stdout)
    assert all(m == "reader" or m.startswith(("reader.core", "reader.pages")) for m in loaded), loaded


def test_streaming_text_in_does_not_import_every_format():
    """`reader extract` reads through reader.formats.stream: the format registry (brat, CoNLL,
    Label Studio, ...) is imported on first use of reader.formats.read/write, not at its start."""
    code = (
        "import sys, reader.formats.stream, reader.formats as f; a = 'reader.formats.registry' in sys.modules; "
        "f.read; print(a, 'reader.formats.registry' in sys.modules)"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True)
    assert r.stdout.split() == ["False", "True"]
