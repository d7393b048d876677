"""Learning from a library's corrections: ``reader learn`` and *Learn from my corrections*.

:func:`learn` fine-tunes the shipped model on the library's reviewed documents (see
:mod:`reader.extract.learn`) and stores the result beside the library file, versioned::

    library.db
    library.db.models/v0001/adaptation.npz, adaptation.json
    library.db.models/v0002/...

Each learn writes a new version into a temporary folder, flushes every file to disk, renames
the folder into place, and only then records it as the active version in the library's ``meta``
table (one SQLite transaction). A learn killed at any point leaves the previous version in use.
:func:`reset` goes back to the shipped model (the versions stay on disk; the last
:data:`KEEP` are kept). :func:`learned_model` loads the active version for extraction; one that
cannot be loaded gives the shipped model and a warning, never an error.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import threading
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from reader.app.tasks import Task
from reader.core.errors import ReaderError
from reader.core.model import DocId, Status

if TYPE_CHECKING:  # pragma: no cover
    from reader.app.library import Library
    from reader.extract.learn import Example
    from reader.extract.model import NerModel

__all__ = [
    "ACTIVE_KEY",
    "KEEP",
    "LearnReport",
    "NothingReviewed",
    "active_version",
    "learn",
    "learned_model",
    "models_dir",
    "reset",
    "reviewed_examples",
]

ACTIVE_KEY = "learned_model"
"""The ``meta`` entry that names the active learned version (absent: the shipped model)."""
KEEP = 5
"""Learned versions kept on disk (older ones are deleted by the next learn)."""
_VERSION = re.compile(r"v(\d{4,})")
_TMP = re.compile(r"\.tmp-v\d{4,}-\d+")


class NothingReviewed(ReaderError):
    """``learn`` on a library where no document has been reviewed."""


@dataclass(frozen=True, slots=True)
class LearnReport:
    version: str
    directory: Path
    documents: int
    sentences: int
    entities: int
    rejected: int
    seconds: float

    def summary(self) -> str:
        return (
            f"learned from {self.documents} reviewed document{'s' if self.documents != 1 else ''} "
            f"({self.entities} entities, {self.rejected} rejected suggestions, {self.sentences} sentences) "
            f"in {self.seconds:.1f} s; model {self.version} is now this library's learned model"
        )


def models_dir(library_path: str | Path) -> Path:
    """The folder beside a library file that holds its learned models (``LIB.models``)."""
    p = Path(library_path)
    return p.with_name(p.name + ".models")


def _require_file(library: Library) -> Path:
    if library.path is None:
        raise ReaderError("learning needs a library file: the learned model is stored beside it")
    return library.path


def active_version(library: Library) -> str | None:
    """The learned version extraction in this library uses (None: the shipped model)."""
    value = library.store.meta_value(ACTIVE_KEY)
    return value or None


def reviewed_examples(library: Library, doc_ids: list[DocId] | None = None) -> list[Example]:
    """The reviewed documents as training examples: accepted mentions are entities (and the
    suggestions left in a document marked done), rejected ones are taught as non-entities."""
    from reader.extract.learn import Example

    ids = library.store.reviewed_document_ids() if doc_ids is None else doc_ids
    out = []
    for doc_id in ids:
        text = library.document(doc_id).text
        mentions = library.annotations(doc_id)
        entities = [(m.start, m.end, m.label) for m in mentions if m.status != Status.REJECTED]
        rejected = [(m.start, m.end, m.label) for m in mentions if m.status == Status.REJECTED]
        out.append(Example(text, entities, rejected))
    return out


def _fsync_dir(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory handles
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def _versions(folder: Path) -> list[str]:
    if not folder.is_dir():
        return []
    return sorted((p.name for p in folder.iterdir() if p.is_dir() and _VERSION.fullmatch(p.name)), key=lambda n: int(n[1:]))


def learn(library: Library, task: Task | None = None, *, base: NerModel | None = None, **hyper) -> LearnReport:
    """Fine-tune the shipped model (or ``base``) on the library's reviewed documents, store it
    as a new version beside the library and make it the active one.

    Raises :class:`NothingReviewed` when no document is reviewed, :class:`Cancelled` when
    ``task`` is cancelled (nothing changes then). ``hyper`` goes to
    :func:`reader.extract.learn.fine_tune`."""
    from reader.extract import load_model
    from reader.extract.learn import NoTrainingText, fine_tune

    task = task or Task()
    path = _require_file(library)
    task.progress(0, 0, "collecting reviewed documents")
    ids = library.store.reviewed_document_ids()
    examples = reviewed_examples(library, ids)
    if not any(any(lab in ("PER", "LOC", "ORG") for *_, lab in ex.entities) or ex.rejected for ex in examples):
        raise NothingReviewed(
            f"{path}: nothing reviewed to learn from; accept or reject every suggestion of a document first"
            if not ids
            else f"{path}: the {len(ids)} reviewed document(s) hold no person, place or organisation to learn from"
        )
    task.check()
    model = base if base is not None else load_model()
    try:
        model.heads  # noqa: B018 - the output layers learning adapts (the compiled graph's, or the numpy networks')
    except (OSError, ValueError) as e:
        raise ReaderError(f"the entity model cannot be adapted: {e}") from e
    try:
        adaptation = fine_tune(model, examples, progress=task.progress, check=task.check, **hyper)
    except NoTrainingText as e:
        raise NothingReviewed(f"{path}: {e}") from e
    stats = adaptation.info.get("stats", {})
    adaptation.info["documents"] = [int(i) for i in ids]

    folder = models_dir(path)
    folder.mkdir(parents=True, exist_ok=True)
    for p in folder.iterdir():  # what a killed learn left behind
        if p.is_dir() and _TMP.fullmatch(p.name):
            shutil.rmtree(p, ignore_errors=True)
    existing = _versions(folder)
    number = int(existing[-1][1:]) + 1 if existing else 1
    version = f"v{number:04d}"
    adaptation.info["version"] = version
    tmp = folder / f".tmp-{version}-{os.getpid()}"
    try:
        task.check()
        adaptation.save(tmp)
        _fsync_dir(tmp)
        os.replace(tmp, folder / version)
        _fsync_dir(folder)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    library.store.set_meta_value(ACTIVE_KEY, version)  # the switch: one transaction
    _forget_cached(path)
    for old in _versions(folder)[:-KEEP]:
        if old != version:
            shutil.rmtree(folder / old, ignore_errors=True)
    report = LearnReport(
        version,
        folder / version,
        len(ids),
        int(stats.get("sentences", 0)),
        int(stats.get("entities", 0)),
        int(stats.get("rejected", 0)),
        float(stats.get("seconds", 0.0)),
    )
    return report


def reset(library: Library) -> str | None:
    """Go back to the shipped model; returns the version that was active (None: none was)."""
    path = _require_file(library)
    was = active_version(library)
    if was is not None:
        library.store.set_meta_value(ACTIVE_KEY, None)
    _forget_cached(path)
    return was


log = logging.getLogger(__name__)

_CACHE: dict[tuple[str, str], NerModel] = {}
_CACHE_LOCK = threading.Lock()


def _forget_cached(path: Path) -> None:
    with _CACHE_LOCK:
        for key in [k for k in _CACHE if k[0] == str(path)]:
            del _CACHE[key]


def learned_model(library: Library, base: NerModel | None = None) -> tuple[NerModel | None, str | None]:
    """(the active learned model, None), or (None, None) when the library uses the shipped
    model, or (None, warning) when the learned model cannot be loaded (the caller then uses the
    shipped one and shows the warning)."""
    if library.path is None:
        return None, None
    version = active_version(library)
    if version is None:
        return None, None
    return load_learned(library.path, version, base)


def load_learned(library_path: Path, version: str, base: NerModel | None = None) -> tuple[NerModel | None, str | None]:
    """The learned model ``version`` of the library at ``library_path`` (cached per process), or
    (None, warning). Touches no database: callable from any thread."""
    key = (str(library_path), version)
    with _CACHE_LOCK:
        if key in _CACHE:
            return _CACHE[key], None
    from reader.extract import load_model
    from reader.extract.learn import Adaptation

    directory = models_dir(library_path) / version
    try:
        model = base if base is not None else load_model()
        adapted = Adaptation.load(directory).apply(model)
    except (OSError, ValueError, KeyError, TypeError, EOFError, zipfile.BadZipFile) as e:
        return None, f"the learned model {version} in {directory} cannot be used ({e}); using the shipped model"
    with _CACHE_LOCK:
        _CACHE[key] = adapted
    return adapted, None


def learned_service(library: Library):
    """The extraction service of a library with an active learned model (None: the shipped
    model's). The model loads on first use, on whatever thread extracts; one that cannot be
    loaded gives the shipped model and a logged warning."""
    if library.path is None:
        return None
    version = active_version(library)
    if version is None:
        return None
    from reader.app.extraction import ExtractionService
    from reader.extract import PipelineExtractor, load_model, model_version

    path = library.path

    def load():
        model, warning = load_learned(path, version)
        if model is None:
            log.warning("%s", warning)
            service.warning = warning
            return load_model()
        return model

    service = ExtractionService(extractor=PipelineExtractor(load), version=f"{model_version()}+learned-{version}")
    return service
