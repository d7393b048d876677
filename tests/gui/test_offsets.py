from __future__ import annotations

import pytest
from PySide6.QtGui import QTextCursor, QTextDocument

from reader.gui.offsets import OffsetMap

CASES = {
    "bmp": "第一行\n第二行：目标词\n",
    "astral": "𠮷野家在东京𠮷祥寺\n目标词",
    "emoji": "好😀消息😀😀\n目标词",
    "crlf": "第一行\r\n第二行\r\n目标词\r\n",
    "lone_cr": "第一行\r第二行\n目标词",
    "together": "第一行𠮷😀\r\n第二行：目标词\r\n𠮷\r\n",
    "astral_first": "𠮷\r\n😀目标",
    "crlf_first": "\r\n\r\n目标𠮷",
    "empty": "",
}


@pytest.mark.parametrize("name", CASES)
def test_offset_map_matches_qtextdocument(name):
    text = CASES[name]
    doc = QTextDocument()
    doc.setPlainText(text)
    omap = OffsetMap(text)
    assert omap.qt_length == doc.characterCount() - 1
    cur = QTextCursor(doc)
    for i in range(len(text)):
        if text[i] == "\n" and i > 0 and text[i - 1] == "\r":
            continue  # the middle of a CRLF is not a position in Qt
        j = i + 1
        if text[i] == "\r" and text[i + 1 : i + 2] == "\n":
            j = i + 2
        a, b = omap.span_to_qt(i, j)
        cur.setPosition(a)
        cur.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        got = cur.selectedText().replace("\u2029", "\n")
        want = text[i:j].replace("\r\n", "\n").replace("\r", "\n")
        assert got == want, (i, a, b)
        assert omap.span_to_py(a, b) == (i, j)


@pytest.mark.parametrize("name", CASES)
def test_offset_map_finds_word_like_qt(name):
    text = CASES[name]
    if "目标" not in text:
        return
    doc = QTextDocument()
    doc.setPlainText(text)
    omap = OffsetMap(text)
    qt = doc.find("目标").selectionStart()
    assert omap.to_qt(text.index("目标")) == qt
    assert omap.to_py(qt) == text.index("目标")


def test_offset_map_identity_for_plain_chinese():
    omap = OffsetMap("今天天气很好")
    assert omap.identity
    assert [omap.to_qt(i) for i in range(7)] == list(range(7))


def test_offset_map_inside_surrogate_pair_goes_after_the_character():
    omap = OffsetMap("a😀b")
    assert omap.to_py(2) == 2  # between the two halves of 😀
    assert omap.to_qt(2) == 3


def test_offset_map_long_text_is_fast():
    import time

    text = ("新闻𠮷报道😀\r\n" * 20000)
    t = time.perf_counter()
    omap = OffsetMap(text)
    for i in range(0, len(text), 7):
        omap.to_py(omap.to_qt(i))
    assert time.perf_counter() - t < 2.0
    assert omap.to_py(omap.to_qt(len(text))) == len(text)
