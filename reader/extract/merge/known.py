"""Organisation names known beforehand or found once in the text: the known-organisation list over
the model's spans (:func:`known_organisations`: 特斯拉, 英伟达, 华为; a longer name such as 特斯拉中国
stays), and one label per organisation's name in a text, short names of companies included
(:func:`consistent_organisations`: 长城 after 长城汽车).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterable
from operator import attrgetter

from reader.core.model import Origin, Span

from .common import (
    GENERIC_NOUNS,
    _BREAK,
    _BY_START,
    _NOT_NAME_START,
    _NUMERAL,
    _ORG_TAIL,
    _PROVINCE_NAMES,
    _SUBNATIONAL_END,
    _crosses_break,
    _is_cjk,
    _starts,
)
from .organisations import _DEPARTMENT_END, _VERB_IN_NAME, _latin_word_cut

_NAME_TAIL_OK: tuple[str, ...] = _ORG_TAIL + _DEPARTMENT_END + (
    "汽车", "科技", "控股", "证券", "银行", "保险", "基金", "基金会", "资本", "投资", "电子", "电器", "能源", "智能",
    "终端", "云", "网", "国际", "传媒", "物流", "医药", "生物", "航空", "航天", "集团股份", "股份",
    "队", "所", "会", "社", "台", "日报", "晚报", "院", "委", "办", "署", "行", "馆", "团", "校", "联盟", "协会",
)
"""Ends that make a longer organisation's name of a known one (特斯拉 + 汽车, 华为 + 终端)."""
_BY_START_END = attrgetter("start", "end")
_ASCII_ALNUM = re.compile("[A-Za-z0-9]")
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
    if not occurrences:
        return spans
    breaks = _BREAK.search(text) is not None
    latin = _ASCII_ALNUM.search(text) is not None  # a Latin word to cut
    occ = [
        o
        for o in occurrences
        if not (breaks and _crosses_break(text, o.start, o.end)) and not (latin and _latin_word_cut(text, o.start, o.end))
    ]
    if not occ:
        return spans
    out = sorted(spans, key=_BY_START_END)
    starts = [sp.start for sp in out]
    drop: set[int] = set()
    add: list[Span] = []
    for o in occ:
        hit = []
        j = bisect_left(starts, o.end) - 1
        while j >= 0 and out[j].end > o.start:  # model spans are flat: ends ascend with starts
            hit.append(j)
            j -= 1
        if len(hit) == 1 and out[hit[0]].start == o.start and out[hit[0]].end == o.end and out[hit[0]].label == "ORG":
            continue  # found already (the usual case)
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
    return sorted(kept + add, key=_BY_START)


_ACRONYM = re.compile(r"[A-Z0-9]{1,4}")
_SHORT_COMPANY_SUFFIX = ("汽车", "集团", "科技", "股份", "控股", "公司")
_BUSINESS_WORDS = frozenset(
    "科技 技术 信息 信息技术 智能 电子 新能源 能源 控股 投资 传媒 网络 数字 实业 发展 国际 中国 全球 集团 汽车 "
    "股份 金融 资本 证券 银行 保险 医药 生物 材料 新材料 化工 建设 工程 物流 贸易 文化 教育 健康 环境 电力 通信".split()
)
"""Words a company name is made of, never its short name on their own (科技 of …科技公司)."""


def _whole_name(text: str, x: str, starts: list[int]) -> str:
    """A name the model cut at its start (玛特 of 泡泡玛特): when every one of two or more
    occurrences of ``x`` (at ``starts``) follows the same one or two Chinese characters, they are
    part of it."""
    if x[0].isascii():
        return x  # a Latin name has its own edges (收购 Nordco is no name)
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
        for suf in _SHORT_COMPANY_SUFFIX if w.endswith(_SHORT_COMPANY_SUFFIX) else ():
            x = w[: -len(suf)]
            if w.endswith(suf) and len(x) >= 2 and x not in _PROVINCE_NAMES and x[-1] not in _SUBNATIONAL_END and x not in _BUSINESS_WORDS and x not in GENERIC_NOUNS:
                if not any(c in x for c in "（）()·"):
                    shorts.add(x)
                break
    if not shorts:
        return spans
    names: dict[str, list[int]] = {}  # name -> where it occurs
    for x in shorts:
        starts = _starts(text, x)
        whole = _whole_name(text, x, starts)
        if whole not in names:
            names[whole] = starts if whole == x else _starts(text, whole)
    occ = sorted(((i, i + len(x)) for x, starts in names.items() for i in starts), key=lambda o: (o[0], -o[1]))
    flat: list[Span] = []
    end = 0
    for s, e in occ:  # leftmost, then longest
        if s >= end:
            flat.append(Span(s, e, "ORG", Origin.MODEL))
            end = e
    return known_organisations(text, spans, flat)
