"""Page analysis: the sample page as a person reads it, generated pages, and offsets that hold."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.pages import ROLES, analyse_page
from tests.pages.sample_reading import sample_truth
from tests.pages.scoring import score


def _check_offsets(text: str) -> None:
    ps = analyse_page(text)
    seen: list[tuple[int, int]] = []
    for a in ps.articles:
        assert a.blocks
        for b in a.blocks:
            assert 0 <= b.start < b.end <= len(text) and b.role in ROLES
            assert text[b.start : b.end].strip() == text[b.start : b.end]
            seen.append((b.start, b.end))
    for s in ps.section_labels:
        assert text[s.start : s.end] == s.text
        seen.append((s.start, s.end))
    seen.sort()
    assert all(e <= s2 for (_, e), (s2, _) in zip(seen, seen[1:])), "blocks overlap"
    for j in ps.joins:
        assert 0 < j.from_ <= j.to <= len(text)
    for g in ps.gaps:
        assert 0 < g.after <= len(text)
    # every non-blank character belongs to exactly one block or label
    covered = set()
    for s, e in seen:
        covered.update(range(s, e))
    assert all(text[i].isspace() or i in covered for i in range(len(text)))


def test_sample_page_first_half():
    text, blocks, joins = sample_truth()
    s = score(analyse_page(text), blocks, joins, within=(0, len(text) // 2))
    assert s.role_acc >= 0.85 and s.pair_f1 >= 0.90 and s.joins_found >= 1, s


def test_sample_page_whole():
    text, blocks, joins = sample_truth()
    ps = analyse_page(text)
    s = score(ps, blocks, joins)
    assert s.role_acc >= 0.85 and s.pair_f1 >= 0.90 and s.joins_found >= 2, s
    assert [x.text for x in ps.section_labels] == ["K 园镜头"]
    assert len(ps.articles) == 6
    assert ps.articles[0].title == "锚定主导产业 做优营商环境 山东德州经开区：当好北向发展“桥头堡”"
    roles = {c.name: c.role for a in ps.articles for c in a.credits}
    assert roles["王延斌"] == "reporter" and roles["刘潇"] == "correspondent" and roles["何星辉"] == "reporter"
    # the column break that repeats 长: the join skips the repeated character
    cut = text.index("部部长\n") + 3
    assert any(j.from_ == cut and text[j.to : j.to + 3] == "陈海荣" for j in ps.joins)


def test_offsets_survive_crlf_and_astral_characters():
    text, _, _ = sample_truth()
    text = text.replace("熔炼", "𠮷熔炼")
    crlf = text.replace("\n", "\r\n")
    a, b = analyse_page(text), analyse_page(crlf)
    assert [[text[x.start : x.end] for x in art.blocks] for art in a.articles] == [
        [crlf[x.start : x.end].replace("\r", "") for x in art.blocks] for art in b.articles
    ]
    _check_offsets(crlf)


def test_plain_article_is_one_article():
    text = "市场回暖\n\n记者从商务部获悉，一月份消费市场回暖。\n\n专家认为，这一趋势将持续。\n"
    ps = analyse_page(text)
    assert len(ps.articles) == 1 and ps.articles[0].title == "市场回暖"
    assert [b.role for b in ps.articles[0].blocks] == ["headline", "body", "body"]
    assert analyse_page("").articles == () and analyse_page(" \n\n").articles == ()
    untitled = analyse_page("记者从商务部获悉，一月份消费市场回暖。专家认为，这一趋势将持续。")
    assert len(untitled.articles) == 1 and untitled.articles[0].blocks[0].role == "body"


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(["\n", "\n\n", "\r\n", "  ", "◎本报记者 王明 通讯员 李华", "科技日报讯（记者赵向南）", "图为", "供图",
                                "，", "。", "市场回暖", "记者从商务部获悉", "的", "𠮷", "K 园镜头", "“", "”", "（", "）", "a"]), max_size=40))
def test_any_text_gives_valid_offsets(parts):
    _check_offsets("".join(parts))


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_arbitrary_text_never_raises(text):
    _check_offsets(text)


def test_generated_pages(shared):
    from tests.pages.generate import load_pages, make_page

    pages = load_pages()
    picked = [k for k in pages if k[0] == "2026-01-31"]
    scores = []
    for k in picked:
        text, truth = make_page(pages[k], seed=0)
        _check_offsets(text)
        scores.append(score(analyse_page(text), truth.blocks, truth.joins))
    assert scores
    role = sum(s.role_acc for s in scores) / len(scores)
    f1 = sum(s.pair_f1 for s in scores) / len(scores)
    joined = sum(s.joins_found for s in scores) / max(1, sum(s.joins_total for s in scores))
    assert role >= 0.80 and f1 >= 0.75 and joined >= 0.5, (role, f1, joined)


@pytest.mark.parametrize("blank", [0, 2])
def test_generated_pages_without_or_with_more_empty_lines(shared, blank):
    from tests.pages.generate import load_pages, make_page

    pages = load_pages()
    picked = [k for k in pages if k[0] == "2026-02-01"]
    scores = [score(analyse_page(t), tr.blocks, tr.joins) for t, tr in (make_page(pages[k], seed=1, blank=blank) for k in picked)]
    role = sum(s.role_acc for s in scores) / len(scores)
    f1 = sum(s.pair_f1 for s in scores) / len(scores)
    assert role >= 0.80 and f1 >= 0.70, (role, f1)


def test_generated_page_truth_is_consistent(shared):
    from tests.pages.generate import load_pages, make_page

    pages = load_pages()
    key = sorted(pages)[0]
    text, truth = make_page(pages[key], seed=3)
    assert text == make_page(pages[key], seed=3)[0]  # deterministic
    for s, e, role, art in truth.blocks:
        assert 0 <= s < e <= len(text) and text[s:e].strip()
    for a, b in truth.joins:
        assert a <= b
