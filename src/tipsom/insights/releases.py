"""Releases: what the network publishes, and the two-person rule that publishes it.

A data officer prepares a release from the latest extract: the tables to publish (persons,
deduplicated, per year) with differentially private noise and small-cell suppression, and
differentially private synthetic microdata in CTDC's 2024 layout. Preparing spends privacy
budget (kept even if the release is rejected: the noise was drawn and seen). Another
authorised person approves it, and only then is it public. An approved or rejected release
never changes; a correction is a new release that names the one it corrects."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from tipsom.cases import validation as v
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.services import require
from tipsom.insights import publication
from tipsom.insights.models import BudgetSpend, PrivacyBudget, Release, ReleaseStatus

DEFAULTS: dict[str, Any] = {
    "threshold": 11,  # CTDC's k: no published count below 11
    "epsilon_tables": 0.5,  # per published table
    "epsilon_synthetic": 1.0,
    "resolution": 10,  # no combination rarer than this in the synthetic data
    "reporting_length": 3,  # ... of up to this many variables
    "synthetic_rows": 0,  # 0: as many as the real records
}
LIMITS = {
    "threshold": (2, 100),
    "epsilon_tables": (0.01, 5.0),
    "epsilon_synthetic": (0.01, 5.0),
    "resolution": (1, 1000),
    "reporting_length": (1, 4),
    "synthetic_rows": (0, 2_000_000),
}


def budget_epsilon() -> float:
    """The total epsilon each dataset may spend over all its releases (settings)."""
    return float(getattr(settings, "TIPSOM_PRIVACY_EPSILON", 10.0))


def _number(errors: v.Errors, name: str, raw: Any, kind: type) -> Any:
    low, high = LIMITS[name]
    if raw in (None, ""):
        return DEFAULTS[name]
    try:
        value = kind(raw)
    except (TypeError, ValueError):
        errors.add(name, f"'{raw}' is not a number; give one from {low} to {high}")
        return DEFAULTS[name]
    if not low <= value <= high:
        errors.add(name, f"{value} is outside {low}–{high}")
    return value


def clean_parameters(data: Mapping[str, Any]) -> dict[str, Any]:
    """The release's parameters from a form or the API: every problem named by field."""
    errors = v.Errors()
    found: dict[str, Any] = {
        name: _number(errors, name, data.get(name), float if name.startswith("epsilon") else int)
        for name in DEFAULTS
    }
    title = str(data.get("title") or "").strip()
    if not title:
        errors.add("title", "give the release a title")
    years: dict[str, int] = {}
    for name in ("year_from", "year_to"):
        raw = str(data.get(name) or "").strip()
        if not (raw.isdigit() and 1900 <= int(raw) <= 2100):
            errors.add(name, f"'{raw}' is not a year; give four digits, e.g. 2025")
        else:
            years[name] = int(raw)
    if len(years) == 2 and years["year_from"] > years["year_to"]:
        errors.add("year_to", "the last year comes before the first")
    errors.raise_if_any()
    return {**found, **years, "title": title, "notes": str(data.get("notes") or "").strip()}


def _charge(budget: PrivacyBudget, asked: list[tuple[str, float]]) -> None:
    """Refuse when the release would take the dataset over its budget (sequential
    composition: epsilons add up)."""
    from tipsom.engine.privacy.dp import BudgetExceeded, Ledger

    ledger = Ledger.from_dict(
        {
            "epsilon": budget.epsilon,
            "delta": budget.delta,
            "spends": [
                {"what": s.what, "epsilon": s.epsilon, "delta": s.delta}
                for s in budget.spends.all()
            ],
        }
    )
    try:
        for what, epsilon in asked:
            ledger.charge(what, epsilon)
    except BudgetExceeded as refused:
        raise ValidationError({"epsilon_tables": f"{budget.dataset}: {refused}"}) from None


@transaction.atomic
def prepare_release(actor: Any, data: Mapping[str, Any], corrects: Release | None = None) -> Any:
    """Make a release from the latest extract; it waits for a second person's approval."""
    from tipsom.insights.models import Extract

    require(actor, "release", "add", None)
    parameters = clean_parameters(data)
    if corrects is not None and corrects.status != ReleaseStatus.PUBLISHED:
        raise ValidationError({"corrects": "only a published release can be corrected"})
    extract = Extract.objects.order_by("-pk").first()
    if extract is None:
        raise ValidationError({"extract": "take a statistics extract first"})
    wanted = publication.asked(parameters)
    budgets = {
        dataset: PrivacyBudget.objects.select_for_update().get_or_create(
            dataset=dataset, defaults={"epsilon": budget_epsilon()}
        )[0]
        for dataset in wanted
    }
    for dataset, asked in wanted.items():  # before any noise is drawn
        _charge(budgets[dataset], asked)
    made = publication.build(extract, parameters)
    release = Release(
        title=parameters["title"],
        year_from=parameters["year_from"],
        year_to=parameters["year_to"],
        # pure epsilon-DP: every measurement's delta is 0
        parameters={**{k: parameters[k] for k in DEFAULTS}, "delta": 0.0},
        tables=made.tables,
        synthetic_rows=made.synthetic_rows,
        utility=made.utility,
        notes=parameters["notes"],
        method=made.method,
        extract=extract,
        corrects=corrects,
        prepared_by=actor,
    )
    release.save()
    if made.synthetic_csv:
        release.synthetic.save(
            f"release-{release.pk}-synthetic.csv", ContentFile(made.synthetic_csv), save=True
        )
    for dataset, asked in made.spends.items():
        for what, epsilon in asked:
            BudgetSpend.objects.create(
                budget=budgets[dataset], release=release, what=what, epsilon=epsilon
            )
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=release,
        summary=f"release #{release.pk} prepared: {release.title}",
        changes={"parameters": release.parameters},
    )
    return release


def _decide(actor: Any, release: Release, status: str, note: str) -> Release:
    require(actor, "release", "change", None)
    current = Release.objects.select_for_update().get(pk=release.pk)  # not a stale copy
    release.status = current.status
    if release.status != ReleaseStatus.PREPARED:
        raise ValidationError({"status": f"this release is already {release.status}"})
    if release.prepared_by_id == getattr(actor, "pk", None):
        raise ValidationError(
            {"status": "a second person must decide on a release: you prepared this one"}
        )
    release.status, release.decided_by = status, actor
    release.decided_at, release.decision_note = timezone.now(), note
    release.save()
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=release,
        summary=f"release #{release.pk} {status}",
        changes={"status": status, "note": note},
    )
    return release


@transaction.atomic
def approve_release(actor: Any, release: Release, note: str = "") -> Release:
    """Publish a prepared release: from now on the public page shows it."""
    return _decide(actor, release, ReleaseStatus.PUBLISHED, note.strip())


@transaction.atomic
def reject_release(actor: Any, release: Release, reason: str) -> Release:
    if not reason.strip():
        raise ValidationError({"reason": "say why the release is rejected"})
    return _decide(actor, release, ReleaseStatus.REJECTED, reason.strip())
