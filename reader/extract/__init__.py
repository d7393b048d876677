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
    "load_organisations",
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


_ORGS: list[Lexicon] = []


def load_organisations() -> Lexicon:
    """The shipped list of known organisation names (``resources/ner/organisations.txt``, one a
    line, ``#`` comments; mined from modern news by ``scripts/mine_orgs.py``), as a lexicon of ORG
    entries; empty when the file is absent. Read once per process."""
    with _MODEL_LOCK:
        if not _ORGS:
            from reader.resources import resource_path

            lex = Lexicon()
            try:
                lines = resource_path("ner", "organisations.txt").read_text(encoding="utf-8").splitlines()
            except FileNotFoundError:
                lines = []
            except (OSError, UnicodeDecodeError) as e:
                raise ModelUnavailable(f"the organisation list cannot be read: {e}") from e
            for line in lines:
                name = line.strip()
                if name and not name.startswith("#"):
                    lex.add(name, "ORG")
            _ORGS.append(lex)
    return _ORGS[0]


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
    use), or None for rules and lexicon only. ``organisations``: known organisation names that
    correct the model's labels and fill its gaps (a Lexicon of ORG entries or a callable that
    returns one; the shipped list for :func:`default_extractor`).
    """

    def __init__(
        self,
        model: SpanModel | Callable[[], SpanModel] | None = None,
        lexicon: Lexicon | None = None,
        *,
        rules: bool = True,
        organisations: Lexicon | Callable[[], Lexicon] | None = None,
    ) -> None:
        self._model_source = model
        self._orgs_source = organisations
        self._orgs: Lexicon | None = None
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

    @property
    def organisations(self) -> Lexicon | None:
        src = self._orgs_source
        if src is None or isinstance(src, Lexicon):
            return src
        if self._orgs is None:
            with self._lock:
                if self._orgs is None:
                    self._orgs = src()
        return self._orgs

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
        orgs = self.organisations if model is not None else None
        out: list[list[Span]] = []
        for text, mspans in zip(texts, predicted):
            rspans = extract_rules(text) if self.use_rules else []
            lspans = lex.find(text) if lex else []
            ospans = orgs.find(text) if orgs else []
            out.append(merge_spans(text, mspans, rspans, lspans, never, ospans))
        return out


def default_extractor(lexicon: Lexicon | None = None, *, fast: bool = False) -> Extractor:
    """The shipped pipeline: the NER model (loaded lazily, once per process), rules, lexicon.
    ``fast`` uses the smaller model: a little less accurate, several times quicker."""
    return PipelineExtractor(lambda: load_model(fast), lexicon, organisations=load_organisations)


def rules_extractor(lexicon: Lexicon | None = None) -> Extractor:
    """Rules and lexicon only: no model (DATE, MONEY, PERCENT, QUANTITY and lexicon entries)."""
    return PipelineExtractor(None, lexicon)
