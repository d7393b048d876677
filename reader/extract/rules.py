"""Rule-based extractors for DATE, MONEY, PERCENT and QUANTITY (see the annotation guidelines).

Every extractor is a handful of compiled regular expressions run over the whole text, plus a
little Python that validates a match (a month is 1-12) or looks at its neighbours (is ``4亿``
said of money?). Numbers may be Arabic (``38``), full-width (``３８``), Chinese (``二〇二四``,
``一千二百万``, ``两``) or mixed (``1.5亿``).

What the rules follow (the guidelines, summarised):

- approximators stay outside a span (近, 约, 超, 达, 逾, 超过, 以上, 左右), except ``多``/``余``
  between a number and its unit (``200多万元``), where the span cannot leave them out;
- a range is one span (``30万—100万元``, ``2025—2027年``, ``2025年11月到12月``);
- DATE needs a number of a calendar unit (``今年9月`` yes, ``今年``/``年底``/``10年来`` no);
  ``底``/``初``/``末``/``季度``/``上半年`` stay inside after a number, ``以来`` and the time of
  day stay outside; a bare four-digit year (``2024新一代…大会``) is a DATE;
- MONEY: a number with a currency unit, or a number in 万/亿 said of money (``年产值达4亿``);
  a bare ``万亿`` with a currency (``万亿美元``) or after 破/超/近 said of money (``顺差破万亿``);
- PERCENT: ``38%``, ``百分之五``, ``三分之二``, ``15个百分点``; not multiples (``70倍``);
- QUANTITY: a number with a unit of physical measure, or a rate built on one (``1500万吨/年``,
  ``2060人/平方公里``); not counts (``14颗卫星``), durations or ordinals (``第1000万标箱``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable

from reader.core.model import Origin, Span

__all__ = [
    "RULE_LABELS",
    "extract_dates",
    "extract_money",
    "extract_percents",
    "extract_quantities",
    "extract_rules",
]

RULE_LABELS: tuple[str, ...] = ("DATE", "MONEY", "PERCENT", "QUANTITY")

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


_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

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


def _is_cjk(c: str) -> bool:
    """A character of the basic Chinese blocks (compared, not matched: no pattern to compile)."""
    return "\u3400" <= c <= "\u9fff"


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


# --------------------------------------------------------------------------------------------
# MONEY
# --------------------------------------------------------------------------------------------

_CURRENCY = (
    r"(?:美元|欧元|日元|日圆|美圆|英镑|港元|港币|澳元|加元|韩元|新卢布|卢布|卢比|瑞士法郎|瑞郎|法郎|新台币|台币|人民币|美金|泰铢|铢|比索|里拉|兰特|"
    r"澳门元|新加坡元|越南盾|盾|谢克尔|第纳尔|迪拉姆|里亚尔|林吉特|雷亚尔|埃镑|先令|克朗|兹罗提|福林|坚戈|玻利瓦尔|"
    r"块钱|马克(?!思)|元(?![旦素件器化论首帅老气宵代朝年月])|圆)"
)
_PER_UNIT = r"(?:/(?:吨|千克|公斤|克|斤|平方米|平米|亩|人|年|月|天|日|小时|度|千瓦时|股|桶|台|辆|件|个|次|张|套|户|m²|kg|t))?"
_MONEY_RE = re.compile(
    r"(?:"
    # 30万—100万元, 3000-5000元
    + rf"{_NUM_START}(?:{_NUM}(?:[多余])?{_CURRENCY}?\s*{_CONN}\s*)?{_NUM}(?:[多余](?:[万亿]*))?{_CURRENCY}{_PER_UNIT}"
    # $5, US$1.2亿, ￥300
    # 近亿元, 超万元, 上万元: the approximator stays outside, 亿/万 is the number
    + rf"|(?<=[近超过逾上达破约])[万亿]+{_CURRENCY}"
    # 万亿美元 alone is an amount wherever it stands (催生万亿美元市场, 其万亿美元市值)
    + rf"|(?<![{_AD}.．{_CN_ALL}数几])万亿{_CURRENCY}"
    + rf"|[$＄￥¥€£](?:{_ANUM})(?:[十百千万亿]+)?(?:美元|元)?"
    + r")"
)
# A number in 万/亿 without a currency: money only when the context says so (年产值达4亿).
# 破万亿, 超万亿: a bare 万亿 after an approximator is the number itself (same context test).
_BARE_BIG = re.compile(rf"{_NUM_START}(?:{_ANUM}[多余]?[十百千]*[万亿]+|{_CNUM})|(?<=[近超逾破])万亿")
_MONEY_WORDS = (
    "产值|营收|收入|投资|资金|基金|销售额|交易额|成交额|营业额|融资|利润|税收|资产|预算|补贴|贷款|估值|市值|票房|总额|金额|"
    "出口额|进口额|贸易额|顺差|逆差|外资|经费|拨款|捐款|奖金|资本|规模|生产总值|GDP|增加值|收益|净利|亏损|债务|存款|储蓄|成本|价值|"
    "造价|耗资|投入|募资|筹资|集资|赔偿|罚款|财政|消费额|零售额|产出|资助|奖励|营业收入|销售收入|总价|价格|身家|财富"
)
_MONEY_WORD_RE = re.compile(_MONEY_WORDS)
_CLAUSE_END = re.compile(r"[，。；：！？、,;:!?\n\r（）()“”\"「」《》]")
# A classifier or unit right after a number makes it a count or a measure, not money.
_NOT_AFTER_MONEY = set(
    "个人家名次件项台辆吨米元户座所条株棵只头匹部本册篇首张份套批架艘颗枚粒块片间层栋幢处位例起宗种类倍平立公克斤亩升瓦度"
    "标年月日天周岁多余美欧英港澳韩卢字册千百万亿%％锭"
) | set("0123456789０１２３４５６７８９")


_PEOPLE_AFTER = re.compile(r"(?:农民|市民|群众|人口|用户|观众|网民|居民|职工|网友|账户|儿童|学生|股民|游客|消费者)")


def _money_context(text: str, s: int, e: int) -> bool:
    if _PEOPLE_AFTER.match(text, e):
        return False  # 几亿农民, 1700万用户: counts of people
    # after: a money word within a few characters of the same clause (千亿营收, 百亿政府引导基金)
    after = text[e : e + 7]
    cut = _CLAUSE_END.search(after)
    if cut:
        after = after[: cut.start()]
    if after and _MONEY_WORD_RE.search(after):
        return True
    # before: 年产值达4亿, 投资额超过3亿
    before = text[max(0, s - 8) : s]
    cuts = list(_CLAUSE_END.finditer(before))
    if cuts:
        before = before[cuts[-1].end() :]
    return bool(before) and bool(_MONEY_WORD_RE.search(before))


def extract_money(text: str, trig: Triggers | None = None) -> list[Span]:
    return _span_list(_money(text, trig if trig is not None else Triggers(text)))


def _money(text: str, trig: Triggers) -> list[tuple[int, int, str]]:
    if not trig.money and not trig.bare_big:
        return []
    out: list[tuple[int, int, str]] = []
    for m in _scan(_MONEY_RE, text, trig.money):
        s, e = m.span()
        if s > 0 and text[s - 1] == "第":
            continue
        if e - s == 2 and text[s] in _CN_VAL and text[s + 1] == "元":
            # 一元/三元 alone: an amount only before 钱 or outside a word (三元里, 二元经济 are not)
            if e < len(text) and _is_cjk(text[e]) and text[e] not in "钱的左上以多一每和或至到、":
                continue
        out.append((s, e, "MONEY"))
    taken = bytearray(len(text))
    for s, e, _ in out:
        taken[s:e] = b"\x01" * (e - s)
    for m in _scan(_BARE_BIG, text, trig.bare_big):
        s, e = m.span()
        num = m.group()
        if num[-1] not in "万亿":
            continue
        if e < len(text) and text[e] in _NOT_AFTER_MONEY:
            continue
        if s > 0 and text[s - 1] == "第":
            continue
        if taken.find(1, s, e) != -1:
            continue
        if _money_context(text, s, e):
            out.append((s, e, "MONEY"))
    out.sort()
    return out


# --------------------------------------------------------------------------------------------
# PERCENT
# --------------------------------------------------------------------------------------------

_CN_FRAC_NUM = rf"(?:[{_CN_ALL}]+(?:点[{_CN_DIGITS}]+)?|{_ANUM})"
_PERCENT_RE = re.compile(
    r"(?:"
    # 38%, 10%—20%, 10—20%, 3.5‰
    + rf"(?<![{_AD}.．])(?:{_ANUM}\s?[%％‰]?\s*{_CONN}\s*)?{_ANUM}\s?[%％‰]"
    # 百分之五, 百分之三十五点五, 百分之五到百分之十, 三分之二, 千分之三, 3分之1
    + rf"|(?<![{_CN_ALL}{_AD}几])(?:[一二三四五六七八九十百千万两]+|{_ANUM})分之{_CN_FRAC_NUM}(?!决赛|赛)"
    + rf"(?:\s*{_CONN}\s*(?:(?:[一二三四五六七八九十百千万两]+|{_ANUM})分之)?{_CN_FRAC_NUM})?"
    # 15个百分点, 0.5个百分点, 两个百分点, 25个基点 (basis points)
    + rf"|{_NUM_START}{_NUM}(?:\s*{_CONN}\s*{_NUM})?(?:多)?个?(?:百分点|基点)"
    # 超过六成, 近三成, 不足一成: tenths, after a word of comparison
    + r"|(?<=[超过近约逾占达有仅足到])[一二两三四五六七八九]成(?![为功立本员长就果绩熟交型都品效像了])"
    + r")"
)


def extract_percents(text: str, trig: Triggers | None = None) -> list[Span]:
    return _span_list(_percents(text, trig if trig is not None else Triggers(text)))


def _percents(text: str, trig: Triggers) -> list[tuple[int, int, str]]:
    out = []
    for m in _scan(_PERCENT_RE, text, trig.percent):
        s, e = m.span()
        out.append((s, e, "PERCENT"))
    return out


# --------------------------------------------------------------------------------------------
# QUANTITY
# --------------------------------------------------------------------------------------------

# Units of physical measure, longest first where one is the prefix of another.
_UNIT_CJK = (
    "平方公里|平方千米|平方米|平方厘米|平方毫米|平方英里|平方英尺|平米|立方米|立方厘米|立方千米|立方|公顷|亩|"
    "公里|千米|厘米|毫米|微米|纳米|英里|海里|英尺|英寸|米(?![饭粉面酒])|"
    "吨标准煤|吨标煤|标准煤|吨|千克|公斤|毫克|微克|克(?![服隆拉里罗制])|克拉|公斤|斤|磅|盎司|"
    "毫升|升(?![级高至为到值温空起格幅降华学])|加仑|"
    "万千瓦时|千瓦时|兆瓦时|吉瓦时|太瓦时|千瓦|兆瓦|吉瓦|太瓦|瓦时|瓦(?![斯解片房])|千伏安|千伏|伏特|毫安时|焦耳|千焦|兆焦|卡路里|千卡|大卡|"
    "马力|赫兹|兆赫|千赫|吉赫|分贝|兆帕|千帕|帕|摄氏度|华氏度|标准箱|标箱|㎡|㎢|㎞|㎏|㎜|㎝|㎥|㎖|㎘"
)
_UNIT_LATIN = r"(?:kWh|MWh|GWh|TWh|kW|MW|GW|kV|mAh|GHz|MHz|kHz|Hz|km²|km|kg|mm|cm|m²|m³|TEU|dB)(?![A-Za-z])"
_UNIT = rf"(?:{_UNIT_CJK}|{_UNIT_LATIN}|℃|°C)"
# 度 (kWh or degrees) only after an Arabic number: 一度 is an adverb.
_UNIT_ARABIC_ONLY = r"(?:度(?![假过日])|桶(?![装])|方(?![面案式向法便针阵舱式位])|t(?![A-Za-z]))"
_DENOM = (
    r"(?:年|月|日|天|小时|时|h|分钟|秒|s|人|户|平方公里|平方千米|平方米|亩|公顷|吨|公里|千米|米|千克|公斤|立方米|升|千瓦时|度|台|辆|标箱)"
)
_COUNT = r"(?:人|辆|个|件|台|艘|架|只|头|户|次|标箱|颗|株|棵)"
_QNUM = rf"(?:{_ANUM}(?:[多余]?[十百千万亿]+)?(?:多|余)?|{_CNUM}(?:[多余][万亿]*)?)"
_QNUM_A = rf"(?:{_ANUM}(?:[多余]?[十百千万亿]+)?(?:多|余)?)"
_QTY_RE = re.compile(
    _NUM_START
    + r"(?:"
    # 8万吨, 1500万吨/年, 8.5公里, 3—5吨, 30~50公里/小时
    + rf"(?:{_QNUM}(?:{_UNIT})?\s*{_CONN}\s*)?{_QNUM}{_UNIT}(?:/{_DENOM})?"
    # 63度(电), 100万方; Arabic only
    + rf"|(?:{_QNUM_A}\s*{_CONN}\s*)?{_QNUM_A}{_UNIT_ARABIC_ONLY}(?:/{_DENOM})?"
    # 2060人/平方公里: a count over a unit of measure
    + rf"|{_QNUM}{_COUNT}/(?:{_UNIT})"
    + r")"
)


def extract_quantities(text: str, trig: Triggers | None = None) -> list[Span]:
    return _span_list(_quantities(text, trig if trig is not None else Triggers(text)))


# 近万吨, 超亿吨, 上万亩: the approximator stays outside, 万/亿 is the number
_QTY_APPROX = re.compile(rf"(?<=[近超过逾上达破约])[万亿]+(?:{_UNIT})")
# A unit that starts with a numeral is not a number with a unit: 每千瓦时, 千米
_BARE_UNITS = frozenset(
    ["千瓦", "千瓦时", "千米", "千克", "千伏", "千伏安", "千卡", "千焦", "千帕", "千赫", "万千瓦", "万千瓦时", "百米"]
)


def _quantities(text: str, trig: Triggers) -> list[tuple[int, int, str]]:
    if not trig.quantity:
        return []
    out = []
    for m in _scan(_QTY_RE, text, trig.quantity):
        s, e = m.span()
        if s > 0 and text[s - 1] == "第":
            continue  # an ordinal: 第1000万标箱
        if m.group() in _BARE_UNITS and not (s > 0 and text[s - 1] in "近超过逾上达破约数几"):
            continue
        if text[e - 1] == "方" and text[e - 2] not in "万亿":
            continue  # 方 is cubic metres in 100万方, a classifier in 600多方 (seals)
        out.append((s, e, "QUANTITY"))
    extra = [(m.start(), m.end(), "QUANTITY") for m in _scan(_QTY_APPROX, text, trig.quantity)]
    if extra:  # overlaps are settled by extract_rules (longest wins)
        out = sorted(set(out) | set(extra))
    return out


# --------------------------------------------------------------------------------------------
# All rules together
# --------------------------------------------------------------------------------------------

_EXTRACTORS: tuple[Callable[[str, Triggers], list[tuple[int, int, str]]], ...] = (_dates, _percents, _money, _quantities)
_BREAK_RE = re.compile("[" + "".join(sorted(_BREAKS)) + "]")
_PRIORITY = {"DATE": 0, "PERCENT": 1, "MONEY": 2, "QUANTITY": 3}


def _strip_ends(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


@functools.cache
def _spaced() -> re.Pattern[str]:
    """Spaces between digits and Chinese characters, as web text writes them (2026 年 1 月, 10 亿
    欧元); compiled on first use (few texts have spaces, and the pattern takes milliseconds)."""
    return re.compile(r"(?<=[0-9０-９])[ \u00a0]+(?=[\u3400-\u9fff])|(?<=[\u3400-\u9fff])[ \u00a0]+(?=[0-9０-９])")


def extract_rules(text: str) -> list[Span]:
    """All rule spans of ``text``: flat (longest wins), sorted, none crossing a line break.

    Spaces between digits and Chinese characters (``1 月 24 日``, ``10 亿欧元``) are read as if
    absent; the spans keep them, in the text's own offsets."""
    if (" " not in text and "\xa0" not in text) or _spaced().search(text) is None:
        return _extract_rules(text)
    keep: list[int] = []
    pos = 0
    for m in _spaced().finditer(text):
        keep.extend(range(pos, m.start()))
        pos = m.end()
    keep.extend(range(pos, len(text)))
    compact = "".join(text[i] for i in keep)
    return [Span(keep[sp.start], keep[sp.end - 1] + 1, sp.label, sp.origin) for sp in _extract_rules(compact)]


_DATE_TAIL = re.compile(r"(?:年底|年中|年初|年末|中期|上半年|下半年|财年(?:第[一二三四]季度|[Qq][1-4]|上半年|下半年)?)")
_DATE_HEAD = ("上世纪", "本世纪", "上个世纪")


def _extend(text: str, chosen: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """Words the guidelines keep inside a span that the patterns end before or start after:
    人民币 written next to an amount (人民币600元, 36.3万元人民币), 年底/年中/中期/财年 after a year
    (2026年年底, 2023年中期, 2026财年第一季度), 上世纪 before a decade (上世纪70年代)."""
    out: list[tuple[int, int, str]] = []
    n = len(text)
    for k, (s, e, label) in enumerate(chosen):
        nxt = chosen[k + 1][0] if k + 1 < len(chosen) else n
        prv = out[-1][1] if out else 0
        if label == "MONEY":
            if s - 3 >= prv and text.startswith("人民币", s - 3) and text[s].isdigit():
                s -= 3
            if text.startswith("人民币", e) and e + 3 <= nxt:
                e += 3
        elif label == "DATE":
            m = _DATE_TAIL.match(text, e)
            if m is not None and m.end() <= nxt and (text[e - 1] == "年" or text[e - 1].isdigit()):
                e = m.end()
            for head in _DATE_HEAD:
                if s - len(head) >= prv and text.startswith(head, s - len(head)) and text.startswith("年代", e - 2):
                    s -= len(head)
                    break
        out.append((s, e, label))
    return out


def _extract_rules(text: str) -> list[Span]:
    trig = Triggers(text)
    if not trig:
        return []
    cands: list[tuple[int, int, str]] = []
    for fn in _EXTRACTORS:
        cands.extend(fn(text, trig))
    if not cands:
        return []
    # longest first; on a tie, the more specific label, then the earlier start
    prio = _PRIORITY
    cands.sort(key=lambda c: (c[0] - c[1], prio[c[2]], c[0]))
    chosen: list[tuple[int, int, str]] = []
    occupied = bytearray(len(text))
    brk = _BREAK_RE.search
    for s, e, label in cands:
        if text[s].isspace() or text[e - 1].isspace():
            s, e = _strip_ends(text, s, e)
            if s >= e:
                continue
        if brk(text, s, e) is not None or occupied.find(1, s, e) != -1:
            continue
        occupied[s:e] = b"\x01" * (e - s)
        chosen.append((s, e, label))
    chosen.sort()
    chosen = [c for c in _extend(text, chosen) if brk(text, c[0], c[1]) is None]
    return [Span(s, e, label, Origin.RULE) for s, e, label in chosen]
