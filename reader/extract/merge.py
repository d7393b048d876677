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

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Container, Iterable

from reader.core.model import Origin, Span
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
    "保税区", "工业园区", "产业园区", "工业园", "产业园", "科技园", "科学城", "商务中心区", "片区",
)
"""Generic names of zones: after a place name they make one LOC with it."""

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
    return any(c in BREAKS for c in text[s:e])


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


def _suffix_at(text: str, i: int, suffixes: tuple[str, ...]) -> str | None:
    best = None
    for suf in suffixes:
        if text.startswith(suf, i) and (best is None or len(suf) > len(best)):
            best = suf
    return best


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
        if changed and i > 0 and out[i - 1].label == "LOC" == out[i].label and out[i - 1].end == out[i].start:
            prev = out[i - 1]
            out[i - 1 : i + 1] = [Span(prev.start, out[i].end, "LOC", prev.origin)]
            i -= 1
            continue
        i += 1
    return out


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


_SHORT_NAME = re.compile(
    r"[（(]\s*(?:以下)?(?:简称|下称|简称为)\s*[:：]?\s*[“\"「『‘]([^”\"」』’（）()，。、；：\s]{2,12})[”\"」』’]\s*[）)]"
)


def short_names(text: str, spans: list[Span]) -> list[Span]:
    """A short name defined in the text (山东华创融盛展示有限公司（以下简称“华创融盛”）) is the same
    entity: every occurrence of it gets the label of the name it abbreviates. Spans it overlaps
    give way if they came from the model and are not longer; rule, lexicon and longer spans stay."""
    found = list(_SHORT_NAME.finditer(text))
    if not found:
        return spans
    by_end = {sp.end: sp for sp in spans}
    out = list(spans)
    for m in found:
        full = by_end.get(m.start())
        if full is None or full.label not in ("ORG", "LOC", "PER") or full.end - full.start <= len(m.group(1)):
            continue
        short, label = m.group(1), full.label
        i = text.find(short)
        while i >= 0:
            s, e = i, i + len(short)
            i = text.find(short, e)
            hit = [sp for sp in out if sp.start < e and s < sp.end]
            if any(sp.origin is not Origin.MODEL or sp.end - sp.start > e - s for sp in hit):
                continue
            if len(hit) == 1 and (hit[0].start, hit[0].end, hit[0].label) == (s, e, label):
                continue
            out = [sp for sp in out if sp not in hit]
            out.append(Span(s, e, label, Origin.MODEL))
    out.sort(key=lambda x: (x.start, x.end))
    return out


def merge_spans(
    text: str,
    model: Iterable[Span] = (),
    rules: Iterable[Span] = (),
    lexicon: Iterable[Span] = (),
    never: Container[str] = frozenset(),
) -> list[Span]:
    """One flat, sorted layer from the three sources (see the module docstring)."""

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
        for s, e in _split_at_cjk_spaces(text, whole.start, whole.end):
            s, e = _trim(text, s, e)
            if s >= e or text[s:e] in GENERIC_NOUNS:
                continue
            if whole.label == "PER" and e - s == 2 and text[s] in "小老" and text[s + 1] in _SURNAMES:
                s += 1  # 老刘 → 刘
            elif whole.label == "PER" and e - s == 1 and text[s] in _SURNAMES and (s == 0 or not text[s - 1].isalpha()):
                e = _extend_surname(text, s, e)  # 通讯员 刘|潇 → 刘潇
            sp = whole if (s, e) == (whole.start, whole.end) else Span(s, e, whole.label, whole.origin)
            if keep(sp):
                model_list.append(sp)
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
    out = join_province_into_company(text, out)
    out = short_names(text, out)
    return [sp for sp in out if text[sp.start : sp.end] not in never]


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
