"""The interface language: English in the source, Simplified Chinese from Qt Linguist files.

The language follows the system locale (``LANG=zh_CN.UTF-8`` gives Chinese) unless the setting
``ui/language`` says otherwise (``system``, ``en`` or ``zh_CN``; *Help ▸ Language* sets it). The
translations are ``resources/i18n/reader_<lang>.ts`` compiled with ``pyside6-lrelease`` to
``.qm`` beside them (see the README's developer notes). A missing or broken ``.qm`` leaves the
interface in English, with one line in the log.
"""

from __future__ import annotations

import logging
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QSettings, QTranslator

from reader.resources import resource_path

log = logging.getLogger("reader.gui")

SETTING = "ui/language"
LANGUAGES = {"en": "English", "zh_CN": "简体中文"}
"""Languages the interface speaks (the names are shown as they are, untranslated)."""


def qm_path(lang: str):
    return resource_path("i18n", f"reader_{lang}.qm")


def language_setting() -> str:
    value = QSettings("reader", "reader").value(SETTING, "system")
    return value if value in ("system", *LANGUAGES) else "system"


def set_language_setting(value: str) -> None:
    if value not in ("system", *LANGUAGES):
        raise ValueError(f"unknown interface language {value!r}")
    QSettings("reader", "reader").setValue(SETTING, value)


def chosen_language() -> str:
    """``zh_CN`` or ``en``: the setting, or else the system locale (any Chinese locale gives
    Simplified Chinese, the only Chinese translation there is)."""
    value = language_setting()
    if value != "system":
        return value
    name = QLocale.system().name()
    return "zh_CN" if name.startswith("zh") else "en"


def install_translator(app: QCoreApplication) -> str:
    """Load the interface translation for :func:`chosen_language` into ``app`` (once); returns
    the language the interface will speak."""
    current = getattr(app, "_reader_language", None)
    if current is not None:
        return current
    lang = chosen_language()
    if lang != "en":
        path = qm_path(lang)
        tr = QTranslator(app)
        if not path.is_file():
            log.warning("interface translation %s is missing (%s); the interface stays in English", lang, path)
            lang = "en"
        elif not tr.load(str(path)) or tr.isEmpty():
            log.warning("interface translation %s cannot be read (%s); the interface stays in English", lang, path)
            lang = "en"
        else:
            app.installTranslator(tr)
            app._reader_translators = [tr]  # type: ignore[attr-defined]  # keep them alive
            qt = QTranslator(app)  # Qt's own words (standard buttons, file dialogs), when installed
            if qt.load(f"qtbase_{lang}", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
                app.installTranslator(qt)
                app._reader_translators.append(qt)  # type: ignore[attr-defined]
            QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    app._reader_language = lang  # type: ignore[attr-defined]
    return lang



def label_description(label) -> str:  # noqa: ANN001 - a reader.core.labels.Label
    """A label's description in the interface language: the seven default descriptions are
    translated; a description the user wrote is shown as written."""
    defaults = {
        "person: a name, full or partial": QCoreApplication.translate("Labels", "person: a name, full or partial"),
        "organisation: company, body, university, newspaper…": QCoreApplication.translate(
            "Labels", "organisation: company, body, university, newspaper…"
        ),
        "named place: country, province, city, zone, park…": QCoreApplication.translate(
            "Labels", "named place: country, province, city, zone, park…"
        ),
        "calendar expression with a number": QCoreApplication.translate("Labels", "calendar expression with a number"),
        "amount of money": QCoreApplication.translate("Labels", "amount of money"),
        "percentage or fraction": QCoreApplication.translate("Labels", "percentage or fraction"),
        "number with a unit of physical measure": QCoreApplication.translate("Labels", "number with a unit of physical measure"),
        "added on import": QCoreApplication.translate("Labels", "added on import"),
    }
    return defaults.get(label.description, label.description)


_EDITS = [
    (re.compile(r"Tag all (\d+) 「(.*)」 as (\S+)", re.S), QT_TRANSLATE_NOOP("Edits", "Tag all {0} 「{1}」 as {2}")),
    (re.compile(r"Tag 「(.*)」 as (\S+)", re.S), QT_TRANSLATE_NOOP("Edits", "Tag 「{0}」 as {1}")),
    (re.compile(r"Accept all (\d+) suggestions"), QT_TRANSLATE_NOOP("Edits", "Accept all {0} suggestions")),
    (re.compile(r"Accept 「(.*)」", re.S), QT_TRANSLATE_NOOP("Edits", "Accept 「{0}」")),
    (re.compile(r"Reject 「(.*)」", re.S), QT_TRANSLATE_NOOP("Edits", "Reject 「{0}」")),
    (re.compile(r"Unreview 「(.*)」", re.S), QT_TRANSLATE_NOOP("Edits", "Unreview 「{0}」")),
    (re.compile(r"Delete 「(.*)」", re.S), QT_TRANSLATE_NOOP("Edits", "Delete 「{0}」")),
    (re.compile(r"Relabel 「(.*)」 (\S+) → (\S+)", re.S), QT_TRANSLATE_NOOP("Edits", "Relabel 「{0}」 {1} → {2}")),
    (re.compile(r"Resize 「(.*)」 → 「(.*)」", re.S), QT_TRANSLATE_NOOP("Edits", "Resize 「{0}」 → 「{1}」")),
    (re.compile(r"Suggest (\d+) entities"), QT_TRANSLATE_NOOP("Edits", "Suggest {0} entities")),
    (re.compile(r"Mark 「(.*)」 done", re.S), QT_TRANSLATE_NOOP("Edits", "Mark 「{0}」 done")),
    (re.compile(r"Mark 「(.*)」 in progress", re.S), QT_TRANSLATE_NOOP("Edits", "Mark 「{0}」 in progress")),
    (re.compile(r"Mark 「(.*)」 new", re.S), QT_TRANSLATE_NOOP("Edits", "Mark 「{0}」 new")),
    (re.compile(r"Merge 「(.*)」 into 「(.*)」", re.S), QT_TRANSLATE_NOOP("Edits", "Merge 「{0}」 into 「{1}」")),
    (re.compile(r"Split 「(.*)」 from 「(.*)」", re.S), QT_TRANSLATE_NOOP("Edits", "Split 「{0}」 from 「{1}」")),
]


def edit_text(description: str) -> str:
    """An edit's description (written in English by the Qt-free application layer, and stored in
    the history as data) in the interface language; one it does not know is shown as it is."""
    for pattern, template in _EDITS:
        m = pattern.fullmatch(description)
        if m:
            return QCoreApplication.translate("Edits", template).format(*m.groups())
    return description
