"""Step 1 of the merger: cleaning the model's spans before they meet the rules and the lexicon.

A model span is split at spaces between Chinese characters and at separators, trimmed, stripped of
a familiar prefix (老刘 → 刘), caption words and area words, and dropped when it is a common noun;
spans with unbalanced brackets are cut or joined (:func:`_fix_brackets`), spans running into a
title mark or a quote are cut (:func:`_split_at_title_marks`), and names after a byline title are
one PER (:func:`_byline_names`).
"""

from __future__ import annotations

import re

from reader.core.model import Origin, Span

from .common import (
    SpanLayer,
    BREAKS,
    CAPTION_WORDS,
    _CLOSE,
    GENERIC_NOUNS,
    _NUMERAL,
    _OPEN,
    _ORG_TAIL,
    _compiled,
    _crosses_break,
    _is_cjk,
    _trim,
)

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

_CAPTION_END = ("供图", "摄影", "摄", "制图", "绘图")
_PROGRAMME_AFTER = re.compile(r"[”’」』\"]?(?:规划|工程|计划|项目|战略|行动|方案|政策|系列|专项|时期|期间|[一二三四五六七八九十0-9]+号)")
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


_CJK_SPACE = _compiled(
    r"(?<=[\u3400-\u9fff\U00020000-\U0003ffff])[ \t\u3000\xa0]+|[ \t\u3000\xa0]+(?=[\u3400-\u9fff\U00020000-\U0003ffff])"
)


def _split_at_cjk_spaces(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """A Chinese name holds no space: 刘潇 孙嘉隆 is two names (Latin names keep theirs)."""
    parts: list[tuple[int, int]] = []
    for m in _CJK_SPACE().finditer(text, s, e):
        parts.append((s, m.start()))
        s = m.end()
    parts.append((s, e))
    return parts


def _clean_person(text: str, s: int, e: int) -> tuple[int, int] | None:
    """A PER span without caption words, programme names and stray Latin tokens (None: drop it)."""
    w = text[s:e]
    if w in CAPTION_WORDS:
        return None
    if len(w) == 1 and e < len(text) and text[e] in "｜|／/":  # 文｜, 图｜: a credit, no name
        return None
    for suf in _CAPTION_END if w.endswith(_CAPTION_END) else ():
        if w.endswith(suf) and len(w) - len(suf) >= 2:  # 王小明摄 → 王小明
            e -= len(suf)
            w = text[s:e]
            break
    if not (_is_cjk(w[0]) or any(_is_cjk(c) for c in w)):
        # Latin letters or digits alone (Pro, M7, CEO, 1): a person only as two capitalised words
        return (s, e) if _LATIN_NAME.fullmatch(w) else None
    if w[0] in _NUMERAL:  # 十五五, 双碳: programme abbreviations
        return None
    if _PROGRAMME_AFTER.match(text, e):  # “东数西算”工程, 嫦娥六号
        return None
    if not w.isalpha() and any(not (c.isalpha() or c in "·•.-") for c in w):
        return None
    return s, e


_FUSED_AFTER = frozenset("股债指资军胞")
"""A one-character place abbreviation fused with a non-place morpheme is not tagged (guidelines):
美股, 美债, 港股, 沪指, 中资, 美军, 台胞, and 奥 of 冬奥会."""

_FUSED_CHINA = frozenset("访来对赴驻入")
"""Verbs and prepositions that make one word with 华 (China): 访华, 来华, 对华, 赴华, 驻华, 入华 are
not tagged (guidelines). MSRA, the accuracy floor, tags all of these and the other fused
abbreviations (中方, 进京, 赴港): only 华 and the endings above are left out, so the MSRA test
score stays above its floor (resources/ner/TRAINING.md, "Fused abbreviations")."""


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
        or (s > 0 and text[s] == "华" and text[s - 1] in _FUSED_CHINA)
        or (text.startswith("网", e) and not text.startswith("网球", e))  # 澳网, 美网: tournaments
    ):
        return None
    if e - s >= 3 and e < len(text) and _NEXT_WORD_ADMIN.match(text, e - 1):
        return s, e - 1  # 浙江省级 → 浙江, 上海市民 → 上海
    for suf in _AREA_WORDS if w.endswith(_AREA_WORDS) else ():
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
        if not (text[s].isalnum() and text[e - 1].isalnum()):  # letters and digits are no edge
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
        if s > 0 and text[s - 1] == "[" and e < len(text) and text[e] == "]":
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
        out.append(whole if s == whole.start and e == whole.end else Span(s, e, whole.label, whole.origin))
    return out


def _split_at_separators(text: str, s: int, e: int) -> list[tuple[int, int]]:
    """文｜财新周刊: a separator inside a model span ends a name."""
    parts: list[tuple[int, int]] = []
    for m in _INNER_SEP.finditer(text, s, e):
        parts.append((s, m.start()))
        s = m.end()
    parts.append((s, e))
    return [(a, b) for a, b in parts if b > a]


_BRACKET = re.compile(f"[{re.escape(_OPEN + _CLOSE)}]")
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
    if _BRACKET.search(text) is None or not any(_BRACKET.search(text, sp.start, sp.end) for sp in spans):
        return spans  # no bracket in any span: every span is balanced
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
_TITLE_OR_QUOTE = re.compile("[《“”]")


def _split_at_title_marks(text: str, spans: list[Span]) -> list[Span]:
    """A model span that runs into a title mark or a quote: 英国《金融时报》 → 英国 (LOC) +
    金融时报 (ORG, a medium: a title that is no newspaper, magazine or agency is dropped, 《数字服务
    法案》); “林肯”号 → nothing (a vessel's name); 华为“鸿蒙 → 华为."""
    if "《" not in text and "“" not in text and "”" not in text:
        return spans
    out: list[Span] = []
    for sp in spans:
        if _TITLE_OR_QUOTE.search(text, sp.start + 1, sp.end) is None:  # none after the span's first character
            out.append(sp)
            continue
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
    layer = SpanLayer(spans, by_label=True)  # a long text has many bylines: no rescans
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
        at = layer.overlapping(s, e)
        hit = [layer.spans[k] for k in at]
        if any(sp.label == "PER" and sp.start == s and sp.end == e for sp in hit):
            continue
        if any(sp.label != "PER" and sp.start <= s and e <= sp.end and (sp.start, sp.end) != (s, e) for sp in hit):
            continue  # inside a longer organisation or place name
        layer.replace(at, Span(s, e, "PER", Origin.MODEL))
    return layer.spans
