"""Model inputs from text: character ids, character-bigram ids and lexicon bits, by array lookups
(no per-character Python). :class:`Featurizer` is shared by training (``scripts/train_ner.py``)
and inference (:mod:`reader.extract.model`), so both see the same features.
"""

from __future__ import annotations

import hashlib
import json
import pathlib
import zipfile
from collections.abc import Callable, Sequence
from itertools import repeat

import numpy as np

N_LEX = 16  # 4 lexicons x B M E S

_PAD, _UNK, _END = 0, 1, 2
_HASH_MUL = np.uint64(0x9E3779B97F4A7C15)


def code_points(text: str) -> np.ndarray:
    """The code points of ``text`` as an array (lone surrogates included)."""
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _unique(a: np.ndarray) -> np.ndarray:
    """``np.unique(a)`` for a 1-D array, by sorting (numpy's hash-based unique is many times slower
    on large integer arrays)."""
    a = np.sort(a)
    if len(a) < 2:
        return a
    return a[np.concatenate(([True], a[1:] != a[:-1]))]


class Featurizer:
    """Text to model inputs; shared by training and inference so both see the same features.

    Made from a vocabulary (the characters, the bigrams, the lexicon with its flags), or from the
    lookup tables one made before (:meth:`arrays`, :meth:`from_arrays`; what ``vocab.npz`` holds
    beside the shipped ``vocab.json``), which loads several times quicker; the vocabulary's strings
    are then read only when something asks for them (the per-string :meth:`encode`, learning)."""

    def __init__(self, chars: Sequence[str], bigrams: Sequence[str], lexicon: dict[str, int]):
        self._char_ids: dict[str, int] | None = {c: i for i, c in enumerate(chars)}
        self._bigrams: Sequence[str] | None = bigrams
        self.n_bigrams = len(bigrams)
        self._bigram_ids: dict[str, int] | None = None
        self._lexicon: dict[str, int] | None = lexicon
        self._prefixes: set[str] | None = None
        self._source: Callable[[], tuple[Sequence[str], Sequence[str], dict[str, int]]] | None = None
        # Everything below is built with array operations over the joined strings (no per-entry
        # Python beyond len()): loading the model is part of every process's start.
        words = list(lexicon)
        word_len = np.fromiter(map(len, words), dtype=np.int64, count=len(words))
        self.max_word = int(word_len.max()) if len(words) else 1
        V = self.n_chars = len(chars)
        cid = self.char_ids
        # Pairs of known characters are looked up as integers (id1 * V + id2), vectorized.
        big_len = np.fromiter(map(len, bigrams), dtype=np.int64, count=len(bigrams))
        pairs = np.flatnonzero(big_len == 2)
        big_cps = code_points("".join(bigrams))
        at = (np.cumsum(big_len) - big_len)[pairs]
        pair_cps = np.stack([big_cps[at], big_cps[at + 1]], axis=1) if len(pairs) else np.zeros((0, 2), dtype=np.uint32)
        lex_cps = code_points("".join(words))
        word_at = np.cumsum(word_len) - word_len
        # Code point -> id tables, so that a text becomes ids by array indexing (no per-character
        # Python). For the bigram keys, a character that only occurs in bigrams gets an id of its own
        # (V, V+1, ...); a pair with any other character is unknown.
        singles = {c: i for c, i in cid.items() if len(c) == 1}
        single_cps = np.fromiter(map(ord, singles), dtype=np.int64, count=len(singles))
        single_ids = np.fromiter(singles.values(), dtype=np.int64, count=len(singles))
        seen = np.bincount(pair_cps.reshape(-1))
        seen[single_cps[single_cps < len(seen)]] = 0
        extra = np.flatnonzero(seen)  # code points of characters only found in bigrams, ascending
        lex_chars = np.flatnonzero(np.bincount(lex_cps))
        top = int(max(single_cps.max(initial=0), extra.max(initial=0), lex_chars.max(initial=0))) + 1
        self._cp_char = np.full(top + 1, _UNK, dtype=np.int64)  # the last entry stands for every code point >= top
        self._cp_char[single_cps] = single_ids
        self._cp_pair = np.full(top + 1, -1, dtype=np.int64)
        self._cp_pair[single_cps] = single_ids
        self._cp_pair[extra] = np.arange(V, V + len(extra))
        self._n_pair = V + len(extra)
        ids = self._cp_char[pair_cps]
        ok = (ids > _END).all(axis=1)
        keys = ids[ok, 0] * V + ids[ok, 1]
        order = np.argsort(keys, kind="stable")
        self._bkeys = keys[order]
        self._bvals = pairs[ok][order]
        long_at = word_at[word_len >= 2]
        ids = self._cp_char[np.stack([lex_cps[long_at], lex_cps[long_at + 1]], axis=1)] if len(long_at) else np.zeros((0, 2), dtype=np.int64)
        ids = ids[(ids > _END).all(axis=1)]
        self._pkeys = _unique(ids[:, 0] * V + ids[:, 1])
        self._pairkeys, self._pairvals = self._bkeys, self._bvals
        if len(extra):
            ids = self._cp_pair[pair_cps]
            keys = ids[:, 0] * self._n_pair + ids[:, 1]
            order = np.argsort(keys, kind="stable")
            self._pairkeys, self._pairvals = keys[order], pairs[order]
        # Lexicon words as 64-bit polynomial hashes of their characters: for each length L, a sorted
        # table of the words (with their flags) and one of the L-character prefixes of longer words.
        self._cp_lex = np.zeros(top + 1, dtype=np.uint64)
        self._cp_lex[lex_chars] = np.arange(1, len(lex_chars) + 1, dtype=np.uint64)
        lex_ids = self._cp_lex[lex_cps]
        all_flags = np.fromiter(lexicon.values(), dtype=np.int64, count=len(words))
        prefix_hashes: dict[int, list[np.ndarray]] = {}
        words_at: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        for L in _unique(word_len).tolist():
            sel = np.flatnonzero(word_len == L)
            ids = lex_ids[word_at[sel][:, None] + np.arange(L)]
            h = ids[:, 0].copy()
            for k in range(1, L):
                h = h * _HASH_MUL + ids[:, k]
                if k + 1 < L:
                    prefix_hashes.setdefault(k + 1, []).append(h)
            flags = all_flags[sel]
            order = np.argsort(h)
            words_at[L] = (h[order], flags[order])
        # One sorted table per length for both (one search per level): the word flags (0: only a
        # prefix; of equal hashes the first word's) and whether the hash is a prefix of a longer word.
        self._lex_levels: list[tuple[int, np.ndarray, np.ndarray, np.ndarray, bool]] = []
        empty = np.zeros(0, dtype=np.uint64)
        for L in range(2, self.max_word + 1):
            wh, wf = words_at.get(L, (empty, np.zeros(0, dtype=np.int64)))
            ph = _unique(np.concatenate(prefix_hashes[L])) if L in prefix_hashes else empty
            first = np.concatenate(([True], wh[1:] != wh[:-1])) if len(wh) else np.zeros(0, dtype=bool)
            wh, wf = wh[first], wf[first]
            keys = _unique(np.concatenate([wh, ph]))
            flags = np.zeros(len(keys), dtype=np.int64)
            flags[np.searchsorted(keys, wh)] = wf
            prefix = np.zeros(len(keys), dtype=bool)
            prefix[np.searchsorted(keys, ph)] = True
            self._lex_levels.append((L, keys, flags, prefix, len(ph) > 0))

    # -- the vocabulary's strings (read on first use when made from tables) ----------------------
    def _strings(self) -> tuple[dict[str, int], Sequence[str], dict[str, int]]:
        if self._char_ids is None or self._bigrams is None or self._lexicon is None:
            assert self._source is not None
            chars, bigrams, lexicon = self._source()
            if len(chars) != self.n_chars or len(bigrams) != self.n_bigrams:
                raise ValueError("the vocabulary does not belong to these lookup tables")
            self._char_ids, self._bigrams, self._lexicon = {c: i for i, c in enumerate(chars)}, bigrams, lexicon
        return self._char_ids, self._bigrams, self._lexicon

    char_ids = property(lambda self: self._strings()[0], doc="Character -> id.")
    bigrams = property(lambda self: self._strings()[1], doc="The bigrams, in id order.")
    lexicon = property(lambda self: self._strings()[2], doc="Lexicon word -> its lexicons' bits.")

    def word_bits(self, word: str) -> int | None:
        """The lexicon bits of ``word`` (normalized), None when it is no word of the lexicon: from
        the lookup tables encode_batch reads (the vocabulary's strings are not needed)."""
        L = len(word)
        if not 2 <= L <= self.max_word:
            return None
        ids = self._cp_lex[np.minimum(code_points(word), len(self._cp_lex) - 1)]
        if not ids.all():
            return None
        h = ids[:1].copy()  # arrays: the hash wraps around as in encode_batch
        for k in range(1, L):
            h = h * _HASH_MUL + ids[k : k + 1]
        _, keys, flags, _, _ = self._lex_levels[L - 2]
        found, pos = self._lookup(keys, h)
        return int(flags[pos[0]]) if found[0] and flags[pos[0]] else None

    @property
    def bigram_ids(self) -> dict[str, int]:
        """Bigram string -> id (built on first use: inference looks bigrams up as arrays)."""
        if self._bigram_ids is None:
            self._bigram_ids = {b: i for i, b in enumerate(self.bigrams)}
        return self._bigram_ids

    # -- lookup tables ------------------------------------------------------------------------------
    _TABLES = ("_cp_char", "_cp_pair", "_bkeys", "_bvals", "_pkeys", "_pairkeys", "_pairvals", "_cp_lex")

    def arrays(self) -> dict[str, np.ndarray]:
        """The lookup tables encode_batch reads, as a few named arrays in the smallest integer type
        that holds them (no objects: ``np.savez``); :meth:`from_arrays` restores them."""
        out = {}
        for name in self._TABLES:
            a = getattr(self, name)
            if a.dtype == np.int64 and (not len(a) or (a.min() >= -(2**31) and a.max() < 2**31)):
                a = a.astype(np.int32)
            out[name.lstrip("_")] = a
        out["sizes"] = np.array([self.n_chars, self.n_bigrams, self._n_pair, self.max_word], dtype=np.int64)
        levels = self._lex_levels
        out["lex_bounds"] = np.cumsum([0] + [len(keys) for _, keys, _, _, _ in levels]).astype(np.int64)
        out["lex_keys"] = np.concatenate([keys for _, keys, _, _, _ in levels] or [np.zeros(0, dtype=np.uint64)])
        flags = np.concatenate([f for _, _, f, _, _ in levels] or [np.zeros(0, dtype=np.int64)])
        out["lex_flags"] = flags.astype(np.int8) if not len(flags) or flags.max() < 128 else flags
        out["lex_prefix"] = np.concatenate([p for _, _, _, p, _ in levels] or [np.zeros(0, dtype=bool)])
        out["lex_more"] = np.array([more for *_, more in levels], dtype=bool)
        return out

    @classmethod
    def from_arrays(
        cls, arrays: dict[str, np.ndarray], source: Callable[[], tuple[Sequence[str], Sequence[str], dict[str, int]]]
    ) -> Featurizer:
        """A featurizer from :meth:`arrays`' tables; ``source()`` gives the vocabulary's strings
        (characters, bigrams, lexicon) when they are needed."""
        self = cls.__new__(cls)
        self.n_chars, self.n_bigrams, self._n_pair, self.max_word = (int(v) for v in arrays["sizes"])
        for name in cls._TABLES:
            a = arrays[name.lstrip("_")]
            setattr(self, name, a if a.dtype == np.uint64 else a.astype(np.int64))
        bounds = arrays["lex_bounds"].tolist()
        keys = arrays["lex_keys"].astype(np.uint64)
        flags = arrays["lex_flags"].astype(np.int64)
        prefix = arrays["lex_prefix"].astype(bool)
        more = arrays["lex_more"].tolist()
        if len(more) != self.max_word - 1 or len(bounds) != len(more) + 1 or bounds[-1] != len(keys):
            raise ValueError("lexicon tables of inconsistent sizes")
        self._lex_levels = [
            (L, keys[bounds[i] : bounds[i + 1]], flags[bounds[i] : bounds[i + 1]], prefix[bounds[i] : bounds[i + 1]], bool(more[i]))
            for i, L in enumerate(range(2, self.max_word + 1))
        ]
        self._char_ids = self._bigrams = self._lexicon = None
        self._bigram_ids = None
        self._prefixes = None
        self._source = source
        return self

    @property
    def prefixes(self) -> set[str]:
        if self._prefixes is None:
            pre: set[str] = set()
            for w in self.lexicon:
                for k in range(2, len(w) + 1):
                    pre.add(w[:k])
            self._prefixes = pre
        return self._prefixes

    def encode_batch(self, seqs: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Padded (B, T) char ids, (B, T) bigram ids and (B, T, 16) lexicon bits of normalized texts;
        the same features as :meth:`encode`, computed for the whole batch at once."""
        B = len(seqs)
        lengths = np.fromiter(map(len, seqs), dtype=np.int64, count=B)
        T = int(lengths.max())
        joined = "\x00".join(seqs)  # no lexicon word holds NUL, so no match crosses a boundary
        N = len(joined)
        starts = np.zeros(B, dtype=np.int64)
        np.cumsum(lengths[:-1] + 1, out=starts[1:])
        cps = np.minimum(code_points(joined), len(self._cp_char) - 1)
        chars = self._cp_char[cps]
        bigrams = np.full(N, _END, dtype=np.int64)
        if N > 1:
            pid = self._cp_pair[cps]
            keys = pid[:-1] * self._n_pair + pid[1:]
            found, pos = self._lookup(self._pairkeys, keys)
            found &= (pid[:-1] >= 0) & (pid[1:] >= 0)
            bigrams[:-1] = np.where(found, self._pairvals[pos], _UNK)
        bigrams[starts + lengths - 1] = _END
        lex = np.zeros((N + 1, N_LEX), dtype=np.float32)
        if self._lex_levels and N > 1:
            lids = self._cp_lex[cps]
            alive = np.flatnonzero(lids[:-1] != 0)  # start positions still inside some word's prefix
            h = lids[alive]
            for L, keys, flags, prefix, more in self._lex_levels:
                alive = alive[alive + L - 1 < N]
                if not len(alive):
                    break
                h = h[: len(alive)] * _HASH_MUL + lids[alive + L - 1]
                live = lids[alive + L - 1] != 0
                found, pos = self._lookup(keys, h)
                found &= live
                at = np.flatnonzero(found)
                if len(at):
                    p0 = alive[at]
                    fl = flags[pos[at]]
                    for k in range(4):
                        p = p0[(fl >> k) & 1 == 1]
                        if not len(p):
                            continue
                        lex[p, 4 * k] = 1.0
                        for m in range(1, L - 1):
                            lex[p + m, 4 * k + 1] = 1.0
                        lex[p + L - 1, 4 * k + 2] = 1.0
                if not more:
                    break
                keep = found & prefix[pos]
                alive = alive[keep]
                h = h[keep]
        idx = starts[:, None] + np.arange(T)[None, :]
        valid = np.arange(T)[None, :] < lengths[:, None]
        idx = np.where(valid, idx, N)
        chars = np.append(chars, _PAD)[idx]
        bigrams = np.append(bigrams, _PAD)[idx]
        return chars, bigrams, lex[idx]

    @staticmethod
    def _lookup(table: np.ndarray, keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(table):
            return np.zeros(len(keys), dtype=bool), np.zeros(len(keys), dtype=np.int64)
        pos = np.searchsorted(table, keys)
        np.minimum(pos, len(table) - 1, out=pos)
        return table[pos] == keys, pos

    def encode(self, norm: str) -> tuple[np.ndarray, np.ndarray, list[int]]:
        """Char ids, bigram ids and flat indices (position * 16 + feature) of the lexicon bits."""
        n = len(norm)
        chars = np.fromiter(map(self.char_ids.get, norm, repeat(_UNK)), dtype=np.int64, count=n)
        bigrams = np.full(n, _END, dtype=np.int64)
        if n < 2:
            return chars, bigrams, []
        keys = chars[:-1] * self.n_chars + chars[1:]
        found, pos = self._lookup(self._bkeys, keys)
        bigrams[:-1] = np.where(found, self._bvals[pos], _UNK)
        hits, _ = self._lookup(self._pkeys, keys)
        # pairs with a character outside the vocabulary: by string
        for i in np.flatnonzero((chars[:-1] <= _END) | (chars[1:] <= _END)).tolist():
            pair = norm[i : i + 2]
            bigrams[i] = self.bigram_ids.get(pair, _UNK)
            hits[i] = pair in self.prefixes
        return chars, bigrams, self._lexicon_bits(norm, np.flatnonzero(hits).tolist())

    def lexicon_bits(self, norm: str) -> list[int]:
        starts = [i for i in range(len(norm) - 1) if norm[i : i + 2] in self.prefixes]
        return self._lexicon_bits(norm, starts)

    def _lexicon_bits(self, norm: str, starts: list[int]) -> list[int]:
        lex, pre, maxw = self.lexicon, self.prefixes, self.max_word
        out: list[int] = []
        n = len(norm)
        for i in starts:
            for j in range(i + 2, min(n, i + maxw) + 1):
                w = norm[i:j]
                if w not in pre:
                    break
                f = lex.get(w)
                if f:
                    for k in range(4):
                        if f >> k & 1:
                            b = i * N_LEX + 4 * k
                            out.append(b)
                            out.extend(range(b + N_LEX + 1, (j - 1) * N_LEX + 4 * k, N_LEX))
                            out.append((j - 1) * N_LEX + 4 * k + 2)
        return out


def _vocab_digest(data: bytes) -> np.ndarray:
    return np.frombuffer(hashlib.sha256(data).digest(), dtype=np.uint8)


def save_tables(vocab_file: pathlib.Path, out: pathlib.Path | None = None) -> pathlib.Path:
    """Write the lookup tables of ``vocab_file`` (``vocab.json``) to ``vocab.npz`` beside it (or
    ``out``), with the sha256 of the vocabulary they were made from."""
    data = vocab_file.read_bytes()
    feat = featurizer_of(json.loads(data.decode("utf-8")))
    out = out or vocab_file.with_suffix(".npz")
    np.savez_compressed(out, vocab_sha256=_vocab_digest(data), **feat.arrays())
    return out


def load_featurizer(vocab_file: pathlib.Path) -> Featurizer:
    """The featurizer of ``vocab_file``: from the tables in ``vocab.npz`` beside it when they were
    made from this very file (its sha256), else built from the vocabulary."""
    data = vocab_file.read_bytes()
    tables = vocab_file.with_suffix(".npz")
    if tables.is_file():
        try:
            with np.load(tables, allow_pickle=False) as z:
                arrays = {k: z[k] for k in z.files}
            if np.array_equal(arrays.pop("vocab_sha256"), _vocab_digest(data)):
                return Featurizer.from_arrays(arrays, lambda: _strings(json.loads(vocab_file.read_text(encoding="utf-8"))))
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # damaged or foreign tables: the vocabulary itself is the truth
    return featurizer_of(json.loads(data.decode("utf-8")))


def _strings(vocab: dict) -> tuple[list[str], list[str], dict[str, int]]:
    lexicon = vocab["lexicon"]
    return vocab["chars"], vocab["bigrams"], dict(zip(lexicon, map(int, lexicon.values())))


def featurizer_of(vocab: dict) -> Featurizer:
    """The featurizer of a ``vocab.json`` object (characters, bigrams, lexicon)."""
    return Featurizer(*_strings(vocab))
