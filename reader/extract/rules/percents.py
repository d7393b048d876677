"""PERCENT: ``38%``, ``百分之五``, ``三分之二``, ``15个百分点``, ``超过六成``, ranges of them included."""

from __future__ import annotations

import re

from reader.core.model import Span

from .common import _AD, _ANUM, _CN_ALL, _CN_DIGITS, _CONN, _NUM, _NUM_START, Triggers, _scan, _span_list

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
