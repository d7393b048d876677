"""Score an extractor against gold annotations: exact span and label, P/R/F1 per label and micro.

Gold comes in two shapes:

- our gold JSON, ``{"doc", "sha256", "range": [a, b], "spans": [{"start", "end", "label"}]}``.
  The document text is given, or found next to the file (``doc`` in the same folder, its parent,
  or a sibling folder of the parent: ``gold/x.json`` finds ``seed/<doc>``). Only spans fully
  inside ``range`` count, gold and predicted alike.
- char-per-line BIO or BMES files (MSRA ``msra_test_bio``, Resume ``*.char.bmes``, Weibo,
  People's Daily): ``char<TAB>tag`` or ``char<SPACE>tag``, a blank line between sentences. Each
  sentence is one text. Foreign labels are mapped (Resume NAME→PER; Weibo PER.NAM→PER,
  GPE.NAM/LOC.NAM→LOC, ORG.NAM→ORG, ``.NOM`` ignored; TIME→DATE); labels with no counterpart
  in our schema are ignored. Touching LOC spans in such gold are joined, as our guidelines write
  hierarchical places as one LOC (MSRA splits 广东|东莞).

Labels absent from the gold are not scored: an extractor's DATE spans are not false positives
against MSRA, which has no DATE.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reader.core.errors import InputError
from reader.core.labels import DEFAULT_LABEL_NAMES
from reader.core.model import Span, text_sha256

__all__ = [
    "EvalResult",
    "GoldText",
    "LABEL_MAP",
    "LabelScore",
    "evaluate",
    "join_touching_loc",
    "read_gold",
    "read_gold_json",
    "read_tagged",
    "score",
    "spans_from_tags",
]

Triple = tuple[int, int, str]

LABEL_MAP: dict[str, str | None] = {
    # ours
    **{lab: lab for lab in DEFAULT_LABEL_NAMES},
    # Resume NER
    "NAME": "PER",
    "CONT": None,
    "EDU": None,
    "PRO": None,
    "RACE": None,
    "TITLE": None,
    # Weibo (after the .NAM/.NOM suffix is handled), CLUENER-ish names
    "GPE": "LOC",
    "PERSON": "PER",
    "ORGANIZATION": "ORG",
    "LOCATION": "LOC",
    # People's Daily segmented tags, nerpy
    "NR": "PER",
    "NS": "LOC",
    "NT": "ORG",
    "TIME": "DATE",
}
"""Foreign label → ours (None: ignored). A label not listed is kept as it is."""


class _Extractor(Protocol):
    def extract_many(self, texts: list[str]) -> list[list[Span]]: ...


# ------------------------------------------------------------------------------------------------
# Gold
# ------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class GoldText:
    """One scored text: its gold spans, and the window ``[start, end)`` inside which spans count."""

    text: str
    spans: set[Triple]
    start: int = 0
    end: int | None = None

    @property
    def window(self) -> tuple[int, int]:
        return self.start, len(self.text) if self.end is None else self.end


def map_label(raw: str, label_map: dict[str, str | None] | None = None) -> str | None:
    """Our label for a foreign one: ``PER.NAM`` → PER, ``LOC.NOM`` → None, ``NAME`` → PER."""
    lm = LABEL_MAP if label_map is None else label_map
    base, dot, kind = raw.partition(".")
    if dot and kind.upper() != "NAM":
        return None
    key = base.upper()
    if key in lm:
        return lm[key]
    return base


def join_touching_loc(spans: Iterable[Triple], labels: Iterable[str] = ("LOC",)) -> list[Triple]:
    """Spans of ``labels`` (LOC) that touch are joined: 广东|东莞 → 广东东莞."""
    join = set(labels)
    out: list[Triple] = []
    for s in sorted(spans):
        if out and s[2] in join and out[-1][2] == s[2] and out[-1][1] == s[0]:
            out[-1] = (out[-1][0], s[1], s[2])
        else:
            out.append(s)
    return out


def spans_from_tags(tags: Sequence[str], label_map: dict[str, str | None] | None = None) -> list[Triple]:
    """BIO, BIOES or BMES tags → spans (raw labels mapped). Tolerant: a stray I-/M-/E- starts a span."""
    out: list[Triple] = []
    start = -1
    lab: str | None = None

    def close(end: int) -> None:
        nonlocal start, lab
        if start >= 0 and lab is not None:
            mapped = map_label(lab, label_map)
            if mapped:
                out.append((start, end, mapped))
        start, lab = -1, None

    for i, tag in enumerate(tags):
        pre, dash, raw = tag.partition("-")
        pre = pre.upper()
        if not dash or pre not in ("B", "I", "M", "E", "S"):
            close(i)
            continue
        if pre in ("I", "M", "E") and start >= 0 and raw == lab:
            if pre == "E":
                close(i + 1)
            continue
        close(i)
        start, lab = i, raw
        if pre in ("S", "E"):
            close(i + 1)
    close(len(tags))
    return out


def read_tagged(
    path: str | Path, label_map: dict[str, str | None] | None = None, join: Iterable[str] = ("LOC",)
) -> list[GoldText]:
    """A char-per-line BIO/BMES file → one GoldText per sentence (touching spans of ``join`` joined)."""
    join = tuple(join)
    path = Path(path)
    try:
        raw = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read: {e}") from e
    out: list[GoldText] = []
    chars: list[str] = []
    tags: list[str] = []

    def flush() -> None:
        if chars:
            text = "".join(chars)
            out.append(GoldText(text, set(join_touching_loc(spans_from_tags(tags, label_map), join))))
        chars.clear()
        tags.clear()

    for lineno, line in enumerate(raw.split("\n"), 1):
        line = line.rstrip("\r")
        if not line.strip():
            flush()
            continue
        parts = line.split()
        if len(line) < 2 or line[1] not in " \t" and len(parts) < 2:
            # Weibo writes char<digit><TAB>tag; anything else without a separator is an error
            raise InputError(path, f"expected char<TAB>tag or char<SPACE>tag, got {line[:20]!r}", lineno)
        chars.append(line[0])
        tags.append(parts[-1])
    flush()
    return out


def _find_text(gold_path: Path, doc: str) -> Path | None:
    here = gold_path.parent
    candidates = [here / doc, here.parent / doc]
    if here.parent.is_dir():
        candidates += sorted(p / doc for p in here.parent.iterdir() if p.is_dir() and p != here)
    for c in candidates:
        if c.is_file():
            return c
    return None


def read_gold_json(
    path: str | Path, text: str | None = None, text_path: str | Path | None = None
) -> list[GoldText]:
    """Our gold JSON → one GoldText, its window set from ``range`` (whole text when absent)."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read: {e}") from e
    except json.JSONDecodeError as e:
        raise InputError(path, f"not valid JSON: {e.msg}", e.lineno) from e
    if not isinstance(data, dict) or not isinstance(data.get("spans"), list):
        raise InputError(path, 'expected {"doc", "sha256", "spans": [...]}')
    if text is None:
        if text_path is None:
            doc = data.get("doc")
            if not isinstance(doc, str) or not doc:
                raise InputError(path, 'no "doc" name to find the text by; give the text file')
            text_path = _find_text(path, doc)
            if text_path is None:
                raise InputError(path, f"cannot find the document {doc!r} next to the gold file; give the text file")
        try:
            text = Path(text_path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as e:
            raise InputError(text_path, f"cannot read: {e}") from e
    sha = data.get("sha256")
    if isinstance(sha, str) and sha and sha != text_sha256(text):
        raise InputError(path, "the text's sha256 differs from the gold's: not the annotated text")
    rng = data.get("range") or [0, len(text)]
    try:
        a, b = int(rng[0]), int(rng[1])
    except (TypeError, ValueError, IndexError) as e:
        raise InputError(path, f'"range" must be [start, end], got {rng!r}') from e
    if not 0 <= a <= b <= len(text):
        raise InputError(path, f'"range" {a}–{b} lies outside the text (length {len(text)})')
    spans: set[Triple] = set()
    for i, s in enumerate(data["spans"]):
        try:
            st, en, lab = int(s["start"]), int(s["end"]), str(s["label"])
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(path, f"span {i}: needs start, end and label") from e
        if not 0 <= st < en <= len(text):
            raise InputError(path, f"span {i}: {st}–{en} lies outside the text")
        if "text" in s and s["text"] != text[st:en]:
            raise InputError(path, f"span {i}: its text {s['text']!r} differs from the document's {text[st:en]!r}")
        if a <= st and en <= b:
            spans.add((st, en, lab))
    return [GoldText(text, spans, a, b)]


def read_gold(
    path: str | Path,
    fmt: str | None = "auto",
    *,
    text: str | None = None,
    text_path: str | Path | None = None,
    label_map: dict[str, str | None] | None = None,
    join: Iterable[str] = ("LOC",),
) -> list[GoldText]:
    """Read gold in ``fmt`` (json, bio, bmes; auto or None: by the file's suffix)."""
    fmt = (fmt or "auto").lower()
    if fmt == "auto":
        fmt = "json" if str(path).lower().endswith(".json") else "bio"
    if fmt == "json":
        return read_gold_json(path, text, text_path)
    if fmt in ("bio", "bmes", "bioes", "iob"):
        return read_tagged(path, label_map, join)
    raise ValueError(f"unknown gold format {fmt!r} (json, bio or bmes)")


# ------------------------------------------------------------------------------------------------
# Scores
# ------------------------------------------------------------------------------------------------


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


@dataclass(slots=True)
class LabelScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def gold(self) -> int:
        return self.tp + self.fn

    @property
    def predicted(self) -> int:
        return self.tp + self.fp

    @property
    def precision(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[0]

    @property
    def recall(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[1]

    @property
    def f1(self) -> float:
        return _prf(self.tp, self.fp, self.fn)[2]


@dataclass(slots=True)
class EvalResult:
    """Per-label and micro scores, with what was scored and how long extraction took."""

    labels: dict[str, LabelScore] = field(default_factory=dict)
    texts: int = 0
    chars: int = 0
    seconds: float = 0.0
    errors: list[tuple[int, Triple, str]] = field(default_factory=list)
    """(text index, span, "fp" or "fn"), for looking at what went wrong."""

    @property
    def micro(self) -> LabelScore:
        tot = LabelScore()
        for s in self.labels.values():
            tot.tp += s.tp
            tot.fp += s.fp
            tot.fn += s.fn
        return tot

    def f1(self, label: str | None = None) -> float:
        return self.micro.f1 if label is None else self.labels[label].f1

    def to_dict(self) -> dict[str, Any]:
        def row(s: LabelScore) -> dict[str, Any]:
            return {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "gold": s.gold,
                "predicted": s.predicted,
                "tp": s.tp,
            }

        return {
            "labels": {lab: row(s) for lab, s in self.labels.items()},
            "micro": row(self.micro),
            "texts": self.texts,
            "chars": self.chars,
            "seconds": round(self.seconds, 3),
        }

    def format_table(self) -> str:
        head = f"{'label':<10}{'P':>8}{'R':>8}{'F1':>8}{'gold':>8}{'pred':>8}{'tp':>8}"
        rule = "-" * len(head)
        lines = [head, rule]
        for lab, s in self.labels.items():
            lines.append(f"{lab:<10}{s.precision:>8.3f}{s.recall:>8.3f}{s.f1:>8.3f}{s.gold:>8}{s.predicted:>8}{s.tp:>8}")
        m = self.micro
        lines.append(rule)
        lines.append(f"{'micro':<10}{m.precision:>8.3f}{m.recall:>8.3f}{m.f1:>8.3f}{m.gold:>8}{m.predicted:>8}{m.tp:>8}")
        speed = f", {self.chars / self.seconds:,.0f} chars/s" if self.seconds > 0 else ""
        lines.append(f"{self.texts} text(s), {self.chars:,} chars scored{speed}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.format_table()


def score(
    gold: Sequence[GoldText],
    predicted: Sequence[Iterable[Span | Triple]],
    labels: Iterable[str] | None = None,
) -> EvalResult:
    """Exact span + label match. ``labels``: those scored (default: every label in the gold)."""
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold texts but {len(predicted)} predictions")
    if labels is None:
        present = {s[2] for g in gold for s in g.spans}
        order = [lab for lab in DEFAULT_LABEL_NAMES if lab in present] + sorted(present - set(DEFAULT_LABEL_NAMES))
    else:
        order = list(dict.fromkeys(labels))
    wanted = set(order)
    res = EvalResult(labels={lab: LabelScore() for lab in order}, texts=len(gold))
    for i, (g, pred) in enumerate(zip(gold, predicted)):
        a, b = g.window
        res.chars += b - a
        gs = {s for s in g.spans if s[2] in wanted and a <= s[0] and s[1] <= b}
        ps: set[Triple] = set()
        for p in pred:
            t = (p.start, p.end, p.label) if isinstance(p, Span) else (int(p[0]), int(p[1]), str(p[2]))
            if t[2] in wanted and a <= t[0] and t[1] <= b:
                ps.add(t)
        for t in gs & ps:
            res.labels[t[2]].tp += 1
        for t in sorted(ps - gs):
            res.labels[t[2]].fp += 1
            res.errors.append((i, t, "fp"))
        for t in sorted(gs - ps):
            res.labels[t[2]].fn += 1
            res.errors.append((i, t, "fn"))
    return res


def evaluate(
    extractor: _Extractor,
    gold_path: str | Path,
    fmt: str | None = "auto",
    *,
    text: str | None = None,
    text_path: str | Path | None = None,
    labels: Iterable[str] | None = None,
    label_map: dict[str, str | None] | None = None,
    join: Iterable[str] = ("LOC",),
) -> EvalResult:
    """Run ``extractor`` on the gold's texts and score it (see :func:`score`).

    ``join``: labels whose touching spans are joined in BIO/BMES gold (LOC: hierarchical places).
    """
    gold = read_gold(gold_path, fmt, text=text, text_path=text_path, label_map=label_map, join=join)
    t0 = time.perf_counter()
    predicted = extractor.extract_many([g.text for g in gold]) if gold else []
    dt = time.perf_counter() - t0
    res = score(gold, predicted, labels)
    res.seconds = dt
    return res
