"""Informal lines: the register classifier decides line by line whether a line reads like a
social-media post; the default model gives those lines to its microblog network (``social/``). No Qt."""

from __future__ import annotations

import json
import shutil

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import ExtractorUnavailable
from reader.extract import load_model
from reader.extract.model import NerModel, normalize
from reader.extract.register import N_FEATURES, Register, Social, line_features
from reader.resources import resource_path

MODEL_DIR = resource_path("ner")

NEWS = "国家发展改革委、国家数据局联合印发通知，要求各地加快推进数据基础设施建设。"
POST = "哈哈哈转发微博@小胖子 今天终于吃到了老妈做的红烧肉[偷笑][偷笑]好幸福啊啊啊"


@pytest.fixture(scope="module")
def default() -> NerModel:
    return NerModel.load(threads=1)


line_text = st.text(st.characters(blacklist_characters="\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"), min_size=1, max_size=30)


@given(st.lists(line_text, min_size=1, max_size=5), st.integers(0, 2**32 - 1))
@settings(max_examples=60, deadline=None)
def test_a_lines_score_is_the_mean_of_its_feature_weights(lines: list[str], seed: int) -> None:
    rng = np.random.default_rng(seed)
    reg = Register(rng.normal(size=N_FEATURES).astype(np.float32), 0.25, 0.0)
    text = "\n".join(lines)
    spans, at = [], 0
    for line in lines:
        spans.append((at, at + len(line)))
        at += len(line) + 1
    got = reg.scores(text, spans)
    want = [reg.weights[line_features(line)].astype(np.float64).mean() + 0.25 for line in lines]
    assert np.allclose(got, want, atol=1e-9)


def test_jobs_are_routed_by_the_line_they_start_in() -> None:
    weights = np.zeros(N_FEATURES, dtype=np.float32)
    weights[ord("哈")] = 4.0
    social = Social(Register(weights, 0.0, 1.0), lambda: pytest.fail("routing loads no model"))
    norms = ["新闻一则\n哈哈哈哈", "哈哈哈", "没有"]
    jobs = [(0, 0, 4, 0, 4), (0, 5, 4, 5, 9), (1, 0, 3, 0, 3), (2, 0, 2, 0, 2)]
    formal, informal = social.route(jobs, norms)
    assert formal == [jobs[0], jobs[3]]
    assert informal == [jobs[1], jobs[2]]


def test_the_register_file_round_trips(tmp_path) -> None:
    rng = np.random.default_rng(1)
    reg = Register(rng.normal(size=N_FEATURES).astype(np.float32), 0.5, -0.25)
    reg.save(tmp_path / "r.npz")
    back = Register.load(tmp_path / "r.npz")
    _, scale = Register.quantised(reg.weights)
    assert np.abs(back.weights - reg.weights).max() <= scale / 2 + 1e-6  # int8 in the file
    assert back.bias == 0.5 and back.threshold == -0.25
    back.save(tmp_path / "again.npz")  # what was read is written back exactly
    assert np.array_equal(Register.load(tmp_path / "again.npz").weights, back.weights)
    with pytest.raises(ValueError, match="shape"):
        Register(np.zeros(10), 0.0, 0.0)


@pytest.mark.skipif(not (MODEL_DIR / "social").is_dir(), reason="no social network shipped")
def test_the_shipped_model_gives_microblog_lines_to_its_social_network(default: NerModel) -> None:
    assert default.social is not None
    assert default.social.register.informal(normalize(POST), [(0, len(POST))]).tolist() == [True]
    assert default.social.register.informal(normalize(NEWS), [(0, len(NEWS))]).tolist() == [False]
    plain = NerModel.load(threads=1, social=False)
    assert plain.social is None
    got = default.predict_tags([NEWS, POST])
    assert got[0].tolist() == plain.predict_tags([NEWS])[0].tolist()
    assert got[1].tolist() == default.social.model.predict_tags([POST])[0].tolist()


@pytest.mark.skipif(not (MODEL_DIR / "social").is_dir(), reason="no social network shipped")
def test_a_text_tags_as_its_lines_read_alone(default: NerModel) -> None:
    """The window reads a long article in pieces cut at line breaks; routing is per line, so the
    pieces tag as the whole text."""
    lines = [NEWS, POST, "王毅访问东京", POST + "还有北京的朋友", NEWS]
    whole = default.predict_tags(["\n".join(lines)])[0].tolist()
    pieces = default.predict_tags(lines)
    joined: list[int] = []
    for tags in pieces:
        joined += tags.tolist() + [0]
    assert whole == joined[:-1]


@pytest.mark.skipif(not (MODEL_DIR / "social").is_dir(), reason="no social network shipped")
def test_news_alone_never_loads_the_social_network() -> None:
    model = NerModel.load(threads=1)
    model.predict_tags([NEWS, "新华社北京5月1日电"])
    assert model.social is not None and model.social._model is None
    model.predict_tags([POST])
    assert model.social._model is not None


def test_a_missing_social_network_is_an_unavailable_model(small_model) -> None:
    spec = {"members": [{"path": "a", "weight": 1.0}], "social": {"path": "s", "classifier": "register.npz"}}
    folder = small_model(spec)
    Register(np.zeros(N_FEATURES, dtype=np.float32), 0.0, 1.0).save(folder / "register.npz")
    with pytest.raises(ExtractorUnavailable, match="informal lines"):
        load_model(directory=folder)
    small_model(spec, networks=("s",))
    (folder / "register.npz").write_bytes(b"not a table")
    with pytest.raises(ExtractorUnavailable, match="cannot be loaded"):
        load_model(directory=folder)
    Register(np.zeros(N_FEATURES, dtype=np.float32), 0.0, 1.0).save(folder / "register.npz")
    assert load_model(directory=folder).social is not None
    spec["social"] = {"path": "s"}
    (folder / "ensemble.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match="ensemble.json"):
        NerModel.load(folder)


@pytest.mark.skipif(not (MODEL_DIR / "social").is_dir(), reason="no social network shipped")
def test_a_damaged_social_network_is_an_unavailable_model_when_first_needed(tmp_path) -> None:
    folder = tmp_path / "ner"
    shutil.copytree(MODEL_DIR, folder)
    for graph in (folder / "social").rglob("model.onnx"):
        graph.write_bytes(b"not a graph")
        graph.with_suffix(".npz").write_bytes(b"not weights")
    model = NerModel.load(folder, threads=1)
    assert model.predict_tags([NEWS])[0].any()  # news never needs it
    with pytest.raises(ExtractorUnavailable, match="informal lines"):
        model.predict_tags([POST])


def _haha_register() -> Register:
    """A line with 哈 in it is informal; any other line is not."""
    weights = np.zeros(N_FEATURES, dtype=np.float32)
    weights[ord("哈")] = 4.0
    return Register(weights, 0.0, 0.1)


def test_informal_organisations_are_found_on_informal_lines_only() -> None:
    from reader.extract import Lexicon
    from reader.extract.register import InformalLexicon

    names = InformalLexicon(Lexicon({"新浪": "ORG"}), _haha_register())
    text = "新浪公司发布财报。\r\n哈哈我在新浪看到的\r\n新浪"
    found = [(sp.start, sp.end) for sp in names.find(text)]
    assert found == [(15, 17)]
    assert text[15:17] == "新浪"
    assert names.find("没有名字的一行\n哈哈") == []


def test_the_news_list_wins_where_both_lists_find_a_name() -> None:
    from reader.extract import KnownOrganisations, Lexicon
    from reader.extract.register import InformalLexicon

    known = KnownOrganisations(Lexicon({"新浪微博": "ORG"}), InformalLexicon(Lexicon({"新浪": "ORG", "土豆网": "ORG"}), _haha_register()))
    text = "哈哈新浪微博上说土豆网和新浪"
    assert [text[sp.start : sp.end] for sp in known.find(text)] == ["新浪微博", "土豆网", "新浪"]
    news = "新浪微博上说土豆网和新浪"
    assert [news[sp.start : sp.end] for sp in known.find(news)] == ["新浪微博"]
    assert not KnownOrganisations(Lexicon(), InformalLexicon(Lexicon(), _haha_register()))


def test_the_pipeline_tags_an_informal_organisation_on_a_post_and_not_in_news() -> None:
    from reader.extract import KnownOrganisations, Lexicon, PipelineExtractor
    from reader.extract.register import InformalLexicon

    class NoNames:
        def predict(self, texts):
            return [[] for _ in texts]

    known = KnownOrganisations(Lexicon(), InformalLexicon(Lexicon({"新浪": "ORG"}), _haha_register()))
    ex = PipelineExtractor(NoNames(), rules=False, organisations=known)
    post, news = "哈哈哈新浪又崩了", "新浪一词见于古籍"
    assert [(post[sp.start : sp.end], sp.label) for sp in ex.extract(post)] == [("新浪", "ORG")]
    assert ex.extract(news) == []


def test_the_shipped_lists_know_a_microblog_platform_on_a_post() -> None:
    from reader.extract import load_known_organisations

    known = load_known_organisations()
    assert known.informal is not None and "新浪" in known.informal.lexicon
    post = POST + "新浪"
    assert [post[sp.start : sp.end] for sp in known.find(post)] == ["新浪"]
    news = NEWS + "新浪"
    assert "新浪" not in [news[sp.start : sp.end] for sp in known.find(news)]
    assert [news[sp.start : sp.end] for sp in known.find(news)] == [news[sp.start : sp.end] for sp in known.everywhere.find(news)]
