"""Merger steps that look up overlapping spans by bisection (a long article holds thousands of
spans and of repeated names): the same spans as the plain scans they replace, kept here as the
reference."""

from __future__ import annotations

import random

import pytest

from reader.core.model import Origin, Span
from reader.extract import merge


def _short_names_reference(text, spans):
    found = list(merge._SHORT_NAME.finditer(text))
    if not found:
        return spans
    by_end = {sp.end: sp for sp in spans}
    out = list(spans)
    for m in found:
        full = by_end.get(m.start())
        if full is None or full.label not in ("ORG", "LOC", "PER") or full.end - full.start <= len(m.group(1)):
            continue
        short, label = m.group(1), full.label
        i = text.find(short)
        while i >= 0:
            s, e = i, i + len(short)
            i = text.find(short, e)
            hit = [sp for sp in out if sp.start < e and s < sp.end]
            if any(sp.origin is not Origin.MODEL or sp.end - sp.start > e - s for sp in hit):
                continue
            if len(hit) == 1 and (hit[0].start, hit[0].end, hit[0].label) == (s, e, label):
                continue
            out = [sp for sp in out if sp not in hit]
            out.append(Span(s, e, label, Origin.MODEL))
    out.sort(key=lambda x: (x.start, x.end))
    return out


def _random_spans(rng, text, n):
    out = []
    for _ in range(n):
        s = rng.randrange(len(text))
        out.append(Span(s, min(len(text), s + rng.randint(1, 14)), rng.choice(["ORG", "LOC", "PER", "DATE"]), rng.choice([Origin.MODEL, Origin.MODEL, Origin.RULE])))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_short_names_as_the_plain_scan(seed):
    rng = random.Random(seed)
    pieces = ["山东华创融盛展示有限公司（以下简称“华创融盛”）", "华创融盛", "融盛", "今天", "在北京", "说，", "华创融盛华创融盛"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(2, 12)))
        spans = _random_spans(rng, text, rng.randint(0, 15))
        at = text.find("山东华创融盛展示有限公司")
        while at >= 0:  # the full names, with labels that disagree now and then
            spans.append(Span(at, at + 12, rng.choice(["ORG", "ORG", "LOC"]), Origin.MODEL))
            at = text.find("山东华创融盛展示有限公司", at + 1)
        assert merge.short_names(text, list(spans)) == _short_names_reference(text, list(spans))


def _byline_reference(text, spans):
    if merge._BYLINE_WORD.search(text) is None:
        return spans
    out = list(spans)
    for m in merge._BYLINE.finditer(text):
        i = m.end()
        if i >= len(text) or text[i] not in merge._SURNAMES:
            continue
        name = None
        for n in (3, 2):
            j = i + n
            if j <= len(text) and text[j - 1] == "摄":
                continue
            if j <= len(text) and all(merge._is_cjk(c) and c not in merge._NOT_IN_GIVEN_NAME for c in text[i + 1 : j]) and merge._BYLINE_NAME_END.match(text, j):
                name = (i, j)
                break
        if name is None:
            continue
        s, e = name
        hit = [sp for sp in out if sp.start < e and s < sp.end]
        if any(sp.label == "PER" and sp.start == s and sp.end == e for sp in hit):
            continue
        if any(sp.label != "PER" and sp.start <= s and e <= sp.end and (sp.start, sp.end) != (s, e) for sp in hit):
            continue
        out = [sp for sp in out if sp not in hit]
        out.append(Span(s, e, "PER", Origin.MODEL))
    out.sort(key=lambda x: (x.start, x.end, x.label))
    return out


@pytest.mark.parametrize("seed", range(8))
def test_byline_names_as_the_plain_scan(seed):
    rng = random.Random(seed)
    pieces = ["本报记者王延斌", "实习记者张晓明报道", "通讯员 刘潇", "记者李", "摄", "。", "山东德州", "王", "有限公司", "通讯员王大山摄"]
    for _ in range(300):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(2, 14)))
        spans = _random_spans(rng, text, rng.randint(0, 12))
        assert merge._byline_names(text, list(spans)) == _byline_reference(text, list(spans))


@pytest.mark.parametrize("by_label", [False, True])
def test_span_layer_as_a_scan_and_an_appending_sort(by_label):
    from reader.extract.merge.common import SpanLayer

    key = (lambda x: (x.start, x.end, x.label)) if by_label else (lambda x: (x.start, x.end))
    rng = random.Random(11)
    text = "x" * 80
    for _ in range(300):
        spans = _random_spans(rng, text, rng.randint(0, 20))
        layer, plain = SpanLayer(spans, by_label=by_label), list(spans)
        for _ in range(rng.randint(1, 6)):
            s = rng.randrange(80)
            new = Span(s, min(80, s + rng.randint(1, 20)), rng.choice(["ORG", "PER"]), Origin.MODEL)
            hit = [sp for sp in plain if sp.start < new.end and new.start < sp.end]
            at = layer.overlapping(new.start, new.end)
            assert [layer.spans[k] for k in at] == sorted(hit, key=key)
            layer.replace(at, new)
            plain = [sp for sp in plain if sp not in hit] + [new]
            assert layer.spans == sorted(plain, key=key)
