"""Character classes and text patterns of a newspaper page, shared by the steps of
:func:`reader.pages.analyse.analyse_page`: what ends a sentence or a title, what dangles, the
forms of bylines, captions, column tags, editors' notes and section codes, and whether a body
text stops inside a sentence (cut by a column break) and how the next one may go on with it.
"""

from __future__ import annotations

import re

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


# ---- sentence cuts ----------------------------------------------------------------------------


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
