"""Storage: the library file (SQLite through sqlite-utils). The only package that speaks SQL."""

from reader.store.library_db import SCHEMA_VERSION, DocumentSummary, HistoryEntry, LibraryStore

__all__ = ["SCHEMA_VERSION", "DocumentSummary", "HistoryEntry", "LibraryStore"]
