"""The vectorised Viterbi decoder gives exactly the paths of the per-batch numpy reference (kept here)."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.extract import model as model_mod
from reader.extract.model import N_TAGS, NerModel, allowed_transitions


def reference_viterbi(trans: np.ndarray, start: np.ndarray, end: np.ndarray, emis: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
    """The decoder as it was first written: one batch, a masked update per time step."""
    B, T, K = emis.shape
    score = start[None, :] + emis[:, 0]
    back = np.zeros((T, B, K), dtype=np.int8)
    trans = trans[None, :, :]
    ar = np.arange(K, dtype=np.int8)
    shortest = int(lengths.min())
    for t in range(1, T):
        cand = score[:, :, None] + trans
        best = cand.argmax(axis=1)
        new = cand.max(axis=1)
        new += emis[:, t]
        if t < shortest:
            score = new
            back[t] = best
        else:
            live = (t < lengths)[:, None]
            score = np.where(live, new, score)
            back[t] = np.where(live, best, ar[None, :])
    score = score + end[None, :]
    last = score.argmax(axis=1)
    paths = np.zeros((B, T), dtype=np.int8)
    cur = last.astype(np.int64)
    rows = np.arange(B)
    for t in range(T - 1, -1, -1):
        paths[:, t] = cur
        if t:
            cur = back[t, rows, cur].astype(np.int64)
    return [paths[r, : lengths[r]] for r in range(B)]


def crf(trans: np.ndarray, start: np.ndarray, end: np.ndarray) -> NerModel:
    """A model object with only CRF parameters: all the decoder reads."""
    m = NerModel.__new__(NerModel)
    m.trans, m.start, m.end = trans, start, end
    return m


def shipped_crf(rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    allowed, first, last = allowed_transitions()
    big = np.float32(-1e4)
    trans = np.where(allowed, rng.normal(size=(N_TAGS, N_TAGS)), big).astype(np.float32)
    start = np.where(first, rng.normal(size=N_TAGS), big).astype(np.float32)
    end = np.where(last, rng.normal(size=N_TAGS), big).astype(np.float32)
    return trans, start, end


@settings(max_examples=150, deadline=None)
@given(
    seed=st.integers(0, 2**32 - 1),
    lengths=st.lists(st.integers(1, 40), min_size=1, max_size=12),
    ties=st.booleans(),
    constrained=st.booleans(),
)
def test_paths_identical_to_reference(seed: int, lengths: list[int], ties: bool, constrained: bool) -> None:
    """Random emissions (small integers where ties must break the same way), random lengths in any
    order, BIOES-constrained or free transitions: the same paths as the reference."""
    rng = np.random.default_rng(seed)
    if constrained:
        trans, start, end = shipped_crf(rng)
    else:
        trans, start, end = (rng.normal(size=s).astype(np.float32) for s in ((N_TAGS, N_TAGS), N_TAGS, N_TAGS))
    if ties:
        trans, start, end = (np.round(a).astype(np.float32) for a in (trans, start, end))
    lens = np.asarray(lengths, dtype=np.int64)
    shape = (len(lens), int(lens.max()), N_TAGS)
    emis = (rng.integers(-2, 3, size=shape) if ties else rng.normal(scale=3.0, size=shape)).astype(np.float32)
    got = crf(trans, start, end).viterbi(emis, lens)
    want = reference_viterbi(trans, start, end, emis, lens)
    assert [g.tolist() for g in got] == [w.tolist() for w in want]


def test_groups_of_batches_decode_as_single_batches(monkeypatch) -> None:
    """predict_tags decodes several forward batches at once; one batch at a time gives the same tags."""
    texts = [
        "国务院总理李鹏今天在人民大会堂会见了美国客人。",
        "新华社北京5月1日电",
        "张三说：“我在上海工作。”" * 30,  # longer than MAX_LEN: overlapping windows
        "深圳市腾讯计算机系统有限公司发布公告。",
        "王",
    ] * 40
    model = NerModel.load(fast=True)
    grouped = model.predict_tags(texts)
    monkeypatch.setattr(model_mod, "VITERBI_CHARS", 1)
    single = model.predict_tags(texts)
    assert [t.tolist() for t in grouped] == [t.tolist() for t in single]


@pytest.mark.parametrize("n", [1, 2, 7])
def test_same_length_sequences(n: int) -> None:
    rng = np.random.default_rng(n)
    trans, start, end = shipped_crf(rng)
    emis = rng.normal(size=(n, 5, N_TAGS)).astype(np.float32)
    lens = np.full(n, 5)
    got = crf(trans, start, end).viterbi(emis, lens)
    assert [g.tolist() for g in got] == [w.tolist() for w in reference_viterbi(trans, start, end, emis, lens)]
