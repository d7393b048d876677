"""The compiled forward pass: a network's ``model.onnx`` in onnxruntime (:class:`OnnxRuntime`), an
ensemble's member graphs run one by one and summed (:class:`EnsembleRuntime`), and the output layer
and CRF of a member that learning adapts (:class:`Head`)."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Sequence

import numpy as np

from reader.extract.crf import masked_crf


def _has_onnxruntime() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None


class OnnxRuntime:
    """The compiled forward pass of a model variant: ``model.onnx`` (written from the npz networks by
    ``scripts/export_onnx.py``) run by onnxruntime. Same inputs and emissions as the numpy networks;
    the CRF parameters, config and member weights travel in the file's metadata."""

    def __init__(self, path: pathlib.Path, *, threads: int | None = None):
        import onnxruntime as ort

        so = ort.SessionOptions()
        so.intra_op_num_threads = max(0, threads or 0)  # 0: onnxruntime's default (the physical cores)
        so.inter_op_num_threads = 1
        so.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
        so.log_severity_level = 3
        so.add_session_config_entry("session.intra_op.allow_spinning", "0")  # idle threads sleep: no CPU burnt while Python works
        self.path = pathlib.Path(path)
        try:
            self.session = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])
        except Exception as e:  # onnxruntime's own exception types: a damaged or foreign file
            raise ValueError(f"{path}: onnxruntime cannot load it ({e})") from e
        meta = self.session.get_modelmeta().custom_metadata_map
        try:
            self.config = json.loads(meta["reader.config"])
            self.weights = [float(w) for w in json.loads(meta["reader.members"])]
            crf = json.loads(meta["reader.crf"])
        except (KeyError, ValueError) as e:
            raise ValueError(f"{path} was not written by scripts/export_onnx.py (metadata: {e})") from e
        self.trans, self.start, self.end = (np.asarray(crf[k], dtype=np.float32) for k in ("trans", "start", "end"))
        self.source = meta.get("reader.source", "")
        self.precision = meta.get("reader.precision", "")
        # What learning from corrections adapts (graphs written since the learned model runs compiled):
        # each member's last hidden layer as an output, its output layer and CRF in the metadata.
        self.hidden_outputs = sorted(
            (o.name for o in self.session.get_outputs() if o.name.startswith("hidden")), key=lambda n: int(n[6:] or 0)
        )
        self.heads: list[Head] = []
        self.fingerprint = meta.get("reader.fingerprint", "")
        self.conv_b: list[list[np.ndarray]] | None = None
        """Each member's convolution biases (``reader.conv_b``): with the output layers and CRF,
        what identifies a network for learning (an ensemble of graphs computes its fingerprint)."""
        if "reader.conv_b" in meta:
            try:
                self.conv_b = [[np.asarray(b, dtype=np.float32) for b in m] for m in json.loads(meta["reader.conv_b"])]
            except (TypeError, ValueError) as e:
                raise ValueError(f"{path}: malformed convolution biases in its metadata ({e})") from e
        if "reader.heads" in meta:
            try:
                self.heads = [Head.from_json(h) for h in json.loads(meta["reader.heads"])]
            except (KeyError, TypeError, ValueError) as e:
                raise ValueError(f"{path}: malformed output layers in its metadata ({e})") from e
            if len(self.heads) != len(self.weights) or len(self.hidden_outputs) != len(self.heads):
                raise ValueError(f"{path}: {len(self.heads)} output layers for {len(self.weights)} networks")

    @property
    def adaptable(self) -> bool:
        """Whether the graph gives each member's hidden layer (what a learned adaptation reads)."""
        return bool(self.heads)

    def emissions(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        """(batch, time, tags) emissions; padding is where ``cids`` is 0 (``mask`` is implied)."""
        return self.session.run(["emissions"], {"chars": cids, "bigrams": bids, "lex": lex})[0]

    def features(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray) -> list[np.ndarray]:
        """Each member's last hidden layer, (batch, time, hidden), zero at padding."""
        return self.session.run(self.hidden_outputs, {"chars": cids, "bigrams": bids, "lex": lex})


class EnsembleRuntime:
    """An ensemble run compiled: one graph per member network (each network's folder holds its
    ``model.onnx``), emissions summed with the member weights in member order (the numpy
    ensemble's arithmetic). Each member's emissions can be had alone: what the cascade needs."""

    def __init__(self, parts: Sequence[tuple[OnnxRuntime, float]]):
        if not parts:
            raise ValueError("an ensemble needs at least one network")
        for rt, _ in parts:
            if len(rt.weights) != 1:
                raise ValueError(f"{rt.path} holds {len(rt.weights)} networks, not one: run scripts/export_onnx.py again")
        total = sum(w for _, w in parts)
        if any(w <= 0 for _, w in parts):
            raise ValueError("ensemble weights must be positive")
        self.parts = [rt for rt, _ in parts]
        self.weights = [float(np.float32(w / total)) for _, w in parts]
        self._w = [np.float32(w) for w in self.weights]
        first = self.parts[0]
        self.config = first.config
        self.precision = first.precision
        self.source = "+".join(rt.source for rt in self.parts)
        self.trans, self.start, self.end = masked_crf(
            *(sum(w * getattr(rt, k) for rt, w in zip(self.parts, self._w)) for k in ("trans", "start", "end"))
        )
        self.heads = [h for rt in self.parts for h in rt.heads] if all(rt.adaptable for rt in self.parts) else []
        self.fingerprint = ""  # computed from the members (reader.extract.learn.fingerprint)

    @property
    def adaptable(self) -> bool:
        return bool(self.heads)

    def member_emissions(self, k: int, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray) -> np.ndarray:
        """Member ``k``'s own emissions (unweighted)."""
        return self.parts[k].emissions(cids, bids, lex)

    def emissions(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        emis = None
        for rt, w in zip(self.parts, self._w):
            e = rt.emissions(cids, bids, lex) * w
            emis = e if emis is None else emis + e
        return emis

    def features(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray) -> list[np.ndarray]:
        return [h for rt in self.parts for h in rt.features(cids, bids, lex)]

    def member_arrays(self) -> list[tuple[np.float32, list[np.ndarray]]] | None:
        """Each member's weight and the arrays that identify it (output layer, CRF, convolution
        biases), from the graphs' metadata; None when a graph lacks them."""
        if not self.adaptable or any(rt.conv_b is None for rt in self.parts):
            return None
        out = []
        for rt, w in zip(self.parts, self._w):
            h = rt.heads[0]
            out.append((w, [h.out_w, h.out_b, h.trans, h.start, h.end, *rt.conv_b[0]]))
        return out


class Head:
    """The part of a member network that learning from corrections adapts: its output layer
    (hidden -> tags) and its CRF transitions. A numpy :class:`Network` has the same attributes."""

    __slots__ = ("out_w", "out_b", "trans", "start", "end")

    def __init__(self, out_w, out_b, trans, start, end):
        self.out_w, self.out_b, self.trans, self.start, self.end = (
            np.asarray(a, dtype=np.float32) for a in (out_w, out_b, trans, start, end)
        )
        if self.out_w.ndim != 2 or self.out_b.shape != (self.out_w.shape[1],):
            raise ValueError(f"output layer of shapes {self.out_w.shape} and {self.out_b.shape}")
        k = self.out_w.shape[1]
        if self.trans.shape != (k, k) or self.start.shape != (k,) or self.end.shape != (k,):
            raise ValueError("CRF transitions of the wrong shape")

    @property
    def hidden(self) -> int:
        return self.out_w.shape[0]

    @classmethod
    def of(cls, net) -> Head:
        return cls(net.out_w, net.out_b, net.trans, net.start, net.end)

    @classmethod
    def from_json(cls, d: dict) -> Head:
        return cls(*(d[k] for k in cls.__slots__))

    def to_json(self) -> dict:
        return {k: getattr(self, k).tolist() for k in self.__slots__}
