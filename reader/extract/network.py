"""One trained network in numpy (the training scripts' ``model.npz`` and ``config.json``): the
reference the compiled graphs are tested against, what the export and learning read."""

from __future__ import annotations

import json
import pathlib
from collections.abc import Callable

import numpy as np


class Network:
    """One trained network: per-character BIOES scores (emissions) and its CRF transitions."""

    def __init__(self, config: dict, weights: dict[str, np.ndarray]):
        self.config = config
        w = {k: np.asarray(v, dtype=np.float32) for k, v in weights.items() if k != "bigram_emb"}
        char_emb = w["char_emb"]
        # Fold the linear projection into the embedding tables: proj(cat(c, b, lex)) = C[c] + B[b] + L(lex) + bias.
        dc, db = char_emb.shape[1], weights["bigram_emb"].shape[1]
        pw = w["proj_w"]  # (in, H)
        self.char_tab = char_emb @ pw[:dc]
        # Bigram embeddings are many (about 100k): kept small (float16) and projected per batch.
        self.bigram_emb = np.asarray(weights["bigram_emb"], dtype=np.float16)
        self.bigram_proj = pw[dc : dc + db]
        self.lex_tab = w["lex_w"] @ pw[dc + db :]  # (16, H)
        self.in_bias = w["lex_b"] @ pw[dc + db :] + w["proj_b"]
        self.dilations = [int(d) for d in config["dilations"]]
        self.conv_w = [w[f"conv{i}_w"] for i in range(len(self.dilations))]  # (H, 3H): [W(t-d) | W(t) | W(t+d)]
        self.conv_b = [w[f"conv{i}_b"] for i in range(len(self.dilations))]
        self.out_w = w["out_w"]
        self.out_b = w["out_b"]
        self.trans, self.start, self.end = w["trans"], w["start"], w["end"]
        self.hidden = self.out_w.shape[0]

    @classmethod
    def load(cls, directory: pathlib.Path) -> tuple[Network, dict]:
        """The network in ``directory`` (config.json, model.npz) and its config."""
        config = json.loads((directory / "config.json").read_text(encoding="utf-8"))
        with np.load(directory / "model.npz", allow_pickle=False) as z:
            weights = {k: z[k] for k in z.files}
        return cls(config, weights), config

    def emissions(self, cids: np.ndarray, bids: np.ndarray, lex: np.ndarray, mask: np.ndarray) -> np.ndarray:
        B, T = cids.shape
        h = self.features(cids, bids, lex, mask)
        return (h.reshape(B * T, self.hidden) @ self.out_w).reshape(B, T, -1) + self.out_b

    def features(
        self,
        cids: np.ndarray,
        bids: np.ndarray,
        lex: np.ndarray,
        mask: np.ndarray,
        tap: Callable[[int, np.ndarray], None] | None = None,
    ) -> np.ndarray:
        """The last hidden layer, shape (batch, time, hidden): what the output projection reads.
        ``tap(i, h)`` sees the input of convolution ``i`` (scripts/export_onnx.py calibrates the
        int8 graph's fixed scales on it)."""
        B, T = cids.shape
        H = self.hidden
        h = self.char_tab[cids]
        h += (self.bigram_emb[bids.reshape(-1)].astype(np.float32) @ self.bigram_proj).reshape(B, T, H)
        h += lex @ self.lex_tab
        h += self.in_bias
        h *= mask
        for i, (d, W, b) in enumerate(zip(self.dilations, self.conv_w, self.conv_b)):
            if tap is not None:
                tap(i, h)
            y = (h.reshape(B * T, H) @ W).reshape(B, T, 3, H)
            z = y[:, :, 1]  # a view: y is scratch
            z += b
            if d < T:
                z[:, d:] += y[:, : T - d, 0]
                z[:, : T - d] += y[:, d:, 2]
            np.maximum(z, 0, out=z)
            h += z
            h *= mask
        return h
