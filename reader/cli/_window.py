"""The commands that open or render the main window: ``reader gui`` and ``reader screenshot``.

Qt is imported only when one of them runs (from :mod:`reader.gui.app`)."""

from __future__ import annotations

import argparse
import os

from reader.core.errors import InputError


def _gui(args: argparse.Namespace) -> int:
    from reader.gui.app import main as gui_main

    return gui_main(db=args.db, files=getattr(args, "files", []) or [])


def _screenshot(args: argparse.Namespace) -> int:
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # no screen needed to render a PNG
    from reader.gui.app import screenshot

    if args.article is not None and args.article < 1:
        raise InputError(None, "--article counts from 1")
    return screenshot(args.out, db=args.db, file=args.file, article=args.article)
