"""Locate the files shipped with reader (models, lexicons, samples). No Qt, no third-party imports.

In a source or editable checkout they live in the repository's top-level ``resources/``; in an
installed wheel ``pyproject.toml`` force-includes that folder as ``reader/_resources``.
"""

from __future__ import annotations

import pathlib

_PACKAGE = pathlib.Path(__file__).resolve().parent


def resource_root() -> pathlib.Path:
    """The folder that holds the shipped resources."""
    installed = _PACKAGE / "_resources"
    if installed.is_dir():  # a wheel install (site-packages/resources could be anyone's)
        return installed
    return _PACKAGE.parent / "resources"


def resource_path(*parts: str) -> pathlib.Path:
    """Path of a shipped resource, e.g. ``resource_path("ner")``; the path may not exist."""
    return resource_root().joinpath(*parts)


def sample_path() -> pathlib.Path:
    """The bundled sample newspaper page (``data/news-page-zh.txt`` in a checkout)."""
    checkout = _PACKAGE.parent / "data" / "news-page-zh.txt"
    if checkout.is_file():
        return checkout
    return _PACKAGE / "_resources" / "sample" / "news-page-zh.txt"
