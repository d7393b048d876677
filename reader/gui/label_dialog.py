"""The label editor: colour, key and description of each label, and new labels.

It only collects the labels; ``apply`` (the library's ``update_labels``) checks and stores them. A
refusal is shown in the dialog, which stays open with what the user typed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QColorDialog,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import ReaderError
from reader.core.labels import Label, palette_color

NAME, COLOR, KEY, DESCRIPTION = range(4)


class ColorButton(QPushButton):
    """A swatch that opens a colour picker."""

    def __init__(self, color: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(self.tr("Choose the highlight colour"))
        self.clicked.connect(self._pick)
        self.set_color(color)

    def set_color(self, color: str) -> None:
        self.color = QColor(color).name()
        self.setText(self.color)
        text = "#000000" if QColor(color).lightnessF() > 0.55 else "#ffffff"
        self.setStyleSheet(f"background-color: {self.color}; color: {text}; padding: 2px 8px;")

    def _pick(self) -> None:
        chosen = QColorDialog.getColor(QColor(self.color), self, "Label colour")
        if chosen.isValid():
            self.set_color(chosen.name())


class LabelsDialog(QDialog):
    def __init__(
        self,
        labels: Sequence[Label],
        apply: Callable[[list[Label]], object],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Labels"))
        self._apply = apply
        self._n_existing = len(labels)
        self.table = QTableWidget(0, 4, self)
        self.table.setHorizontalHeaderLabels([self.tr("Name"), self.tr("Colour"), self.tr("Key"), self.tr("Description")])
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(NAME, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COLOR, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(KEY, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(DESCRIPTION, QHeaderView.ResizeMode.Stretch)
        for lb in labels:
            self._add_row(lb, editable_name=False)
        self.add_button = QPushButton(self.tr("Add label"))
        self.add_button.clicked.connect(self.add_label)
        self.error = QLabel()
        self.error.setTextFormat(Qt.TextFormat.PlainText)  # errors name labels: text, not markup
        self.error.setStyleSheet("color: #c92a2a;")
        self.error.setWordWrap(True)
        note = QLabel(
            self.tr(
                "Names are stored with every mention and cannot change. Keys are one digit or letter "
                "(A, N, P and X are kept for reviewing)."
            )
        )
        note.setWordWrap(True)
        note.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.table, 1)
        lay.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        lay.addWidget(note)
        lay.addWidget(self.error)
        lay.addWidget(buttons)
        self.resize(680, 460)

    def _add_row(self, lb: Label, *, editable_name: bool) -> int:
        row = self.table.rowCount()
        self.table.insertRow(row)
        name = QLineEdit(lb.name)
        name.setReadOnly(not editable_name)
        name.setPlaceholderText("NAME")
        name.setFrame(editable_name)
        self.table.setCellWidget(row, NAME, name)
        self.table.setCellWidget(row, COLOR, ColorButton(lb.color))
        key = QLineEdit(lb.key)
        key.setMaxLength(1)
        key.setFixedWidth(40)
        self.table.setCellWidget(row, KEY, key)
        self.table.setCellWidget(row, DESCRIPTION, QLineEdit(lb.description))
        return row

    def add_label(self) -> QLineEdit:
        row = self._add_row(Label("", palette_color(self.table.rowCount())), editable_name=True)
        name = self.table.cellWidget(row, NAME)
        name.setFocus()
        return name  # type: ignore[return-value]

    def widget(self, row: int, column: int) -> QWidget:
        return self.table.cellWidget(row, column)

    def labels(self) -> list[Label]:
        out = []
        for row in range(self.table.rowCount()):
            name = self.widget(row, NAME).text().strip().upper()  # type: ignore[attr-defined]
            if not name and row >= self._n_existing:
                continue  # an added row left empty
            out.append(
                Label(
                    name,
                    self.widget(row, COLOR).color,  # type: ignore[attr-defined]
                    self.widget(row, KEY).text(),  # type: ignore[attr-defined]
                    self.widget(row, DESCRIPTION).text(),  # type: ignore[attr-defined]
                )
            )
        return out

    def accept(self) -> None:
        try:
            self._apply(self.labels())
        except ReaderError as e:
            self.error.setText(self.tr("Not saved: {error}").format(error=e))
            return
        super().accept()
