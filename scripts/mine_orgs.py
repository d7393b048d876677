"""Mine a list of modern organisation names from the news2026 corpus tagged by the pipeline
(``scripts/pseudo_news.py``, which leaves the dev set's articles out).

    python scripts/mine_orgs.py --pseudo W/news-pseudo.jsonl --out resources/ner/organisations.txt

A name is kept when it was tagged (with any label) at least ``--min-count`` times and

1. the tagger called it ORG at least 70% of the time and it is not a 1998 lexicon place, or
2. the corpus also writes it before a company word (X公司, X集团, X汽车, X科技, X股份, X控股,
   X银行, X证券) at least twice, and it is no word, place or person name of the 1998 lexicon:
   a company's short name the 1998-trained model takes for a person or a place (特斯拉, 英伟达), or
3. it is a short name the text defines for an organisation named in full just before
   (……有限公司（以下简称“X”）; not a report's, a plan's or a road's short name), or
4. it is written before company context words (市值, CEO, 股价…), bounded by the text, or
5. it is a medium named as a source (来源：X), or
6. it is written in business and financial contexts (X研报, X分析师, X首席经济学家, X旗下, X董事长,
   据X估算, 美国X…) in at least ``--min-count`` places of two or more articles, or listed with
   known organisations (甲银、乙银、X) in two lists, is no 1998 lexicon word, and the text
   rarely names it as a person (CEO X, X说).

The merger uses the list (reader.extract.merge.known_organisations): an occurrence replaces the
model spans inside it and fills gaps, but never cuts a longer name the model found.
"""

from __future__ import annotations

import argparse
import collections
import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from reader.extract.merge import _SURNAMES as SURNAMES  # noqa: E402

COMPANY_WORDS = ("公司", "集团", "汽车", "科技", "股份", "控股", "银行", "证券")
CONTEXT_WORDS = (
    "股价", "市值", "财报", "创始人", "首席执行官", "CEO", "董事长", "总裁", "官方", "官网", "员工", "营收", "门店",
    "股东", "估值", "的股票", "公司", "集团", "股份", "控股",
)
"""Words that follow a company's name and rarely a person's or a place's (英伟达市值, 星巴克CEO)."""
FUNCTION_CHARS = set("的了在从于其使以已能将用约该这那些位种个们年月日季度全总者之所并而且被把向对给求涉投显联母子老内期前后")
NOT_CREDIT = ("图库", "截图", "公告", "官网", "官方", "公众号", "图片", "资料", "网络", "受访者", "摄影", "试用", "招股书", "报告", "财报")
SOURCE_LIST = re.compile(r"(?:[\u4e00-\u9fffA-Za-z0-9]{2,8}/)+[\u4e00-\u9fffA-Za-z0-9]{2,8}$")
CREDIT = re.compile(r"(?:(?:图片|文章|消息|内容)?来源|图源|转载自)[:：]\s*([\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?=\s*(?:[）)|｜，。；\n]|报道|消息|$))")
RIGHT_EDGE = set("，。、；：！？“”‘’《》（）()[]【】 \t\n的与和及在等将已也是为于对称表宣发推旗")
LEFT_EDGE = set("，。、；：！？“”‘’《》（）()[]【】 \t\n的与和及在由据对被向将从是为如等即或")
DEFINED = re.compile(r"[（(](?:以下)?简称[“\"]([^”\"，。（）()]{2,8})[”\"][）)]")
HEADS = ("公司", "集团", "团队", "总部", "小院", "中心", "基金", "机构", "部门", "平台", "企业", "银行", "媒体")
"""A common word or place before one of these is a description, not a name (上市公司, 欧洲总部)."""
KINDS = ("品牌", "头部", "龙头", "上市", "母", "子", "关联", "合资", "独资", "竞争对手", "同类", "相关")
"""Words for a kind or rank of company: a phrase ending in one of these and a head (……重回品牌公司,
赛道头部公司, 谷歌母公司) is a description, however often the tagger called it ORG."""


def _description(w: str, old: dict[str, int]) -> bool:
    """``w`` ends in a head (公司, 中心…) after a common word, a place, or a kind of company."""
    for h in HEADS:
        if w.endswith(h):
            x = w[: -len(h)]
            return x in old or x in GENERIC or len(x) == 1 or x.endswith(KINDS)
    return False
GENERIC = set("大事件 报告 外媒 微信 微博 抖音 淘宝 支付宝 小红书 十八大 十九大 二十大 " "公司 集团 银行 证券 基金 中心 研究院 委员会 政府 国务院 有关部门 监管部门 交易所 企业 平台 品牌 车企 "
              "实验室 大学 学院 医院 协会 联盟 理事会 董事会 管委会 党委 研究所 科技 汽车 团队 官方 AI".split())


PRODUCT_NOUNS = re.compile(r"\s*(?:[0-9]+\s*)?(?:人形机器人|机器人|手机|芯片|模型|大模型|系统|平台|应用|App|汽车|车型|眼镜|耳机|平板|电脑|笔记本|助手)")


def _plausible(w: str, corpus: str) -> bool:
    """Not a piece of a longer Latin word (Dec of Deck), a stray Latin token, nor a product name
    (Optimus 机器人: followed by a product noun in a third of its occurrences)."""
    if re.fullmatch(r"[A-Za-z0-9 .&-]+", w):
        if len(w) < 3 or not w[0].isupper():
            return False
        hits = list(re.finditer(rf"(?<![A-Za-z]){re.escape(w)}(?![A-Za-z])", corpus))
        if len(hits) < 0.9 * corpus.count(w):
            return False
        products = sum(1 for m in hits if PRODUCT_NOUNS.match(corpus, m.end()))
        return products < len(hits) / 3
    return True


WORD, PER, LOC, ORG = 1, 2, 4, 8
"""Bits of the 1998 lexicon (``vocab.json``'s ``lexicon``): general word, person, place, organisation."""


def load_lexicon() -> dict[str, int]:
    return json.loads((ROOT / "resources" / "ner" / "vocab.json").read_text(encoding="utf-8"))["lexicon"]


def read_records(path: pathlib.Path) -> list[dict]:
    return [json.loads(line) for line in open(path, encoding="utf-8") if line.strip()]


DEFINED_AFTER = re.compile(
    r"(?:公司|集团|银行|协会|分会|联合会|法院|研究院|研究所|委员会|局|大学|Corporation|Corp\.?|Inc\.?|Ltd\.?|Limited|Group|Holdings|AG|SE|PLC|Plc)$"
)
"""How the full name before ``（以下简称“X”）`` ends when it is an organisation's (……有限公司), not a
report's, a plan's or a road's (……高速公路, ……意见》)."""
NOT_SHORT_NAME = ("系统", "报告", "文", "业务", "企业", "园", "区", "高速", "超")


def _defined_short_names(t: str) -> list[str]:
    """Short names the text defines for an organisation named in full just before:
    ……有限公司（以下简称“X”）."""
    out = []
    for m in DEFINED.finditer(t):
        x = m.group(1)
        if DEFINED_AFTER.search(t[max(0, m.start() - 12) : m.start()].rstrip()) and not x.endswith(NOT_SHORT_NAME):
            out.append(x)
    return out


ORG_AFTER = (
    "研报", "分析师", "首席经济学家", "经济学家", "策略师", "首席", "发布报告", "发布的报告", "报告显示", "报告称",
    "旗下", "领投", "跟投", "参投", "持股", "股票", "股东", "董事会", "董事长", "总部", "股价", "市值", "财报",
    "CEO", "首席执行官", "创始人", "总裁", "官方", "官网", "员工", "营收", "估值", "门店", "发言人", "新闻发言人",
)
"""Words after an organisation's name in business and financial news (高盛首席经济学家, 瑞银研报,
阶跃星辰董事长, 小米旗下); a person's name is also followed by some (马斯克旗下): see PERSON_CUES."""
ORG_AFTER_RE = re.compile(r"[ \u00a0]?(?:" + "|".join(map(re.escape, sorted(ORG_AFTER, key=len, reverse=True))) + ")")
REPORTED_BY = re.compile(
    r"(?:^|(?<=[，。；：！？“”（）\s根]))据(?P<x>[\u4e00-\u9fffA-Za-z0-9]{2,8}?)(?:此前|今日|昨日|昨天|近日|日前|最新)?(?:的)?"
    r"(?:研报|报告|测算|估算|预计|预测|统计|分析|报道|披露|援引)"
)
"""据X研报, 据X估算, 据X报道: a bank, a research firm or a news agency."""
PERSON_BEFORE = re.compile(
    r"(?:总统|总理|首相|部长|主席|议员|大使|教授|创始人|联合创始人|CEO|首席执行官|董事长|总裁|经理|先生|记者|通讯员|富豪|首富|夫人)[ \u00a0]?$"
)
PERSON_AFTER = re.compile(r"[ \u00a0]?(?:先生|女士|夫妇|本人|说|直言|坦言|曾说|本周|透露|在社交|在X|发帖|发文)")
"""Cues that the same surface is a person's name (CEO马斯克, 马斯克说, 马斯克在社交媒体)."""
LATIN_TOKEN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*[A-Za-z0-9]")
MEDIA_OR_PEOPLE = ("媒体", "媒", "人士", "人员", "网友", "用户", "专家", "官员", "机构", "政府", "部门", "方面", "区", "副", "兼")
NOT_IN_CANDIDATE = set("最第较更很兼亿万元")
TITLES = re.compile("|".join(map(re.escape, ORG_AFTER + ("首富", "总统", "总理", "首相", "部长", "主席", "副总", "执行", "宏观"))))
COUNTRY_BEFORE = frozenset("日本 瑞士 印度 新加坡 欧洲 台湾 北京 上海 深圳 杭州 广州".split())
"""Places after which a name may start (美国高盛, 日本软银): countries (…国) and these."""


def _left_bounded(t: str, q: int, old: dict[str, int]) -> bool:
    """A name may start at ``q``: at the start, after punctuation or a function word, or after a
    country or city of the 1998 lexicon (美国高盛)."""
    if q > 0 and old.get(t[q - 1 : q + 1], 0) & WORD:
        return False  # inside a word (对|象发行)
    if q == 0 or t[q - 1] in LEFT_EDGE:
        return not (t[q - 1 : q].isspace() and q >= 2 and t[q - 2].isdigit())  # not 100 亿美元
    for k in (2, 3):
        w = t[q - k : q] if q - k >= 0 else ""
        if old.get(w, 0) & LOC and (w.endswith("国") or w in COUNTRY_BEFORE):
            return True
    return False


def _candidate_ok(x: str, old: dict[str, int]) -> bool:
    if x in GENERIC or len(x) < 2 or x.endswith(MEDIA_OR_PEOPLE) or any(x.endswith(h) for h in HEADS):
        return False
    if re.fullmatch(r"[A-Za-z0-9 .&-]+", x):
        return any(c.isupper() for c in x) and not x.isdigit() and len(x) >= 2
    if not all(_is_name_char(c) for c in x) or re.search(r"\d", x) or any(ch in FUNCTION_CHARS for ch in x):
        return False
    if x[0] in "这该其各某一本两每此我你他她它" or x[0] in LEFT_EDGE or old.get(x, 0) & (WORD | PER | LOC | ORG):
        return False
    if NOT_IN_CANDIDATE & set(x) or TITLES.search(x):
        return False  # a number, a comparison or a title (高盛最新, 英伟达创始人兼)
    if any(old.get(x[k:], 0) & LOC for k in range(1, len(x) - 1)):
        return False  # a name and a place (诺和诺德中国)
    if any(old.get(x[i:j], 0) & ORG for i in range(len(x)) for j in range(i + 3, len(x) + 1) if j - i < len(x)):
        return False  # holds a known organisation's name: a phrase (创始团队来自清华大学)
    if any(old.get(x[:k], 0) & LOC for k in range(2, len(x) - 1)):
        return False  # a place and a name (美国高盛): the name is counted on its own
    if any(old.get(x[k:], 0) & WORD and (old.get(x[:k], 0) & WORD or x[:k] in "大小全新老总多各超") for k in range(1, len(x) - 1)):
        return False  # a description: word + word (全球科技) or 大 + word (大模型)
    return True


def _is_name_char(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff" or c.isascii() and c.isalnum()


def in_company_contexts(records: list[dict], old: dict[str, int], known: set[str], min_count: int) -> set[str]:
    """6. Names in business and financial contexts: X before ORG_AFTER words (高盛首席经济学家,
    瑞银研报, 阶跃星辰董事长, OpenAI CEO) or 据X研报/估算/报道, starting where the text shows a
    word boundary (punctuation, a function word, a country: 美国高盛); kept when seen in at least
    ``min_count`` different such places in at least two articles (see :func:`_accept`).

    7. Names listed with known organisations (高盛、摩根士丹利、瑞银): an item of a list joined
    by 、 where at least half of the other items are known organisations (``known``, the 1998
    lexicon's) and none is a person or a place of the 1998 lexicon, seen in two such lists."""
    hits: dict[str, set[tuple[str, str]]] = collections.defaultdict(set)
    listed: dict[str, set[tuple[str, str]]] = collections.defaultdict(set)
    for k, r in enumerate(records):
        t = r["text"]
        art = str(r.get("id", k))
        for m in ORG_AFTER_RE.finditer(t):
            p = m.start()
            if p > 0 and t[p - 1].isascii() and t[p - 1].isalnum() and m.group().isascii():
                continue  # inside a Latin word (xCEO)
            lat = None
            for lm in LATIN_TOKEN.finditer(t, max(0, p - 40), p):
                if lm.end() == p or lm.end() == p - 1 == m.start() and t[p].isspace():
                    lat = lm
            if lat is not None:
                before = t[max(0, lat.start() - 2) : lat.start()]
                if not re.search(r"[A-Za-z0-9&.\-][ \u00a0]?$", before):  # not the last word of a longer Latin name
                    hits[lat.group()].add((art, t[max(0, lat.start() - 6) : m.end() + 4]))
                continue
            for L in range(2, 9):
                q = p - L
                if q < 0 or not _is_name_char(t[q]) or t[q].isascii():
                    break
                if _left_bounded(t, q, old):
                    hits[t[q:p]].add((art, t[max(0, q - 6) : m.end() + 4]))
        for m in REPORTED_BY.finditer(t):
            hits[m.group("x")].add((art, t[max(0, m.start() - 6) : m.end() + 4]))
        for m in LIST.finditer(t):
            if not _left_bounded(t, m.start(), old):
                continue
            items = m.group().split("、")
            cut = next((i for i, c in enumerate(items[-1]) if c in RIGHT_EDGE), None)
            if cut is not None:
                items[-1] = items[-1][:cut]
            elif m.end() < len(t) and t[m.end()] not in RIGHT_EDGE:
                items.pop()  # the last item's end is unknown
            for i, x in enumerate(items):
                if x.isascii():
                    continue  # Latin lists are mostly products and platforms (Android、Teams)
                others = items[:i] + items[i + 1 :]
                good = sum(1 for y in others if y in known or old.get(y, 0) & ORG)
                if others and good * 2 >= len(others) and not any(old.get(y, 0) & (PER | LOC) for y in others):
                    listed[x].add((art, t[max(0, m.start() - 6) : m.end() + 4]))
    texts_joined = "\n".join(r["text"] for r in records)
    out: set[str] = set()
    for x, hs in hits.items():
        if x not in known and len(hs) >= min_count and _accept(x, hs, old, texts_joined):
            out.add(x)
    for x, hs in listed.items():
        if x not in known and x not in out and len(hs) >= 2 and _accept(x, hs, old, texts_joined):
            out.add(x)
    return out


LIST = re.compile(r"[\u4e00-\u9fffA-Za-z0-9]{2,8}(?:、[\u4e00-\u9fffA-Za-z0-9]{2,8})+")


def _accept(x: str, hs: set[tuple[str, str]], old: dict[str, int], texts_joined: str) -> bool:
    """A candidate with evidence ``hs`` (article, context) is a name when seen in two articles, no
    1998 lexicon word (:func:`_candidate_ok`), not a product's name, written as a word of its own
    in at least 30% of its occurrences (not a fragment of longer names), and the text rarely treats
    it as a person (CEO X, X说, X先生: fewer than a fifth of its contexts)."""
    if len({a for a, _ in hs}) < 2 or not _candidate_ok(x, old):
        return False
    if x.isascii() and not _plausible(x, texts_joined):
        return False
    occ = [m.start() for m in re.finditer(re.escape(x), texts_joined)]
    if x.isascii():
        occ = [i for i in occ if not (i > 0 and texts_joined[i - 1].isascii() and texts_joined[i - 1].isalnum())]
    person = sum(1 for i in occ if PERSON_BEFORE.search(texts_joined, max(0, i - 8), i) or PERSON_AFTER.match(texts_joined, i + len(x)))
    if person * 5 >= len(hs):
        return False  # a person the text also names in business contexts (马斯克旗下)
    ends = RIGHT_EDGE | set("、")
    right = sum(
        1
        for i in occ
        if i + len(x) == len(texts_joined)
        or texts_joined[i + len(x)] in ends
        or ORG_AFTER_RE.match(texts_joined, i + len(x))
        or texts_joined.startswith(COMPANY_WORDS, i + len(x))
    )
    left = sum(1 for i in occ if _left_bounded(texts_joined, i, old))
    return right >= 0.3 * len(occ) and left >= 0.3 * len(occ)


def mine(records: list[dict], old: dict[str, int], min_count: int = 3) -> set[str]:
    """The organisation names that ``records`` (``{"text", "spans", "id"?}``, the output of
    pseudo_news.py) give evidence for; ``old``: the 1998 lexicon (surface -> bits)."""
    labels: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    company: collections.Counter[str] = collections.Counter()
    defined: set[str] = set()
    texts = []
    for r in records:
        t = r["text"]
        texts.append(t)
        for s, e, lab in r["spans"]:
            w = t[s:e]
            labels[w][lab] += 1
            for cw in COMPANY_WORDS:
                if t.startswith(cw, e):
                    company[w] += 1
                    break
        defined.update(_defined_short_names(t))
    texts_joined = "\n".join(texts)
    names: set[str] = set()
    for w, c in labels.items():
        n = sum(c.values())
        if len(w) < 2 or w in GENERIC or n < min_count or any(not (ch.isalnum() or ch in " ·.&-") for ch in w):
            continue
        flags = old.get(w, 0)
        if _description(w, old):
            continue
        if flags & (WORD | ORG) or not _plausible(w, texts_joined):
            continue  # a 1998 word (报告, 联想) or organisation (the model knows those), or a fragment
        if c["ORG"] >= 0.7 * n and not flags & LOC:
            names.add(w)
        elif company[w] >= 2 and not flags & (WORD | PER | LOC) and c["ORG"] < n:
            names.add(w)
    names.update(d for d in defined if d not in GENERIC and not old.get(d, 0) & (PER | LOC))
    # 4. names written before company context words, cut where the text shows a word boundary
    before: collections.Counter[str] = collections.Counter()
    edged: collections.Counter[str] = collections.Counter()
    ctx = re.compile("|".join(map(re.escape, CONTEXT_WORDS)))
    for t in texts:
        for m in ctx.finditer(t):
            p = m.start()
            for L in range(2, 7):
                if p - L < 0:
                    break
                x = t[p - L : p]
                if not all(ch.isalnum() for ch in x):
                    break
                before[x] += 1
                if p - L == 0 or t[p - L - 1] in LEFT_EDGE:
                    edged[x] += 1
    # 5. media named as a source: 来源：X, 图片来源：X
    credits: collections.Counter[str] = collections.Counter()
    for t in texts:
        for m in CREDIT.finditer(t):
            credits[m.group(1)] += 1
        # the source list that closes a news digest item: …财联社/格隆汇/钛媒体
        m = SOURCE_LIST.search(t)
        if m is not None:
            for item in m.group(0).split("/")[1:]:
                credits[item] += 1
    for x, n in credits.items():
        media_end = x[-1] in "社网汇报刊台讯闻志" or x.endswith(("科技", "财经", "新闻"))
        if not media_end and (labels[x]["PER"] >= 0.5 * max(1, sum(labels[x].values())) or (len(x) <= 3 and x[0] in SURNAMES)):
            continue  # an author or editor in the list
        if n >= min_count and x not in GENERIC and not old.get(x, 0) and not x.endswith(NOT_CREDIT) and not x.islower():
            names.add(x)
    for x, n in before.items():
        if n < min_count or edged[x] < 0.6 * n or x in GENERIC or x[0] in "这该其各某一本两每此我你他她它":
            continue
        if old.get(x, 0) & (WORD | PER | LOC | ORG) or re.fullmatch(r"[A-Za-z0-9 .&-]+", x) and not _plausible(x, texts_joined):
            continue
        if any(x.endswith(h) for h in HEADS) or re.search(r"\d", x) or any(ch in FUNCTION_CHARS for ch in x):
            continue
        if any(old.get(x[k:], 0) & WORD and (old.get(x[:k], 0) & WORD or x[:k] in "大小全新老总多各超") for k in range(1, len(x) - 1)):
            continue  # a description: word + word (全球科技, 用于偿还) or 大 + word (大模型)
        if labels[x]["PER"] > 0.5 * sum(labels[x].values()) and n < 5:
            continue
        total = texts_joined.count(x)
        right = sum(1 for m in re.finditer(re.escape(x), texts_joined) if m.end() == len(texts_joined) or texts_joined[m.end()] in RIGHT_EDGE)
        if right < 0.2 * total:
            continue  # seldom ends where a word ends: a fragment (创办新, 印奇出任)
        names.add(x)
    names |= in_company_contexts(records, old, names, min_count)
    return names


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pseudo", type=pathlib.Path, required=True)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    records = read_records(args.pseudo)
    names = mine(records, load_lexicon(), args.min_count)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Known organisation names, mined from news2026 (January 2026 news, the dev set's articles left out)\n"
        f"# by scripts/mine_orgs.py --min-count {args.min_count} from the pipeline's tags (scripts/pseudo_news.py).\n"
        "# One name a line; the merger relabels and fills with them (reader.extract.merge.known_organisations).\n"
    )
    args.out.write_text(header + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(records)} paragraphs; {len(names)} names -> {args.out}")


if __name__ == "__main__":
    main()
