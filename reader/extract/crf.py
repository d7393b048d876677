"""The linear-chain CRF over BIOES tags the NER networks end in: the allowed moves, decoding
(Viterbi, also between given boundary tags), each character's marginal probabilities
(forward-backward), and tag ids to spans. Batched over sequences sorted by length, time-major: one
numpy call per time step serves every sequence still running."""

from __future__ import annotations

import numpy as np

LABELS: tuple[str, ...] = ("PER", "LOC", "ORG")
N_TAGS = 1 + 4 * len(LABELS)  # O, then B I E S for each label


def tag_names() -> list[str]:
    return ["O"] + [f"{p}-{lab}" for lab in LABELS for p in "BIES"]


def allowed_transitions() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """BIOES constraints: (from, to) matrix, allowed first tags, allowed last tags."""
    names = tag_names()
    trans = np.zeros((N_TAGS, N_TAGS), dtype=bool)
    first = np.zeros(N_TAGS, dtype=bool)
    last = np.zeros(N_TAGS, dtype=bool)
    for i, a in enumerate(names):
        pa, la = (a.split("-") + [""])[:2]
        first[i] = pa in ("O", "B", "S")
        last[i] = pa in ("O", "E", "S")
        for j, b in enumerate(names):
            pb, lb = (b.split("-") + [""])[:2]
            if pa in ("O", "E", "S"):
                trans[i, j] = pb in ("O", "B", "S")
            else:  # B or I: must continue the same label
                trans[i, j] = pb in ("I", "E") and lb == la
    return trans, first, last


def masked_crf(trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The CRF's (transitions, start, end) in float32 with the moves BIOES forbids at -1e4."""
    allowed, first, last = allowed_transitions()
    big = np.float32(-1e4)
    return (
        np.where(allowed, trans, big).astype(np.float32),
        np.where(first, start, big).astype(np.float32),
        np.where(last, end, big).astype(np.float32),
    )


def decode_tags(tags: np.ndarray, offset: int = 0) -> list[tuple[int, int, int]]:
    """BIOES tag ids to (start, end, label index); tolerant of broken sequences."""
    out: list[tuple[int, int, int]] = []
    start = -1
    lab = -1
    prev = -2
    for p in np.flatnonzero(tags).tolist():
        t = int(tags[p]) - 1
        lb, pos = divmod(t, 4)
        if start >= 0 and (pos in (0, 3) or lb != lab or p != prev + 1):
            out.append((start + offset, prev + 1 + offset, lab))
            start = -1
        if start < 0:
            start, lab = p, lb
        prev = p
        if pos in (2, 3):
            out.append((start + offset, p + 1 + offset, lab))
            start = -1
    if start >= 0:
        out.append((start + offset, prev + 1 + offset, lab))
    return out


def viterbi_sorted(E: np.ndarray, lengths: np.ndarray, crf: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[list[np.ndarray], np.ndarray]:
    """Viterbi over time-major emissions ``E`` (time, sequences, tags) of sequences sorted by
    ascending length: at step t the sequences still running are a suffix of the rows, so each
    step is a few numpy calls over all of them, and a finished sequence is left alone. The
    arithmetic of each sequence is the per-batch decoder's, in the same order (same paths).
    Returns the paths and their scores."""
    trans, start, end = crf  # start, end: (tags,) or one row per sequence (sequences, tags)
    T, N, K = E.shape
    trans_t = np.ascontiguousarray(trans.T)  # (to, from): the reductions run over the last axis
    first = np.searchsorted(lengths, np.arange(T), side="right").tolist()  # first row still running at t
    score = (start if start.ndim == 2 else start[None, :]) + E[0]
    back: list[np.ndarray] = [np.empty(0, dtype=np.intp)] * T
    cand = np.empty((N if T > 1 else 0, K, K), dtype=score.dtype)
    flat = cand.reshape(-1)
    at = np.arange(len(cand) * K) * K
    for t in range(1, T):
        k = first[t]
        c = cand[k:]
        np.add(score[k:, None, :], trans_t, out=c)  # c[b, j, i] = score[b, i] + trans[i, j]
        best = c.argmax(axis=2)
        back[t] = best
        # the maximum is the candidate the argmax picked (the same float as a max reduction)
        np.add(flat[at[k * K :] + best.reshape(-1)].reshape(-1, K), E[t, k:], out=score[k:])
    score += end if end.ndim == 2 else end[None, :]
    cur = score.argmax(axis=1)
    best = score[np.arange(N), cur]
    paths = np.empty((T, N), dtype=np.int8)
    offsets = np.arange(N) * K
    for t in range(T - 1, -1, -1):
        k = first[t]
        paths[t, k:] = cur[k:]
        if t:
            cur[k:] = back[t].reshape(-1)[offsets[: N - k] + cur[k:]]
    rows = np.ascontiguousarray(paths.T)
    return [rows[r, :n] for r, n in enumerate(lengths.tolist())], best


RESCALE_STEPS = 8
"""The forward and backward vectors are scaled back to sum 1 every this many steps (float64: a
step can shrink them by e^-50 at worst, far from the smallest double)."""


def marginals_sorted(E: np.ndarray, lengths: np.ndarray, crf: tuple[np.ndarray, np.ndarray, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Each character's most probable tag under the CRF and its marginal probability
    (forward-backward), both (time, sequences), for time-major emissions ``E`` of sequences sorted
    by ascending length as the decoder reads them (probability 1 past a sequence's end). The
    forward and backward vectors are kept in float64 and rescaled every ``RESCALE_STEPS`` steps: a
    marginal is their product normalised over the tags, so their scale at each step cancels."""
    trans, start, end = crf
    T, N, K = E.shape
    first = np.searchsorted(lengths, np.arange(T + 1), side="right").tolist()  # rows [first[t]:] run at t
    M = np.exp(trans.astype(np.float64) - trans.max())  # disallowed moves (-1e4) are 0
    G = np.exp((E - E.max(axis=2, keepdims=True)).astype(np.float64))
    A = np.ones((T, N, K))
    np.multiply(np.exp(start.astype(np.float64) - start.max()), G[0], out=A[0])
    for t in range(1, T):
        k = first[t]
        at = A[t, k:]
        np.matmul(A[t - 1, k:], M, out=at)
        at *= G[t, k:]
        if t % RESCALE_STEPS == 0:
            at /= at.sum(axis=1, keepdims=True)
    B = np.ones((T, N, K))
    last = np.exp(end.astype(np.float64) - end.max())
    Mt = np.ascontiguousarray(M.T)
    for t in range(T - 1, -1, -1):
        k, k1 = first[t], first[t + 1]
        B[t, k:k1] = last  # the rows whose last character is at t
        if k1 < N:
            bt = B[t, k1:]
            np.matmul(G[t + 1, k1:] * B[t + 1, k1:], Mt, out=bt)
            if t % RESCALE_STEPS == 0:
                bt /= bt.sum(axis=1, keepdims=True)
    A *= B
    tags = A.argmax(axis=2)
    best = np.take_along_axis(A, tags[:, :, None], axis=2)[:, :, 0] / A.sum(axis=2)
    best[np.arange(T)[:, None] >= lengths[None, :]] = 1.0
    return best, tags.astype(np.int8)


def segments(unsure: np.ndarray, n: int, margin: int) -> list[tuple[int, int]]:
    """The spans [a, b) of a sequence of ``n`` characters within ``margin`` of an ``unsure``
    position (ascending), joined where they touch or overlap."""
    starts = np.maximum(unsure - margin, 0).tolist()
    ends = np.minimum(unsure + margin + 1, n).tolist()
    out = [[starts[0], ends[0]]]
    for a, b in zip(starts[1:], ends[1:]):
        if a > out[-1][1]:
            out.append([a, b])
        else:
            out[-1][1] = b
    return [(a, b) for a, b in out]
