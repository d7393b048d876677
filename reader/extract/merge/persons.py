"""Person rules of the merger: names in Latin letters (in brackets after a name, after a title),
foreign names written with middle dots (斯文 · 德 · 斯梅特), and one label per person's name in a
text (:func:`consistent_persons`).
"""

from __future__ import annotations

import re

from reader.core.model import Origin, Span

from .common import _BY_START, _MIDDLE_DOT, _compiled, _crosses_break, _has_middle_dot

_LATIN_WORD = r"[A-ZÀ-ÖØ-ÞĀ-Ž][a-zß-öø-ÿā-ž]+(?:['’-][A-Za-zß-ÿ][a-zß-ÿ]+)?"
_LATIN_PERSON = rf"{_LATIN_WORD}(?:[ \u00a0]+(?:[A-Z]\.[ \u00a0]*)?{_LATIN_WORD}){{1,2}}"
_LATIN_IN_BRACKETS = {
    "PER": _compiled(rf"[（(][ \u00a0]?({_LATIN_PERSON})[ \u00a0]?[）)]"),
    "ORG": _compiled(r"[（(][ \u00a0]?([A-Z][A-Za-z0-9&'’\-]*(?:[ \u00a0][A-Z0-9&][A-Za-z0-9&.'’\-]*){0,4})[ \u00a0]?[）)]"),
}
_CAPITAL = re.compile("[A-Z]")
_LATIN_AFTER_TITLE = _compiled(
    rf"(?:官|CEO|总裁|董事长|主席|总监|经理|创始人|发言人|分析师|教授|首席[^\s，。]{{0,4}})[ \u00a0]?(?P<per>{_LATIN_PERSON})(?![A-Za-z])"
)


def latin_names(text: str, spans: list[Span]) -> list[Span]:
    """Names in Latin letters the model misses or mislabels: one in brackets right after a person's
    or an organisation's name is the same entity's name (斯蒂芬·米兰（Stephen I. Miran）, 黑石集团
    （Blackstone））; capitalised words after a title are a person (首席财务官Jim Kavanaugh)."""
    if _CAPITAL.search(text) is None:
        return spans
    by_end = {sp.end: sp for sp in spans if sp.label in ("PER", "ORG")}
    new: list[Span] = []
    for i, before in by_end.items():
        m = _LATIN_IN_BRACKETS[before.label]().match(text, i) if i < len(text) and text[i] in "（(" else None
        if m is not None:
            new.append(Span(m.start(1), m.end(1), before.label, Origin.MODEL))
    for m in _LATIN_AFTER_TITLE().finditer(text):
        new.append(Span(m.start("per"), m.end("per"), "PER", Origin.MODEL))
    if not new:
        return spans
    new = [n for n in new if not _crosses_break(text, n.start, n.end)]
    kept = [sp for sp in spans if not any(sp.start < n.end and n.start < sp.end for n in new)]
    return sorted(kept + new, key=_BY_START)


_DOT_GAP = re.compile(r"[ \u00a0]?[·•・][ \u00a0]?")


def join_foreign_names(text: str, spans: list[Span]) -> list[Span]:
    """Parts of a foreign name written with middle dots (斯文 · 德 · 斯梅特, 泰贾斯・库尔卡尼) are one
    PER; the model often tags them one by one."""
    if not _has_middle_dot(text):  # both joins need one
        return spans
    out: list[Span] = []
    for sp in spans:
        if out and sp.label == "PER" == out[-1].label:
            m = _DOT_GAP.fullmatch(text, out[-1].end, sp.start)
            hyphened = (
                text[out[-1].end : sp.start] in ("-", "－")
                and any(c in _MIDDLE_DOT for c in text[out[-1].start : out[-1].end])
                and sp.end - sp.start <= 4
                and not any(c in _MIDDLE_DOT for c in text[sp.start : sp.end])
            )
            if m is not None or hyphened:
                # 礼萨·塔拉埃-尼克: a double surname after a dotted name
                out[-1] = Span(out[-1].start, sp.end, "PER", out[-1].origin)
                continue
        out.append(sp)
    return out


def consistent_persons(text: str, spans: list[Span]) -> list[Span]:
    """One name, one label in a text, for persons: a name of three or more characters the model
    tags as a person more often than as a place in a text is a person where it said place too
    (马斯克 as LOC after 在)."""
    places: dict[str, int] = {}
    for sp in spans:
        if sp.label == "LOC" and sp.end - sp.start >= 3:
            w = text[sp.start : sp.end]
            places[w] = places.get(w, 0) + 1
    if not places:  # no place to take for a person
        return spans
    named: dict[str, int] = {}
    for sp in spans:
        if sp.label == "PER" and sp.end - sp.start >= 3 and (w := text[sp.start : sp.end]) in places:
            named[w] = named.get(w, 0) + 1
    persons = {w for w, per in named.items() if per > places[w]}
    if not persons:
        return spans
    return [Span(sp.start, sp.end, "PER", sp.origin) if sp.label == "LOC" and text[sp.start : sp.end] in persons else sp for sp in spans]
