"""The one error this package raises: the data (or the request) cannot carry an estimate."""

from __future__ import annotations


class EstimationRefused(ValueError):
    """Raised instead of returning an estimate the data cannot support.

    ``reason`` is a short stable code a caller can branch on (``too_few_lists``,
    ``empty_list``, ``too_few_persons``, ``no_overlap``, ``invalid_input``, ``no_model``,
    ``model_failed``, ``interval_failed``); the message says in plain English what is wrong
    and what would be needed."""

    def __init__(self, reason: str, message: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.message = message
