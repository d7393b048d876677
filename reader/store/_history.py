"""The undo/redo history of a library file: the ``history`` table, each applied edit as JSON,
done or undone (:class:`HistoryEntry`). Part of :class:`~reader.store.library_db.LibraryStore`,
as one of its base classes."""

from __future__ import annotations

import json
from dataclasses import dataclass

from reader.core.edits import Edit
from reader.store._schema import _now


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    seq: int
    edit: Edit
    done: bool


class HistoryMixin:
    """Part of :class:`~reader.store.library_db.LibraryStore` (works on its ``db``, inside its
    :meth:`~reader.store.library_db.LibraryStore.transaction`)."""

    # ---- history (undo / redo) -----------------------------------------------------------------
    def record(self, edit: Edit) -> int:
        """Append a newly applied edit; a new edit drops the redo branch, as in any editor."""
        self.db.execute("DELETE FROM history WHERE done = 0")
        return int(
            self.db["history"]
            .insert(
                {
                    "doc_id": edit.doc_id,
                    "description": edit.description,
                    "edit": json.dumps(edit.to_json(), ensure_ascii=False),
                    "done": 1,
                    "created": _now(),
                }
            )
            .last_pk
        )

    def set_done(self, seq: int, done: bool) -> None:
        self.db.execute("UPDATE history SET done = ? WHERE seq = ?", [int(done), seq])

    def last_done(self) -> HistoryEntry | None:
        row = self.db.execute("SELECT seq, edit FROM history WHERE done = 1 ORDER BY seq DESC LIMIT 1").fetchone()
        return HistoryEntry(row[0], Edit.from_json(json.loads(row[1])), True) if row else None

    def last_done_description(self) -> str | None:
        """The description of the edit an undo would revert (None: nothing to undo), without
        reading the edit itself (one edit can hold thousands of mentions)."""
        row = self.db.execute("SELECT description FROM history WHERE done = 1 ORDER BY seq DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def first_undone_description(self) -> str | None:
        """The description of the edit a redo would apply again (None: nothing to redo)."""
        row = self.db.execute("SELECT description FROM history WHERE done = 0 ORDER BY seq LIMIT 1").fetchone()
        return row[0] if row else None

    def first_undone(self) -> HistoryEntry | None:
        row = self.db.execute("SELECT seq, edit FROM history WHERE done = 0 ORDER BY seq LIMIT 1").fetchone()
        return HistoryEntry(row[0], Edit.from_json(json.loads(row[1])), False) if row else None

    def history(self) -> list[HistoryEntry]:
        return [
            HistoryEntry(r[0], Edit.from_json(json.loads(r[1])), bool(r[2]))
            for r in self.db.execute("SELECT seq, edit, done FROM history ORDER BY seq")
        ]
