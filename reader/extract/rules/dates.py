"""DATE: dates, months, days, decades and bare four-digit years, validated (a month is 1-12) and
joined into ranges (``2025—2027年``, ``2025年11月到12月``), with ``今年``/``本月`` before them."""

from __future__ import annotations

import re

from reader.core.model import Span

from .common import _A, _AD, _CN_ALL, _CONN, _NUM_START, Triggers, _is_cjk, _scan, _small_int, _span_list

# --------------------------------------------------------------------------------------------
# DATE
# --------------------------------------------------------------------------------------------

_CN_MONTH = r"(?:十[一二]|十|[一二三四五六七八九])"
_CN_DAY = r"(?:三十一|三十|[一二]十[一二三四五六七八九]|二十|十[一二三四五六七八九]|十|[一二三四五六七八九])"
_YEAR_SUFFIX = (
    r"(?:度|初(?![步期级心创衷始中])|底(?![线座部层子])|末(?![端尾期梢])"
    r"|[上下]半年|前[一二三]季度|第?[一二三四1-4１-４]季度|[一二三四]季(?!节)|[Qq][1-4])?"
)
_MONTH_SUFFIX = r"(?:份)?(?:[上中下]旬|中下旬|上中旬|初(?![步期级心创衷始])|底(?![线座部层子])|末(?![端尾期梢]))?"

_DATE_CORE = re.compile(
    _NUM_START
    + r"(?:"
    # 2025年12月30日, 2023年度, 2027年底, 二〇二四年十月十六日
    + rf"(?P<y>{_A}{{4}}|[〇零一二三四五六七八九]{{4}})年(?!来|之久|左右|历史|代)"
    + rf"(?:(?P<ym>{_A}{{1,2}}|{_CN_MONTH})月(?:(?P<ymd>{_A}{{1,2}}|{_CN_DAY})[日号])?{_MONTH_SUFFIX}|{_YEAR_SUFFIX})"
    # 10月16日, 十月, 4月份, 10月底
    + rf"|(?P<m>{_A}{{1,2}}|{_CN_MONTH})月(?:(?P<md>{_A}{{1,2}}|{_CN_DAY})[日号])?{_MONTH_SUFFIX}"
    # 16日, 二十八日 (a day on its own)
    + rf"|(?P<d>{_A}{{1,2}}|[一二]?十[一二三四五六七八九]|[二三]十一?)日(?!内|游|均|元|以内|之内)"
    # 2024-10-16, 2024/10/16, 2024.10.16
    + rf"|(?P<ny>{_A}{{4}})(?P<sep>[-/.．])(?P<nm>{_A}{{1,2}})(?P=sep)(?P<nd>{_A}{{1,2}})(?![{_AD}])"
    # 20世纪90年代, 90年代, 1990年代, 八十年代
    + rf"|(?:(?:{_A}{{2}}|二十一|二十|十九)世纪)?(?P<dec>{_A}{{4}}|{_A}[0０]|[二三四五六七八九]十)年代(?:初期|中期|末期|中后期|初|末)?"
    + r")"
)

# A bare four-digit year (2024新一代…大会). Checked further in code.
_BARE_YEAR = re.compile(rf"(?<![{_AD}.．A-Za-zＡ-Ｚａ-ｚ])(?:19|20|１９|２０){_A}{{2}}(?![{_AD}.．%％‰:：/A-Za-zＡ-Ｚａ-ｚ])")
# What may not follow a bare year: units, counts, 年/月 (handled as dates), numerals.
_NOT_AFTER_YEAR = set(
    "年月日号时分秒万亿千百十多余个人家名次件项台辆吨米元户座所条株棵只头匹部本册篇首张份套批架艘颗枚粒块片间"
    "层栋幢处位例起宗种类倍平立公克斤亩升瓦度标届期号页行章节字票辆岁周天点美欧英港澳韩日卢埃型"
) | set("0123456789０１２３４５６７８９〇零一二三四五六七八九两%％,，、.。;；:：)）]】》」』”’\"'!！?？")
# What before a bare number makes it a count, not a year.
_NOT_BEFORE_YEAR = set("/／第约近共达超逾余为是有计增减降升涨合占和及与或等约仅只才剩了过上下前后每至到")


_BARE_YEAR_RANGE = re.compile(
    rf"(?<![{_AD}.．A-Za-zＡ-Ｚａ-ｚ])((?:19|20|１９|２０){_A}{{2}})(?:——|—|–|-|－|~|～|〜|至|到)((?:19|20|１９|２０){_A}{{2}})(?![{_AD}])"
)
_YEAR_THEN_CONN = re.compile(rf"(?<![{_AD}])(?:19|20|１９|２０){_A}{{2}}[至到]$")

_GAP_CONN = re.compile(rf"\s*{_CONN}\s*")
_REL_YEAR = ("今年", "去年", "明年", "前年", "后年", "当年", "同年", "次年", "翌年", "上年", "本年")
_REL_MONTH = ("本月", "上月", "下月", "当月", "同月", "次月")
_RANGE_BEFORE = re.compile(
    rf"(?:(?<![{_AD}.．])(?P<a>{_A}{{1,4}})|(?<![{_CN_ALL}])(?P<c>[〇零一二三四五六七八九十]{{1,4}}))\s*{_CONN}\s*$"
)


def _date_kind_ok(m: re.Match[str]) -> tuple[str, int] | None:
    """Validate a date match; return (kind of the first component, its value) or None."""
    g = m.group
    if g("y") is not None:
        y = _small_int(g("y"))
        if y is None or not 1000 <= y <= 2199:
            return None
        if g("ym") is not None:
            mo = _small_int(g("ym"))
            if mo is None or not 1 <= mo <= 12:
                return None
            if g("ymd") is not None:
                d = _small_int(g("ymd"))
                if d is None or not 1 <= d <= 31:
                    return None
        return "y", y
    if g("m") is not None:
        mo = _small_int(g("m"))
        if mo is None or not 1 <= mo <= 12:
            return None
        if g("md") is not None:
            d = _small_int(g("md"))
            if d is None or not 1 <= d <= 31:
                return None
        return "m", mo
    if g("d") is not None:
        d = _small_int(g("d"))
        if d is None or not 1 <= d <= 31:
            return None
        return "d", d
    if g("ny") is not None:
        y, mo, d = _small_int(g("ny")), _small_int(g("nm")), _small_int(g("nd"))
        if y is None or mo is None or d is None or not (1000 <= y <= 2199 and 1 <= mo <= 12 and 1 <= d <= 31):
            return None
        return "y", y
    if g("dec") is not None:
        v = _small_int(g("dec"))
        if v is None or v % 10:
            return None
        return "dec", v
    return None


def _bare_year_ok(text: str, s: int, e: int, after_range: bool = False) -> bool:
    y = _small_int(text[s:e])
    if y is None or not 1900 <= y <= 2099:
        return False
    if after_range:
        pass  # the second year of 2024-2025: what precedes was checked by the pattern
    elif s > 0 and text[s - 1] in _NOT_BEFORE_YEAR:
        # 1997至1998: the second year of a range of bare years is still a year
        if not (text[s - 1] in "至到" and _YEAR_THEN_CONN.search(text, max(0, s - 6), s)):
            return False
    if not after_range and s > 1 and text[s - 1] in "-—－–" and text[s - 2].isalnum():
        return False  # GB7258—1997: the year of a standard's number, not a date of its own
    # what follows: optional spaces, then a CJK character that is not a unit, a count or a numeral
    j = e
    while j < len(text) and text[j] in " \u3000\t":
        j += 1
    if j >= len(text):
        return False
    nxt = text[j]
    if nxt in _NOT_AFTER_YEAR:
        return False
    return _is_cjk(nxt) or nxt in "“\"《「『（(【"


def extract_dates(text: str, trig: Triggers | None = None) -> list[Span]:
    return _span_list(_dates(text, trig if trig is not None else Triggers(text)))


def _dates(text: str, trig: Triggers) -> list[tuple[int, int, str]]:
    if not trig.date and not trig.year:
        return []
    found: list[list] = []  # [start, end, kind, value]
    for m in _scan(_DATE_CORE, text, trig.date):
        kv = _date_kind_ok(m)
        if kv is None:
            continue
        found.append([m.start(), m.end(), kv[0], kv[1]])
    for m in _scan(_BARE_YEAR, text, trig.year):
        s, e = m.span()
        if _bare_year_ok(text, s, e):
            found.append([s, e, "y", _small_int(m.group())])
    for m in _scan(_BARE_YEAR_RANGE, text, trig.year):  # 2024-2025赛季
        s, e = m.span()
        a, b = _small_int(m.group(1)), _small_int(m.group(2))
        if a is not None and b is not None and a < b and _bare_year_ok(text, m.start(2), e, after_range=True):
            found.append([s, e, "y", a])
    found.sort(key=lambda f: (f[0], -f[1]))
    # drop a bare year that sits inside a date already found (cannot happen by construction, but cheap)
    flat: list[list] = []
    for f in found:
        if flat and f[0] < flat[-1][1]:
            continue
        flat.append(f)
    # a bare number before a range connector: 2025—2027年, 11—12月, 16至18日
    prev_end = 0
    for f in flat:
        s, kind, value = f[0], f[2], f[3]
        if kind in ("y", "m", "d"):
            r = _RANGE_BEFORE.search(text, max(prev_end, s - 12), s)
            if r is not None and r.end() == s:
                v = _small_int(r.group("a") or r.group("c"))
                if v is not None and (
                    (kind == "y" and 1000 <= v < value and len(str(v)) == 4)
                    or (kind == "m" and 1 <= v < value)
                    or (kind == "d" and 1 <= v < value)
                ):
                    f[0] = r.start("a") if r.group("a") else r.start("c")
        prev_end = f[1]
    # ranges: two dates joined by a connector are one span; touching dates too (2024年 + 1—9月)
    merged: list[list] = []
    for f in flat:
        if merged:
            prev = merged[-1]
            gap = text[prev[1] : f[0]]
            if f[1] - prev[0] <= 40 and (
                (not gap and prev[2] == "y" and f[2] in ("m", "d") and text[prev[1] - 1] == "年")
                or (gap and len(gap) <= 3 and _GAP_CONN.fullmatch(gap))
            ):
                prev[1] = f[1]
                continue
        merged.append(f)
    out: list[tuple[int, int, str]] = []
    for s, e, kind, _value in merged:
        # 今年9月, 去年10月16日; 本月16日
        if kind == "m":
            for rel in _REL_YEAR:
                if text.startswith(rel, s - len(rel)):
                    s -= len(rel)
                    break
        elif kind == "d":
            for rel in _REL_MONTH:
                if text.startswith(rel, s - len(rel)):
                    s -= len(rel)
                    break
        out.append((s, e, "DATE"))
    return out
