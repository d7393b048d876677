"""Step 3 of :func:`reader.pages.analyse.analyse_page`: which article each block belongs to.

Every headline opens an article; each other block goes to one of the articles opened so far by a
Viterbi pass over character n-gram profiles (:class:`_Profiles`, against the page's background),
in rounds from a few first guesses, the best-scoring reading kept. Also holds the numbers tuned on
generated pages, those of step 2 (:data:`FIT`, :data:`HEAD_BLOCKS`) among them.
"""

from __future__ import annotations

import math
import re
from collections import Counter

from ._segment import _Block
from ._text import _ends_cut, _starts_mid

# ---- step 3: articles --------------------------------------------------------------------------


# Tuned on generated pages of 2026-01-27 and 2026-01-28 (tests/bench/score_pages.py).
FIT = 0.06  # share of a run's page-shared n-grams an open article must hold for a title to be its intertitle
HEAD_BLOCKS = 2  # a headline: a kicker and a title at most
GUESSES = (1, 2, 3)  # first guesses (paragraphs trusted under each headline); the best-scoring reading is kept
ROUNDS = 5  # Viterbi rounds (each with the articles of the round before)


def _grams(s: str) -> Counter[str]:
    """Character bigrams and trigrams inside runs of word characters."""
    c: Counter[str] = Counter()
    for run in re.findall(r"[\u3400-\u9fff\U00020000-\U0002ffffA-Za-z0-9·]+", s):
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                c[run[i : i + n]] += 1
    return c


class _Profiles:
    """Per-block n-gram counts and the page's background model."""

    def __init__(self, blocks: list[_Block]) -> None:
        self.vecs = [_grams(b.text) for b in blocks]
        self.page: Counter[str] = Counter()
        for v in self.vecs:
            self.page.update(v)
        self.total = max(1, sum(self.page.values()))
        self._cache: dict[int, tuple[list[tuple[str, int, float, float]], float, int, int]] = {}

    def fit(self, run: Counter[str], counts: Counter[str]) -> float:
        """Share of a text's n-grams found elsewhere on the page that an article holds (idf-weighted)."""
        num = den = 0.0
        for g, c in run.items():
            elsewhere = self.page[g] - c
            if elsewhere <= 0:
                continue
            w = math.log(self.total / self.page[g])
            den += w
            if counts.get(g):
                num += w
        return num / den if den else 0.0

    def _prepared(self, k: int) -> tuple[list[tuple[str, int, float, float]], float, int, int]:
        """Block k's n-grams seen elsewhere on the page: (gram, count, MU·bg, log(MU·bg)), the
        sum of count·(log(MU·bg) − log bg), their count, and the block's total count."""
        got = self._cache.get(k)
        if got is None:
            v = self.vecs[k]
            own_total = sum(v.values())
            rest_total = max(1, self.total - own_total)
            items = []
            base = 0.0
            n = 0
            for g, c in v.items():
                elsewhere = self.page[g] - c
                if elsewhere <= 0:
                    continue
                bg = elsewhere / rest_total
                mb = MU * bg
                lmb = math.log(mb)
                items.append((g, c, mb, lmb))
                base += c * (lmb - math.log(bg))
                n += c
            got = self._cache[k] = (items, base, n, own_total)
        return got

    def score(self, k: int, counts: Counter[str], size: int, own: bool) -> float:
        """Log-likelihood ratio of block k under an article's model (Dirichlet-smoothed towards
        the page) against the page's, per gram: Σ c·log((c_a + MU·bg) / ((N_a + MU)·bg))."""
        items, base, n, own_total = self._prepared(k)
        if own:
            size -= own_total
        out = base - n * math.log(size + MU)
        get = counts.get
        for g, c, mb, lmb in items:
            cs = get(g)
            if cs:
                if own:
                    cs -= c
                    if cs <= 0:
                        continue
                out += c * (math.log(cs + mb) - lmb)
        return out / math.sqrt(n + 1)


MU = 700.0  # Dirichlet smoothing of an article's n-gram model towards the page's
SWITCH = 5.0  # cost of going to another article between two paragraphs
SWITCH_AFTER_CUT = 2.0  # … after a sentence cut by a column break, or before a paragraph that starts mid-sentence
STAY_JOIN = 3.0  # … when a cut sentence is followed by a paragraph that starts mid-sentence
SIM_WEIGHT = 1.0
AFTER_INTERTITLE = 1.5  # a column rarely ends right under an intertitle
WINDOW = 10  # a block continues one of the last articles opened (a page holds a dozen at most)


def _assign_articles(blocks: list[_Block]) -> int:
    """Give every block but section labels an article index; returns the number of articles."""
    n = len(blocks)
    # headline groups open articles
    n_art = 0
    opens: dict[int, int] = {}
    i = 0
    while i < n:
        if blocks[i].role == "headline":
            j = i
            while j + 1 < n and blocks[j + 1].role == "headline":
                j += 1
            for k in range(i, j + 1):
                opens[k] = n_art
            n_art += 1
            i = j + 1
        else:
            i += 1
    has_preamble = any(b.role not in ("label",) for b in blocks[: min(opens) if opens else n])
    offset = 1 if has_preamble else 0
    total = n_art + offset
    if total == 0:
        return 0
    for k in opens:
        opens[k] += offset

    # units in order: everything but labels; captions follow the article of the block above
    order = [k for k in range(n) if blocks[k].role != "label"]
    prof = _Profiles(blocks)

    # first guesses: each block to the last opened article, stopping at an evident column break
    # (or after the first paragraphs under a headline); each is refined by rounds of Viterbi and
    # the reading that explains the page best is kept
    best: tuple[float, dict[int, int]] | None = None
    for trust in GUESSES:
        got = _refine(blocks, order, opens, total, prof, _guess(blocks, order, opens, has_preamble, trust))
        if best is None or got[0] > best[0] + 1e-9:
            best = got
    assert best is not None
    assign = best[1]
    for k, a in assign.items():
        blocks[k].article = a
    return total


def _guess(blocks: list[_Block], order: list[int], opens: dict[int, int], has_preamble: bool, trust: int) -> dict[int, int]:
    """Each block to the last opened article, up to an evident column break or ``trust`` paragraphs."""
    current = 0 if has_preamble else -1
    guess: dict[int, int] = {}
    broken = False
    taken = 0
    for k in order:
        if k in opens:
            current = opens[k]
            broken = False
            taken = 0
        if current < 0:
            current = 0
        b = blocks[k]
        if not broken:
            guess[k] = current
        if b.role == "body":
            taken += 1
            if taken >= trust:  # the column may end anywhere: trust only the top of a run
                broken = True
            nxt = _next_body(blocks, k)
            if _ends_cut(b.text) and (nxt is None or not _starts_mid(blocks[nxt].text)):
                broken = True
            elif nxt is not None and _starts_mid(blocks[nxt].text) and not _ends_cut(b.text):
                broken = True
    return guess


def _refine(
    blocks: list[_Block], order: list[int], opens: dict[int, int], total: int, prof: _Profiles, assign: dict[int, int]
) -> tuple[float, dict[int, int]]:
    """Rounds of Viterbi, each with the articles of the round before; the last path and its score."""
    value = -math.inf
    for _round in range(ROUNDS):
        profiles: list[Counter[str]] = [Counter() for _ in range(total)]
        for k, a in assign.items():
            profiles[a].update(prof.vecs[k])
        new, value = _viterbi(blocks, order, opens, total, profiles, prof, assign)
        if new == assign:
            break
        assign = new
    return value, assign


def _next_body(blocks: list[_Block], k: int) -> int | None:
    for j in range(k + 1, len(blocks)):
        if blocks[j].role == "body":
            return j
        if blocks[j].role in ("headline", "label"):
            return None
    return None


def _viterbi(
    blocks: list[_Block],
    order: list[int],
    opens: dict[int, int],
    total: int,
    counts: list[Counter[str]],
    prof: _Profiles,
    assign: dict[int, int],
) -> tuple[dict[int, int], float]:
    NEG = -1e9
    sizes = [sum(c.values()) for c in counts]
    opened = 0 if (opens and order[0] in opens) else 1  # a preamble is article 0
    score: list[float] = [NEG] * total
    back: list[list[int]] = []
    prev_body: int | None = None
    prev_k: int | None = None
    for k in order:
        b = blocks[k]
        bp = list(range(total))
        new = [NEG] * total
        if k in opens:
            a = opens[k]
            opened = max(opened, a + 1)
            if prev_k is None:
                new[a] = 0.0
            elif prev_k in opens and opens[prev_k] == a:
                new[a] = score[a]
                bp = [a] * total
            else:
                best = max(range(total), key=lambda x: score[x])
                new[a] = score[best]
                bp = [best] * total
            score = new
            back.append(bp)
            prev_k = k
            continue
        if prev_k is None:
            new[0] = _emission(k, 0, counts, sizes, prof, assign)
            score = new
            back.append(bp)
            prev_k = k
            if b.role == "body":
                prev_body = k
            continue
        sticky = b.role in ("caption", "byline")
        switch = SWITCH * AFTER_INTERTITLE if blocks[prev_k].role == "intertitle" else SWITCH
        if b.role == "body" and prev_body is not None:
            pb = blocks[prev_body]
            cut = _ends_cut(pb.text)
            mid = _starts_mid(b.text) or (cut and pb.text.rstrip()[-1:] == b.text[:1])
            if cut and mid:
                switch = STAY_JOIN
            elif cut or mid:
                switch = SWITCH_AFTER_CUT
        low = max(0, opened - WINDOW)
        for s in range(low, opened):
            if sticky:
                cand, arg = score[s], s
            else:
                cand, arg = score[s], s
                for p in range(low, opened):
                    if p != s and score[p] - switch > cand:
                        cand, arg = score[p] - switch, p
            if cand <= NEG / 2:
                continue
            emit = 0.0 if b.role == "caption" else _emission(k, s, counts, sizes, prof, assign)
            new[s] = cand + emit
            bp[s] = arg
        score = new
        back.append(bp)
        prev_k = k
        if b.role == "body":
            prev_body = k
    s = max(range(total), key=lambda x: score[x])
    value = score[s]
    result: dict[int, int] = {}
    for idx in range(len(order) - 1, -1, -1):
        result[order[idx]] = s
        s = back[idx][s]
    return result, value


def _emission(k: int, s: int, counts: list[Counter[str]], sizes: list[int], prof: _Profiles, assign: dict[int, int]) -> float:
    return SIM_WEIGHT * prof.score(k, counts[s], sizes[s], assign.get(k) == s)
