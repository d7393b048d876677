"""The domain of reader, with no Qt and no SQL.

Glossary (use these words, and only these, for these things):

- **Document**: a text in the library. Its text never changes after import, so offsets never drift.
- **Mention**: a labelled span ``[start, end)`` of one document, in Python code points.
- **Label**: a mention's type (PER, ORG, LOC, DATE, MONEY, PERCENT, QUANTITY, or a user's own).
- **Entity**: the mentions of one document that share label and text, listed once in the side panel
  (grouped, and kept up to date edit by edit, by :mod:`reader.core.entities`).
- **Suggestion**: a mention proposed by the extractor (status ``suggested``), drawn underlined
  until a person accepts or rejects it.
- **Edit**: one undoable change to the mentions of one document, as data (removed, added).
"""

from reader.core.annotations import AnnotationSet
from reader.core.edits import Edit
from reader.core.errors import (
    Cancelled,
    ExtractorUnavailable,
    InputError,
    InputErrors,
    NothingToUndo,
    ReaderError,
    SpanError,
    StorageError,
    UnknownLabels,
)
from reader.core.labels import DEFAULT_LABEL_NAMES, DEFAULT_LABELS, Label
from reader.core.model import (
    DocId,
    Document,
    DocumentRecord,
    Mention,
    MentionId,
    MentionRecord,
    Origin,
    Span,
    Status,
    text_sha256,
)

__all__ = [
    "DEFAULT_LABELS",
    "DEFAULT_LABEL_NAMES",
    "AnnotationSet",
    "Cancelled",
    "DocId",
    "Document",
    "DocumentRecord",
    "Edit",
    "ExtractorUnavailable",
    "InputError",
    "InputErrors",
    "Label",
    "Mention",
    "MentionId",
    "MentionRecord",
    "NothingToUndo",
    "Origin",
    "ReaderError",
    "Span",
    "SpanError",
    "Status",
    "StorageError",
    "UnknownLabels",
    "text_sha256",
]
