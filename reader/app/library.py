"""Library: the one object both faces (GUI and CLI) work through.

WAIT: every change to mentions goes through :meth:`Library.apply` (and undo/redo, which call the
same code). It validates the edit against the document in memory, writes it to SQLite in one
transaction, and only then changes memory and tells the listeners what changed. Nothing else
writes mentions, so what is shown is what is stored.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from reader.app.extraction import ExtractionService, lexicon_from_review
from reader.app.tasks import Task
from reader.core import edits
from reader.core.spans import check_label
from reader.core.annotations import AnnotationSet
from reader.core.edits import Edit
from reader.core.errors import (
    InputError,
    InputErrors,
    LibraryLocked,
    NothingToUndo,
    ReaderError,
    ReadOnlyLibrary,
    SpanError,
    UnknownLabels,
)
from reader.formats.common import ProblemList, ReadResult, TooManyProblems
from reader.core.labels import Label, palette_color
from reader.core.model import (
    DocId,
    Document,
    DocumentRecord,
    Mention,
    MentionId,
    MentionRecord,
    Span,
    Status,
    text_sha256,
)
from reader.core.review import (
    KWIC_WIDTH,
    SHORT_NAME,
    Alias,
    AliasProposal,
    DocStatus,
    Entity,
    KwicLine,
    entity_id,
    kwic,
)
from reader.core.words import counted
from reader.extract.lexicon import Lexicon
from reader.pages import PageStructure, analyse_page
from reader.pages import corrections as page_corrections
from reader.resources import sample_path
from reader.store import DocumentSummary, HistoryEntry, LibraryStore

Listener = Callable[["Changes"], None]


def default_library_path() -> Path:
    """The library the GUI opens when no ``--db`` is given (in the platform's user data folder)."""
    return platformdirs.user_data_path("reader", appauthor=False) / "library.db"


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


@dataclass(slots=True)
class ImportReport:
    added: list[DocId] = field(default_factory=list)
    duplicates: list[tuple[str, DocId]] = field(default_factory=list)
    """(title, id of the document already holding that text)."""
    errors: list[InputError] = field(default_factory=list)
    """Problems skipped with ``skip_bad``."""
    warnings: list[InputError] = field(default_factory=list)
    """Things the format left out on purpose (a discontinuous brat span, a rejected Prodigy task)."""
    mentions: int = 0
    cancelled: bool = False

    def summary(self) -> str:
        parts = [f"{counted(len(self.added), 'document')} imported with {counted(self.mentions, 'mention')}"]
        if self.duplicates:
            parts.append(f"{len(self.duplicates)} already in the library, skipped")
        if self.errors:
            parts.append(f"{counted(len(self.errors), 'bad record')} skipped")
        if self.cancelled:
            parts.append("cancelled: only whole documents were kept")
        return "; ".join(parts)


_ID_BLOCK = 256
PAGE_ANALYSER = "pages-1"
"""Names the page analysis that made a stored structure (kept with it in the library)."""


@dataclass(slots=True)
class FindReport:
    """What :meth:`Library.find_entities` did."""

    documents: list[DocId] = field(default_factory=list)
    suggested: int = 0
    """Suggestions the documents hold now (new and kept)."""
    added: int = 0
    removed: int = 0
    """Unreviewed suggestions withdrawn (the new run did not find them)."""
    cancelled: bool = False

    def summary(self) -> str:
        n = len(self.documents)
        parts = [
            f"{n} document{'s' if n != 1 else ''}: {self.suggested} suggestion{'s' if self.suggested != 1 else ''}"
            f" ({self.added} new, {self.removed} withdrawn)"
        ]
        if self.cancelled:
            parts.append("cancelled: the other documents were not changed")
        return "; ".join(parts)


class Library:
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

    # ---- review status -------------------------------------------------------------------------
    def document_status(self, doc_id: DocId) -> DocStatus:
        status = self.store.doc_status(doc_id)
        if status is None:
            raise ReaderError(f"no document {doc_id} in this library")
        return status

    def edit_document_status(self, doc_id: DocId, status: DocStatus | str) -> Edit:
        """The edit that sets a document's review status (an edit like any other: undone as data).
        A document that does not exist (deleted meanwhile) is refused, naming it."""
        status = DocStatus.parse(status) if isinstance(status, str) else status
        current = self.store.doc_status(doc_id)
        if current is None:
            raise ReaderError(f"no document {doc_id} in this library (deleted?); its status was not changed")
        title = self.document(doc_id).title or f"document {doc_id}"
        short = title if len(title) <= 20 else title[:19] + "…"
        verb = {DocStatus.DONE: "Mark 「{}」 done", DocStatus.IN_PROGRESS: "Mark 「{}」 in progress", DocStatus.NEW: "Mark 「{}」 new"}
        return Edit(doc_id, verb[status].format(short), doc_status=(current, status))

    def set_document_status(self, doc_id: DocId, status: DocStatus | str) -> Changes:
        """Set a document's review status (undoable; nothing happens if it already has it)."""
        return self.apply(self.edit_document_status(doc_id, status), review=False)

    def status_counts(self) -> dict[str, int]:
        """Documents by review status: ``{"new": n, "in_progress": n, "done": n}``."""
        return {s.value: n for s, n in self.store.status_counts().items()}

    def progress(self) -> dict[str, int]:
        """The library's progress: documents (all, done) and mentions (all, reviewed)."""
        counts = self.store.status_counts()
        total = reviewed = 0
        for c in self.store.label_status_counts().values():
            total += sum(c.values())
            reviewed += c["accepted"] + c["rejected"]
        return {
            "documents": sum(counts.values()),
            "done": counts[DocStatus.DONE],
            "mentions": total,
            "reviewed": reviewed,
        }

    def next_to_review(self, after: DocId | None = None) -> DocId | None:
        """The next document not yet done after ``after`` (in list order, wrapping round to the
        start); ``None`` when every document is done."""
        todo = [i for i, s in self.store.doc_statuses().items() if s is not DocStatus.DONE]
        if not todo:
            return None
        if after is not None:
            later = [i for i in todo if i > after]
            if later:
                return later[0]
        return todo[0]

    def review_timeline(self) -> list[tuple[str, int, int]]:
        """Reviewed over time: per UTC day, the mentions a person changed and the documents marked done."""
        return self.store.review_timeline()

    def stats(self, top: int = 10) -> dict:
        """What ``reader stats --json`` prints: documents by status, mentions per label by status,
        and per label the ``top`` entities by live mentions (aliases counted with their
        canonical entity, under its label)::

            {"documents": {"new": n, "in_progress": n, "done": n},
             "labels": {"PER": {"accepted": n, "suggested": n, "rejected": n}, ...},
             "top": {"PER": [["王延斌", 3], ...], ...}}
        """
        return {
            "documents": self.status_counts(),
            "labels": self.store.label_status_counts(),
            "top": self.top_entities(top),
        }

    def top_entities(self, n: int = 10, doc_id: DocId | None = None) -> dict[str, list[list]]:
        """Per label, the ``n`` entities with most live mentions, as ``[surface, count]`` (canonical
        surfaces; ties by surface)."""
        counts: dict[Entity, int] = {}
        for label, surface, c in self.store.surface_counts(doc_id):
            key = self.canonical(label, surface)
            counts[key] = counts.get(key, 0) + c
        out: dict[str, list[list]] = {}
        for (label, surface), c in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0][1])):
            rows = out.setdefault(label, [])
            if len(rows) < n:
                rows.append([surface, c])
        order = {name: i for i, name in enumerate(self.label_names)}
        return dict(sorted(out.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    # ---- entity aliases ----------------------------------------------------------------------
    def _alias_map(self) -> dict[Entity, Alias]:
        if self._aliases is None:
            self._aliases = {a.entity: a for a in self.store.aliases()}
        return self._aliases

    def aliases(self) -> list[Alias]:
        """Every alias, grouped by canonical entity."""
        return self.store.aliases()

    def canonical(self, label: str, surface: str) -> Entity:
        """The canonical entity of ``(label, surface)`` (itself when it is no one's alias)."""
        a = self._alias_map().get((label, surface))
        return a.canonical if a else (label, surface)

    def entity_id(self, label: str, surface: str) -> str:
        """The id exports write for a mention with this label and surface (``ORG:新华社``)."""
        return entity_id(*self.canonical(label, surface))

    def entity_members(self, label: str, surface: str) -> list[Entity]:
        """The canonical entity of ``(label, surface)`` first, then all its aliases."""
        c = self.canonical(label, surface)
        return [c, *sorted(a.entity for a in self._alias_map().values() if a.canonical == c)]

    def edit_merge_entities(
        self, target: Entity, others: Sequence[Entity], *, allow_relabel: bool = False
    ) -> Edit:
        """The edit that makes ``others`` (and their own aliases) aliases of ``target``'s canonical
        entity. Entities of another label are refused unless ``allow_relabel`` (the faces ask the
        user first)."""
        aliases = self._alias_map()
        tc = self.canonical(*target)
        for label, surface in [target, *others]:
            if not isinstance(label, str) or not isinstance(surface, str) or not label or not surface.strip():
                raise ReaderError("an entity is a label and a non-empty surface")
        mismatch = [o for o in others if self.canonical(*o)[0] != tc[0]]
        if mismatch and not allow_relabel:
            names = ", ".join(f"{lb} 「{sf}」" for lb, sf in mismatch)
            raise LabelMismatch(f"{names}: not labelled {tc[0]} like 「{tc[1]}」; merge anyway only if they are one entity")
        removed: dict[Entity, Alias] = {}
        added: dict[Entity, Alias] = {}
        for other in others:
            oc = self.canonical(*other)
            if oc == tc:
                continue
            members = [oc, *(a.entity for a in aliases.values() if a.canonical == oc)]
            for m in members:
                if m in aliases:
                    removed[m] = aliases[m]
                added[m] = Alias(m[0], m[1], tc[0], tc[1])
        names = "、".join(sorted({a.surface for a in added.values()}))
        return Edit(
            None,
            f"Merge 「{names}」 into 「{tc[1]}」" if added else "Merge",
            aliases_removed=tuple(removed.values()),
            aliases_added=tuple(added.values()),
        )

    def merge_entities(self, target: Entity, others: Sequence[Entity], *, allow_relabel: bool = False) -> Changes:
        """Merge entities into one (undoable); see :meth:`edit_merge_entities`."""
        return self.apply(self.edit_merge_entities(target, others, allow_relabel=allow_relabel))

    def edit_split_entity(self, label: str, surface: str) -> Edit:
        """The edit that makes an alias its own entity again; for a canonical entity, every one
        of its aliases."""
        aliases = self._alias_map()
        if (label, surface) in aliases:
            removed = (aliases[(label, surface)],)
        else:
            removed = tuple(a for a in aliases.values() if a.canonical == (label, surface))
        if not removed:
            raise ReaderError(f"{label} 「{surface}」 has no aliases and is no one's alias: nothing to split")
        names = "、".join(a.surface for a in removed)
        return Edit(None, f"Split 「{names}」 from 「{removed[0].canonical_surface}」", aliases_removed=removed)

    def split_entity(self, label: str, surface: str) -> Changes:
        return self.apply(self.edit_split_entity(label, surface))

    def _check_aliases(self, edit: Edit) -> None:
        aliases = dict(self._alias_map())
        for a in edit.aliases_removed:
            if aliases.get(a.entity) != a:
                raise ReaderError(f"{a.label} 「{a.surface}」 is not an alias of 「{a.canonical_surface}」 any more")
            del aliases[a.entity]
        for a in edit.aliases_added:
            if a.entity in aliases:
                raise ReaderError(f"{a.label} 「{a.surface}」 is already an alias of 「{aliases[a.entity].canonical_surface}」")
            if a.entity == a.canonical:
                raise ReaderError(f"{a.label} 「{a.surface}」 cannot be its own alias")
            aliases[a.entity] = a
        if any(a.canonical in aliases for a in aliases.values()):
            raise ReaderError("an alias cannot point to another alias")

    def kwic_count(self, label: str, surface: str, doc_id: DocId | None = None) -> int:
        """How many live mentions the entity (its aliases included) has."""
        return self.store.entity_mentions(self.entity_members(label, surface), doc_id, 0)[1]

    def alias_proposals(self, doc_ids: Sequence[DocId] | None = None) -> list[AliasProposal]:
        """Short names the texts define (``……公司（以下简称“华创”）``) right after a live mention of
        the full name, and that are not already an alias of it."""
        out: list[AliasProposal] = []
        seen: set[tuple[str, str, str]] = set()
        for doc_id in doc_ids if doc_ids is not None else self.document_ids():
            text = (self._docs.get(doc_id) or self.store.document(doc_id)).text
            found = list(SHORT_NAME.finditer(text))
            if not found:
                continue
            source = self._annotations[doc_id] if doc_id in self._annotations else self.store.mentions(doc_id)
            by_end = {m.end: m for m in source if m.live}
            for f in found:
                full = by_end.get(f.start())
                short = f.group(1)
                if full is None:
                    continue
                surface = text[full.start : full.end]
                if surface == short or len(surface) <= len(short):
                    continue
                if self.canonical(full.label, short) == self.canonical(full.label, surface):
                    continue
                key = (full.label, surface, short)
                if key in seen:
                    continue
                seen.add(key)
                out.append(AliasProposal(full.label, surface, short, int(doc_id), full.start))
        return out

    def kwic(
        self, label: str, surface: str, doc_id: DocId | None = None, width: int = KWIC_WIDTH, limit: int | None = None
    ) -> list[KwicLine]:
        """Every live mention of the entity (its aliases included) in context: ``width``
        characters either side, across one document or the whole library (the first ``limit``;
        :meth:`kwic_count` says how many there are)."""
        lines = []
        texts: dict[DocId, str] = {}
        mentions, _total = self.store.entity_mentions(self.entity_members(label, surface), doc_id, limit)
        for m in mentions:
            if m.doc_id not in texts:
                texts[m.doc_id] = (self._docs.get(m.doc_id) or self.store.document(m.doc_id)).text
            left, match, right = kwic(texts[m.doc_id], m.start, m.end, width)
            lines.append(KwicLine(int(m.doc_id), int(m.id), m.start, m.end, m.label, left, match, right))
        return lines

    # ---- newspaper pages -----------------------------------------------------------------------
    def page_structure(self, doc_id: DocId, *, keep: bool = True) -> PageStructure:
        """A document read as a newspaper page: its articles, blocks, section labels and joins.

        Analysed on the first request and stored with the document (``keep``; a reader that must
        not write passes False); from then on it is read back from the library, corrections
        included, and recomputed only through :meth:`edit_reanalyse_page`."""
        if doc_id in self._pages:
            return self._pages[doc_id]
        stored = self.store.page_structure(doc_id)
        if stored is not None:
            ps = PageStructure.from_store(stored[0])
        else:
            ps = analyse_page(self.document(doc_id).text if keep else self.store.document(doc_id).text)
            if not keep:
                return ps
            if self.read_only:  # read, not stored: the next writer analyses it again
                self._pages[doc_id] = ps
                return ps
            with self.store.transaction():
                self.store.write_page_structure(doc_id, ps.to_store(), PAGE_ANALYSER)
        self._pages[doc_id] = ps
        return ps

    def page_outlines(self) -> dict[DocId, list[tuple[str, int | None]]]:
        """For every document whose page structure is stored, its articles (title, index) and
        section labels (text, None) from top to bottom."""
        out = {}
        for doc_id, data in self.store.page_structures().items():
            ps = self._pages.get(doc_id) or PageStructure.from_store(data)
            out[doc_id] = ps.outline()
        return out

    def is_page(self, doc_id: DocId) -> bool:
        """True when the document holds more than one article (a plain article is one)."""
        return len(self.page_structure(doc_id).articles) > 1

    def _structure_edit(self, doc_id: DocId, new: PageStructure, description: str) -> Edit:
        old = self.page_structure(doc_id)
        return Edit(doc_id, description, structure_before=old.to_store(), structure_after=new.to_store())

    def edit_block_role(self, doc_id: DocId, block_start: int, role: str) -> Edit:
        """Give the block starting at ``block_start`` another role."""
        text = self.document(doc_id).text
        new = page_corrections.set_role(text, self.page_structure(doc_id), block_start, role)
        return self._structure_edit(doc_id, new, f"Make 「{_short(text, block_start)}」 a {role}")

    def edit_move_block(self, doc_id: DocId, block_start: int, to_article: int) -> Edit:
        """Move a block to article ``to_article`` (0-based; the count of articles: a new one)."""
        text = self.document(doc_id).text
        new = page_corrections.move_block(text, self.page_structure(doc_id), block_start, to_article)
        return self._structure_edit(doc_id, new, f"Move 「{_short(text, block_start)}」 to article {to_article + 1}")

    def edit_split_article(self, doc_id: DocId, block_start: int) -> Edit:
        """Split an article before the block starting at ``block_start``."""
        text = self.document(doc_id).text
        new = page_corrections.split_article(text, self.page_structure(doc_id), block_start)
        return self._structure_edit(doc_id, new, f"Split the article before 「{_short(text, block_start)}」")

    def edit_merge_articles(self, doc_id: DocId, first: int, second: int) -> Edit:
        """Merge article ``second`` into article ``first`` (0-based)."""
        text = self.document(doc_id).text
        new = page_corrections.merge_articles(text, self.page_structure(doc_id), first, second)
        return self._structure_edit(doc_id, new, f"Merge articles {first + 1} and {second + 1}")

    def edit_join(self, doc_id: DocId, from_: int, to: int, accept: bool) -> Edit:
        """Accept (or add) or reject the join of the fragment ending at ``from_`` with ``to``."""
        new = page_corrections.set_join(self.page_structure(doc_id), from_, to, "accepted" if accept else "rejected")
        return self._structure_edit(doc_id, new, f"{'Accept' if accept else 'Reject'} the join {from_} → {to}")

    def edit_reanalyse_page(self, doc_id: DocId) -> Edit:
        """Analyse the page again, dropping corrections (undoable like any edit)."""
        new = analyse_page(self.document(doc_id).text)
        return self._structure_edit(doc_id, new, "Analyse the page again")

    # ---- extraction --------------------------------------------------------------------------
    @property
    def extraction(self) -> ExtractionService:
        """The extractor this library uses (see :meth:`use_extraction`)."""
        if self._extraction is None:
            from reader.app.learning import learned_service

            self._extraction = learned_service(self) or ExtractionService.shared()
            self._extraction_chosen = False
        return self._extraction

    def use_extraction(self, service: ExtractionService) -> None:
        """Find entities with another extractor from now on (e.g. a model trained on this
        library); documents stamped with another version are then offered *Find entities again*."""
        self._extraction = service
        self._extraction_chosen = True

    def learned_model_changed(self) -> None:
        """The library's learned model changed (``learn``, ``reset_learning``, or another
        connection did either): the next extraction uses the new one, unless another extractor was
        chosen with :meth:`use_extraction`."""
        if not getattr(self, "_extraction_chosen", False):
            self._extraction = None

    def lexicon(self) -> Lexicon:
        """What this library's review teaches the extractor (see
        :func:`reader.app.extraction.lexicon_from_review`); rebuilt after the user's edits."""
        if self._lexicon is None:
            self._lexicon = lexicon_from_review(self.store.reviewed_surfaces())
        return self._lexicon

    def extracted_version(self, doc_id: DocId) -> str | None:
        """The version stamp of the extractor that found this document's suggestions (None: never)."""
        return self.store.extracted(doc_id)

    def needs_extraction(self, doc_id: DocId) -> bool:
        """True for a document the extractor has not run on (False for one that was deleted, and
        in a read-only library, which cannot keep the suggestions)."""
        return not self.read_only and self.store.extracted(doc_id) is None and self.store.has_document(doc_id)

    def is_stale(self, doc_id: DocId) -> bool:
        """True when another version of the extractor found this document's suggestions (a new
        model: *Find entities again* would use it). False when the extractor is unavailable."""
        stamp = self.store.extracted(doc_id)
        if stamp is None:
            return False
        try:
            return stamp != self.extraction.version
        except ReaderError:
            return False

    def suggest(
        self,
        doc_id: DocId,
        spans: Iterable[Span],
        *,
        region: tuple[int, int] | None = None,
        version: str | None = None,
    ) -> Changes:
        """Make the extractor's unreviewed suggestions in ``region`` (default: the whole document)
        exactly ``spans``; accepted, rejected and imported mentions are never touched (see
        :func:`reader.core.edits.replace_suggestions`).

        Finding entities is not a user edit: this is written in its own transaction and is not
        recorded in the undo history, so Undo and Redo walk only what the user did. ``version``
        (given with the whole result) stamps the document as extracted by that version."""
        self._writable()
        known = set(self.label_names)
        annotations = self.annotations(doc_id)
        edit = edits.replace_suggestions(annotations, [s for s in spans if s.label in known], self._new_id, region)
        if edit.empty and version is None:
            return Changes(doc_id, description=edit.description, extractor=True)
        annotations.check(edit.removed, edit.added)
        text = self.document(doc_id).text
        with self.store.transaction():
            self.store.write_changes(text, edit.removed, edit.added)
            if version is not None:
                self.store.mark_extracted(doc_id, version)
        edit.apply(annotations)
        return self._emit(
            Changes(doc_id, edit.removed, edit.added, edit.description, documents=True, extractor=True)
        )

    def apply_suggestions(self, doc_id: DocId, spans: Iterable[Span], version: str) -> Changes:
        """Add the extractor's whole result for a document (see :meth:`suggest`)."""
        return self.suggest(doc_id, spans, version=version)

    def find_entities(
        self,
        doc_ids: Sequence[DocId] | None = None,
        *,
        only: str = "all",
        task: Task | None = None,
    ) -> FindReport:
        """Find entities (again) in documents (default: all) with this library's extractor and
        lexicon, replacing their unreviewed suggestions; reviewed mentions stay.

        ``only``: ``"all"`` the given documents, ``"new"`` those never extracted, ``"stale"``
        those never extracted or extracted by another version. Each document is written in its
        own transaction; a cancel leaves the documents done so far."""
        self._writable()
        task = task or Task()
        ids = list(dict.fromkeys(DocId(i) for i in doc_ids)) if doc_ids is not None else self.document_ids()
        missing = [i for i in ids if not self.store.has_document(i)]
        if missing:
            raise ReaderError(f"no document {', '.join(map(str, missing))} in this library")
        service = self.extraction
        version = service.version  # raises ExtractorUnavailable before anything is done
        if only != "all":
            stamps = self.store.extracted_versions(ids)
            ids = [i for i in ids if stamps.get(i) is None or (only == "stale" and stamps[i] != version)]
        report = FindReport()
        lexicon = self.lexicon()
        for n, doc_id in enumerate(ids):
            if task.cancelled:
                report.cancelled = True
                break
            task.progress(n, len(ids), f"finding entities in document {doc_id}")
            spans = service.extract(self.document(doc_id).text, lexicon)
            changes = self.suggest(doc_id, spans, version=version)
            report.documents.append(doc_id)
            report.added += len(changes.added)
            report.removed += len(changes.removed)
            report.suggested += sum(1 for m in self.annotations(doc_id) if edits.is_machine_suggestion(m))
        task.progress(len(report.documents), len(ids), "done")
        return report

    # ---- learning from corrections -------------------------------------------------------------
    def learn(self, task: Task | None = None, **hyper):
        """Fine-tune the model on this library's reviewed documents and use it from now on
        (see :mod:`reader.app.learning`); returns a :class:`reader.app.learning.LearnReport`."""
        from reader.app import learning

        self._writable()
        report = learning.learn(self, task, **hyper)
        self.learned_model_changed()
        self._emit(Changes(description=f"Learned model {report.version}", note=report.summary()))
        return report

    def reset_learning(self) -> str | None:
        """Go back to the shipped model; returns the learned version that was in use, if any."""
        from reader.app import learning

        self._writable()
        was = learning.reset(self)
        self.learned_model_changed()
        if was is not None:
            self._emit(Changes(description="Back to the shipped model", note=f"model {was} no longer used"))
        return was

    def learned_version(self) -> str | None:
        """The learned model version extraction in this library uses (None: the shipped model)."""
        from reader.app import learning

        return learning.active_version(self)

    # ---- labels ------------------------------------------------------------------------------
    def reload_labels(self) -> list[Label]:
        """Read the labels again (another connection, e.g. an import worker, may have added some)."""
        self._labels = self.store.labels()
        return self.labels

    RESERVED_KEYS = frozenset("anpx")
    """Review keys of the article view (accept, next, previous, reject): not for labels."""

    def _tidy_label(self, label: Label, *, new: bool) -> Label:
        name = label.name.strip()
        if new and not re.fullmatch(r"[A-Z][A-Z0-9_-]{0,31}", name):
            raise ReaderError(f"label name {name!r}: use 1 to 32 capital letters, digits, _ or -, starting with a letter")
        color = label.color.strip().lower()
        if not re.fullmatch(r"#[0-9a-f]{6}", color):
            raise ReaderError(f"label {name}: colour {label.color!r} is not #rrggbb")
        key = label.key.strip().lower()
        if key and not re.fullmatch(r"[0-9a-z]", key):
            raise ReaderError(f"label {name}: key {label.key!r} must be one digit or letter")
        if key in self.RESERVED_KEYS:
            raise ReaderError(f"label {name}: key {key!r} is kept for reviewing (A accept, X reject, N/P next/previous)")
        return Label(name, color, key, " ".join(label.description.split()))

    def update_labels(self, labels: Sequence[Label]) -> Changes:
        """Change the colour, key or description of existing labels and add new ones, checked as
        a whole (so two labels can swap keys) and written in one transaction. A label's name is
        what its mentions store, so it cannot be changed; labels left out stay as they are."""
        self._writable()
        current = {lb.name: lb for lb in self._labels}
        tidy = [self._tidy_label(lb, new=lb.name.strip() not in current) for lb in labels]
        names = [lb.name for lb in tidy]
        for name in {n for n in names if names.count(n) > 1}:
            raise ReaderError(f"label {name} is given twice")
        final = {**current, **{lb.name: lb for lb in tidy}}
        by_key: dict[str, str] = {}
        for lb in final.values():
            if lb.key and lb.key in by_key:
                raise ReaderError(f"key {lb.key!r} would tag both {by_key[lb.key]} and {lb.name}")
            if lb.key:
                by_key[lb.key] = lb.name
        changed = [lb for lb in tidy if current.get(lb.name) != lb]
        if not changed:
            return Changes()
        with self.store.transaction():
            for lb in changed:
                if lb.name in current:
                    self.store.update_label(lb)
                else:
                    self.store.add_label(lb)
        self._labels = self.store.labels()
        added = [lb.name for lb in changed if lb.name not in current]
        what = f"New label{'s' if len(added) > 1 else ''} {', '.join(added)}" if added else "Labels changed"
        return self._emit(Changes(description=what, labels=True))

    def create_label(self, label: Label) -> Changes:
        """Add a label to the library's schema."""
        if label.name.strip() in self.label_names:
            raise ReaderError(f"there is already a label {label.name.strip()}")
        return self.update_labels([label])

    def update_label(self, label: Label) -> Changes:
        """Change one label's colour, key or description."""
        if label.name.strip() not in self.label_names:
            raise ReaderError(f"no label {label.name.strip()!r} in this library")
        return self.update_labels([label])

    def add_label(self, name: str) -> Label:
        label = Label(name, palette_color(len(self._labels)), "", "added on import")
        self.store.add_label(label)
        self._labels = self.store.labels()
        return label

    # ---- import / export ---------------------------------------------------------------------
    def import_records(
        self,
        records: Iterable[DocumentRecord],
        *,
        source: str = "",
        add_labels: bool = False,
        task: Task | None = None,
        read: ReadResult | None = None,
        skip_bad: bool = False,
    ) -> ImportReport:
        """Add documents with their mentions: **all or nothing**, in one transaction.

        ``records`` may be a generator (a streaming reader): each document is checked and written
        as it comes, so memory does not grow with the number of documents. ``read`` is the
        reader's result, where it adds the problems it finds in the files. Any problem (a bad span,
        an unknown label, an error in ``read`` unless ``skip_bad``), a failure of the library file
        (locked, disk full) or a cancel rolls the whole import back: :class:`InputErrors`
        (every problem found, the whole input read to find them), the storage error, or
        :class:`Cancelled` is raised and the library is exactly as it was. With ``skip_bad`` the
        records the reader refused are left out and listed in the report's ``errors``.
        """
        self._writable()
        task = task or Task()
        read = read if read is not None else ReadResult()
        report = ImportReport()
        problems: list[InputError] = ProblemList()
        unknown: list[str] = []  # labels refused (when they are the only problem: UnknownLabels)
        label_problems = 0
        known = set(self.label_names)
        try:
            with self.store.transaction():
                try:
                    for n, rec in enumerate(records, 1):
                        if n % 50 == 0:
                            task.check()
                            task.progress(n, 0, f"read {n} documents")
                        where = source or rec.title or f"record {n}"
                        try:
                            AnnotationSet(DocId(0), len(rec.text)).check((), _as_mentions(rec.mentions))
                        except SpanError as e:
                            problems.append(InputError(where, str(e)))
                        for m in rec.mentions:
                            if m.label not in known:
                                if add_labels:
                                    self.add_label(m.label)
                                    known.add(m.label)
                                else:
                                    problems.append(InputError(where, f"unknown label {m.label!r} (use --add-labels to accept it)"))
                                    label_problems += 1
                                    if m.label not in unknown:
                                        unknown.append(m.label)
                        if not rec.text:
                            problems.append(InputError(where, "empty document"))
                        if problems or (read.errors and not skip_bad):
                            continue  # the import will be rolled back: read on only to report every problem
                        sha = text_sha256(rec.text)
                        existing = self.store.find_sha(sha)
                        if existing is not None:
                            report.duplicates.append((rec.title, existing))
                            continue
                        doc_id = self.store.insert_document(rec, source)
                        report.added.append(doc_id)
                        report.mentions += len(rec.mentions)
                except TooManyProblems:
                    pass  # the list ends with where it stopped
                task.check()
                if problems or (read.errors and (not skip_bad or read.stopped)):
                    # (a read stopped by too many problems left the rest of the input unread: no skipping)
                    errors = (list(read.errors) if not skip_bad or read.stopped else []) + list(problems)
                    if read.stopped:  # show where reading stopped among the first lines shown
                        errors.insert(min(19, len(errors) - 1), errors.pop(len(read.errors) - 1))
                    if unknown and label_problems == len(errors):
                        raise UnknownLabels(unknown, errors)
                    raise InputErrors(errors)
        except BaseException:
            self._labels = self.store.labels()
            raise
        self._labels = self.store.labels()
        report.errors = list(read.errors)
        report.warnings = list(read.warnings)
        if report.added:
            self._emit(Changes(documents=True, description=report.summary()))
        return report

    def import_files(
        self,
        paths: Sequence[str | Path],
        fmt: str | None = None,
        *,
        encoding: str | None = None,
        skip_bad: bool = False,
        add_labels: bool = False,
        task: Task | None = None,
        max_size: int | None = None,
        offsets: str | None = None,
    ) -> ImportReport:
        """Read files in any supported format and import them, streamed and all or nothing (see
        :meth:`import_records`: the whole call is one transaction). ``max_size`` bounds each file
        read (default :data:`reader.formats.safeio.DEFAULT_MAX_SIZE`); ``offsets`` is the unit of
        doccano offsets (``codepoint``, ``utf16``, ``grapheme``; default: detected)."""
        from reader.formats import registry
        from reader.formats.safeio import DEFAULT_MAX_SIZE

        self._writable()
        task = task or Task()
        task.progress(0, 0, "reading files")
        read = ReadResult()
        docs = registry.iter_read(
            [Path(p) for p in paths], fmt, read, encoding=encoding, known_labels=None,
            max_size=max_size or DEFAULT_MAX_SIZE, offsets=offsets,
        )
        return self.import_records(docs, add_labels=add_labels, task=task, read=read, skip_bad=skip_bad)

    def iter_records(self, doc_ids: Sequence[DocId] | None = None, task: Task | None = None) -> Iterator[DocumentRecord]:
        """Documents as export records (every mention, with origin and status), one at a time."""
        ids = doc_ids if doc_ids is not None else self.document_ids()
        for n, doc_id in enumerate(ids, 1):
            if task is not None and n % 50 == 0:
                task.check()
                task.progress(n, len(ids), f"written {n} of {len(ids)}")
            # read through to the store: an export of the whole library must not fill the caches
            doc = self._docs.get(doc_id) or self.store.document(doc_id)
            meta = dict(doc.metadata)
            extra = meta.pop("extra", {})
            source = self._annotations[doc_id] if doc_id in self._annotations else self.store.mentions(doc_id)
            text = doc.text
            stored = self._pages.get(doc_id) or _stored_page(self.store, doc_id)
            roles = _credit_roles(stored) if stored is not None else {}
            mentions = [
                MentionRecord(
                    m.start, m.end, m.label, m.origin, m.status, _attributes(roles, m.start, m.end),
                    entity=self.entity_id(m.label, text[m.start : m.end]) if m.live else "",
                )
                for m in source
            ]
            yield DocumentRecord(doc.text, doc.title, mentions, meta, int(doc_id), extra)

    def records(self, doc_ids: Sequence[DocId] | None = None) -> list[DocumentRecord]:
        """Documents as export records (every mention, with origin and status)."""
        return list(self.iter_records(doc_ids))

    def article_records(self, doc_ids: Sequence[DocId] | None = None) -> tuple[list[DocumentRecord], int]:
        """One export record per article of each document read as a page (a plain article is one).

        Each record holds the article's title, its text in reading order (joined across column
        breaks, captions last), its mentions re-based to that text (byline names with their
        ``role``), and in ``metadata`` the page: ``page_id``, ``page_title``, ``article`` (1-based),
        ``reporters``, ``credits`` and ``page_offsets`` (``[page_start, page_end, start]`` for each
        piece of the text). Returns the records and the count of mentions not written because
        they do not lie inside one article's text."""
        from reader.pages.reading import read_article

        out: list[DocumentRecord] = []
        lost = 0
        for doc_id in doc_ids if doc_ids is not None else self.document_ids():
            doc = self._docs.get(doc_id) or self.store.document(doc_id)
            ps = self.page_structure(doc_id, keep=False)
            source = self._annotations[doc_id] if doc_id in self._annotations else self.store.mentions(doc_id)
            roles = _credit_roles(ps)
            placed: set[int] = set()
            meta = {k: v for k, v in doc.metadata.items() if k != "extra"}
            for i, art in enumerate(ps.articles):
                reading = read_article(doc.text, ps, i)
                mentions = []
                for n, m in enumerate(source):
                    span = reading.to_reading(m.start, m.end)
                    if span is None:
                        continue
                    placed.add(n)
                    mentions.append(
                        MentionRecord(span[0], span[1], m.label, m.origin, m.status, _attributes(roles, m.start, m.end))
                    )
                metadata = {
                    **meta,
                    "page_id": int(doc_id),
                    "page_title": doc.title,
                    "article": i + 1,
                    "reporters": art.reporters,
                    "credits": [{"name": c.name, "role": c.role, "start": c.start, "end": c.end} for c in art.credits],
                    "page_offsets": [[g.page_start, g.page_end, g.start] for g in reading.segments],
                }
                out.append(DocumentRecord(reading.text, art.title, mentions, metadata, None))
            lost += sum(1 for n, m in enumerate(source) if n not in placed and m.live)
        return out, lost

    def export(
        self,
        out: str | Path | None,
        fmt: str,
        *,
        doc_ids: Sequence[DocId] | None = None,
        scheme: str = "bio",
        task: Task | None = None,
        comments: bool = True,
        offsets: str | None = None,
        overwrite: bool = False,
        by_article: bool = False,
    ):
        """Write documents to ``out`` in ``fmt``, streamed document by document (memory does not
        grow with the library); returns the format's report of what it dropped. An error or a
        cancel leaves ``out`` as it was.

        An existing file (or a folder holding anything) is refused unless ``overwrite``; a
        folder export then replaces only the files it writes. ``by_article``: one record per
        article of each page (see :meth:`article_records`)."""
        from reader.formats import registry

        task = task or Task()
        known = self.document_ids()
        ids = list(doc_ids) if doc_ids is not None else known
        if doc_ids is not None:
            missing = sorted(set(ids) - set(known))
            if missing:
                raise ReaderError(f"no document {', '.join(map(str, missing))} in the library")
        del known
        task.progress(0, len(ids), "collecting documents")
        lost = 0
        if by_article:
            records, lost = self.article_records(ids)
            task.check()
            source: Any = records
        else:
            source = self.iter_records(ids, task)
        report = registry.write(
            source, Path(out) if out is not None else None, fmt, scheme=scheme,
            comments=comments, offsets=offsets, overwrite=overwrite, labels=self.labels,
        )
        if lost:
            report.dropped.append(
                f"{lost} mention{'s' if lost != 1 else ''} not written: outside every article's text "
                "(a section label, or across blocks)"
            )
        task.progress(len(ids), len(ids), "written")
        return report


class LabelMismatch(ReaderError):
    """A merge of entities with different labels, refused until the user says yes."""


def _stored_page(store: LibraryStore, doc_id: DocId) -> PageStructure | None:
    stored = store.page_structure(doc_id)
    return PageStructure.from_store(stored[0]) if stored else None


def _credit_roles(ps: PageStructure) -> dict[tuple[int, int], str]:
    return {(c.start, c.end): c.role for a in ps.articles for c in a.credits}


def _attributes(roles: dict[tuple[int, int], str], start: int, end: int) -> tuple[tuple[str, str], ...]:
    """("role", …) for a mention that covers a name a byline or a caption credits."""
    if not roles:
        return ()
    for (s, e), role in roles.items():
        if s < end and start < e:
            return (("role", role),)
    return ()


def _short(text: str, start: int) -> str:
    s = " ".join(text[start : start + 13].split())
    return s if len(s) <= 12 else s[:11] + "…"


def _as_mentions(records: Iterable[MentionRecord]) -> list[Mention]:
    return [
        Mention(MentionId(-i - 1), DocId(0), m.start, m.end, m.label, m.origin, m.status)
        for i, m in enumerate(records)
    ]
