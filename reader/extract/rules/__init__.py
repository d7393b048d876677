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

Layout: :mod:`.common` holds the number patterns and the triggers; :mod:`.dates`, :mod:`.money`,
:mod:`.percents` and :mod:`.quantities` one label each; this module runs them all together
(:func:`extract_rules`: longest wins, no span across a line break, spaces beside digits read as absent).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

from reader.core.model import Origin, Span

from .common import Triggers, trigger_starts  # noqa: F401  (trigger_starts: public, importable from here)
from .dates import _dates, extract_dates
from .money import _money, extract_money
from .percents import _percents, extract_percents
from .quantities import _quantities, extract_quantities

__all__ = [
    "RULE_LABELS",
    "extract_dates",
    "extract_money",
    "extract_percents",
    "extract_quantities",
    "extract_rules",
]

RULE_LABELS: tuple[str, ...] = ("DATE", "MONEY", "PERCENT", "QUANTITY")

_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

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
