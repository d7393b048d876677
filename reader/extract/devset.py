"""The news2026 dev set: reference spans that point into a corpus kept outside the repository.

``tests/data/news2026-dev/devset.jsonl`` holds, per article, the corpus id, a sha256 of the
article text and the spans as ``[start, end, label]`` code-point offsets; no text. This module
resolves those pointers against ``news2026.jsonl`` and gives ``(text, spans)`` for scoring::

    docs = load_devset()                 # DevDoc(id, source, text, spans), in file order
    gold = as_gold(docs)                 # [GoldText] for reader.extract.evaluate.score

A corpus whose text for an id no longer matches the recorded sha256, a missing id, a span
outside its text, overlapping spans or an unknown label is an :class:`InputError` naming the
file, the line and the article: the set is never scored against text it was not made on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reader.core.errors import InputError
from reader.core.labels import DEFAULT_LABEL_NAMES
from reader.core.model import text_sha256
from reader.extract.evaluate import GoldText

__all__ = [
    "CORPUS_ENV",
    "DevDoc",
    "DevRecord",
    "as_gold",
    "default_devset_path",
    "find_corpus",
    "load_devset",
    "read_corpus",
    "read_devset",
]

CORPUS_ENV = "READER_NEWS2026"
"""Environment variable naming the news2026 corpus (its folder or its ``.jsonl`` file)."""

_REPO = Path(__file__).resolve().parents[2]

Triple = tuple[int, int, str]


def default_devset_path() -> Path:
    """``tests/data/news2026-dev/devset.jsonl`` of this source tree."""
    return _REPO / "tests" / "data" / "news2026-dev" / "devset.jsonl"


@dataclass(slots=True)
class DevRecord:
    """One line of the dev-set file: a pointer to an article and its reference spans."""

    id: str
    source: str
    sha256: str
    chars: int
    spans: list[Triple]
    checks: list[dict[str, Any]] = field(default_factory=list)
    line: int = 0


@dataclass(slots=True)
class DevDoc:
    """An article of the dev set with its text resolved from the corpus."""

    id: str
    source: str
    text: str
    spans: list[Triple]


def find_corpus(corpus: str | Path | None = None) -> Path:
    """The news2026 ``.jsonl``: ``corpus`` if given, else ``$READER_NEWS2026``, else
    ``../shared/corpora/news2026/news2026.jsonl`` beside the repository. A folder means the
    ``news2026.jsonl`` inside it."""
    tried: list[Path] = []
    candidates: list[Path] = []
    if corpus is not None:
        candidates.append(Path(corpus))
    elif os.environ.get(CORPUS_ENV):
        candidates.append(Path(os.environ[CORPUS_ENV]))
    else:
        candidates.append(_REPO.parent / "shared" / "corpora" / "news2026")
    for c in candidates:
        p = c / "news2026.jsonl" if c.is_dir() else c
        tried.append(p)
        if p.is_file():
            return p
    where = ", ".join(str(t) for t in tried)
    raise InputError(
        tried[0] if tried else None,
        f"news2026 corpus not found (looked at {where}); give --corpus PATH or set ${CORPUS_ENV}",
    )


def _spans(raw: Any, path: Path, lineno: int, ident: str) -> list[Triple]:
    if not isinstance(raw, list):
        raise InputError(path, f"{ident}: \"spans\" must be a list of [start, end, label]", lineno)
    out: list[Triple] = []
    for i, s in enumerate(raw):
        if (
            not isinstance(s, list)
            or len(s) != 3
            or not all(isinstance(x, int) and not isinstance(x, bool) for x in s[:2])
            or not isinstance(s[2], str)
        ):
            raise InputError(path, f"{ident}: span {i} must be [start, end, label], got {s!r}", lineno)
        st, en, lab = s
        if lab not in DEFAULT_LABEL_NAMES:
            raise InputError(path, f"{ident}: span {i} has the unknown label {lab!r}", lineno)
        if not 0 <= st < en:
            raise InputError(path, f"{ident}: span {i} {st}–{en} is empty or negative", lineno)
        out.append((st, en, lab))
    out.sort()
    for a, b in zip(out, out[1:]):
        if b[0] < a[1]:
            raise InputError(path, f"{ident}: spans {a[0]}–{a[1]} and {b[0]}–{b[1]} overlap", lineno)
    return out


def read_devset(path: str | Path | None = None) -> list[DevRecord]:
    """The dev-set file's records (checked for shape, labels and overlaps; no corpus needed)."""
    path = Path(path) if path is not None else default_devset_path()
    try:
        raw = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read: {e}") from e
    out: list[DevRecord] = []
    seen: set[str] = set()
    for lineno, line in enumerate(raw.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as e:
            raise InputError(path, f"not valid JSON: {e.msg}", lineno) from e
        if not isinstance(d, dict):
            raise InputError(path, "expected an object per line", lineno)
        try:
            ident, source, sha, chars = str(d["id"]), str(d["source"]), str(d["sha256"]), int(d["chars"])
        except (KeyError, TypeError, ValueError) as e:
            raise InputError(path, f"needs id, source, sha256, chars and spans ({e})", lineno) from e
        if ident in seen:
            raise InputError(path, f"article {ident} listed twice", lineno)
        seen.add(ident)
        spans = _spans(d.get("spans"), path, lineno, ident)
        if spans and spans[-1][1] > chars:
            raise InputError(path, f"{ident}: a span ends at {spans[-1][1]}, after the text ({chars} chars)", lineno)
        checks = d.get("checks") or []
        out.append(DevRecord(ident, source, sha, chars, spans, list(checks), lineno))
    return out


def read_corpus(path: str | Path, ids: Iterable[str] | None = None) -> dict[str, dict[str, Any]]:
    """Corpus records by id (only ``ids`` when given)."""
    path = Path(path)
    want = set(ids) if ids is not None else None
    out: dict[str, dict[str, Any]] = {}
    try:
        with path.open(encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                if not line.strip():
                    continue
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(path, f"not valid JSON: {e.msg}", lineno) from e
                ident = rec.get("id") if isinstance(rec, dict) else None
                if ident is not None and (want is None or ident in want):
                    out[str(ident)] = rec
    except (OSError, UnicodeDecodeError) as e:
        raise InputError(path, f"cannot read: {e}") from e
    return out


def load_devset(
    path: str | Path | None = None,
    corpus: str | Path | None = None,
    sources: Iterable[str] | None = None,
) -> list[DevDoc]:
    """Every article of the dev set with its text, checked against its sha256 (``sources``: keep
    only these feeds)."""
    path = Path(path) if path is not None else default_devset_path()
    records = read_devset(path)
    if sources is not None:
        keep = set(sources)
        records = [r for r in records if r.source in keep]
    corpus_path = find_corpus(corpus)
    texts = read_corpus(corpus_path, (r.id for r in records))
    out: list[DevDoc] = []
    for r in records:
        rec = texts.get(r.id)
        if rec is None:
            raise InputError(path, f"article {r.id} is not in the corpus {corpus_path}", r.line)
        text = rec.get("text")
        if not isinstance(text, str) or text_sha256(text) != r.sha256:
            raise InputError(
                path,
                f"article {r.id}: the corpus text differs from the annotated one (sha256 mismatch; "
                f"{len(text) if isinstance(text, str) else 'no'} chars now, {r.chars} annotated)",
                r.line,
            )
        out.append(DevDoc(r.id, r.source, text, list(r.spans)))
    return out


def as_gold(docs: Iterable[DevDoc]) -> list[GoldText]:
    """Dev documents as gold for :func:`reader.extract.evaluate.score` (whole text scored)."""
    return [GoldText(d.text, set(d.spans)) for d in docs]
