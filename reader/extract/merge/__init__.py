"""Merge model, rule and lexicon spans into one flat layer, by the guidelines' composition rules.

Order of decisions (all deterministic):

1. Clean: spans crossing a line break are dropped (guidelines: a name cut by a line break is not
   joined); model spans lose surrounding spaces, quotes, brackets, punctuation and symbols, are
   split at a space between Chinese characters (刘潇 孙嘉隆 is two names), lose a familiar prefix
   (老刘 → 刘), and are dropped when they are one of the guidelines' common nouns (管委会, 园区);
   spans whose text is a lexicon "never" surface are dropped.
2. Rules against the model: a rule span (DATE, MONEY, PERCENT, QUANTITY) at the edge of a model
   span, or crossing it, is cut out of the model span: the model (trained on MSRA) swallows
   digits (``2024江阴国家高新区`` → DATE ``2024`` + LOC ``江阴国家高新区``). A rule span strictly
   inside a model span yields to it: the longest name wins.
3. Lexicon "always" spans win over everything they overlap.
4. What is left is made flat: longest first; on equal length a rule span before a model span,
   then the earlier start.
5. Touching LOC spans are joined into one LOC: hierarchical places written together are one
   place (山东省 + 德州 → 山东省德州); MSRA-style models split them.
6. A place followed by the generic name of a zone is one LOC (德州 + 经开区 → 德州经开区; the
   guidelines' places include development zones and new areas, while bare 高新区 or 新区 are
   common nouns); a place followed by the generic name of a governing body is one ORG (德州经开区
   + 党工委 → 德州经开区党工委: "an organisation named with its area is one ORG").
7. A short name defined in the text (……有限公司（以下简称“华创融盛”）) takes the label of the name
   it abbreviates, wherever it occurs (model spans inside it give way).

The steps live in modules of this package, by responsibility: :mod:`.clean` (step 1, the model's
spans), :mod:`.places`, :mod:`.persons` (Latin and dotted foreign names included),
:mod:`.organisations`, :mod:`.known` (the known-organisation list, one label per name), :mod:`.lists`
and :mod:`.credits`; :mod:`.common` holds the vocabulary and helpers they share. This module chains
them (:func:`merge_spans`) and applies what a library learned (:func:`apply_learned`); the names of
the steps are importable from here.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Iterable

from reader.core.model import Origin, Span
from reader.extract.lexicon import Lexicon

from .clean import (  # the private names: tests/extract/test_merge_long_texts.py reads them from here
    JOINABLE_GENERIC,
    NOT_PLACES,
    _BYLINE,
    _BYLINE_NAME_END,
    _BYLINE_WORD,
    _NOT_IN_GIVEN_NAME,
    _SURNAMES,
    _byline_names,
    _clean_model_span,
    _fix_brackets,
    _split_at_title_marks,
)
from .common import BREAKS, CAPTION_WORDS, GENERIC_NOUNS, _BREAK, _BY_START, _ORIGIN_RANK, _crosses_break, _flat, _is_cjk, _trim
from .credits import media_credits
from .known import consistent_organisations, known_organisations
from .lists import listed_companies
from .organisations import (
    _SHORT_NAME,
    acronym_prefixed_organisations,
    companies_in_context,
    company_words_after,
    join_organisations,
    join_province_into_company,
    latin_organisations,
    ordinal_terms,
    short_names,
    verbs_in_organisations,
)
from .persons import consistent_persons, join_foreign_names, latin_names
from .places import (
    LOCAL_GOVERNMENT,
    ORGAN_SUFFIXES,
    ZONE_SUFFIXES,
    consistent_places,
    extend_places,
    join_compound_places,
    join_touching,
    places_before_common_nouns,
    places_with_county,
)

__all__ = ["BREAKS", "apply_learned", "GENERIC_NOUNS", "ORGAN_SUFFIXES", "ZONE_SUFFIXES", "extend_places", "join_touching", "merge_spans"]


def merge_spans(
    text: str,
    model: Iterable[Span] = (),
    rules: Iterable[Span] = (),
    lexicon: Iterable[Span] = (),
    never: Container[str] = frozenset(),
    organisations: Iterable[Span] = (),
) -> list[Span]:
    """One flat, sorted layer from the three sources (see the module docstring). ``organisations``:
    occurrences of known organisation names in ``text`` (see :func:`known_organisations`)."""

    n = len(text)
    breaks = _BREAK.search(text) is not None  # a sentence or a line holds none: no span to check
    never = never if never else ()  # nothing to look up for each span

    def fits(sp: Span) -> bool:
        return 0 <= sp.start < sp.end <= n and not (breaks and _crosses_break(text, sp.start, sp.end))

    def keep(sp: Span) -> bool:
        s, e = sp.start, sp.end
        return 0 <= s < e <= n and not (breaks and _crosses_break(text, s, e)) and not (never and text[s:e] in never)

    lex = sorted((sp for sp in lexicon if fits(sp)), key=_BY_START) if lexicon else []
    rule_list = sorted((sp for sp in rules if keep(sp)), key=_BY_START) if rules else []

    # 1. model spans: trimmed and cleaned
    model_list: list[Span] = []
    for whole in model:
        s, e = whole.start, whole.end
        if not 0 <= s < e <= n or (breaks and _crosses_break(text, s, e)):  # fits(whole), inline
            continue
        # cleaned spans lie in the text (inside the whole one, or a surname completed by the Chinese
        # characters after it): without never surfaces and line breaks, keep() takes them all
        cleaned = _clean_model_span(text, whole)
        model_list.extend([sp for sp in cleaned if keep(sp)] if never or breaks else cleaned)
    model_list = known_organisations(text, model_list, organisations)
    model_list = _fix_brackets(text, model_list)
    model_list = _split_at_title_marks(text, model_list)
    model_list = _byline_names(text, model_list)
    model_list.sort(key=_BY_START)

    # 2. rules against the model (most sentences hold no rule span: the model's spans stay as they are)
    cut_model = model_list
    if rule_list:
        dropped_rules: set[Span] = set()
        cut_model = []
        rule_ends = [r.end for r in rule_list]  # rule spans are flat, so ends are sorted too
        flat_rules = _flat(rule_list)
        for m in model_list:
            s, e = m.start, m.end
            first = bisect_right(rule_ends, s) if flat_rules else 0
            for k in range(first, len(rule_list)):
                r = rule_list[k]
                if r.end <= s:
                    continue
                if r.start >= e:
                    break
                if r.start > s and r.end < e:
                    dropped_rules.add(r)  # inside a longer name: the name wins
                    continue
                if r.start <= s:
                    s = max(s, r.end)
                if r.end >= e:
                    e = min(e, r.start)
                if s >= e:
                    break
            if s >= e:
                continue
            if (s, e) != (m.start, m.end):
                s, e = _trim(text, s, e)
                if s >= e or not any(c.isalpha() for c in text[s:e]):
                    continue
                m = Span(s, e, m.label, m.origin)
                if not keep(m):
                    continue
            cut_model.append(m)
        if dropped_rules:
            rule_list = [r for r in rule_list if r not in dropped_rules]

    # 3. lexicon always wins: flat among itself already (longest match), then blocks the rest;
    # 4. longest first (model spans alone that do not overlap, the usual case, are all taken)
    if not lex and not rule_list and (len(cut_model) < 2 or _flat(cut_model)):
        chosen = cut_model
    else:
        occupied = bytearray(len(text) + 1)
        chosen = []
        for sp in lex:
            if occupied.find(1, sp.start, sp.end) != -1:
                continue
            occupied[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
            chosen.append(sp)
        rest = rule_list + cut_model
        rest.sort(key=lambda x: (-(x.end - x.start), _ORIGIN_RANK.get(x.origin, 9), x.start, x.label))
        for sp in rest:
            if occupied.find(1, sp.start, sp.end) != -1:
                continue
            occupied[sp.start : sp.end] = b"\x01" * (sp.end - sp.start)
            chosen.append(sp)

    # 5. hierarchical places; 6. zones and governing bodies named with their place
    # (the steps under "if out" change the spans there are and find none of their own: a text
    # with no span skips them)
    out = join_touching(chosen, "LOC")
    if out:
        out = extend_places(text, out)
        out = places_with_county(text, out)
        out = join_compound_places(text, out)
        out = join_foreign_names(text, out)
        out = join_organisations(text, out)
        out = join_province_into_company(text, out)
        out = companies_in_context(text, out)
        out = places_before_common_nouns(text, out)
        out = verbs_in_organisations(text, out)
    out = latin_names(text, out)
    out = latin_organisations(text, out)
    out = short_names(text, out)
    out = media_credits(text, out)
    out = listed_companies(text, out)
    if out:
        out = consistent_organisations(text, out)
        out = consistent_places(text, out)
        out = company_words_after(text, out)
        out = ordinal_terms(text, out)
        out = acronym_prefixed_organisations(text, out)
        out = consistent_persons(text, out)
    if never:
        out = [sp for sp in out if text[sp.start : sp.end] not in never]
    return [sp for sp in out if not (sp.origin is Origin.MODEL and text[sp.start : sp.end] in GENERIC_NOUNS)]


def apply_learned(text: str, spans: Iterable[Span], lexicon: Lexicon | None) -> list[Span]:
    """What a library learned from its user's review, applied after the merge (gently, unlike a
    lexicon file's "always", which wins over everything):

    - a span whose surface and label the user rejected (``lexicon.is_suppressed``) is dropped;
    - a surface the user accepted (``lexicon.find``) is tagged where nothing else is, and replaces
      the spans it contains (parts of the known name); a span that contains it or crosses its
      edge wins (北京大学 stays one ORG though the user accepted 北京 as LOC).
    """
    out = sorted(spans, key=lambda x: (x.start, x.end))
    if not lexicon:
        return out
    out = [sp for sp in out if not lexicon.is_suppressed(text[sp.start : sp.end], sp.label)]
    matches = [m for m in lexicon.find(text) if not lexicon.is_suppressed(text[m.start : m.end], m.label)]
    if not matches:
        return out
    starts = [sp.start for sp in out]
    drop: set[int] = set()
    add: list[Span] = []
    for m in matches:
        if _crosses_break(text, m.start, m.end):
            continue
        i = max(bisect_right(starts, m.start) - 1, 0)
        hit: list[int] = []
        while i < len(out) and out[i].start < m.end:
            if out[i].end > m.start:
                hit.append(i)
            i += 1
        if len(hit) == 1 and (out[hit[0]].start, out[hit[0]].end, out[hit[0]].label) == (m.start, m.end, m.label):
            continue  # found already
        if all(m.start <= out[k].start and out[k].end <= m.end for k in hit):
            drop.update(hit)
            add.append(m)
    result = [sp for k, sp in enumerate(out) if k not in drop] + add
    result.sort(key=lambda x: (x.start, x.end))
    return result
