"""A long command's progress on a terminal (stderr): a bar, or a count for a stream; nothing when
stderr is not a terminal."""

from __future__ import annotations

import sys


_progress_shown = False


def _terminal_progress(verb: str):
    def show(done: int, total: int, message: str) -> None:
        global _progress_shown
        if not sys.stderr.isatty() or done <= 0:
            return
        _progress_shown = True
        if total <= 0:  # a stream: the count so far
            sys.stderr.write(f"\r{verb} {done} documents…")
            sys.stderr.flush()
            return
        width = 30
        filled = width * done // total
        sys.stderr.write(f"\r{verb} [{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()

    return show


def _end_progress() -> None:
    if _progress_shown:
        sys.stderr.write("\n")
