"""CSV export for spreadsheets: one row per mention (export only).

Columns: ``doc_id, title, start, end, label, text, left, right, origin, status``; ``left`` and
``right`` are the 20 characters before and after the mention. Accepted and suggested mentions are
written (the status column tells them apart); rejected ones never. Rows follow document order,
then text order.

UTF-8 with a byte-order mark (so that Excel shows Chinese rather than mojibake), ``\\n`` row ends,
fields quoted when they hold a comma, a quote, a line feed or a carriage return (line breaks
inside a cell are kept, quoted, so the file parses back as the same rows; Python's ``csv`` writer
leaves a lone ``\\r`` unquoted with ``\\n`` row ends, so rows are written here). Any text cell
that starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading ``'`` so
that a spreadsheet does not run it as a formula (CSV injection). Offsets are code points.
"""

from __future__ import annotations

import io

from reader.core.model import DocumentRecord, Status

from .common import WriteReport, note_lost

HEADER = ["doc_id", "title", "start", "end", "label", "text", "left", "right", "origin", "status"]
CONTEXT = 20
_FORMULA = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = frozenset(',"\r\n')


def neutralise(cell: str) -> str:
    return "'" + cell if cell.startswith(_FORMULA) else cell


def _field(value: object) -> str:
    text = str(value)
    if _QUOTE.isdisjoint(text):
        return text
    return '"' + text.replace('"', '""') + '"'


class _Writer:
    """Rows as RFC 4180 fields with ``\\n`` row ends, every field holding ``\\r`` quoted."""

    def __init__(self, buf: io.StringIO) -> None:
        self.buf = buf

    def writerow(self, row: list[object]) -> None:
        self.buf.write(",".join(_field(v) for v in row) + "\n")


def dump(docs: list[DocumentRecord], report: WriteReport, scheme: str = "bio") -> str:
    buf = io.StringIO()
    w = _Writer(buf)
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
