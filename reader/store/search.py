"""Full-text search that finds Chinese words.

SQLite's ``unicode61`` tokeniser treats a run of Han characters as one token, and ``trigram``
needs three characters, so neither finds a two-character word such as 德州. We index each text
twice in an FTS5 table: as its overlapping character bigrams (``德州经`` → ``德州 州经``) and as
single characters. A query of two or more characters becomes the *phrase* of its bigrams, which
matches exactly the texts that contain it; a one-character query searches the single characters.
"""

from __future__ import annotations


def _words(text: str) -> list[str]:
    """Runs of letters and digits (Han characters included); punctuation and spaces split them."""
    words, cur = [], []
    for c in text:
        if c.isalnum():
            cur.append(c)
        elif cur:
            words.append("".join(cur))
            cur = []
    if cur:
        words.append("".join(cur))
    return words


def bigram_tokens(text: str) -> str:
    return " ".join(w[i : i + 2] for w in _words(text) for i in range(max(len(w) - 1, 1)))


def char_tokens(text: str) -> str:
    return " ".join(c for w in _words(text) for c in w)


def match_expression(query: str) -> str:
    """An FTS5 MATCH expression finding every word of ``query`` as a contiguous string."""
    parts = []
    for word in _words(query):
        if len(word) == 1:
            parts.append(f'chars : "{word}"')
        else:
            grams = " ".join(word[i : i + 2] for i in range(len(word) - 1))
            parts.append(f'grams : "{grams}"')
    return " AND ".join(parts)
