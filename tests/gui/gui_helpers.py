"""Helpers for the GUI tests (imported by conftest.py and the test modules)."""

from __future__ import annotations

FAKE_ENTITIES = (("王延斌", "PER"), ("刘潇", "PER"), ("德州经开区", "LOC"), ("10月16日", "DATE"))


class FakeExtractor:
    """Suggests fixed words wherever they occur (the real model may not be installed)."""

    def __init__(self, entities=FAKE_ENTITIES):
        self.entities = entities
        self.texts: list[str] = []
        """Every text it was asked about, in order."""

    def extract(self, text):
        from reader.core.model import Span

        self.texts.append(text)
        out = []
        for word, label in self.entities:
            i = text.find(word)
            while i >= 0:
                out.append(Span(i, i + len(word), label))
                i = text.find(word, i + len(word))
        return sorted(out, key=lambda s: (s.start, s.end))


def select(view, start: int, end: int):
    """Select code points [start, end) in the article, as a user would with the mouse."""
    from PySide6.QtGui import QTextCursor

    cur = QTextCursor(view.document())
    cur.setPosition(view.offsets.to_qt(start))
    cur.setPosition(view.offsets.to_qt(end), QTextCursor.MoveMode.KeepAnchor)
    view.setTextCursor(cur)
    view.setFocus()


def click_at(qtbot, view, position: int):
    """A left click on the character at code point ``position``."""
    from PySide6.QtCore import Qt

    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.point_of(position))


def missing_service():
    """An ExtractionService whose model is not installed."""
    from reader.app.extraction import ExtractionService
    from reader.core.errors import ExtractorUnavailable

    class Missing(ExtractionService):
        def base(self):
            raise ExtractorUnavailable("extractor not available")

        @property
        def version(self):
            raise ExtractorUnavailable("extractor not available")

    return Missing()


def menu_action(menu, path: str):
    """The action of ``menu`` reached by ``path`` of text prefixes, submenus split by "/"
    (``"Relabel/ORG"``), as a user finds it; ``AssertionError`` when there is none."""
    first, _, rest = path.partition("/")
    for a in menu.actions():
        if a.text().replace("&", "").split("\t")[0].startswith(first):
            if rest:
                assert a.menu() is not None, f"{a.text()!r} has no submenu"
                return menu_action(a.menu(), rest)
            return a
    raise AssertionError(f"no menu item {path!r} in {[a.text() for a in menu.actions()]}")
