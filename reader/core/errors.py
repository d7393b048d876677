"""Errors. One root, :class:`ReaderError`; every message names what was wrong and where."""

from __future__ import annotations

from pathlib import Path


class ReaderError(Exception):
    """Root of every error reader raises on purpose. Faces show ``str(error)`` to the user."""


class InputError(ReaderError):
    """Bad input: a file that cannot be read, decoded or parsed.

    ``str()`` gives ``FILE:LINE: message`` (``FILE: message`` without a line), the form
    compilers use, so that a terminal or an editor can jump to it.
    """

    def __init__(self, path: str | Path | None, message: str, line: int | None = None) -> None:
        self.path = str(path) if path is not None else None
        self.line = line
        self.message = message
        where = self.path or "<input>"
        if line is not None:
            where = f"{where}:{line}"
        super().__init__(f"{where}: {message}")


class InputErrors(ReaderError):
    """Several :class:`InputError` found in one pass (an import reports them all, not just the first)."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = list(errors)
        shown = "\n".join(str(e) for e in self.errors[:20])
        more = f"\n... and {len(self.errors) - 20} more" if len(self.errors) > 20 else ""
        super().__init__(shown + more)


class SpanError(ReaderError):
    """A mention that cannot exist: outside the text, empty, overlapping, or of an unknown label."""


class StorageError(ReaderError):
    """The library file cannot be used: not a library, from a newer version, locked, or unwritable."""


class NothingToUndo(ReaderError):
    """Undo or redo asked for with an empty history."""


class Cancelled(ReaderError):
    """Long work stopped because the user asked for it."""


class LibraryLocked(StorageError):
    """Another program holds the library for writing (one writer at a time)."""

    def __init__(self, path: str | Path, holder: str) -> None:
        self.path = str(path)
        self.holder = holder
        super().__init__(f"{path}: the library is open for writing in {holder}; close it there and try again")


class ReadOnlyLibrary(StorageError):
    """A change was asked of a library opened for reading only."""


class ExtractorUnavailable(ReaderError):
    """The entity extractor cannot be used: its model files are missing or cannot be read.

    The one error both faces react to when entities cannot be found (the GUI says so once and
    keeps working; the CLI prints it and exits 1)."""


class UnknownLabels(InputErrors):
    """An import refused only because its mentions use labels the library does not have.

    ``names`` lists those labels (in order of appearance), so a face can offer to add them."""

    def __init__(self, names: list[str], errors: list[InputError]) -> None:
        self.names = list(names)
        super().__init__(errors)
