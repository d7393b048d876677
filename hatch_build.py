"""Build hook. Wheel: ship resources/ as reader/_resources, without the npz networks (``model.npz``:
the training scripts' format; the app runs the ONNX graphs scripts/export_onnx.py makes from them). Editable
install: byte-compile the package in place, as installing a wheel does, so that every process of
``reader extract --workers N`` starts without compiling the sources (where PYTHONDONTWRITEBYTECODE
is set, Python would otherwise compile them again in each process)."""

from __future__ import annotations

import pathlib

from hatchling.builders.hooks.plugin.interface import BuildHookInterface

LEFT_OUT = {"model.npz"}  # the networks; vocab.npz (the featurizer's tables) ships


class CustomBuildHook(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel":
            return
        if version == "editable":
            import compileall

            compileall.compile_dir(str(pathlib.Path(self.root) / "reader"), quiet=1)
            return
        root = pathlib.Path(self.root) / "resources"
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name not in LEFT_OUT:
                build_data["force_include"][str(path)] = "reader/_resources/" + path.relative_to(root).as_posix()
