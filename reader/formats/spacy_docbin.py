"""spaCy ``.spacy`` export: a DocBin of documents tokenised one character per token.

A Chinese pipeline trained with ``spacy train`` reads the file as it is (``spacy.blank("zh")``
splits text into characters too). Every code point is a token, whitespace included, so
``doc.text`` is the document's text exactly and every mention is a character span; the
entities are the accepted mentions (flat: overlaps and suggestions are left out and counted in
the report). Each doc's ``user_data`` holds ``{"id": ..., "title": ...}``.

Needs spaCy (``pip install 'reader[spacy]'``); without it the export stops with a clear error
and writes nothing. A DocBin is one binary blob, so this export holds the documents' token
arrays (not their Python objects) in memory until it writes the file atomically.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reader.core.errors import ReaderError
from reader.core.model import DocumentRecord

from .common import LiveMentions, LostFields, WriteReport


def _spacy():  # type: ignore[no-untyped-def]
    try:
        import spacy
        from spacy.tokens import Doc, DocBin
    except ImportError:
        raise ReaderError(
            "the spacy format needs spaCy, which is not installed: pip install 'reader[spacy]' (or pip install spacy)"
        ) from None
    return spacy, Doc, DocBin


def write(docs: Iterable[DocumentRecord], out: Path, report: WriteReport, *, overwrite: bool = False) -> None:
    from .registry import atomic_write

    spacy, Doc, DocBin = _spacy()
    try:
        vocab = spacy.blank("zh").vocab
    except Exception:  # a spaCy without the Chinese language data
        from spacy.vocab import Vocab

        vocab = Vocab()
    layers = LiveMentions(accepted_only=True, fmt="spaCy", report=report)
    lost = LostFields("spaCy")
    store = DocBin(store_user_data=True)
    for rec in docs:
        ms = layers.of(rec)
        lost.see(rec)
        doc = Doc(vocab, words=list(rec.text), spaces=[False] * len(rec.text))
        doc.ents = [doc.char_span(m.start, m.end, label=m.label) for m in ms]
        doc.user_data["id"] = rec.id
        doc.user_data["title"] = rec.title
        store.add(doc)
    layers.note()
    lost.note(report)
    atomic_write(out, store.to_bytes(), overwrite=overwrite)
