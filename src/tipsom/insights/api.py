"""REST API of the statistics: every indicator table of the latest extract under the query's
filters (year_from, year_to, province, organisation), with the estimate and method notes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import viewsets
from rest_framework.exceptions import NotFound
from rest_framework.exceptions import ValidationError as BadRequest
from rest_framework.request import Request
from rest_framework.response import Response

from tipsom.insights import selectors


def estimate_dict(found: Any) -> dict[str, Any] | None:
    if found is None:
        return None
    return {
        "lists": list(found.lists),
        "observed": found.observed,
        "estimate": round(found.estimate, 1),
        "lower": round(found.lower, 1),
        "upper": None if found.upper == float("inf") else round(found.upper, 1),
        "level": found.level,
        "interval": found.interval,
        "criterion": found.criterion,
        "model": [list(term) for term in found.model],
        "histories": dict(found.histories),
        "warnings": list(found.warnings),
    }


class IndicatorViewSet(viewsets.ViewSet):
    """GET: every indicator table (each count as `persons`, deduplicated through linkage, and
    `records`, raw), the population estimate (or why none) and the method notes."""

    @extend_schema(
        parameters=[
            OpenApiParameter(name, str, required=False)
            for name in ("year_from", "year_to", "province", "organisation")
        ],
        responses={200: None},
    )
    def list(self, request: Request) -> Response:
        selectors.require_view(request.user)
        try:
            found = selectors.figures(request.user, selectors.filters_from(request.query_params))
        except ValidationError as error:
            raise BadRequest(error.message_dict) from None
        if found is None:
            raise NotFound("no statistics extract has been taken yet")
        return Response(
            {
                "extract": {
                    "id": found.extract.pk,
                    "taken_at": found.extract.taken_at,
                    "linkage_run": found.extract.linkage_run,
                },
                **found.report.to_dict(),
                "estimate": estimate_dict(found.estimate),
                "estimate_refused": found.estimate_refused,
                "notes": found.notes,
            }
        )
