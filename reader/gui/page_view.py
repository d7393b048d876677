"""One article of a newspaper page, shown as a person reads it.

:class:`PageArticleView` is the article view with block styles: it shows either a whole document
(exactly as :class:`~reader.gui.article_view.ArticleView`) or the reading text of one article
(:mod:`reader.pages.reading`), with the headline set large and bold, the byline in grey italics,
intertitles bold and captions apart, smaller and indented. The styles are merged under the mention
highlights, so tagging and review look and work the same.

:class:`ArticleMapping` converts between the page and the article's reading text: the window
shows the article's mentions at reading offsets and turns every selection back into page
offsets before it asks the library for an edit. The page text is never changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from PySide6.QtGui import QColor, QFont, QTextBlockFormat, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QWidget

from reader.core.annotations import AnnotationSet
from reader.core.errors import SpanError
from reader.core.model import Mention
from reader.core.spans import trim_whitespace
from reader.gui.article_view import ArticleView
from reader.pages.reading import Reading

ROLE_STYLE = {
    # role: (size factor, bold, italic, colour, top margin, left margin)
    "headline": (1.4, True, False, "#1b1f24", 10, 0),
    "intertitle": (1.08, True, False, "#343a40", 12, 0),
    "byline": (0.92, False, True, "#5c677d", 2, 0),
    "caption": (0.88, False, True, "#6c757d", 16, 28),
}


class ArticleMapping:
    """Offsets of one article's reading text against the page's."""

    def __init__(self, doc_id: int, index: int, title: str, reading: Reading) -> None:
        self.doc_id = doc_id
        self.index = index
        self.title = title
        self.reading = reading

    @property
    def text(self) -> str:
        return self.reading.text

    def roles(self) -> list[tuple[int, int, str]]:
        return [(s.start, s.end, s.role) for s in self.reading.segments]

    def to_view(self, m: Mention) -> Mention | None:
        span = self.reading.to_reading(m.start, m.end)
        return m.with_(start=span[0], end=span[1]) if span is not None else None

    def view_mentions(self, mentions: Iterable[Mention]) -> list[Mention]:
        return [v for v in (self.to_view(m) for m in mentions) if v is not None]

    def annotations(self, page: AnnotationSet) -> AnnotationSet:
        """The page's mentions that lie in this article, at reading offsets (same ids)."""
        return AnnotationSet(page.doc_id, len(self.reading.text), self.view_mentions(page.all()))

    def block_at(self, offset: int) -> int | None:
        """Index (in the article) of the block holding reading offset ``offset`` (or just before it)."""
        segs = self.reading.segments
        for seg in segs:
            if seg.start <= offset < seg.end:
                return seg.block
        before = [seg for seg in segs if seg.end <= offset]
        return before[-1].block if before else (segs[0].block if segs else None)

    def to_page(self, start: int, end: int) -> tuple[int, int]:
        """A selection of the reading text as page offsets; :class:`SpanError` when it crosses
        from one piece of the page to another (a mention is one span of the page)."""
        start, end = trim_whitespace(self.reading.text, start, end)
        if start >= end:
            raise SpanError("the selection holds only whitespace")
        first, last = self.reading.segment_of(start), self.reading.segment_of(end - 1)
        if first is None or first != last:
            raise SpanError("a mention cannot run from one paragraph (or column) of the page into another")
        a = self.reading.to_page(start)
        b = self.reading.to_page(end - 1) + 1
        if self.reading.to_reading(a, b) != (start, end):
            raise SpanError("a mention cannot run from one paragraph (or column) of the page into another")
        return a, b


class PageArticleView(ArticleView):
    """The article view, with headline, byline, intertitle and caption styles when given roles."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._roles: list[tuple[int, int, str]] = []

    @property
    def roles(self) -> list[tuple[int, int, str]]:
        return list(self._roles)

    def set_document(self, text: str, annotations: AnnotationSet | None, roles: Sequence[tuple[int, int, str]] = ()) -> None:  # type: ignore[override]
        """Show a text; ``roles``: (start, end, role) pieces of an article's reading text to style."""
        self._roles = [r for r in roles if r[2] in ROLE_STYLE]
        super().set_document(text, annotations)
        if self._roles:
            cur = QTextCursor(self.document())
            cur.beginEditBlock()
            for start, end, role in self._roles:
                self._style(cur, start, end, role, block=True)
            cur.endEditBlock()

    def replace_annotations(self, annotations: AnnotationSet) -> None:
        """New mentions for the text shown (an article's, re-read after an edit); call
        :meth:`apply_changes` for the ranges that changed."""
        self._annotations = annotations

    def _clear(self, cur: QTextCursor, start: int, end: int) -> None:
        super()._clear(cur, start, end)
        self._restyle(cur, start, end)

    def _format(self, cur: QTextCursor, m: Mention) -> None:
        super()._format(cur, m)
        self._restyle(cur, m.start, m.end)

    def _restyle(self, cur: QTextCursor, start: int, end: int) -> None:
        for s, e, role in self._roles:
            if s < end and start < e:
                self._style(cur, max(s, start), min(e, end), role, block=False)

    def _style(self, cur: QTextCursor, start: int, end: int, role: str, *, block: bool) -> None:
        size, bold, italic, color, top, left = ROLE_STYLE[role]
        self._select(cur, start, end)
        fmt = QTextCharFormat()
        base = self.font().pointSizeF()
        if base > 0:
            fmt.setFontPointSize(base * size)
        if bold:
            fmt.setFontWeight(QFont.Weight.Bold)
        fmt.setFontItalic(italic)
        fmt.setForeground(QColor(color))
        cur.mergeCharFormat(fmt)
        if block:
            bf = QTextBlockFormat()
            bf.setTopMargin(top)
            bf.setLeftMargin(left)
            cur.mergeBlockFormat(bf)
