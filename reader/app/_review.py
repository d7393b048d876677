"""Review status and progress of the :class:`~reader.app.library.Library`: a document's status
(set through the library's one chokepoint, :meth:`~reader.app.library.Library.apply`), the
library's progress, the next document to review, and the stats with the top entities."""

from __future__ import annotations

from reader.app._changes import Changes
from reader.core.edits import Edit
from reader.core.errors import ReaderError
from reader.core.model import DocId
from reader.core.review import DocStatus, Entity


class ReviewMixin:
    """Part of :class:`~reader.app.library.Library` (works on its store and its chokepoint)."""

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
