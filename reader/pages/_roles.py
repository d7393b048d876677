"""Step 2 of :func:`reader.pages.analyse.analyse_page`: the role of each block.

Bylines, captions, title groups and section labels from the form of the blocks
(:func:`_assign_roles`); whether a title group is a headline that opens an article or an
intertitle of an article already open, by how its text fits the articles' n-gram profiles
(:func:`_headline_or_intertitle`, with :class:`reader.pages._articles._Profiles`).
"""

from __future__ import annotations

import re
from collections import Counter

from ._articles import FIT, HEAD_BLOCKS, WINDOW, _Profiles
from ._segment import _balanced_quotes, _Block
from ._text import _COLUMN_TAG, _EDITOR_NOTE, _HAN, _SECTION_CODE, _TITLE_BAD_END, _ends_cut, _starts_mid

# ---- step 2: roles -----------------------------------------------------------------------------


def _assign_roles(blocks: list[_Block]) -> None:
    n = len(blocks)
    for b in blocks:
        if b.kind == "byline":
            b.role = "byline"
        elif b.kind == "caption":
            b.role = "caption"
        elif b.kind == "body":
            b.role = "body"
    # an image leaves empty lines above its caption (more than between paragraphs): a complete
    # sentence or two under them, out of the flow
    gaps = sorted(b.blanks_before for b in blocks[1:]) or [1]
    image_gap = max(2, gaps[len(gaps) // 2] + 1)
    for i, b in enumerate(blocks):
        if b.kind == "body" and b.blanks_before >= image_gap and i > 0 and len(b.text) <= 120 and not _ends_cut(b.text):
            prev = blocks[i - 1]
            nxt = blocks[i + 1] if i + 1 < n else None
            if (prev.kind == "body" and _ends_cut(prev.text)) or nxt is None or (nxt.kind == "body" and _starts_mid(nxt.text)):
                b.kind = b.role = "caption"
    # title-like blocks that end a fragment (a short cut line) are body
    for i, b in enumerate(blocks):
        if b.kind != "title":
            continue
        if not _balanced_quotes(re.sub(r"\s+", "", b.text)) and not (i + 1 < n and blocks[i + 1].kind == "title"):
            b.kind = b.role = "body"
            continue
        nxt = blocks[i + 1] if i + 1 < n else None
        prev = blocks[i - 1] if i > 0 else None
        if b.lines == 1 and nxt is not None and nxt.kind == "body" and nxt.blanks_before <= 1 and _starts_mid(nxt.text):
            if not (prev is not None and prev.kind == "title"):
                b.kind = b.role = "body"
    # a short line without a full stop right over a byline is a headline, commas and all
    for i, b in enumerate(blocks[:-1]):
        core = re.sub(r"\s+", "", b.text)
        if (
            b.kind == "body"
            and blocks[i + 1].kind == "byline"
            and blocks[i + 1].start > b.end
            and len(core) <= 40
            and core[-1] not in _TITLE_BAD_END
            and _HAN.search(core)
        ):
            b.kind = "title"
    # group consecutive title blocks
    groups: list[tuple[int, int, bool]] = []
    i = 0
    while i < n:
        if blocks[i].kind != "title":
            i += 1
            continue
        j = i
        if _EDITOR_NOTE.match(blocks[i].text):
            groups.append((i, i, False))  # the editors of the article above, not the kicker of the next
            i += 1
            continue
        while j + 1 < n and blocks[j + 1].kind == "title" and not _EDITOR_NOTE.match(blocks[j + 1].text):
            j += 1
        group = blocks[i : j + 1]
        before = blocks[i - 1] if i > 0 else None
        after = blocks[j + 1] if j + 1 < n else None
        # a very short first line over another title: a section label
        first = group[0]
        core = re.sub(r"\s+", "", first.text)
        if len(group) >= 2 and first.lines == 1 and core[-1] not in "—：:" and (len(core) <= 6 or _SECTION_CODE.match(first.text)) and (
            _SECTION_CODE.match(first.text) or before is None or before.kind != "title"
        ):
            if _SECTION_CODE.match(first.text) or (len(core) <= 5 and after is not None and after.kind == "byline"):
                first.kind = first.role = "label"
                group = group[1:]
                i += 1
        if not group:
            i = j + 1
            continue
        tagged = bool(_COLUMN_TAG.search(re.sub(r"\s+", "", group[-1].text)))
        forced = (
            tagged
            or (after is not None and after.kind == "byline")
            or before is None
            or (before is not None and before.kind == "label")
            or after is None
        )
        if forced and len(group) > HEAD_BLOCKS and before is not None and before.kind != "label":
            # a headline is a kicker and a title at most: titles above them close the article before
            split = j + 1 - HEAD_BLOCKS
            groups.append((i, split - 1, False))
            i = split
        groups.append((i, j, forced))
        for b in group:
            b.kind = "title"
        i = j + 1
    for b in blocks:
        if b.kind == "label":
            b.role = "label"
    _headline_or_intertitle(blocks, groups)


def _headline_or_intertitle(blocks: list[_Block], groups: list[tuple[int, int, bool]]) -> None:
    """A title group opens an article unless the text under it reads like an article already open.

    Groups with a byline under them, at the top of the page or under a section label open one
    for sure; for the others, the body blocks under the group are scored against every article
    opened so far (character n-grams, against the page's background): a good fit makes the group
    an intertitle of that article.
    """
    prof = _Profiles(blocks)
    arts: list[Counter[str]] = []
    k = 0
    n = len(blocks)
    starts = {g[0]: g for g in groups}
    while k < n:
        b = blocks[k]
        if k in starts:
            i, j, forced = starts[k]
            opens = (forced or not arts) and not (arts and _EDITOR_NOTE.match(blocks[i].text))
            if not opens and j + 1 < n and blocks[j + 1].kind == "title":
                pass  # titles right over a headline, no text of their own: they close the article above
            elif not opens:
                run: Counter[str] = Counter()
                m = j + 1
                taken = 0
                while m < n and taken < 3 and blocks[m].kind in ("body", "caption"):
                    if blocks[m].kind == "body":
                        run.update(prof.vecs[m])
                        taken += 1
                    m += 1
                fit = max((prof.fit(run, a) for a in arts[-WINDOW:]), default=0.0)
                opens = fit < FIT
            role = "headline" if opens else "intertitle"
            for x in blocks[i : j + 1]:
                x.role = role
            if opens:
                arts.append(Counter())
            for x in range(i, j + 1):
                arts[-1].update(prof.vecs[x])
            k = j + 1
            continue
        if b.kind in ("body", "byline"):
            if not arts:
                arts.append(Counter())
            arts[-1].update(prof.vecs[k])
        k += 1
