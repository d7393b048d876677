"""Newspaper pages in the main window: reading a shown document as a page (its articles listed),
the article-display helpers (offsets and mentions between the article's reading text and the
page) and the page structure corrections made at the caret of the article shown (paragraph role,
split, merge, move, join), each an undoable edit."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from reader.core.edits import Edit
from reader.core.errors import ReaderError, SpanError
from reader.core.model import DocId, Mention

PAGE_MAX_CHARS = 20_000
"""Documents up to this size are read as newspaper pages when shown (analysed once, stored);
longer ones are shown as plain documents (analysis takes about a second per 30,000 characters)."""


class PagesMixin:
    """Part of :class:`~reader.gui.main_window.MainWindow` (its strings are in the "MainWindow"
    translation context)."""

    def _show_whole_page(self) -> None:
        if self._doc_id is not None:
            self.show_document(self._doc_id)

    def _read_page(self, doc_id: DocId, length: int) -> None:
        """Read a shown document as a newspaper page (once; stored), so that its articles are listed."""
        if length > PAGE_MAX_CHARS:
            return
        try:
            ps = self.library.page_structure(doc_id)
        except ReaderError as e:
            self.message(QCoreApplication.translate("MainWindow", "The page's articles are not listed: {error}").format(error=e), 10000)
            return
        self.doc_list.model_.set_page(doc_id, ps.outline())

    def reanalyse_page(self) -> None:
        """Analyse the shown page again (undoable: corrections come back with Undo)."""
        if self._doc_id is None:
            return
        self.apply_edit(lambda: self.library.edit_reanalyse_page(self._doc()))

    # ---- structure corrections (on the article shown, at the caret) --------------------------------
    def _block_here(self):
        """(page structure, article index, block) at the caret of the article shown."""
        if self._mapping is None or self._doc_id is None:
            raise SpanError("choose an article of a page first (in the document list)")
        offset = self.article.offsets.to_py(self.article.textCursor().position())
        k = self._mapping.block_at(offset)
        ps = self.library.page_structure(self._doc_id)
        art = ps.articles[self._mapping.index]
        if k is None or k >= len(art.blocks):
            raise SpanError("put the caret in a paragraph of the article first")
        return ps, self._mapping.index, art.blocks[k]

    def set_block_role(self, role: str) -> None:
        self.apply_edit(lambda: self.library.edit_block_role(self._doc(), self._block_here()[2].start, role))

    def split_article_here(self) -> None:
        self.apply_edit(lambda: self.library.edit_split_article(self._doc(), self._block_here()[2].start))

    def merge_with_next_article(self) -> None:
        def build() -> Edit:
            ps, index, _block = self._block_here()
            if index + 1 >= len(ps.articles):
                raise SpanError("this is the last article of the page")
            return self.library.edit_merge_articles(self._doc(), index, index + 1)

        self.apply_edit(build)

    def move_block_here(self, step: int) -> None:
        def build() -> Edit:
            ps, index, block = self._block_here()
            target = index + step
            if not 0 <= target < len(ps.articles):
                raise SpanError("there is no article on that side")
            return self.library.edit_move_block(self._doc(), block.start, target)

        self.apply_edit(build)

    def join_here(self, accept: bool) -> None:
        """Accept a join from the paragraph before the caret's into it (or reject the one there)."""

        def build() -> Edit:
            ps, index, block = self._block_here()
            blocks = [b for b in ps.articles[index].blocks if b.role != "caption"]
            if block not in blocks or blocks.index(block) == 0:
                raise SpanError("no paragraph before this one in the article")
            prev = blocks[blocks.index(block) - 1]
            existing = next((j for j in ps.joins if j.from_ == prev.end and block.start <= j.to < block.end), None)
            if existing is None and not accept:
                raise SpanError("this paragraph is not joined to the one before")
            to = existing.to if existing is not None else block.start
            return self.library.edit_join(self._doc(), prev.end, to, accept)

        self.apply_edit(build)

    def _view_annotations(self):
        """The mentions as the view shows them (an article's at reading offsets)."""
        if self._doc_id is None:
            return None
        page = self.library.annotations(self._doc_id)
        return self._mapping.annotations(page) if self._mapping is not None else page

    def _to_view(self, m: Mention | None) -> Mention | None:
        if m is None or self._mapping is None:
            return m
        return self._mapping.to_view(m)

    def _to_page(self, start: int, end: int) -> tuple[int, int]:
        return self._mapping.to_page(start, end) if self._mapping is not None else (start, end)
