"""The labels of the :class:`~reader.app.library.Library`: reading them again, checking and
changing them (one transaction), and adding one on import."""

from __future__ import annotations

import re
from collections.abc import Sequence

from reader.app._changes import Changes
from reader.core.errors import ReaderError
from reader.core.labels import Label, palette_color


class LabelsMixin:
    """Part of :class:`~reader.app.library.Library` (works on its store and its labels)."""

    def reload_labels(self) -> list[Label]:
        """Read the labels again (another connection, e.g. an import worker, may have added some)."""
        self._labels = self.store.labels()
        return self.labels

    RESERVED_KEYS = frozenset("anpx")
    """Review keys of the article view (accept, next, previous, reject): not for labels."""

    def _tidy_label(self, label: Label, *, new: bool) -> Label:
        name = label.name.strip()
        if new and not re.fullmatch(r"[A-Z][A-Z0-9_-]{0,31}", name):
            raise ReaderError(f"label name {name!r}: use 1 to 32 capital letters, digits, _ or -, starting with a letter")
        color = label.color.strip().lower()
        if not re.fullmatch(r"#[0-9a-f]{6}", color):
            raise ReaderError(f"label {name}: colour {label.color!r} is not #rrggbb")
        key = label.key.strip().lower()
        if key and not re.fullmatch(r"[0-9a-z]", key):
            raise ReaderError(f"label {name}: key {label.key!r} must be one digit or letter")
        if key in self.RESERVED_KEYS:
            raise ReaderError(f"label {name}: key {key!r} is kept for reviewing (A accept, X reject, N/P next/previous)")
        return Label(name, color, key, " ".join(label.description.split()))

    def update_labels(self, labels: Sequence[Label]) -> Changes:
        """Change the colour, key or description of existing labels and add new ones, checked as
        a whole (so two labels can swap keys) and written in one transaction. A label's name is
        what its mentions store, so it cannot be changed; labels left out stay as they are."""
        self._writable()
        current = {lb.name: lb for lb in self._labels}
        tidy = [self._tidy_label(lb, new=lb.name.strip() not in current) for lb in labels]
        names = [lb.name for lb in tidy]
        for name in {n for n in names if names.count(n) > 1}:
            raise ReaderError(f"label {name} is given twice")
        final = {**current, **{lb.name: lb for lb in tidy}}
        by_key: dict[str, str] = {}
        for lb in final.values():
            if lb.key and lb.key in by_key:
                raise ReaderError(f"key {lb.key!r} would tag both {by_key[lb.key]} and {lb.name}")
            if lb.key:
                by_key[lb.key] = lb.name
        changed = [lb for lb in tidy if current.get(lb.name) != lb]
        if not changed:
            return Changes()
        with self.store.transaction():
            for lb in changed:
                if lb.name in current:
                    self.store.update_label(lb)
                else:
                    self.store.add_label(lb)
        self._labels = self.store.labels()
        added = [lb.name for lb in changed if lb.name not in current]
        what = f"New label{'s' if len(added) > 1 else ''} {', '.join(added)}" if added else "Labels changed"
        return self._emit(Changes(description=what, labels=True))

    def create_label(self, label: Label) -> Changes:
        """Add a label to the library's schema."""
        if label.name.strip() in self.label_names:
            raise ReaderError(f"there is already a label {label.name.strip()}")
        return self.update_labels([label])

    def update_label(self, label: Label) -> Changes:
        """Change one label's colour, key or description."""
        if label.name.strip() not in self.label_names:
            raise ReaderError(f"no label {label.name.strip()!r} in this library")
        return self.update_labels([label])

    def add_label(self, name: str) -> Label:
        label = Label(name, palette_color(len(self._labels)), "", "added on import")
        self.store.add_label(label)
        self._labels = self.store.labels()
        return label
