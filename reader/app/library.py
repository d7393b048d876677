"""Library: the one object both faces (GUI and CLI) work through.

WAIT: every change to mentions goes through :meth:`Library.apply` (and undo/redo, which call the
same code). It validates the edit against the document in memory, writes it to SQLite in one
transaction, and only then changes memory and tells the listeners what changed. Nothing else
writes mentions, so what is shown is what is stored.

This module holds the library itself: opening, listeners, reading, the chokepoint
(:meth:`Library.apply` / ``_write``), documents, undo/redo and the edit builders. The rest of
:class:`Library` is in the bases it is made of, one module each, all of them editing through the
chokepoint: review status and stats (:mod:`reader.app._review`), entity aliases
(:mod:`reader.app._aliases`), newspaper pages (:mod:`reader.app._pages`), finding entities and
learning (:mod:`reader.app._finding`), labels (:mod:`reader.app._labels`), import and export
(:mod:`reader.app._transfer`). The names they define that callers use are importable from here.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from pathlib import Path

import platformdirs

from reader.app._aliases import AliasesMixin, LabelMismatch
from reader.app._changes import Changes
from reader.app._finding import FindingMixin, FindReport
from reader.app._labels import LabelsMixin
from reader.app._pages import PAGE_ANALYSER, PagesMixin
from reader.app._review import ReviewMixin
from reader.app._transfer import ImportReport, TransferMixin
from reader.app.extraction import ExtractionService
from reader.core import edits
from reader.core.spans import check_label
from reader.core.annotations import AnnotationSet
from reader.core.edits import Edit
from reader.core.errors import (
    LibraryLocked,
    NothingToUndo,
    ReaderError,
    ReadOnlyLibrary,
    SpanError,
)
from reader.core.labels import Label
from reader.core.model import DocId, Document, MentionId, Status
from reader.core.review import Alias, DocStatus, Entity
from reader.extract.lexicon import Lexicon
from reader.pages import PageStructure
from reader.resources import sample_path
from reader.store import DocumentSummary, HistoryEntry, LibraryStore

__all__ = [
    "PAGE_ANALYSER",
    "Changes",
    "FindReport",
    "ImportReport",
    "LabelMismatch",
    "Library",
    "Listener",
    "default_library_path",
]

Listener = Callable[["Changes"], None]


def default_library_path() -> Path:
    """The library the GUI opens when no ``--db`` is given (in the platform's user data folder)."""
    return platformdirs.user_data_path("reader", appauthor=False) / "library.db"


_ID_BLOCK = 256


class Library(ReviewMixin, AliasesMixin, PagesMixin, FindingMixin, LabelsMixin, TransferMixin):
    """A library file opened for work: documents, their mentions, the labels and the history.

    ``extraction`` is the extractor it uses (default: the shipped model, shared by the process)."""

    def __init__(self, store: LibraryStore, extraction: ExtractionService | None = None) -> None:
        self.store = store
        self._extraction = extraction
        self._lexicon: Lexicon | None = None
        self._docs: dict[DocId, Document] = {}
        self._annotations: dict[DocId, AnnotationSet] = {}
        self._listeners: list[Listener] = []
        self._labels = store.labels()
        self._id_next = self._id_end = 0
        self._aliases: dict[Entity, Alias] | None = None
        self._pages: dict[DocId, PageStructure] = {}
        self.read_only_reason = ""
        """Why a library was opened read-only (the holder of the lock...), for the faces to show."""

    # ---- opening -----------------------------------------------------------------------------
    @classmethod
    def open(
        cls,
        path: str | Path | None,
        *,
        create: bool = True,
        write: bool = True,
        program: str | None = None,
        extraction: ExtractionService | None = None,
    ) -> Library:
        """Open (or create, empty) the library at ``path``; ``None`` gives a library in memory.

        ``write=True`` makes this program the library's one writer: if another program holds it,
        :class:`~reader.core.errors.LibraryLocked` names that program. ``write=False`` opens an
        existing library for reading only (no lock, nothing written; changes raise
        :class:`~reader.core.errors.ReadOnlyLibrary`). ``program`` names this program in the lock.
        ``extraction``: the extractor it uses (default: the shipped model).
        """
        return cls(LibraryStore(path, create=create and write, write=write, program=program), extraction)

    @classmethod
    def open_default(
        cls, path: str | Path | None = None, *, read_only_if_busy: bool = False, program: str | None = None
    ) -> Library:
        """The GUI's library: created on first start with the bundled sample page in it.

        With ``read_only_if_busy``, a library held by another program (or a file this user may
        not write) opens read-only instead, with :attr:`read_only_reason` saying why."""
        path = Path(path) if path is not None else default_library_path()
        new = not path.exists()
        try:
            lib = cls.open(path, program=program)
        except (LibraryLocked, ReadOnlyLibrary) as e:
            if not read_only_if_busy or new:
                raise
            lib = cls.open(path, write=False)
            lib.read_only_reason = str(e)
            return lib
        if new and not lib.document_ids():
            try:
                lib.import_files([sample_path()])
            except BaseException:
                # leave no half-made library behind, so the next start seeds it again
                lib.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{path}{suffix}").unlink(missing_ok=True)
                raise
        return lib

    @property
    def read_only(self) -> bool:
        """Opened for reading only: every change raises :class:`ReadOnlyLibrary`."""
        return self.store.read_only

    def _writable(self) -> None:
        if self.store.read_only:
            why = f" ({self.read_only_reason})" if self.read_only_reason else ""
            raise ReadOnlyLibrary(f"{self.path}: opened read-only{why}; nothing was changed")

    @property
    def path(self) -> Path | None:
        return self.store.path

    def close(self) -> None:
        self.store.close()

    # ---- listeners ---------------------------------------------------------------------------
    def subscribe(self, listener: Listener) -> None:
        self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _emit(self, changes: Changes) -> Changes:
        if not changes.extractor:
            self._lexicon = None  # the user's review (or an import) teaches the next extraction
        for listener in list(self._listeners):
            listener(changes)
        return changes

    # ---- reading -----------------------------------------------------------------------------
    @property
    def labels(self) -> list[Label]:
        return list(self._labels)

    @property
    def label_names(self) -> list[str]:
        return [lb.name for lb in self._labels]

    def label(self, name: str) -> Label:
        for lb in self._labels:
            if lb.name == name:
                return lb
        raise SpanError(f"unknown label {name!r}")

    def summaries(self) -> list[DocumentSummary]:
        return self.store.summaries()

    def summary(self, doc_id: DocId) -> DocumentSummary | None:
        """One document's summary; from memory when its mentions are loaded (an edit's update costs
        the same on a long article as on a short one), else from the library file."""
        ann = self._annotations.get(doc_id)
        if ann is None:
            rows = self.store.summaries(doc_id)
            return rows[0] if rows else None
        status = self.store.doc_status(doc_id) if self.store.has_review else DocStatus.NEW
        if status is None:
            return None  # deleted meanwhile
        doc = self.document(doc_id)
        sug, acc, rej = (ann.count(s) for s in (Status.SUGGESTED, Status.ACCEPTED, Status.REJECTED))
        return DocumentSummary(doc_id, doc.title or "", len(doc.text), ann.count(), sug, status, acc + rej, sug + acc + rej)

    def documents_with(self, label: str | None = None, status: str | None = None) -> set[DocId]:
        """Documents holding a mention of ``label`` (with this mention ``status``)."""
        return self.store.docs_with(label, status)

    def document_ids(self) -> list[DocId]:
        return self.store.document_ids()

    def has_document(self, doc_id: DocId) -> bool:
        """Whether the library (still) holds this document."""
        return self.store.has_document(doc_id)

    def document(self, doc_id: DocId) -> Document:
        if doc_id not in self._docs:
            self._docs[doc_id] = self.store.document(doc_id)
        return self._docs[doc_id]

    def annotations(self, doc_id: DocId) -> AnnotationSet:
        """The mentions of a document (read it; change it only through :meth:`apply`)."""
        if doc_id not in self._annotations:
            doc = self.document(doc_id)
            self._annotations[doc_id] = AnnotationSet(doc_id, len(doc.text), self.store.mentions(doc_id))
        return self._annotations[doc_id]

    def search(self, query: str, limit: int = 100) -> list[DocId]:
        """Documents whose title or text contains ``query``, best matches first."""
        return self.store.search(query, limit)

    # ---- the chokepoint ------------------------------------------------------------------------
    def apply(self, edit: Edit, *, also: Callable[[], None] | None = None, review: bool = True) -> Changes:
        """Validate ``edit``, commit it to SQLite with its history entry, then update memory.

        ``also`` runs inside the same transaction (a bookkeeping write that must commit or
        fail together with the edit). With ``review`` (a person's edit, not the extractor's), the
        first edit of a ``new`` document also moves it to ``in_progress``, undone with it."""
        self._writable()
        if edit.empty:
            return Changes(edit.doc_id, description=edit.description, note=edit.note)
        if edit.doc_id is not None:
            current = self.store.doc_status(edit.doc_id)
            if current is None:
                raise ReaderError(f"no document {edit.doc_id} in this library (deleted?); nothing was changed")
            if review and edit.doc_status is None and current is DocStatus.NEW:
                edit = dataclasses.replace(edit, doc_status=(DocStatus.NEW, DocStatus.IN_PROGRESS))
            if edit.doc_status is not None and edit.doc_status[0] is not current:
                raise ReaderError(
                    f"document {edit.doc_id} is {current.value}, not {edit.doc_status[0].value}; nothing was changed"
                )
        return self._write(edit, also=also, done=None)

    def _write(self, edit: Edit, *, also: Callable[[], None] | None = None, done: bool | None) -> Changes:
        """Write ``edit`` (already checked against the document's status) in one transaction:
        a new history entry (``done`` None) or the undo/redo of the entry ``seq``."""
        annotations = self.annotations(edit.doc_id) if edit.doc_id is not None else None
        if annotations is not None:
            annotations.check(edit.removed, edit.added)  # raises SpanError before anything is written
        if edit.aliases_removed or edit.aliases_added:
            self._check_aliases(edit)
        if edit.doc_id is not None:
            self._check_structure(edit, edit.structure_before, "apply" if done is None else ("redo" if done else "undo"))
        text = self.document(edit.doc_id).text if edit.doc_id is not None else ""
        with self.store.transaction():
            if edit.removed or edit.added:
                self.store.write_changes(text, edit.removed, edit.added)
            if edit.changes_structure and edit.doc_id is not None:
                self.store.write_page_structure(edit.doc_id, edit.structure_after)
            if edit.doc_status is not None and edit.doc_id is not None:
                self.store.set_doc_status(edit.doc_id, edit.doc_status[1])
            if edit.aliases_removed or edit.aliases_added:
                self.store.write_aliases(edit.aliases_removed, edit.aliases_added)
            if done is None:
                self.store.record(edit)
            if also is not None:
                also()
        if annotations is not None:
            edit.apply(annotations)
            self._set_page(edit.doc_id, edit.structure_after, edit.changes_structure)  # type: ignore[arg-type]
        if edit.aliases_removed or edit.aliases_added:
            self._aliases = None
        return self._emit(
            Changes(
                edit.doc_id,
                edit.removed,
                edit.added,
                edit.description,
                edit.note,
                documents=edit.doc_id is not None,
                undo=done is False,
                status=edit.doc_status[1] if edit.doc_status else None,
                entities=bool(edit.aliases_removed or edit.aliases_added),
                recorded=True,
                structure=edit.changes_structure,
            )
        )

    def _check_structure(self, edit: Edit, expected: dict | None, verb: str) -> None:
        """A structure edit must start from the structure stored now (else it was made for another)."""
        if not edit.changes_structure:
            return
        stored = self.store.page_structure(edit.doc_id)
        if (stored[0] if stored else None) != expected:
            raise SpanError(f"cannot {verb} “{edit.description}”: the page's structure has changed since")

    def _set_page(self, doc_id: DocId, structure: dict | None, changed: bool) -> None:
        if not changed:
            return
        if structure is None:
            self._pages.pop(doc_id, None)
        else:
            self._pages[doc_id] = PageStructure.from_store(structure)

    # ---- documents ---------------------------------------------------------------------------
    def rename_document(self, doc_id: DocId, title: str) -> Changes:
        """Give a document a new title (searchable at once)."""
        self._writable()
        if not isinstance(title, str) or not title.strip():
            raise ReaderError("a document title cannot be empty")
        title = " ".join(title.split())
        self.store.rename_document(doc_id, title)
        self._docs.pop(doc_id, None)
        return self._emit(Changes(description=f"Rename document {doc_id}", documents=True))

    def delete_documents(self, doc_ids: Sequence[DocId]) -> Changes:
        """Delete documents, their mentions and their edits in the history, in one transaction.

        This is not an edit and cannot be undone (the GUI asks first). Unknown ids are an error and
        delete nothing."""
        self._writable()
        ids = list(dict.fromkeys(DocId(i) for i in doc_ids))
        missing = [i for i in ids if not self.store.has_document(i)]
        if missing:
            raise ReaderError(f"no document {', '.join(map(str, missing))} in this library")
        if not ids:
            return Changes()
        removed = self.store.delete_documents(ids)
        for i in ids:
            self._docs.pop(i, None)
            self._annotations.pop(i, None)
            self._pages.pop(i, None)
        what = f"{len(ids)} document{'s' if len(ids) != 1 else ''}"
        return self._emit(
            Changes(description=f"Deleted {what} and {removed} mention{'s' if removed != 1 else ''}", documents=True, deleted=tuple(ids))
        )

    def can_undo(self) -> bool:
        return self.store.last_done_description() is not None

    def can_redo(self) -> bool:
        return self.store.first_undone_description() is not None

    def undo_description(self) -> str:
        return self.store.last_done_description() or ""

    def redo_description(self) -> str:
        return self.store.first_undone_description() or ""

    def history(self) -> list[HistoryEntry]:
        """Every recorded edit, oldest first (``done`` False: the redo branch)."""
        return self.store.history()

    def undo(self) -> Changes:
        """Revert the last edit (persisted: the history survives a restart)."""
        entry = self.store.last_done()
        if entry is None:
            raise NothingToUndo("nothing to undo")
        return self._step(entry.seq, entry.edit.inverse(), done=False)

    def redo(self) -> Changes:
        entry = self.store.first_undone()
        if entry is None:
            raise NothingToUndo("nothing to redo")
        return self._step(entry.seq, entry.edit, done=True)

    def _step(self, seq: int, edit: Edit, *, done: bool) -> Changes:
        self._writable()
        if edit.doc_id is not None:
            annotations = self.annotations(edit.doc_id)
            edit = edits.replayable(annotations, edit)  # the extractor may have changed its suggestions since
        try:
            if edit.doc_id is not None and edit.doc_status is not None:
                current = self.store.doc_status(edit.doc_id)
                if current is not edit.doc_status[0]:
                    raise ReaderError(f"the document is {current}, not {edit.doc_status[0]}")
            return self._write(edit, also=lambda: self.store.set_done(seq, done), done=done)
        except (SpanError, ReaderError) as e:
            if type(e) not in (SpanError, ReaderError):
                raise
            if str(e).startswith("cannot "):
                raise
            raise type(e)(f"cannot {'redo' if done else 'undo'} “{edit.description}”: {e}") from e

    # ---- edits (built here, applied by the caller through apply / the GUI's undo stack) -------
    def _new_id(self) -> MentionId:
        """A fresh mention id. Ids are reserved in the file in blocks (one write per block, not
        one per mention); an id reserved and not used is simply skipped, never reused."""
        if self._id_next >= self._id_end:
            self._id_next = self.store.allocate_ids(_ID_BLOCK)
            self._id_end = self._id_next + _ID_BLOCK
        self._id_next += 1
        return MentionId(self._id_next - 1)

    def edit_tag(self, doc_id: DocId, start: int, end: int, label: str) -> Edit:
        return edits.add_mention(
            self.annotations(doc_id), self.document(doc_id).text, start, end, label, self._new_id, labels=self.label_names
        )

    def edit_delete(self, doc_id: DocId, ids: Sequence[MentionId]) -> Edit:
        return edits.delete_mentions(self.annotations(doc_id), self.document(doc_id).text, ids)

    def edit_accept(self, doc_id: DocId, ids: Sequence[MentionId]) -> Edit:
        return edits.set_status(self.annotations(doc_id), self.document(doc_id).text, ids, Status.ACCEPTED)

    def edit_reject(self, doc_id: DocId, ids: Sequence[MentionId]) -> Edit:
        return edits.set_status(self.annotations(doc_id), self.document(doc_id).text, ids, Status.REJECTED)

    def edit_accept_all(self, doc_id: DocId) -> Edit:
        return edits.accept_all(self.annotations(doc_id), self.document(doc_id).text)

    def edit_relabel(self, doc_id: DocId, mention_id: MentionId, label: str) -> Edit:
        return edits.relabel(
            self.annotations(doc_id), self.document(doc_id).text, mention_id, label, labels=self.label_names
        )

    def edit_resize(self, doc_id: DocId, mention_id: MentionId, start: int, end: int) -> Edit:
        return edits.resize(self.annotations(doc_id), self.document(doc_id).text, mention_id, start, end)

    def edit_nudge(self, doc_id: DocId, mention_id: MentionId, edge: str, delta: int) -> Edit:
        """Move the mention's start or end by one character (a resize edit, undoable)."""
        return edits.nudge(self.annotations(doc_id), self.document(doc_id).text, mention_id, edge, delta)

    def edit_tag_all(self, doc_id: DocId, surface: str, label: str, only: Sequence[int] | None = None) -> Edit:
        """Tag the occurrences of ``surface`` as ``label`` in one edit: all of them, or those
        starting at the offsets in ``only`` (the ones the user accepted, see :meth:`tag_all_matches`)."""
        return edits.tag_all(
            self.annotations(doc_id), self.document(doc_id).text, surface, label, self._new_id,
            labels=self.label_names, only=only,
        )

    def tag_all_matches(self, doc_id: DocId, surface: str, label: str) -> list[edits.TagMatch]:
        """The occurrences *Tag all* would touch, each with the accepted mention in its way (if any)."""
        check_label(label, self.label_names)
        return edits.tag_all_matches(self.annotations(doc_id), self.document(doc_id).text, surface, label)
