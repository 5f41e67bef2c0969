"""Template filters of the joint programme's pages."""

from __future__ import annotations

from typing import Any

from django import template

from tipsom.programme.choices import Dimension, Track

register = template.Library()


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """``mapping[key]`` in a template (None when missing)."""
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.filter
def track_label(value: Any) -> str:
    return str(dict(Track.choices).get(value or Track.NO_DATA, value))


@register.filter
def dimension_label(value: Any) -> str:
    return str(dict(Dimension.choices).get(value, value))
