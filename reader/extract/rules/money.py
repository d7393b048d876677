"""MONEY: a number with a currency unit or sign, or a number in 万/亿 that its context says is
money (``年产值达4亿``), never a count of people (``1700万用户``)."""

from __future__ import annotations

import re

from reader.core.model import Span

from .common import _AD, _ANUM, _CN_ALL, _CN_VAL, _CNUM, _CONN, _NUM, _NUM_START, Triggers, _is_cjk, _scan, _span_list

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
