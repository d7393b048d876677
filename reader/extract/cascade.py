"""The default ensemble's cascade: a small member reads every sentence; the whole ensemble reads
again only around the characters it is unsure of (:class:`Cascade`, :func:`reread`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from reader.extract.crf import N_TAGS, segments, viterbi_sorted

if TYPE_CHECKING:  # pragma: no cover
    from reader.extract.model import NerModel


class Cascade:
    """How an ensemble reads text cheaply: member ``member`` (a small network) tags every sentence
    first, with its own CRF. Its tags are kept wherever each character's most probable tag has a
    probability (marginal, from the forward-backward algorithm) of at least ``confidence``; each
    unsure character, with ``margin`` characters on either side, is tagged again by the whole
    ensemble (the small member's emissions are reused, the others read just enough of the
    sentence around it: their receptive field), decoded with the ensemble's CRF between the kept
    tags on either side. The other members read ``context`` characters on either side of a
    segment (None: their whole receptive field, which gives exactly the emissions they give over
    the whole sentence; fewer is quicker, the emissions near the window's ends then differ a
    little). ``ensemble.json``: ``"cascade": {"member": "fast", "confidence": 0.97, "margin": 3,
    "context": 8}`` (``member``: a member's path)."""

    __slots__ = ("member", "confidence", "margin", "context")

    def __init__(self, member: int, confidence: float, margin: int = 3, context: int | None = None):
        if not 0.0 < confidence <= 1.0:
            raise ValueError(f"cascade confidence must be in (0, 1], not {confidence}")
        for name, v in (("margin", margin), ("context", context)):
            if (v is not None or name == "margin") and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                raise ValueError(f"cascade {name} must be a whole number of characters >= 0, not {v!r}")
        self.member = member
        self.confidence = float(confidence)
        self.margin = margin
        self.context = context

    def __repr__(self) -> str:
        return f"Cascade(member={self.member}, confidence={self.confidence}, margin={self.margin}, context={self.context})"


def reread(model: NerModel, pending: list, cascade: Cascade) -> None:
    """The cascade's second pass: ``pending`` holds (job, tags, unsure positions, (small
    member's emissions, cids, bids, lex)) of the sentences the small member was unsure of;
    their tags are corrected in place around the unsure positions by the whole ensemble."""
    from reader.extract.model import BATCH_CHARS, VITERBI_CHARS  # the model's batch sizes
    k, margin = cascade.member, cascade.margin
    weights = model.member_weights
    reach = cascade.context
    if reach is None:  # the other members' whole receptive field: their emissions exactly
        reach = max((model._radius(j) for j in range(len(weights)) if j != k), default=0)
    windows: list[tuple[int, int, int, list[tuple[int, int]]]] = []  # (pending index, start, end, segments)
    for pi, (job, _, unsure, _) in enumerate(pending):
        n = job[2]
        for a, b in segments(unsure, n, margin):
            w0, w1 = max(0, a - reach), min(n, b + reach)
            if windows and windows[-1][0] == pi and w0 < windows[-1][2]:
                _, s0, _, segs = windows[-1]
                windows[-1] = (pi, s0, w1, segs + [(a, b)])
            else:
                windows.append((pi, w0, w1, [(a, b)]))
    windows.sort(key=lambda w: w[2] - w[1])
    # the ensemble's emissions over each window (exact at its segments: they are at least the
    # reach from the window's ends, or at the sentence's), in batches
    found: list[tuple[int, int, int, np.ndarray]] = []  # (pending index, a, b, emissions)
    i = 0
    while i < len(windows):
        j = i
        while j < len(windows) and (j - i + 1) * (windows[j][2] - windows[j][1]) <= BATCH_CHARS:
            j += 1
        j = max(j, i + 1)
        batch = windows[i:j]
        T = max(w1 - w0 for _, w0, w1, _ in batch)
        first_e = np.zeros((len(batch), T, N_TAGS), dtype=np.float32)
        feats = [np.zeros((len(batch), T) + a.shape[1:], dtype=a.dtype) for a in pending[batch[0][0]][3][1:]]
        mask = np.zeros((len(batch), T, 1), dtype=np.float32)
        for r, (pi, w0, w1, _) in enumerate(batch):
            kept = pending[pi][3]
            first_e[r, : w1 - w0] = kept[0][w0:w1]
            for dst, src in zip(feats, kept[1:]):
                dst[r, : w1 - w0] = src[w0:w1]
            mask[r, : w1 - w0] = 1.0
        emis = None
        for m, wt in enumerate(weights):
            e = first_e if m == k else model.member_emissions(m, *feats, mask)
            e = e * wt
            emis = e if emis is None else emis + e
        for r, (pi, w0, _, segs) in enumerate(batch):
            for a, b in segs:
                found.append((pi, a, b, emis[r, a - w0 : b - w0]))
        i = j
    # each segment decoded with the ensemble's CRF between the small member's tags around it
    found.sort(key=lambda sg: sg[2] - sg[1])
    trans, start, end = model.trans, model.start, model.end
    i = 0
    while i < len(found):
        j = i
        chars = 0
        while j < len(found) and chars < VITERBI_CHARS:
            chars += found[j][2] - found[j][1]
            j += 1
        group = found[i:j]
        lengths = np.fromiter((b - a for _, a, b, _ in group), dtype=np.int64, count=len(group))
        E = np.zeros((int(lengths[-1]), len(group), N_TAGS), dtype=np.float32)
        starts = np.empty((len(group), N_TAGS), dtype=np.float32)
        ends = np.empty((len(group), N_TAGS), dtype=np.float32)
        for r, (pi, a, b, e) in enumerate(group):
            E[: b - a, r] = e
            job, path = pending[pi][0], pending[pi][1]
            starts[r] = start if a == 0 else trans[path[a - 1]]
            ends[r] = end if b == job[2] else trans[:, path[b]]
        paths, _ = viterbi_sorted(E, lengths, (trans, starts, ends))
        for (pi, a, b, _), p in zip(group, paths):
            pending[pi][1][a:b] = p
        i = j
