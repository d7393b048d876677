"""Building blocks of the rules: number patterns (Arabic, full-width, Chinese, mixed), the value
of a short number, and the triggers: one pass over a text that finds the runs of number characters
and, for each label, the offsets where its anchored patterns are worth trying."""

from __future__ import annotations

import re
from collections.abc import Iterable

from reader.core.model import Origin, Span

# --------------------------------------------------------------------------------------------
# Building blocks
# --------------------------------------------------------------------------------------------

_AD = "0-9０-９"
_A = f"[{_AD}]"
# An Arabic number: 38, 1,500, 18.51, ３８．５ (thousands separators only as ASCII ``,ddd``).
_ANUM = rf"{_A}+(?:,{_A}{{3}})*(?:[.．]{_A}+)?"
_CN_DIGITS = "〇零一二三四五六七八九两壹贰叁肆伍陆柒捌玖"
_CN_UNITS = "十百千万亿拾佰仟"
_CN_ALL = _CN_DIGITS + _CN_UNITS
# A Chinese number: 一千二百万, 百, 三点五, 数十 (数/几 only before a unit). Never a bare 万/亿.
_CNUM = rf"(?:[数几]+[十百千万亿拾佰仟]|(?![万亿])[{_CN_ALL}])[{_CN_ALL}几]*(?:点[{_CN_DIGITS}]+[万亿]*)?"
# Any number, with 多/余 allowed before a following power of ten (200多万, 5000余万).
_NUM = rf"(?:{_ANUM}(?:[多余]?[十百千万亿]+)?|{_CNUM})"
_NUM_START = rf"(?<![{_AD}.．])(?<![{_CN_ALL}])"
# Range connectors: 30万—100万元, 2025-2027年, 11月到12月, 5至6月.
_CONN = r"(?:——|—|–|-|－|~|～|〜|至|到)"

# Chinese digits -> int, for years written 二〇二四 and months/days written 十二, 二十八.
_CN_VAL = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_FW = str.maketrans("０１２３４５６７８９．", "0123456789.")


def _small_int(s: str) -> int | None:
    """Value of a short Arabic or Chinese number (years, months, days); None if not one."""
    s = s.translate(_FW)
    if s.isdigit():
        return int(s)
    if all(c in _CN_VAL for c in s):  # digit by digit: 二〇二四
        v = 0
        for c in s:
            v = v * 10 + _CN_VAL[c]
        return v
    if "十" in s:  # 十, 十二, 二十, 二十八, 三十一
        a, _, b = s.partition("十")
        if (a and a not in _CN_VAL) or (b and b not in _CN_VAL) or len(a) > 1 or len(b) > 1:
            return None
        return (_CN_VAL[a] if a else 1) * 10 + (_CN_VAL[b] if b else 0)
    return None


def _span_list(items: Iterable[tuple[int, int, str]]) -> list[Span]:
    return [Span(s, e, lab, Origin.RULE) for s, e, lab in items]


# Every rule span starts with a number (or a currency sign). One pass finds the runs of number
# characters (joined over a decimal point, 多 or 余) and the character after each; each label's
# anchored pattern is then tried only at the runs whose next character could begin its unit
# (年月日, %, 元, 吨...). This is many times faster than letting each pattern scan the whole text
# (a leading look-behind defeats the regex engine's own fast scan).
_RUN_CHARS = f"{_AD}{_CN_ALL}数几"
_TRIGGER = re.compile(f"[{_RUN_CHARS}$＄￥¥€£]+(?:(?:[.．多余]+|,(?=[0-9]{{3}}(?![0-9])))[{_RUN_CHARS}]+)*[多余]?")
_SIGNS = frozenset("$＄￥¥€£")
_CONN_FIRST = frozenset("—–-－~～〜至到 \u3000\t")
_DATE_NEXT = frozenset("年月日号世-/／－")
_PCT_NEXT = frozenset("%％‰分个基成") | _CONN_FIRST
_MONEY_NEXT = frozenset("元圆美欧日英港澳加韩卢法新台人泰比里兰块马瑞铢越盾谢第迪林雷埃先克兹福坚玻") | _CONN_FIRST
_QTY_NEXT = (
    frozenset("平立公亩厘毫微纳英海米吨标克斤磅盎升加兆吉太瓦伏焦卡马赫分帕摄华度桶方℃°㎡㎢㎞㎏㎜㎝㎥㎖㎘")
    | frozenset("人辆个件台艘架只头户次颗株棵")
    | frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
    | _CONN_FIRST
)


class Triggers:
    """Where each label's patterns are worth trying in one text (offsets, ascending)."""

    __slots__ = ("date", "year", "money", "bare_big", "percent", "quantity")

    def __init__(self, text: str) -> None:
        self.date: list[int] = []
        self.year: list[int] = []
        self.money: list[int] = []
        self.bare_big: list[int] = []
        self.percent: list[int] = []
        self.quantity: list[int] = []
        n = len(text)
        for m in _TRIGGER.finditer(text):
            s, e = m.span()
            run = m.group()
            if run[0] in "数几":  # 数/几 start a number only before a power of ten (数十亿, 几万)
                k = 0
                while k < len(run) and run[k] in "数几":
                    k += 1
                if k == len(run):
                    continue
                if run[k] not in "十百千万亿拾佰仟":
                    s += k
                    run = run[k:]
            nxt = text[e] if e < n else ""
            if nxt in _DATE_NEXT or "." in run or "．" in run:
                self.date.append(s)
            if e - s == 4 and run.translate(_FW).isdigit():
                self.year.append(s)
            if nxt in _MONEY_NEXT or run[0] in _SIGNS:
                self.money.append(s)
            if run[-1] in "万亿":
                self.bare_big.append(s)
            if nxt in _PCT_NEXT:
                self.percent.append(s)
            if nxt in _QTY_NEXT:
                self.quantity.append(s)

    def __bool__(self) -> bool:
        """Whether any pattern is worth trying (most sentences hold no number with a unit)."""
        return bool(self.date or self.year or self.money or self.bare_big or self.percent or self.quantity)


def trigger_starts(text: str) -> Triggers:
    """The trigger offsets of ``text`` for every label (compute once, pass to each extractor)."""
    return Triggers(text)


def _scan(rx: re.Pattern[str], text: str, starts: list[int]) -> Iterable[re.Match[str]]:
    """Like ``rx.finditer(text)`` for patterns that can only match at a trigger start."""
    last = 0
    match = rx.match
    for p in starts:
        if p < last:
            continue
        m = match(text, p)
        if m is not None and m.end() > p:
            last = m.end()
            yield m

def _is_cjk(c: str) -> bool:
    """A character of the basic Chinese blocks (compared, not matched: no pattern to compile)."""
    return "\u3400" <= c <= "\u9fff"
