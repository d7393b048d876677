"""File formats: import and export of documents with their mentions (Qt-free, SQLite-free).

Use :func:`read` and :func:`write`; :data:`FORMATS` names every format. See ``registry``.
"""

from .registry import FORMATS, Format, ReadResult, WriteReport, guess_format, read, write

__all__ = ["FORMATS", "Format", "ReadResult", "WriteReport", "guess_format", "read", "write"]
