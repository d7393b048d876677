"""The compiled runtime (resources/ner/*.onnx in onnxruntime) against the numpy reference networks
(the npz files): tags identical for unquantised graphs, F1 within 0.001 for the shipped int8 ones,
and the shipped graphs made from the npz files that are there now. No Qt."""

from __future__ import annotations

import importlib.util
import pathlib
import sys

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.extract.evaluate import join_touching_loc, read_tagged
from reader.extract.model import LABELS, NerModel, OnnxRuntime, decode_tags, source_fingerprint
from reader.resources import resource_path

MODEL_DIR = resource_path("ner")
REPO = pathlib.Path(__file__).resolve().parents[2]
MSRA_TEST = REPO.parent / "shared" / "corpora" / "msra" / "msra_test_bio"
VARIANTS = [d for d in (MODEL_DIR, MODEL_DIR / "fast") if (d / "model.onnx").is_file()]
NETWORKS = sorted(p.parent for p in MODEL_DIR.rglob("model.onnx"))  # every network's folder, social/ included
HAS_NPZ = (MODEL_DIR / "model.npz").is_file()

MIXED = [
    "国务院总理李鹏今天在人民大会堂会见了美国客人。",
    "新华社北京5月1日电",
    "李鹏𠮷在北京😀会见了Bill Clinton和１２３名美国客人🇨🇳。",
    "江泽民主席在上海会见了日本首相桥本龙太郎。" * 20,  # longer than one window
    "",
    "美国",
    "李鹏说",
    "\ud800孤立的代理项\udfff在文本中",
    "中华人民共和国外交部发言人表示" + "，" * 300 + "王毅访问东京",
    "哈哈哈转发微博@小胖子 今天终于吃到了老妈做的红烧肉[偷笑][偷笑]好幸福啊啊啊",  # read by social/
]


def gold_slice(n: int):
    if not MSRA_TEST.is_file():
        pytest.skip("the MSRA test corpus is not present in ../shared")
    return read_tagged(MSRA_TEST)[:n]


def f1(model: NerModel, gold) -> float:
    tags = model.predict_tags([g.text for g in gold])
    tp = fp = fn = 0
    for g, tg in zip(gold, tags):
        pred = set(join_touching_loc([(s, e, LABELS[lab]) for s, e, lab in decode_tags(tg)]))
        tp += len(pred & g.spans)
        fp += len(pred - g.spans)
        fn += len(g.spans - pred)
    return 2 * tp / (2 * tp + fp + fn)


def test_shipped_variants_run_compiled() -> None:
    assert VARIANTS == [MODEL_DIR, MODEL_DIR / "fast"]
    for fast in (False, True):
        model = NerModel.load(fast=fast)
        assert model.runtime is not None and model.backend == "onnxruntime (int8)"
    social = NerModel.load().social
    assert social is not None and social.model.backend == "onnxruntime (int8)"


@pytest.mark.skipif(not HAS_NPZ, reason="the npz networks are not installed (a wheel ships only the graphs)")
@pytest.mark.parametrize("directory", NETWORKS, ids=lambda d: d.relative_to(MODEL_DIR).as_posix())
def test_shipped_graph_is_made_from_the_npz_networks_there(directory: pathlib.Path) -> None:
    """After a retraining, `python scripts/export_onnx.py` makes the graphs again."""
    runtime = OnnxRuntime(directory / "model.onnx", threads=1)
    assert runtime.source == source_fingerprint(directory), "stale model.onnx: run scripts/export_onnx.py"


@pytest.fixture(scope="module")
def exporter():
    pytest.importorskip("onnx")
    spec = importlib.util.spec_from_file_location("export_onnx", REPO / "scripts" / "export_onnx.py")
    mod = importlib.util.module_from_spec(spec)
    sys.modules["export_onnx"] = mod
    spec.loader.exec_module(mod)
    return mod


@pytest.mark.skipif(not HAS_NPZ, reason="needs the npz networks")
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "default"])
def test_fp32_graph_tags_exactly_as_numpy(exporter, tmp_path, fast: bool) -> None:
    """Each network's unquantised graph gives the numpy network's emissions; the default ensemble
    (its members' graphs, the cascade) tags as the numpy ensemble does."""
    import shutil

    reference = NerModel.load(fast=fast, backend="numpy")
    directory = MODEL_DIR / "fast" if fast else MODEL_DIR
    written = exporter.export(directory, tmp_path / directory.relative_to(MODEL_DIR), int8=False)
    assert len(written) == (1 if fast else 2)
    shutil.copy(MODEL_DIR / "vocab.json", tmp_path / "vocab.json")
    shutil.copy(MODEL_DIR / "ensemble.json", tmp_path / "ensemble.json")
    if not fast:  # the default gives informal lines to social/: its graph too
        assert len(exporter.export(MODEL_DIR / "social", tmp_path / "social", int8=False)) == 2
        for name in ("ensemble.json", "register.npz"):
            shutil.copy(MODEL_DIR / "social" / name, tmp_path / "social" / name)
    compiled = NerModel.load(tmp_path, fast=fast, backend="onnx", threads=1)
    assert compiled.runtime is not None and compiled.runtime.precision == "fp32"
    if not fast:
        assert compiled.social is not None and compiled.social.register.informal(MIXED[-1], [(0, len(MIXED[-1]))]).all()
    texts = list(MIXED)
    if MSRA_TEST.is_file():
        texts += [g.text for g in gold_slice(150 if fast else 60)]
    got = compiled.predict_tags(texts)
    want = reference.predict_tags(texts)
    assert [t.tolist() for t in got] == [t.tolist() for t in want]
    cids, bids, lex = reference.featurizer.encode_batch(["李鹏在北京", "新华社"])
    mask = (cids > 0).astype(np.float32)[:, :, None]
    np.testing.assert_allclose(compiled.emissions(cids, bids, lex, mask), reference.emissions(cids, bids, lex, mask), atol=1e-4)


@pytest.mark.skipif(not HAS_NPZ, reason="needs the npz networks")
@pytest.mark.parametrize("fast", [True, False], ids=["fast", "default"])
def test_int8_graph_f1_within_a_thousandth_of_numpy(fast: bool) -> None:
    gold = gold_slice(500)
    reference = f1(NerModel.load(fast=fast, backend="numpy"), gold)
    shipped = f1(NerModel.load(fast=fast, backend="onnx", threads=1), gold)
    assert abs(shipped - reference) <= 0.001, (shipped, reference)


@pytest.mark.skipif(not (MODEL_DIR / "social" / "a" / "model.npz").is_file(), reason="needs the npz networks")
def test_int8_social_graph_f1_within_two_thousandths_of_numpy() -> None:
    """The networks of informal lines, alone, on MSRA test sentences (their graphs are calibrated
    on Weibo posts as well)."""
    gold = gold_slice(500)
    reference = f1(NerModel.load(MODEL_DIR / "social", backend="numpy"), gold)
    shipped = f1(NerModel.load(MODEL_DIR / "social", backend="onnx", threads=1), gold)
    assert abs(shipped - reference) <= 0.002, (shipped, reference)


def test_featurizer_by_array_lookups_matches_the_per_string_encoding() -> None:
    """encode_batch (code-point tables) gives the features encode (string lookups) gives."""
    feat = NerModel.load(fast=True).featurizer
    seqs = ["国务院总理李鹏今天在人民大会堂会见了美国客人。", "a𠮷😀\x00\t 　ＡＢ", "中华人民共和国", "x"]
    cids, bids, lex = feat.encode_batch(seqs)
    for k, s in enumerate(seqs):
        c, b, bits = feat.encode(s)
        n = len(s)
        assert cids[k, :n].tolist() == c.tolist()
        assert bids[k, :n].tolist() == b.tolist()
        want = np.zeros((n, 16), dtype=np.float32)
        want.reshape(-1)[bits] = 1.0
        assert (lex[k, :n] == want).all()
        assert (cids[k, n:] == 0).all()


def test_unknown_backend_and_missing_graph_are_clear_errors(tmp_path) -> None:
    with pytest.raises(ValueError, match="backend"):
        NerModel.load(backend="torch")
    (tmp_path / "fast").mkdir()
    (tmp_path / "vocab.json").write_text((MODEL_DIR / "vocab.json").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(FileNotFoundError, match="export_onnx"):
        NerModel.load(tmp_path, fast=True, backend="onnx")


_CHARS = ["<pad>", "<unk>", "<end>", "北", "京", "大", "学", "人", "民", "生"]
_BIGRAMS = ["<pad>", "<unk>", "<end>", "北京", "京大", "大学", "人民", "民大", "学x", "x北", "𠮷京", "xx", "学生"]
_LEXICON = {"北京": 2, "北京大学": 8, "人民": 1, "大学生": 4, "京大": 3, "x北京": 2, "𠮷京大学生": 15}


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(alphabet="北京大学人民生x𠮷y", min_size=1, max_size=14), min_size=1, max_size=4))
def test_featurizer_tables_follow_the_vocabulary(seqs: list[str]) -> None:
    """The array tables built from a vocabulary (characters known only from bigrams included) give
    the features by their plain definitions: bigram ids by string, lexicon bits B/M/E/S per word."""
    from reader.extract.model import Featurizer

    feat = Featurizer(_CHARS, _BIGRAMS, _LEXICON)
    cids, bids, lex = feat.encode_batch(seqs)
    for k, s in enumerate(seqs):
        n = len(s)
        assert cids[k, :n].tolist() == [_CHARS.index(c) if c in _CHARS else 1 for c in s]
        want_b = [_BIGRAMS.index(s[i : i + 2]) if s[i : i + 2] in _BIGRAMS else 1 for i in range(n - 1)] + [2]
        assert bids[k, :n].tolist() == want_b
        want = np.zeros((n, 16), dtype=np.float32)
        for i in range(n):
            for j in range(i + 2, n + 1):
                flags = _LEXICON.get(s[i:j], 0)
                for b in range(4):
                    if flags >> b & 1:
                        want[i, 4 * b] = want[j - 1, 4 * b + 2] = 1.0
                        want[i + 1 : j - 1, 4 * b + 1] = 1.0
        assert (lex[k, :n] == want).all(), s


@pytest.mark.parametrize("fast", [True, False], ids=["fast", "default"])
def test_shipped_graph_scores_a_sentence_alone_as_in_any_batch(fast: bool) -> None:
    """No activation is quantised per batch: a sentence's emissions (and so its tags) are the same
    bits alone, padded in a batch of longer different sentences, or at another place in it."""
    model = NerModel.load(fast=fast, backend="onnx", threads=1)
    feat = model.featurizer
    sentences = ["李鹏在北京会见了美国客人。", "新华社", "美", "王毅访问东京"]
    others = [
        "江泽民主席在上海会见了日本首相桥本龙太郎，双方就两国关系交换了意见。" * 3,
        "ＡＢＣ公司的１２３名员工今天来到深圳市南山区参观。",
        "中华人民共和国外交部发言人表示" + "，" * 120 + "巴黎",
    ]
    for s in sentences:
        alone = model.runtime.emissions(*feat.encode_batch([s]))[0]
        for k in range(len(others) + 1):
            batch = others[:k] + [s] + others[k:]
            together = model.runtime.emissions(*feat.encode_batch(batch))[k, : len(s)]
            assert np.array_equal(alone, together), (s, k, float(np.abs(alone - together).max()))
    texts = sentences + others
    tags = model.predict_tags(texts)
    for t, tg in zip(texts, tags):
        assert model.predict_tags([t])[0].tolist() == tg.tolist()


def test_shipped_featurizer_tables_are_made_from_the_vocabulary_there() -> None:
    """vocab.npz (what a process loads instead of building the tables) holds the tables
    vocab.json gives, and records that file's sha256 (`python scripts/export_onnx.py` writes it)."""
    import hashlib
    import json

    from reader.extract.features import featurizer_of, load_featurizer

    vocab_file = MODEL_DIR / "vocab.json"
    with np.load(MODEL_DIR / "vocab.npz", allow_pickle=False) as z:
        assert bytes(z["vocab_sha256"]) == hashlib.sha256(vocab_file.read_bytes()).digest(), "stale vocab.npz"
    fast = load_featurizer(vocab_file)
    assert fast._source is not None and fast._char_ids is None  # from the tables, strings not read
    built = featurizer_of(json.loads(vocab_file.read_text(encoding="utf-8")))
    seqs = MIXED[:4] + ["中华人民共和国外交部发言人", "北京大学（深圳）研究院的学生们", "ＡＢＣ𠮷"]
    for a, b in zip(fast.encode_batch(seqs), built.encode_batch(seqs)):
        assert a.dtype == b.dtype and np.array_equal(a, b)
    # the strings are read when asked for
    assert fast.char_ids == built.char_ids and fast.lexicon == built.lexicon and list(fast.bigrams) == list(built.bigrams)
    assert fast.encode("李鹏在北京")[2] == built.encode("李鹏在北京")[2]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.text(alphabet="北京大学人民生x𠮷y中华共和国", min_size=1, max_size=20), min_size=1, max_size=5))
def test_featurizer_from_its_tables_encodes_as_the_one_it_was_made_from(seqs: list[str]) -> None:
    from reader.extract.model import Featurizer

    lexicon = dict(_LEXICON, 中华人民共和国=2, 人民共和国=4, 共和国=1)
    feat = Featurizer(_CHARS, _BIGRAMS, lexicon)
    again = Featurizer.from_arrays(feat.arrays(), lambda: (_CHARS, _BIGRAMS, lexicon))
    for a, b in zip(again.encode_batch(seqs), feat.encode_batch(seqs)):
        assert a.dtype == b.dtype and np.array_equal(a, b)


def test_stale_or_damaged_featurizer_tables_are_not_used(tmp_path) -> None:
    """Tables made from another vocabulary, or a damaged file, are passed over: the features are
    built from vocab.json itself."""
    import json
    import shutil

    from reader.extract.features import load_featurizer, save_tables

    vocab = json.loads((MODEL_DIR / "vocab.json").read_text(encoding="utf-8"))
    vocab_file = tmp_path / "vocab.json"
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    save_tables(vocab_file)
    assert load_featurizer(vocab_file)._source is not None
    vocab["lexicon"]["李鹏在北京"] = 1  # the vocabulary changes after the tables were made
    vocab_file.write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    feat = load_featurizer(vocab_file)
    assert feat._source is None and "李鹏在北京" in feat.lexicon
    (tmp_path / "vocab.npz").write_bytes(b"PK\x03\x04 not a zip")
    assert load_featurizer(vocab_file)._source is None
    shutil.copy(MODEL_DIR / "vocab.npz", tmp_path / "vocab.npz")
    assert load_featurizer(vocab_file)._source is None  # the shipped tables, for another file


def test_a_words_lexicon_bits_from_the_tables_are_the_vocabularys() -> None:
    """Featurizer.word_bits (what the merger asks of the 1998 lexicon) answers from the lookup
    tables what vocab.json's lexicon says, for words of every length, and None for others."""
    import json
    import random

    from reader.extract.features import load_featurizer

    lexicon = json.loads((MODEL_DIR / "vocab.json").read_text(encoding="utf-8"))["lexicon"]
    feat = load_featurizer(MODEL_DIR / "vocab.json")
    rng = random.Random(3)
    words = rng.sample(sorted(lexicon), 2000) + sorted((w for w in lexicon if len(w) >= 8), key=len)[-20:]
    for w in words:
        assert feat.word_bits(w) == int(lexicon[w]), w
    for w in ("库车", "马边北京", "𠮷京", "a", "", "中华人民共和国国务院总理李鹏今天在人民大会堂会见了美国客人"):
        assert feat.word_bits(w) == (int(lexicon[w]) if w in lexicon else None), w
