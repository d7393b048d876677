"""The evaluator: gold readers (JSON with range, BIO/BMES), label mapping, scores, the table."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reader.core.errors import InputError
from reader.core.model import Origin, Span, text_sha256
from reader.extract import rules_extractor
from reader.extract.evaluate import (
    GoldText,
    evaluate,
    map_label,
    read_gold,
    read_tagged,
    score,
    spans_from_tags,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


class Fixed:
    """An extractor that returns given spans for each text (by text)."""

    def __init__(self, table: dict[str, list[Span]]) -> None:
        self.table = table

    def extract(self, text: str) -> list[Span]:
        return self.table.get(text, [])

    def extract_many(self, texts: list[str]) -> list[list[Span]]:
        return [self.extract(t) for t in texts]


@pytest.mark.parametrize(
    "tags,expected",
    [
        (["B-PER", "I-PER", "O", "B-LOC"], [(0, 2, "PER"), (3, 4, "LOC")]),
        (["B-NAME", "M-NAME", "E-NAME", "S-ORG", "S-ORG"], [(0, 3, "PER"), (3, 4, "ORG"), (4, 5, "ORG")]),
        (["B-PER.NAM", "I-PER.NAM", "B-PER.NOM", "I-PER.NOM", "B-GPE.NAM"], [(0, 2, "PER"), (4, 5, "LOC")]),
        (["I-ORG", "I-ORG", "B-ORG"], [(0, 2, "ORG"), (2, 3, "ORG")]),  # stray I- starts a span
        (["B-TITLE", "E-TITLE", "B-LOC", "I-ORG"], [(2, 3, "LOC"), (3, 4, "ORG")]),  # TITLE ignored
        (["O", "O"], []),
    ],
)
def test_spans_from_tags(tags: list[str], expected: list[tuple[int, int, str]]) -> None:
    assert spans_from_tags(tags) == expected


def test_map_label() -> None:
    assert map_label("NAME") == "PER"
    assert map_label("LOC.NAM") == "LOC" and map_label("GPE.NAM") == "LOC" and map_label("ORG.NAM") == "ORG"
    assert map_label("PER.NOM") is None
    assert map_label("TITLE") is None
    assert map_label("TIME") == "DATE"


@pytest.mark.parametrize(
    "body",
    [
        "广\tB-LOC\n东\tI-LOC\n东\tB-LOC\n莞\tI-LOC\n人\tO\n\n王\tB-PER\n五\tI-PER\n",  # MSRA: char<TAB>tag
        "广 B-LOC\n东 E-LOC\n东 B-LOC\n莞 E-LOC\n人 O\n\n王 B-PER\n五 E-PER\n",  # Resume: char<SPACE>tag
        "广0\tB-GPE.NAM\n东1\tI-GPE.NAM\n东0\tB-GPE.NAM\n莞1\tI-GPE.NAM\n人0\tO\n\n王0\tB-PER.NAM\n五1\tI-PER.NAM\n",  # Weibo
    ],
)
def test_read_tagged_formats_and_loc_joining(tmp_path: Path, body: str) -> None:
    p = tmp_path / "gold.txt"
    p.write_text(body + "\n", encoding="utf-8")
    gold = read_tagged(p)
    assert [g.text for g in gold] == ["广东东莞人", "王五"]
    assert gold[0].spans == {(0, 4, "LOC")}  # touching places joined
    assert gold[1].spans == {(0, 2, "PER")}


def test_read_tagged_bad_line(tmp_path: Path) -> None:
    p = tmp_path / "gold.txt"
    p.write_text("广\tB-LOC\n东B\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        read_tagged(p)
    assert ":2:" in str(e.value)


def test_score_exact_match_and_absent_labels_not_counted() -> None:
    gold = [GoldText("广东东莞人王五", {(0, 4, "LOC"), (5, 7, "PER")})]
    pred = [[Span(0, 2, "LOC"), Span(2, 4, "LOC"), Span(5, 7, "PER"), Span(4, 5, "DATE")]]
    r = score(gold, pred)
    assert list(r.labels) == ["PER", "LOC"]  # DATE absent from the gold: not scored
    assert (r.labels["PER"].tp, r.labels["PER"].fp, r.labels["PER"].fn) == (1, 0, 0)
    assert (r.labels["LOC"].tp, r.labels["LOC"].fp, r.labels["LOC"].fn) == (0, 2, 1)
    m = r.micro
    assert (m.tp, m.fp, m.fn) == (1, 2, 1)
    assert r.f1("PER") == 1.0 and r.labels["LOC"].f1 == 0.0
    assert m.precision == pytest.approx(1 / 3) and m.recall == pytest.approx(1 / 2)
    table = r.format_table()
    assert "PER" in table and "micro" in table and "DATE" not in table
    assert r.to_dict()["micro"]["tp"] == 1


def _gold_json(tmp_path: Path, text: str, spans: list[tuple[int, int, str]], rng: list[int]) -> Path:
    (tmp_path / "seed").mkdir()
    (tmp_path / "gold").mkdir()
    (tmp_path / "seed" / "doc.txt").write_text(text, encoding="utf-8")
    g = {
        "doc": "doc.txt",
        "sha256": text_sha256(text),
        "range": rng,
        "spans": [{"start": s, "end": e, "label": lab, "text": text[s:e]} for s, e, lab in spans],
    }
    p = tmp_path / "gold" / "doc.json"
    p.write_text(json.dumps(g, ensure_ascii=False), encoding="utf-8")
    return p


def test_json_gold_range_honoured_for_gold_and_prediction(tmp_path: Path) -> None:
    text = "10月16日，投资50亿元。\n9月11日，投资8亿元。"
    cut = text.index("\n")
    p = _gold_json(tmp_path, text, [(0, 6, "DATE"), (9, 13, "MONEY"), (cut + 1, cut + 6, "DATE")], [0, cut])
    gold = read_gold(p)  # the text is found in ../seed/
    assert gold[0].spans == {(0, 6, "DATE"), (9, 13, "MONEY")}
    r = evaluate(rules_extractor(), p, "json")
    assert r.micro.tp == 2 and r.micro.fp == 0 and r.micro.fn == 0  # 9月11日, 8亿元 lie outside the range


def test_json_gold_given_text_and_sha_check(tmp_path: Path) -> None:
    text = "10月16日"
    p = _gold_json(tmp_path, text, [(0, 6, "DATE")], [0, 6])
    assert evaluate(Fixed({text: [Span(0, 6, "DATE", Origin.RULE)]}), p, text=text).micro.f1 == 1.0
    with pytest.raises(InputError):
        read_gold(p, text="10月17日")


def test_evaluate_bio_with_fake_extractor(tmp_path: Path) -> None:
    p = tmp_path / "msra_test_bio"
    p.write_text("山\tB-LOC\n东\tI-LOC\n德\tB-LOC\n州\tI-LOC\n\n王\tB-PER\n", encoding="utf-8")
    ex = Fixed({"山东德州": [Span(0, 4, "LOC")], "王": [Span(0, 1, "ORG")]})
    r = evaluate(ex, p, "bio")
    assert r.labels["LOC"].tp == 1 and r.labels["PER"].fn == 1
    assert "ORG" not in r.labels and r.micro.fp == 0  # ORG is not in the gold: not scored
    assert r.texts == 2 and r.chars == 5


def test_unknown_format(tmp_path: Path) -> None:
    with pytest.raises(ValueError):
        read_gold(tmp_path / "x", "conll-2003")


def test_seed_dev_rules(capsys: pytest.CaptureFixture[str]) -> None:
    gold = SHARED / "gold" / "seed-dev.json"
    if not gold.is_file():
        pytest.skip("the shared seed gold is not present")
    r = evaluate(rules_extractor(), gold, "json", labels=["DATE", "MONEY", "PERCENT"])
    print(r.format_table())
    for lab in ("DATE", "MONEY", "PERCENT"):
        assert r.f1(lab) >= 0.95, r.format_table()


def test_format_from_the_suffix(tmp_path: Path) -> None:
    p = tmp_path / "dev.char.bmes"
    p.write_text("王 B-NAME\n五 E-NAME\n", encoding="utf-8")
    assert read_gold(p, None)[0].spans == {(0, 2, "PER")}
    text = "10月16日"
    j = _gold_json(tmp_path, text, [(0, 6, "DATE")], [0, 6])
    assert evaluate(rules_extractor(), j, None).micro.f1 == 1.0
