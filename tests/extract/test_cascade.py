"""The default model's cascade: the small network reads every sentence; where the probability of
its best tag path is below the confidence in ensemble.json, the whole ensemble reads the sentence
again. Checked against plain definitions: the forward algorithm by enumeration of every path, the
cascade's rule sentence by sentence. No Qt."""

from __future__ import annotations

import itertools
import json
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.extract.model import N_TAGS, NerModel, _log_partition_sorted, allowed_transitions
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


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(1, 3), min_size=1, max_size=4), st.integers(0, 2**31 - 1))
def test_log_partition_is_the_sum_over_every_path(lengths: list[int], seed: int) -> None:
    """The scaled forward algorithm over sequences of different lengths decoded together gives,
    for each, log Z by enumeration of every tag path (disallowed moves count as -1e4)."""
    rng = np.random.default_rng(seed)
    K = N_TAGS
    allowed, first, last = allowed_transitions()
    crf = (
        np.where(allowed, rng.normal(0, 2, (K, K)), -1e4).astype(np.float32),
        np.where(first, rng.normal(0, 2, K), -1e4).astype(np.float32),
        np.where(last, rng.normal(0, 2, K), -1e4).astype(np.float32),
    )
    lengths = sorted(lengths)
    T = max(lengths)
    E = np.zeros((T, len(lengths), K), dtype=np.float32)
    for r, n in enumerate(lengths):
        E[:n, r] = rng.normal(0, 4, (n, K))
    got = _log_partition_sorted(E, np.array(lengths), crf)
    for r, n in enumerate(lengths):
        assert got[r] == pytest.approx(brute_log_partition(E[:n, r].astype(np.float64), crf), abs=1e-4)


def test_viterbi_gives_the_score_of_the_path_it_returns(default: NerModel) -> None:
    rng = np.random.default_rng(7)
    lengths = np.array([1, 3, 3, 9, 20])
    E = rng.normal(0, 3, (20, len(lengths), N_TAGS)).astype(np.float32)
    paths, best = NerModel._viterbi_sorted(E, lengths, _crf(default))
    for r, (n, path) in enumerate(zip(lengths, paths)):
        assert len(path) == n
        assert best[r] == pytest.approx(path_score(E[:n, r], path.astype(np.int64), _crf(default)), rel=1e-5, abs=1e-3)


def test_cascade_keeps_the_small_networks_tags_only_where_it_is_sure(default: NerModel) -> None:
    """Sentence by sentence: the small network's own tags where the probability of its best path
    (computed here by enumeration-free log-space forward, one sentence at a time) is at least the
    confidence, the whole ensemble's tags elsewhere; both cases occur."""
    k = default.cascade.member
    small = NerModel.load(fast=True, threads=1)  # the member alone: the same network and CRF
    whole = NerModel.load(cascade=False, threads=1)
    assert [np.asarray(a).tolist() for a in small.member_crf(0)] == [np.asarray(a).tolist() for a in default.member_crf(k)]
    got = default.predict_tags(SENTENCES)
    kinds = set()
    for s, tags in zip(SENTENCES, got):
        cids, bids, lex = small.featurizer.encode_batch([s])
        E = small.emissions(cids, bids, lex, np.ones((1, len(s), 1), dtype=np.float32))[0].astype(np.float64)
        trans, start, end = (np.asarray(a, dtype=np.float64) for a in small.member_crf(0))
        alpha = start + E[0]
        for t in range(1, len(s)):
            alpha = np.logaddexp.reduce(alpha[:, None] + trans, axis=0) + E[t]
        log_z = np.logaddexp.reduce(alpha + end)
        own = small.predict_tags([s])[0]
        p = np.exp(path_score(E, own.astype(np.int64), (trans, start, end)) - log_z)
        sure = p >= default.cascade.confidence
        kinds.add(bool(sure))
        want = own if sure else whole.predict_tags([s])[0]
        assert tags.tolist() == want.tolist(), (s, p)
    assert kinds == {True, False}


def test_cascade_tags_a_text_as_its_sentences_alone(default: NerModel) -> None:
    """Which sentences the ensemble rereads does not depend on their neighbours."""
    text = "\n".join(SENTENCES)
    joined = default.predict_tags([text])[0].tolist()
    at = 0
    for s, tags in zip(SENTENCES, default.predict_tags(SENTENCES)):
        assert joined[at : at + len(s)] == tags.tolist(), s
        at += len(s) + 1


def test_cascade_is_as_accurate_as_the_whole_ensemble_on_sentences_it_rereads(default: NerModel) -> None:
    """A confidence above 1 sends every sentence to the ensemble: the tags are then
    the ensemble's own."""
    whole = NerModel.load(cascade=False, threads=1)
    strict = NerModel.load(threads=1)
    strict.cascade.confidence = 2.0  # above any probability
    assert [t.tolist() for t in strict.predict_tags(SENTENCES)] == [t.tolist() for t in whole.predict_tags(SENTENCES)]


def _folder(tmp_path, spec: dict):
    folder = tmp_path / "ner"
    (folder / "a").mkdir(parents=True)
    for name in ("config.json", "model.npz", "model.onnx"):
        if (MODEL_DIR / "fast" / name).is_file():
            shutil.copy(MODEL_DIR / "fast" / name, folder / "a" / name)
    shutil.copy(MODEL_DIR / "vocab.json", folder / "vocab.json")
    (folder / "ensemble.json").write_text(json.dumps(spec), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("cascade", "message"),
    [({"member": "b", "confidence": 0.9}, "none of the members"), ({"member": "a", "confidence": 1.5}, r"\(0, 1\]"), ({"member": "a"}, "confidence")],
)
def test_a_bad_cascade_in_ensemble_json_is_a_clear_error(tmp_path, cascade, message) -> None:
    folder = _folder(tmp_path, {"members": [{"path": "a", "weight": 1.0}], "cascade": cascade})
    with pytest.raises(ValueError, match=message) as err:
        NerModel.load(folder)
    assert "ensemble.json" in str(err.value)


@pytest.mark.skipif(not (MODEL_DIR / "fast" / "model.npz").is_file(), reason="needs the npz networks")
def test_a_graph_of_two_networks_in_a_member_folder_is_refused(tmp_path) -> None:
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
    folder = _folder(tmp_path, {"members": [{"path": "a", "weight": 0.5}, {"path": "a", "weight": 0.5}]})
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
    assert same.apply(default).cascade is None
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
