"""QUANTITY: a number with a unit of physical measure, or a rate built on one (``1500万吨/年``,
``2060人/平方公里``); not ordinals (``第1000万标箱``) nor a unit that starts with a numeral (``千米``)."""

from __future__ import annotations

import re

from reader.core.model import Span

from .common import _ANUM, _CNUM, _CONN, _NUM_START, Triggers, _scan, _span_list

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
