"""scripts/mine_orgs.py on invented paragraphs (no corpus text)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_SPEC = importlib.util.spec_from_file_location("mine_orgs", Path(__file__).resolve().parents[2] / "scripts" / "mine_orgs.py")
mo = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(mo)

OLD = {"美国": mo.LOC, "中国": mo.LOC, "报告": mo.WORD, "对象": mo.WORD, "发行": mo.WORD, "清华大学": mo.ORG}


def recs(*paras: tuple[str, str]) -> list[dict]:
    return [{"text": t, "spans": [], "id": a} for a, t in paras]


def test_financial_contexts_give_a_bank_in_two_articles():
    r = recs(
        ("a1", "据金泰研报，明年股市看涨。"),
        ("a1", "美国金泰首席经济学家认为，利率将下行。"),
        ("a2", "金泰分析师预计，油价走高。"),
        ("a3", "另一家机构的看法不同。"),
    )
    assert "金泰" in mo.mine(r, OLD)


def test_one_article_is_not_enough():
    r = recs(("a1", "据金泰研报，股市看涨。"), ("a1", "金泰首席经济学家认为利率下行。"), ("a1", "金泰分析师预计油价走高。"))
    assert "金泰" not in mo.mine(r, OLD)


def test_a_person_in_business_contexts_is_no_organisation():
    r = recs(
        ("a1", "特拉斯克旗下的公司宣布裁员。"),
        ("a2", "特拉斯克旗下一家企业上市。"),
        ("a3", "特拉斯克旗下另一家公司亏损。"),
        ("a4", "首席执行官特拉斯克说，明年还会更好。"),
    )
    assert "特拉斯克" not in mo.mine(r, OLD)
    # without the person cue it would be taken
    assert "特拉斯克" in mo.mine(r[:3], OLD)


def test_titles_numbers_and_places_do_not_make_names():
    r = recs(
        ("a1", "，英达创始人兼CEO表示。据美国媒体报道，事情有变。"),
        ("a2", "，英达创始人兼CEO表示。据美国媒体报道，事情有变。"),
        ("a3", "，英达创始人兼CEO表示。据美国媒体报道，事情有变。"),
        ("a4", "避免向特定对象发行股票。"),
        ("a5", "避免向特定对象发行股票。"),
        ("a6", "避免向特定对象发行股票。"),
    )
    got = mo.mine(r, OLD)
    assert not {"英达创始人兼", "美国媒体", "象发行", "媒体"} & got


def test_listed_with_known_organisations():
    known = {"甲银", "乙银"}
    r = recs(("a1", "，甲银、乙银、丙盛等机构上调了目标价。"), ("a2", "：甲银、丙盛、乙银均看好。"))
    assert mo.in_company_contexts(r, OLD, known, 3) == {"丙盛"}
    # a list with a place in it says nothing
    r2 = recs(("a1", "，甲银、美国、丙盛等。"), ("a2", "：甲银、丙盛、美国均。"))
    assert mo.in_company_contexts(r2, OLD, known, 3) == set()


@pytest.mark.parametrize(
    "text, want",
    [
        ("深圳市某某珠宝有限公司（以下简称“某某”）成立", ["某某"]),
        ("关于促进体育产业发展的意见》（以下简称“31号文”）", []),
        ("表示，公司部分业务将继续开展（以下简称“新业务”）", []),
        ("新疆甲市至乙县高速公路（以下简称“甲乙高速”）", []),
    ],
)
def test_short_names_defined_after_an_organisation(text, want):
    assert mo._defined_short_names(text) == want


def test_a_kind_of_company_before_its_head_makes_a_description():
    # a headline printed by several sources, tagged ORG each time: 重回品牌公司 is no name's end
    r = [
        {"text": t, "spans": [[a, a + 10, "ORG"]], "id": i}
        for i, (t, a) in enumerate([("独家丨东岳青牌重回品牌公司，渠道将变", 3), ("东岳青牌重回品牌公司，渠道将变", 0), ("消息称东岳青牌重回品牌公司，渠道将变", 3)])
    ]
    assert "东岳青牌重回品牌公司" not in mo.mine(r, OLD)
    assert mo._description("谷歌母公司", OLD) and mo._description("赛道头部公司", OLD)
    # a company's own name before the head is kept
    assert not mo._description("洛川控股公司", OLD)
    r2 = [{"text": t, "spans": [[0, 6, "ORG"]], "id": i} for i, t in enumerate(["洛川控股公司宣布裁员", "洛川控股公司发布财报", "洛川控股公司股价大涨"])]
    assert "洛川控股公司" in mo.mine(r2, OLD)
