"""Finding entities: one application service that both faces use.

:class:`ExtractionService` chooses the extractor (the shipped model, its fast variant, or a model
trained elsewhere: ``ExtractionService(model=folder)``), loads it once per process, and names it
with a version stamp derived from the model's files (:func:`reader.extract.model_version`). Every
document's suggestions are stored with that stamp, so a new model offers *Find entities again*.

It computes; it never writes. :meth:`reader.app.library.Library.suggest` writes what it found, in
its own transaction and outside the undo history (finding entities is not a user edit). The
GUI runs :meth:`ExtractionService.stream` on a worker thread and hands each piece to the
library on the UI thread; the CLI calls :meth:`reader.app.library.Library.find_entities`.

A library also teaches the extractor: :func:`lexicon_from_review` turns its accepted mentions
(surface and label) into lexicon entries and its rejected suggestions into suppressions, and
the next extraction in that library uses both (:func:`reader.extract.merge.apply_learned`).
Plain ``reader extract`` uses no library and stays reproducible.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.app.tasks import Task
from reader.core.errors import ExtractorUnavailable
from reader.core.model import Span
from reader.extract.lexicon import Lexicon

FIRST_PIECE = 1_500
"""Characters in the first piece of a long document: about a screen, found within a second."""
PIECE = 64_000
"""Most characters in a later piece: each piece is twice the one before, up to this. The model
batches sentences of equal length together, so small pieces cost more in all: on 200,000
characters, pieces of 8,000 took about 1.45 times as long as one call, pieces growing to 32,000
about 1.2 times, to 64,000 about 1.1 times (tests/bench/bench_stream.py)."""
MIN_LEARNED = 2
"""Shortest surface a library learns to tag from its accepted mentions (one character is too
ambiguous to tag everywhere)."""


@dataclass(frozen=True, slots=True)
class Piece:
    """Spans found in ``[start, end)`` of a document (offsets into the whole text).

    ``final`` marks the last piece: its region is the whole document and its spans are the
    whole result (with what needs the whole text, e.g. a short name defined elsewhere), so
    writing it makes the document's suggestions exactly the extractor's result."""

    start: int
    end: int
    spans: tuple[Span, ...]
    done: int
    """Characters of the document done so far (for a progress bar)."""
    total: int
    final: bool = False


def pieces(text: str, first: int = FIRST_PIECE, size: int = PIECE) -> list[tuple[int, int]]:
    """Cut ``text`` into consecutive regions of about ``first`` characters, then twice as many each
    time up to ``size``, at line breaks (no entity crosses one), else after sentence-final
    punctuation, else anywhere."""
    n = len(text)
    out: list[tuple[int, int]] = []
    a = 0
    target = first
    while a < n:
        if n - a <= target * 1.5:
            out.append((a, n))
            break
        limit = a + target
        cut = text.rfind("\n", a + target // 2, limit)
        if cut < 0:
            cut = text.find("\n", limit, limit + target // 2)
        if cut < 0:
            cut = max(text.rfind(p, a + target // 2, limit) for p in "。！？!?")
            if cut < 0:
                cut = limit - 1
        b = cut + 1
        out.append((a, b))
        a = b
        target = min(target * 2, size)
    return out


class ExtractionService:
    """The extractor a library uses. Thread-safe: the GUI computes on a worker thread.

    ``model``: the folder of a trained model (default: the shipped one); ``fast``: the shipped
    smaller variant; ``extractor``: a ready extractor object (anything with ``extract(text)``),
    with its ``version`` (tests, or a rules-only extractor).
    """

    _shared: dict[tuple[str, bool], ExtractionService] = {}
    _shared_lock = threading.Lock()

    def __init__(
        self,
        model: str | Path | None = None,
        *,
        fast: bool = False,
        extractor: Any = None,
        version: str | None = None,
    ) -> None:
        if extractor is not None and version is None:
            raise ValueError("an extractor given as an object needs its version")
        self.model = Path(model) if model is not None else None
        self.fast = fast
        self._base = extractor
        self._version = version
        self._lock = threading.Lock()
        self.warning: str | None = None
        """Set when the extractor runs with less than was asked for (a library's learned model that
        cannot be loaded: the shipped one is used); the faces show it."""

    @classmethod
    def shared(cls, model: str | Path | None = None, *, fast: bool = False) -> ExtractionService:
        """The process's service for this choice of model: one loaded extractor per process."""
        key = (str(Path(model).resolve()) if model is not None else "", fast)
        with cls._shared_lock:
            if key not in cls._shared:
                cls._shared[key] = cls(model, fast=fast)
            return cls._shared[key]

    @property
    def description(self) -> str:
        if self.model is not None:
            return f"model in {self.model}"
        if self._base is not None:
            return type(self._base).__name__
        return "the shipped fast model" if self.fast else "the shipped model"

    @property
    def version(self) -> str:
        """The stamp stored with each document's suggestions (raises :class:`ExtractorUnavailable`
        when there is no model)."""
        if self._version is None:
            from reader.extract import model_version

            self._version = model_version(self.model, fast=self.fast)
        return self._version

    @property
    def known_version(self) -> str | None:
        """The version if it is already known (no file is read): for a check on the UI thread."""
        return self._version

    def base(self) -> Any:
        """The extractor (model, rules and merger), made on first use."""
        with self._lock:
            if self._base is None:
                try:
                    from reader.extract import default_extractor
                except ImportError as e:  # pragma: no cover - a broken installation
                    raise ExtractorUnavailable(f"the extractor is not installed: {e}") from e
                self._base = default_extractor(fast=self.fast, model=self.model)
            return self._base

    def load(self) -> None:
        """Load the model now (a window does this on start, off the UI thread)."""
        base = self.base()
        getattr(base, "model", None)  # PipelineExtractor loads its model on first access
        _ = self.version

    # ---- computing -----------------------------------------------------------------------------
    def _raw(self, texts: list[str]) -> list[list[Span]]:
        base = self.base()
        many = getattr(base, "extract_many", None)
        if many is not None:
            return [list(r) for r in many(texts)]
        return [list(base.extract(t)) for t in texts]

    def _whole(self, text: str, spans: list[Span]) -> list[Span]:
        finish = getattr(self.base(), "document_pass", None)
        return list(finish(text, spans)) if finish is not None else spans

    def extract(self, text: str, lexicon: Lexicon | None = None) -> list[Span]:
        """Entities in ``text``, with what ``lexicon`` (a library's) teaches applied."""
        return self.extract_many([text], lexicon)[0]

    def extract_many(self, texts: Sequence[str], lexicon: Lexicon | None = None) -> list[list[Span]]:
        from reader.extract.merge import apply_learned

        texts = list(texts)
        if not texts:
            return []
        raw = self._raw(texts)
        return [apply_learned(t, r, lexicon) if lexicon else r for t, r in zip(texts, raw)]

    def stream(
        self,
        text: str,
        lexicon: Lexicon | None = None,
        task: Task | None = None,
        *,
        first: int = FIRST_PIECE,
        size: int = PIECE,
    ) -> Iterator[Piece]:
        """Entities in ``text`` piece by piece (see :func:`pieces`), then the whole result as a
        final piece. ``task`` is checked between pieces (``Cancelled`` stops the stream)."""
        from reader.extract.merge import apply_learned

        regions = pieces(text, first, size)
        n = len(text)
        if len(regions) <= 1:
            if task is not None:
                task.check()
            spans = self.extract(text, lexicon)
            yield Piece(0, n, tuple(spans), n, n, final=True)
            return
        base = self.base()
        split = hasattr(base, "predict_model") and hasattr(base, "merge_text")
        found: list[Span] = []  # merged piece by piece, or (split) the model's spans alone
        for a, b in regions:
            if task is not None:
                task.check()
            chunk = text[a:b]
            if split:
                raw = base.predict_model([chunk])[0]
                found.extend(Span(s.start + a, s.end + a, s.label, s.origin) for s in raw)
                merged = base.merge_text(chunk, raw)
            else:
                merged = self._raw([chunk])[0]
            spans = [Span(s.start + a, s.end + a, s.label, s.origin) for s in merged]
            if not split:
                found.extend(spans)
            shown = apply_learned(text, spans, lexicon) if lexicon else spans
            yield Piece(a, b, tuple(shown), b, n)
        if task is not None:
            task.check()
        # the whole text merged once: rules that look at the whole document (short names, an
        # organisation named in full once) give exactly what one call on the whole text gives
        whole = base.merge_text(text, found) if split else self._whole(text, found)
        if lexicon:
            whole = apply_learned(text, whole, lexicon)
        yield Piece(0, n, tuple(whole), n, n, final=True)


def lexicon_from_review(rows: Iterable[tuple[str, str, str, int]]) -> Lexicon:
    """A library's lexicon from ``(surface, label, status, count)`` rows of its reviewed mentions.

    A surface accepted more often with some label than rejected with it is tagged with that label
    (its most frequent one) wherever nothing else is found; a (surface, label) rejected more
    often than accepted is never suggested again."""
    accepted: dict[str, Counter[str]] = {}
    rejected: Counter[tuple[str, str]] = Counter()
    for surface, label, status, count in rows:
        s = surface.strip()
        if not s or any(c in s for c in "\t\r\n") or not label:
            continue
        if status == "accepted":
            accepted.setdefault(s, Counter())[label] += count
        elif status == "rejected":
            rejected[(s, label)] += count
    lex = Lexicon()
    for s, labels in accepted.items():
        label, n = max(labels.items(), key=lambda kv: (kv[1], kv[0]))
        if len(s) >= MIN_LEARNED and n > rejected[(s, label)] and label.upper() not in ("NEVER", "-"):
            lex.add(s, label)
    for (s, label), n in rejected.items():
        if n > accepted.get(s, Counter())[label]:
            lex.suppress(s, label)
    return lex
