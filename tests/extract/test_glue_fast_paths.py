"""What the extractor's glue (rules, merger, JSON lines) skips or does once per process, and that
the short cuts give what the long way gives."""

from __future__ import annotations

import json
import random

import pytest

from reader.core.model import Span
from reader.extract.merge import merge_spans
from reader.extract.merge import places


def _vocabulary() -> dict[str, int]:
    from reader.resources import resource_path

    return json.loads(resource_path("ner", "vocab.json").read_text(encoding="utf-8"))["lexicon"]


@pytest.fixture
def fresh_lexicon(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(places, "_LEXICON_1998", [])


def test_the_1998_lexicon_is_looked_up_without_parsing_the_vocabulary(fresh_lexicon, monkeypatch: pytest.MonkeyPatch) -> None:
    lexicon = _vocabulary()
    rng = random.Random(5)
    words = rng.sample(sorted(w for w in lexicon if len(w) == 2), 300) + ["库车", "马边", "北京", "时间", "之外"]

    def no_parse(*args, **kwargs):
        raise AssertionError("vocab.json was parsed")

    monkeypatch.setattr(json, "loads", no_parse)
    for w in words:
        assert places._bits_1998(w) == (int(lexicon[w]) if w in lexicon else None), w
    text = "项目落在湖南沅陵、陕西榆阳和新疆泽普"  # a place, a county, a list: the lexicon is asked
    spans = [Span(4, 6, "LOC"), Span(9, 13, "LOC"), Span(14, 16, "LOC")]
    assert [text[s.start : s.end] for s in merge_spans(text, spans)] == ["湖南沅陵", "陕西榆阳", "新疆泽普"]


def test_a_vocabulary_written_otherwise_is_parsed(fresh_lexicon, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    (tmp_path / "ner").mkdir()
    vocab = {"chars": ["甲"], "bigrams": [], "lexicon": {"沅陵": 1, "榆阳": 4, "甲乙丙": 1}}
    (tmp_path / "ner" / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=True, indent=1), encoding="utf-8")
    import reader.resources

    monkeypatch.setattr(reader.resources, "resource_path", lambda *parts: tmp_path.joinpath(*parts))
    assert [places._bits_1998(w) for w in ("沅陵", "榆阳", "泽普")] == [1, 4, None]


@pytest.mark.parametrize(
    "text",
    [
        "新华社北京电",
        "",
        '他说："好"\\不好\t\x00\x1f\x7f',
        "第一行\n第二行\r\n\u2028\u2029 \ud83d\ude00 😀 𠀀",
        "Ｏｐｅｎ AI “智能” </script> \u00a0é",
    ],
)
def test_a_record_line_is_what_json_dumps_writes(text: str) -> None:
    from reader.extract.batch import _text_record

    rng = random.Random(len(text))
    spans = []
    for _ in range(4 if text else 0):
        s = rng.randrange(len(text))
        spans.append(Span(s, rng.randint(s + 1, len(text)), rng.choice(["PER", 'O"RG', "日期"])))
    expected = {"text": text, "spans": [{"start": s.start, "end": s.end, "label": s.label, "text": text[s.start : s.end]} for s in spans]}
    assert _text_record(text, spans) == json.dumps(expected, ensure_ascii=False) + "\n"
