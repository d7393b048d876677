"""Wording of counts for messages: "1 document", "2 documents" (no "document(s)")."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """``n`` and the noun in the right number: ``counted(1, "mention")`` is ``"1 mention"``."""
    return f"{n} {noun if n == 1 else (plural or noun + 's')}"
