"""Corpus readers and scoring shared by scripts/train_ner.py and scripts/score_ner.py (no torch)."""

from __future__ import annotations

import json
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SHARED = pathlib.Path("/work/shared/corpora")


def read_char_file(path: pathlib.Path) -> list[tuple[str, list[str]]]:
    """Char-per-line files (BIO or BMES tags, TAB or space separated; weibo's digit stripped)."""
    sents: list[tuple[str, list[str]]] = []
    chars: list[str] = []
    tags: list[str] = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\r\n")
        if not line.strip():
            if chars:
                sents.append(("".join(chars), tags))
            chars, tags = [], []
            continue
        chars.append(line[0])
        tags.append(line.split()[-1])
    if chars:
        sents.append(("".join(chars), tags))
    return sents


def spans_of(tags: list[str]) -> list[tuple[int, int, str]]:
    """Spans of BIO/BMES/BIOES tags, as the acceptance scorer reads them (label before any '.')."""
    out, start, lab = [], None, None
    for i, t in enumerate(list(tags) + ["O"]):
        pre, _, lb = t.partition("-")
        lb = lb.split(".")[0]
        if pre in ("I", "M", "E") and start is not None and lb == lab:
            continue
        if start is not None:
            out.append((start, i, lab))
            start = lab = None
        if pre in ("B", "I", "S", "M", "E"):
            start, lab = i, lb
    return out


def join_places(spans):
    out = []
    for s in sorted(spans):
        if out and s[2] == "LOC" and out[-1][2] == "LOC" and out[-1][1] == s[0]:
            out[-1] = (out[-1][0], s[1], "LOC")
        else:
            out.append(s)
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[list[tuple]], pred: list[list[tuple]], labels=("PER", "LOC", "ORG"), join=True) -> dict:
    """Exact span+label P/R/F1 per label and micro; touching LOC joined on both sides when ``join``."""
    res: dict = {}
    tot = [0, 0, 0]
    for lab in labels:
        tp = fp = fn = 0
        for g, p in zip(gold, pred):
            if join:
                g, p = join_places(g), join_places(p)
            gs = {x for x in g if x[2] == lab}
            ps = {x for x in p if x[2] == lab}
            tp += len(gs & ps)
            fp += len(ps - gs)
            fn += len(gs - ps)
        res[lab] = dict(zip("PRF", prf(tp, fp, fn)), gold=tp + fn, pred=tp + fp)
        tot = [tot[0] + tp, tot[1] + fp, tot[2] + fn]
    res["micro"] = dict(zip("PRF", prf(*tot)))
    return res


def format_score(res: dict) -> str:
    lines = []
    for k, v in res.items():
        extra = f" (gold {v['gold']}, pred {v['pred']})" if "gold" in v else ""
        lines.append(f"{k:6s} P {v['P']:.4f} R {v['R']:.4f} F1 {v['F']:.4f}{extra}")
    return "\n".join(lines)


def read_cluener(path: pathlib.Path, mapping: dict[str, str]) -> list[tuple[str, list[tuple[int, int, str]]]]:
    out = []
    for line in open(path, encoding="utf-8"):
        if not line.strip():
            continue
        d = json.loads(line)
        spans = []
        for typ, surf in d.get("label", {}).items():
            if typ not in mapping:
                continue
            for _, pos in surf.items():
                for a, b in pos:
                    spans.append((a, b + 1, mapping[typ]))
        out.append((d["text"], sorted(spans)))
    return out


_TOKEN = re.compile(r"(\[)?([^\s/\[\]]+)/([A-Za-z]+)(?:\](\w+))?")


def read_pfr(path: pathlib.Path):
    """PFR 1998-01 paragraphs as lists of (word, pos, bracket_group_id or None, bracket_tag)."""
    paras = []
    raw = path.read_bytes().decode("gbk", errors="replace")
    for line in raw.split("\n"):
        line = line.strip()
        if not line:
            continue
        toks = line.split()
        items = []
        group = None
        gid = 0
        pending: list[int] = []
        for tok in toks[1:]:
            m = _TOKEN.fullmatch(tok)
            if not m:
                continue
            if m.group(1):
                gid += 1
                group = gid
                pending = []
            items.append([m.group(2), m.group(3), group, None])
            if group is not None:
                pending.append(len(items) - 1)
            if m.group(4):
                for k in pending:
                    items[k][3] = m.group(4)
                group = None
                pending = []
        paras.append(items)
    return paras


def pfr_entities(items) -> list[tuple[int, int, str]]:
    """PER/LOC/ORG char spans in one PFR paragraph (text = concatenated words)."""
    spans = []
    pos = 0
    offs = []
    for w, _, _, _ in items:
        offs.append((pos, pos + len(w)))
        pos += len(w)
    i = 0
    n = len(items)
    while i < n:
        w, p, g, bt = items[i]
        if g is not None and bt in ("nt", "ns", "nz"):
            j = i
            while j < n and items[j][2] == g:
                j += 1
            lab = {"nt": "ORG", "ns": "LOC"}.get(bt)
            if lab:
                spans.append((offs[i][0], offs[j - 1][1], lab))
            i = j
            continue
        if p == "nr":
            j = i
            while j < n and items[j][1] == "nr" and items[j][2] is None:
                j += 1
            spans.append((offs[i][0], offs[j - 1][1], "PER"))
            i = j
            continue
        if p in ("ns", "nt"):
            spans.append((offs[i][0], offs[i][1], "LOC" if p == "ns" else "ORG"))
        i += 1
    return spans
