"""Place rules of the merger: touching places joined (山东省 + 德州), zones and governing bodies
named with their place (德州 + 经开区, 德州经开区 + 党工委), a county written after a listed place
(新疆库车), a bare place before a common noun (深圳分公司 → 深圳), places joined by a middle dot, a
county named in full once and by its short name elsewhere (马边彝族自治县 … 马边).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from reader.core.model import Origin, Span

from .common import (
    _ADMIN_END,
    _BY_START,
    _COMPANY_END,
    _MIDDLE_DOT,
    _NOT_NAME_START,
    _PROVINCE_NAMES,
    _PROVINCES,
    _REGIONS,
    _SUBNATIONAL_END,
    SpanLayer,
    _crosses_break,
    _has_middle_dot,
    _is_cjk,
    _starts,
    _suffix_at,
)

ZONE_SUFFIXES: tuple[str, ...] = (
    "经济技术开发区", "高新技术产业开发区", "高新技术开发区", "经济开发区", "技术开发区", "开发区", "经开区",
    "国家高新区", "高新区", "国家级新区", "新区", "自由贸易试验区", "自贸试验区", "自贸区", "综合保税区",
    "保税区", "工业园区", "产业园区", "工业园", "产业园", "科技园", "科学城", "商务中心区", "片区", "新片区",
    "农业高新技术产业示范区", "农高区", "示范区", "先行区", "合作区", "先导区", "试验区", "综试区", "服务区",
    "新城", "港区", "街道", "社区", "高铁站", "火车站", "南站", "北站", "东站", "西站", "站",
)
"""Generic names of zones, areas and facilities: after a place name they make one LOC with it
(临港 + 新片区, 下沙 + 街道, 嘉兴 + 服务区, 杭州 + 东站)."""

_NOT_AFTER_STATION = frozenset("在起着出稳上住立到了好队岗点位")
"""站 is a verb too: 北京站在… is not a station."""

ORGAN_SUFFIXES: tuple[str, ...] = ("党工委", "管委会", "党委", "工委", "人大常委会", "政协", "纪委")
"""Generic names of governing bodies: after a place name they make one ORG with it."""

LOCAL_GOVERNMENT = ("人民政府", "政府")
"""After a sub-national place (…省, …市, …县, …区): one ORG (德州市政府). After a country the
MSRA convention (LOC 美国 + 政府) is kept."""
_PARTY_COMMITTEE = "委"  # 山东省 + 委 → 山东省委
_EXTENDS_WITH = frozenset(s[0] for s in ZONE_SUFFIXES + ORGAN_SUFFIXES + LOCAL_GOVERNMENT + (_PARTY_COMMITTEE,))
"""The first characters of every suffix :func:`extend_places` looks for: a place followed by none
of them is left as it is."""


def join_touching(spans: Iterable[Span], label: str = "LOC") -> list[Span]:
    """Join spans of ``label`` where one ends exactly where the next starts. Input flat."""
    out: list[Span] = []
    for sp in sorted(spans, key=_BY_START):
        if out and sp.label == label and out[-1].label == label and out[-1].end == sp.start:
            prev = out[-1]
            origin = prev.origin if prev.origin == sp.origin else Origin.MODEL
            out[-1] = Span(prev.start, sp.end, label, origin)
        else:
            out.append(sp)
    return out


def extend_places(text: str, spans: list[Span]) -> list[Span]:
    """Apply the zone and governing-body suffix rules to a flat, sorted layer (see rule 6)."""
    out = list(spans)
    i = 0
    while i < len(out):
        sp = out[i]
        if sp.label != "LOC" or text[sp.end : sp.end + 1] not in _EXTENDS_WITH:
            i += 1
            continue
        changed = False
        for label, suffixes in (("LOC", ZONE_SUFFIXES), ("ORG", ORGAN_SUFFIXES)):
            if out[i].label != "LOC":
                break
            cur = out[i]
            suf = _suffix_at(text, cur.end, suffixes)
            if suf is None and label == "ORG" and text[cur.end - 1] in _SUBNATIONAL_END:
                suf = _suffix_at(text, cur.end, LOCAL_GOVERNMENT)
            if suf is None and label == "ORG" and text[cur.end - 1] in _ADMIN_END and text.startswith(_PARTY_COMMITTEE, cur.end):
                if not text.startswith("委员", cur.end):
                    suf = _PARTY_COMMITTEE
            if suf in ("站", "南站", "北站", "东站", "西站") and cur.end + len(suf) < len(text) and text[cur.end + len(suf)] in _NOT_AFTER_STATION:
                suf = None
            if suf is None:
                continue
            end = cur.end + len(suf)
            if _crosses_break(text, cur.start, end):
                continue
            # the suffix must be free, or covered only by spans that lie inside it (absorbed)
            j = i + 1
            while j < len(out) and out[j].start < end and out[j].end <= end:
                j += 1
            if j < len(out) and out[j].start < end:
                nxt = out[j]
                if j == i + 1 and nxt.label == "ORG" and nxt.start == cur.end:
                    # 江阴 + 高新区党工委 (ORG): an organisation named with its area is one ORG
                    out[i : j + 1] = [Span(cur.start, nxt.end, "ORG", nxt.origin)]
                    changed = True
                continue
            out[i:j] = [Span(cur.start, end, label, cur.origin)]
            changed = True
        if changed:
            # the grown place joins its touching neighbours on both sides, and is looked at again
            # (浙江杭州钱塘 + 新区 + 下沙 + 街道 is one LOC)
            if i > 0 and out[i - 1].label == "LOC" == out[i].label and out[i - 1].end == out[i].start:
                prev = out[i - 1]
                out[i - 1 : i + 1] = [Span(prev.start, out[i].end, "LOC", prev.origin)]
                i -= 1
            if i + 1 < len(out) and out[i].label == "LOC" == out[i + 1].label and out[i].end == out[i + 1].start:
                cur = out[i]
                out[i : i + 2] = [Span(cur.start, out[i + 1].end, "LOC", cur.origin)]
            continue
        i += 1
    return out


_LIST_SEP = frozenset("、和与及")
_LIST_SEPARATOR = re.compile("[、和与及]")
_LEXICON_1998: list[Callable[[str], int | None]] = []


def _bits_1998(word: str) -> int | None:
    """The bits of ``word`` in the 1998 lexicon the model reads (``vocab.json``'s ``lexicon``:
    surface -> bits, 1 word, 2 person, 4 place, 8 organisation); None if it is no word of it."""
    if not _LEXICON_1998:
        _LEXICON_1998.append(_lexicon_1998())
    return _LEXICON_1998[0](word)


def _lexicon_1998() -> Callable[[str], int | None]:
    """A lookup in the lexicon of the shipped model's vocabulary, by the featurizer's tables (read
    once per process and shared with the model: no parse of ``vocab.json``'s 2 MB). Only
    :func:`places_with_county` asks, for a few words in a thousand texts."""
    from reader.extract.model import model_folder, vocab_file, vocabulary

    try:
        return vocabulary(vocab_file(model_folder())).word_bits
    except (OSError, ValueError, KeyError):
        return lambda word: None


def _may_be_place(word: str) -> bool:
    """No word of the 1998 lexicon, or a place in it."""
    bits = _bits_1998(word)
    return bits is None or bool(bits & 4)


def places_with_county(text: str, spans: list[Span]) -> list[Span]:
    """A place and the county or district written right after it, which the model missed, are one
    LOC (guidelines, rule 1) where the text lists places: 甲省乙县 written as 新疆库车 between 、/和/与
    and another place (新疆库车、宁夏宁东 → 新疆库车; 乐山马边与凉山昭觉 → 乐山马边, 凉山昭觉). The two
    characters are untagged, and no word of the 1998 lexicon but a place (北京时间, 河南西部, 日本之外,
    中华民族 stay apart; a county is seldom a word of it: 库车, 马边)."""
    if _LIST_SEPARATOR.search(text) is None:  # no list
        return spans
    out = list(spans)
    for k, sp in enumerate(out):
        if sp.label != "LOC" or not 2 <= sp.end - sp.start <= 4:
            continue
        w = text[sp.start : sp.end]
        if w.endswith("国") or w in _REGIONS:
            continue
        e = sp.end + 2
        county = text[sp.end : e]
        if len(county) < 2 or not (_is_cjk(county[0]) and _is_cjk(county[1])) or not _NOT_NAME_START.isdisjoint(county):
            continue
        nxt = out[k + 1] if k + 1 < len(out) else None
        if nxt is not None and nxt.start < e + 1:
            continue  # the two characters (and the separator after them) are free
        if e < len(text) and text[e] not in _LIST_SEP and text[e] not in "，。；":
            continue
        after = e < len(text) and text[e] in _LIST_SEP and nxt is not None and nxt.start == e + 1 and nxt.label == "LOC"
        prev = out[k - 1] if k > 0 else None
        before = sp.start > 0 and text[sp.start - 1] in _LIST_SEP and prev is not None and prev.end == sp.start - 1 and prev.label == "LOC"
        if (after or before) and _may_be_place(county):
            out[k] = Span(sp.start, e, "LOC", sp.origin)  # a rare pair of characters, or a 1998 place
    return out


_UNIT_NOUNS: tuple[str, ...] = ("分公司", "子公司", "总部", "研发中心", "旗舰店", "门店", "大楼", "工厂")
"""Common nouns for a company's unit: after a bare place (深圳分公司, 欧洲总部, 伦敦旗舰店) the place is
a LOC and the noun no name (the company is not named); after a name (人民银行上海总部) they stay."""
_TEAM_NOUNS: tuple[str, ...] = ("专家团队", "研究团队", "研发团队", "服务团队", "团队", "专家组", "专家团", "工作组", "课题组", "项目组")
"""Groups of people, not organisations: 中国专家组 is 中国 (LOC) and a common noun."""
_UNIT_OR_TEAM = re.compile("|".join(_UNIT_NOUNS + _TEAM_NOUNS))
_ZONE_AFTER_UNIT = ZONE_SUFFIXES + ("经济区",)


def _place_head(head: str, places: set[str]) -> bool:
    """Is ``head`` a bare place: a province, a region, a place the text tags elsewhere, an
    administrative name (嘉兴市), or a province and a short name (浙江嘉兴)?"""
    if head in _PROVINCE_NAMES or head in _REGIONS or head in places:
        return True
    if len(head) >= 2 and head[-1] in _ADMIN_END and all(_is_cjk(c) for c in head):
        return True
    return any(
        head.startswith(p) and p != "中国" and 2 <= len(head) - len(p) <= 3 and all(_is_cjk(c) for c in head)
        for p in _PROVINCES
    )


def places_before_common_nouns(text: str, spans: list[Span]) -> list[Span]:
    """A model span that is a bare place and a common noun (深圳分公司, 欧洲总部, 北京研发中心, 中国专家组,
    我们派出技术服务团队) is the place alone (LOC), or nothing when no place leads it."""
    if _UNIT_OR_TEAM.search(text) is None:  # no span can end with one
        return spans
    places = {text[sp.start : sp.end] for sp in spans if sp.label == "LOC"}
    out: list[Span] = []
    for sp in spans:
        w = text[sp.start : sp.end]
        if sp.origin is Origin.MODEL and sp.label in ("ORG", "LOC"):
            team = next((t for t in _TEAM_NOUNS if w.endswith(t)), None) if sp.label == "ORG" and w.endswith(_TEAM_NOUNS) else None
            if team is not None:
                lead = max((p for p in _PROVINCE_NAMES | _REGIONS | places if w.startswith(p) and 2 <= len(p) < len(w)), key=len, default=None)
                if lead is not None:
                    out.append(Span(sp.start, sp.start + len(lead), "LOC", sp.origin))
                continue
            unit = next((u for u in _UNIT_NOUNS if w.endswith(u) and len(w) > len(u)), None) if w.endswith(_UNIT_NOUNS) else None
            if unit is not None and _place_head(w[: -len(unit)], places) and _suffix_at(text, sp.end, _ZONE_AFTER_UNIT) is None:
                out.append(Span(sp.start, sp.end - len(unit), "LOC", sp.origin))
                continue
        out.append(sp)
    return out


def join_compound_places(text: str, spans: list[Span]) -> list[Span]:
    """A place name of two parts joined by a middle dot is one LOC: 晋创谷·晋中 (a park brand
    tagged ORG on its own becomes part of the place)."""
    if not _has_middle_dot(text):
        return spans
    out: list[Span] = []
    for sp in spans:
        if (
            out
            and sp.label == "LOC"
            and out[-1].label in ("LOC", "ORG")
            and out[-1].end + 1 == sp.start
            and text[out[-1].end] in _MIDDLE_DOT
            and not (out[-1].label == "ORG" and text[out[-1].start : out[-1].end].endswith(_COMPANY_END))
        ):
            out[-1] = Span(out[-1].start, sp.end, "LOC", sp.origin)
        else:
            out.append(sp)
    return out


_COUNTY = re.compile(r"(?:^|(?<=[省市州盟区]))([\u4e00-\u9fff]{2})(?:[\u4e00-\u9fff]{1,3}族)?(?:自治县|自治州|自治旗|县|旗)")


def consistent_places(text: str, spans: list[Span]) -> list[Span]:
    """One place, one name in a text: a county, autonomous prefecture or banner named in full in a
    LOC (乐山市马边彝族自治县, 凉山彝族自治州昭觉县, 兰考县) is called by its two-character name elsewhere
    in the text (马边, 昭觉, 兰考), and those occurrences the model left untagged are the same LOC.
    Not a name that is a word of the 1998 lexicon but no place in it (和平县: 和平), nor an
    occurrence that is part of a word with the character before or after it (长城固 is no 城固)."""
    names: set[str] = set()
    for sp in spans:
        if sp.label == "LOC" and sp.end - sp.start >= 3:
            names.update(m.group(1) for m in _COUNTY.finditer(text[sp.start : sp.end]))
    names = {x for x in names if _may_be_place(x)}
    if not names:
        return spans
    layer = SpanLayer(spans, by_label=True)
    for s, e in sorted((s, s + len(x)) for x in names for s in _starts(text, x)):  # leftmost first
        if not layer.overlapping(s, e) and not _joins_a_word(text, s, e):
            layer.replace([], Span(s, e, "LOC", Origin.MODEL))  # the layer stays flat
    return layer.spans


def _joins_a_word(text: str, s: int, e: int) -> bool:
    """Whether the name at s:e makes a word of the 1998 lexicon with the character before or after
    it (长城 in 长城固, 固然 in 城固然)."""
    before = s > 0 and _is_cjk(text[s - 1]) and _bits_1998(text[s - 1 : s + 1]) is not None
    return before or (e < len(text) and _is_cjk(text[e]) and _bits_1998(text[e - 1 : e + 1]) is not None)
