"""Newspaper pages with a known structure, laid out from real 人民日报 articles.

The articles of one date and printed page in ``../shared/corpora/news2026`` were one real page.
:func:`make_page` writes them the way text extraction from a page PDF does: the first column of
each of the top articles in turn, then their next columns; headlines broken over two lines
(a kicker on its own line); bylines in the forms papers use (``◎本报记者 X 通讯员 Y``,
``人民日报讯（记者X）``, ``（实习记者X 通讯员Y）``, the paper's own ``本报北京…电（记者X）``);
photo captions dropped into the middle of a sentence (with the empty lines an image leaves);
sentences cut by a column break, the next column sometimes repeating the character it was cut at;
a section label over the short articles at the bottom. It returns the text and the truth: every
block with its role and article, the section labels, and the joins.

The corpus is read when a page is made; nothing of it is stored in the repository.
"""

from __future__ import annotations

import json
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpora" / "news2026" / "news2026.jsonl"

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程魏苏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦傅方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉萍红娥玲芬燕彩春菊兰凤洁梅琳素云莲真环雪荣爱妹霞香月莺媛瑞凡佳嘉琼勤珍贞莉桂娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓纨仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希宁欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝思丽"
LABELS = ["要闻", "经济", "社会", "视点", "观察", "民生", "文化", "K 园镜头", "国际", "评论", "地方", "时评"]
DATELINE_CITIES = ["北京", "上海", "广州", "成都", "武汉", "西安", "杭州", "南京", "长沙", "郑州"]


@dataclass
class Truth:
    blocks: list[tuple[int, int, str, int]] = field(default_factory=list)  # start, end, role, article (-1: label)
    joins: list[tuple[int, int]] = field(default_factory=list)
    titles: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"blocks": [list(b) for b in self.blocks], "joins": [list(j) for j in self.joins], "titles": self.titles}


def load_pages(min_articles: int = 3) -> dict[tuple[str, str], list[dict]]:
    """The 人民日报 articles of the corpus by (date, printed page)."""
    pages: dict[tuple[str, str], list[dict]] = defaultdict(list)
    with CORPUS.open(encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r.get("source") == "people-daily" and r.get("page"):
                pages[(r["date"][:10], r["page"])].append(r)
    return {k: sorted(v, key=lambda r: r["id"]) for k, v in sorted(pages.items()) if len(v) >= min_articles}


def _paragraphs(text: str) -> list[str]:
    out = []
    for p in text.split("\n"):
        p = p.strip()
        if not p or re.fullmatch(r"\d{4}年\d{2}月\d{2}日.*", p):
            continue
        if p.startswith("人 民 网") or p.startswith("获取更多") or "版 权 所 有" in p:
            break
        out.append(p)
    return out


def _name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def _is_intertitle(p: str) -> bool:
    return len(p) <= 30 and p[-1] not in "。！？；：…" and "。" not in p and not p.startswith("（")


class _Writer:
    def __init__(self, blank: int = 1) -> None:
        self.blank = blank  # empty lines between paragraphs (0: none, as some extractors write)
        self.parts: list[str] = []
        self.pos = 0
        self.truth = Truth()

    def raw(self, s: str) -> None:
        self.parts.append(s)
        self.pos += len(s)

    def block(self, s: str, role: str, art: int, *, blanks: int = 1) -> tuple[int, int]:
        if self.pos:
            self.raw("\n" * ((blanks if blanks != 1 else self.blank) + 1))
        start = self.pos
        self.raw(s)
        self.truth.blocks.append((start, self.pos, role, art))
        return start, self.pos

    def text(self) -> str:
        return "".join(self.parts) + "\n"


@dataclass
class _Piece:
    """What one article puts into one column run: a list of (text, role, cont) items."""

    items: list[tuple[str, str, str]]  # text, role, how it continues: "" | "cut" | "cut-rep"


def _article_items(r: dict, rng: random.Random) -> list[tuple[str, str]]:
    paras = _paragraphs(r["text"])
    items: list[tuple[str, str]] = []
    title = r["title"].strip()
    parts = [p for p in re.split(r"\s{2,}", title) if p]
    if len(parts) >= 2 and rng.random() < 0.8:
        items.append((parts[0], "headline"))
        items.append(("".join(parts[1:]), "headline"))
    else:
        t = "".join(parts)
        if len(t) > 12 and rng.random() < 0.6:
            k = rng.randint(len(t) // 3, 2 * len(t) // 3)
            items.append((t[:k] + "\n" + t[k:], "headline"))
        else:
            items.append((t, "headline"))
    body = []
    first = True
    for p in paras:
        m = re.match(r"^((?:本报|新华社)\S{0,12}?电\s*(?:[（(][^）)]{1,40}[）)])?)\s*", p)
        if first and m:
            items.append((m.group(1), "byline@inline"))
            p = p[m.end() :]
            first = False
            body.append((p, "body"))
            continue
        if re.fullmatch(r"[（(][^（）()]*(记者|通讯员|作者)[^（）()]*[）)]", p):
            body.append((p, "byline"))
        elif _is_intertitle(p):
            body.append((p if len(p) <= 12 else p[: len(p) // 2] + "\n" + p[len(p) // 2 :], "intertitle"))
        else:
            body.append((p, "body"))
        first = False
    if not any(role.startswith("byline") for _, role in items) and not any(r == "byline" for _, r in body):
        form = rng.random()
        a, b = _name(rng), _name(rng)
        if form < 0.3:
            items.append((f"◎本报记者 {a} 通讯员 {b}", "byline"))
        elif form < 0.5:
            items.append((f"本报记者  {a}  {b}", "byline"))
        elif form < 0.7 and body and body[0][1] == "body":
            body[0] = (body[0][0], "body")
            items.append((f"人民日报讯（记者{a}）", "byline@inline"))
        elif form < 0.85 and body and body[0][1] == "body":
            items.append((f"（实习记者{a} 通讯员{b}）", "byline@inline"))
        elif body and body[0][1] == "body":
            items.append((f"本报{rng.choice(DATELINE_CITIES)}1月{rng.randint(1, 28)}日电 （记者{a}）", "byline@inline"))
    return items + body


def _caption(paras: list[str], rng: random.Random) -> str:
    src = rng.choice([p for p in paras[1:] if len(p) > 30 and "电" not in p[:20]] or paras)
    sent = re.split(r"(?<=[。！？])", src)[0][:40].rstrip("，、；：")
    if not sent.endswith("。"):
        sent += "。"
    credit = rng.choice(["本报记者 {n}摄", "{n}摄", "受访者供图", "新华社记者 {n} 摄", "", ""]).format(n=_name(rng))
    lead = rng.choice(["图为", "", ""])
    return lead + sent + credit


def make_page(articles: list[dict], seed: int = 0, *, blank: int = 1) -> tuple[str, Truth]:
    """Lay out the articles of one printed page (see the module docstring)."""
    rng = random.Random(seed)
    arts = [a for a in articles if len(_paragraphs(a["text"])) >= 1]
    rng.shuffle(arts)
    n_top = min(len(arts), rng.choice((2, 3, 3, 4)))
    by_len = sorted(range(len(arts)), key=lambda i: -len(arts[i]["text"]))
    top = sorted(by_len[:n_top])
    bottom = [i for i in range(len(arts)) if i not in top]
    order = top + bottom
    w = _Writer(blank)
    w.raw("\n\n")
    # truth article numbers follow the order in which headlines appear
    items = {i: _article_items(arts[i], rng) for i in order}
    w.truth.titles = [" ".join(t.replace("\n", "") for t, r in items[i] if r == "headline") for i in order]
    captions = {i: (_caption(_paragraphs(arts[i]["text"]), rng) if rng.random() < 0.35 else None) for i in order}

    def emit(art: int, seq: list[tuple[str, str]]) -> None:
        """Write items; body paragraphs may be cut (a column break) or hold a caption."""
        for text, role in seq:
            if role == "byline@inline":
                # the byline and the first paragraph are one line
                continue
            if role == "body" and captions.get(order[art]) and len(text) > 40 and rng.random() < 0.4:
                cap = captions[order[art]]
                captions[order[art]] = None
                k = rng.randint(10, len(text) - 10)
                s1, e1 = w.block(text[:k], "body", art)
                w.block(cap, "caption", art, blanks=3)
                s2, e2 = w.block(text[k:], "body", art)
                w.truth.joins.append((e1, s2))
                continue
            if role == "body" and len(text) > 60 and rng.random() < 0.08:
                k = rng.randint(15, len(text) - 15)
                rep = rng.random() < 0.25 and _han(text[k - 1])
                s1, e1 = w.block(text[:k], "body", art)
                s2, e2 = w.block((text[k - 1] if rep else "") + text[k:], "body", art)
                w.truth.joins.append((e1, s2 + (1 if rep else 0)))
                continue
            w.block(text, role, art)

    cut_end: dict[int, int] = {}

    def write_items(art: int, seq: list[tuple[str, str]]) -> None:
        i = 0
        while i < len(seq):
            text, role = seq[i]
            if role == "byline@inline" and i + 1 < len(seq) and seq[i + 1][1] in ("body", "body@cut"):
                line = text + seq[i + 1][0]
                if w.pos:
                    w.raw("\n" * (w.blank + 1))
                start = w.pos
                w.raw(line)
                w.truth.blocks.append((start, start + len(text), "byline", art))
                w.truth.blocks.append((start + len(text), w.pos, "body", art))
                if seq[i + 1][1] == "body@cut":
                    cut_end[art] = w.pos
                i += 2
                continue
            if role == "byline@inline":
                w.block(text, "byline", art)
            elif role == "body@cut":
                _, e = w.block(text, "body", art)
                cut_end[art] = e
            elif role in ("body@cont", "body@rep"):
                s, _ = w.block(text, "body", art)
                w.truth.joins.append((cut_end.pop(art), s + (1 if role == "body@rep" else 0)))
            else:
                emit(art, [(text, role)])
            i += 1

    # the top articles: column runs interleaved
    runs: dict[int, list[list[tuple[str, str]]]] = {}
    for pos, i in enumerate(order[:n_top]):
        seq = items[i]
        n_runs = rng.choice((2, 2, 3)) if len(seq) > 6 else 1
        n_heads = 0
        while n_heads < len(seq) and (seq[n_heads][1] == "headline" or seq[n_heads][1].startswith("byline")):
            n_heads += 1
        heads, rest = seq[:n_heads], seq[n_heads:]
        # split rest into n_runs pieces; a cut inside a paragraph continues in the next piece
        cuts = sorted(rng.sample(range(1, max(2, len(rest))), min(n_runs - 1, max(0, len(rest) - 1)))) if len(rest) > 1 else []
        pieces: list[list[tuple[str, str]]] = []
        prev = 0
        carry: tuple[str, str] | None = None
        for c in cuts + [len(rest)]:
            piece = list(rest[prev:c])
            if carry:
                piece.insert(0, carry)
                carry = None
            if c < len(rest) and piece and piece[-1][1] == "body" and len(piece[-1][0]) > 30 and rng.random() < 0.6:
                t = piece[-1][0]
                k = rng.randint(8, len(t) - 8)
                rep = rng.random() < 0.2 and _han(t[k - 1])
                piece[-1] = (t[:k], "body@cut")
                carry = ((t[k - 1] if rep else "") + t[k:], "body@rep" if rep else "body@cont")
            pieces.append(piece)
            prev = c
        pieces[0] = heads + pieces[0]
        runs[pos] = pieces
    max_runs = max((len(p) for p in runs.values()), default=0)
    for r in range(max_runs):
        for pos in range(n_top):
            if r < len(runs[pos]):
                write_items(pos, runs[pos][r])
    # the bottom articles, one after another, perhaps under a section label
    if bottom and rng.random() < 0.6:
        w.block(rng.choice(LABELS), "label", -1)
    for k, i in enumerate(order[n_top:]):
        write_items(n_top + k, items[i])
    return w.text(), w.truth


def _han(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff"
