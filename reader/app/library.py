"""Library: the one object both faces (GUI and CLI) work through.

WAIT: every change to mentions goes through :meth:`Library.apply` (and undo/redo, which call the
same code). It validates the edit against the document in memory, writes it to SQLite in one
transaction, and only then changes memory and tells the listeners what changed. Nothing else
writes mentions, so what is shown is what is stored.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from reader.app.tasks import Task
from reader.core import edits
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
)
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
from reader.core.words import counted
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


class Library:
    """A library file opened for work: documents, their mentions, the labels and the history."""

    def __init__(self, store: LibraryStore) -> None:
        self.store = store
        self._docs: dict[DocId, Document] = {}
        self._annotations: dict[DocId, AnnotationSet] = {}
        self._listeners: list[Listener] = []
        self._labels = store.labels()
        self._id_next = self._id_end = 0
        self.read_only_reason = ""
        """Why a library was opened read-only (the holder of the lock...), for the faces to show."""

    # ---- opening -----------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path | None, *, create: bool = True, write: bool = True, program: str | None = None
    ) -> Library:
        """Open (or create, empty) the library at ``path``; ``None`` gives a library in memory.

        ``write=True`` makes this program the library's one writer: if another program holds it,
        :class:`~reader.core.errors.LibraryLocked` names that program. ``write=False`` opens an
        existing library for reading only (no lock, nothing written; changes raise
        :class:`~reader.core.errors.ReadOnlyLibrary`). ``program`` names this program in the lock.
        """
        return cls(LibraryStore(path, create=create and write, write=write, program=program))

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

    def document_ids(self) -> list[DocId]:
        return self.store.document_ids()

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
    def apply(self, edit: Edit, *, also: Callable[[], None] | None = None) -> Changes:
        """Validate ``edit``, commit it to SQLite with its history entry, then update memory.

        ``also`` runs inside the same transaction (a bookkeeping write that must commit or
        fail together with the edit)."""
        self._writable()
        if edit.empty:
            return Changes(edit.doc_id, description=edit.description, note=edit.note)
        annotations = self.annotations(edit.doc_id)
        annotations.check(edit.removed, edit.added)  # raises SpanError before anything is written
        text = self.document(edit.doc_id).text
        with self.store.transaction():
            self.store.write_changes(text, edit.removed, edit.added)
            self.store.record(edit)
            if also is not None:
                also()
        edit.apply(annotations)
        return self._emit(
            Changes(edit.doc_id, edit.removed, edit.added, edit.description, edit.note, documents=True)
        )

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
        annotations = self.annotations(edit.doc_id)
        try:
            annotations.check(edit.removed, edit.added)
        except SpanError as e:
            raise SpanError(f"cannot {'redo' if done else 'undo'} “{edit.description}”: {e}") from e
        text = self.document(edit.doc_id).text
        with self.store.transaction():
            self.store.write_changes(text, edit.removed, edit.added)
            self.store.set_done(seq, done)
        edit.apply(annotations)
        return self._emit(
            Changes(edit.doc_id, edit.removed, edit.added, edit.description, documents=True, undo=not done)
        )

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

    def edit_tag_all(self, doc_id: DocId, surface: str, label: str) -> Edit:
        return edits.tag_all(
            self.annotations(doc_id), self.document(doc_id).text, surface, label, self._new_id, labels=self.label_names
        )

    def edit_suggest(self, doc_id: DocId, spans: Iterable[Span]) -> Edit:
        known = set(self.label_names)
        return edits.suggest(self.annotations(doc_id), [s for s in spans if s.label in known], self._new_id)

    # ---- extraction --------------------------------------------------------------------------
    def needs_extraction(self, doc_id: DocId) -> bool:
        """True for a document the extractor has not run on (False for one that was deleted, and
        in a read-only library, which cannot keep the suggestions)."""
        return not self.read_only and self.store.extracted(doc_id) is None and self.store.has_document(doc_id)

    def apply_suggestions(self, doc_id: DocId, spans: Iterable[Span], version: str) -> Changes:
        """Add extractor output for a document as suggestions (one undoable edit)."""
        edit = self.edit_suggest(doc_id, spans)

        def mark() -> None:
            self.store.mark_extracted(doc_id, version)

        if edit.empty:  # nothing to suggest: still remember that the extractor ran
            with self.store.transaction():
                mark()
        return self.apply(edit, also=mark)

    # ---- learning from corrections -------------------------------------------------------------
    def learn(self, task: Task | None = None, **hyper):
        """Fine-tune the model on this library's reviewed documents and use it from now on
        (see :mod:`reader.app.learning`); returns a :class:`reader.app.learning.LearnReport`."""
        from reader.app import learning

        self._writable()
        report = learning.learn(self, task, **hyper)
        self._emit(Changes(description=f"Learned model {report.version}", note=report.summary()))
        return report

    def reset_learning(self) -> str | None:
        """Go back to the shipped model; returns the learned version that was in use, if any."""
        from reader.app import learning

        self._writable()
        was = learning.reset(self)
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
        records: Sequence[DocumentRecord],
        *,
        source: str = "",
        add_labels: bool = False,
        task: Task | None = None,
        batch: int = 200,
    ) -> ImportReport:
        """Add documents with their mentions. All are checked first: any problem raises
        :class:`InputErrors` and the library stays unchanged. Writes go in batches of whole
        documents, so a cancel or a crash leaves whole documents only."""
        self._writable()
        task = task or Task()
        report = ImportReport()
        problems: list[InputError] = []
        known = set(self.label_names)
        new_labels: list[str] = []
        for n, rec in enumerate(records, 1):
            where = source or rec.title or f"record {n}"
            try:
                AnnotationSet(DocId(0), len(rec.text)).check((), _as_mentions(rec.mentions))
            except SpanError as e:
                problems.append(InputError(where, str(e)))
            for m in rec.mentions:
                if m.label not in known and m.label not in new_labels:
                    if add_labels:
                        new_labels.append(m.label)
                    else:
                        problems.append(InputError(where, f"unknown label {m.label!r} (use --add-labels to accept it)"))
            if not rec.text:
                problems.append(InputError(where, "empty document"))
        if problems:
            raise InputErrors(problems)
        for name in new_labels:
            self.add_label(name)
        seen: dict[str, DocId] = {}
        total = len(records)
        for i in range(0, total, batch):
            if task.cancelled:
                report.cancelled = True
                break
            with self.store.transaction():
                for rec in records[i : i + batch]:
                    sha = text_sha256(rec.text)
                    existing = seen.get(sha) or self.store.find_sha(sha)
                    if existing is not None:
                        report.duplicates.append((rec.title, existing))
                        continue
                    doc_id = self.store.insert_document(rec, source)
                    seen[sha] = doc_id
                    report.added.append(doc_id)
                    report.mentions += len(rec.mentions)
            task.progress(min(i + batch, total), total, f"imported {min(i + batch, total)} of {total}")
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
    ) -> ImportReport:
        """Read files in any supported format and import them (see :meth:`import_records`)."""
        from reader.formats import registry

        self._writable()
        task = task or Task()
        task.progress(0, 0, "reading files")
        result = registry.read([Path(p) for p in paths], fmt, encoding=encoding, known_labels=None)
        if result.errors and not skip_bad:
            raise InputErrors(result.errors)
        task.check()
        report = self.import_records(result.docs, add_labels=add_labels, task=task)
        report.errors = list(result.errors)
        report.warnings = list(result.warnings)
        return report

    def records(self, doc_ids: Sequence[DocId] | None = None) -> list[DocumentRecord]:
        """Documents as export records (every mention, with origin and status)."""
        out = []
        for doc_id in doc_ids if doc_ids is not None else self.document_ids():
            # read through to the store: an export of the whole library must not fill the caches
            doc = self._docs.get(doc_id) or self.store.document(doc_id)
            meta = dict(doc.metadata)
            extra = meta.pop("extra", {})
            source = self._annotations[doc_id] if doc_id in self._annotations else self.store.mentions(doc_id)
            mentions = [MentionRecord(m.start, m.end, m.label, m.origin, m.status) for m in source]
            out.append(DocumentRecord(doc.text, doc.title, mentions, meta, int(doc_id), extra))
        return out

    def export(
        self,
        out: str | Path | None,
        fmt: str,
        *,
        doc_ids: Sequence[DocId] | None = None,
        scheme: str = "bio",
        task: Task | None = None,
        overwrite: bool = False,
    ):
        """Write documents to ``out`` in ``fmt``; returns the format's report of what it dropped.

        An existing file (or a folder holding anything) is refused unless ``overwrite``; a
        folder export then replaces only the files it writes."""
        from reader.formats import registry

        task = task or Task()
        known = self.document_ids()
        ids = list(doc_ids) if doc_ids is not None else known
        missing = sorted(set(ids) - set(known))
        if missing:
            raise ReaderError(f"no document {', '.join(map(str, missing))} in the library")
        task.progress(0, len(ids), "collecting documents")
        records = self.records(ids)
        task.check()
        report = registry.write(
            records, Path(out) if out is not None else None, fmt, scheme=scheme, overwrite=overwrite, labels=self.labels
        )
        task.progress(len(ids), len(ids), "written")
        return report


def _as_mentions(records: Iterable[MentionRecord]) -> list[Mention]:
    return [
        Mention(MentionId(-i - 1), DocId(0), m.start, m.end, m.label, m.origin, m.status)
        for i, m in enumerate(records)
    ]
