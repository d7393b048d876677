"""The default model's cascade: the small network reads every sentence; around each character whose
most probable tag is less probable than the confidence in ensemble.json, the whole ensemble reads
the text again. Checked against plain definitions: marginals and constrained best paths by
enumeration of every path, the cascade's rule sentence by sentence. No Qt."""

from __future__ import annotations

import itertools
import json

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.extract.crf import marginals_sorted as _marginals_sorted
from reader.extract.crf import segments as _segments
from reader.extract.model import N_TAGS, NerModel, allowed_transitions, normalize
from reader.resources import resource_path

MODEL_DIR = resource_path("ner")

SENTENCES = [
    "国务院总理李鹏今天在人民大会堂会见了美国客人。",
    "新华社北京5月1日电",
    "江泽民主席在上海会见了日本首相桥本龙太郎，双方就两国关系交换了意见。",
    "小米汽车发布会上，雷军宣布SU7的交付量超过十万辆。",
    "王毅访问东京",
    "昨天下午，我在楼下的小店买了两斤苹果。",
    "中国共产党第二十届中央纪律检查委员会第五次全体会议在北京举行",
    "马斯克说特斯拉将在上海扩建超级工厂",
    "欧阳娜娜和张三丰去了趟黄山脚下的汤口镇",
    "他说：“这件事，我们回头再议。”",
    "国家发展改革委、国家数据局联合印发通知",
    "阿里巴巴集团董事会主席蔡崇信在达沃斯论坛发言",
]


def _crf(model: NerModel, k: int | None = None):
    return (model.trans, model.start, model.end) if k is None else model.member_crf(k)


def brute_log_partition(E: np.ndarray, crf) -> float:
    trans, start, end = (np.asarray(a, dtype=np.float64) for a in crf)
    T, K = E.shape
    scores = []
    for path in itertools.product(range(K), repeat=T):
        s = start[path[0]] + E[0, path[0]] + end[path[-1]]
        s += sum(trans[a, b] + E[t + 1, b] for t, (a, b) in enumerate(zip(path, path[1:])))
        scores.append(s)
    scores = np.array(scores)
    m = scores.max()
    return float(m + np.log(np.exp(scores - m).sum()))


def path_score(E: np.ndarray, path, crf) -> float:
    trans, start, end = crf
    s = start[path[0]] + E[np.arange(len(path)), path].sum() + end[path[-1]]
    return float(s + trans[path[:-1], path[1:]].sum())


@pytest.fixture(scope="module")
def default() -> NerModel:
    return NerModel.load(threads=1)


def test_shipped_default_runs_a_cascade_from_its_ensemble_json(default: NerModel) -> None:
    spec = json.loads((MODEL_DIR / "ensemble.json").read_text(encoding="utf-8"))
    assert default.cascade is not None
    paths = [m["path"] for m in spec["members"]]
    assert paths[default.cascade.member] == spec["cascade"]["member"] == "fast"
    assert default.cascade.confidence == spec["cascade"]["confidence"]
    assert NerModel.load(cascade=False).cascade is None
    assert NerModel.load(fast=True).cascade is None


def _random_crf(rng):
    K = N_TAGS
    allowed, first, last = allowed_transitions()
    return (
        np.where(allowed, rng.normal(0, 2, (K, K)), -1e4).astype(np.float32),
        np.where(first, rng.normal(0, 2, K), -1e4).astype(np.float32),
        np.where(last, rng.normal(0, 2, K), -1e4).astype(np.float32),
    )


def all_paths(n: int):
    return np.array(list(itertools.product(range(N_TAGS), repeat=n)))


def scores_of(E: np.ndarray, paths: np.ndarray, trans, start, end) -> np.ndarray:
    E = E.astype(np.float64)
    s = start[paths[:, 0]] + end[paths[:, -1]] + E[np.arange(len(E))[None, :], paths].sum(axis=1)
    if paths.shape[1] > 1:
        s = s + trans[paths[:, :-1], paths[:, 1:]].sum(axis=1)
    return s


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=1, max_size=4), st.integers(0, 2**31 - 1))
def test_marginals_are_sums_over_every_path(lengths: list[int], seed: int) -> None:
    """The scaled forward-backward over sequences of different lengths decoded together gives, for
    each character, the probability of its most probable tag and that tag, by enumeration of every
    tag path (disallowed moves count as -1e4)."""
    rng = np.random.default_rng(seed)
    crf = _random_crf(rng)
    trans, start, end = (np.asarray(a, dtype=np.float64) for a in crf)
    lengths = sorted(lengths)
    E = np.zeros((max(lengths), len(lengths), N_TAGS), dtype=np.float32)
    for r, n in enumerate(lengths):
        E[:n, r] = rng.normal(0, 4, (n, N_TAGS))
    best, tags = _marginals_sorted(E, np.array(lengths), crf)
    for r, n in enumerate(lengths):
        paths = all_paths(n)
        s = scores_of(E[:n, r], paths, trans, start, end)
        p = np.exp(s - s.max())
        p /= p.sum()
        for t in range(n):
            marg = np.bincount(paths[:, t], weights=p, minlength=N_TAGS)
            assert best[t, r] == pytest.approx(marg.max(), abs=1e-4)
            assert marg[tags[t, r]] == pytest.approx(marg.max(), abs=1e-4)
        assert (best[n:, r] == 1).all()


@settings(max_examples=30, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=1, max_size=4), st.integers(0, 2**31 - 1))
def test_viterbi_between_given_boundaries_finds_the_best_path(lengths: list[int], seed: int) -> None:
    """With a start and an end vector per sequence (the cascade's tags on either side of a
    segment), the decoder returns the best path by enumeration, and its score."""
    rng = np.random.default_rng(seed)
    trans, start, end = _random_crf(rng)
    lengths = sorted(lengths)
    N = len(lengths)
    starts = np.stack([trans[rng.integers(N_TAGS)] if rng.random() < 0.7 else start for _ in range(N)])
    ends = np.stack([trans[:, rng.integers(N_TAGS)] if rng.random() < 0.7 else end for _ in range(N)])
    E = rng.normal(0, 4, (max(lengths), N, N_TAGS)).astype(np.float32)
    paths, best = NerModel._viterbi_sorted(E, np.array(lengths), (trans, starts, ends))
    for r, n in enumerate(lengths):
        cand = all_paths(n)
        s = scores_of(E[:n, r], cand, trans.astype(np.float64), starts[r].astype(np.float64), ends[r].astype(np.float64))
        assert s[int(np.ravel_multi_index(paths[r].astype(np.int64), (N_TAGS,) * n))] == pytest.approx(s.max(), abs=1e-3)
        assert best[r] == pytest.approx(s.max(), abs=1e-3)


def test_segments_are_the_unsure_positions_with_their_margin_joined() -> None:
    assert _segments(np.array([5]), 20, 3) == [(2, 9)]
    assert _segments(np.array([0, 19]), 20, 3) == [(0, 4), (16, 20)]
    assert _segments(np.array([3, 9]), 20, 3) == [(0, 13)]  # 6..7 and 6..13 touch
    assert _segments(np.array([3, 11]), 20, 3) == [(0, 7), (8, 15)]
    assert _segments(np.array([4]), 20, 0) == [(4, 5)]


def test_viterbi_gives_the_score_of_the_path_it_returns(default: NerModel) -> None:
    rng = np.random.default_rng(7)
    lengths = np.array([1, 3, 3, 9, 20])
    E = rng.normal(0, 3, (20, len(lengths), N_TAGS)).astype(np.float32)
    paths, best = NerModel._viterbi_sorted(E, lengths, _crf(default))
    for r, (n, path) in enumerate(zip(lengths, paths)):
        assert len(path) == n
        assert best[r] == pytest.approx(path_score(E[:n, r], path.astype(np.int64), _crf(default)), rel=1e-5, abs=1e-3)


def _forward_backward(E: np.ndarray, crf) -> np.ndarray:
    """Marginals (n, tags) of one sequence, in log space, float64."""
    trans, start, end = (np.asarray(a, dtype=np.float64) for a in crf)
    n = len(E)
    alpha = np.empty((n, N_TAGS))
    beta = np.empty((n, N_TAGS))
    alpha[0] = start + E[0]
    for t in range(1, n):
        alpha[t] = np.logaddexp.reduce(alpha[t - 1][:, None] + trans, axis=0) + E[t]
    beta[-1] = end
    for t in range(n - 2, -1, -1):
        beta[t] = np.logaddexp.reduce(trans + (E[t + 1] + beta[t + 1])[None, :], axis=1)
    log_z = np.logaddexp.reduce(alpha[-1] + end)
    return np.exp(alpha + beta - log_z)


def _viterbi(E: np.ndarray, trans, start, end) -> np.ndarray:
    score = start + E[0]
    back = []
    for t in range(1, len(E)):
        cand = score[:, None] + trans
        back.append(cand.argmax(axis=0))
        score = cand.max(axis=0) + E[t]
    cur = int((score + end).argmax())
    path = [cur]
    for b in reversed(back):
        cur = int(b[cur])
        path.append(cur)
    return np.array(path[::-1])


def test_cascade_keeps_the_small_networks_tags_only_where_it_is_sure(default: NerModel) -> None:
    """Sentence by sentence, by the rule's plain definition: each character's most probable tag
    under the small network (forward-backward here in log space, one sentence at a time) where its
    probability reaches the confidence; around the others (the margin on either side) the
    ensemble's best path between the kept tags on either side. Every case occurs."""
    exact = NerModel.load(threads=1)
    exact.cascade.context = None  # the other members read their whole receptive field
    default = exact
    c = default.cascade
    small = NerModel.load(fast=True, threads=1)  # the member alone: the same network and CRF
    whole = NerModel.load(cascade=False, threads=1)
    assert [np.asarray(a).tolist() for a in small.member_crf(0)] == [np.asarray(a).tolist() for a in default.member_crf(c.member)]
    got = default.predict_tags(SENTENCES)
    kinds = set()
    trans, start, end = (np.asarray(a, dtype=np.float64) for a in (whole.trans, whole.start, whole.end))
    for s, tags in zip(SENTENCES, got):
        cids, bids, lex = small.featurizer.encode_batch([normalize(s)])
        mask = np.ones((1, len(s), 1), dtype=np.float32)
        P = _forward_backward(small.emissions(cids, bids, lex, mask)[0].astype(np.float64), small.member_crf(0))
        want = P.argmax(axis=1)
        unsure = [t for t in range(len(s)) if P[t].max() < c.confidence]
        covered = sorted({u + d for u in unsure for d in range(-c.margin, c.margin + 1) if 0 <= u + d < len(s)})
        E = whole.emissions(cids, bids, lex, mask)[0].astype(np.float64)
        i = 0
        while i < len(covered):  # runs of consecutive covered positions
            j = i
            while j + 1 < len(covered) and covered[j + 1] == covered[j] + 1:
                j += 1
            a, b = covered[i], covered[j] + 1
            left = start if a == 0 else trans[want[a - 1]]
            right = end if b == len(s) else trans[:, want[b]]
            want[a:b] = _viterbi(E[a:b], trans, left, right)
            i = j + 1
        kinds.add("sure" if not unsure else "whole" if covered == list(range(len(s))) else "part")
        assert tags.tolist() == want.tolist(), s
    assert kinds == {"sure", "part"} or kinds == {"sure", "part", "whole"}, kinds


def test_the_shipped_context_tags_as_the_whole_receptive_field(default: NerModel) -> None:
    """The shipped cascade lets the large network read 8 characters on either side of a segment
    instead of its whole reach (14): the emissions near a window's ends move a little, the tags
    stay (measured: none of 622,423 characters of MSRA, news and the sample page changed)."""
    assert default.cascade.context == 8 < default._radius(0) == 14
    exact = NerModel.load(threads=1)
    exact.cascade.context = None
    none = NerModel.load(threads=1)
    none.cascade.context = 0  # no context at all: the tags do change, so the test can tell
    texts = SENTENCES + ["\n".join(SENTENCES)]
    want = [t.tolist() for t in exact.predict_tags(texts)]
    assert [t.tolist() for t in default.predict_tags(texts)] == want
    assert [t.tolist() for t in none.predict_tags(texts)] != want


def test_cascade_tags_a_text_as_its_sentences_alone(default: NerModel) -> None:
    """Which sentences the ensemble rereads does not depend on their neighbours."""
    text = "\n".join(SENTENCES)
    joined = default.predict_tags([text])[0].tolist()
    at = 0
    for s, tags in zip(SENTENCES, default.predict_tags(SENTENCES)):
        assert joined[at : at + len(s)] == tags.tolist(), s
        at += len(s) + 1


def test_cascade_is_as_accurate_as_the_whole_ensemble_on_sentences_it_rereads(default: NerModel) -> None:
    """A confidence above 1 sends every character to the ensemble: the tags are then
    the ensemble's own."""
    whole = NerModel.load(cascade=False, threads=1)
    strict = NerModel.load(threads=1)
    strict.cascade.confidence = 2.0  # above any probability
    assert [t.tolist() for t in strict.predict_tags(SENTENCES)] == [t.tolist() for t in whole.predict_tags(SENTENCES)]


@pytest.mark.parametrize(
    ("cascade", "message"),
    [
        ({"member": "b", "confidence": 0.9}, "none of the members"),
        ({"member": "a", "confidence": 1.5}, r"\(0, 1\]"),
        ({"member": "a"}, "confidence"),
        ({"member": "a", "confidence": 0.9, "margin": -1}, "margin"),
        ({"member": "a", "confidence": 0.9, "context": 2.5}, "context"),
    ],
)
def test_a_bad_cascade_in_ensemble_json_is_a_clear_error(small_model, cascade, message) -> None:
    folder = small_model({"members": [{"path": "a", "weight": 1.0}], "cascade": cascade})
    with pytest.raises(ValueError, match=message) as err:
        NerModel.load(folder)
    assert "ensemble.json" in str(err.value)


@pytest.mark.skipif(not (MODEL_DIR / "fast" / "model.npz").is_file(), reason="needs the npz networks")
def test_a_graph_of_two_networks_in_a_member_folder_is_refused(small_model) -> None:
    """An ensemble runs one graph per member; a graph that holds several (as an older export wrote
    the whole ensemble into one) is named, with the command that writes the right ones."""
    pytest.importorskip("onnx")
    import importlib.util
    import pathlib
    import sys

    import onnx

    repo = pathlib.Path(__file__).resolve().parents[2]
    spec = importlib.util.spec_from_file_location("export_onnx", repo / "scripts" / "export_onnx.py")
    exporter = importlib.util.module_from_spec(spec)
    sys.modules["export_onnx"] = exporter
    spec.loader.exec_module(exporter)
    folder = small_model({"members": [{"path": "a", "weight": 0.5}, {"path": "a", "weight": 0.5}]})
    two = NerModel.load(folder, backend="numpy")
    assert len(two.members) == 2
    onnx.save(exporter.build(two, exporter.metadata(two, "x", None), None), folder / "a" / "model.onnx")
    with pytest.raises(ValueError, match="holds 2 networks.*export_onnx"):
        NerModel.load(folder, backend="onnx")


def test_a_learned_model_reads_every_sentence_with_the_whole_ensemble(default: NerModel) -> None:
    from reader.extract.learn import Adaptation, fingerprint

    heads = default.heads
    same = Adaptation(
        fingerprint(default), [h.out_w for h, _ in heads], [h.out_b for h, _ in heads], default.trans.copy(), default.start.copy(), default.end.copy()
    )
    same.trans = np.where(default.trans > -1e3, same.trans, 0).astype(np.float32)
    learned = same.apply(default)
    assert learned.cascade is None
    assert learned.social is None  # and reads every line itself, informal ones too
    assert default.cascade is not None  # the base model is unchanged


def test_a_long_text_tags_the_same_on_any_number_of_threads() -> None:
    """A call's sentences shared among threads (lanes) give the tags one thread gives."""
    from reader.extract.model import LANE_CHARS

    text = "\n".join(SENTENCES * (3 * LANE_CHARS // sum(map(len, SENTENCES)) + 1))
    assert len(text) > 3 * LANE_CHARS
    one = NerModel.load(threads=1)
    assert one.lanes == 1
    want = one.predict_tags([text, "李鹏在北京"])
    for n in (2, 3):
        model = NerModel.load(threads=n)
        assert model.lanes == n
        got = model.predict_tags([text, "李鹏在北京"])
        assert [t.tolist() for t in got] == [t.tolist() for t in want]
