"""Step 1 of :func:`reader.pages.analyse.analyse_page`: a page's text into lines and blocks.

Non-blank lines that follow each other form a group; short title-like lines that follow each
other are one block, every other line a block of its own; a paragraph that opens with a byline is
split into a byline block and a body block. Also the :class:`_Block` the later steps work on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ._text import _BYLINE_LINE, _CAPTION_END, _CAPTION_START, _DANGLING, _HAN, _INLINE_BYLINE, _TITLE_BAD_END
from .structure import Credit

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
