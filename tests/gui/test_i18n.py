"""The Chinese interface: every translatable string has a translation, the compiled file is up to
date, the window speaks Chinese under a Chinese locale, and a missing or broken translation falls
back to English with a log line."""

from __future__ import annotations

import logging
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from reader.gui import i18n

REPO = Path(__file__).resolve().parents[2]
TS = REPO / "resources" / "i18n" / "reader_zh_CN.ts"
QM = REPO / "resources" / "i18n" / "reader_zh_CN.qm"


def tool(name: str) -> str:
    exe = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    assert exe, f"{name} comes with PySide6"
    return exe


def messages(ts: Path) -> dict[tuple[str, str], tuple[str, str | None]]:
    out = {}
    for ctx in ET.parse(ts).getroot():
        name = ctx.find("name").text
        for m in ctx.findall("message"):
            tr = m.find("translation")
            out[(name, m.find("source").text)] = (tr.text or "", tr.get("type"))
    return out


def test_every_source_string_has_a_chinese_translation(tmp_path):
    fresh = tmp_path / "fresh.ts"
    sources = sorted(str(p) for p in (REPO / "reader" / "gui").glob("*.py"))
    r = subprocess.run([tool("pyside6-lupdate"), *sources, "-ts", str(fresh)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    wanted = messages(fresh)
    have = messages(TS)
    assert len(wanted) > 100
    missing = [k for k in wanted if k not in have or not have[k][0].strip() or have[k][1] in ("unfinished", "vanished", "obsolete")]
    assert not missing, f"untranslated (run the README's lupdate step and translate): {missing[:10]}"
    for (ctx, src), (zh, _type) in have.items():
        assert set(re.findall(r"\{\w*\}", src)) == set(re.findall(r"\{\w*\}", zh)), (ctx, src, zh)
        assert src.count("&") == zh.count("&"), (ctx, src, zh)
        assert re.search(r"[\u4e00-\u9fff]", zh) or src == zh, (ctx, src, zh)


def test_the_compiled_translation_is_up_to_date(tmp_path):
    out = tmp_path / "zh.qm"
    r = subprocess.run([tool("pyside6-lrelease"), str(TS), "-qm", str(out)], capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
    assert out.read_bytes() == QM.read_bytes(), "run pyside6-lrelease (see the README's developer notes)"


@pytest.fixture
def chinese(qapp):
    from PySide6.QtCore import QTranslator

    tr = QTranslator()
    assert tr.load(str(QM))
    qapp.installTranslator(tr)
    yield
    qapp.removeTranslator(tr)


def test_the_window_speaks_chinese(qtbot, chinese, make_library, open_window, no_extractor):
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QAbstractButton, QComboBox, QDockWidget, QLabel, QLineEdit

    w = open_window(make_library("第一篇文章，王延斌在德州。"))
    w.review.toggle_stats()
    w.review.toggle_kwic()
    w.review.find_bar.open()
    names = set(w.library.label_names) | {"reader", "PNG", "English", "Esc", "F3", "Shift+F3"}

    def english(text: str) -> bool:
        text = re.sub(r"\b(" + "|".join(map(re.escape, names)) + r")\b", "", text.replace("&", ""))
        return bool(re.search(r"[A-Za-z]{2,}", text)) and not re.search(r"[\u4e00-\u9fff]", text)

    found = []
    for a in w.findChildren(QAction):
        if a.text() and not a.isSeparator() and english(a.text()):
            found.append(a.text())
    mine = [
        w.review.find_bar, w.review.kwic_dock, w.review.stats_dock, w.review.status_filter, w.review.progress, w.doc_list,
        w.entity_panel, w.label_bar,
    ]
    for root in mine:
        widgets = [root, *root.findChildren(QLabel), *root.findChildren(QAbstractButton), *root.findChildren(QDockWidget)]
        for wd in widgets:
            for text in (getattr(wd, "text", lambda: "")(), wd.toolTip(), wd.windowTitle() if isinstance(wd, QDockWidget) else ""):
                if text and english(text):
                    found.append(text)
        for edit in root.findChildren(QLineEdit):
            if english(edit.placeholderText()):
                found.append(edit.placeholderText())
        for combo in [root, *root.findChildren(QComboBox)]:
            if isinstance(combo, QComboBox):
                found += [combo.itemText(i) for i in range(combo.count()) if english(combo.itemText(i))]
    from PySide6.QtCore import Qt

    em = w.entity_panel.tree.model()
    found += [em.headerData(i, Qt.Orientation.Horizontal) for i in range(em.columnCount()) if english(str(em.headerData(i, Qt.Orientation.Horizontal)))]
    menu = w.article.build_context_menu(None)
    found += [a.text() for a in menu.actions() if a.text() and english(a.text())]
    m = w.doc_list.model_

    found += [m.headerData(i, Qt.Orientation.Horizontal) for i in range(m.columnCount()) if english(m.headerData(i, Qt.Orientation.Horizontal))]
    found += [w.review.progress.format()] if english(w.review.progress.format()) else []
    assert not found, found


def test_language_follows_the_locale_unless_the_setting_says_otherwise(monkeypatch):
    from PySide6.QtCore import QLocale

    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("zh_CN")))
    assert i18n.chosen_language() == "zh_CN"
    i18n.set_language_setting("en")
    assert i18n.chosen_language() == "en"
    i18n.set_language_setting("system")
    monkeypatch.setattr(i18n.QLocale, "system", staticmethod(lambda: QLocale("de_DE")))
    assert i18n.chosen_language() == "en"
    with pytest.raises(ValueError):
        i18n.set_language_setting("klingon")


@pytest.mark.parametrize("broken", ["missing", "garbage"])
def test_a_missing_or_broken_translation_falls_back_to_english_with_a_log_line(broken, tmp_path, monkeypatch, caplog):
    from PySide6.QtCore import QObject

    bad = tmp_path / "reader_zh_CN.qm"
    if broken == "garbage":
        bad.write_bytes(b"not a translation file")
    monkeypatch.setattr(i18n, "qm_path", lambda lang: bad)
    i18n.set_language_setting("zh_CN")
    fake_app = QObject()
    with caplog.at_level(logging.WARNING, logger="reader.gui"):
        assert i18n.install_translator(fake_app) == "en"
    assert "stays in English" in caplog.text and str(bad) in caplog.text
    i18n.set_language_setting("system")


def test_edit_descriptions_are_shown_in_the_interface_language(chinese):
    assert i18n.edit_text("Tag 「王延斌」 as PER") == "将「王延斌」标注为 PER"
    assert i18n.edit_text("Mark 「今日 要闻」 done") == "将「今日 要闻」标记为已完成"
    assert i18n.edit_text("Accept all 12 suggestions") == "接受全部 12 条建议"
    assert i18n.edit_text("Something new") == "Something new"  # unknown: shown as it is
