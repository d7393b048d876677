"""Finding entities in the :class:`~reader.app.library.Library`: the extractor it uses, the lexicon
its review teaches, the extractor's suggestions (written in their own transaction, outside the undo
history), :class:`FindReport`, and learning a model from the library's corrections."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from reader.app._changes import Changes
from reader.app.extraction import ExtractionService, lexicon_from_review
from reader.app.tasks import Task
from reader.core import edits
from reader.core.errors import ReaderError
from reader.core.model import DocId, Span
from reader.extract.lexicon import Lexicon


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


class FindingMixin:
    """Part of :class:`~reader.app.library.Library` (works on its store and its extractor)."""

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
