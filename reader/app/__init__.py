"""The application layer: every operation of reader, called the same way by the GUI and the CLI."""

from reader.app.library import Changes, LabelMismatch, Library, default_library_path
from reader.app.tasks import Task

__all__ = ["Changes", "LabelMismatch", "Library", "Task", "default_library_path"]
