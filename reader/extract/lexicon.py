"""A user lexicon: surfaces that are always tagged with a label, and surfaces that are never tagged.

Stored as a small JSON file::

    {"version": 1, "always": {"蓝箭航天": "ORG"}, "never": ["管委会"]}

or as TSV, one entry a line, ``surface<TAB>LABEL`` (``surface<TAB>NEVER`` or ``surface<TAB>-``
for a never entry; ``#`` starts a comment line). The format follows the file's suffix
(``.json``, else TSV).

:meth:`Lexicon.find` tags every occurrence of an "always" surface, longest match first, scanning
left to right (the lengths of the entries keyed by their first two characters, longest first; a
pattern of the first and second characters skips to the next place a surface may start).
"never" surfaces are applied by the merger: a predicted span whose text is a never surface is
dropped.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from reader.core.errors import InputError
from reader.core.model import Origin, Span

__all__ = ["NEVER", "Lexicon"]

NEVER = "NEVER"
"""The pseudo-label of a never entry in TSV files and in :meth:`Lexicon.items`."""


class Lexicon:
    """Surface -> label (always tag) and a set of surfaces never to tag."""

    def __init__(self, always: dict[str, str] | None = None, never: set[str] | list[str] | None = None) -> None:
        self._always: dict[str, str] = {}
        self._never: set[str] = set()
        self._not: set[tuple[str, str]] = set()
        self._index: tuple[dict[str, list[int]], re.Pattern[str], bool] | None = None
        for surface, label in (always or {}).items():
            self.add(surface, label)
        for surface in never or ():
            self.add_never(surface)

    # -- editing ---------------------------------------------------------------------------------

    def add(self, surface: str, label: str) -> None:
        """Always tag ``surface`` with ``label`` (replaces a never entry for it)."""
        surface = _clean(surface)
        label = label.strip()
        if not label or label.upper() in (NEVER, "-"):
            self.add_never(surface)
            return
        self._never.discard(surface)
        self._always[surface] = label
        self._index = None

    def add_never(self, surface: str) -> None:
        """Never tag ``surface`` (replaces an always entry for it)."""
        surface = _clean(surface)
        self._always.pop(surface, None)
        self._never.add(surface)
        self._index = None

    def suppress(self, surface: str, label: str) -> None:
        """Never tag ``surface`` as ``label`` (other labels stay possible): what a user rejected."""
        self._not.add((_clean(surface), label.strip()))

    def remove(self, surface: str) -> None:
        """Forget ``surface`` (either kind, and its suppressions); no error if absent."""
        self._always.pop(surface, None)
        self._never.discard(surface)
        self._not = {k for k in self._not if k[0] != surface}
        self._index = None

    # -- queries ---------------------------------------------------------------------------------

    def label_of(self, surface: str) -> str | None:
        return self._always.get(surface)

    def is_never(self, surface: str) -> bool:
        return surface in self._never

    def is_suppressed(self, surface: str, label: str) -> bool:
        return surface in self._never or (surface, label) in self._not

    @property
    def suppressed(self) -> frozenset[tuple[str, str]]:
        """(surface, label) pairs never to tag (see :meth:`suppress`)."""
        return frozenset(self._not)

    @property
    def always(self) -> dict[str, str]:
        return dict(self._always)

    @property
    def never(self) -> frozenset[str]:
        return frozenset(self._never)

    def items(self) -> Iterator[tuple[str, str]]:
        """(surface, label or NEVER), sorted by surface."""
        entries = [(s, lab) for s, lab in self._always.items()] + [(s, NEVER) for s in self._never]
        return iter(sorted(entries))

    def __len__(self) -> int:
        return len(self._always) + len(self._never) + len(self._not)

    def __contains__(self, surface: object) -> bool:
        return surface in self._always or surface in self._never

    def __bool__(self) -> bool:
        return bool(self._always or self._never or self._not)

    def __eq__(self, other: object) -> bool:
        return (
            isinstance(other, Lexicon)
            and self._always == other._always
            and self._never == other._never
            and self._not == other._not
        )

    def __repr__(self) -> str:
        return f"Lexicon({len(self._always)} always, {len(self._never)} never, {len(self._not)} suppressed)"

    # -- matching --------------------------------------------------------------------------------

    def _build(self) -> tuple[dict[str, list[int]], re.Pattern[str], bool]:
        """The lengths of the surfaces by their first two characters (one character for a
        one-character surface), longest first, a pattern that finds the next position where a
        surface may start, and whether any surface is one character long."""
        lengths: dict[str, set[int]] = {}
        for surface in self._always:
            lengths.setdefault(surface[:2], set()).add(len(surface))
        by_start = {k: sorted(ls, reverse=True) for k, ls in lengths.items()}
        # a position where a surface may start: a first character followed by a second one, or a
        # one-character surface
        alts = []
        longer = [k for k in by_start if len(k) == 2]
        if longer:
            alts.append(_char_class(k[0] for k in longer) + "(?=" + _char_class(k[1] for k in longer) + ")")
        single = [k for k in by_start if len(k) == 1]
        if single:
            alts.append(_char_class(single))
        starts = re.compile("|".join(alts) if alts else "(?!)")
        self._index = (by_start, starts, bool(single))
        return self._index

    def find(self, text: str) -> list[Span]:
        """Every occurrence of an always surface: leftmost, then longest; never overlapping."""
        by_start, starts, singles = self._index if self._index is not None else self._build()
        if not by_start:
            return []
        out: list[Span] = []
        always = self._always
        search = starts.search
        get = by_start.get
        i, n = 0, len(text)
        while (m := search(text, i)) is not None:
            i = m.start()
            # surfaces of two or more characters start with text[i:i+2], one-character ones are text[i]
            lengths = get(text[i : i + 2])
            length = _first_found(always, text, i, n, lengths) if lengths else 0
            if length == 0 and singles and (lengths := get(text[i])):
                length = _first_found(always, text, i, n, lengths)
            if length:
                out.append(Span(i, i + length, always[text[i : i + length]], Origin.LEXICON))
                i += length
            else:
                i += 1
        return out

    # -- files -----------------------------------------------------------------------------------

    @classmethod
    def load(cls, path: str | Path) -> Lexicon:
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(path, f"cannot read the lexicon: {e}") from e
        lex = cls()
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(raw)
            except json.JSONDecodeError as e:
                raise InputError(path, f"not valid JSON: {e.msg}", e.lineno) from e
            if not isinstance(data, dict):
                raise InputError(path, 'a lexicon is a JSON object {"always": {...}, "never": [...]}')
            always = data.get("always", {})
            never = data.get("never", [])
            if not isinstance(always, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in always.items()):
                raise InputError(path, '"always" must map surfaces to label names')
            if not isinstance(never, list) or not all(isinstance(s, str) for s in never):
                raise InputError(path, '"never" must be a list of surfaces')
            for s, lab in always.items():
                if s.strip():
                    lex.add(s, lab)
            for s in never:
                if s.strip():
                    lex.add_never(s)
            return lex
        for lineno, line in enumerate(raw.splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            surface, sep, label = line.rpartition("\t")
            if not sep or not surface.strip():
                raise InputError(path, "expected surface<TAB>LABEL (or surface<TAB>NEVER)", lineno)
            lex.add(surface, label)
        return lex

    def save(self, path: str | Path) -> None:
        path = Path(path)
        if path.suffix.lower() == ".json":
            data = {"version": 1, "always": dict(sorted(self._always.items())), "never": sorted(self._never)}
            body = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        else:
            body = "".join(f"{s}\t{lab}\n" for s, lab in self.items())
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(body, encoding="utf-8")
        tmp.replace(path)


def _first_found(always: dict[str, str], text: str, i: int, n: int, lengths: Iterable[int]) -> int:
    """The first of ``lengths`` (longest first) that makes an always surface at ``i``; 0: none."""
    for length in lengths:
        if i + length <= n and text[i : i + length] in always:
            return length
    return 0


def _char_class(chars) -> str:
    return "[" + "".join(map(re.escape, sorted(set(chars)))) + "]"


def _clean(surface: str) -> str:
    s = surface.strip()
    if not s:
        raise ValueError("a lexicon surface cannot be empty")
    if "\t" in s or "\n" in s or "\r" in s:
        raise ValueError(f"a lexicon surface cannot hold a tab or a line break: {surface!r}")
    return s
