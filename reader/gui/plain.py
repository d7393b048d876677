"""Text is text: file contents, titles, label names and error messages are never rendered as HTML.

Qt guesses: a QLabel, a tooltip or a message box whose text *looks* like markup
(``Qt::mightBeRichText``) is rendered as rich text, so a title ``<img src=x>`` would load an image
and ``<h1>`` would shout. Everything in the GUI that shows such text goes through here:

- :func:`label` / :func:`set_plain`: QLabels with ``Qt.PlainText``;
- :func:`menu_text`: menu items, where ``&`` would mark a shortcut key;
- :func:`tooltip`: tooltips (which cannot be told their format) escaped into HTML that shows
  the text literally;
- :func:`critical`, :func:`warning`, :func:`information`, :func:`question`: message boxes with
  ``Qt.PlainText`` (the static ``QMessageBox.critical`` & co. guess).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import Qt as QtGui  # convertFromPlainText lives in QtGui's Qt namespace
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget

Button = QMessageBox.StandardButton


def label(text: str = "", parent: QWidget | None = None) -> QLabel:
    """A QLabel that shows ``text`` as it is."""
    w = QLabel(parent)
    w.setTextFormat(Qt.TextFormat.PlainText)
    w.setText(text)
    return w


def menu_text(text: str) -> str:
    """``text`` for a menu item or button: ``&`` stays a character (not a shortcut marker)."""
    return text.replace("&", "&&")


def tooltip(text: str) -> str:
    """A tooltip string that shows ``text`` literally (markup in it is escaped)."""
    if not text:
        return ""
    return QtGui.convertFromPlainText(text, Qt.WhiteSpaceMode.WhiteSpaceNormal)


def _box(
    icon: QMessageBox.Icon,
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Button = Button.Ok,
    default: Button = Button.NoButton,
) -> Button:
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default != Button.NoButton:
        box.setDefaultButton(default)
    try:
        return Button(box.exec())
    finally:
        box.deleteLater()


def critical(parent: QWidget | None, title: str, text: str) -> Button:
    return _box(QMessageBox.Icon.Critical, parent, title, text)


def warning(parent: QWidget | None, title: str, text: str) -> Button:
    return _box(QMessageBox.Icon.Warning, parent, title, text)


def information(parent: QWidget | None, title: str, text: str) -> Button:
    return _box(QMessageBox.Icon.Information, parent, title, text)


def question(
    parent: QWidget | None,
    title: str,
    text: str,
    buttons: Button = Button.Yes | Button.No,
    default: Button = Button.NoButton,
) -> Button:
    return _box(QMessageBox.Icon.Question, parent, title, text, buttons, default)
