"""Scores of a page structure against a known reading of the page.

- **role accuracy**: each true block takes the role of the found block that covers most of its
  characters; the accuracy is computed per role and averaged over the roles present (a caption
  or a byline counts as much as body text).
- **same-article pairwise F1**: over pairs of true blocks inside articles, "same article" in the
  truth against "same article" as found.
- **joins found**: true joins matched by a found join within one character at both ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

from reader.pages import PageStructure

ROLES = ("headline", "byline", "intertitle", "body", "caption")


@dataclass
class Score:
    role_acc: float
    per_role: dict[str, tuple[int, int]]  # role: (right, total)
    pair_p: float
    pair_r: float
    pair_f1: float
    joins_found: int
    joins_total: int
    labels_found: int
    labels_total: int


def _found_blocks(ps: PageStructure) -> list[tuple[int, int, str, int]]:
    out = []
    for i, a in enumerate(ps.articles):
        for b in a.blocks:
            out.append((b.start, b.end, b.role, i))
    for s in ps.section_labels:
        out.append((s.start, s.end, "label", -1))
    return sorted(out)


def score(ps: PageStructure, truth_blocks, truth_joins, *, within: tuple[int, int] | None = None) -> Score:
    """``truth_blocks``: (start, end, role, article) with article -1 and role "label" for labels.

    ``within``: only true blocks starting in [lo, hi) are judged (a page's first or second half).
    """
    found = _found_blocks(ps)
    judged = [b for b in truth_blocks if within is None or within[0] <= b[0] < within[1]]
    match: list[tuple[str, int]] = []
    for s, e, role, art in judged:
        best, cover = ("none", -2 - len(match)), 0
        for fs, fe, frole, fart in found:
            ov = min(e, fe) - max(s, fs)
            if ov > cover:
                cover, best = ov, (frole, fart if fart >= 0 else -2 - len(match))
        match.append(best)
    per_role: dict[str, list[int]] = {}
    labels_total = labels_found = 0
    for (s, e, role, art), (frole, _fart) in zip(judged, match):
        if role == "label":
            labels_total += 1
            labels_found += frole == "label"
            continue
        r = per_role.setdefault(role, [0, 0])
        r[0] += frole == role
        r[1] += 1
    role_acc = sum(r / t for r, t in per_role.values()) / len(per_role) if per_role else 1.0
    items = [(art, m[1]) for (s, e, role, art), m in zip(judged, match) if role != "label"]
    tp = fp = fn = 0
    for (ga, fa), (gb, fb) in combinations(items, 2):
        same_t, same_f = ga == gb, fa == fb
        tp += same_t and same_f
        fp += same_f and not same_t
        fn += same_t and not same_f
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    joins = [j for j in truth_joins if within is None or within[0] <= j[0] < within[1]]
    found_j = [(j.from_, j.to) for j in ps.joins]
    jf = sum(any(abs(a - x) <= 1 and abs(b - y) <= 1 for x, y in found_j) for a, b in joins)
    return Score(role_acc, {k: (v[0], v[1]) for k, v in per_role.items()}, p, r, f1, jf, len(joins), labels_found, labels_total)
