"""A newspaper page in the window: its articles listed under it, one article read on its own,
tagging in an article landing on the page's exact offsets (𠮷 and CRLF included)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from reader.app.library import Library
from reader.core.model import DocumentRecord

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "news-page-zh.txt"

pytestmark = pytest.mark.gui


def _page_library(tmp_path, text: str) -> Library:
    lib = Library.open(tmp_path / "lib.db")
    lib.import_records([DocumentRecord(text, "园区")])
    return lib


def test_page_lists_its_articles_and_shows_one(tmp_path, open_window, no_extractor, qtbot):
    lib = _page_library(tmp_path, SAMPLE.read_text(encoding="utf-8"))
    try:
        w = open_window(lib)
        model = w.doc_list.model_
        parent = model.index(0, 0)
        rows = [model.index(r, 0, parent).data() for r in range(model.rowCount(parent))]
        assert len(rows) == 7 and rows[0].endswith("当好北向发展“桥头堡”") and rows[6].startswith("贵阳高新区")
        assert rows[3] == "— K 园镜头 —"  # the section label over the last three, not selectable
        assert not model.flags(model.index(3, 0, parent)) & Qt.ItemFlag.ItemIsSelectable
        assert model.articles(w.doc_id)[3].startswith("“晋创谷·晋中”")
        # choosing an article in the list shows it
        w.doc_list.setCurrentIndex(model.index(0, 0, parent))
        assert w.shown_article is not None and w.shown_article.index == 0
        text = w.article.text
        assert text.startswith("锚定主导产业 做优营商环境\n山东德州经开区")
        assert "部长陈海荣说" in text and "迁至德州经开区的众多企业之一" in text
        assert "北京亦庄" not in text  # the articles interleaved with it stay out
        assert "article 1 of 6" in w.title_label.text()
        roles = {role for _, _, role in w.article.roles}
        assert {"headline", "byline", "intertitle", "caption"} <= roles
        # the headline is drawn larger than the body
        cur = w.article.textCursor()
        cur.setPosition(2)
        head_size = cur.charFormat().fontPointSize()
        cur.setPosition(w.article.offsets.to_qt(text.index("10月16日") + 2))
        assert head_size > cur.charFormat().fontPointSize()
        # the last article, with its caption last
        w.show_article(w.doc_id, 5)
        assert w.article.text.rstrip().endswith("受访者供图")
    finally:
        lib.close()


@pytest.mark.parametrize("variant", ["plain", "astral+crlf"])
def test_tagging_in_an_article_lands_on_page_offsets(variant, tmp_path, open_window, no_extractor, qtbot):
    page = SAMPLE.read_text(encoding="utf-8")
    if variant != "plain":
        page = page.replace("熔炼", "𠮷熔炼").replace("\n", "\r\n")
    lib = _page_library(tmp_path, page)
    try:
        w = open_window(lib)
        doc = w.doc_id
        w.show_article(doc, 0)
        for word, key, label in (("陈海荣", Qt.Key.Key_1, "PER"), ("𠮷熔炼" if variant != "plain" else "熔炼", Qt.Key.Key_3, "LOC")):
            found = w.article.document().find(word)
            assert found.selectedText() == word
            w.article.setTextCursor(found)
            qtbot.keyClick(w.article, key)
            start = page.index(word)
            got = [(m.start, m.end) for m in Library.open(lib.path, create=False).store.mentions(doc) if m.label == label]
            assert got == [(start, start + len(word))], (word, got)
            # the highlight covers the same characters in the article view
            m = next(x for x in w.article.annotations.live() if x.label == label)
            assert w.article.text[m.start : m.end] == word
        # the entity panel lists the article's entities
        assert w.entity_panel is not None
        # a selection across the column break is refused, nothing written
        text = w.article.text
        a = text.index("部部长") + 1
        w.article.select_span(a, a + 4)  # 部长 | 陈海 crosses the join
        before = len(lib.store.mentions(doc))
        w.article.apply_label("ORG")
        assert len(lib.store.mentions(doc)) == before
        assert "cannot run from one paragraph" in w.statusBar().currentMessage()
        # undo goes back through the same history
        w.undo()
        assert [m.label for m in lib.store.mentions(doc)] == ["PER"]
    finally:
        lib.close()


def test_structure_correction_updates_the_list_and_can_be_undone(tmp_path, open_window, no_extractor, qtbot):
    lib = _page_library(tmp_path, SAMPLE.read_text(encoding="utf-8"))
    try:
        w = open_window(lib)
        doc = w.doc_id
        w.show_article(doc, 3)
        w.apply_edit(lambda: lib.edit_merge_articles(doc, 3, 4))
        parent = w.doc_list.model_.index(0, 0)
        assert len(w.doc_list.model_.articles(doc)) == 5
        assert "开放创新合作交流会举行" in w.article.text  # the merged article is shown
        w.undo()
        assert len(w.doc_list.model_.articles(doc)) == 6
        w.reanalyse_page()  # nothing corrected: nothing to change
        assert "nothing to change" in w.statusBar().currentMessage()
        w.apply_edit(lambda: lib.edit_merge_articles(doc, 0, 1))
        w.reanalyse_page()
        assert lib.undo_description() == "Analyse the page again"
        assert w.doc_list.model_.rowCount(parent) == 7
    finally:
        lib.close()


def test_a_plain_document_has_no_children(tmp_path, open_window, no_extractor):
    lib = Library.open(tmp_path / "lib.db")
    lib.import_records([DocumentRecord("市场回暖\n\n记者从商务部获悉，一月份消费市场回暖。", "t")])
    try:
        w = open_window(lib)
        assert w.doc_list.model_.rowCount(w.doc_list.model_.index(0, 0)) == 0
        assert w.shown_article is None and w.article.text.startswith("市场回暖")
    finally:
        lib.close()


def test_page_menu_corrects_the_block_at_the_caret(tmp_path, open_window, no_extractor, qtbot):
    lib = _page_library(tmp_path, SAMPLE.read_text(encoding="utf-8"))
    try:
        w = open_window(lib)
        doc = w.doc_id
        w.show_article(doc, 0)
        text = w.article.text
        # the caption at the end becomes body text
        w.article.select_span(len(text) - 3, len(text) - 3)
        w.set_block_role("body")
        ps = lib.page_structure(doc)
        assert "caption" not in {b.role for b in ps.articles[0].blocks}
        # reject the join that skips the repeated 长, then accept it again
        w.article.select_span(w.article.text.index("陈海荣"), w.article.text.index("陈海荣"))
        w.join_here(False)
        assert "长长陈海荣" not in w.article.text and "部长\n长陈海荣" in w.article.text
        w.article.select_span(w.article.text.index("长陈海荣") + 1, w.article.text.index("长陈海荣") + 1)
        w.join_here(True)  # accepted again: past the repeated character, as proposed
        assert "部长陈海荣说" in w.article.text
        assert any(j.status == "accepted" for j in lib.page_structure(doc).joins)
        w.undo()
        assert "部长\n长陈海荣" in w.article.text
        # split before the intertitle, merge back
        i = w.article.text.index("着力发展新一代")
        w.article.select_span(i, i)
        w.split_article_here()
        assert len(lib.page_structure(doc).articles) == 7
        w.merge_with_next_article()
        assert len(lib.page_structure(doc).articles) == 6
        # at the caret of a whole page nothing is corrected, with a message
        w.show_document(doc)
        w.split_article_here()
        assert "choose an article" in w.statusBar().currentMessage()
    finally:
        lib.close()


def test_titles_from_the_file_are_shown_as_text(tmp_path, open_window, no_extractor):
    page = SAMPLE.read_text(encoding="utf-8").replace("贵阳高新区\n博士后", "<b>贵阳</b>高新区\n博士后")
    lib = _page_library(tmp_path, page)
    try:
        w = open_window(lib)
        model = w.doc_list.model_
        parent = model.index(0, 0)
        tip = model.index(model.rowCount(parent) - 1, 0, parent).data(Qt.ItemDataRole.ToolTipRole)
        assert "&lt;b&gt;贵阳&lt;/b&gt;" in tip and "<b>" not in tip
        w.show_article(w.doc_id, 5)
        assert w.title_label.textFormat() == Qt.TextFormat.PlainText
        assert w.article.text.startswith("<b>贵阳</b>高新区")
    finally:
        lib.close()
