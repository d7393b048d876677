"""Full-text search that finds Chinese words, in reader and in Datasette / sqlite-utils.

SQLite's ``unicode61`` tokeniser treats a run of Han characters as one token, and ``trigram``
needs three characters, so neither finds a two-character word such as 德州 in raw text. The
index (``documents_fts``, an FTS5 table over ``documents`` made the way ``sqlite-utils
enable-fts`` makes it: columns ``title`` and ``text``, ``content=[documents]``, tokenizer
``unicode61``) is therefore not fed the raw text but its **character n-grams**: for every run of
letters and digits, its single characters, then its bigrams, trigrams and 4-grams (``德州经开`` →
``德 州 经 开 德州 州经 经开 德州经 州经开 德州经开``), and a run without Han characters also as
the whole word. So a plain FTS query of one to four characters, which is what ``sqlite-utils
search``, Datasette's ``?_search=`` and a hand-written ``MATCH`` send, matches exactly the
documents containing that string; ``reader list --search`` also finds longer words, as the phrase
of their overlapping 4-grams (consecutive 4-grams are consecutive tokens only inside one run).

A text longer than :data:`BIG_TEXT` characters is indexed differently, so that importing it takes
bounded memory (an 84 MB novel would otherwise make a token string of a gigabyte and SQLite's
index of it several): each distinct n-gram once (all distinct 1- and 2-grams, then the 3- and
4-grams in text order), at most :data:`MAX_TERMS` of them. Matching a word of one to four
characters needs only that the term is in the row, so sqlite-utils and Datasette still find such
a document by any n-gram of its indexed part (its ranking is rougher: each term counts once).
Positions no longer follow the text, and the end of a very varied text may not be indexed at all,
so ``reader list --search`` checks these documents' text itself (see ``search_scan`` in
:mod:`reader.store.library_db`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

MAX_GRAM = 4
BIG_TEXT = 100_000
"""Characters above which a text is indexed as distinct n-grams (see the module's docstring)."""
MAX_TERMS = 1_500_000
"""At most this many distinct n-grams of one big text go into the index (about 150 bytes each
while SQLite builds it). A row is taken out of the index with the terms it was made of: changing
this number or the order of :func:`_distinct_tokens` needs a schema step that re-indexes the
documents in ``search_scan``."""


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """Runs of letters and digits (Han characters included); punctuation and spaces split them."""
    return _WORD.findall(text)


def _has_cjk(word: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in word)


def is_big(text: str | None) -> bool:
    """Whether ``text`` is indexed as distinct n-grams (so its index does not follow the text)."""
    return text is not None and len(text) > BIG_TEXT


def ngram_tokens(text: str | None, *, distinct: bool | None = None) -> str:
    """What the index is fed for ``text``: the n-grams (1..4) of each run, grouped by n; with
    ``distinct`` (by default: for a big text, :func:`is_big`) its distinct n-grams, at most
    :data:`MAX_TERMS`."""
    if distinct is None:
        distinct = is_big(text)
    if distinct:
        return _distinct_tokens(text or "")
    out: list[str] = []
    for w in _words(text or ""):
        k = len(w)
        out.extend(w)
        if k > 1:
            out.extend([w[i : i + 2] for i in range(k - 1)])
            if k > 2:
                out.extend([w[i : i + 3] for i in range(k - 2)])
                if k > 3:
                    out.extend([w[i : i + 4] for i in range(k - 3)])
                    if k > MAX_GRAM and not _has_cjk(w):
                        out.append(w)
    return " ".join(out)


def _distinct_tokens(text: str) -> str:
    """A big text's distinct n-grams: the 1-grams and 2-grams of every run, then the 3- and
    4-grams run by run, then the whole of each long run without Han characters; at most
    :data:`MAX_TERMS` in all (the order is fixed by the text, so deleting the row from the index
    gives the same terms). Runs are found one at a time, never listed."""
    seen: dict[str, None] = {}

    def add(grams: Iterator[str]) -> bool:
        for g in grams:
            if g not in seen:
                if len(seen) >= MAX_TERMS:
                    return False
                seen[g] = None
        return True

    def runs() -> Iterator[str]:
        return (m.group() for m in _WORD.finditer(text))

    if add(w[i : i + n] for n in (1, 2) for w in runs() for i in range(len(w) - n + 1)):
        if add(w[i : i + n] for w in runs() for n in (3, 4) for i in range(len(w) - n + 1)):
            add(w for w in runs() if len(w) > MAX_GRAM and not _has_cjk(w))
    return " ".join(seen)


def _quoted(s: str) -> str:
    return '"' + s.replace('"', '""') + '"'


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression finding every word of ``query`` as a contiguous string."""
    parts = []
    for word in _words(query):
        if len(word) <= MAX_GRAM:
            parts.append(_quoted(word))
        else:
            parts.append(_quoted(" ".join(word[i : i + MAX_GRAM] for i in range(len(word) - MAX_GRAM + 1))))
    return " AND ".join(parts)


def words(query: str) -> list[str]:
    """The words of a query (what :func:`match_expression` looks for)."""
    return _words(query)
