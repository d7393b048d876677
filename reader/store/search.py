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
"""

from __future__ import annotations

import re

MAX_GRAM = 4


_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    """Runs of letters and digits (Han characters included); punctuation and spaces split them."""
    return _WORD.findall(text)


def _has_cjk(word: str) -> bool:
    return any(ord(c) >= 0x2E80 for c in word)


def ngram_tokens(text: str | None) -> str:
    """What the index is fed for ``text``: the n-grams (1..4) of each run, grouped by n."""
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
