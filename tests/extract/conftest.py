"""Fixtures of the extractor tests. No Qt."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.resources import resource_path

MODEL_DIR = resource_path("ner")


@pytest.fixture
def small_model(tmp_path) -> Callable[..., Path]:
    """``small_model(spec, networks=("a",))``: a model folder under tmp_path with the shipped
    vocabulary, a copy of the fast network in each folder of ``networks`` and ``spec`` as its
    ensemble.json."""

    def make(spec: dict, networks: tuple[str, ...] = ("a",)) -> Path:
        folder = tmp_path / "ner"
        folder.mkdir(exist_ok=True)
        for net in networks:
            (folder / net).mkdir()
            for name in ("config.json", "model.npz", "model.onnx"):
                if (MODEL_DIR / "fast" / name).is_file():
                    shutil.copy(MODEL_DIR / "fast" / name, folder / net / name)
        shutil.copy(MODEL_DIR / "vocab.json", folder / "vocab.json")
        (folder / "ensemble.json").write_text(json.dumps(spec), encoding="utf-8")
        return folder

    return make
