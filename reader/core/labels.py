"""Labels: the entity types a mention can have, with their colour and keyboard key."""

from __future__ import annotations

import colorsys
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Label:
    """An entity type."""

    name: str
    """Short upper-case name stored with every mention (``PER``)."""
    color: str
    """``#rrggbb`` used to highlight its mentions."""
    key: str = ""
    """Keyboard key that tags a selection with this label (``"1"``); empty for none."""
    description: str = ""
    """One line for the user: what the label covers."""


DEFAULT_LABELS: tuple[Label, ...] = (
    Label("PER", "#e8590c", "1", "person: a name, full or partial"),
    Label("ORG", "#1971c2", "2", "organisation: company, body, university, newspaper…"),
    Label("LOC", "#2f9e44", "3", "named place: country, province, city, zone, park…"),
    Label("DATE", "#9c36b5", "4", "calendar expression with a number"),
    Label("MONEY", "#f08c00", "5", "amount of money"),
    Label("PERCENT", "#c2255c", "6", "percentage or fraction"),
    Label("QUANTITY", "#0c8599", "7", "number with a unit of physical measure"),
)
"""The default schema (see the annotation guidelines)."""

DEFAULT_LABEL_NAMES: tuple[str, ...] = tuple(label.name for label in DEFAULT_LABELS)


def palette_color(index: int) -> str:
    """A colour for the ``index``-th label, well apart from its neighbours (golden-ratio hues)."""
    r, g, b = colorsys.hsv_to_rgb((0.07 + 0.61803 * index) % 1.0, 0.75, 0.8)
    return f"#{int(r * 255):02x}{int(g * 255):02x}{int(b * 255):02x}"
