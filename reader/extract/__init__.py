"""Entity extraction: the statistical model (PER/LOC/ORG), rules (DATE/MONEY/PERCENT/QUANTITY), a
user lexicon, and the merger that makes one flat layer of them.

The one interface the rest of reader uses::

    ex = default_extractor(lexicon)      # cheap: the model loads on first use, once per process
    spans = ex.extract(text)             # list[Span], sorted, flat
    many = ex.extract_many(texts)        # batched

Importing this package loads neither the model nor numpy.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from reader.core.errors import ReaderError
from reader.core.model import Span
from reader.extract.lexicon import Lexicon
from reader.extract.merge import merge_spans

if TYPE_CHECKING:  # pragma: no cover
    from reader.extract.model import NerModel

__all__ = [
    "Extractor",
    "Lexicon",
    "ModelUnavailable",
    "PipelineExtractor",
    "default_extractor",
    "load_model",
    "rules_extractor",
]


@runtime_checkable
class Extractor(Protocol):
    """Anything that proposes spans for texts."""

    def extract(self, text: str) -> list[Span]: ...

    def extract_many(self, texts: list[str]) -> list[list[Span]]: ...


class SpanModel(Protocol):
    """What the pipeline needs of a statistical model (``reader.extract.model.NerModel``)."""

    def predict(self, texts: list[str]) -> list[list[Span]]: ...


class ModelUnavailable(ReaderError):
    """The statistical model's files are missing or cannot be read."""


_MODELS: dict[bool, Any] = {}
_MODEL_LOCK = threading.Lock()


def load_model(fast: bool = False) -> NerModel:
    """The shipped NER model (``fast``: the smaller, quicker variant), loaded on first call and
    cached for the process."""
    with _MODEL_LOCK:
        if fast not in _MODELS:
            try:
                from reader.extract.model import NerModel

                _MODELS[fast] = NerModel.load(fast=fast)
            except (OSError, ImportError, KeyError, ValueError) as e:
                raise ModelUnavailable(f"the entity model cannot be loaded: {e}") from e
    return _MODELS[fast]


class PipelineExtractor:
    """Model + rules + lexicon, merged by the guidelines' composition rules.

    ``model`` is a model object, a zero-argument callable that returns one (called once, on first
    use), or None for rules and lexicon only.
    """

    def __init__(
        self,
        model: SpanModel | Callable[[], SpanModel] | None = None,
        lexicon: Lexicon | None = None,
        *,
        rules: bool = True,
    ) -> None:
        self._model_source = model
        self._model: SpanModel | None = None
        self._lock = threading.Lock()
        self.lexicon = lexicon if lexicon is not None else Lexicon()
        self.use_rules = rules

    @property
    def model(self) -> SpanModel | None:
        src = self._model_source
        if src is None:
            return None
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = src if hasattr(src, "predict") else src()  # type: ignore[operator]
        return self._model

    def extract(self, text: str) -> list[Span]:
        return self.extract_many([text])[0]

    def extract_many(self, texts: Sequence[str]) -> list[list[Span]]:
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"extract takes str texts, got {type(t).__name__}")
        if not texts:
            return []
        model = self.model
        predicted = model.predict(texts) if model is not None else [[] for _ in texts]
        if len(predicted) != len(texts):
            raise RuntimeError(f"the model gave {len(predicted)} results for {len(texts)} texts")
        if self.use_rules:
            from reader.extract.rules import extract_rules
        lex = self.lexicon
        never = lex.never
        out: list[list[Span]] = []
        for text, mspans in zip(texts, predicted):
            rspans = extract_rules(text) if self.use_rules else []
            lspans = lex.find(text) if lex else []
            out.append(merge_spans(text, mspans, rspans, lspans, never))
        return out


def default_extractor(lexicon: Lexicon | None = None, *, fast: bool = False) -> Extractor:
    """The shipped pipeline: the NER model (loaded lazily, once per process), rules, lexicon.
    ``fast`` uses the smaller model: a little less accurate, several times quicker."""
    return PipelineExtractor(lambda: load_model(fast), lexicon)


def rules_extractor(lexicon: Lexicon | None = None) -> Extractor:
    """Rules and lexicon only: no model (DATE, MONEY, PERCENT, QUANTITY and lexicon entries)."""
    return PipelineExtractor(None, lexicon)
