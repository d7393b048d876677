"""A person's reading of the sample page (data/news-page-zh.txt), kept as line numbers.

Articles: 0 德州经开区, 1 北京亦庄, 2 包头昆都仑, 3 晋创谷·晋中, 4 江阴高新区, 5 贵阳高新区; the
section label 「K 园镜头」 heads the last three. A paragraph opening with 科技日报讯（…） is a
byline block (up to the closing parenthesis) and a body block. Joins: the three column breaks
inside sentences (the second repeats 长, so it continues one character in).
Tune on the first half of the page only (``within=(0, len(text) // 2)``).
"""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "data" / "news-page-zh.txt"

# (first line, last line, role, article); line numbers are 1-based
READING = [
    (3, 3, "headline", 0), (5, 5, "headline", 0), (7, 7, "byline", 0),
    (9, 9, "body", 0), (11, 11, "body", 0), (13, 13, "body", 0), (15, 15, "body", 0),
    (17, 18, "intertitle", 0), (20, 20, "body", 0),
    (22, 22, "headline", 1), (24, 24, "headline", 1), (26, 26, "byline", 1),
    (28, 28, "body", 1), (30, 30, "body", 1), (32, 33, "intertitle", 1), (35, 35, "body", 1),
    (37, 37, "headline", 2), (39, 39, "headline", 2), (41, 41, "byline", 2),
    (43, 43, "body", 2), (45, 45, "body", 2), (47, 47, "body", 2),
    (49, 49, "body", 0), (51, 51, "body", 0), (53, 53, "body", 0), (55, 55, "body", 0), (57, 57, "body", 0),
    (59, 59, "body", 0), (61, 62, "intertitle", 0), (64, 64, "body", 0), (66, 66, "body", 0),
    (70, 70, "caption", 0), (72, 72, "body", 0), (74, 74, "body", 0), (76, 76, "body", 0), (78, 78, "body", 0),
    (80, 80, "body", 0), (82, 82, "body", 0), (84, 84, "body", 0),
    (86, 86, "body", 1), (88, 88, "body", 1), (90, 91, "intertitle", 1), (93, 93, "body", 1), (95, 95, "body", 1),
    (97, 97, "body", 1), (99, 99, "body", 1), (101, 101, "body", 1), (103, 103, "body", 1),
    (105, 105, "body", 2), (107, 107, "body", 2),
    (109, 109, "label", -1),
    (111, 112, "headline", 3), (114, 114, "byline+body", 3), (116, 116, "body", 3), (118, 118, "body", 3),
    (120, 120, "body", 3), (122, 122, "body", 3),
    (124, 125, "headline", 4), (127, 127, "byline+body", 4), (129, 129, "body", 4), (131, 131, "body", 4),
    (133, 133, "body", 4),
    (135, 136, "headline", 5), (138, 138, "byline+body", 5), (140, 140, "body", 5), (142, 142, "body", 5),
    (146, 146, "caption", 5),
]
JOINS = [(66, 72, 0), (78, 80, 1), (97, 99, 0)]  # (line, continuation line, characters repeated)


def sample_truth() -> tuple[str, list[tuple[int, int, str, int]], list[tuple[int, int]]]:
    text = SAMPLE.read_text(encoding="utf-8")
    starts = [0]
    for i, ch in enumerate(text):
        if ch == "\n":
            starts.append(i + 1)

    def span(first: int, last: int) -> tuple[int, int]:
        s = starts[first - 1]
        e = starts[last] - 1 if last < len(starts) else len(text)
        return s, e

    blocks = []
    for first, last, role, art in READING:
        s, e = span(first, last)
        if role == "byline+body":
            cut = text.index("）", s) + 1
            blocks.append((s, cut, "byline", art))
            blocks.append((cut, e, "body", art))
        else:
            blocks.append((s, e, role, art))
    joins = [(span(a, a)[1], span(b, b)[0] + rep) for a, b, rep in JOINS]
    return text, blocks, joins
