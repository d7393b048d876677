"""Credit rule of the merger: a medium named in a credit or footer line (©央视新闻, （来源：X）,
X微信公众号, 下载X APP) is an ORG (:func:`media_credits`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from reader.core.model import Origin, Span

from .common import CAPTION_WORDS, SpanLayer, _compiled, _crosses_break, _trim

_CREDIT_NAME = r"([^\s（）()【】，。、；：:|｜©]{2,12}?)"
_CREDITS: tuple[Callable[[], re.Pattern[str]], ...] = (
    _compiled(r"((?:[\u4e00-\u9fff] ){1,5}[\u4e00-\u9fff]) 版 权 所 有"),  # 人 民 网 版 权 所 有
    _compiled(r"©[ \u00a0]?([^\s©，。；|｜]{2,12})(?=\s|$)"),  # ©央视新闻
    _compiled(r"[（(]来源[：:][ \u00a0]?([^（）()，。；：:|｜\n]{2,12})[）)]"),  # （来源：IT 之家）
    _compiled(r"来源[：:][ \u00a0]?" + _CREDIT_NAME + r"(?:官方)?微信公众号"),
    _compiled(r"关注" + _CREDIT_NAME + r"(?:官方)?微信公众号"),
    _compiled(r"微信公众号[：:][ \u00a0]?" + _CREDIT_NAME + r"[（(]微信号"),
    _compiled(r"下载" + _CREDIT_NAME + r"[ \u00a0]?APP"),
    _compiled(r"(?:^|\n)出品[ \u00a0]?[|｜][ \u00a0]?([^\n|｜]{2,12})(?=\n)"),
)
"""Media named in credits and footers: a letter-spaced copyright line (人 民 网 版 权 所 有), ©X,
（来源：X）, X微信公众号, 下载X APP, 出品|X."""
_CREDIT_HINT = re.compile("版 权|©|来源|公众号|APP|出品")
"""What every credit pattern holds (a text without any needs no look at them)."""
_NOT_CREDIT = ("图", "公告", "网络", "网友", "受访", "官网", "资料", "截图", "记者", "本报", "作者", "招股书")


def media_credits(text: str, spans: list[Span]) -> list[Span]:
    """A medium named in a credit or footer line is an ORG, over whatever the model had there
    (the same footer closes every article of a source: ©央视新闻, 关注爱范儿官方微信公众号)."""
    if _CREDIT_HINT.search(text) is None:
        return spans
    found: list[Span] = []
    for rx in _CREDITS:
        for m in rx().finditer(text):
            s, e = _trim(text, m.start(1), m.end(1))
            w = text[s:e]
            if e - s < 2 or w in CAPTION_WORDS or any(k in w for k in _NOT_CREDIT) or _crosses_break(text, s, e):
                continue
            found.append(Span(s, e, "ORG", Origin.MODEL))
    if not found:
        return spans
    layer = SpanLayer(spans, by_label=True)
    for n in found:
        at = layer.overlapping(n.start, n.end)
        hit = [layer.spans[k] for k in at]
        if len(hit) == 1 and (hit[0].start, hit[0].end, hit[0].label) == (n.start, n.end, n.label):
            continue
        if any(sp.start < n.start or sp.end > n.end for sp in hit if sp.label == "ORG"):
            continue  # a longer organisation's name stays
        layer.replace(at, n)
    return layer.spans
