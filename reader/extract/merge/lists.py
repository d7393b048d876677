"""List rule of the merger: the items of a list closed by 等 and a word for companies or brands
(甲、乙、丙等品牌) are organisations (:func:`listed_companies`).
"""

from __future__ import annotations

import re

from reader.core.model import Origin, Span

from .common import GENERIC_NOUNS, _BY_START, _NOT_NAME_START, _PROVINCE_NAMES, _REGIONS, _compiled
from .known import _ACRONYM

_LIST_ITEM = r"[\u4e00-\u9fffA-Za-z0-9]{2,6}"
_LIST_END = (
    r"等(?:其他|其它|多家|多个|头部|知名|主流|国内外|国内|海外)?"
    r"(品牌|车企|厂商|新势力|造车新势力|券商|大厂|企业|公司|银行|机构|巨头)(?![家主级化])"
)
_COMPANY_LIST = _compiled(rf"({_LIST_ITEM})((?:、{_LIST_ITEM})*)(?:[和与及]({_LIST_ITEM}))?{_LIST_END}")
"""A list closed by 等 and a word for companies (阿维塔、极氪、小米汽车等品牌; 特斯拉、理想等造车新势力)."""
_LIST_ENDS = re.compile(_LIST_END)
"""How every such list ends (found quickly: the pattern starts with 等)."""
_BRAND_KINDS = frozenset("品牌 车企 厂商 新势力 造车新势力 券商 大厂".split())
"""Kinds after which every item is a name; after 企业, 公司, 银行, 机构, 巨头 items may be common nouns
(高校、医院等机构), so an untagged item counts only where another item is an ORG already."""


def listed_companies(text: str, spans: list[Span]) -> list[Span]:
    """The items of a list closed by 等 and a word for companies or brands (甲、乙、丙等品牌, 甲和乙等
    车企) are organisations: an item the model took for a person or a place, or missed, is an ORG
    (and, by :func:`consistent_organisations`, wherever else the text names it). The first item
    starts where a tagged span starts, or after punctuation or a function character."""
    if "等" not in text or _LIST_ENDS.search(text) is None:  # the list pattern tries every character
        return spans
    out = list(spans)
    for m in _COMPANY_LIST().finditer(text):
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
    return sorted(out, key=_BY_START)
