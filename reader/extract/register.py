"""Which lines read like a social-media post rather than news: the register classifier.

A linear classifier over a line's characters and character bigrams (hashed into a fixed table),
mean-pooled over the line: ``score = mean(weights of its features) + bias``. A line whose score
reaches the threshold is *informal*; the default model reads those lines with a network trained
for microblog text (see :class:`reader.extract.model.NerModel`). Trained by
``scripts/train_register.py``; the table is a small npz file (``weights`` int8 times ``scale``,
``bias``, ``threshold``).

The unit is a line (the text between two line breaks), so a text read whole and the same text read
in pieces cut at line breaks route every line the same way.
"""

from __future__ import annotations

import functools
import pathlib
import re
import threading
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from reader.core.errors import ExtractorUnavailable
from reader.core.model import Span
from reader.extract.lexicon import Lexicon

CHAR_BUCKETS = 1 << 16
"""Characters: their code point modulo this (the BMP itself; astral characters share buckets)."""
BIGRAM_BUCKETS = 131071
"""Character pairs: ``(a * BIGRAM_MULT + b) % BIGRAM_BUCKETS`` (a prime), after the characters."""
BIGRAM_MULT = 1000003
N_FEATURES = CHAR_BUCKETS + BIGRAM_BUCKETS

LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
"""A line: what lies between two line breaks (the unit the classifier decides on, and the model's
first cut of a text)."""


def code_points(norm: str) -> np.ndarray:
    """The code points of a (normalised) text, as int64 (a lone surrogate is one too)."""
    return np.frombuffer(norm.encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)


def feature_ids(cps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Feature ids of every character and of every pair of neighbours (one fewer)."""
    chars = cps & (CHAR_BUCKETS - 1)
    pairs = (cps[:-1] * BIGRAM_MULT + cps[1:]) % BIGRAM_BUCKETS + CHAR_BUCKETS
    return chars, pairs


def line_features(norm_line: str) -> np.ndarray:
    """Every feature id of one line (what training pools over)."""
    chars, pairs = feature_ids(code_points(norm_line))
    return np.concatenate([chars, pairs])


class Register:
    """The classifier: ``weights`` (N_FEATURES,), ``bias``, and the ``threshold`` a line's score
    must reach to count as informal."""

    def __init__(self, weights: np.ndarray, bias: float, threshold: float) -> None:
        weights = np.asarray(weights, dtype=np.float32)
        if weights.shape != (N_FEATURES,):
            raise ValueError(f"register weights must have shape ({N_FEATURES},), not {weights.shape}")
        self.weights = weights
        self.bias = float(bias)
        self.threshold = float(threshold)

    @classmethod
    def load(cls, path: pathlib.Path) -> Register:
        with np.load(path, allow_pickle=False) as z:
            return cls(z["weights"].astype(np.float32) * float(z["scale"]), float(z["bias"]), float(z["threshold"]))

    @staticmethod
    def quantised(weights: np.ndarray) -> tuple[np.ndarray, float]:
        """``weights`` as int8 and their scale (what the file stores)."""
        scale = float(np.abs(weights).max()) / 127 or 1.0
        return np.clip(np.rint(weights / scale), -127, 127).astype(np.int8), scale

    def save(self, path: pathlib.Path) -> None:
        """Write the classifier: weights as int8 with one scale (the file is a third of float16's)."""
        q, scale = self.quantised(self.weights)
        np.savez_compressed(path, weights=q, scale=np.float32(scale), bias=np.float32(self.bias), threshold=np.float32(self.threshold))

    def scores(self, norm: str, lines: Sequence[tuple[int, int]]) -> np.ndarray:
        """The score of each line ``(start, end)`` of ``norm`` (a normalised text; lines hold no
        line break and are not empty)."""
        if not lines:
            return np.zeros(0, dtype=np.float64)
        chars, pairs = feature_ids(code_points(norm))
        w = self.weights
        c_sum = np.concatenate([[0.0], np.cumsum(w[chars], dtype=np.float64)])
        p_sum = np.concatenate([[0.0], np.cumsum(w[pairs], dtype=np.float64)])
        a = np.fromiter((s for s, _ in lines), dtype=np.int64, count=len(lines))
        b = np.fromiter((e for _, e in lines), dtype=np.int64, count=len(lines))
        total = c_sum[b] - c_sum[a] + p_sum[b - 1] - p_sum[a]
        return total / (2 * (b - a) - 1) + self.bias

    def informal(self, norm: str, lines: Sequence[tuple[int, int]]) -> np.ndarray:
        """Whether each line reads like a social-media post (bool array)."""
        return self.scores(norm, lines) >= self.threshold

    def informal_at(self, norm: str, positions: Sequence[int]) -> list[bool]:
        """Whether the line each of ``positions`` (indices into ``norm``, a normalised text; none on
        a line break) lies in reads like a social-media post."""
        lines = [m.span() for m in LINE.finditer(norm)]
        informal = self.informal(norm, lines)
        if not informal.any():
            return [False] * len(positions)
        starts = np.fromiter((a for a, _ in lines), dtype=np.int64, count=len(lines))
        at = np.fromiter(positions, dtype=np.int64, count=len(positions))
        return informal[np.searchsorted(starts, at, side="right") - 1].tolist()


@functools.lru_cache(maxsize=4)
def load_register(path: pathlib.Path) -> Register:
    """The classifier in ``path``, read once per process: the model's routing and the organisations
    of informal lines share it."""
    return Register.load(path)


Job = tuple[int, int, int, int, int]
"""A model's unit of work: (text index, start, length, kept start, kept end); see NerModel."""


class Social:
    """The informal lines of a model's input and the model that reads them: ``register`` decides
    line by line, ``load`` gives the model (called once, on the first informal line)."""

    def __init__(self, register: Register, load: Callable[[], Any]) -> None:
        self.register = register
        self._load = load
        self._model: Any = None
        self._lock = threading.Lock()

    @property
    def model(self) -> Any:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    try:
                        self._model = self._load()
                    except (OSError, ImportError, KeyError, ValueError, RuntimeError) as e:
                        raise ExtractorUnavailable(f"the model of informal lines cannot be loaded: {e}") from e
        return self._model

    def route(self, jobs: list[Job], norms: Sequence[str]) -> tuple[list[Job], list[Job]]:
        """``jobs`` split into (formal, informal) by the line each starts in; order is kept."""
        offsets = np.cumsum([0] + [len(n) + 1 for n in norms[:-1]])
        flags = self.register.informal_at("\n".join(norms), [offsets[job[0]] + job[1] for job in jobs])
        if not any(flags):
            return jobs, []
        return [j for j, f in zip(jobs, flags) if not f], [j for j, f in zip(jobs, flags) if f]


class InformalLexicon:
    """Names looked up only on the lines that read like a social-media post, line by line as the
    network of informal lines reads them: the organisations of informal lines
    (``organisations.txt`` beside that network, mined from Weibo NER train: 新浪, 土豆网)."""

    def __init__(self, lexicon: Lexicon, register: Register) -> None:
        self.lexicon = lexicon
        self.register = register

    def __bool__(self) -> bool:
        return bool(self.lexicon)

    def find(self, text: str) -> list[Span]:
        """The lexicon's occurrences in ``text`` that lie on informal lines."""
        hits = self.lexicon.find(text)
        if not hits:
            return []
        from reader.extract.model import normalize

        flags = self.register.informal_at(normalize(text), [h.start for h in hits])
        return [h for h, f in zip(hits, flags) if f]
