"""Organisation rules of the merger: clauses cut at a verb (:func:`verbs_in_organisations`),
Latin organisation names (:func:`latin_organisations`), a province in a company's name, short names
defined in the text, the guidelines' compositions (bracketed places, departments, government
bodies: :func:`join_organisations`),
companies recognised by their context, company words after a name, ordinal terms and Latin
acronyms before a name.
"""

from __future__ import annotations

import re

from reader.core.model import Origin, Span
from reader.core.review import SHORT_NAME

from .common import (
    SpanLayer,
    _ADMIN_END,
    BREAKS,
    _CLOSE,
    _COMPANY_END,
    _OPEN,
    _ORG_TAIL,
    _PROVINCE_NAMES,
    _REGIONS,
    _SUBNATIONAL_END,
    _crosses_break,
    _is_cjk,
    _suffix_at,
    _touching,
)
from .places import _place_head

_VERB_IN_NAME = re.compile("收购|并购|出任|担任|成立|宣布|发布|举办|召开|表示|入股|加盟")
"""Verbs that no organisation's name holds (none in MSRA's ORG spans): a model span across one is
a clause (印奇出任公司, 北京亦庄成立产业局, 收购美国信贷管理公司)."""
_PERSON_VERBS = ("出任", "担任")


def verbs_in_organisations(text: str, spans: list[Span]) -> list[Span]:
    """A model ORG span holding a verb is a clause, cut at the verb: before 出任/担任 stands a person
    (印奇出任公司 → 印奇); before another verb a place (北京亦庄成立产业局 → 北京亦庄, LOC) or a company
    named with its head; after the verb a place that leads the object is kept (收购美国信贷管理公司
    → 美国), the rest (a description) is dropped."""
    if _VERB_IN_NAME.search(text) is None:  # no span can hold one
        return spans
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


_LATIN_LETTER = re.compile("[A-Za-z]")
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


def _inside_latin_word(text: str, i: int) -> bool:
    """Whether ``i`` lies between two ASCII letters or digits."""
    if 0 < i < len(text):
        pair = text[i - 1 : i + 1]
        return pair.isascii() and pair.isalnum()
    return False


def _latin_word_cut(text: str, s: int, e: int) -> bool:
    return _inside_latin_word(text, s) or _inside_latin_word(text, e)


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
    layer = SpanLayer(spans, by_label=True)
    for n in new:
        at = layer.overlapping(n.start, n.end)
        hit = [layer.spans[k] for k in at]
        if any(
            (sp.start < n.start or sp.end > n.end) and not (sp.end <= n.end and _LATIN_ORG_BEFORE.search(text[sp.start : n.start]))
            for sp in hit
        ):
            continue  # part of a longer span (a person's name, a bracketed name), not 科技巨头 + X
        layer.replace(at, n)
    return layer.spans


def join_province_into_company(text: str, spans: list[Span]) -> list[Span]:
    """A province name right before a company's name is part of it (guidelines, rule 2)."""
    if not _touching(spans):
        return spans
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
    if "称" not in text:  # every definition holds 简称 or 下称
        return spans
    found = list(_SHORT_NAME.finditer(text))
    if not found:
        return spans
    by_end = {sp.end: sp for sp in spans}
    layer = SpanLayer(spans)  # a long article defines short names and repeats them: no rescans
    out = layer.spans
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
            hit = layer.overlapping(s, e)
            if any(out[k].origin is not Origin.MODEL or out[k].end - out[k].start > e - s for k in hit):
                continue
            if len(hit) == 1 and (out[hit[0]].start, out[hit[0]].end, out[hit[0]].label) == (s, e, label):
                continue
            layer.replace(hit, Span(s, e, label, Origin.MODEL))
    return out


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
_OPENING = re.compile(f"[{re.escape(_OPEN)}]")


def _is_admin_place(w: str) -> bool:
    return w[-1] in _ADMIN_END or w in _PROVINCE_NAMES


def join_organisations(text: str, spans: list[Span]) -> list[Span]:
    """The guidelines' organisation compositions, on a flat sorted layer:

    - a bracketed place inside a name: 北京大学 + （深圳） + 研究院 → one ORG;
    - a department written with its parent: 国家税务总局 + 杭州市 + 分局, 人民银行上海总部 + 外汇管理部;
    - a government body named with its sub-national place: 四川省 + 经济和信息化厅 → one ORG
      (a village committee after its town stays apart: 某某镇 + 某某村村委会).
    """
    brackets = _OPENING.search(text) is not None
    if not brackets and not _touching(spans):
        return spans  # nothing to join
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
        while brackets and opening < min(len(text), a.end + 8) and _is_cjk(text[opening]) and (i + 1 >= len(out) or out[i + 1].start > opening):
            opening += 1
        if brackets and opening < len(text) and text[opening] in _OPEN:
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


_CONTEXT_WORDS = "CEO|首席执行官|董事长|总裁|创始人|股价|市值|财报|门店|官网|官方微博|员工|营收"
_COMPANY_CONTEXT = re.compile(rf"[ \u00a0]?(?:{_CONTEXT_WORDS})")
_COMPANY_WORD = re.compile(r"公司|集团|汽车|科技|控股|证券|银行")
_COMPANY_HINT = re.compile(f"{_COMPANY_WORD.pattern}|{_CONTEXT_WORDS}")
"""Any word of the two patterns (a text without one needs no look at its spans)."""


def companies_in_context(text: str, spans: list[Span]) -> list[Span]:
    """A name the model took for a person is a company where the text treats it as one: before
    公司/集团/汽车/科技… it is one ORG with it (默克公司, 小鹏汽车; an organisation's name takes them in too);
    before CEO, 股价, 市值, 财报… it is an ORG (沃尔沃 CEO, 星巴克股价). A place before 公司 stays
    (美国公司: companies of a country)."""
    if _COMPANY_HINT.search(text) is None:  # no span is followed by a company word or context
        return spans
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


_CLASSIFIER_BEFORE = frozenset("辆台款部架艘")


def company_words_after(text: str, spans: list[Span]) -> list[Span]:
    """An organisation's name found by name (a short name made an ORG throughout the text) takes in
    a company word written right after it: 长城 + 汽车 → 长城汽车, as :func:`companies_in_context`
    does for the model's spans. Not after a classifier (三辆特斯拉汽车: cars)."""
    if _COMPANY_WORD.search(text) is None:
        return spans
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
_ACRONYM_SPACE = re.compile(r"[A-Z][ \u00a0]")
"""What every acronym before a name ends with (a text without it needs no look at its spans)."""


def acronym_prefixed_organisations(text: str, spans: list[Span]) -> list[Span]:
    """A company named with a Latin acronym, a space and a Chinese name (SK 海力士, LG 化学): the
    acronym is part of the organisation's name, unless it names a thing (AI, GPU) or is tagged."""
    if _ACRONYM_SPACE.search(text) is None:
        return spans
    out: list[Span] = []
    for sp in spans:
        if sp.label == "ORG" and sp.start >= 3 and _is_cjk(text[sp.start]):
            m = _ACRONYM_BEFORE.search(text, max(0, sp.start - 5), sp.start)
            if m is not None and m.group(1) not in _LATIN_NOT_ORG and not (out and out[-1].end > m.start(1)):
                out.append(Span(m.start(1), sp.end, "ORG", sp.origin))
                continue
        out.append(sp)
    return out
