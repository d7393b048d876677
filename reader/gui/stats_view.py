"""The statistics view: mentions per label by status (stacked bars), documents by status and the
top entities per label, with the same numbers as ``reader stats``. Clicking a bar filters the
document list; *Export PNG…* saves the charts.

Charts are drawn with pyqtgraph (about 2 MB, pure Python on the Qt the app already has) rather
than QtCharts, which needs PySide6-Addons (well over 100 MB) next to the PySide6-Essentials
reader depends on.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyqtgraph as pg
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStackedLayout,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.review import DocStatus
from reader.gui.status_icons import STATUS_COLORS, status_text

if TYPE_CHECKING:
    from reader.gui.main_window import MainWindow
    from reader.gui.review import ReviewTools

MENTION_COLORS = {"accepted": "#2f9e44", "suggested": "#74c0fc", "rejected": "#ced4da"}


def mention_word(status: str) -> str:
    words = {
        "accepted": QCoreApplication.translate("StatsDock", "Accepted"),
        "suggested": QCoreApplication.translate("StatsDock", "Suggested"),
        "rejected": QCoreApplication.translate("StatsDock", "Rejected"),
    }
    return words[status]


class _Bars(pg.BarGraphItem):
    """Bars that report which one was clicked."""

    def __init__(self, keys: list[Any], on_click: Any, **kw: Any) -> None:
        super().__init__(**kw)
        self._keys = keys
        self._on_click = on_click
        self._x = list(kw["x"])
        self._width = kw.get("width", 0.8)

    def mouseClickEvent(self, ev: Any) -> None:  # noqa: N802
        x = ev.pos().x()
        for i, center in enumerate(self._x):
            if abs(x - center) <= self._width / 2:
                ev.accept()
                self._on_click(self._keys[i])
                return
        ev.ignore()


class StatsDock(QDockWidget):
    def __init__(self, window: MainWindow, tools: ReviewTools) -> None:
        super().__init__(window)
        self.setWindowTitle(self.tr("Statistics"))
        self.setObjectName("stats_dock")
        self.window_ = window
        self.tools = tools
        pg.setConfigOptions(antialias=True, background="w", foreground="#343a40")
        body = QWidget()
        outer = QVBoxLayout(body)
        outer.setContentsMargins(6, 4, 6, 4)
        self.stack = QStackedLayout()
        self.empty = QLabel(self.tr("No documents yet: import some (File ▸ Import…) to see statistics."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        charts = QWidget()
        lay = QVBoxLayout(charts)
        lay.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        lay.addWidget(self.summary)
        self.plots = pg.GraphicsLayoutWidget()
        self.plots.setMinimumHeight(480)
        scene = self.plots.scene()
        for action in list(getattr(scene, "contextMenu", [])):  # pyqtgraph's own "Export..." (untranslated):
            action.setParent(None)  # Export PNG… below does it
        scene.contextMenu = []
        self.label_plot = self.plots.addPlot(row=0, col=0, title=self.tr("Mentions per label"))
        self.doc_plot = self.plots.addPlot(row=1, col=0, title=self.tr("Documents by status"))
        self.time_plot = self.plots.addPlot(row=2, col=0, title=self.tr("Reviewed over time (mentions per day)"))
        for p in (self.label_plot, self.doc_plot, self.time_plot):
            p.setMouseEnabled(x=False, y=False)
            p.hideButtons()
            p.setMenuEnabled(False)
            p.showGrid(y=True, alpha=0.2)
        self.plots.ci.layout.setRowStretchFactor(0, 3)
        self.plots.ci.layout.setRowStretchFactor(1, 2)
        self.plots.ci.layout.setRowStretchFactor(2, 2)
        self.legend = self.label_plot.addLegend(offset=(-10, 10))
        lay.addWidget(self.plots, 3)
        self.top = QTreeWidget()
        self.top.setHeaderLabels([self.tr("Top entities"), self.tr("Mentions")])
        self.top.itemActivated.connect(self._on_top_item)
        self.top.itemClicked.connect(self._on_top_item)
        self.top.setMaximumHeight(220)
        lay.addWidget(self.top, 1)
        row = QHBoxLayout()
        self.clear_button = QPushButton(self.tr("Show all documents"))
        self.clear_button.clicked.connect(self.clear_filter)
        self.export_button = QPushButton(self.tr("Export PNG…"))
        self.export_button.clicked.connect(self.export_dialog)
        row.addWidget(self.clear_button)
        row.addStretch(1)
        row.addWidget(self.export_button)
        lay.addLayout(row)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(charts)
        outer.addLayout(self.stack)
        self.setWidget(body)
        self.stats: dict[str, Any] = {}

    # ---- drawing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        lib = self.window_.library
        self.stats = lib.stats(top=10)
        progress = lib.progress()
        if not progress["documents"]:
            self.stack.setCurrentIndex(0)
            return
        self.stack.setCurrentIndex(1)
        docs = self.stats["documents"]
        self.summary.setText(
            self.tr("{n} documents: {new} new, {progress} in progress, {done} done · {reviewed} of {mentions} mentions reviewed").format(
                n=progress["documents"], new=docs["new"], progress=docs["in_progress"], done=docs["done"],
                reviewed=progress["reviewed"], mentions=progress["mentions"],
            )
        )
        self._draw_labels()
        self._draw_docs()
        self._draw_timeline()
        self._fill_top()

    def _draw_labels(self) -> None:
        p = self.label_plot
        p.clear()
        self.legend.clear()
        labels = [lb for lb, c in self.stats["labels"].items() if sum(c.values())] or list(self.stats["labels"])
        xs = list(range(len(labels)))
        base = [0] * len(labels)
        for status in ("accepted", "suggested", "rejected"):
            heights = [self.stats["labels"][lb][status] for lb in labels]
            bars = _Bars(
                [(lb, status) for lb in labels],
                self._on_label_bar,
                x=xs, height=heights, y0=list(base), width=0.7,
                brush=MENTION_COLORS[status], pen=pg.mkPen("#ffffff", width=1),
            )
            p.addItem(bars)
            self.legend.addItem(bars, mention_word(status))
            base = [b + h for b, h in zip(base, heights)]
        p.getAxis("bottom").setTicks([list(zip(xs, labels))])
        p.setXRange(-0.6, max(len(labels) - 0.4, 0.6), padding=0)
        p.setYRange(0, max(base + [1]) * 1.1, padding=0)

    def _draw_docs(self) -> None:
        p = self.doc_plot
        p.clear()
        statuses = list(DocStatus)
        xs = list(range(len(statuses)))
        heights = [self.stats["documents"][s.value] for s in statuses]
        bars = _Bars(
            statuses, self._on_doc_bar, x=xs, height=heights, width=0.6,
            brushes=[STATUS_COLORS[s] for s in statuses], pen=pg.mkPen("#ffffff", width=1),
        )
        p.addItem(bars)
        p.getAxis("bottom").setTicks([[(x, status_text(s)) for x, s in zip(xs, statuses)]])
        p.setXRange(-0.6, len(statuses) - 0.4, padding=0)
        top = max(heights + [1])
        p.setYRange(0, top * 1.15, padding=0)
        step = max(1, round(top / 4))
        p.getAxis("left").setTicks([[(v, str(v)) for v in range(0, top + step, step)]])

    def _draw_timeline(self) -> None:
        p = self.time_plot
        p.clear()
        days = self.window_.library.review_timeline()[-30:]
        if not days:
            p.getAxis("bottom").setTicks([[(0, self.tr("no reviews yet"))]])
            p.setXRange(-0.6, 0.6, padding=0)
            return
        xs = list(range(len(days)))
        heights = [n for _d, n, _done in days]
        p.addItem(pg.BarGraphItem(x=xs, height=heights, width=0.7, brush=MENTION_COLORS["accepted"], pen=pg.mkPen("#ffffff")))
        every = max(1, len(days) // 6)
        p.getAxis("bottom").setTicks([[(x, d[5:]) for x, (d, _n, _k) in zip(xs, days) if x % every == 0]])
        p.setXRange(-0.6, len(days) - 0.4, padding=0)
        p.setYRange(0, max(heights + [1]) * 1.15, padding=0)

    def _fill_top(self) -> None:
        self.top.clear()
        for label, rows in self.stats["top"].items():
            parent = QTreeWidgetItem([label, ""])
            for surface, n in rows:
                item = QTreeWidgetItem([surface, str(n)])
                item.setData(0, Qt.ItemDataRole.UserRole, (label, surface))
                parent.addChild(item)
            self.top.addTopLevelItem(parent)
            parent.setExpanded(True)
        self.top.resizeColumnToContents(0)

    # ---- clicks ----------------------------------------------------------------------------------
    def _on_label_bar(self, key: tuple[str, str]) -> None:
        label, status = key
        ids = self.window_.library.documents_with(label, status)
        self.window_.doc_list.set_filter(set(ids))
        self.window_.message(
            self.tr("{n} document(s) with {status} {label} mentions (Show all documents clears this)").format(
                n=len(ids), status=mention_word(status).lower(), label=label
            ),
            8000,
        )

    def _on_doc_bar(self, status: DocStatus) -> None:
        self.tools.filter_status(status)
        self.window_.message(self.tr("Showing the documents marked: {status}").format(status=status_text(status)), 5000)

    def _on_top_item(self, item: QTreeWidgetItem, _col: int = 0) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            self.tools.kwic_dock.scope.setCurrentIndex(1)
            self.tools.kwic_dock.show_entity(*data)
            self.tools.kwic_dock.show()

    def clear_filter(self) -> None:
        self.window_.doc_list.set_filter(None)
        self.window_.search_box.clear()
        self.tools.filter_status(None)

    # ---- export ----------------------------------------------------------------------------------
    def export_png(self, path: str) -> bool:
        """Save the charts as a PNG image."""
        return self.plots.grab().save(path, "PNG")

    def export_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Export the charts"), "reader-statistics.png", self.tr("PNG image (*.png)")
        )
        if not path:
            return
        if not path.lower().endswith(".png"):
            path += ".png"
        if self.export_png(path):
            self.window_.message(self.tr("Charts saved to {path}").format(path=path), 6000)
        else:
            self.window_.message(self.tr("Could not write {path}").format(path=path), 10000)
