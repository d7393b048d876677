"""The user lexicon: longest match, always/never, JSON and TSV files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import InputError
from reader.core.model import Origin
from reader.extract import PipelineExtractor
from reader.extract.lexicon import NEVER, Lexicon


def shown(text: str, lex: Lexicon) -> list[tuple[str, str]]:
    return [(text[s.start : s.end], s.label) for s in lex.find(text)]


@pytest.mark.parametrize(
    "entries,text,expected",
    [
        ({"科技日报": "ORG"}, "科技日报讯（记者赵向南）", [("科技日报", "ORG")]),
        # longest match at a position
        ({"北京": "LOC", "北京亦庄": "LOC"}, "北京亦庄持续放大效应", [("北京亦庄", "LOC")]),
        # leftmost first, then no overlap
        ({"东盟": "ORG", "盟国": "LOC"}, "东盟国家", [("东盟", "ORG")]),
        # every occurrence
        ({"东盟": "ORG"}, "东盟与东盟", [("东盟", "ORG"), ("东盟", "ORG")]),
        ({}, "东盟", []),
        ({"东盟": "ORG"}, "", []),
    ],
)
def test_find(entries: dict[str, str], text: str, expected: list[tuple[str, str]]) -> None:
    assert shown(text, Lexicon(entries)) == expected


def test_find_gives_lexicon_origin() -> None:
    spans = Lexicon({"东盟": "ORG"}).find("东盟")
    assert spans[0].origin is Origin.LEXICON


def test_add_never_replaces_always_and_back() -> None:
    lex = Lexicon({"园区": "LOC"})
    lex.add_never("园区")
    assert lex.is_never("园区") and lex.label_of("园区") is None
    assert lex.find("园区") == []
    lex.add("园区", "LOC")
    assert not lex.is_never("园区") and lex.label_of("园区") == "LOC"
    lex.remove("园区")
    assert "园区" not in lex and len(lex) == 0


def test_empty_surface_rejected() -> None:
    with pytest.raises(ValueError):
        Lexicon().add("  ", "LOC")
    with pytest.raises(ValueError):
        Lexicon().add("a\tb", "LOC")


@pytest.mark.parametrize("name", ["lex.json", "lex.tsv"])
def test_save_load_round_trip(tmp_path: Path, name: str) -> None:
    lex = Lexicon({"亦庄": "LOC", "蓝箭航天": "ORG"}, never=["管委会", "本报"])
    path = tmp_path / name
    lex.save(path)
    again = Lexicon.load(path)
    assert again == lex
    assert list(again.items()) == [("亦庄", "LOC"), ("本报", NEVER), ("管委会", NEVER), ("蓝箭航天", "ORG")]


def test_tsv_comments_dash_and_errors(tmp_path: Path) -> None:
    p = tmp_path / "lex.tsv"
    p.write_text("# my words\n亦庄\tLOC\n\n管委会\t-\n", encoding="utf-8")
    lex = Lexicon.load(p)
    assert lex.label_of("亦庄") == "LOC" and lex.is_never("管委会")
    p.write_text("亦庄 LOC\n", encoding="utf-8")
    with pytest.raises(InputError) as e:
        Lexicon.load(p)
    assert ":1:" in str(e.value)


def test_bad_json(tmp_path: Path) -> None:
    p = tmp_path / "lex.json"
    p.write_text('{"always": ["x"]}', encoding="utf-8")
    with pytest.raises(InputError):
        Lexicon.load(p)
    p.write_text("{", encoding="utf-8")
    with pytest.raises(InputError):
        Lexicon.load(p)
    with pytest.raises(InputError):
        Lexicon.load(tmp_path / "missing.json")


def test_lexicon_in_the_pipeline() -> None:
    lex = Lexicon({"亦庄箭": "PRODUCT_X"}, never=["2024"])
    ex = PipelineExtractor(None, lex)
    text = "“亦庄箭”在2024年、2024新一代大会上"
    got = [(text[s.start : s.end], s.label, s.origin) for s in ex.extract(text)]
    assert got == [("亦庄箭", "PRODUCT_X", Origin.LEXICON), ("2024年", "DATE", Origin.RULE)]


def _find_by_scanning(lex: Lexicon, text: str) -> list[tuple[int, int, str]]:
    """The definition: at each position the longest surface that starts there, then past it."""
    always = lex.always
    out, i = [], 0
    while i < len(text):
        hits = [s for s in always if text.startswith(s, i)]
        if hits:
            s = max(hits, key=len)
            out.append((i, i + len(s), always[s]))
            i += len(s)
        else:
            i += 1
    return out


@settings(max_examples=200, deadline=None)
@given(
    surfaces=st.lists(st.text(alphabet="东盟国家]^-\\[ab", min_size=1, max_size=5), max_size=8),
    text=st.text(alphabet="东盟国家]^-\\[abc", max_size=40),
)
def test_find_agrees_with_scanning(surfaces: list[str], text: str) -> None:
    """Leftmost-longest over any entries (regex metacharacters included) and any text, also at its end."""
    lex = Lexicon({s: ("ORG" if k % 2 else "LOC") for k, s in enumerate(surfaces) if s.strip()})
    assert [(s.start, s.end, s.label) for s in lex.find(text)] == _find_by_scanning(lex, text)
