"""Changes: what one operation of the :class:`~reader.app.library.Library` changed, handed to its
listeners so that each view decides whether to refresh."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.model import DocId, Mention
from reader.core.review import DocStatus


@dataclass(frozen=True, slots=True)
class Changes:
    """What an operation changed, so that each view decides whether to refresh."""

    doc_id: DocId | None = None
    removed: tuple[Mention, ...] = ()
    added: tuple[Mention, ...] = ()
    description: str = ""
    note: str = ""
    documents: bool = False
    """The list of documents (or their counts) changed."""
    undo: bool = False
    """True when this change undid an edit."""
    labels: bool = False
    """The label set (names, colours, keys) changed."""
    deleted: tuple[DocId, ...] = ()
    """Documents that no longer exist (their history entries went with them)."""
    extractor: bool = False
    """The extractor's suggestions changed: not a user edit, not in the undo history."""
    structure: bool = False
    """The structure of the page ``doc_id`` (its articles, blocks, joins) changed."""
    status: DocStatus | None = None
    """The document's review status after this change, when the change set it."""
    entities: bool = False
    """The entity aliases changed."""
    recorded: bool = False
    """An entry was written to the history (something changed and can be undone)."""
