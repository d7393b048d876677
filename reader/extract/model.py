"""Statistical PER/LOC/ORG tagger: a character CNN-CRF, run compiled (onnxruntime) or in numpy.

The model (trained by ``scripts/train_ner.py``, shipped in ``resources/ner/``) reads, for every
character (:mod:`reader.extract.features` makes the inputs), a character embedding, an embedding of the bigram it starts, and 16 lexicon bits (the
B/M/E/S position of the character in any word of four lexicons matched in the text: general
words, person names, places, organisations, all derived from the PFR 1998-01 corpus). A stack of
dilated 1-D convolutions with residual connections gives per-character BIOES tag scores, and a
linear-chain CRF (:mod:`reader.extract.crf`) is decoded with Viterbi. The numpy networks are in
:mod:`reader.extract.network`, the cascade in :mod:`reader.extract.cascade`; the compiled graphs run in
:mod:`reader.extract.runtime`.

Files: ``config.json`` (sizes, layer layout, labels), ``vocab.json`` (characters, bigrams,
lexicon), ``model.npz`` (float16 weights, the training scripts' format; loaded with
``allow_pickle=False``) and ``model.onnx`` (the network's forward pass as an int8 ONNX graph, made
from the npz file by ``scripts/export_onnx.py``; what the app runs, with onnxruntime). The numpy
:class:`Network` is the reference the graphs are tested against, and what training code reads. The
shipped default is an ensemble (``ensemble.json``): the large network and the fast one (``fast/``)
share the vocabulary, and their emissions and CRF transitions are averaged with weights chosen on
the dev split. It runs as a :class:`Cascade`: the fast network reads every sentence, the ensemble
only around the characters the fast network is unsure of. A line that reads like a social-media
post (:class:`reader.extract.register.Register`) goes instead to the networks trained for microblog
text (``social/``, an ensemble of its own; :class:`reader.extract.register.Social`).

Offsets are code-point indices into the text as given, end exclusive. Text is cut into sentences at
line breaks and sentence-final punctuation; a piece longer than ``MAX_LEN`` is tagged in
overlapping windows, so memory stays bounded for any input.
"""

from __future__ import annotations

import functools
import json
import pathlib
import re
from collections.abc import Callable, Iterable, Sequence

import numpy as np

from reader.core.model import Origin, Span
from reader.extract.crf import (  # noqa: F401 - part of this module's interface
    LABELS,
    N_TAGS,
    allowed_transitions,
    decode_tags,
    masked_crf,
    marginals_sorted,
    segments,
    tag_names,
    viterbi_sorted,
)
from reader.extract.features import N_LEX, Featurizer, featurizer_of, load_featurizer  # noqa: F401
from reader.extract.cascade import Cascade, reread
from reader.extract.network import Network
from reader.extract.register import LINE as _LINE
from reader.extract.register import Social, load_register
from reader.extract.runtime import EnsembleRuntime, Head, OnnxRuntime, _has_onnxruntime  # noqa: F401

MAX_LEN = 256
WINDOW_STEP = 192
BATCH_CHARS = 2048  # characters per forward pass: smaller batches stay in cache (measured 1k-16k)
VITERBI_CHARS = 32_768  # characters decoded together (memory: about 120 bytes a character)
LANE_CHARS = 16_384  # a call's input is shared among threads only when each gets at least this much


# Full-width ASCII to ASCII, ideographic space to space, Latin upper to lower case, traditional
# characters to simplified ones (below): one C-speed pass.
_NORM = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_NORM[0x3000] = 0x20
for _cp in range(0xFF21, 0xFF3B):
    _NORM[_cp] = _cp - 0xFEE0 + 32
for _cp in range(0x41, 0x5B):
    _NORM[_cp] = _cp + 32


def traditional_to_simplified() -> dict[int, int]:
    """Traditional characters to their simplified forms, one character to one: OpenCC's character
    table (``TSCharacters.txt`` of the opencc-python-reimplemented package, its first choice for
    each), leaving out every character that simplified text writes too (those GB 2312 holds: 著,
    乾, 干), so simplified text reads as before. The networks learnt simplified text (MSRA, PFR);
    a post written in traditional characters (陳冠希, 瀋陽) reads as the same post in simplified ones."""
    import importlib.util

    spec = importlib.util.find_spec("opencc")
    where = [pathlib.Path(p) / "dictionary" / "TSCharacters.txt" for p in (spec.submodule_search_locations or [])] if spec else []
    path = next((p for p in where if p.is_file()), None)
    if path is None:
        raise ImportError("the opencc-python-reimplemented package (its TSCharacters.txt) is not installed")
    table: dict[int, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        src, _, dst = line.partition("\t")
        dst = dst.split(" ")[0]
        if len(src) != 1 or len(dst) != 1 or src == dst:
            continue
        try:
            src.encode("gb2312")
            continue  # written in simplified text too
        except UnicodeEncodeError:
            table[ord(src)] = ord(dst)
    return table


for _cp, _to in traditional_to_simplified().items():
    _NORM.setdefault(_cp, _to)

_SENT = re.compile(r"[^。！？!?]*[。！？!?]+[”’」』）)\"']*|[^。！？!?]+")


def normalize(text: str) -> str:
    """Same length as ``text``: every character mapped to the form the vocabulary uses (full-width
    ASCII as ASCII, Latin lower case, traditional characters as simplified ones)."""
    return text.translate(_NORM)


def _pieces(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of the sentences of ``text``; line breaks are never inside one."""
    for m in _LINE.finditer(text):
        base = m.start()
        line = m.group()
        if len(line) <= 64:
            yield base, m.end()
            continue
        for s in _SENT.finditer(line):
            if s.end() > s.start():
                yield base + s.start(), base + s.end()


_VOCABULARIES: dict[tuple[str, int, int], Featurizer] = {}


def vocabulary(vocab_file: pathlib.Path) -> Featurizer:
    """The featurizer of ``vocab_file``, read once per process (and per version of the file): the
    models of a process share it, and worker processes forked after it was read inherit it."""
    st = vocab_file.stat()
    key = (str(vocab_file.resolve()), st.st_mtime_ns, st.st_size)
    feat = _VOCABULARIES.get(key)
    if feat is None:
        feat = load_featurizer(vocab_file)
        _VOCABULARIES[key] = feat
    return feat


def model_folder(directory: pathlib.Path | None = None, fast: bool = False) -> pathlib.Path:
    """The folder of a model variant: ``directory`` (default: the shipped model), or its ``fast/``."""
    if directory is None:
        from reader.resources import resource_path

        directory = resource_path("ner")
    directory = pathlib.Path(directory)
    return directory / "fast" if fast else directory


def vocab_file(folder: pathlib.Path) -> pathlib.Path:
    """A variant's ``vocab.json``: its own, or that of the nearest folder above it that has one, two
    levels up at most, for a network that shares it (resources/ner/fast, resources/ner/social/a)."""
    for d in (folder, folder.parent, folder.parent.parent):
        if (d / "vocab.json").is_file():
            return d / "vocab.json"
    return folder.parent / "vocab.json"


def _ensemble_spec(directory: pathlib.Path) -> tuple[list[tuple[pathlib.Path, float]], Cascade | None, tuple[pathlib.Path, pathlib.Path] | None]:
    """The member networks of the variant in ``directory`` (folder, weight), its cascade, and the
    model and classifier of its informal lines (``"social": {"path": ..., "classifier": ...}``)."""
    spec_file = directory / "ensemble.json"
    if not spec_file.is_file():
        return [(directory, 1.0)], None, None
    try:
        spec = json.loads(spec_file.read_text(encoding="utf-8"))
        members = [(m["path"], float(m["weight"])) for m in spec["members"]]
        cascade = None
        if spec.get("cascade") is not None:
            c = spec["cascade"]
            paths = [path for path, _ in members]
            if c["member"] not in paths:
                raise ValueError(f"cascade member {c['member']!r} is none of the members {paths}")
            cascade = Cascade(paths.index(c["member"]), float(c["confidence"]), c.get("margin", 3), c.get("context"))
        social = None
        if spec.get("social") is not None:
            social = (directory / spec["social"]["path"], directory / spec["social"]["classifier"])
    except (KeyError, TypeError, ValueError) as e:
        raise ValueError(f"{spec_file}: not a valid ensemble description ({e})") from e
    return [(directory / path, weight) for path, weight in members], cascade, social


def source_fingerprint(directory: pathlib.Path) -> str:
    """sha256 of the files a network's compiled graph is made from (its folder's config.json and
    model.npz; an ensemble.json there is not part of it): the graph records it, a test compares."""
    import hashlib

    directory = pathlib.Path(directory)
    h = hashlib.sha256()
    h.update(repr(1.0).encode())
    for name in ("config.json", "model.npz"):
        h.update((directory / name).read_bytes())
    return h.hexdigest()


BACKENDS = ("auto", "onnx", "numpy")


class NerModel:
    """PER/LOC/ORG extractor. ``NerModel.load().predict(["..."])``.

    One network, or a weighted ensemble of networks that share the vocabulary: their emissions
    and CRF transitions are averaged with the weights, then decoded once with Viterbi. The forward
    pass runs in onnxruntime (``runtime``, the shipped ``model.onnx``) or in numpy (``members``, the
    reference, from the ``model.npz`` files: the training scripts' format).
    """

    def __init__(
        self,
        config: dict,
        vocab: dict | Featurizer,
        weights: dict[str, np.ndarray] | None = None,
        *,
        members: Sequence[tuple[Network, float]] = (),
        runtime: OnnxRuntime | EnsembleRuntime | None = None,
        directory: pathlib.Path | None = None,
        cascade: Cascade | None = None,
        lanes: int = 1,
        social: Social | None = None,
    ):
        self.config = config
        self.lanes = max(1, int(lanes))
        """How many threads one call may tag sentences on (each its own share of the sentences;
        onnxruntime and numpy work without the interpreter lock). A text shorter than
        ``LANE_CHARS`` a lane is tagged on one thread."""
        self.cascade = cascade
        """Set: sentences are read by one small member first (see :class:`Cascade`)."""
        self.social = social
        """Set: lines that read like social-media posts are tagged by its model (see :class:`Social`)."""
        self.featurizer = vocab if isinstance(vocab, Featurizer) else featurizer_of(vocab)
        self.runtime = runtime
        self.directory = directory
        self._members: list[tuple[Network, np.float32]] | None = None
        self.adapted: list[tuple[np.ndarray, np.ndarray]] | None = None
        """Output layers that replace the members' (a learned adaptation on the compiled graph):
        emissions are then computed here from the graph's hidden layers."""
        if runtime is not None:
            self.trans, self.start, self.end = runtime.trans, runtime.start, runtime.end
            return
        nets = list(members)
        if weights is not None:
            nets.insert(0, (Network(config, weights), 1.0))
        self._set_members(nets)
        self.trans, self.start, self.end = masked_crf(
            *(sum(wt * getattr(net, k) for net, wt in self.members) for k in ("trans", "start", "end"))
        )

    def _set_members(self, nets: list[tuple[Network, float]]) -> None:
        if not nets:
            raise ValueError("a model needs at least one network")
        total = sum(wt for _, wt in nets)
        if any(wt <= 0 for _, wt in nets):
            raise ValueError("ensemble weights must be positive")
        self._members = [(net, np.float32(wt / total)) for net, wt in nets]

    @property
    def members(self) -> list[tuple[Network, np.float32]]:
        """The numpy member networks and their weights (read from the npz files on first use when
        the model runs compiled)."""
        if self._members is None:
            if self.directory is None:
                raise ValueError("this model has no numpy networks")
            self._set_members([(Network.load(path)[0], wt) for path, wt in _ensemble_spec(self.directory)[0]])
        assert self._members is not None
        return self._members

    @property
    def heads(self) -> list[tuple[Network | Head, np.float32]]:
        """Each member's output layer and CRF with its weight: from the compiled graph's metadata
        when it has them (no npz file read), else the numpy networks."""
        if self.runtime is not None and self.runtime.adaptable:
            return list(zip(self.runtime.heads, self.member_weights))
        return list(self.members)

    @property
    def member_weights(self) -> list[np.float32]:
        """Each member network's weight in the ensemble (they sum to 1)."""
        if self.runtime is not None:
            return [np.float32(w) for w in self.runtime.weights]
        return [wt for _, wt in self.members]

    def member_features(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray, mask: np.ndarray) -> list[np.ndarray]:
        """Each member's last hidden layer (what its output layer reads), in one pass."""
        if self.runtime is not None and self.runtime.adaptable:
            return self.runtime.features(cids, bids, lex)
        return [net.features(cids, bids, lex, mask) for net, _ in self.members]

    @property
    def backend(self) -> str:
        return "numpy" if self.runtime is None else f"onnxruntime ({self.runtime.precision})"

    def member_emissions(self, k: int, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Member ``k``'s own emissions (unweighted), (batch, time, tags)."""
        if isinstance(self.runtime, EnsembleRuntime):
            return self.runtime.member_emissions(k, cids, bids, lex)
        if self.runtime is not None:
            raise ValueError("this compiled model runs its networks as one graph")
        return self.members[k][0].emissions(cids, bids, lex, mask)

    def member_crf(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Member ``k``'s own CRF (transitions, start, end), disallowed moves masked."""
        if isinstance(self.runtime, EnsembleRuntime):
            rt = self.runtime.parts[k]
            return rt.trans, rt.start, rt.end
        net = self.members[k][0]
        return masked_crf(net.trans, net.start, net.end)

    def fingerprint_parts(self) -> list[tuple[np.float32, list[np.ndarray]]]:
        """Each member's weight and the arrays that identify it (output layer, CRF transitions,
        convolution biases): from the graphs' metadata when they carry them, else the networks."""
        if isinstance(self.runtime, EnsembleRuntime):
            parts = self.runtime.member_arrays()
            if parts is not None:
                return parts
        return [(wt, [net.out_w, net.out_b, net.trans, net.start, net.end, *net.conv_b]) for net, wt in self.members]

    @classmethod
    def load(
        cls,
        directory: pathlib.Path | None = None,
        *,
        fast: bool = False,
        backend: str = "auto",
        threads: int | None = None,
        cascade: bool = True,
        social: bool = True,
    ) -> NerModel:
        """The model in ``directory`` (default: the shipped one; ``fast``: its ``fast/`` variant).

        ``backend``: ``onnx`` runs the directory's ``model.onnx`` in onnxruntime; ``numpy`` the npz
        networks; ``auto`` the first one
        whose files and library are there. A directory with an ``ensemble.json`` (``{"members":
        [{"path": ".", "weight": 0.65}, ...]}``, paths relative to it) loads every member network
        and averages them (compiled: each member folder's own ``model.onnx``); the vocabulary is
        the directory's ``vocab.json``, or its parent's for a variant that shares it. ``cascade``
        False: every sentence is read by the whole ensemble even where ``ensemble.json`` sets a
        :class:`Cascade`; ``social`` False: no line is given to the model of informal lines even
        where ``ensemble.json`` names one (:class:`Social`). ``threads``: how many cores one call
        may use (default: all this process may run on): a long input's sentences are shared among
        that many threads (``lanes``); each onnxruntime session runs on its caller's thread.
        """
        if backend not in BACKENDS:
            raise ValueError(f"backend must be one of {', '.join(BACKENDS)}, not {backend!r}")
        directory = model_folder(directory, fast)
        vocab_path = vocab_file(directory)
        vocab = vocabulary(vocab_path)
        sizes = [vocab.n_chars, vocab.n_bigrams]
        if threads is None:
            from reader.extract import available_cores

            threads = available_cores()
        paths, spec_cascade, spec_social = _ensemble_spec(directory)
        spec_cascade = spec_cascade if cascade else None
        onnx_files = [path / "model.onnx" for path, _ in paths]
        if backend == "auto":
            backend = "onnx" if all(f.is_file() for f in onnx_files) and _has_onnxruntime() else "numpy"
        route = None
        if social and spec_social is not None:
            # the informal lines' model: loaded on first use, with the same backend and threads
            social_dir, classifier = spec_social
            for path, _ in _ensemble_spec(social_dir)[0]:
                weights = path / ("model.onnx" if backend == "onnx" else "model.npz")
                if not weights.is_file():
                    raise FileNotFoundError(f"{weights}: no such file (the model of informal lines)")
            route = Social(load_register(classifier), functools.partial(cls.load, social_dir, backend=backend, threads=threads))
        if backend == "onnx":
            runtimes = []
            for onnx_file in onnx_files:
                if not onnx_file.is_file():
                    raise FileNotFoundError(f"{onnx_file}: no such file (scripts/export_onnx.py writes it)")
                rt = OnnxRuntime(onnx_file, threads=1)
                if "vocab_size" in rt.config and sizes != rt.config["vocab_size"]:
                    raise ValueError(f"{vocab_path} does not belong to the model in {onnx_file}")
                runtimes.append(rt)
            if not (directory / "ensemble.json").is_file():
                runtime: OnnxRuntime | EnsembleRuntime = runtimes[0]
            else:
                runtime = EnsembleRuntime([(rt, w) for rt, (_, w) in zip(runtimes, paths)])
            return cls(runtime.config, vocab, runtime=runtime, directory=directory, cascade=spec_cascade, lanes=threads, social=route)
        members = []
        config: dict = {}
        for path, weight in paths:
            net, cfg = Network.load(path)
            if "vocab_size" in cfg and sizes != cfg["vocab_size"]:
                raise ValueError(f"{vocab_path} does not belong to the model in {path}")
            config = config or cfg
            members.append((net, weight))
        return cls(config, vocab, members=members, directory=directory, cascade=spec_cascade, lanes=threads, social=route)

    # -- inference ---------------------------------------------------------------------------

    def predict(self, texts: list[str]) -> list[list[Span]]:
        tags = self.predict_tags(texts)
        out: list[list[Span]] = []
        for text, tg in zip(texts, tags):
            out.append([Span(s, e, LABELS[lab], Origin.MODEL) for s, e, lab in decode_tags(tg)])
        return out

    def predict_tags(self, texts: Sequence[str]) -> list[np.ndarray]:
        """One BIOES tag id per character of each text."""
        results = [np.zeros(len(t), dtype=np.int8) for t in texts]
        # (text index, sequence start, length, core start, core end) in text coordinates
        jobs: list[tuple[int, int, int, int, int]] = []
        norms = []
        for ti, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"predict() takes str texts, got {type(text).__name__}")
            norms.append(normalize(text))
            for a, b in _pieces(text):
                n = b - a
                if n <= MAX_LEN:
                    jobs.append((ti, a, n, a, b))
                    continue
                ov = (MAX_LEN - WINDOW_STEP) // 2
                s = a
                while True:
                    e = min(s + MAX_LEN, b)
                    lo = a if s == a else s + ov
                    hi = b if e == b else e - ov
                    jobs.append((ti, s, e - s, lo, hi))
                    if e == b:
                        break
                    s += WINDOW_STEP
        jobs.sort(key=lambda j: j[2])

        def keep(job: tuple[int, int, int, int, int], path: np.ndarray) -> None:
            ti, s, _, lo, hi = job
            results[ti][lo:hi] = path[lo - s : hi - s]

        if self.social is not None and jobs:
            jobs, informal = self.social.route(jobs, norms)
            if informal:
                self.social.model._run(informal, norms, keep)
        self._run(jobs, norms, keep)
        return results

    def _run(self, jobs: list[tuple[int, int, int, int, int]], norms: list[str], keep: Callable) -> None:
        """Tag ``jobs`` on this model's lanes."""
        lanes = min(self.lanes, sum(job[2] for job in jobs) // LANE_CHARS)
        if lanes <= 1:
            self._tag(jobs, norms, keep)
            return
        # Each lane its share of the sentences (every lanes-th, still sorted by length); a
        # sentence's tags do not depend on the sentences it is batched with, so the result is the
        # same on any number of lanes. Each job writes its own characters.
        from concurrent.futures import ThreadPoolExecutor

        with ThreadPoolExecutor(lanes, thread_name_prefix="reader-tag") as pool:
            list(pool.map(lambda part: self._tag(part, norms, keep), [jobs[i::lanes] for i in range(lanes)]))

    def _tag(self, jobs: list[tuple[int, int, int, int, int]], norms: list[str], keep: Callable) -> None:
        """Tag ``jobs`` (sorted by length) and ``keep(job, tags)`` each, with the cascade if any (a
        learned adaptation has none: it adapts the whole ensemble)."""
        cascade = self.cascade
        if cascade is None:
            for job, path, _, _ in self._tag_jobs(jobs, norms, lambda feats, _: self.emissions(*feats), (self.trans, self.start, self.end)):
                keep(job, path)
            return
        # The cascade: the small member reads every sentence; the ensemble rereads what it is unsure of.
        k = cascade.member
        pending = []
        for job, path, unsure, kept in self._tag_jobs(
            jobs, norms, lambda feats, _: self.member_emissions(k, *feats), self.member_crf(k), confidence=cascade.confidence
        ):
            if kept is None:
                keep(job, path)
            else:
                pending.append((job, path.copy(), unsure, kept))
        if pending:
            reread(self, pending, cascade)
            for job, path, _, _ in pending:
                keep(job, path)

    def _radius(self, j: int) -> int:
        """How far member ``j``'s emissions look on either side (its convolutions' reach)."""
        if isinstance(self.runtime, EnsembleRuntime):
            dilations = self.runtime.parts[j].config["dilations"]
        else:
            dilations = self.members[j][0].dilations
        return int(sum(dilations))

    def _tag_jobs(
        self,
        jobs: list[tuple[int, int, int, int, int]],
        norms: list[str],
        emit: Callable[[tuple[np.ndarray, ...], list], np.ndarray],
        crf: tuple[np.ndarray, np.ndarray, np.ndarray],
        confidence: float | None = None,
    ) -> Iterable[tuple[tuple[int, int, int, int, int], np.ndarray, np.ndarray | None, tuple[np.ndarray, ...] | None]]:
        """Tag ``jobs`` (sorted by length): ``(job, tags, unsure, kept)``. ``emit((cids, bids, lex,
        mask), batch)`` gives a batch's emissions; ``crf`` decodes them. With ``confidence``, ``unsure`` are
        the positions whose most probable tag has a marginal probability below it, and a job with
        any comes with its emissions and features (``kept``: (emissions, cids, bids, lex) of its
        characters; else None)."""
        # Forward passes in batches of about BATCH_CHARS characters; Viterbi over groups of batches
        # (about VITERBI_CHARS characters): one time step of the decoder serves every sequence of a
        # group, so the number of numpy calls grows with the longest sequence, not the batch count.
        group: list[tuple[list[tuple[int, int, int, int, int]], np.ndarray, tuple[np.ndarray, ...]]] = []
        group_chars = 0

        def decode_group():
            rows = [job for batch, _, _ in group for job in batch]
            lengths = np.fromiter((job[2] for job in rows), dtype=np.int64, count=len(rows))
            E = np.zeros((group[-1][1].shape[1], len(rows), N_TAGS), dtype=np.float32)
            r = 0
            for batch, emis, _ in group:
                E[: emis.shape[1], r : r + len(batch)] = emis.transpose(1, 0, 2)
                r += len(batch)
            if confidence is None:
                paths, _ = self._viterbi_sorted(E, lengths, crf)
                for job, path in zip(rows, paths):
                    yield job, path, None, None
                return
            # each character's most probable tag, and whether its probability reaches the confidence
            best, tags = marginals_sorted(E, lengths, crf)
            low = best < confidence  # (time, rows); False past a row's end
            rows_unsure = low.any(axis=0).tolist()
            tags = np.ascontiguousarray(tags.T)
            r = 0
            for batch, _, feats in group:
                for b, job in enumerate(batch):
                    n = job[2]
                    if rows_unsure[r]:
                        yield job, tags[r, :n], np.flatnonzero(low[:n, r]), (E[:n, r].copy(), *(a[b, :n] for a in feats))
                    else:
                        yield job, tags[r, :n], None, None
                    r += 1

        i = 0
        while i < len(jobs):
            j = i
            while j < len(jobs) and (j - i + 1) * jobs[j][2] <= BATCH_CHARS:
                j += 1
            j = max(j, i + 1)
            batch = jobs[i:j]
            lengths = np.array([n for _, _, n, _, _ in batch])
            feats = self.featurizer.encode_batch([norms[ti][s : s + n] for ti, s, n, _, _ in batch])
            T = int(lengths.max())
            mask = (np.arange(T)[None, :] < lengths[:, None]).astype(np.float32)[:, :, None]
            emis = emit((*feats, mask), batch)
            group.append((batch, emis, feats))
            group_chars += emis.shape[0] * emis.shape[1]
            if group_chars >= VITERBI_CHARS:
                yield from decode_group()
                group, group_chars = [], 0
            i = j
        if group:
            yield from decode_group()

    def emissions(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray, mask: np.ndarray) -> np.ndarray:
        """Weighted sum of the member networks' emissions, shape (batch, time, tags)."""
        if self.adapted is not None:
            emis = None
            for h, (w, b), (_, wt) in zip(self.member_features(cids, bids, lex, mask), self.adapted, self.heads):
                B, T, H = h.shape
                e = (h.reshape(B * T, H) @ w).reshape(B, T, -1) + b
                e *= wt
                emis = e if emis is None else emis + e
            return emis
        if self.runtime is not None:
            return self.runtime.emissions(cids, bids, lex, mask)
        (net, wt), *rest = self.members
        emis = net.emissions(cids, bids, lex, mask)
        if rest:
            emis *= wt
            for net, wt in rest:
                emis += wt * net.emissions(cids, bids, lex, mask)
        return emis

    def viterbi(self, emis: np.ndarray, lengths: np.ndarray) -> list[np.ndarray]:
        """Best tag path of each sequence: ``emis`` (batch, time, tags), ``lengths`` (batch,) >= 1."""
        lengths = np.asarray(lengths, dtype=np.int64)
        order = np.argsort(lengths, kind="stable")
        E = np.ascontiguousarray(emis[order].transpose(1, 0, 2))
        paths, _ = self._viterbi_sorted(E[: int(lengths.max())], lengths[order], (self.trans, self.start, self.end))
        out: list[np.ndarray] = [paths[0]] * len(paths)
        for r, path in zip(order.tolist(), paths):
            out[r] = path
        return out

    _viterbi_sorted = staticmethod(viterbi_sorted)
