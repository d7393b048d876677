"""CSV export for spreadsheets: one row per mention (export only).

Columns: ``doc_id, title, start, end, label, text, left, right, origin, status``; ``left`` and
``right`` are the 20 characters before and after the mention. Accepted and suggested mentions are
written (the status column tells them apart); rejected ones never. Rows follow document order,
then text order.

UTF-8 with a byte-order mark (so that Excel shows Chinese rather than mojibake), ``\\n`` row ends,
fields quoted when needed (line breaks inside a cell are kept, quoted). Any text cell that starts
with ``=``, ``+``, ``-`` or ``@`` gets a leading ``'`` so that a
spreadsheet does not run it as a formula (CSV injection). Offsets are code points.
"""

from __future__ import annotations

import csv
import io

from reader.core.model import DocumentRecord, Status

from .common import WriteReport, note_lost

HEADER = ["doc_id", "title", "start", "end", "label", "text", "left", "right", "origin", "status"]
CONTEXT = 20
_FORMULA = ("=", "+", "-", "@")


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(HEADER)
    for k, doc in enumerate(docs, 1):
        doc_id = doc.id if doc.id is not None else k
        for m in sorted(doc.mentions, key=lambda m: (m.start, m.end, m.label)):
            if m.status is Status.REJECTED:
                continue
            t = doc.text
            w.writerow([
                doc_id,
                neutralise(doc.title),
                m.start,
                m.end,
                neutralise(m.label),
                neutralise(t[m.start:m.end]),
                neutralise(t[max(0, m.start - CONTEXT):m.start]),
                neutralise(t[m.end:m.end + CONTEXT]),
                str(m.origin),
                str(m.status),
            ])
    note_lost(docs, report, "CSV")
    return buf.getvalue()
