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

Pure: no I/O, no Qt, no storage; the same text gives the same structure.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .structure import Article, Block, Credit, Gap, Join, PageStructure, SectionLabel

# ---- character classes -------------------------------------------------------------------------

_SPACE = " \t\u3000\u00a0\r\ufeff"
_END_PUNCT = set("。！？!?…；;")
_CLOSERS = set("”’」』）)》〉】\"'")
_TITLE_BAD_END = set("。！？!?；;，,、")
# characters that end a fragment rather than a title: particles, prepositions, conjunctions
_DANGLING = set("的了着过是和与及或在从对向把被将为以并而且但也都就又还使让给由于其之所等个各每该这那地得")
# characters that rarely open a sentence: the block continues one cut above
_MID_START = set("的了着过和与及或等之也都就而并且但其所于个次年月日号元万亿名位家项条件种批座台辆吨米倍期届轮场，、。；：！？”’）》,.;:!?)%")
_HAN = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffff]")
_WORDCH = re.compile(r"[\u3400-\u9fff\U00020000-\U0002ffffA-Za-z0-9]")

_ROLE_WORDS = (
    "本报特派记者|本报特约记者|本报实习记者|本报见习记者|本报记者|本报通讯员|特派记者|特约记者|实习记者|"
    "见习记者|摄影记者|记者|特约通讯员|通讯员|摄影|摄"
)
_ROLE_RE = re.compile(_ROLE_WORDS)
_BYLINE_LINE = re.compile(
    r"^[◎●○◆■□▲△★☆·]?\s*[（(]?\s*(本报(特派|特约|实习|见习)?记者|本报通讯员|(特约|特派|实习|见习|摄影)?记者|(特约)?通讯员)"
)
# a paragraph that opens with a dateline and/or a parenthesised byline
_INLINE_BYLINE = re.compile(
    r"^(?:(?P<dateline>[^\s（()。，]{2,24}?(?:讯|电))\s*(?P<paren>[（(][^（()）]{1,48}[）)])?"
    r"|(?P<paren_only>[（(][^（()）]{0,8}(?:记者|通讯员)[^（()）]{1,40}[）)]))"
)
_CAPTION_END = re.compile(r"(供图|摄|摄影|新华社发|新华社记者\S{2,4}摄|资料图片|图片来源[:：]\S+|视觉中国|人民视觉)\s*[）)]?\s*$")
_CAPTION_START = re.compile(r"^\s*(图为|上图|下图|左图|右图|图[①-⑩0-9一二三四五六]|图：|图:)")
# a column's name after a headline: …（人民论坛）, …（经济新方位·对话）
_COLUMN_TAG = re.compile(r"[（(][^（()）、，]{2,12}[）)]$")
# the page's editors, a mailbox for the column: a line of the article above, never a kicker
_EDITOR_NOTE = re.compile(r"^(本期|本版|本栏|栏目)(统筹|策划|编辑|责编|主编|投稿邮箱|邮箱)\s*[:：]")
_SECTION_CODE = re.compile(r"^[A-Za-z]\s+\S{1,8}$")
_NAME_RE = re.compile(r"(?:(?!" + _ROLE_WORDS + r")[\u3400-\u9fff·])+")


def _is_wordish(ch: str) -> bool:
    return bool(_WORDCH.match(ch))


# ---- step 1: lines and blocks ------------------------------------------------------------------


@dataclass
class _Line:
    start: int
    end: int
    blanks_before: int  # blank lines directly above


@dataclass
class _Block:
    start: int
    end: int
    kind: str  # title | byline | caption | body | label
    text: str
    lines: int = 1
    blanks_before: int = 0
    role: str = "body"
    article: int = -1
    credits: list[Credit] = field(default_factory=list)


def _lines(text: str) -> list[_Line]:
    out: list[_Line] = []
    pos = 0
    blanks = 0
    n = len(text)
    while pos <= n:
        nl = text.find("\n", pos)
        end = n if nl < 0 else nl
        s, e = pos, end
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s == e:
            blanks += 1
        else:
            out.append(_Line(s, e, blanks))
            blanks = 0
        if nl < 0:
            break
        pos = nl + 1
    return out


def _balanced_quotes(s: str) -> bool:
    return s.count("“") == s.count("”") and s.count("（") == s.count("）") and s.count("《") == s.count("》")


def _title_like(s: str) -> bool:
    """Short, no full stop, no dangling particle, no long clause list."""
    core = re.sub(r"\s+", "", s)
    if not core or len(core) > 34:
        return False
    if core[-1] in _TITLE_BAD_END or "。" in core[:-1] or "；" in core:
        return False
    if core[-1] in _DANGLING and len(core) > 3:
        return False
    if core[0] in "（(" and core[-1] in "）)":  # a note: (作者为…), (摘编自…)
        return False
    if (("，" in core and len(core) > 18) or ("、" in core and len(core) > 26)) and core[-1] not in "”）》":
        return False
    if re.match(r"^(\d+年|\d+月|近日|日前|目前|今年|去年|如今|当前|此外|同时)", core) and "，" in core:
        return False  # a sentence's opening, cut by a column break
    if not _HAN.search(core):
        return False
    return True


def _is_caption(s: str) -> bool:
    return bool(_CAPTION_END.search(s) or _CAPTION_START.match(s))


def _is_byline_line(s: str) -> bool:
    if s.endswith("。"):
        return False
    if s[:1] in "（(" and s[-1:] in "）)" and len(s) <= 90 and re.search(r"作者|记者|通讯员", s):
        return True  # (作者为…，本报记者X整理), (本报…电 记者X)
    return len(s) <= 48 and bool(_BYLINE_LINE.match(s)) and "手记" not in s  # ■记者手记 heads a column


def _classify_line(text: str, line: _Line) -> str:
    s = text[line.start : line.end]
    if _is_byline_line(s):
        return "byline"
    if _is_caption(s) and len(s) <= 200:
        return "caption"
    if _title_like(s):
        return "title"
    return "body"


def _blocks(text: str) -> list[_Block]:
    lines = _lines(text)
    blocks: list[_Block] = []
    for i, ln in enumerate(lines):
        kind = _classify_line(text, ln)
        in_group = i > 0 and ln.blanks_before == 0
        last = blocks[-1] if blocks else None
        if in_group and last is not None and last.lines < 3 and last.kind in ("title", "body") and kind in ("title", "body"):
            # a title broken over lines: each line may look like a fragment (…， / …和), not the whole
            joined = last.text.replace("\n", "") + text[ln.start : ln.end]
            if (kind == "title" and last.kind == "title") or _title_like(joined):
                last.end = ln.end
                last.text = text[last.start : last.end]
                last.lines += 1
                last.kind = "title"
                continue
        blocks.append(_Block(ln.start, ln.end, kind, text[ln.start : ln.end], 1, ln.blanks_before))
    # a paragraph opening with a byline: split it into byline + body
    out: list[_Block] = []
    for b in blocks:
        if b.kind == "body":
            m = _INLINE_BYLINE.match(b.text)
            if m:
                paren = m.group("paren") or m.group("paren_only")
                dateline = m.group("dateline")
                ok = bool(paren and re.search(r"记者|通讯员|实习|特约", paren)) or bool(
                    dateline and re.search(r"(本报|日报|新华社|晚报|时报|社)\S*(讯|电)$", dateline)
                )
                cut = len(m.group(0).rstrip())
                if ok and cut < len(b.text):
                    body_start = b.start + cut
                    while body_start < b.end and text[body_start].isspace():
                        body_start += 1
                    out.append(_Block(b.start, b.start + cut, "byline", text[b.start : b.start + cut], 1, b.blanks_before))
                    out.append(_Block(body_start, b.end, "body", text[body_start : b.end], 1, 0))
                    out[-2].role = "inline"
                    continue
        out.append(b)
    return out


# ---- step 2: roles -----------------------------------------------------------------------------


def _ends_cut(s: str) -> bool:
    """A body text that stops inside a sentence."""
    s = s.rstrip(_SPACE)
    if not s:
        return False
    last = s[-1]
    if last in _END_PUNCT:
        return False
    if last in _CLOSERS:
        # 。” closes a sentence; a bare ” after a word may close a name in mid-sentence
        return len(s) >= 2 and s[-2] not in _END_PUNCT and s[-2] not in _CLOSERS
    return True


# a number cut before its unit: the next column goes on with the unit (4亿 | 元), a quantity word or
# punctuation; a paragraph opening with another word (4亿 | 管网建设…) is not its continuation
_NUMBER_END = re.compile(r"[0-9０-９][0-9０-９.,]*[十百千万亿]?$")
_AFTER_NUMBER = set(
    "元角分吨斤克亩户人个家项次件名位台辆米尺寸公千百万亿平立美欧英港日韩卢镑只头匹条座所栋套张份本部架艘棵株片批种场届期年月号天时秒倍度余多来点成"
    "%％‰，、。；：！？）)”’…-—～~"
)


def _number_runs_on(x: str, y: str) -> bool:
    """False where x stops on a bare number and y cannot be the rest of its quantity."""
    if not _NUMBER_END.search(x.rstrip(_SPACE)):
        return True
    first = y.lstrip(_SPACE)[:1]
    return not first or first in _AFTER_NUMBER or not _is_wordish(first) or first.isdigit()


def _starts_mid(s: str) -> bool:
    return bool(s) and s[0] in _MID_START


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


# Tuned on generated pages of 2026-01-27 and 2026-01-28 (tests/bench/score_pages.py).
FIT = 0.06  # share of a run's page-shared n-grams an open article must hold for a title to be its intertitle
HEAD_BLOCKS = 2  # a headline: a kicker and a title at most
GUESSES = (1, 2, 3)  # first guesses (paragraphs trusted under each headline); the best-scoring reading is kept
ROUNDS = 5  # Viterbi rounds (each with the articles of the round before)


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


# ---- step 3: articles --------------------------------------------------------------------------


def _grams(s: str) -> Counter[str]:
    """Character bigrams and trigrams inside runs of word characters."""
    c: Counter[str] = Counter()
    for run in re.findall(r"[\u3400-\u9fff\U00020000-\U0002ffffA-Za-z0-9·]+", s):
        for n in (2, 3):
            for i in range(len(run) - n + 1):
                c[run[i : i + n]] += 1
    return c


class _Profiles:
    """Per-block n-gram counts and the page's background model."""

    def __init__(self, blocks: list[_Block]) -> None:
        self.vecs = [_grams(b.text) for b in blocks]
        self.page: Counter[str] = Counter()
        for v in self.vecs:
            self.page.update(v)
        self.total = max(1, sum(self.page.values()))
        self._cache: dict[int, tuple[list[tuple[str, int, float, float]], float, int, int]] = {}

    def fit(self, run: Counter[str], counts: Counter[str]) -> float:
        """Share of a text's n-grams found elsewhere on the page that an article holds (idf-weighted)."""
        num = den = 0.0
        for g, c in run.items():
            elsewhere = self.page[g] - c
            if elsewhere <= 0:
                continue
            w = math.log(self.total / self.page[g])
            den += w
            if counts.get(g):
                num += w
        return num / den if den else 0.0

    def _prepared(self, k: int) -> tuple[list[tuple[str, int, float, float]], float, int, int]:
        """Block k's n-grams seen elsewhere on the page: (gram, count, MU·bg, log(MU·bg)), the
        sum of count·(log(MU·bg) − log bg), their count, and the block's total count."""
        got = self._cache.get(k)
        if got is None:
            v = self.vecs[k]
            own_total = sum(v.values())
            rest_total = max(1, self.total - own_total)
            items = []
            base = 0.0
            n = 0
            for g, c in v.items():
                elsewhere = self.page[g] - c
                if elsewhere <= 0:
                    continue
                bg = elsewhere / rest_total
                mb = MU * bg
                lmb = math.log(mb)
                items.append((g, c, mb, lmb))
                base += c * (lmb - math.log(bg))
                n += c
            got = self._cache[k] = (items, base, n, own_total)
        return got

    def score(self, k: int, counts: Counter[str], size: int, own: bool) -> float:
        """Log-likelihood ratio of block k under an article's model (Dirichlet-smoothed towards
        the page) against the page's, per gram: Σ c·log((c_a + MU·bg) / ((N_a + MU)·bg))."""
        items, base, n, own_total = self._prepared(k)
        if own:
            size -= own_total
        out = base - n * math.log(size + MU)
        get = counts.get
        for g, c, mb, lmb in items:
            cs = get(g)
            if cs:
                if own:
                    cs -= c
                    if cs <= 0:
                        continue
                out += c * (math.log(cs + mb) - lmb)
        return out / math.sqrt(n + 1)


MU = 700.0  # Dirichlet smoothing of an article's n-gram model towards the page's
SWITCH = 5.0  # cost of going to another article between two paragraphs
SWITCH_AFTER_CUT = 2.0  # … after a sentence cut by a column break, or before a paragraph that starts mid-sentence
STAY_JOIN = 3.0  # … when a cut sentence is followed by a paragraph that starts mid-sentence
SIM_WEIGHT = 1.0
AFTER_INTERTITLE = 1.5  # a column rarely ends right under an intertitle
WINDOW = 10  # a block continues one of the last articles opened (a page holds a dozen at most)


def _assign_articles(blocks: list[_Block]) -> int:
    """Give every block but section labels an article index; returns the number of articles."""
    n = len(blocks)
    # headline groups open articles
    n_art = 0
    opens: dict[int, int] = {}
    i = 0
    while i < n:
        if blocks[i].role == "headline":
            j = i
            while j + 1 < n and blocks[j + 1].role == "headline":
                j += 1
            for k in range(i, j + 1):
                opens[k] = n_art
            n_art += 1
            i = j + 1
        else:
            i += 1
    has_preamble = any(b.role not in ("label",) for b in blocks[: min(opens) if opens else n])
    offset = 1 if has_preamble else 0
    total = n_art + offset
    if total == 0:
        return 0
    for k in opens:
        opens[k] += offset

    # units in order: everything but labels; captions follow the article of the block above
    order = [k for k in range(n) if blocks[k].role != "label"]
    prof = _Profiles(blocks)

    # first guesses: each block to the last opened article, stopping at an evident column break
    # (or after the first paragraphs under a headline); each is refined by rounds of Viterbi and
    # the reading that explains the page best is kept
    best: tuple[float, dict[int, int]] | None = None
    for trust in GUESSES:
        got = _refine(blocks, order, opens, total, prof, _guess(blocks, order, opens, has_preamble, trust))
        if best is None or got[0] > best[0] + 1e-9:
            best = got
    assert best is not None
    assign = best[1]
    for k, a in assign.items():
        blocks[k].article = a
    return total


def _guess(blocks: list[_Block], order: list[int], opens: dict[int, int], has_preamble: bool, trust: int) -> dict[int, int]:
    """Each block to the last opened article, up to an evident column break or ``trust`` paragraphs."""
    current = 0 if has_preamble else -1
    guess: dict[int, int] = {}
    broken = False
    taken = 0
    for k in order:
        if k in opens:
            current = opens[k]
            broken = False
            taken = 0
        if current < 0:
            current = 0
        b = blocks[k]
        if not broken:
            guess[k] = current
        if b.role == "body":
            taken += 1
            if taken >= trust:  # the column may end anywhere: trust only the top of a run
                broken = True
            nxt = _next_body(blocks, k)
            if _ends_cut(b.text) and (nxt is None or not _starts_mid(blocks[nxt].text)):
                broken = True
            elif nxt is not None and _starts_mid(blocks[nxt].text) and not _ends_cut(b.text):
                broken = True
    return guess


def _refine(
    blocks: list[_Block], order: list[int], opens: dict[int, int], total: int, prof: _Profiles, assign: dict[int, int]
) -> tuple[float, dict[int, int]]:
    """Rounds of Viterbi, each with the articles of the round before; the last path and its score."""
    value = -math.inf
    for _round in range(ROUNDS):
        profiles: list[Counter[str]] = [Counter() for _ in range(total)]
        for k, a in assign.items():
            profiles[a].update(prof.vecs[k])
        new, value = _viterbi(blocks, order, opens, total, profiles, prof, assign)
        if new == assign:
            break
        assign = new
    return value, assign


def _next_body(blocks: list[_Block], k: int) -> int | None:
    for j in range(k + 1, len(blocks)):
        if blocks[j].role == "body":
            return j
        if blocks[j].role in ("headline", "label"):
            return None
    return None


def _viterbi(
    blocks: list[_Block],
    order: list[int],
    opens: dict[int, int],
    total: int,
    counts: list[Counter[str]],
    prof: _Profiles,
    assign: dict[int, int],
) -> tuple[dict[int, int], float]:
    NEG = -1e9
    sizes = [sum(c.values()) for c in counts]
    opened = 0 if (opens and order[0] in opens) else 1  # a preamble is article 0
    score: list[float] = [NEG] * total
    back: list[list[int]] = []
    prev_body: int | None = None
    prev_k: int | None = None
    for k in order:
        b = blocks[k]
        bp = list(range(total))
        new = [NEG] * total
        if k in opens:
            a = opens[k]
            opened = max(opened, a + 1)
            if prev_k is None:
                new[a] = 0.0
            elif prev_k in opens and opens[prev_k] == a:
                new[a] = score[a]
                bp = [a] * total
            else:
                best = max(range(total), key=lambda x: score[x])
                new[a] = score[best]
                bp = [best] * total
            score = new
            back.append(bp)
            prev_k = k
            continue
        if prev_k is None:
            new[0] = _emission(k, 0, counts, sizes, prof, assign)
            score = new
            back.append(bp)
            prev_k = k
            if b.role == "body":
                prev_body = k
            continue
        sticky = b.role in ("caption", "byline")
        switch = SWITCH * AFTER_INTERTITLE if blocks[prev_k].role == "intertitle" else SWITCH
        if b.role == "body" and prev_body is not None:
            pb = blocks[prev_body]
            cut = _ends_cut(pb.text)
            mid = _starts_mid(b.text) or (cut and pb.text.rstrip()[-1:] == b.text[:1])
            if cut and mid:
                switch = STAY_JOIN
            elif cut or mid:
                switch = SWITCH_AFTER_CUT
        low = max(0, opened - WINDOW)
        for s in range(low, opened):
            if sticky:
                cand, arg = score[s], s
            else:
                cand, arg = score[s], s
                for p in range(low, opened):
                    if p != s and score[p] - switch > cand:
                        cand, arg = score[p] - switch, p
            if cand <= NEG / 2:
                continue
            emit = 0.0 if b.role == "caption" else _emission(k, s, counts, sizes, prof, assign)
            new[s] = cand + emit
            bp[s] = arg
        score = new
        back.append(bp)
        prev_k = k
        if b.role == "body":
            prev_body = k
    s = max(range(total), key=lambda x: score[x])
    value = score[s]
    result: dict[int, int] = {}
    for idx in range(len(order) - 1, -1, -1):
        result[order[idx]] = s
        s = back[idx][s]
    return result, value


def _emission(k: int, s: int, counts: list[Counter[str]], sizes: list[int], prof: _Profiles, assign: dict[int, int]) -> float:
    return SIM_WEIGHT * prof.score(k, counts[s], sizes[s], assign.get(k) == s)


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
