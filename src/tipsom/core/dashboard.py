"""Cards other apps add to the home page: ``card(user) -> (template, context) | None``.

Core knows no app above it; an app registers its card in ``ready()``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Card = Callable[[Any], tuple[str, dict[str, Any]] | None]
_CARDS: list[Card] = []


def register(card: Card) -> None:
    if card not in _CARDS:
        _CARDS.append(card)


def cards(user: Any) -> list[tuple[str, dict[str, Any]]]:
    return [made for card in _CARDS if (made := card(user)) is not None]
