"""Vocabulary and small text helpers shared by the merger's steps: line breaks, edge trimming,
the guidelines' common nouns and caption words, province and administrative names, bracket and
middle-dot characters, organisation endings, and the suffix lookup used by the joining steps.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable
from operator import attrgetter

from reader.core.model import Origin, Span

BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")
"""Characters that end a line: no span may contain one."""
_BREAK = re.compile("[" + "".join(map(re.escape, sorted(BREAKS))) + "]")
"""One of :data:`BREAKS` (a search over a whole text is quicker than a set of its characters)."""

_EDGE = frozenset(
    " \t\u3000\xa0"
    "“”\"'‘’《》〈〉「」『』（）()【】[]{}<>"
    "，。、；：！？,.;:!?…—–-~～·•◎●■□★☆"
)
_RULE_ORIGINS = (Origin.RULE,)


def _compiled(pattern: str) -> Callable[[], re.Pattern[str]]:
    """``pattern``, compiled on first use: a step that few texts need costs a process nothing
    until one does (a pattern with Chinese character classes takes milliseconds to compile)."""
    return functools.cache(lambda: re.compile(pattern))


_BY_START = attrgetter("start", "end", "label")
"""The order of a layer: (start, end, label)."""
_ORIGIN_RANK = {Origin.USER: 0, Origin.LEXICON: 1, Origin.IMPORT: 2, Origin.RULE: 3, Origin.MODEL: 4}


_SUBNATIONAL_END = frozenset("省市县区州镇乡村旗盟")

GENERIC_NOUNS: frozenset[str] = frozenset(
    # the guidelines' "not" examples and clarifications: common nouns standing for a body or an
    # area, titles, bylines, programmes
    "管委会 园区 公司 职能部门 本报 本报记者 记者 通讯员 总经理 副书记 书记 北方地区 全国 国内 高新区 新片区 "
    "东区 海关 总行 客户服务部 一带一路 西部陆海新通道 集团 政府 "
    # common nouns standing for a body, as the guidelines' 管委会 and 职能部门 (MSRA tags a bare
    # 国家队 and 代表团: its test text has none)
    "代表团 国家队 青训中心".split()
)
"""Surfaces a model span may not have on its own: common nouns, not names."""

CAPTION_WORDS: frozenset[str] = frozenset("供图 摄 摄影 图源 图片 来源 视觉中国 资料图 制图 绘图 配图 截图 图".split())
"""Caption and credit words: never a person."""

_NUMERAL = frozenset("一二三四五六七八九十两双百千零〇0123456789")
_PROVINCES = (
    "北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北 湖南 广东 海南 四川 贵州 "
    "云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门 中国"
).split()
_PROVINCE_NAMES = frozenset(
    [p for p in _PROVINCES] + [p + "省" for p in _PROVINCES] + [p + "市" for p in _PROVINCES] + [p + "自治区" for p in _PROVINCES]
)
_COMPANY_END = ("有限公司", "有限责任公司", "公司", "集团", "银行")
"""A registered company name starts with its province: 山东 + 华创融盛展示有限公司 is one ORG."""

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
    # a letter or a digit (any script) is never an edge: the usual ends are looked at in C
    while s < e and not text[s].isalnum() and _edge(text[s]):
        s += 1
    while e > s and not text[e - 1].isalnum() and _edge(text[e - 1]):
        e -= 1
    return s, e


def _flat(spans: list[Span]) -> bool:
    """Whether spans sorted by their starts overlap nowhere."""
    return all(a.end <= b.start for a, b in zip(spans, spans[1:]))


def _touching(spans: list[Span]) -> bool:
    """Whether a span ends where the next one starts (what every joining step looks for)."""
    return any(a.end == b.start for a, b in zip(spans, spans[1:]))


_SUFFIX_INDEX: dict[int, tuple[tuple[str, ...], dict[str, list[str]]]] = {}


def _suffix_at(text: str, i: int, suffixes: tuple[str, ...]) -> str | None:
    """The longest of ``suffixes`` written at ``i`` (the suffixes are looked up by their first
    character, longest first). The index is made once per tuple and found by the tuple's identity
    (hashing a long tuple costs more than the lookup; the entry keeps its tuple, so the identity is
    not reused): pass tuples made once, not for every call."""
    entry = _SUFFIX_INDEX.get(id(suffixes))
    if entry is None or entry[0] is not suffixes:
        index: dict[str, list[str]] = {}
        for suf in sorted(set(suffixes), key=len, reverse=True):
            index.setdefault(suf[0], []).append(suf)
        entry = _SUFFIX_INDEX[id(suffixes)] = (suffixes, index)
    for suf in entry[1].get(text[i : i + 1], ()):
        if text.startswith(suf, i):
            return suf
    return None


_REGIONS = frozenset("欧洲 亚洲 非洲 北美 南美 拉美 美洲 亚太 中东 东南亚 中亚 东欧 西欧 北欧 大洋洲".split())


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\U00020000" <= c <= "\U0003ffff"


_OPEN, _CLOSE = "（(", "）)"
_ORG_TAIL: tuple[str, ...] = (
    "股份有限公司", "集团有限公司", "有限责任公司", "有限公司", "分公司", "公司", "集团", "研究院", "研究所", "研究中心",
    "实验室", "中心", "医院", "学院", "分院", "分行", "支行", "分局", "办事处", "代表处",
)
"""What may follow a bracketed place to finish an organisation's name: 腾讯科技（深圳）有限公司."""

_MIDDLE_DOT = "·•・"


def _has_middle_dot(text: str) -> bool:
    return "·" in text or "•" in text or "・" in text


_NOT_NAME_START = frozenset("的了在和与及对从向把被将为是这那其该各每本我你他她它们说称等以于由据就也都还又所任")


def _starts(text: str, x: str) -> list[int]:
    """Where ``x`` occurs in ``text``, left to right, occurrences not overlapping."""
    starts = []
    i = text.find(x)
    while i >= 0:
        starts.append(i)
        i = text.find(x, i + len(x))
    return starts


class SpanLayer:
    """Spans kept in order while a step replaces some of them: sorted by (start, end), or by
    (start, end, label) with ``by_label``, as a stable sort of the spans with each new one appended
    would leave them. The spans overlapping a range are found by bisection, so a long article
    (thousands of spans, a name repeated hundreds of times) costs no scan of every span per name."""

    def __init__(self, spans: Iterable[Span], *, by_label: bool = False) -> None:
        self._key: Callable[[Span], tuple] = (lambda x: (x.start, x.end, x.label)) if by_label else (lambda x: (x.start, x.end))
        self.spans: list[Span] = sorted(spans, key=self._key)
        self._keys = [self._key(sp) for sp in self.spans]
        self._longest = max((sp.end - sp.start for sp in self.spans), default=0)

    def overlapping(self, start: int, end: int) -> list[int]:
        """Positions in :attr:`spans` of the spans overlapping [start, end), in order."""
        lo, hi = bisect_left(self._keys, (start - self._longest,)), bisect_left(self._keys, (end,))
        return [k for k in range(lo, hi) if self.spans[k].end > start]

    def replace(self, at: list[int], span: Span) -> None:
        """Remove the spans at positions ``at`` (from :meth:`overlapping`) and put ``span`` in."""
        for k in reversed(at):
            del self.spans[k], self._keys[k]
        key = self._key(span)
        k = bisect_right(self._keys, key)
        self.spans.insert(k, span)
        self._keys.insert(k, key)
        self._longest = max(self._longest, span.end - span.start)
