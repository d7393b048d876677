"""Entity extraction: the statistical model (PER/LOC/ORG), rules (DATE/MONEY/PERCENT/QUANTITY), a
user lexicon, and the merger that makes one flat layer of them.

The one interface the rest of reader uses::

    ex = default_extractor(lexicon)      # cheap: the model loads on first use, once per process
    spans = ex.extract(text)             # list[Span], sorted, flat
    many = ex.extract_many(texts)        # batched

Importing this package loads neither the model nor numpy, nor the merger (``reader extract``'s
main process only hands chunks to its workers).
"""

from __future__ import annotations

import hashlib
import pathlib
import threading
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from reader.core.errors import ExtractorUnavailable
from reader.core.model import Span
from reader.extract.lexicon import Lexicon

if TYPE_CHECKING:  # pragma: no cover
    from reader.extract.model import NerModel

__all__ = [
    "Extractor",
    "Lexicon",
    "available_cores",
    "ModelUnavailable",
    "PipelineExtractor",
    "default_extractor",
    "load_model",
    "KnownOrganisations",
    "load_known_organisations",
    "load_organisations",
    "model_directory",
    "model_version",
    "rules_extractor",
]


@runtime_checkable
class Extractor(Protocol):
    """Anything that proposes spans for texts."""

    def extract(self, text: str) -> list[Span]: ...

    def extract_many(self, texts: list[str]) -> list[list[Span]]: ...


class Names(Protocol):
    """A list of names the merger looks up (:class:`Lexicon`, :class:`KnownOrganisations`)."""

    def find(self, text: str) -> list[Span]: ...

    def __bool__(self) -> bool: ...


class SpanModel(Protocol):
    """What the pipeline needs of a statistical model (``reader.extract.model.NerModel``)."""

    def predict(self, texts: list[str]) -> list[list[Span]]: ...


ModelUnavailable = ExtractorUnavailable
"""The statistical model's files are missing or cannot be read (the one "extractor unavailable"
error, :class:`reader.core.errors.ExtractorUnavailable`)."""

def available_cores() -> int:
    """All the cores this process may run on."""
    import os

    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


RULES_VERSION = "10"
"""Bump when the rules or the merger change what they find: part of :func:`model_version`."""

_MODELS: dict[tuple[str, bool], Any] = {}
_MODEL_LOCK = threading.Lock()


_ORGS: list[Lexicon] = []


def _read_names(path: pathlib.Path, what: str) -> Lexicon:
    """A list of organisation names (one a line, ``#`` comments) as a lexicon of ORG entries;
    empty when the file is absent."""
    lex = Lexicon()
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    except (OSError, UnicodeDecodeError) as e:
        raise ExtractorUnavailable(f"{what} cannot be read: {e}") from e
    for line in lines:
        name = line.strip()
        if name and not name.startswith("#"):
            lex.add(name, "ORG")
    return lex


def load_organisations() -> Lexicon:
    """The shipped list of known organisation names (``resources/ner/organisations.txt``, one a
    line, ``#`` comments; mined from modern news by ``scripts/mine_orgs.py``), as a lexicon of ORG
    entries; empty when the file is absent. Read once per process."""
    with _MODEL_LOCK:
        if not _ORGS:
            from reader.resources import resource_path

            _ORGS.append(_read_names(resource_path("ner", "organisations.txt"), "the organisation list"))
    return _ORGS[0]


class KnownOrganisations:
    """The known organisation names the merger corrects and fills the model with: ``everywhere``
    (the news list) in any text, and ``informal`` (a :class:`reader.extract.register.InformalLexicon`)
    only on the lines that read like a social-media post. Where both find a name at one place, the
    news list's occurrence is kept; no two occurrences overlap."""

    def __init__(self, everywhere: Lexicon, informal: Any = None) -> None:
        self.everywhere = everywhere
        self.informal = informal

    def __bool__(self) -> bool:
        return bool(self.everywhere) or bool(self.informal)

    def find(self, text: str) -> list[Span]:
        found = self.everywhere.find(text)
        extra = self.informal.find(text) if self.informal else []
        if not extra:
            return found
        free = [o for o in extra if not any(o.start < f.end and f.start < o.end for f in found)]
        return sorted(found + free, key=lambda sp: (sp.start, sp.end))


_KNOWN: list[KnownOrganisations] = []


def load_known_organisations() -> KnownOrganisations:
    """The known organisation names of the shipped model: :func:`load_organisations`, and, where
    its ``ensemble.json`` names a network of informal lines, that network's ``organisations.txt``
    (mined from Weibo NER train by ``scripts/mine_social_orgs.py``), looked up only where its
    register classifier calls a line informal. Read once per process."""
    everywhere = load_organisations()
    with _MODEL_LOCK:
        if not _KNOWN:
            from reader.resources import resource_path

            informal = None
            try:
                from reader.extract.model import _ensemble_spec
                from reader.extract.register import InformalLexicon, load_register

                social = _ensemble_spec(resource_path("ner"))[2]
                names = _read_names(social[0] / "organisations.txt", "the organisation list of informal lines") if social else None
                if names:
                    informal = InformalLexicon(names, load_register(social[1]))
            except (OSError, ImportError, KeyError, ValueError) as e:
                raise ExtractorUnavailable(f"the organisation list of informal lines cannot be loaded: {e}") from e
            _KNOWN.append(KnownOrganisations(everywhere, informal))
    return _KNOWN[0]


def model_directory(directory: str | pathlib.Path | None = None, *, fast: bool = False) -> pathlib.Path:
    """The folder a model is loaded from: ``directory`` (a trained model) or the shipped one,
    with its ``fast/`` variant when ``fast``."""
    from reader.resources import resource_path

    d = pathlib.Path(directory) if directory is not None else resource_path("ner")
    return d / "fast" if fast else d


def load_model(fast: bool = False, directory: str | pathlib.Path | None = None) -> NerModel:
    """A NER model (default: the shipped one; ``fast``: its smaller, quicker variant; ``directory``:
    a model trained elsewhere), loaded on first call and cached for the process."""
    key = (str(pathlib.Path(directory).resolve()) if directory is not None else "", fast)
    if directory is not None and not pathlib.Path(directory).is_dir():
        raise ExtractorUnavailable(f"{directory}: no such model folder")
    with _MODEL_LOCK:
        if key not in _MODELS:
            try:
                from reader.extract.model import NerModel

                _MODELS[key] = NerModel.load(pathlib.Path(directory) if directory is not None else None, fast=fast)
            except (OSError, ImportError, KeyError, ValueError) as e:
                where = f" from {directory}" if directory is not None else ""
                raise ExtractorUnavailable(f"the entity model cannot be loaded{where}: {e}") from e
    return _MODELS[key]


_VERSIONS: dict[tuple[Any, ...], str] = {}


def model_version(directory: str | pathlib.Path | None = None, *, fast: bool = False) -> str:
    """A short stamp of what the extractor finds: a hash of the model's files (every file under
    its folder, names and contents; a ``fast/`` variant shares its parent's vocabulary, so the
    parent's files count too) and :data:`RULES_VERSION`. A new model gives a new stamp."""
    base = model_directory(directory)
    d = model_directory(directory, fast=fast)
    files = sorted(p for p in base.rglob("*") if p.is_file()) if base.is_dir() else []
    if not files:
        raise ExtractorUnavailable(f"no entity model in {d}")
    key = tuple((str(p), st.st_size, st.st_mtime_ns) for p in files for st in [p.stat()]) + (fast,)
    if key not in _VERSIONS:
        h = hashlib.sha256()
        for p in files:
            h.update(str(p.relative_to(base)).encode() + b"\0")
            with open(p, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    h.update(block)
        _VERSIONS[key] = f"{'fast-' if fast else ''}{h.hexdigest()[:12]}+rules{RULES_VERSION}"
    return _VERSIONS[key]


class PipelineExtractor:
    """Model + rules + lexicon, merged by the guidelines' composition rules.

    ``model`` is a model object, a zero-argument callable that returns one (called once, on first
    use), or None for rules and lexicon only. ``organisations``: known organisation names that
    correct the model's labels and fill its gaps (a Lexicon of ORG entries, anything with its
    ``find``, such as :class:`KnownOrganisations`, or a callable that returns one; the shipped
    lists for :func:`default_extractor`).
    """

    def __init__(
        self,
        model: SpanModel | Callable[[], SpanModel] | None = None,
        lexicon: Lexicon | None = None,
        *,
        rules: bool = True,
        organisations: Names | Callable[[], Names] | None = None,
    ) -> None:
        self._model_source = model
        self._orgs_source = organisations
        self._orgs: Names | None = None
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
    def organisations(self) -> Names | None:
        src = self._orgs_source
        if src is None or hasattr(src, "find"):
            return src  # type: ignore[return-value]
        if self._orgs is None:
            with self._lock:
                if self._orgs is None:
                    self._orgs = src()
        return self._orgs

    def extract(self, text: str) -> list[Span]:
        return self.extract_many([text])[0]

    def document_pass(self, text: str, spans: list[Span]) -> list[Span]:
        """What needs the whole document, run over spans found piece by piece: a short name
        defined in one paragraph is the same entity in every other one, and so is an organisation
        named in full once, and a county named in full once (马边彝族自治县 … 马边)."""
        from reader.extract.merge import consistent_organisations, consistent_places, short_names

        out = consistent_places(text, consistent_organisations(text, short_names(text, spans)))
        never = self.lexicon.never
        return [sp for sp in out if text[sp.start : sp.end] not in never] if never else out

    def extract_many(self, texts: Sequence[str]) -> list[list[Span]]:
        texts = list(texts)
        for t in texts:
            if not isinstance(t, str):
                raise TypeError(f"extract takes str texts, got {type(t).__name__}")
        if not texts:
            return []
        predicted = self.predict_model(texts)
        return [self.merge_text(text, mspans) for text, mspans in zip(texts, predicted)]

    def predict_model(self, texts: Sequence[str]) -> list[list[Span]]:
        """The statistical model's spans alone (no rules, no merging); empty without a model."""
        texts = list(texts)
        model = self.model
        predicted = model.predict(texts) if model is not None else [[] for _ in texts]
        if len(predicted) != len(texts):
            raise RuntimeError(f"the model gave {len(predicted)} results for {len(texts)} texts")
        return [list(p) for p in predicted]

    def merge_text(self, text: str, model_spans: Iterable[Span]) -> list[Span]:
        """Rules, lexicon and known organisations over ``text``, merged with the model's spans
        into one flat layer. The model reads a text line by line, so model spans found piece by
        piece (cut at line breaks) and merged here over the whole text give exactly
        :meth:`extract`'s result."""
        merge_spans, extract_rules = _MERGER or _load_merger()
        lex = self.lexicon
        orgs = self.organisations if self._model_source is not None else None
        rspans = extract_rules(text) if self.use_rules else []
        lspans, never = (lex.find(text), lex.never) if lex else ([], frozenset())
        ospans = orgs.find(text) if orgs else []
        return merge_spans(text, list(model_spans), rspans, lspans, never, ospans)


_MERGER: list[Callable[..., list[Span]]] = []


def _load_merger() -> list[Callable[..., list[Span]]]:
    """The merger and the rules, imported on first use (not with this package, and not for every
    text: an import statement costs microseconds even when the module is loaded)."""
    from reader.extract.merge import merge_spans
    from reader.extract.rules import extract_rules

    _MERGER[:] = [merge_spans, extract_rules]
    return _MERGER


def default_extractor(
    lexicon: Lexicon | None = None, *, fast: bool = False, model: str | pathlib.Path | None = None
) -> Extractor:
    """The shipped pipeline: the NER model (loaded lazily, once per process), rules, lexicon.
    ``fast`` uses the smaller model: a little less accurate, several times quicker; ``model`` is
    the folder of another trained model (default: the shipped one)."""
    return PipelineExtractor(lambda: load_model(fast, model), lexicon, organisations=load_known_organisations)


def rules_extractor(lexicon: Lexicon | None = None) -> Extractor:
    """Rules and lexicon only: no model (DATE, MONEY, PERCENT, QUANTITY and lexicon entries)."""
    return PipelineExtractor(None, lexicon)
