"""A tag made in the view lands on exactly the selected characters, in the database and in an
export, for texts with characters above U+FFFF (𠮷, emoji) and CRLF line ends."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument

from reader.app.library import Library

TEXTS = {
    "astral": "𠮷野家的老板𠮷田说：王延斌来了德州。",
    "emoji": "好消息😀😀！王延斌今天到德州😀。",
    "crlf": "第一行\r\n第二行\r\n王延斌在德州\r\n",
    "together": "𠮷😀第一行\r\n第二行😀\r\n王延斌在𠮷德州\r\n",
}


def _has_formats() -> bool:
    try:
        import reader.formats.registry  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.parametrize("name", TEXTS)
def test_tag_in_view_lands_on_selected_characters(name, make_library, open_window, qtbot, no_extractor, tmp_path):
    text = TEXTS[name]
    lib = make_library(text)
    w = open_window(lib)
    doc = w.doc_id
    assert lib.document(doc).text == text
    # select with Qt's own search (UTF-16 positions), exactly as a mouse selection would be
    for word, key, label in (("王延斌", Qt.Key.Key_1, "PER"), ("德州", Qt.Key.Key_3, "LOC")):
        found = w.article.document().find(word)
        assert found.selectedText() == word
        w.article.setTextCursor(found)
        qtbot.keyClick(w.article, key)
        fresh = Library.open(lib.path, create=False)
        try:
            got = [(m.start, m.end) for m in fresh.store.mentions(doc) if m.label == label]
        finally:
            fresh.close()
        start = text.index(word)
        assert got == [(start, start + len(word))]
        assert text[got[0][0] : got[0][1]] == word
    # the highlight sits on the same characters
    m = lib.annotations(doc).live()[0]
    a, b = w.article.offsets.span_to_qt(m.start, m.end)
    cur = w.article.textCursor()
    cur.setPosition(a)
    cur.setPosition(b, cur.MoveMode.KeepAnchor)
    assert cur.selectedText() == text[m.start : m.end]
    if not _has_formats():
        pytest.skip("reader.formats not installed: export part skipped")
    out = tmp_path / "out.jsonl"
    lib.export(out, "jsonl")
    rec = json.loads(out.read_text(encoding="utf-8").splitlines()[0])
    assert rec["text"] == text
    spans = {(s["start"], s["end"], s["label"]) for s in rec["spans"]}
    for word, label in (("王延斌", "PER"), ("德州", "LOC")):
        start = text.index(word)
        assert (start, start + len(word), label) in spans
        assert rec["text"][start : start + len(word)] == word


def test_qt_and_python_disagree_without_the_map():
    """Guard for the test above: in these texts the naive offsets really are wrong."""
    for name in ("astral", "emoji", "crlf"):
        text = TEXTS[name]
        doc = QTextDocument()
        doc.setPlainText(text)
        assert doc.find("王延斌").selectionStart() != text.index("王延斌"), name
