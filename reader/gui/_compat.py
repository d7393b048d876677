"""Work-arounds for bugs of the Qt binding, applied when ``reader.gui`` is imported.

PySide6 6.12.0 on CPython 3.11: every call of a C++ method that returns ``void``
(``QTextCursor.setPosition``, ``QPoint.setX``, ``QObject.setObjectName``...) gives back ``None``
without taking the reference it hands over, so ``None``'s reference count drops by one per
call. A fresh interpreter starts with a few thousand references, so after a few thousand such
calls Python aborts with ``Fatal Python error: none_dealloc: deallocating None`` (reproduce:
``for _ in range(10000): QPoint().setX(1)``). Python 3.12 made ``None`` immortal (PEP 683),
which hides the bug there. On older Pythons we do the same by hand: give ``None`` so many
references that no session can use them up. ``None`` is never freed anyway.
"""

from __future__ import annotations

import sys

NONE_PIN = 1 << 48


def pin_none() -> bool:
    """Make ``None`` practically immortal on CPython < 3.12; True when it did something."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    if not _affected_binding():  # pyproject excludes 6.12.0; this guards a hand-installed one
        return False
    import ctypes

    if sys.getrefcount(None) >= NONE_PIN:
        return False
    # ob_refcnt is the first field of every CPython object (PyObject_HEAD).
    ctypes.c_ssize_t.from_address(id(None)).value += NONE_PIN
    return True


def _affected_binding() -> bool:
    from importlib import metadata

    for dist in ("PySide6-Essentials", "PySide6"):
        try:
            return metadata.version(dist) == "6.12.0"
        except metadata.PackageNotFoundError:
            continue
    return False
