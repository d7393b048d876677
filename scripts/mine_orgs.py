"""Mine a list of modern organisation names from the news2026 corpus tagged by the pipeline
(``scripts/pseudo_news.py``, which leaves the dev set's articles out).

    python scripts/mine_orgs.py --pseudo W/news-pseudo.jsonl --out resources/ner/organisations.txt

A name is kept when it was tagged (with any label) at least ``--min-count`` times and

1. the tagger called it ORG at least 70% of the time and it is not a 1998 lexicon place, or
2. the corpus also writes it before a company word (X公司, X集团, X汽车, X科技, X股份, X控股,
   X银行, X证券) at least twice, and it is no word, place or person name of the 1998 lexicon:
   a company's short name the 1998-trained model takes for a person or a place (特斯拉, 英伟达), or
3. it is a short name defined in the text (……有限公司（以下简称“X”）).

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


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pseudo", type=pathlib.Path, required=True)
    ap.add_argument("--out", type=pathlib.Path, required=True)
    ap.add_argument("--min-count", type=int, default=3)
    args = ap.parse_args()
    old = json.loads((ROOT / "resources" / "ner" / "vocab.json").read_text(encoding="utf-8"))["lexicon"]
    WORD, PER, LOC, ORG = 1, 2, 4, 8  # bits of the 1998 lexicon: general word, person, place, organisation
    labels: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    company: collections.Counter[str] = collections.Counter()
    defined: set[str] = set()
    texts = []
    for line in open(args.pseudo, encoding="utf-8"):
        r = json.loads(line)
        t = r["text"]
        texts.append(t)
        for s, e, lab in r["spans"]:
            w = t[s:e]
            labels[w][lab] += 1
            for cw in COMPANY_WORDS:
                if t.startswith(cw, e):
                    company[w] += 1
                    break
        defined.update(m.group(1) for m in DEFINED.finditer(t))
    texts_joined = "\n".join(texts)
    names: set[str] = set()
    for w, c in labels.items():
        n = sum(c.values())
        if len(w) < 2 or w in GENERIC or n < args.min_count or any(not (ch.isalnum() or ch in " ·.&-") for ch in w):
            continue
        flags = old.get(w, 0)
        if any(w.endswith(h) and (w[: -len(h)] in old or w[: -len(h)] in GENERIC or len(w) == len(h) + 1) for h in HEADS):
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
        if n >= args.min_count and x not in GENERIC and not old.get(x, 0) and not x.endswith(NOT_CREDIT) and not x.islower():
            names.add(x)
    for x, n in before.items():
        if n < args.min_count or edged[x] < 0.6 * n or x in GENERIC or x[0] in "这该其各某一本两每此我你他她它":
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
    args.out.parent.mkdir(parents=True, exist_ok=True)
    header = (
        "# Known organisation names, mined from news2026 (January 2026 news, the dev set's articles left out)\n"
        f"# by scripts/mine_orgs.py --min-count {args.min_count} from the pipeline's tags (scripts/pseudo_news.py).\n"
        "# One name a line; the merger relabels and fills with them (reader.extract.merge.known_organisations).\n"
    )
    args.out.write_text(header + "".join(f"{n}\n" for n in sorted(names)), encoding="utf-8")
    print(f"{len(texts)} paragraphs; {len(names)} names -> {args.out}")


if __name__ == "__main__":
    main()
