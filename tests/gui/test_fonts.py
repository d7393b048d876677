from __future__ import annotations

from PySide6.QtGui import QFontDatabase, QFontInfo


def test_simplified_chinese_font_installed(qapp):
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese), (
        "no Simplified-Chinese font: apt-get install fonts-noto-cjk (Chinese would show as boxes)"
    )


def test_app_font_is_noto_sans_cjk_sc_when_installed(qapp):
    from reader.gui.app import CJK_FAMILIES, setup_fonts

    font = setup_fonts(qapp)
    installed = set(QFontDatabase.families())
    want = next((f for f in CJK_FAMILIES if f in installed), None)
    assert want is not None, "none of the CJK families is installed"
    assert qapp.font().families()[0] == want
    assert QFontInfo(font).family() == want
    if "Noto Sans CJK SC" in installed:
        assert want == "Noto Sans CJK SC"
