"""Import and export for the :class:`~reader.app.library.Library`: importing records and files
(all or nothing, one transaction), :class:`ImportReport`, and documents as export records, whole
or by article, written in any supported format."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.app._changes import Changes
from reader.app._pages import _attributes, _credit_roles, _stored_page
from reader.app.tasks import Task
from reader.core.annotations import AnnotationSet
from reader.core.errors import InputError, InputErrors, ReaderError, SpanError, UnknownLabels
from reader.core.model import DocId, DocumentRecord, Mention, MentionId, MentionRecord, text_sha256
from reader.core.words import counted
from reader.formats.common import ProblemList, ReadResult, TooManyProblems


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


class TransferMixin:
    """Part of :class:`~reader.app.library.Library` (works on its store and its caches)."""

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


def _as_mentions(records: Iterable[MentionRecord]) -> list[Mention]:
    return [
        Mention(MentionId(-i - 1), DocId(0), m.start, m.end, m.label, m.origin, m.status)
        for i, m in enumerate(records)
    ]
