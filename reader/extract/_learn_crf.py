"""The CRF loss of learning from corrections and its gradient (forward-backward, batched):
:func:`crf_loss_grad`. Part of :mod:`reader.extract.learn`."""

from __future__ import annotations

import numpy as np

# ------------------------------------------------------------------------------------------------
# CRF loss and its gradient (forward-backward), batched
# ------------------------------------------------------------------------------------------------


def crf_loss_grad(
    emis: np.ndarray, tags: np.ndarray, lengths: np.ndarray, trans: np.ndarray, start: np.ndarray, end: np.ndarray
) -> tuple[float, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Summed negative log-likelihood of the gold ``tags`` under a linear-chain CRF, and its
    gradient with respect to the emissions (B, T, K), transitions, start and end scores.

    Scaled forward-backward in probability space (each step normalised, a matrix product per
    position). Padded positions (``t >= lengths``) get a zero gradient."""
    B, T, K = emis.shape
    E = emis.astype(np.float64)
    live = np.arange(T)[None, :] < lengths[:, None]
    rows = np.arange(B)
    c = E.max(axis=2, keepdims=True)
    psi = np.exp(E - c)
    exp_t = np.exp(trans.astype(np.float64))
    exp_s = np.exp(start.astype(np.float64))
    exp_e = np.exp(end.astype(np.float64))
    alpha = np.empty((B, T, K))
    scale = np.ones((B, T))
    a = exp_s * psi[:, 0]
    scale[:, 0] = a.sum(1)
    alpha[:, 0] = a / scale[:, 0, None]
    for t in range(1, T):
        a = (alpha[:, t - 1] @ exp_t) * psi[:, t]
        s = a.sum(1)
        lv = live[:, t]
        scale[:, t] = np.where(lv, s, 1.0)
        alpha[:, t] = np.where(lv[:, None], a / np.where(lv, s, 1.0)[:, None], alpha[:, t - 1])
    last_idx = lengths - 1
    z_end = alpha[rows, last_idx] @ exp_e
    logz = np.log(scale).sum(1) + (c[:, :, 0] * live).sum(1) + np.log(z_end)
    beta = np.empty((B, T, K))
    final = exp_e[None, :] / z_end[:, None]
    beta[:, T - 1] = final
    for t in range(T - 2, -1, -1):
        nxt = live[:, t + 1]
        b = ((psi[:, t + 1] * beta[:, t + 1]) @ exp_t.T) / scale[:, t + 1, None]
        beta[:, t] = np.where(nxt[:, None], b, final)
    post = alpha * beta * live[:, :, None]
    gold_onehot = np.zeros_like(post)
    gold_onehot[rows[:, None], np.arange(T)[None, :], tags] = 1.0
    gold_onehot *= live[:, :, None]
    d_emis = post - gold_onehot
    # the gold path's score
    tr = trans.astype(np.float64)
    g_last = tags[rows, last_idx]
    pair_live = live[:, 1:]
    gold = start[tags[:, 0]] + (E[rows[:, None], np.arange(T)[None, :], tags] * live).sum(1) + end[g_last]
    gold = gold + (tr[tags[:, :-1], tags[:, 1:]] * pair_live).sum(1)
    nll = float((logz - gold).sum())
    # transitions: expected minus gold pair counts
    if T > 1:
        v = psi[:, 1:] * beta[:, 1:] / scale[:, 1:, None] * pair_live[:, :, None]
        d_trans = exp_t * (alpha[:, :-1].reshape(-1, K).T @ v.reshape(-1, K))
    else:
        d_trans = np.zeros((K, K))
    np.add.at(d_trans, (tags[:, :-1][pair_live], tags[:, 1:][pair_live]), -1.0)
    d_start = post[:, 0].sum(0)
    np.add.at(d_start, tags[:, 0], -1.0)
    d_end = post[rows, last_idx].sum(0)
    np.add.at(d_end, g_last, -1.0)
    return nll, d_emis, d_trans, d_start, d_end
