"""The ONE place that converts Python code-point offsets to QTextDocument positions and back.

QTextDocument positions count UTF-16 code units (a character above U+FFFF, such as 𠮷 or an
emoji, takes two) and ``setPlainText`` turns each ``\\r\\n`` into a single block separator (a
lone ``\\r`` or ``\\n`` stays one). Python indices count code points with ``\\r\\n`` as two.
The two errors go in opposite directions and can cancel out, so every conversion in the GUI goes
through :class:`OffsetMap`, built once per document.

The map stores only the places where the difference between the two counts changes (one per
astral character and one per CRLF), so building it is one regex pass and each lookup is a
binary search; a text with neither (most Chinese news) maps by identity.
"""

from __future__ import annotations

import bisect
import re

_SPECIAL = re.compile("[\U00010000-\U0010ffff]|\r\n")


class OffsetMap:
    """Converts offsets for one text, as shown by ``QTextDocument.setPlainText(text)``."""

    __slots__ = ("_cp_steps", "_qt_steps", "_deltas", "length", "qt_length")

    def __init__(self, text: str) -> None:
        cp_steps: list[int] = []  # from this code point on ...
        deltas: list[int] = []  # ... qt = cp + delta
        delta = 0
        for m in _SPECIAL.finditer(text):
            if m.group() == "\r\n":
                delta -= 1  # two code points, one block separator
            else:
                delta += 1  # one code point, two UTF-16 units
            cp_steps.append(m.end())
            deltas.append(delta)
        self._cp_steps = cp_steps
        self._deltas = deltas
        self._qt_steps = [c + d for c, d in zip(cp_steps, deltas)]
        self.length = len(text)
        self.qt_length = len(text) + delta

    @property
    def identity(self) -> bool:
        return not self._cp_steps

    def to_qt(self, cp: int) -> int:
        """Qt position of code-point offset ``cp`` (0 ≤ cp ≤ len(text))."""
        i = bisect.bisect_right(self._cp_steps, cp) - 1
        return cp + (self._deltas[i] if i >= 0 else 0)

    def to_py(self, pos: int) -> int:
        """Code-point offset of Qt position ``pos``.

        A position inside a surrogate pair (Qt never puts a cursor there) gives the code point
        after the character.
        """
        i = bisect.bisect_right(self._qt_steps, pos) - 1
        if i >= 0:
            return pos - self._deltas[i]
        return pos if not self._cp_steps else min(pos, self._cp_steps[0])

    def span_to_qt(self, start: int, end: int) -> tuple[int, int]:
        return self.to_qt(start), self.to_qt(end)

    def span_to_py(self, start: int, end: int) -> tuple[int, int]:
        return self.to_py(start), self.to_py(end)
