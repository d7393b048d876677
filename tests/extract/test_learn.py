"""The numpy fine-tuning: the CRF loss and its gradient, training sequences, lexicon changes."""

from __future__ import annotations

import itertools

import numpy as np

from reader.extract.learn import Example, crf_loss_grad, lexicon_changes, training_sequences
from reader.extract.model import N_TAGS, allowed_transitions

K = N_TAGS


def _crf(seed: int = 0):
    rng = np.random.default_rng(seed)
    allowed, first, last = allowed_transitions()
    tr = np.where(allowed, rng.normal(size=(K, K)), -1e4)
    st = np.where(first, rng.normal(size=K), -1e4)
    en = np.where(last, rng.normal(size=K), -1e4)
    return tr, st, en, rng


def test_loss_is_the_negative_log_likelihood():
    tr, st, en, rng = _crf()
    T = 3
    E = rng.normal(size=(1, T, K))
    tags = np.array([[1, 3, 0]])  # B-PER E-PER O

    def score(path):
        s = st[path[0]] + E[0, 0, path[0]] + en[path[-1]]
        return s + sum(tr[path[t - 1], path[t]] + E[0, t, path[t]] for t in range(1, T))

    scores = np.array([score(p) for p in itertools.product(range(K), repeat=T)])
    logz = scores.max() + np.log(np.exp(scores - scores.max()).sum())
    nll, *_ = crf_loss_grad(E, tags, np.array([T]), tr, st, en)
    assert abs(nll - (logz - score(tags[0]))) < 1e-9


def test_gradient_matches_finite_differences_with_padding():
    tr, st, en, rng = _crf(1)
    E = rng.normal(size=(3, 5, K))
    tags = np.array([[0, 1, 2, 3, 0], [5, 6, 6, 7, 0], [4, 0, 0, 0, 0]])
    lengths = np.array([5, 4, 1])
    nll, dE, dtr, dst, den = crf_loss_grad(E, tags, lengths, tr, st, en)
    eps = 1e-6

    def f(**kw):
        args = {"emis": E, "trans": tr, "start": st, "end": en, **kw}
        return crf_loss_grad(args["emis"], tags, lengths, args["trans"], args["start"], args["end"])[0]

    for b, t, k in [(0, 1, 1), (1, 2, 6), (2, 0, 4), (1, 4, 3)]:
        E2 = E.copy()
        E2[b, t, k] += eps
        assert abs((f(emis=E2) - nll) / eps - dE[b, t, k]) < 1e-4
    assert np.all(dE[1, 4] == 0) and np.all(dE[2, 1:] == 0)  # padding
    for i, j in [(1, 2), (0, 0), (5, 6), (0, 1)]:
        t2 = tr.copy()
        t2[i, j] += eps
        assert abs((f(trans=t2) - nll) / eps - dtr[i, j]) < 1e-4
    for i in (0, 1, 4):
        s2, e2 = st.copy(), en.copy()
        s2[i] += eps
        e2[i] += eps
        assert abs((f(start=s2) - nll) / eps - dst[i]) < 1e-4
        assert abs((f(end=e2) - nll) / eps - den[i]) < 1e-4


def test_training_sequences_keep_entity_sentences_first():
    text = "王延斌在德州。" + "今天天气很好。" * 50
    seqs, skipped = training_sequences([Example(text, [(0, 3, "PER"), (4, 6, "LOC"), (0, 0, "PER")])], max_chars=20)
    assert skipped == 0
    assert seqs[0][0] == "王延斌在德州。"
    assert seqs[0][1].tolist() == [1, 2, 3, 0, 5, 7, 0]  # B I E O B E O (PER, LOC)
    assert sum(len(s) for s, _ in seqs) <= 20
    # an entity cut by a line break cannot be taught: that sentence is skipped
    seqs, skipped = training_sequences([Example("他说：好\n北京。", [(3, 7, "LOC")])])
    assert skipped == 2 and seqs == []


def test_lexicon_changes():
    ex = Example("北京大学在北京。北京", [(0, 4, "ORG"), (5, 7, "LOC")], [(8, 10, "LOC"), (0, 2, "PER"), (2, 3, "ORG")])
    add, remove = lexicon_changes([ex])
    assert add == {"北京大学": 8, "北京": 4}  # bit 3 ORG, bit 2 LOC
    assert remove == {"北京": 2}  # rejected as PER (never accepted as one); one character is not in the lexicon
