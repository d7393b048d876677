"""Icons and words for a document's review status (drawn, so they look the same everywhere)."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap

from reader.core.review import DocStatus

STATUS_COLORS = {DocStatus.NEW: "#868e96", DocStatus.IN_PROGRESS: "#e67700", DocStatus.DONE: "#2b8a3e"}


def status_text(status: DocStatus) -> str:
    """The status in the interface language."""
    words = {
        DocStatus.NEW: QCoreApplication.translate("DocStatus", "New"),
        DocStatus.IN_PROGRESS: QCoreApplication.translate("DocStatus", "In progress"),
        DocStatus.DONE: QCoreApplication.translate("DocStatus", "Done"),
    }
    return words[status]


@cache
def status_icon(status: DocStatus) -> QIcon:
    """New: an empty ring; in progress: a half-filled ring; done: a filled disc with a tick."""
    icon = QIcon()
    for size in (16, 32):
        pix = QPixmap(size, size)
        pix.fill(Qt.GlobalColor.transparent)
        p = QPainter(pix)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(STATUS_COLORS[status])
        s = size / 16
        box = QRectF(2 * s, 2 * s, 12 * s, 12 * s)
        p.setPen(QPen(color, 1.6 * s))
        if status is DocStatus.DONE:
            p.setBrush(color)
            p.drawEllipse(box)
            tick = QPainterPath(QPointF(5 * s, 8.2 * s))
            tick.lineTo(7.2 * s, 10.4 * s)
            tick.lineTo(11 * s, 5.8 * s)
            p.setPen(QPen(QColor("white"), 1.8 * s, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap, Qt.PenJoinStyle.RoundJoin))
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawPath(tick)
        else:
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(box)
            if status is DocStatus.IN_PROGRESS:
                p.setBrush(color)
                p.setPen(Qt.PenStyle.NoPen)
                p.drawPie(box, 90 * 16, 180 * 16)
        p.end()
        icon.addPixmap(pix)
    return icon
