"""Merge model, rule and lexicon spans into one flat layer, by the guidelines' composition rules.

Order of decisions (all deterministic):

1. Clean: spans crossing a line break are dropped (guidelines: a name cut by a line break is not
   joined); model spans lose surrounding spaces, quotes, brackets, punctuation and symbols, are
   split at a space between Chinese characters (刘潇 孙嘉隆 is two names), lose a familiar prefix
   (老刘 → 刘), and are dropped when they are one of the guidelines' common nouns (管委会, 园区);
   spans whose text is a lexicon "never" surface are dropped.
2. Rules against the model: a rule span (DATE, MONEY, PERCENT, QUANTITY) at the edge of a model
   span, or crossing it, is cut out of the model span: the model (trained on MSRA) swallows
   digits (``2024江阴国家高新区`` → DATE ``2024`` + LOC ``江阴国家高新区``). A rule span strictly
   inside a model span yields to it: the longest name wins.
3. Lexicon "always" spans win over everything they overlap.
4. What is left is made flat: longest first; on equal length a rule span before a model span,
   then the earlier start.
5. Touching LOC spans are joined into one LOC: hierarchical places written together are one
   place (山东省 + 德州 → 山东省德州); MSRA-style models split them.
6. A place followed by the generic name of a zone is one LOC (德州 + 经开区 → 德州经开区; the
   guidelines' places include development zones and new areas, while bare 高新区 or 新区 are
   common nouns); a place followed by the generic name of a governing body is one ORG (德州经开区
   + 党工委 → 德州经开区党工委: "an organisation named with its area is one ORG").
7. A short name defined in the text (……有限公司（以下简称“华创融盛”）) takes the label of the name
   it abbreviates, wherever it occurs (model spans inside it give way).
"""

from __future__ import annotations

import json
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterable

from reader.core.model import Origin, Span
from reader.core.review import SHORT_NAME
from reader.extract.lexicon import Lexicon

__all__ = ["BREAKS", "apply_learned", "GENERIC_NOUNS", "ORGAN_SUFFIXES", "ZONE_SUFFIXES", "extend_places", "join_touching", "merge_spans"]

BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Characters that end a line: no span may contain one."""

_EDGE = frozenset(
    " \t\u3000\xa0"
    "“”\"'‘’《》〈〉「」『』（）()【】[]{}<>"
    "，。、；：！？,.;:!?…—–-~～·•◎●■□★☆"
)
_RULE_ORIGINS = (Origin.RULE,)
_ORIGIN_RANK = {Origin.USER: 0, Origin.LEXICON: 1, Origin.IMPORT: 2, Origin.RULE: 3, Origin.MODEL: 4}


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
_SUBNATIONAL_END = frozenset("省市县区州镇乡村旗盟")

GENERIC_NOUNS: frozenset[str] = frozenset(
    # the guidelines' "not" examples and clarifications: common nouns standing for a body or an
    # area, titles, bylines, programmes
    "管委会 园区 公司 职能部门 本报 本报记者 记者 通讯员 总经理 副书记 书记 北方地区 全国 国内 高新区 新片区 "
    "东区 海关 总行 客户服务部 一带一路 西部陆海新通道 集团 政府".split()
)
"""Surfaces a model span may not have on its own: common nouns, not names."""

JOINABLE_GENERIC: frozenset[str] = frozenset("高新区 新片区 东区 园区".split())
"""Generic zone words that are names when written right after a place (江阴 + 高新区): kept through
the joining steps and dropped only if they are still alone after them."""

NOT_PLACES: frozenset[str] = frozenset(
    "东部 西部 南部 北部 中部 中西部 东中西部 南方 北方 海外 境外 境内 全球 国际 当地 本地 各地 异地 外地 "
    "沿海 内陆 城乡 农村 城市 基层 全省 全市 全区 全县 全镇 本市 本省 省内 市内 区内 县域 天下 世界各地 "
    "中东部 河湖".split()
)
"""Directions and common nouns that a model may take for places (guidelines: 北方地区, 全国, 国内).
Planets and 两岸 stay as the model has them: MSRA tags them LOC."""

_AREA_WORDS = ("西部地区", "东部地区", "南部地区", "北部地区", "中部地区", "地区", "市区", "库区")
"""Generic area words stay outside a place's name: 上海地区 → 上海, 长治市区 → 长治, 丹江口库区 → 丹江口."""

CAPTION_WORDS: frozenset[str] = frozenset("供图 摄 摄影 图源 图片 来源 视觉中国 资料图 制图 绘图 配图 截图 图".split())
"""Caption and credit words: never a person."""

_CAPTION_END = ("供图", "摄影", "摄", "制图", "绘图")
_PROGRAMME_AFTER = re.compile(r"[”’」』\"]?(?:规划|工程|计划|项目|战略|行动|方案|政策|系列|专项|时期|期间|[一二三四五六七八九十0-9]+号)")
_NUMERAL = frozenset("一二三四五六七八九十两双百千零〇0123456789")
_LATIN_NAME = re.compile(r"[A-Z][a-z]+(?:[ .·\-][A-Z][a-z]+)+")
_INNER_SEP = re.compile(r"[｜|／/，,；;。！？!?]+")
_SPLITTING = re.compile(r"[ \t\u3000\xa0｜|／/，,；;。！？!?]")
"""Any character a model span is split at (the spaces of _CJK_SPACE, the separators of _INNER_SEP)."""

_SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢"
    "姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
"""Common surnames: 小王/老刘 are a familiar prefix and a surname (guidelines: 小王 → 王)."""

_NOT_IN_GIVEN_NAME = frozenset(
    "说等和与及在的是了也都总局长书记主任副经理告诉表示介绍指出认为称讲道对向从被把将为已又还就才所们"
    "省市县区镇乡村"
)
_NAME_END = re.compile(r"[\s，。、；：！？）)”\"」』,.;:!?]|$")


def _extend_surname(text: str, s: int, e: int) -> int:
    """A lone surname cut from its name in a byline (通讯员 刘|潇⏎): the end of the whole name."""
    for n in (2, 1):
        j = e + n
        if j > len(text):
            continue
        given = text[e:j]
        if all("\u4e00" <= c <= "\u9fff" and c not in _NOT_IN_GIVEN_NAME and c not in _SURNAMES for c in given) and _NAME_END.match(text, j):
            return j
    return e


_PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 中国"
).split()
_PROVINCE_NAMES = frozenset(
    [p for p in _PROVINCES] + [p + "省" for p in _PROVINCES] + [p + "市" for p in _PROVINCES] + [p + "自治区" for p in _PROVINCES]
)
_COMPANY_END = ("有限公司", "有限责任公司", "公司", "集团", "银行")
"""A registered company name starts with its province: 山东 + 华创融盛展示有限公司 is one ORG."""

_PARTY_COMMITTEE = "委"  # 山东省 + 委 → 山东省委
_ADMIN_END = frozenset("省市县区州")


def _crosses_break(text: str, s: int, e: int) -> bool:
    return not BREAKS.isdisjoint(text[s:e])


def _edge(c: str) -> bool:
    """Not part of a name at its edge: spaces, punctuation, symbols (emoji), but not the 〇 of 一一〇."""
    if c in _EDGE or c.isspace():
        return True
    if c.isalnum() or c in "○〇":
        return False
    return unicodedata.category(c)[0] in "PSZC"


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and _edge(text[s]):
        s += 1
    while e > s and _edge(text[e - 1]):
        e -= 1
    return s, e


_CJK_SPACE = re.compile(
    r"(?<=[\u3400-\u9fff\U00020000-\U0003ffff])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[\u3400-\u9fff\U00020000-\U0003ffff])"
)


def _split_at_cjk_spaces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A Chinese name holds no space: 刘潇 孙嘉隆 is two names (Latin names keep theirs)."""
    parts: list[tuple[int, int]] = []
    for m in _CJK_SPACE.finditer(text, s, e):
        parts.append((s, m.start()))
        s = m.end()
    parts.append((s, e))
    return parts


def _valid(text: str, sp: Span) -> bool:
    return 0 <= sp.start < sp.end <= len(text)


def join_touching(spans: Iterable[Span], label: str = "LOC") -> list[Span]:
    """Join spans of ``label`` where one ends exactly where the next starts. Input flat."""
    out: list[Span] = []
    for sp in sorted(spans, key=lambda x: (x.start, x.end, x.label)):
        if out and sp.label == label and out[-1].label == label and out[-1].end == sp.start:
            prev = out[-1]
            origin = prev.origin if prev.origin == sp.origin else Origin.MODEL
            out[-1] = Span(prev.start, sp.end, label, origin)
        else:
            out.append(sp)
    return out


_SUFFIX_INDEX: dict[tuple[str, ...], dict[str, list[str]]] = {}


def _suffix_at(text: str, i: int, suffixes: tuple[str, ...]) -> str | None:
    """The longest of ``suffixes`` written at ``i`` (the suffixes are looked up by their first
    character, longest first; the index is made once per tuple)."""
    index = _SUFFIX_INDEX.get(suffixes)
    if index is None:
        index = {}
        for suf in sorted(set(suffixes), key=len, reverse=True):
            index.setdefault(suf[0], []).append(suf)
        _SUFFIX_INDEX[suffixes] = index
    for suf in index.get(text[i : i + 1], ()):
        if text.startswith(suf, i):
            return suf
    return None


def extend_places(text: str, spans: list[Span]) -> list[Span]:
    """Apply the zone and governing-body suffix rules to a flat, sorted layer (see rule 6)."""
    out = list(spans)
    i = 0
    while i < len(out):
        sp = out[i]
        if sp.label != "LOC":
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
_WORDS_1998: list[dict[str, int]] = []


def _words_1998() -> dict[str, int]:
    """The 1998 lexicon the model reads (``vocab.json``: surface -> bits, 1 word, 2 person, 4 place,
    8 organisation), loaded on first use: only :func:`places_with_county` needs it, and rarely."""
    if not _WORDS_1998:
        from reader.resources import resource_path

        try:
            lex = json.loads(resource_path("ner", "vocab.json").read_text(encoding="utf-8"))["lexicon"]
        except (OSError, ValueError, KeyError):
            lex = {}
        _WORDS_1998.append({w: int(b) for w, b in lex.items() if len(w) == 2})
    return _WORDS_1998[0]


def places_with_county(text: str, spans: list[Span]) -> list[Span]:
    """A place and the county or district written right after it, which the model missed, are one
    LOC (guidelines, rule 1) where the text lists places: 甲省乙县 written as 新疆库车 between 、/和/与
    and another place (新疆库车、宁夏宁东 → 新疆库车; 乐山马边与凉山昭觉 → 乐山马边, 凉山昭觉). The two
    characters are untagged, and no word of the 1998 lexicon but a place (北京时间, 河南西部, 日本之外,
    中华民族 stay apart; a county is seldom a word of it: 库车, 马边)."""
    out = list(spans)
    for k, sp in enumerate(out):
        w = text[sp.start : sp.end]
        if sp.label != "LOC" or not 2 <= len(w) <= 4 or w.endswith("国") or w in _REGIONS:
            continue
        e = sp.end + 2
        county = text[sp.end : e]
        if len(county) < 2 or not all(_is_cjk(c) for c in county) or any(c in _NOT_NAME_START for c in county):
            continue
            continue
        nxt = out[k + 1] if k + 1 < len(out) else None
        if nxt is not None and nxt.start < e + 1:
            continue  # the two characters (and the separator after them) are free
        if e < len(text) and text[e] not in _LIST_SEP and text[e] not in "，。；":
            continue
        after = e < len(text) and text[e] in _LIST_SEP and nxt is not None and nxt.start == e + 1 and nxt.label == "LOC"
        prev = out[k - 1] if k > 0 else None
        before = sp.start > 0 and text[sp.start - 1] in _LIST_SEP and prev is not None and prev.end == sp.start - 1 and prev.label == "LOC"
        if (after or before) and _words_1998().get(county, 4) & 4:
            out[k] = Span(sp.start, e, "LOC", sp.origin)  # a rare pair of characters, or a 1998 place
    return out


_UNIT_NOUNS: tuple[str, ...] = ("分公司", "子公司", "总部", "研发中心", "旗舰店", "门店", "大楼", "工厂")
"""Common nouns for a company's unit: after a bare place (深圳分公司, 欧洲总部, 伦敦旗舰店) the place is
a LOC and the noun no name (the company is not named); after a name (人民银行上海总部) they stay."""
_TEAM_NOUNS: tuple[str, ...] = ("专家团队", "研究团队", "研发团队", "服务团队", "团队", "专家组", "专家团", "工作组", "课题组", "项目组")
"""Groups of people, not organisations: 中国专家组 is 中国 (LOC) and a common noun."""
_REGIONS = frozenset("欧洲 亚洲 非洲 北美 南美 拉美 美洲 亚太 中东 东南亚 中亚 东欧 西欧 北欧 大洋洲".split())


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
            if unit is not None and _place_head(w[: -len(unit)], places) and _suffix_at(text, sp.end, ZONE_SUFFIXES + ("经济区",)) is None:
                out.append(Span(sp.start, sp.end - len(unit), "LOC", sp.origin))
                continue
        out.append(sp)
    return out


_VERB_IN_NAME = re.compile("收购|并购|出任|担任|成立|宣布|发布|举办|召开|表示|入股|加盟")
"""Verbs that no organisation's name holds (none in MSRA's ORG spans): a model span across one is
a clause (印奇出任公司, 北京亦庄成立产业局, 收购美国信贷管理公司)."""
_PERSON_VERBS = ("出任", "担任")


def verbs_in_organisations(text: str, spans: list[Span]) -> list[Span]:
    """A model ORG span holding a verb is a clause, cut at the verb: before 出任/担任 stands a person
    (印奇出任公司 → 印奇); before another verb a place (北京亦庄成立产业局 → 北京亦庄, LOC) or a company
    named with its head; after the verb a place that leads the object is kept (收购美国信贷管理公司
    → 美国), the rest (a description) is dropped."""
    places = {text[sp.start : sp.end] for sp in spans if sp.label == "LOC"}
    out: list[Span] = []
    for sp in spans:
        w = text[sp.start : sp.end]
        m = _VERB_IN_NAME.search(w) if sp.label == "ORG" and sp.origin is Origin.MODEL else None
        if m is None:
            out.append(sp)
            continue
        before, after = w[: m.start()], w[m.end() :]
        b = sp.start + m.start()
        if 2 <= len(before) and all(_is_cjk(c) for c in before):
            if m.group() in _PERSON_VERBS:
                if len(before) <= 4:
                    out.append(Span(sp.start, b, "PER", sp.origin))
            elif _place_head(before, places):
                out.append(Span(sp.start, b, "LOC", sp.origin))
            elif before.endswith(_COMPANY_END) and len(before) > 3:
                out.append(Span(sp.start, b, "ORG", sp.origin))
        a = sp.start + m.end()
        lead = max((p for p in _PROVINCE_NAMES | _REGIONS | places if after.startswith(p) and len(p) < len(after)), key=len, default=None)
        if lead is not None:
            out.append(Span(a, a + len(lead), "LOC", sp.origin))
    return out


_LATIN_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+(?:['’-][A-Za-zß-ÿ][a-zß-ÿ]+)?"
_LATIN_PERSON = rf"{_LATIN_WORD}(?:[ \u00a0]+(?:[A-Z]\.[ \u00a0]*)?{_LATIN_WORD}){{1,2}}"
_LATIN_IN_BRACKETS = {
    "PER": re.compile(rf"[（(][ \u00a0]?({_LATIN_PERSON})[ \u00a0]?[）)]"),
    "ORG": re.compile(r"[（(][ \u00a0]?([A-Z][A-Za-z0-9&'’\-]*(?:[ \u00a0][A-Z0-9&][A-Za-z0-9&.'’\-]*){0,4})[ \u00a0]?[）)]"),
}
_CAPITAL = re.compile("[A-Z]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_LATIN_AFTER_TITLE = re.compile(
    rf"(?:官|CEO|总裁|董事长|主席|总监|经理|创始人|发言人|分析师|教授|首席[^\s，。]{{0,4}})[ \u00a0]?(?P<per>{_LATIN_PERSON})(?![A-Za-z])"
)


def latin_names(text: str, spans: list[Span]) -> list[Span]:
    """Names in Latin letters the model misses or mislabels: one in brackets right after a person's
    or an organisation's name is the same entity's name (斯蒂芬·米兰（Stephen I. Miran）, 黑石集团
    （Blackstone））; capitalised words after a title are a person (首席财务官Jim Kavanaugh)."""
    if _CAPITAL.search(text) is None:
        return spans
    by_end = {sp.end: sp for sp in spans if sp.label in ("PER", "ORG")}
    new: list[Span] = []
    for i, before in by_end.items():
        m = _LATIN_IN_BRACKETS[before.label].match(text, i) if i < len(text) and text[i] in "（(" else None
        if m is not None:
            new.append(Span(m.start(1), m.end(1), before.label, Origin.MODEL))
    for m in _LATIN_AFTER_TITLE.finditer(text):
        new.append(Span(m.start("per"), m.end("per"), "PER", Origin.MODEL))
    if not new:
        return spans
    new = [n for n in new if not _crosses_break(text, n.start, n.end)]
    kept = [sp for sp in spans if not any(sp.start < n.end and n.start < sp.end for n in new)]
    return sorted(kept + new, key=lambda x: (x.start, x.end, x.label))


_LATIN_ORG_NAME = re.compile(
    r"(?<![A-Za-z0-9&.\-])(?:[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z0-9]{2,})"
    r"(?:[ \u00a0](?:[A-Z][A-Za-z0-9&.\-]*[A-Za-z0-9]|[A-Z]{2,}))*(?![A-Za-z0-9])"
)
_LATIN_ORG_BEFORE = re.compile(
    r"(?:公司|集团|企业|机构|巨头|创企|初创|独角兽|厂商|制造商|运营商|供应商|银行|基金|投资方|风投|资本|对手|收购|洽购|并购|入股|旗下)"
    r"[ \u00a0]?$"
)
_LATIN_ORG_AFTER = re.compile(
    r"[ \u00a0]?(?:公司|集团|CEO|首席执行官|创始人|联合创始人|董事长|总裁|股价|市值|估值|股东|旗下|官网|发言人)"
)
_LATIN_TITLE_BEFORE = re.compile(
    r"(?:官|CEO|总裁|董事长|主席|总监|经理|创始人|发言人|分析师|教授|记者|博士|先生|女士|名叫|名为|首席[^\s，。]{0,4})[ \u00a0]?$"
)
_LATIN_NOT_ORG = frozenset(
    "AI AGI AIGC IT IPO CEO CFO COO CTO GPU CPU NPU TPU HBM DRAM NAND App APP SaaS EV SUV MPV PC VR AR XR MR IoT API "
    "ETF ESG GDP CPI PMI OEM ODM IP ADAS Agent Robotaxi LLM OS UI".split()
)
"""Latin words that name no organisation: acronyms of things and roles (AI公司: a company of AI)."""
_COMPANY_TAIL = re.compile(r"公司|集团")


def _latin_word_cut(text: str, s: int, e: int) -> bool:
    def inside(i: int) -> bool:
        return 0 < i < len(text) and text[i - 1].isascii() and text[i - 1].isalnum() and text[i].isascii() and text[i].isalnum()

    return inside(s) or inside(e)


def latin_organisations(text: str, spans: list[Span]) -> list[Span]:
    """Organisation names in Latin letters outside brackets (xAI, OpenAI, RevMed, Red Hat): a Latin
    name in a company's context (收购生物技术公司X, 科技巨头X, X CEO, X股价; X公司 is one ORG with
    公司) is an ORG, and so are its other occurrences in the text; a name after a title is a
    person's (首席执行官X, see :func:`latin_names`), and acronyms of things (AI, GPU) are no
    organisation. A model span that cuts a Latin word (Roa of Roadster) is dropped."""
    if _LATIN_LETTER.search(text) is None:
        return spans
    spans = [sp for sp in spans if not (sp.origin is Origin.MODEL and _latin_word_cut(text, sp.start, sp.end))]
    spans = [
        sp
        for sp in spans
        if not (sp.origin is Origin.MODEL and sp.label == "ORG" and re.sub(r"[ \u00a0]?(?:公司|集团)$", "", text[sp.start : sp.end]) in _LATIN_NOT_ORG)
    ]
    found: dict[tuple[int, int], int] = {}
    orgs: set[str] = {text[sp.start : sp.end] for sp in spans if sp.label == "ORG"}
    names = list(_LATIN_ORG_NAME.finditer(text))
    for m in names:
        w = m.group()
        if w in _LATIN_NOT_ORG or not any(c.isupper() for c in w) or len(w) <= 3 and any(c.isdigit() for c in w):
            continue  # no name, or a quarter, a dimension, a model number (Q4, 3D, H20)
        head = text[max(0, m.start() - 8) : m.start()]
        if _LATIN_TITLE_BEFORE.search(head):
            continue
        if _LATIN_ORG_BEFORE.search(head) or _LATIN_ORG_AFTER.match(text, m.end()):
            tail = _COMPANY_TAIL.match(text, m.end())
            found[(m.start(), m.end())] = tail.end() if tail else m.end()
            orgs.add(w)
    for m in names:  # one name, one label in a text
        w = m.group()
        if (m.start(), m.end()) not in found and w in orgs and w not in _LATIN_NOT_ORG and any(c.isupper() for c in w):
            if not _LATIN_TITLE_BEFORE.search(text[max(0, m.start() - 8) : m.start()]):
                found[(m.start(), m.end())] = m.end()
    if not found:
        return spans
    new = [Span(s, e, "ORG", Origin.MODEL) for (s, _), e in found.items() if not _crosses_break(text, s, e)]
    out = list(spans)
    for n in new:
        hit = [sp for sp in out if sp.start < n.end and n.start < sp.end]
        if any(
            (sp.start < n.start or sp.end > n.end) and not (sp.end <= n.end and _LATIN_ORG_BEFORE.search(text[sp.start : n.start]))
            for sp in hit
        ):
            continue  # part of a longer span (a person's name, a bracketed name), not 科技巨头 + X
        out = [sp for sp in out if sp not in hit] + [n]
    return sorted(out, key=lambda x: (x.start, x.end, x.label))


def join_province_into_company(text: str, spans: list[Span]) -> list[Span]:
    """A province name right before a company's name is part of it (guidelines, rule 2)."""
    out: list[Span] = []
    for sp in spans:
        if (
            out
            and sp.label == "ORG"
            and out[-1].label == "LOC"
            and out[-1].end == sp.start
            and text[out[-1].start : out[-1].end] in _PROVINCE_NAMES
            and text[sp.start : sp.end].endswith(_COMPANY_END)
        ):
            out[-1] = Span(out[-1].start, sp.end, "ORG", sp.origin)
        else:
            out.append(sp)
    return out


_SHORT_NAME = SHORT_NAME  # one definition of the pattern, in the core


def short_names(text: str, spans: list[Span]) -> list[Span]:
    """A short name defined in the text (山东华创融盛展示有限公司（以下简称“华创融盛”）) is the same
    entity: every occurrence of it gets the label of the name it abbreviates. Spans it overlaps
    give way if they came from the model and are not longer; rule, lexicon and longer spans stay."""
    found = list(_SHORT_NAME.finditer(text))
    if not found:
        return spans
    by_end = {sp.end: sp for sp in spans}
    # ``out`` kept sorted by (start, end) (a stable sort: what the final sort of the appended spans
    # gives), so that the spans overlapping an occurrence are found by bisection: a long article
    # that defines short names holds thousands of spans and occurrences.
    out = sorted(spans, key=lambda x: (x.start, x.end))
    keys = [(sp.start, sp.end) for sp in out]
    longest = max((sp.end - sp.start for sp in out), default=0)
    last: dict[str, str] = {}  # short name -> the label its latest definition gave
    for m in found:
        full = by_end.get(m.start())
        if full is None or full.label not in ("ORG", "LOC", "PER") or full.end - full.start <= len(m.group(1)):
            continue
        short, label = m.group(1), full.label
        if last.get(short) == label:  # the same definition again finds every occurrence labelled
            continue
        last[short] = label
        i = text.find(short)
        while i >= 0:
            s, e = i, i + len(short)
            i = text.find(short, e)
            lo, hi = bisect_left(keys, (s - longest, -1)), bisect_left(keys, (e, -1))
            hit = [k for k in range(lo, hi) if out[k].end > s]
            if any(out[k].origin is not Origin.MODEL or out[k].end - out[k].start > e - s for k in hit):
                continue
            if len(hit) == 1 and (out[hit[0]].start, out[hit[0]].end, out[hit[0]].label) == (s, e, label):
                continue
            for k in reversed(hit):
                del out[k], keys[k]
            at = bisect_right(keys, (s, e))
            out.insert(at, Span(s, e, label, Origin.MODEL))
            keys.insert(at, (s, e))
            longest = max(longest, e - s)
    return out


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\U00020000" <= c <= "\U0003ffff"


def _clean_person(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A PER span without caption words, programme names and stray Latin tokens (None: drop it)."""
    w = text[s:e]
    if w in CAPTION_WORDS:
        return None
    if len(w) == 1 and e < len(text) and text[e] in "｜|／/":  # 文｜, 图｜: a credit, no name
        return None
    for suf in _CAPTION_END:
        if w.endswith(suf) and len(w) - len(suf) >= 2:  # 王小明摄 → 王小明
            e -= len(suf)
            w = text[s:e]
            break
    if not any(_is_cjk(c) for c in w):
        # Latin letters or digits alone (Pro, M7, CEO, 1): a person only as two capitalised words
        return (s, e) if _LATIN_NAME.fullmatch(w) else None
    if w[0] in _NUMERAL:  # 十五五, 双碳: programme abbreviations
        return None
    if _PROGRAMME_AFTER.match(text, e):  # “东数西算”工程, 嫦娥六号
        return None
    if any(not (c.isalpha() or c in "·•.-") for c in w):
        return None
    return s, e


_FUSED_AFTER = frozenset("股债指资")
"""A one-character place abbreviation fused with a non-place morpheme is not tagged (guidelines):
美股, 美债, 港股, 沪指, 中资, and 奥 of 冬奥会. (访华, 中方, 进京, 台胞 are tagged in MSRA, the
accuracy floor: the model's tags for those stay.)"""


_NEXT_WORD_ADMIN = re.compile(r"[省市县区]级|市(?:井|民(?!营)|场)")
"""An administrative character that starts the next word (省级, 市民, 市场), not the place's: MSRA
tags 北京 in 北京市民 too."""


def _clean_place(text: str, s: int, e: int) -> tuple[int, int] | None:
    w = text[s:e]
    if w in NOT_PLACES:
        return None
    if e - s == 1 and (
        (e < len(text) and text[e] in _FUSED_AFTER)
        or (s > 0 and text[s - 1 : e] == "冬奥")
        or (text.startswith("网", e) and not text.startswith("网球", e))  # 澳网, 美网: tournaments
    ):
        return None
    if e - s >= 3 and e < len(text) and _NEXT_WORD_ADMIN.match(text, e - 1):
        return s, e - 1  # 浙江省级 → 浙江, 上海市民 → 上海
    for suf in _AREA_WORDS:
        if w.endswith(suf) and len(w) - len(suf) >= 2:
            return s, e - len(suf)
    return s, e


def _clean_model_span(text: str, whole: Span) -> list[Span]:
    """Step 1 for one model span: split at spaces between Chinese characters and at separators
    inside it, trim, drop common nouns and what cannot be a name of its label."""
    if _SPLITTING.search(text, whole.start, whole.end) is None:  # nothing to split at: the usual case
        pieces = [(whole.start, whole.end)]
    else:
        pieces = [
            part
            for a, b in _split_at_cjk_spaces(text, whole.start, whole.end)
            for part in _split_at_separators(text, a, b)
        ]
    split = len(pieces) > 1
    out: list[Span] = []
    for s, e in pieces:
        s, e = _trim(text, s, e)
        if s >= e:
            continue
        w = text[s:e]
        if split and e - s == 1 and (whole.label != "PER" or not _is_cjk(w)):
            continue  # K 园镜头: a letter and a character are no place
        if w in GENERIC_NOUNS:
            # 江阴 + 高新区: kept for the joining steps, dropped later if still alone
            if not (whole.label == "LOC" and w in JOINABLE_GENERIC and s > 0 and _is_cjk(text[s - 1])):
                continue
        if w.isdigit():
            continue
        if s > 0 and e < len(text) and text[s - 1] == "[" and text[e] == "]":
            continue  # [哈哈], [偷笑]: an emoticon's code in microblog text, no name
        if whole.label == "PER":
            if e - s == 2 and text[s] in "小老" and text[s + 1] in _SURNAMES:
                s += 1  # 老刘 → 刘
            elif e - s == 1 and text[s] in _SURNAMES and (s == 0 or not text[s - 1].isalpha()):
                e = _extend_surname(text, s, e)  # 通讯员 刘|潇 → 刘潇
            r = _clean_person(text, s, e)
        elif whole.label == "LOC":
            r = _clean_place(text, s, e)
        else:
            r = (s, e)
        if r is None:
            continue
        s, e = r
        out.append(whole if (s, e) == (whole.start, whole.end) else Span(s, e, whole.label, whole.origin))
    return out


def _split_at_separators(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """文｜财新周刊: a separator inside a model span ends a name."""
    parts: list[tuple[int, int]] = []
    for m in _INNER_SEP.finditer(text, s, e):
        parts.append((s, m.start()))
        s = m.end()
    parts.append((s, e))
    return [(a, b) for a, b in parts if b > a]


_OPEN, _CLOSE = "（(", "）)"
_BRACKET_INSIDE = 12
"""At most this many characters between a bracket pair inside a name: 北京大学（深圳）研究院."""


def _unbalanced(w: str) -> int | None:
    """Index of the first unbalanced bracket in ``w`` (None: balanced)."""
    stack: list[int] = []
    for i, c in enumerate(w):
        if c in _OPEN:
            stack.append(i)
        elif c in _CLOSE:
            if not stack:
                return i
            stack.pop()
    return stack[0] if stack else None


def _fix_brackets(text: str, spans: list[Span]) -> list[Span]:
    """No span with an unbalanced bracket. A name that ends after a closing bracket whose opening
    one lies just before it is an organisation named with a bracketed place: 北京大学（深圳）研究院
    (the name before the bracket, if the model tagged it, is taken in). Otherwise the span is cut
    at the bracket (恒泰证券（全资子公司 → 恒泰证券; ）有限公司 → nothing that short)."""
    by_end: dict[int, Span] = {}
    for sp in spans:
        if sp.label in ("ORG", "LOC") and (sp.end not in by_end or by_end[sp.end].start > sp.start):
            by_end[sp.end] = sp
    out: list[Span] = []
    for sp in spans:
        w = text[sp.start : sp.end]
        k = _unbalanced(w)
        if k is None:
            out.append(sp)
            continue
        cut = sp.start + k
        if w[k] in _CLOSE and sp.label in ("ORG", "LOC"):
            o = max(text.rfind(c, max(0, sp.start - _BRACKET_INSIDE), sp.start) for c in _OPEN)
            inner = text[o + 1 : cut] if o >= 0 else ""
            if o >= 0 and not any(c in BREAKS or c in _OPEN or c in _CLOSE for c in inner):
                prev = by_end.get(o)
                if prev is not None and _unbalanced(text[prev.start : sp.end]) is None and w.endswith(_ORG_TAIL):
                    out.append(Span(prev.start, sp.end, "ORG", sp.origin))
                    continue
        a, b = (cut + 1, sp.end) if w[k] in _CLOSE else (sp.start, cut)
        a, b = _trim(text, a, b)
        if b - a >= (3 if w[k] in _CLOSE else 2) and _unbalanced(text[a:b]) is None and text[a:b] not in _ORG_TAIL and text[a:b] not in GENERIC_NOUNS:
            out.append(Span(a, b, sp.label, sp.origin))
    return out


_MEDIA_END = ("报", "刊", "志", "社", "网", "台", "新闻")


def _split_at_title_marks(text: str, spans: list[Span]) -> list[Span]:
    """A model span that runs into a title mark or a quote: 英国《金融时报》 → 英国 (LOC) +
    金融时报 (ORG, a medium: a title that is no newspaper, magazine or agency is dropped, 《数字服务
    法案》); “林肯”号 → nothing (a vessel's name); 华为“鸿蒙 → 华为."""
    out: list[Span] = []
    for sp in spans:
        w = text[sp.start : sp.end]
        k = w.find("《")
        if k > 0 and sp.label in ("ORG", "LOC"):
            close = text.find("》", sp.start + k + 1, min(len(text), sp.start + k + 14))
            a, b = _trim(text, sp.start, sp.start + k)
            if b - a >= 2:
                out.append(Span(a, b, "LOC" if b - a <= 5 else sp.label, sp.origin))
            if close > sp.start + k + 2 and not _crosses_break(text, sp.start + k + 1, close):
                inner = text[sp.start + k + 1 : close]
                if sp.label == "ORG" and inner.endswith(_MEDIA_END) and "《" not in inner:
                    out.append(Span(sp.start + k + 1, close, "ORG", sp.origin))
            continue
        q = next((i for i, c in enumerate(w) if c in "“”" and 0 < i), -1)
        if q > 0:
            if text.startswith("号", sp.start + q + 1):
                continue  # “林肯”号: a ship
            a, b = _trim(text, sp.start, sp.start + q)
            if b - a >= 2:
                out.append(Span(a, b, sp.label, sp.origin))
            continue
        out.append(sp)
    return out


_BYLINE = re.compile(
    r"(?:实习记者|见习记者|特约记者|摄影记者|本报记者|记者|通讯员|实习生|摄影|撰稿|编辑|责编|责任编辑|校对)"
    r"[ \t\u3000:：]*"
)
_BYLINE_WORD = re.compile("记者|通讯员|实习生|摄影|撰稿|编辑|责编|校对")
_BYLINE_NAME_END = re.compile(r"[\s，。、；：！？（）()“”\"/｜|]|摄|报道|$")


def _byline_names(text: str, spans: list[Span]) -> list[Span]:
    """A name written after a byline title (实习记者张晓明, 通讯员 刘潇): one PER, even when the
    model missed it or took the title in."""
    if _BYLINE_WORD.search(text) is None:
        return spans
    out = sorted(spans, key=lambda x: (x.start, x.end, x.label))  # as the final sort leaves them
    keys = [(sp.start, sp.end, sp.label) for sp in out]  # bisected: a long text has many bylines
    longest = max((sp.end - sp.start for sp in out), default=0)
    for m in _BYLINE.finditer(text):
        i = m.end()
        if i >= len(text) or text[i] not in _SURNAMES:
            continue
        name = None
        for n in (3, 2):
            j = i + n
            if j <= len(text) and text[j - 1] == "摄":
                continue
            if j <= len(text) and all(_is_cjk(c) and c not in _NOT_IN_GIVEN_NAME for c in text[i + 1 : j]) and _BYLINE_NAME_END.match(text, j):
                name = (i, j)
                break
        if name is None:
            continue
        s, e = name
        at = [k for k in range(bisect_left(keys, (s - longest,)), bisect_left(keys, (e,))) if out[k].end > s]
        hit = [out[k] for k in at]
        if any(sp.label == "PER" and sp.start == s and sp.end == e for sp in hit):
            continue
        if any(sp.label != "PER" and sp.start <= s and e <= sp.end and (sp.start, sp.end) != (s, e) for sp in hit):
            continue  # inside a longer organisation or place name
        for k in reversed(at):
            del out[k], keys[k]
        k = bisect_right(keys, (s, e, "PER"))
        out.insert(k, Span(s, e, "PER", Origin.MODEL))
        keys.insert(k, (s, e, "PER"))
        longest = max(longest, e - s)
    return out


_ORG_TAIL: tuple[str, ...] = (
    "股份有限公司", "集团有限公司", "有限责任公司", "有限公司", "分公司", "公司", "集团", "研究院", "研究所", "研究中心",
    "实验室", "中心", "医院", "学院", "分院", "分行", "支行", "分局", "办事处", "代表处",
)
"""What may follow a bracketed place to finish an organisation's name: 腾讯科技（深圳）有限公司."""

_DEPARTMENT_END: tuple[str, ...] = (
    "分局", "分行", "支行", "分公司", "子公司", "分院", "分会", "分所", "办事处", "代表处", "总部", "管理部",
    "研究院", "研究所", "研究中心", "实验室", "学院", "医院", "党委", "党组", "纪委", "工会", "委员会", "办公室",
    "供电公司", "部", "局", "处", "司", "厅", "中心", "海关",
)
"""Ends of a department's or branch's name: written right after its parent, one ORG with it."""

_GOVERNMENT_END: tuple[str, ...] = (
    "厅", "局", "委", "委员会", "办公室", "办", "署", "院", "中心", "法院", "检察院", "部", "队", "所", "站",
)
"""Ends of a government body's name: after a sub-national place it is named with, one ORG."""
_VILLAGE_BODY = ("村委会", "居委会", "村民委员会", "居民委员会")


def _is_admin_place(w: str) -> bool:
    return w[-1] in _ADMIN_END or w in _PROVINCE_NAMES


def join_organisations(text: str, spans: list[Span]) -> list[Span]:
    """The guidelines' organisation compositions, on a flat sorted layer:

    - a bracketed place inside a name: 北京大学 + （深圳） + 研究院 → one ORG;
    - a department written with its parent: 国家税务总局 + 杭州市 + 分局, 人民银行上海总部 + 外汇管理部;
    - a government body named with its sub-national place: 四川省 + 经济和信息化厅 → one ORG
      (a village committee after its town stays apart: 某某镇 + 某某村村委会).
    """
    out = list(spans)
    i = 0
    while i < len(out):
        a = out[i]
        if a.label not in ("ORG", "LOC"):
            i += 1
            continue
        # bracketed place: A（P）B, A may be followed by a few more characters of the name
        # (京津冀 + 创新转化 + （德州） + 中心)
        opening = a.end
        while opening < min(len(text), a.end + 8) and _is_cjk(text[opening]) and (i + 1 >= len(out) or out[i + 1].start > opening):
            opening += 1
        if opening < len(text) and text[opening] in _OPEN:
            a_end = a.end
            a = Span(a.start, opening, a.label, a.origin)
            close = -1
            for k in range(a.end + 1, min(len(text), a.end + 2 + 8)):
                if text[k] in _CLOSE:
                    close = k
                    break
                if text[k] in BREAKS or text[k] in _OPEN or not (text[k].isalpha() or text[k] in "·"):
                    break
            if close > a.end + 1:
                j = i + 1
                while j < len(out) and out[j].end <= close:
                    j += 1
                # the bracket holds a place, exactly: 北京大学（深圳）研究院, not 党委（党组）中心
                inner_ok = j == i + 2 and out[i + 1].label == "LOC" and (out[i + 1].start, out[i + 1].end) == (a.end + 1, close)
                end = -1
                if j < len(out) and out[j].start == close + 1 and out[j].label == "ORG":
                    end, j = out[j].end, j + 1
                elif j >= len(out) or out[j].start > close + 1:
                    tail = _suffix_at(text, close + 1, _ORG_TAIL)
                    if tail is not None and (j >= len(out) or out[j].start >= close + 1 + len(tail)):
                        end = close + 1 + len(tail)
                if inner_ok and end > 0:
                    out[i:j] = [Span(a.start, end, "ORG", a.origin)]
                    continue
            a = Span(a.start, a_end, a.label, a.origin)
        if i + 1 < len(out) and out[i + 1].start == a.end:
            b = out[i + 1]
            wa, wb = text[a.start : a.end], text[b.start : b.end]
            # parent + department
            if a.label == "ORG" and b.label == "ORG" and wb.endswith(_DEPARTMENT_END) and len(wb) <= 12:
                out[i : i + 2] = [Span(a.start, b.end, "ORG", a.origin)]
                continue
            if a.label == "ORG" and b.label == "LOC" and _is_admin_place(text[b.start : b.end]):
                c = out[i + 2] if i + 2 < len(out) else None
                if c is not None and c.start == b.end and c.label == "ORG" and text[c.start : c.end].endswith(_DEPARTMENT_END):
                    out[i : i + 3] = [Span(a.start, c.end, "ORG", a.origin)]
                    continue
                tail = _suffix_at(text, b.end, _DEPARTMENT_END)
                if tail is not None and (c is None or c.start >= b.end + len(tail)) and len(tail) >= 2:
                    out[i : i + 2] = [Span(a.start, b.end + len(tail), "ORG", a.origin)]
                    continue
            # sub-national place + its government body
            if (
                a.label == "LOC"
                and b.label == "ORG"
                and wa[-1] in _SUBNATIONAL_END
                and wa[-1] != "村"
                and wb.endswith(_GOVERNMENT_END)
                and not wb.endswith(_VILLAGE_BODY)
                and "村" not in wb
                and not wb.endswith(_COMPANY_END)
                and not any(c in _SUBNATIONAL_END for c in wb[:6])
            ):
                out[i : i + 2] = [Span(a.start, b.end, "ORG", b.origin)]
                continue
        i += 1
    return out


_MIDDLE_DOT = "·•・"
_DOT_GAP = re.compile(r"[ \u00a0]?[·•・][ \u00a0]?")


def join_foreign_names(text: str, spans: list[Span]) -> list[Span]:
    """Parts of a foreign name written with middle dots (斯文 · 德 · 斯梅特, 泰贾斯・库尔卡尼) are one
    PER; the model often tags them one by one."""
    out: list[Span] = []
    for sp in spans:
        if out and sp.label == "PER" == out[-1].label:
            m = _DOT_GAP.fullmatch(text, out[-1].end, sp.start)
            hyphened = (
                text[out[-1].end : sp.start] in ("-", "－")
                and any(c in _MIDDLE_DOT for c in text[out[-1].start : out[-1].end])
                and sp.end - sp.start <= 4
                and not any(c in _MIDDLE_DOT for c in text[sp.start : sp.end])
            )
            if m is not None or hyphened:
                # 礼萨·塔拉埃-尼克: a double surname after a dotted name
                out[-1] = Span(out[-1].start, sp.end, "PER", out[-1].origin)
                continue
        out.append(sp)
    return out



def join_compound_places(text: str, spans: list[Span]) -> list[Span]:
    """A place name of two parts joined by a middle dot is one LOC: 晋创谷·晋中 (a park brand
    tagged ORG on its own becomes part of the place)."""
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


_NAME_TAIL_OK: tuple[str, ...] = _ORG_TAIL + _DEPARTMENT_END + (
    "汽车", "科技", "控股", "证券", "银行", "保险", "基金", "基金会", "资本", "投资", "电子", "电器", "能源", "智能",
    "终端", "云", "网", "国际", "传媒", "物流", "医药", "生物", "航空", "航天", "集团股份", "股份",
    "队", "所", "会", "社", "台", "日报", "晚报", "院", "委", "办", "署", "行", "馆", "团", "校", "联盟", "协会",
)
"""Ends that make a longer organisation's name of a known one (特斯拉 + 汽车, 华为 + 终端)."""
_NAME_TAIL_PLACES = frozenset("中国 美国 欧洲 亚洲 亚太 日本 韩国 全球 国际 大中华区 中国区".split()) | _PROVINCE_NAMES


def _around_known(text: str, o: Span, hit: list[Span]) -> list[Span] | None:
    """A known organisation ``o`` that model spans reach beyond: the spans that replace them, or
    None to leave them as they are. A span that is the name and more is a longer name when what
    follows is a place (特斯拉中国, 星巴克中国: an ORG even where the model said LOC) or an
    organisation's ending (特斯拉汽车, 华为终端); otherwise the rest is no part of a name
    (特斯拉财报, 英伟达交付, 星巴克同店 → the known name). A person's name that crosses the
    known name's edge (星|巴克盘) gives way: what is left of it outside stays if 2 or more
    characters long."""
    if len(hit) == 1 and hit[0].start == o.start and hit[0].end > o.end and hit[0].label in ("ORG", "LOC"):
        sp = hit[0]
        tail = text[o.end : sp.end]
        if tail in _NAME_TAIL_PLACES:
            return [Span(sp.start, sp.end, "ORG", sp.origin)]
        if tail.endswith(_NAME_TAIL_OK) or not all(_is_cjk(c) for c in tail):
            return None
        return [Span(o.start, o.end, "ORG", Origin.MODEL)]
    out = [Span(o.start, o.end, "ORG", Origin.MODEL)]
    for sp in hit:
        if sp.start >= o.start and sp.end <= o.end:
            continue
        if sp.label != "PER" or (sp.start < o.start and sp.end > o.end):
            return None
        a, b = (sp.start, o.start) if sp.start < o.start else (o.end, sp.end)
        if b - a >= 2:
            out.append(Span(a, b, "PER", sp.origin))
    return out


def known_organisations(text: str, spans: list[Span], occurrences: Iterable[Span]) -> list[Span]:
    """Names of a known-organisation list (mined from modern news: 特斯拉, 英伟达, 华为) over the
    model's spans: an occurrence replaces the model spans that lie inside it (华 of 华为 as LOC,
    特斯拉 as PER), and is added where the model found nothing; a model span that reaches beyond
    it stays if it is a longer name (特斯拉中国) and is cut to it if not (特斯拉财报): see
    :func:`_around_known`."""
    occ = [o for o in occurrences if not _crosses_break(text, o.start, o.end) and not _latin_word_cut(text, o.start, o.end)]
    if not occ:
        return spans
    out = sorted(spans, key=lambda x: (x.start, x.end))
    starts = [sp.start for sp in out]
    drop: set[int] = set()
    add: list[Span] = []
    for o in occ:
        hit = []
        j = bisect_left(starts, o.end) - 1
        while j >= 0 and out[j].end > o.start:  # model spans are flat: ends ascend with starts
            hit.append(j)
            j -= 1
        if any(out[j].start < o.start or out[j].end > o.end for j in hit):
            fixed = _around_known(text, o, [out[j] for j in hit])
            if fixed is None:
                continue
            drop.update(hit)
            add.extend(fixed)
            continue
        if len(hit) == 1 and (out[hit[0]].start, out[hit[0]].end, out[hit[0]].label) == (o.start, o.end, "ORG"):
            continue
        drop.update(hit)
        add.append(Span(o.start, o.end, "ORG", Origin.MODEL))
    if not add:
        return spans
    kept = [sp for j, sp in enumerate(out) if j not in drop]
    return sorted(kept + add, key=lambda x: (x.start, x.end, x.label))


_COMPANY_CONTEXT = re.compile(r"[ \u00a0]?(?:CEO|首席执行官|董事长|总裁|创始人|股价|市值|财报|门店|官网|官方微博|员工|营收)")
_COMPANY_WORD = re.compile(r"公司|集团|汽车|科技|控股|证券|银行")


def companies_in_context(text: str, spans: list[Span]) -> list[Span]:
    """A name the model took for a person is a company where the text treats it as one: before
    公司/集团/汽车/科技… it is one ORG with it (默克公司, 小鹏汽车; an organisation's name takes them in too);
    before CEO, 股价, 市值, 财报… it is an ORG (沃尔沃 CEO, 星巴克股价). A place before 公司 stays
    (美国公司: companies of a country)."""
    out: list[Span] = []
    for k, sp in enumerate(spans):
        nxt = spans[k + 1].start if k + 1 < len(spans) else len(text)
        w = text[sp.start : sp.end]
        if sp.label in ("PER", "ORG") or (sp.label == "LOC" and w[-1] not in _SUBNATIONAL_END and w not in _PROVINCE_NAMES):
            m = _COMPANY_WORD.match(text, sp.end)
            if m is not None and m.end() <= nxt and sp.label != "LOC":
                out.append(Span(sp.start, m.end(), "ORG", sp.origin))
                continue
            if sp.label == "PER" and _COMPANY_CONTEXT.match(text, sp.end) is not None:
                out.append(Span(sp.start, sp.end, "ORG", sp.origin))
                continue
        out.append(sp)
    return out


_ACRONYM = re.compile(r"[A-Z0-9]{1,4}")
_SHORT_COMPANY_SUFFIX = ("汽车", "集团", "科技", "股份", "控股", "公司")
_BUSINESS_WORDS = frozenset(
    "科技 技术 信息 信息技术 智能 电子 新能源 能源 控股 投资 传媒 网络 数字 实业 发展 国际 中国 全球 集团 汽车 "
    "股份 金融 资本 证券 银行 保险 医药 生物 材料 新材料 化工 建设 工程 物流 贸易 文化 教育 健康 环境 电力 通信".split()
)
"""Words a company name is made of, never its short name on their own (科技 of …科技公司)."""


_NOT_NAME_START = frozenset("的了在和与及对从向把被将为是这那其该各每本我你他她它们说称等以于由据就也都还又所任")


def _whole_name(text: str, x: str) -> str:
    """A name the model cut at its start (玛特 of 泡泡玛特): when every one of two or more
    occurrences of ``x`` follows the same one or two Chinese characters, they are part of it."""
    if x[0].isascii():
        return x  # a Latin name has its own edges (收购 Nordco is no name)
    starts = []
    i = text.find(x)
    while i >= 0:
        starts.append(i)
        i = text.find(x, i + len(x))
    if len(starts) < 2:
        return x
    for n in (2, 1):
        heads = {text[i - n : i] for i in starts if i >= n}
        if len(heads) == 1 and all(i >= n for i in starts):
            head = heads.pop()
            if all(_is_cjk(c) and c not in _NOT_NAME_START and c not in _NUMERAL and c not in "届第" for c in head):
                if _VERB_IN_NAME.search(head):
                    return x  # a verb before every occurrence (收购 + 某某公司) is no part of the name
                return head + x
    return x


def consistent_organisations(text: str, spans: list[Span]) -> list[Span]:
    """One name, one label in a text: an organisation's name found once is an ORG wherever else it
    occurs in the text, where the model took it for a person or a place or missed it. A company
    named in full (长城汽车, 蓝鲸科技) is also called by the rest of its name: those occurrences are
    the same ORG (长城 after 长城汽车). Places and administrative names are never taken as short
    names (北京汽车 leaves 北京 alone), nor business words (科技)."""
    shorts: set[str] = set()
    for sp in spans:
        if sp.label != "ORG":
            continue
        w = text[sp.start : sp.end]
        if len(w) >= 2 and w not in GENERIC_NOUNS and w not in _PROVINCE_NAMES and not _ACRONYM.fullmatch(w):
            shorts.add(w)  # one name, one label in a text (not a bare acronym: HBM, AI)
        for suf in _SHORT_COMPANY_SUFFIX:
            x = w[: -len(suf)]
            if w.endswith(suf) and len(x) >= 2 and x not in _PROVINCE_NAMES and x[-1] not in _SUBNATIONAL_END and x not in _BUSINESS_WORDS and x not in GENERIC_NOUNS:
                if not any(c in x for c in "（）()·"):
                    shorts.add(x)
                break
    if not shorts:
        return spans
    shorts = {_whole_name(text, x) for x in shorts}
    occ: list[Span] = []
    for x in sorted(shorts, key=len, reverse=True):
        i = text.find(x)
        while i >= 0:
            occ.append(Span(i, i + len(x), "ORG", Origin.MODEL))
            i = text.find(x, i + len(x))
    occ.sort(key=lambda o: (o.start, -o.end))
    flat: list[Span] = []
    for o in occ:
        if not flat or o.start >= flat[-1].end:
            flat.append(o)
    return known_organisations(text, spans, flat)


_LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9]{2,6}"
_COMPANY_LIST = re.compile(
    rf"({_LIST_ITEM})((?:、{_LIST_ITEM})*)(?:[和与及]({_LIST_ITEM}))?等(?:其他|其它|多家|多个|头部|知名|主流|国内外|国内|海外)?"
    r"(品牌|车企|厂商|新势力|造车新势力|券商|大厂|企业|公司|银行|机构|巨头)(?![家主级化])"
)
"""A list closed by 等 and a word for companies (阿维塔、极氪、小米汽车等品牌; 特斯拉、理想等造车新势力)."""
_BRAND_KINDS = frozenset("品牌 车企 厂商 新势力 造车新势力 券商 大厂".split())
"""Kinds after which every item is a name; after 企业, 公司, 银行, 机构, 巨头 items may be common nouns
(高校、医院等机构), so an untagged item counts only where another item is an ORG already."""


def listed_companies(text: str, spans: list[Span]) -> list[Span]:
    """The items of a list closed by 等 and a word for companies or brands (甲、乙、丙等品牌, 甲和乙等
    车企) are organisations: an item the model took for a person or a place, or missed, is an ORG
    (and, by :func:`consistent_organisations`, wherever else the text names it). The first item
    starts where a tagged span starts, or after punctuation or a function character."""
    if "等" not in text:
        return spans
    out = list(spans)
    for m in _COMPANY_LIST.finditer(text):
        items: list[tuple[int, int]] = []
        # the first item: the span that ends at the separator, or the characters after a boundary
        first_end = m.end(1)
        head = next((sp for sp in out if sp.end == first_end and sp.start >= m.start(1) - 4 and sp.start < first_end), None)
        if head is not None:
            items.append((head.start, first_end))
        else:
            s = first_end
            while s > m.start(1) and text[s - 1] not in _NOT_NAME_START:
                s -= 1
            if first_end - s >= 2:
                items.append((s, first_end))
        pos = m.start(2)
        for part in m.group(2).split("、")[1:] if m.group(2) else []:
            pos += 1
            items.append((pos, pos + len(part)))
            pos += len(part)
        if m.group(3):
            items.append((m.start(3), m.end(3)))
        if len(items) < 2:
            continue
        named = m.group(4) in _BRAND_KINDS or any(
            sp.label == "ORG" and s <= sp.start and sp.end <= e for s, e in items for sp in out
        )
        for s, e in items:
            w = text[s:e]
            if w in GENERIC_NOUNS or w in _PROVINCE_NAMES or w in _REGIONS or _ACRONYM.fullmatch(w):
                continue
            hit = [k for k, sp in enumerate(out) if sp.start < e and s < sp.end]
            if not hit:
                if named:
                    out.append(Span(s, e, "ORG", Origin.MODEL))
            elif all(s <= out[k].start and out[k].end <= e for k in hit) and any(out[k].label != "ORG" for k in hit):
                origin = out[hit[0]].origin
                out = [sp for k, sp in enumerate(out) if k not in hit] + [Span(s, e, "ORG", origin)]
    return sorted(out, key=lambda x: (x.start, x.end, x.label))


_CREDIT_NAME = r"([^\s（）()【】，。、；：:|｜©]{2,12}?)"
_CREDITS: tuple[re.Pattern[str], ...] = (
    re.compile(r"((?:[\u4e00-\u9fff] ){1,5}[\u4e00-\u9fff]) 版 权 所 有"),  # 人 民 网 版 权 所 有
    re.compile(r"©[ \u00a0]?([^\s©，。；|｜]{2,12})(?=\s|$)"),  # ©央视新闻
    re.compile(r"[（(]来源[：:][ \u00a0]?([^（）()，。；：:|｜\n]{2,12})[）)]"),  # （来源：IT 之家）
    re.compile(r"来源[：:][ \u00a0]?" + _CREDIT_NAME + r"(?:官方)?微信公众号"),
    re.compile(r"关注" + _CREDIT_NAME + r"(?:官方)?微信公众号"),
    re.compile(r"微信公众号[：:][ \u00a0]?" + _CREDIT_NAME + r"[（(]微信号"),
    re.compile(r"下载" + _CREDIT_NAME + r"[ \u00a0]?APP"),
    re.compile(r"(?:^|\n)出品[ \u00a0]?[|｜][ \u00a0]?([^\n|｜]{2,12})(?=\n)"),
)
"""Media named in credits and footers: a letter-spaced copyright line (人 民 网 版 权 所 有), ©X,
（来源：X）, X微信公众号, 下载X APP, 出品|X."""
_NOT_CREDIT = ("图", "公告", "网络", "网友", "受访", "官网", "资料", "截图", "记者", "本报", "作者", "招股书")


def media_credits(text: str, spans: list[Span]) -> list[Span]:
    """A medium named in a credit or footer line is an ORG, over whatever the model had there
    (the same footer closes every article of a source: ©央视新闻, 关注爱范儿官方微信公众号)."""
    if not any(k in text for k in ("版 权", "©", "来源", "公众号", "APP", "出品")):
        return spans
    found: list[Span] = []
    for rx in _CREDITS:
        for m in rx.finditer(text):
            s, e = _trim(text, m.start(1), m.end(1))
            w = text[s:e]
            if e - s < 2 or w in CAPTION_WORDS or any(k in w for k in _NOT_CREDIT) or _crosses_break(text, s, e):
                continue
            found.append(Span(s, e, "ORG", Origin.MODEL))
    if not found:
        return spans
    out = list(spans)
    for n in found:
        hit = [sp for sp in out if sp.start < n.end and n.start < sp.end]
        if len(hit) == 1 and (hit[0].start, hit[0].end, hit[0].label) == (n.start, n.end, n.label):
            continue
        if any(sp.start < n.start or sp.end > n.end for sp in hit if sp.label == "ORG"):
            continue  # a longer organisation's name stays
        out = [sp for sp in out if sp not in hit] + [n]
    return sorted(out, key=lambda x: (x.start, x.end, x.label))


_CLASSIFIER_BEFORE = frozenset("辆台款部架艘")


def company_words_after(text: str, spans: list[Span]) -> list[Span]:
    """An organisation's name found by name (a short name made an ORG throughout the text) takes in
    a company word written right after it: 长城 + 汽车 → 长城汽车, as :func:`companies_in_context`
    does for the model's spans. Not after a classifier (三辆特斯拉汽车: cars)."""
    out = list(spans)
    for k, sp in enumerate(out):
        if sp.label != "ORG" or (sp.start > 0 and text[sp.start - 1] in _CLASSIFIER_BEFORE):
            continue
        m = _COMPANY_WORD.match(text, sp.end)
        nxt = out[k + 1].start if k + 1 < len(out) else len(text)
        if m is not None and m.end() <= nxt:
            out[k] = Span(sp.start, m.end(), "ORG", sp.origin)
    return out


_ORDINAL_TERM = re.compile(r"第?[一二三四五六七八九十百零〇0-9]{1,4}届$")


def ordinal_terms(text: str, spans: list[Span]) -> list[Span]:
    """A body named with its term is one ORG with it (二十届中央纪委, 十四届全国人大; MSRA mostly
    takes the term in too), and with its party written right before (中国共产党 + 第二十届 +
    中央纪律检查委员会)."""
    if "届" not in text:
        return spans
    out: list[Span] = []
    for sp in spans:
        m = _ORDINAL_TERM.search(text, max(0, sp.start - 6), sp.start) if sp.label == "ORG" else None
        if m is None or not text[sp.start : sp.end].endswith(_GOVERNMENT_END + ("人大", "政协", "常委会", "立法会", "会")):
            out.append(sp)
            continue
        start = m.start()
        if out and out[-1].label == "ORG" and out[-1].end == start:
            start = out.pop().start
        elif out and out[-1].end > start:
            out.append(sp)
            continue
        out.append(Span(start, sp.end, "ORG", sp.origin))
    return out


_ACRONYM_BEFORE = re.compile(r"(?<![A-Za-z0-9&.\-])([A-Z]{2,4})[ \u00a0]$")


def acronym_prefixed_organisations(text: str, spans: list[Span]) -> list[Span]:
    """A company named with a Latin acronym, a space and a Chinese name (SK 海力士, LG 化学): the
    acronym is part of the organisation's name, unless it names a thing (AI, GPU) or is tagged."""
    out: list[Span] = []
    for sp in spans:
        if sp.label == "ORG" and sp.start >= 3 and _is_cjk(text[sp.start]):
            m = _ACRONYM_BEFORE.search(text, max(0, sp.start - 5), sp.start)
            if m is not None and m.group(1) not in _LATIN_NOT_ORG and not (out and out[-1].end > m.start(1)):
                out.append(Span(m.start(1), sp.end, "ORG", sp.origin))
                continue
        out.append(sp)
    return out


def consistent_persons(text: str, spans: list[Span]) -> list[Span]:
    """One name, one label in a text, for persons: a name of three or more characters the model
    tags as a person more often than as a place in a text is a person where it said place too
    (马斯克 as LOC after 在)."""
    count: dict[str, list[int]] = {}
    for sp in spans:
        if sp.label in ("PER", "LOC") and sp.end - sp.start >= 3:
            c = count.setdefault(text[sp.start : sp.end], [0, 0])
            c[sp.label == "LOC"] += 1
    persons = {w for w, (per, loc) in count.items() if loc and per > loc}
    if not persons:
        return spans
    return [Span(sp.start, sp.end, "PER", sp.origin) if sp.label == "LOC" and text[sp.start : sp.end] in persons else sp for sp in spans]


def merge_spans(
    text: str,
    model: Iterable[Span] = (),
    rules: Iterable[Span] = (),
    lexicon: Iterable[Span] = (),
    never: Container[str] = frozenset(),
    organisations: Iterable[Span] = (),
) -> list[Span]:
    """One flat, sorted layer from the three sources (see the module docstring). ``organisations``:
    occurrences of known organisation names in ``text`` (see :func:`known_organisations`)."""

    def keep(sp: Span) -> bool:
        return _valid(text, sp) and not _crosses_break(text, sp.start, sp.end) and text[sp.start : sp.end] not in never

    lex = sorted((sp for sp in lexicon if _valid(text, sp) and not _crosses_break(text, sp.start, sp.end)),
                 key=lambda x: (x.start, x.end, x.label))
    rule_list = sorted((sp for sp in rules if keep(sp)), key=lambda x: (x.start, x.end, x.label))

    # 1. model spans: trimmed and cleaned
    model_list: list[Span] = []
    for whole in model:
        if not _valid(text, whole) or _crosses_break(text, whole.start, whole.end):
            continue
        for sp in _clean_model_span(text, whole):
            if keep(sp):
                model_list.append(sp)
    model_list = known_organisations(text, model_list, organisations)
    model_list = _fix_brackets(text, model_list)
    model_list = _split_at_title_marks(text, model_list)
    model_list = _byline_names(text, model_list)
    model_list.sort(key=lambda x: (x.start, x.end, x.label))

    # 2. rules against the model
    dropped_rules: set[Span] = set()
    cut_model: list[Span] = []
    rule_ends = [r.end for r in rule_list]  # rule spans are flat, so ends are sorted too
    flat_rules = all(a.end <= b.start for a, b in zip(rule_list, rule_list[1:]))
    for m in model_list:
        s, e = m.start, m.end
        first = bisect_right(rule_ends, s) if flat_rules else 0
        for k in range(first, len(rule_list)):
            r = rule_list[k]
            if r.end <= s:
                continue
            if r.start >= e:
                break
            if r.start > s and r.end < e:
                dropped_rules.add(r)  # inside a longer name: the name wins
                continue
            if r.start <= s:
                s = max(s, r.end)
            if r.end >= e:
                e = min(e, r.start)
            if s >= e:
                break
        if s >= e:
            continue
        if (s, e) != (m.start, m.end):
            s, e = _trim(text, s, e)
            if s >= e or not any(c.isalpha() for c in text[s:e]):
                continue
            m = Span(s, e, m.label, m.origin)
            if not keep(m):
                continue
        cut_model.append(m)
    rule_list = [r for r in rule_list if r not in dropped_rules]

    # 3. lexicon always wins: flat among itself already (longest match), then blocks the rest
    occupied = bytearray(len(text) + 1)
    chosen: list[Span] = []
    for sp in lex:
        if occupied.find(1, sp.start, sp.end) != -1:
            continue
        occupied[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
        chosen.append(sp)

    # 4. longest first
    rest = rule_list + cut_model
    rest.sort(key=lambda x: (-(x.end - x.start), _ORIGIN_RANK.get(x.origin, 9), x.start, x.label))
    for sp in rest:
        if occupied.find(1, sp.start, sp.end) != -1:
            continue
        occupied[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
        chosen.append(sp)

    # 5. hierarchical places; 6. zones and governing bodies named with their place
    out = join_touching(chosen, "LOC")
    out = extend_places(text, out)
    out = places_with_county(text, out)
    out = join_compound_places(text, out)
    out = join_foreign_names(text, out)
    out = join_organisations(text, out)
    out = join_province_into_company(text, out)
    out = companies_in_context(text, out)
    out = places_before_common_nouns(text, out)
    out = verbs_in_organisations(text, out)
    out = latin_names(text, out)
    out = latin_organisations(text, out)
    out = short_names(text, out)
    out = media_credits(text, out)
    out = listed_companies(text, out)
    out = consistent_organisations(text, out)
    out = company_words_after(text, out)
    out = ordinal_terms(text, out)
    out = acronym_prefixed_organisations(text, out)
    out = consistent_persons(text, out)
    return [
        sp
        for sp in out
        if text[sp.start : sp.end] not in never
        and not (sp.origin is Origin.MODEL and text[sp.start : sp.end] in GENERIC_NOUNS)
    ]


def apply_learned(text: str, spans: Iterable[Span], lexicon: Lexicon | None) -> list[Span]:
    """What a library learned from its user's review, applied after the merge (gently, unlike a
    lexicon file's "always", which wins over everything):

    - a span whose surface and label the user rejected (``lexicon.is_suppressed``) is dropped;
    - a surface the user accepted (``lexicon.find``) is tagged where nothing else is, and replaces
      the spans it contains (parts of the known name); a span that contains it or crosses its
      edge wins (北京大学 stays one ORG though the user accepted 北京 as LOC).
    """
    out = sorted(spans, key=lambda x: (x.start, x.end))
    if not lexicon:
        return out
    out = [sp for sp in out if not lexicon.is_suppressed(text[sp.start : sp.end], sp.label)]
    matches = [m for m in lexicon.find(text) if not lexicon.is_suppressed(text[m.start : m.end], m.label)]
    if not matches:
        return out
    starts = [sp.start for sp in out]
    drop: set[int] = set()
    add: list[Span] = []
    for m in matches:
        if _crosses_break(text, m.start, m.end):
            continue
        i = max(bisect_right(starts, m.start) - 1, 0)
        hit: list[int] = []
        while i < len(out) and out[i].start < m.end:
            if out[i].end > m.start:
                hit.append(i)
            i += 1
        if len(hit) == 1 and (out[hit[0]].start, out[hit[0]].end, out[hit[0]].label) == (m.start, m.end, m.label):
            continue  # found already
        if all(m.start <= out[k].start and out[k].end <= m.end for k in hit):
            drop.update(hit)
            add.append(m)
    result = [sp for k, sp in enumerate(out) if k not in drop] + add
    result.sort(key=lambda x: (x.start, x.end))
    return result
