"""A long article in the window: the sample page against a 350,000-character article.

Not collected by default (``bench_*.py``). Run it directly::

    .venv/bin/python tests/bench/bench_long_article.py [--chars N] [--text FILE] [--edits N]

The long article is generated (deterministic): varied news sentences naming a few thousand
distinct people, organisations, places, dates, amounts and percentages, so that the extractor
suggests about as many mentions as a real long article holds. ``--text FILE`` uses a text of
your own instead. Each case runs in a fresh process (so that its RSS is its own) with a real
window (offscreen unless ``QT_QPA_PLATFORM`` says otherwise) and prints:

- open: ``show_document`` until the article is painted (the suggestions are not there yet);
- reopen: showing it again once its suggestions are stored (every mention highlighted, the
  entity panel filled);
- first suggestions: until the first suggestion is painted;
- all suggestions: until the document is fully extracted and painted;
- edit -> repaint: a label key on a selection until the article and the entity panel are
  repainted (median of ``--edits``);
- undo -> repaint: Ctrl+Z on that edit, the same way (median);
- RSS: the process's peak resident memory at the end.

Prints numbers only (no asserts).
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# ---- the generated article ------------------------------------------------------------------------

_SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
_GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉建国立新志宏海波宁晨阳帆琳欣怡子轩浩然雨婷思远嘉俊博文天佑晓东春雷振华"
_PROVINCES = ["山东", "江苏", "浙江", "广东", "四川", "湖北", "湖南", "河南", "河北", "福建", "安徽", "江西", "陕西", "山西", "云南", "贵州", "辽宁", "吉林", "甘肃", "海南"]
_CITIES = ("德州 青岛 济南 苏州 无锡 杭州 宁波 温州 广州 深圳 佛山 成都 绵阳 武汉 宜昌 长沙 岳阳 郑州 洛阳 石家庄 唐山 厦门 "
           "泉州 合肥 芜湖 南昌 赣州 西安 宝鸡 太原 大同 昆明 大理 贵阳 遵义 沈阳 大连 长春 兰州 天水 海口 三亚").split()
_ORG_TAILS = ["科技有限公司", "集团", "大学", "研究院", "人民医院", "发展和改革委员会", "银行", "商会", "新材料公司", "能源公司", "农业合作社", "出版社"]
_ORG_WORDS = ["华信", "东方", "长城", "新源", "恒达", "金桥", "天成", "鼎盛", "远航", "瑞丰", "中科", "光明", "海纳", "宏图", "博远", "星河"]
_VERBS = ["表示", "介绍说", "指出", "强调", "透露", "认为", "回忆道", "告诉记者"]
_FILLERS = [
    "今年以来，当地的产业结构持续优化，市场的信心逐步恢复",
    "这是近年来规模最大的一次合作，各方对未来的发展充满期待",
    "项目建成后，将进一步带动周边的就业和消费",
    "记者在现场看到，工人们正在紧张地进行最后的调试",
    "专家认为，这一变化反映了经济的韧性和活力",
    "不少市民表示，出行和办事比过去方便了很多",
    "会议还讨论了下一步的重点工作和具体的时间安排",
]


def generate_article(chars: int, seed: int = 2026) -> str:
    """A deterministic Chinese news-like text of about ``chars`` characters."""
    rnd = random.Random(seed)
    cities = _CITIES
    people = sorted({rnd.choice(_SURNAMES) + "".join(rnd.sample(_GIVEN, rnd.choice((1, 2)))) for _ in range(5000)})
    places = sorted({f"{rnd.choice(_PROVINCES)}省{rnd.choice(cities)}市" for _ in range(500)} | set(cities))
    orgs = sorted({f"{rnd.choice(cities)}{rnd.choice(_ORG_WORDS)}{rnd.choice(_ORG_TAILS)}" for _ in range(1600)})

    def pick(pool: list[str]) -> str:  # a few frequent names, a long tail
        return pool[min(int(rnd.paretovariate(0.9)) - 1, len(pool) - 1)] if rnd.random() < 0.35 else rnd.choice(pool)

    paragraphs: list[str] = []
    n = 0
    while n < chars:
        sentences = []
        for _ in range(rnd.randint(3, 6)):
            kind = rnd.randrange(12)  # 6..11: a sentence without names
            who, org, where = pick(people), pick(orgs), pick(places)
            date = f"{rnd.randint(1, 12)}月{rnd.randint(1, 28)}日"
            if kind == 0:
                s = f"{date}，{org}在{where}召开的大会上宣布，全年的营业收入达到{rnd.randint(2, 900)}亿元，同比增长{rnd.randint(1, 40)}.{rnd.randint(0, 9)}%"
            elif kind == 1:
                s = f"{org}负责人{who}{rnd.choice(_VERBS)}，{rnd.choice(_FILLERS)}"
            elif kind == 2:
                s = f"{who}和{pick(people)}当天从{where}出发，前往{pick(places)}参加{org}组织的交流活动"
            elif kind == 3:
                s = f"据{org}统计，{where}的常住人口约为{rnd.randint(10, 990)}万人，{rnd.choice(_FILLERS)}"
            elif kind == 4:
                s = f"{rnd.choice(_FILLERS)}，{who}说"
            elif kind == 5:
                s = f"{date}上午，{pick(orgs)}与{org}在{where}签署协议，总投资{rnd.randint(1, 99)}亿元"
            else:
                s = "，".join(rnd.sample(_FILLERS, 2))
            sentences.append(s + "。")
        p = "".join(sentences)
        paragraphs.append(p)
        n += len(p) + 1
    return "\n".join(paragraphs)


# ---- one case, in its own process -------------------------------------------------------------------

CASE = r"""
import os, resource, statistics, sys, time
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from reader.core.model import Status
from reader.gui.app import application
from reader.app.library import Library
from reader.gui.main_window import MainWindow

db, edits = sys.argv[1], int(sys.argv[2])
app = application(["bench"])
lib = Library.open(db, create=False)
doc = lib.document_ids()[0]
win = MainWindow(lib, background=True)
win.resize(1400, 900)
win.show()
for _ in range(5): app.processEvents()

def settle(n=3):
    for _ in range(n): app.processEvents()

def repaint():
    win.article.viewport().repaint(); win.entity_panel.repaint()

def suggested():
    return lib.annotations(doc).count(Status.SUGGESTED)

t0 = time.perf_counter()
win.show_document(doc)
app.processEvents(); repaint()
t_open = time.perf_counter() - t0
t_first = t_all = None
deadline = time.perf_counter() + 900
while time.perf_counter() < deadline:
    app.processEvents()
    if t_first is None and suggested():
        repaint(); t_first = time.perf_counter() - t0
    if not lib.needs_extraction(doc):
        settle(); repaint(); t_all = time.perf_counter() - t0
        break
    time.sleep(0.002)
n_sugg = suggested()
n_live = lib.annotations(doc).count()
other = next((d for d in lib.document_ids() if d != doc), None)
reopen = []
for _ in range(3):
    if other is not None:
        win.show_document(other); settle()
    t = time.perf_counter()
    win.show_document(doc)
    app.processEvents(); repaint()
    reopen.append(time.perf_counter() - t)
    if other is None:
        break
t_reopen = statistics.median(reopen)
text = win.article.toPlainText()
ann = lib.annotations(doc)

edit_t, undo_t, pos = [], [], len(text) // 3
for k in range(edits):
    pos = text.find("的", pos + 200)
    while pos >= 0 and ann.overlapping(pos + 1, pos + 3):  # a plain place, as a user tags
        pos = text.find("的", pos + 1)
    if pos < 0 or pos + 3 > len(text):
        pos = text.find("的", 0)
    c = win.article.textCursor(); c.setPosition(pos + 1); c.setPosition(pos + 3, QTextCursor.MoveMode.KeepAnchor)
    win.article.setTextCursor(c); win.article.ensureCursorVisible(); win.article.setFocus()
    settle()
    before = lib.annotations(doc).count()
    t = time.perf_counter()
    QTest.keyClick(win.article, Qt.Key.Key_1)
    app.processEvents(); repaint(); app.processEvents()
    edit_t.append(time.perf_counter() - t)
    if lib.annotations(doc).count() == before:
        print(f"warning: edit {k} changed nothing ({win.statusBar().currentMessage()})", file=sys.stderr)
    settle()
    win.article.setFocus()
    t = time.perf_counter()
    QTest.keyClick(win.article, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    app.processEvents(); repaint(); app.processEvents()
    undo_t.append(time.perf_counter() - t)
    settle()
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ms = lambda s: f"{s * 1000:.0f}" if s is not None else "-"
print(f"RESULT {len(text)} {ms(t_open)} {ms(t_first)} {ms(t_all)} {ms(t_reopen)} {ms(statistics.median(edit_t))} "
      f"{ms(statistics.median(undo_t))} {rss:.0f} {n_live} {n_sugg}")
win.close(); lib.close()
"""


def run_case(text: str, title: str, edits: int, tmp: Path) -> list[str]:
    src = tmp / f"{title}.txt"
    src.write_text(text, encoding="utf-8")
    other = tmp / f"{title}-other.txt"  # a second, short document to switch to and back
    other.write_text(f"另一篇短文（{title}）：今天天气很好。", encoding="utf-8")
    db = tmp / f"{title}.db"
    for path in (src, other):
        subprocess.run([sys.executable, "-m", "reader", "--db", str(db), "import", str(path)], check=True, cwd=REPO,
                       capture_output=True)
    env = dict(os.environ)
    env.setdefault("QT_QPA_PLATFORM", "offscreen")
    r = subprocess.run([sys.executable, "-c", CASE, str(db), str(edits)], cwd=REPO, env=env, capture_output=True,
                       text=True, timeout=1800)
    line = next((ln for ln in r.stdout.splitlines() if ln.startswith("RESULT")), None)
    if line is None:
        raise SystemExit(f"{title}: no result (exit {r.returncode})\n{r.stdout[-2000:]}\n{r.stderr[-3000:]}")
    if r.stderr.strip():
        print(r.stderr.strip()[-1000:], file=sys.stderr)
    return line.split()[1:]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--chars", type=int, default=350_000, help="length of the generated article")
    ap.add_argument("--text", type=Path, help="use this UTF-8 text as the long article instead")
    ap.add_argument("--edits", type=int, default=7, help="edits (and undos) to time per article")
    args = ap.parse_args()
    sys.path.insert(0, str(REPO))
    from reader.resources import sample_path

    long_text = args.text.read_text(encoding="utf-8") if args.text else generate_article(args.chars)
    cols = ("chars", "open ms", "1st sugg. ms", "all sugg. ms", "reopen ms", "edit ms", "undo ms", "RSS MB", "mentions",
            "sugg.")
    print("".join(f"{c:>13s}" for c in ("article",) + cols))
    with tempfile.TemporaryDirectory() as tmp:
        for title, text in (("sample", sample_path().read_text(encoding="utf-8")), ("long", long_text)):
            row = run_case(text, title, args.edits, Path(tmp))
            print(f"{title:>13s}" + "".join(f"{v:>13s}" for v in row), flush=True)


if __name__ == "__main__":
    main()
