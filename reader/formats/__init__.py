"""File formats: import and export of documents with their mentions (Qt-free, SQLite-free).

Use :func:`read` and :func:`write`; :data:`FORMATS` names every format. See ``registry``.

The registry (every format's module) is imported on first use of these names, so that a command
that only streams text in (``reader extract`` reads through ``reader.formats.stream``) does not
pay for importing every format at its start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from .registry import FORMATS, Format, ReadResult, WriteReport, guess_format, read, write

__all__ = ["FORMATS", "Format", "ReadResult", "WriteReport", "guess_format", "read", "write"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import registry

        return getattr(registry, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
