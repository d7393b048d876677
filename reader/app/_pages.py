"""Newspaper pages in the :class:`~reader.app.library.Library`: a document's page structure
(analysed once and stored), its outline, and the edits that correct it (applied through the
library's one chokepoint); with the helpers that exports use to credit bylines."""

from __future__ import annotations

from reader.core.edits import Edit
from reader.core.model import DocId
from reader.pages import PageStructure, analyse_page
from reader.pages import corrections as page_corrections
from reader.store import LibraryStore

PAGE_ANALYSER = "pages-1"
"""Names the page analysis that made a stored structure (kept with it in the library)."""


class PagesMixin:
    """Part of :class:`~reader.app.library.Library` (works on its store and its cache of pages)."""

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
