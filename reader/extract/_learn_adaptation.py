"""What learning produces and how a model takes it: the :class:`Adaptation` (adapted output
layers and CRF transitions, lexicon changes, the base model's :func:`fingerprint`), applied to a
base model (:meth:`Adaptation.apply`) and kept as ``adaptation.npz`` + ``adaptation.json``
(:meth:`Adaptation.save`, :meth:`Adaptation.load`). Part of :mod:`reader.extract.learn`."""

from __future__ import annotations

import copy
import hashlib
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from reader.extract.model import (
    N_TAGS,
    Featurizer,
    NerModel,
    masked_crf,
)

FORMAT = 1


def fingerprint(model: NerModel) -> str:
    """Identifies a base model's networks (their output layers, transitions and biases). A compiled
    graph records the value computed from its numpy networks when it was written."""
    if model.runtime is not None and model.runtime.fingerprint:
        return model.runtime.fingerprint
    h = hashlib.sha256()
    for wt, arrays in model.fingerprint_parts():
        h.update(np.float32(wt).tobytes())
        for a in arrays:
            arr = np.ascontiguousarray(a, dtype=np.float32)
            h.update(str(arr.shape).encode())
            h.update(arr.tobytes())
    h.update(str(model.featurizer.n_chars).encode())
    h.update(str(model.featurizer.n_bigrams).encode())
    return h.hexdigest()[:16]


@dataclass
class Adaptation:
    """What was learned: adapted output layers and CRF, lexicon changes, for one base model."""

    base: str
    out_w: list[np.ndarray]
    out_b: list[np.ndarray]
    trans: np.ndarray
    start: np.ndarray
    end: np.ndarray
    lexicon_add: dict[str, int] = field(default_factory=dict)
    """Normalized surface -> lexicon bits to set."""
    lexicon_remove: dict[str, int] = field(default_factory=dict)
    """Normalized surface -> lexicon bits to clear."""
    info: dict = field(default_factory=dict)

    # -- use -------------------------------------------------------------------------------------
    def apply(self, base: NerModel) -> NerModel:
        """A new model: ``base`` with this adaptation (``base`` itself is not changed)."""
        if fingerprint(base) != self.base:
            raise ValueError("made for another version of the entity model")
        heads = base.heads
        if len(self.out_w) != len(heads) or len(self.out_b) != len(heads):
            raise ValueError(f"has {len(self.out_w)} output layers for {len(heads)} networks")
        for (net, _), w, b in zip(heads, self.out_w, self.out_b):
            if w.shape != net.out_w.shape or b.shape != net.out_b.shape:
                raise ValueError(f"output layer of shape {w.shape}, the network has {net.out_w.shape}")
        K = N_TAGS
        if self.trans.shape != (K, K) or self.start.shape != (K,) or self.end.shape != (K,):
            raise ValueError("CRF transitions of the wrong shape")
        for a in (self.trans, self.start, self.end, *self.out_w, *self.out_b):
            if not np.all(np.isfinite(a)):
                raise ValueError("weights are not finite numbers")
        model = copy.copy(base)
        model.cascade = None  # the adapted networks read every sentence together
        model.social = None  # and every line: what was learned applies to all of them
        layers = [(np.asarray(w, dtype=np.float32), np.asarray(b, dtype=np.float32)) for w, b in zip(self.out_w, self.out_b)]
        if base.runtime is not None and base.runtime.adaptable:
            # the compiled graph gives each member's hidden layer; the adapted output layers read it
            model.adapted = layers
        else:  # the numpy networks, with the adapted output layers
            members = []
            for (net, wt), (w, b) in zip(base.members, layers):
                adapted = copy.copy(net)
                adapted.out_w, adapted.out_b = w, b
                members.append((adapted, wt))
            model._members = members
            model.runtime = None
            model.adapted = None
        model.trans, model.start, model.end = masked_crf(self.trans, self.start, self.end)
        if self.lexicon_add or self.lexicon_remove:
            model.featurizer = _with_lexicon(base.featurizer, self.lexicon_add, self.lexicon_remove)
        return model

    # -- files -----------------------------------------------------------------------------------
    def save(self, directory: str | Path) -> None:
        """Write ``adaptation.npz`` and ``adaptation.json`` into ``directory`` (made if needed),
        each flushed to disk (fsync) before this returns."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        arrays = {"trans": self.trans, "start": self.start, "end": self.end}
        for i, (w, b) in enumerate(zip(self.out_w, self.out_b)):
            arrays[f"out_w_{i}"] = w
            arrays[f"out_b_{i}"] = b
        with open(directory / "adaptation.npz", "wb") as f:
            np.savez(f, **{k: np.asarray(v, dtype=np.float32) for k, v in arrays.items()})
            f.flush()
            os.fsync(f.fileno())
        meta = {
            "format": FORMAT,
            "base": self.base,
            "members": len(self.out_w),
            "lexicon_add": dict(sorted(self.lexicon_add.items())),
            "lexicon_remove": dict(sorted(self.lexicon_remove.items())),
            "info": self.info,
        }
        with open(directory / "adaptation.json", "w", encoding="utf-8") as f:
            json.dump(meta, f, ensure_ascii=False, indent=1)
            f.write("\n")
            f.flush()
            os.fsync(f.fileno())

    @classmethod
    def load(cls, directory: str | Path) -> Adaptation:
        """Read an adaptation; any problem raises ValueError or OSError."""
        directory = Path(directory)
        meta = json.loads((directory / "adaptation.json").read_text(encoding="utf-8"))
        if not isinstance(meta, dict) or meta.get("format") != FORMAT:
            raise ValueError(f"not an adaptation of format {FORMAT}")
        n = meta.get("members")
        if not isinstance(n, int) or n < 1:
            raise ValueError("no member count")
        add, remove = meta.get("lexicon_add", {}), meta.get("lexicon_remove", {})
        for d in (add, remove):
            if not isinstance(d, dict) or not all(isinstance(k, str) and k and isinstance(v, int) for k, v in d.items()):
                raise ValueError("malformed lexicon changes")
        weights = directory / "adaptation.npz"
        try:
            with np.load(weights, allow_pickle=False) as z:
                arrays = {k: np.asarray(z[k], dtype=np.float32) for k in z.files}
        except (ValueError, EOFError, zipfile.BadZipFile) as e:  # numpy's own words suggest unpickling
            raise ValueError(f"{weights.name} is damaged (not an array archive)") from e
        try:
            return cls(
                base=str(meta["base"]),
                out_w=[arrays[f"out_w_{i}"] for i in range(n)],
                out_b=[arrays[f"out_b_{i}"] for i in range(n)],
                trans=arrays["trans"],
                start=arrays["start"],
                end=arrays["end"],
                lexicon_add=add,
                lexicon_remove=remove,
                info=meta.get("info", {}) if isinstance(meta.get("info"), dict) else {},
            )
        except KeyError as e:
            raise ValueError(f"missing {e.args[0]}") from e


def _with_lexicon(feat: Featurizer, add: dict[str, int], remove: dict[str, int]) -> Featurizer:
    lexicon = dict(feat.lexicon)
    for w, bits in add.items():
        lexicon[w] = lexicon.get(w, 0) | bits
    for w, bits in remove.items():
        if w in lexicon:
            left = lexicon[w] & ~bits
            if left:
                lexicon[w] = left
            else:
                del lexicon[w]
    return Featurizer(list(feat.char_ids), list(feat.bigrams), lexicon)
