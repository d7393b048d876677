"""Edits in the main window: the panels' intents (tag, tag all, accept, reject, delete, relabel,
resize, nudge, accept all) turned into library edits through the undo controller, a refusal
becoming a status-bar message; the entity panel's click; Undo and Redo and their menu texts."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, Slot

from reader.app.library import Changes
from reader.core.edits import Edit
from reader.core.errors import ReaderError, ReadOnlyLibrary, SpanError
from reader.core.model import DocId, MentionId
from reader.gui import plain
from reader.gui.article_view import describe
from reader.gui.i18n import edit_text


class EditsMixin:
    """Part of :class:`~reader.gui.main_window.MainWindow` (its strings are in the "MainWindow"
    translation context)."""

    # ---- edits (intents -> library) ----------------------------------------------------------------
    def apply_edit(self, build: Callable[[], Edit]) -> Changes | None:
        """Build an edit and apply it; a refusal becomes a status-bar message and changes nothing."""
        try:
            edit = build()
            changes = self.undo_controller.apply(edit)
        except (SpanError, ReadOnlyLibrary) as e:
            self.message(QCoreApplication.translate("MainWindow", "Not changed: {error}").format(error=e), 12000)
            return None
        except ReaderError as e:
            plain.critical(self, "reader", str(e))
            return None
        if edit.empty:
            self.message(QCoreApplication.translate("MainWindow", "{what}: nothing to change").format(what=edit_text(edit.description)), 5000)
        else:
            self.message(edit_text(edit.description) + (f" ({edit.note})" if edit.note else ""), 8000)
        return changes

    def _doc(self) -> DocId:
        if self._doc_id is None:
            raise SpanError("no document is shown")
        return self._doc_id

    @Slot(int, int, str)
    def _on_tag(self, start: int, end: int, label: str) -> None:
        changes = self.apply_edit(lambda: self.library.edit_tag(self._doc(), *self._to_page(start, end), label))
        if changes is not None:
            shown = [v for v in (self._to_view(m) for m in changes.added if m.live) if v is not None]
            new = next((m for m in shown if m.label == label and m.start < end and start < m.end), None)
            self.article.select_span(end, end)
            self.article.set_current(new, scroll=False)

    @Slot(str, str)
    def _on_tag_all(self, surface: str, label: str) -> None:
        """Open the review of every occurrence (accept / skip / accept the rest, or apply all);
        what the user accepted is applied as one edit."""
        try:
            doc = self._doc()
            matches = self.library.tag_all_matches(doc, surface, label)
        except SpanError as e:
            self.message(QCoreApplication.translate("MainWindow", "Not changed: {error}").format(error=e), 12000)
            return
        if not matches:
            self.message(QCoreApplication.translate("MainWindow", "「{text}」 does not occur in this document").format(text=surface), 8000)
            return
        from reader.gui.tag_all_dialog import TagAllDialog

        if self.tag_all_dialog is not None:
            self.tag_all_dialog.close()
        dialog = TagAllDialog(self, self.library.document(doc).text, surface, label, matches)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        # window-modal: the shown document cannot change while it is open
        dialog.applied.connect(lambda starts: self.apply_edit(lambda: self.library.edit_tag_all(doc, surface, label, only=starts)))
        dialog.destroyed.connect(lambda *_: setattr(self, "tag_all_dialog", None))
        self.tag_all_dialog = dialog
        dialog.open()

    @Slot(list)
    def _on_accept(self, ids: list) -> None:
        self.apply_edit(lambda: self.library.edit_accept(self._doc(), [MentionId(i) for i in ids]))

    @Slot(list)
    def _on_reject(self, ids: list) -> None:
        self.apply_edit(lambda: self.library.edit_reject(self._doc(), [MentionId(i) for i in ids]))

    @Slot(list)
    def _on_delete(self, ids: list) -> None:
        self.apply_edit(lambda: self.library.edit_delete(self._doc(), [MentionId(i) for i in ids]))

    @Slot(int, str)
    def _on_relabel(self, mention_id: int, label: str) -> None:
        self.apply_edit(lambda: self.library.edit_relabel(self._doc(), MentionId(mention_id), label))

    @Slot(int, int, int)
    def _on_resize(self, mention_id: int, start: int, end: int) -> None:
        changes = self.apply_edit(lambda: self.library.edit_resize(self._doc(), MentionId(mention_id), *self._to_page(start, end)))
        self._keep_current(changes, mention_id)

    @Slot(int, str, int)
    def _on_nudge(self, mention_id: int, edge: str, delta: int) -> None:
        changes = self.apply_edit(lambda: self.library.edit_nudge(self._doc(), MentionId(mention_id), edge, delta))
        self._keep_current(changes, mention_id)

    def _keep_current(self, changes: Changes | None, mention_id: int) -> None:
        """After a resize, the resized mention stays the current one (so the next key moves it again)."""
        if changes is None:
            return
        moved = next((m for m in changes.added if m.id == mention_id and m.live), None)
        view = self._to_view(moved)
        if view is not None:
            self.article.set_current(view, scroll=False)

    def accept_all(self) -> None:
        self.apply_edit(lambda: self.library.edit_accept_all(self._doc()))

    @Slot(str, str, list)
    def _on_entity_clicked(self, label: str, surface: str, ids: list) -> None:
        """Show the entity's next mention after the current one (cycling)."""
        if self._doc_id is None or not ids:
            return
        annotations = self._view_annotations()
        if annotations is None:
            return
        mentions = sorted((annotations.get(MentionId(i)) for i in ids if MentionId(i) in annotations), key=lambda m: m.start)
        if not mentions:
            return
        cur = self.article.current_mention()
        after = cur.start if cur is not None else -1
        nxt = next((m for m in mentions if m.start > after), mentions[0])
        self.article.set_current(nxt)
        self.message(
            QCoreApplication.translate("MainWindow", "{n} of {total}: {what}").format(n=mentions.index(nxt) + 1, total=len(mentions), what=describe(nxt, self.article.text)),
            5000,
        )

    # ---- undo --------------------------------------------------------------------------------------
    def _after_step(self, changes: Changes | None, verb: str) -> None:
        if changes is None:
            return
        if changes.doc_id is not None and changes.doc_id != self._doc_id:
            self.show_document(changes.doc_id)
        shown = next((v for v in (self._to_view(m) for m in changes.added if m.live) if v is not None), None)
        if shown is not None:
            self.article.set_current(shown)
        self.message(f"{verb}: {edit_text(changes.description)}", 6000)

    def undo(self) -> None:
        self._after_step(self.undo_controller.undo(), QCoreApplication.translate("MainWindow", "Undone"))

    def redo(self) -> None:
        self._after_step(self.undo_controller.redo(), QCoreApplication.translate("MainWindow", "Redone"))

    def _update_undo_actions(self) -> None:
        u = self.undo_controller
        self.undo_action.setEnabled(u.can_undo() and not self.library.read_only)
        self.redo_action.setEnabled(u.can_redo() and not self.library.read_only)
        self.undo_action.setText(QCoreApplication.translate("MainWindow", "&Undo {what}").format(what=u.undo_text()) if u.can_undo() else QCoreApplication.translate("MainWindow", "&Undo"))
        self.redo_action.setText(QCoreApplication.translate("MainWindow", "&Redo {what}").format(what=u.redo_text()) if u.can_redo() else QCoreApplication.translate("MainWindow", "&Redo"))
