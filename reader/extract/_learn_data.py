"""The training data of learning from corrections: a reviewed text (:class:`Example`), the lexicon
changes its entities and rejections make (:func:`lexicon_changes`), and its sentences as gold
tag sequences (:func:`training_sequences`, capped at :data:`MAX_TRAIN_CHARS`). Part of
:mod:`reader.extract.learn`."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from reader.extract.model import (
    LABELS,
    MAX_LEN,
    _pieces,
    allowed_transitions,
    normalize,
)

_LEX_BIT = {lab: 1 << (1 + i) for i, lab in enumerate(LABELS)}  # bit 0: general words
MAX_TRAIN_CHARS = 200_000
"""Training text is capped (memory: the frozen features of every character are kept): every
sentence with a reviewed or rejected entity first, then a seeded sample of the others."""

Triple = tuple[int, int, str]


@dataclass(slots=True)
class Example:
    """A reviewed text: its entities (any label; only PER/LOC/ORG teach the model) and the
    spans the reviewer rejected. Every character outside ``entities`` is taught as no entity."""

    text: str
    entities: Sequence[Triple]
    rejected: Sequence[Triple] = ()


def lexicon_changes(examples: Sequence[Example]) -> tuple[dict[str, int], dict[str, int]]:
    """(bits to set, bits to clear) per normalized surface: reviewed entities join the lexicon of
    their label; a surface rejected for a label and never accepted with it leaves that lexicon."""
    add: dict[str, int] = {}
    rejected: dict[str, int] = {}
    for ex in examples:
        for s, e, lab in ex.entities:
            if lab in _LEX_BIT and e - s >= 2:
                w = normalize(ex.text[s:e])
                add[w] = add.get(w, 0) | _LEX_BIT[lab]
        for s, e, lab in ex.rejected:
            if lab in _LEX_BIT and e - s >= 2:
                w = normalize(ex.text[s:e])
                rejected[w] = rejected.get(w, 0) | _LEX_BIT[lab]
    remove = {}
    for w, bits in rejected.items():
        left = bits & ~add.get(w, 0)
        if left:
            remove[w] = left
    return add, remove


# ------------------------------------------------------------------------------------------------
# Training data
# ------------------------------------------------------------------------------------------------


def _tags(n: int, spans: Sequence[Triple]) -> np.ndarray:
    tags = np.zeros(n, dtype=np.int64)
    for s, e, lab in spans:
        if lab not in LABELS or not 0 <= s < e <= n:
            continue
        base = 1 + 4 * LABELS.index(lab)
        if e - s == 1:
            tags[s] = base + 3
        else:
            tags[s] = base
            tags[s + 1 : e - 1] = base + 1
            tags[e - 1] = base + 2
    return tags


def _windows(a: int, b: int, tags: np.ndarray) -> list[tuple[int, int]]:
    """Cut [a, b) into pieces of at most MAX_LEN, never inside an entity where avoidable."""
    out = []
    while b - a > MAX_LEN:
        cut = a + MAX_LEN
        while cut > a + MAX_LEN // 2 and tags[cut] != 0 and (tags[cut] - 1) % 4 not in (0, 3):
            cut -= 1  # move back to an O or the start of an entity
        out.append((a, cut))
        a = cut
    out.append((a, b))
    return out


def _valid(tags: np.ndarray, allowed: np.ndarray, first: np.ndarray, last: np.ndarray) -> bool:
    return bool(first[tags[0]] and last[tags[-1]] and allowed[tags[:-1], tags[1:]].all())


def training_sequences(
    examples: Sequence[Example], *, max_chars: int = MAX_TRAIN_CHARS, seed: int = 0
) -> tuple[list[tuple[str, np.ndarray]], int]:
    """(normalized piece, gold tag ids) for the sentences of ``examples``, and how many were
    skipped (an entity cut by a sentence boundary)."""
    allowed, first, last = allowed_transitions()
    rich: list[tuple[str, np.ndarray]] = []
    plain: list[tuple[str, np.ndarray]] = []
    skipped = 0
    for ex in examples:
        norm = normalize(ex.text)
        tags = _tags(len(norm), ex.entities)
        marked = np.zeros(len(norm) + 1, dtype=np.int64)
        for s, e, _ in ex.rejected:
            if 0 <= s < e <= len(norm):
                marked[s] = 1
        cum = np.cumsum(marked)
        for a0, b0 in _pieces(ex.text):
            for a, b in _windows(a0, b0, tags):
                t = tags[a:b]
                if not _valid(t, allowed, first, last):
                    skipped += 1
                    continue
                item = (norm[a:b], t)
                has_rejected = cum[b - 1] - (cum[a - 1] if a else 0) > 0
                (rich if t.any() or has_rejected else plain).append(item)
    chosen = rich
    total = sum(len(s) for s, _ in rich)
    rng = random.Random(seed)
    rng.shuffle(plain)
    for item in plain:
        if total + len(item[0]) > max_chars:
            break
        chosen.append(item)
        total += len(item[0])
    if total > max_chars:  # too many entity sentences: a seeded sample of them
        rng.shuffle(chosen)
        kept, total = [], 0
        for item in chosen:
            if total + len(item[0]) > max_chars:
                continue
            kept.append(item)
            total += len(item[0])
        chosen = kept
    return chosen, skipped
