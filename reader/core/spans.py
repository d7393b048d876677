"""Span algebra: validation, overlap checks and ordering, all in code-point offsets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Protocol

from reader.core.errors import SpanError


class HasRange(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


def check_range(text: str, start: int, end: int) -> None:
    """Raise :class:`SpanError` unless ``0 <= start < end <= len(text)``."""
    if not (isinstance(start, int) and isinstance(end, int)):
        raise SpanError(f"offsets must be integers, got {start!r}, {end!r}")
    if start < 0 or end > len(text):
        raise SpanError(f"span {start}–{end} lies outside the text (length {len(text)})")
    if start >= end:
        raise SpanError(f"span {start}–{end} is empty or reversed")


def check_label(label: str, known: Iterable[str]) -> None:
    known = set(known)
    if label not in known:
        raise SpanError(f"unknown label {label!r} (known: {', '.join(sorted(known))})")


def sort_key(span: HasRange) -> tuple[int, int]:
    return (span.start, span.end)


def first_overlap(spans: Sequence[HasRange]) -> tuple[HasRange, HasRange] | None:
    """The first pair of overlapping spans (in text order), or None when the layer is flat."""
    ordered = sorted(spans, key=sort_key)
    for a, b in zip(ordered, ordered[1:]):
        if b.start < a.end:
            return a, b
    return None


def trim_whitespace(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink a selection so it neither starts nor ends with whitespace (a mouse selection often does)."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def find_all(text: str, needle: str) -> list[int]:
    """Start offsets of every non-overlapping occurrence of ``needle`` in ``text``."""
    out: list[int] = []
    if not needle:
        return out
    i = text.find(needle)
    while i >= 0:
        out.append(i)
        i = text.find(needle, i + len(needle))
    return out
