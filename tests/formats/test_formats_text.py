"""Decoding (UTF-8, BOMs, UTF-16, GB18030, Big5, --encoding) and the txt/md/html readers."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from reader.core.errors import InputError
from reader.formats import read
from reader.formats.text import decode, html_to_text

SIMPLIFIED = "山东德州经开区召开新一代信息技术关键材料产业合作大会。\r\n新华社北京电"
TRADITIONAL = "臺灣新聞：經濟開發區的發展。"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (codecs.BOM_UTF8 + SIMPLIFIED.encode("utf-8"), SIMPLIFIED),
        (SIMPLIFIED.encode("utf-16"), SIMPLIFIED),  # with BOM (native order)
        (codecs.BOM_UTF16_BE + SIMPLIFIED.encode("utf-16-be"), SIMPLIFIED),
        (codecs.BOM_UTF16_LE + "𠮷野家😀".encode("utf-16-le"), "𠮷野家😀"),
        (SIMPLIFIED.encode("gb18030"), SIMPLIFIED),
        (TRADITIONAL.encode("big5"), TRADITIONAL),
        ("𠮷野家在上海开店。".encode("gb18030"), "𠮷野家在上海开店。"),  # astral char only GB18030 holds
    ],
)
def test_decode(data: bytes, expected: str) -> None:
    assert decode(data, "x.txt") == expected


def test_encoding_override(tmp_path: Path) -> None:
    data = "中国".encode("gbk")
    assert decode(data, "x", "gbk") == "中国"
    with pytest.raises(InputError, match="not valid utf-8"):
        decode(data, "x", "utf-8")
    with pytest.raises(InputError, match="unknown encoding"):
        decode(data, "x", "klingon")
    p = tmp_path / "a.txt"
    p.write_bytes(data)
    assert read([p], encoding="gbk").docs[0].text == "中国"


def test_txt_reader_keeps_text_exactly(tmp_path: Path) -> None:
    text = "\n  " + "标" * 70 + "  \r\n\t第二行 𠮷\r\n"
    p = tmp_path / "news.txt"
    p.write_bytes(text.encode("gb18030"))
    (doc,) = read([p]).docs
    assert doc.text == text
    assert doc.title == "标" * 60
    assert doc.mentions == []
    (doc2,) = read([p], "txt").docs
    assert doc2.text == text


def test_txt_title_falls_back_to_stem(tmp_path: Path) -> None:
    p = tmp_path / "稿件.txt"
    p.write_bytes("   \n".encode())
    assert [str(e) for e in read([p]).errors] == [f"{p}: file holds only whitespace"]


def test_md_title_without_hashes(tmp_path: Path) -> None:
    p = tmp_path / "a.md"
    p.write_text("# 标题 一\n\n正文 **粗体**\n", encoding="utf-8")
    (doc,) = read([p]).docs
    assert doc.title == "标题 一" and doc.text == "# 标题 一\n\n正文 **粗体**\n"


def test_html_reduced_never_rendered() -> None:
    source = """<!doctype html><html><head><title>新闻 &amp; 评论</title>
    <style>p { color: red }</style><script>alert("x")</script></head>
    <body><h1>德州经开区</h1><p>新华社  北京
    电&nbsp;&lt;记者&gt;</p><div>第二段<br>第三行</div><ul><li>一</li><li>二</li></ul>
    <pre>a  b\n c</pre></body></html>"""
    text, title = html_to_text(source)
    assert title == "新闻 & 评论"
    assert text == "德州经开区\n新华社 北京 电\xa0<记者>\n第二段\n第三行\n一\n二\na  b\n c"


def test_html_file_with_meta_charset(tmp_path: Path) -> None:
    p = tmp_path / "page.htm"
    p.write_bytes('<html><head><meta charset="gbk"></head><body><p>山东德州</p></body></html>'.encode("gbk"))
    (doc,) = read([p]).docs
    assert doc.text == "山东德州" and doc.title == "山东德州"


def test_folder_walked_sorted(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text("二", encoding="utf-8")
    (tmp_path / "a.txt").write_text("一", encoding="utf-8")
    (tmp_path / "c.md").write_text("三", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    res = read([tmp_path])
    assert res.errors == []
    assert [d.text for d in res.docs] == ["一", "二", "三"]  # a.txt, b/2.txt, c.md
