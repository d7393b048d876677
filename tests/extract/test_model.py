"""The shipped statistical NER model: offsets, span shape, a few known names, file format. No Qt."""

from __future__ import annotations

import json
import random
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.model import Origin, Span
from reader.extract.model import NerModel
from reader.resources import resource_path

MODEL_DIR = resource_path("ner")


VARIANTS = ["default"] + (["fast"] if (MODEL_DIR / "fast" / "model.onnx").is_file() else [])


@pytest.fixture(scope="module", params=VARIANTS)
def model(request) -> NerModel:
    return NerModel.load(fast=request.param == "fast")


def triples(spans: list[Span], text: str) -> set[tuple[str, str]]:
    return {(text[s.start : s.end], s.label) for s in spans}


def check_shape(text: str, spans: list[Span]) -> None:
    prev_end = 0
    for s in spans:
        assert isinstance(s, Span)
        assert s.label in {"PER", "LOC", "ORG"}
        assert s.origin is Origin.MODEL
        assert 0 <= s.start < s.end <= len(text)
        assert s.start >= prev_end, "spans overlap or are unsorted"
        prev_end = s.end


def test_resource_path_finds_shipped_model() -> None:
    assert MODEL_DIR.is_dir()
    assert (MODEL_DIR / "model.onnx").is_file() and (MODEL_DIR / "vocab.json").is_file()


def test_known_names_in_news(model: NerModel) -> None:
    texts = [
        "新华社北京5月1日电",
        "国务院总理李鹏今天在人民大会堂会见了美国客人。",
        "江泽民主席在上海会见了日本首相桥本龙太郎。",
    ]
    got = model.predict(texts)
    for t, sp in zip(texts, got):
        check_shape(t, sp)
    assert {("新华社", "ORG"), ("北京", "LOC")} <= triples(got[0], texts[0])
    assert {("国务院", "ORG"), ("李鹏", "PER"), ("人民大会堂", "LOC"), ("美国", "LOC")} <= triples(got[1], texts[1])
    assert {("江泽民", "PER"), ("上海", "LOC"), ("日本", "LOC"), ("桥本龙太郎", "PER")} <= triples(got[2], texts[2])


def test_empty_and_trivial_inputs(model: NerModel) -> None:
    assert model.predict([]) == []
    assert model.predict(["", " ", "\n", "\r\n\r\n", "。"]) == [[], [], [], [], []]


def test_offsets_exact_after_astral_chars_and_crlf(model: NerModel) -> None:
    s = "国务院总理李鹏今天在人民大会堂会见了美国客人。"
    base = model.predict([s])[0]
    assert base
    for prefix in ["𠮷😀\r\n", "\r\n", "abc 123\n", "👨‍👩‍👧\u2028", "\ufeff𠮷𠮷\n\n"]:
        text = prefix + s + "\r\n𠮷"
        got = model.predict([text])[0]
        check_shape(text, got)
        inside = [x for x in got if len(prefix) <= x.start and x.end <= len(prefix) + len(s)]
        assert [(x.start - len(prefix), x.end - len(prefix), x.label) for x in inside] == [
            (x.start, x.end, x.label) for x in base
        ]
        for x in inside:
            assert text[x.start : x.end] == s[x.start - len(prefix) : x.end - len(prefix)]


def test_astral_and_latin_inside_sentence(model: NerModel) -> None:
    text = "李鹏𠮷在北京😀会见了Bill Clinton和１２３名美国客人🇨🇳。"
    got = model.predict([text])[0]
    check_shape(text, got)
    assert ("北京", "LOC") in triples(got, text)


def test_random_unicode_never_breaks_shape(model: NerModel) -> None:
    rng = random.Random(7)
    pool = "国务院总理李鹏今天在人民大会堂会见了美国客人，。！？\r\n 　abcXYZ０１２３𠮷😀\u0301\u200d\ufeff\x00\t"
    texts = ["".join(rng.choice(pool) for _ in range(rng.randint(0, 400))) for _ in range(60)]
    for t, sp in zip(texts, model.predict(texts)):
        check_shape(t, sp)


def test_long_text_without_punctuation(model: NerModel) -> None:
    unit = "国务院总理李鹏今天在人民大会堂会见了美国客人"
    text = "𠮷" + unit * (100_000 // len(unit))
    t0 = time.perf_counter()
    got = model.predict([text])[0]
    assert time.perf_counter() - t0 < 60
    check_shape(text, got)
    found = triples(got, text)
    assert ("李鹏", "PER") in found and ("人民大会堂", "LOC") in found
    # each repetition is tagged (windows overlap, so no name is lost at a window edge)
    n_li = sum(1 for s in got if text[s.start : s.end] == "李鹏")
    assert n_li >= 0.98 * (100_000 // len(unit))


def test_batch_equals_one_by_one(model: NerModel) -> None:
    texts = ["新华社北京5月1日电", "", "江泽民主席在上海会见了日本首相桥本龙太郎。" * 3, "美国"]
    together = model.predict(texts)
    alone = [model.predict([t])[0] for t in texts]
    assert together == alone


def test_rejects_non_str(model: NerModel) -> None:
    with pytest.raises(TypeError):
        model.predict([b"bytes"])  # type: ignore[list-item]


def test_files_are_pickle_free_and_small() -> None:
    """What the wheel ships (every file but the npz networks, the training format) stays <= 30 MB."""
    files = list(MODEL_DIR.rglob("*"))
    total = sum(f.stat().st_size for f in files if f.is_file() and f.name != "model.npz")
    assert total <= 30 * 1024 * 1024
    for npz in MODEL_DIR.rglob("*.npz"):
        with np.load(npz, allow_pickle=False) as z:
            for k in z.files:
                assert z[k].dtype != object
    for js in MODEL_DIR.rglob("*.json"):
        json.loads(js.read_text(encoding="utf-8"))
    assert not [f for f in files if f.suffix in {".pkl", ".pickle", ".pt", ".pth", ".bin"}]


def test_load_is_repeatable() -> None:
    """Loading twice gives the same tags (load time itself is measured by tests/bench/bench_extract.py)."""
    text = ["国务院总理李鹏今天在人民大会堂会见了美国客人。"]
    assert [t.tolist() for t in NerModel.load().predict_tags(text)] == [t.tolist() for t in NerModel.load().predict_tags(text)]


def test_ensemble_averages_member_networks(tmp_path) -> None:
    """An ensemble.json folder loads every member; two copies of one network tag exactly as it does."""
    import shutil

    from reader.extract.model import Network

    single = NerModel.load(fast=True)
    folder = tmp_path / "ner"
    (folder / "a").mkdir(parents=True)
    for name in ("config.json", "model.npz"):
        shutil.copy(MODEL_DIR / "fast" / name, folder / "a" / name)
    shutil.copy(MODEL_DIR / "vocab.json", folder / "vocab.json")
    spec = {"members": [{"path": "a", "weight": 0.3}, {"path": "a", "weight": 0.7}]}
    (folder / "ensemble.json").write_text(json.dumps(spec), encoding="utf-8")
    double = NerModel.load(folder)
    assert len(double.members) == 2
    assert [float(w) for _, w in double.members] == pytest.approx([0.3, 0.7])
    texts = ["国务院总理李鹏今天在人民大会堂会见了美国客人。", "新华社北京5月1日电"]
    assert [t.tolist() for t in double.predict_tags(texts)] == [t.tolist() for t in single.predict_tags(texts)]
    net, config = Network.load(folder / "a")
    with pytest.raises(ValueError, match="positive"):
        NerModel(config, json.loads((folder / "vocab.json").read_text(encoding="utf-8")), members=[(net, 0.0)])


def test_shipped_default_is_the_dev_selected_ensemble() -> None:
    spec = json.loads((MODEL_DIR / "ensemble.json").read_text(encoding="utf-8"))
    model = NerModel.load()
    assert len(model.members) == len(spec["members"]) >= 2
    assert sum(float(w) for _, w in model.members) == pytest.approx(1.0)


def test_traditional_characters_read_as_simplified_ones() -> None:
    from reader.extract.model import normalize, traditional_to_simplified

    assert normalize("陳冠希在臺灣，瀋陽") == "陈冠希在台湾,沈阳"
    kept = "著名的乾隆皇帝干部"  # characters simplified text writes too stay as they are
    assert normalize(kept) == kept
    table = traditional_to_simplified()
    assert len(table) > 2000
    for src, dst in table.items():
        assert len(chr(dst)) == 1 and src != dst
        with pytest.raises(UnicodeEncodeError):
            chr(src).encode("gb2312")


@given(st.text(max_size=200))
@settings(max_examples=200, deadline=None)
def test_normalising_keeps_every_offset(text: str) -> None:
    from reader.extract.model import normalize

    assert len(normalize(text)) == len(text)


def test_a_post_in_traditional_characters_tags_as_in_simplified_ones(model: NerModel) -> None:
    trad = "謝謝瀋陽皇朝萬鑫酒店的感動，陳冠希在臺灣見到了劉德華。"
    simp = "谢谢沈阳皇朝万鑫酒店的感动，陈冠希在台湾见到了刘德华。"
    got = model.predict([trad, simp])
    assert got[0] == got[1]
    assert ("刘德华", "PER") in triples(got[1], simp)


def test_without_the_character_table_the_model_says_which_package_is_missing(monkeypatch) -> None:
    import importlib.util

    from reader.extract.model import traditional_to_simplified

    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a, **k: None if name == "opencc" else real(name, *a, **k))
    with pytest.raises(ImportError, match="opencc-python-reimplemented"):
        traditional_to_simplified()
