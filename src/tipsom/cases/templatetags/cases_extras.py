from typing import Any

from django import template

from tipsom.cases import choices

register = template.Library()


@register.filter
def code_labels(values: Any, choices_name: str) -> str:
    """``screening.methods_of_control|code_labels:"MethodOfControl"`` → readable labels."""
    labels = dict(getattr(choices, choices_name).choices)
    return ", ".join(str(labels.get(v, v)) for v in values or [])
