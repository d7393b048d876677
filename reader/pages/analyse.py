"""Reading a newspaper page: text in (as layout extraction writes it), structure out.

A page's text comes in column order: the first column of one article, then the next column
(perhaps another article's), headlines broken over lines, a photo caption dropped into the middle
of a sentence, a sentence cut by a column break (sometimes repeating its last character at the top
of the next column). :func:`analyse_page` reads it in four steps:

1. **Lines to blocks.** Non-blank lines that follow each other form a group; inside a group, short
   title-like lines that follow each other are one block (a headline broken over two lines), every
   other line is a block of its own. A paragraph that opens with a byline
   (``科技日报讯（记者X）…``, ``本报北京1月26日电（记者X）…``, ``（实习记者X 通讯员Y）…``) is split
   into a byline block and a body block.
2. **Roles**, from the form of each block: bylines by their keywords, captions by their credit
   (``…供图``, ``…摄``, ``图为…``) or by the empty lines an image leaves above them, title-like
   blocks (short, no full stop, no dangling particle) become headlines when they open an article
   (several title blocks in a row, a byline after them, the top of the page, a section label
   above) and intertitles otherwise; very short title-like blocks over a headline are section
   labels.
3. **Articles.** Every headline opens an article. Each other block is given to one of the
   articles opened so far by a Viterbi pass that weighs staying in the current article against
   switching (cheaper after a sentence cut by a column break, dearer when the block plainly
   continues the sentence above) and how much the block's character bigrams share with each
   article (rounds, each using the articles found by the one before). Rounds start from a few
   first guesses (the top one, two or three paragraphs under each headline taken as its own); the
   reading that scores best is kept.
4. **Joins and gaps.** A body block that ends inside a sentence continues in the next body block
   of its article (skipping a repeated character); with no such block, its continuation is off
   the page: a gap.

Steps 1 to 3 live in sibling modules: :mod:`reader.pages._segment` (lines and blocks),
:mod:`reader.pages._roles` (roles), :mod:`reader.pages._articles` (articles, and the numbers tuned
on generated pages), with the character classes and text patterns they share in
:mod:`reader.pages._text`. This module holds step 4, credits and titles, and :func:`analyse_page`;
the names those modules define are importable from here as before.

Pure: no I/O, no Qt, no storage; the same text gives the same structure.
"""

from __future__ import annotations

import re

from ._articles import (  # noqa: F401  (the tuned numbers and step 3's helpers: still importable from here)
    AFTER_INTERTITLE,
    FIT,
    GUESSES,
    HEAD_BLOCKS,
    MU,
    ROUNDS,
    SIM_WEIGHT,
    STAY_JOIN,
    SWITCH,
    SWITCH_AFTER_CUT,
    WINDOW,
    _assign_articles,
    _emission,
    _grams,
    _guess,
    _next_body,
    _Profiles,
    _refine,
    _viterbi,
)
from ._roles import _assign_roles, _headline_or_intertitle  # noqa: F401  (still importable from here)
from ._segment import (  # noqa: F401  (step 1's helpers: still importable from here)
    _balanced_quotes,
    _Block,
    _blocks,
    _classify_line,
    _is_byline_line,
    _is_caption,
    _Line,
    _lines,
    _title_like,
)
from ._text import (  # noqa: F401  (character classes and patterns: still importable from here)
    _AFTER_NUMBER,
    _BYLINE_LINE,
    _CAPTION_END,
    _CAPTION_START,
    _CLOSERS,
    _COLUMN_TAG,
    _DANGLING,
    _EDITOR_NOTE,
    _END_PUNCT,
    _HAN,
    _INLINE_BYLINE,
    _MID_START,
    _NAME_RE,
    _NUMBER_END,
    _ROLE_RE,
    _ROLE_WORDS,
    _SECTION_CODE,
    _SPACE,
    _TITLE_BAD_END,
    _WORDCH,
    _ends_cut,
    _is_wordish,
    _number_runs_on,
    _starts_mid,
)
from .structure import Article, Block, Credit, Gap, Join, PageStructure, SectionLabel


# ---- step 4: joins, gaps, credits --------------------------------------------------------------


def _credits(text: str, b: _Block, caption: bool) -> list[Credit]:
    s = text[b.start : b.end]
    base = b.start
    if caption:
        m = re.search(r"([\u3400-\u9fff·]{2,4}(?:\s+[\u3400-\u9fff·]{2,4})*)\s*摄(?:影)?\s*[）)]?\s*$", s)
        if not m:
            return []
        out = []
        for nm in re.finditer(r"[\u3400-\u9fff·]{2,4}", m.group(1)):
            name = nm.group(0)
            for w in ("本报记者", "记者", "新华社"):
                if name.startswith(w):
                    name = ""
            if name:
                out.append(Credit(base + m.start(1) + nm.start(), base + m.start(1) + nm.end(), name, "photographer"))
        return out
    # inside the parentheses of an inline byline, else the whole line
    inner_start = 0
    m = re.search(r"[（(]([^（()）]+)[）)]", s)
    if b.role == "byline" and m and not _BYLINE_LINE.match(s.lstrip("◎●○◆■□▲△★☆· ")):
        inner_start = m.start(1)
        s_in = m.group(1)
    else:
        s_in = s
    out: list[Credit] = []
    role: str | None = None
    pending: list[tuple[int, int, str]] = []
    for tok in re.finditer(_ROLE_WORDS + r"|(?P<name>" + _NAME_RE.pattern + r")", s_in):
        t = tok.group(0)
        if tok.group("name") is None:
            if t in ("摄", "摄影"):
                for st, en, nm in pending:
                    out.append(Credit(base + inner_start + st, base + inner_start + en, nm, "photographer"))
                pending = []
                role = None
                continue
            for st, en, nm in pending:  # names before any role word: the paper's correspondents
                out.append(Credit(base + inner_start + st, base + inner_start + en, nm, "correspondent"))
            pending = []
            role = "correspondent" if "通讯员" in t else ("photographer" if "摄影" in t else "reporter")
            continue
        if len(t) < 2 or len(t) > 6 or t in ("本报", "日报", "报道"):
            continue
        if t.endswith("讯") or t.endswith("电"):
            continue
        if role is None:
            pending.append((tok.start(), tok.end(), t))
        else:
            out.append(Credit(base + inner_start + tok.start(), base + inner_start + tok.end(), t, role))
    for st, en, nm in pending:
        out.append(Credit(base + inner_start + st, base + inner_start + en, nm, "reporter" if not out else "correspondent"))
    return out


def _title(text: str, heads: list[_Block]) -> str:
    parts: list[str] = []
    for h in heads:
        t = "".join(x.strip(_SPACE) for x in text[h.start : h.end].split("\n"))
        parts.append(t)
    out = ""
    for p in parts:
        if out and not out.endswith(("：", ":", "——", "—")):
            out += " "
        out += p
    return out


def title_of(text: str, blocks: list[Block] | tuple[Block, ...]) -> str:
    """An article's title: its headline blocks, lines joined; else the start of its first block."""
    heads = [b for b in blocks if b.role == "headline"]
    if heads:
        return _title(text, heads)  # type: ignore[arg-type]
    if not blocks:
        return ""
    first = min(blocks, key=lambda b: b.start)
    return " ".join(text[first.start : first.end].split())[:30]


def credits_of(text: str, block: Block) -> list[Credit]:
    """The names a byline (reporters, correspondents) or a caption (photographers) credits."""
    if block.role not in ("byline", "caption"):
        return []
    b = _Block(block.start, block.end, "byline", text[block.start : block.end], role=block.role)
    return _credits(text, b, caption=block.role == "caption")


def make_article(text: str, blocks: list[Block]) -> Article:
    """An article from its blocks: captions after the rest (in page order), title and credits derived."""
    ordered = sorted((b for b in blocks if b.role != "caption"), key=lambda b: b.start) + sorted(
        (b for b in blocks if b.role == "caption"), key=lambda b: b.start
    )
    credits: list[Credit] = []
    for b in ordered:
        if b.role == "byline":
            credits.extend(credits_of(text, b))
    for b in ordered:
        if b.role == "caption":
            credits.extend(credits_of(text, b))
    return Article(title_of(text, ordered), tuple(ordered), tuple(credits))


def analyse_page(text: str) -> PageStructure:
    """The structure of one page's text (see the module docstring). Never raises on text."""
    blocks = _blocks(text)
    if not blocks:
        return PageStructure(articles=())
    _assign_roles(blocks)
    total = _assign_articles(blocks)
    labels = tuple(SectionLabel(b.start, b.end, b.text) for b in blocks if b.role == "label")
    members: list[list[_Block]] = [[] for _ in range(total)]
    for b in blocks:
        if b.role != "label" and b.article >= 0:
            members[b.article].append(b)
    joins: list[Join] = []
    gaps: list[Gap] = []
    articles: list[Article] = []
    for mem in members:
        if not mem:
            continue
        body = [b for b in mem if b.role == "body"]
        for x, y in zip(body, body[1:] + [None]):  # type: ignore[operator]
            if not _ends_cut(x.text):
                continue
            if y is None or not _number_runs_on(x.text, y.text):
                gaps.append(Gap(x.end))
                continue
            to = y.start
            if text[x.end - 1 : x.end] == text[y.start : y.start + 1] and _HAN.match(text[y.start]):
                to = y.start + 1  # the column repeated the character it was cut at
            joins.append(Join(x.end, to))
        articles.append(make_article(text, [Block(b.start, b.end, b.role) for b in mem]))
    articles.sort(key=lambda a: min(b.start for b in a.blocks))
    return PageStructure(tuple(articles), labels, tuple(sorted(joins, key=lambda j: j.from_)), tuple(gaps))
