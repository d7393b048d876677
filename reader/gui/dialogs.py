"""Small dialogs: import options and export options. They only collect choices."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QCheckBox,
)


def formats() -> dict[str, Any]:
    """The format registry's formats (empty while ``reader.formats`` is not installed)."""
    try:
        from reader.formats.registry import FORMATS
    except ImportError:
        return {}
    return dict(FORMATS)


def _can(fmt: Any, what: str) -> bool:
    return bool(getattr(fmt, what, True))


def file_filter(names: list[str] | None = None, *, read: bool = True) -> str:
    """A QFileDialog name filter for the formats (all readable files first)."""
    parts = []
    exts: list[str] = []
    for name, fmt in formats().items():
        if names is not None and name not in names:
            continue
        if not _can(fmt, "can_read" if read else "can_write"):
            continue
        pats = " ".join(f"*{e}" for e in getattr(fmt, "extensions", ()))
        exts.extend(getattr(fmt, "extensions", ()))
        parts.append(f"{name}: {getattr(fmt, 'description', name)} ({pats})")
    if not parts:
        parts = [QCoreApplication.translate("FileDialogs", "Text files (*.txt)")]
        exts = [".txt"]
    every = " ".join(sorted({"*" + e for e in exts}))
    head = QCoreApplication.translate("FileDialogs", "All supported files ({patterns})").format(patterns=every) if read else None
    return ";;".join(([head] if head else []) + parts + [QCoreApplication.translate("FileDialogs", "All files (*)")])


@dataclass
class ImportChoice:
    fmt: str | None
    encoding: str | None
    skip_bad: bool


class ImportDialog(QDialog):
    """Format (or guess from the extension), encoding, and whether to skip bad records."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Import"))
        self.format = QComboBox()
        self.format.addItem(self.tr("Guess from the file name"), None)
        for name, fmt in formats().items():
            if _can(fmt, "can_read"):
                self.format.addItem(f"{name} — {getattr(fmt, 'description', '')}", name)
        self.encoding = QLineEdit()
        self.encoding.setPlaceholderText(self.tr("detect (UTF-8, GB18030, Big5…)"))
        self.skip_bad = QCheckBox("Skip bad records and import the rest")
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Encoding"), self.encoding)
        form.addRow("", self.skip_bad)
        _lay_out(self, form)

    def choice(self) -> ImportChoice:
        return ImportChoice(self.format.currentData(), self.encoding.text().strip() or None, self.skip_bad.isChecked())


def _lay_out(dialog: QDialog, form: QFormLayout) -> None:
    """The form, then OK and Cancel."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    lay = QVBoxLayout(dialog)
    lay.addLayout(form)
    lay.addWidget(box)


@dataclass
class ExportChoice:
    fmt: str
    whole_library: bool
    scheme: str


class ExportDialog(QDialog):
    """Format, scope (this document or the whole library) and tag scheme."""

    def __init__(self, parent: QWidget | None = None, *, has_document: bool = True) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export"))
        self.format = QComboBox()
        for name, fmt in formats().items():
            if _can(fmt, "can_write"):
                self.format.addItem(f"{name} — {getattr(fmt, 'description', '')}", name)
        self.current = QRadioButton(self.tr("Current document"))
        self.library = QRadioButton(self.tr("Whole library"))
        self.current.setEnabled(has_document)
        (self.current if has_document else self.library).setChecked(True)
        self.scheme = QComboBox()
        for s in ("bio", "bioes", "bmes"):
            self.scheme.addItem(s.upper(), s)
        self.scheme.setToolTip(self.tr("Tag scheme (only for formats that have one: CoNLL)"))
        form = QFormLayout()
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Documents"), self.current)
        form.addRow("", self.library)
        form.addRow(self.tr("Tag scheme"), self.scheme)
        _lay_out(self, form)
        self.format.currentIndexChanged.connect(self._update_scheme)
        self._update_scheme()

    def _update_scheme(self) -> None:
        """The scheme can be chosen only for a format that has schemes."""
        fmt = formats().get(self.format.currentData())
        schemes = tuple(getattr(fmt, "schemes", ()) or ())
        self.scheme.setEnabled(bool(schemes))

    def choice(self) -> ExportChoice:
        return ExportChoice(self.format.currentData(), self.library.isChecked(), self.scheme.currentData())
