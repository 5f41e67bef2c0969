"""Reads of case management, all through `restrict`; opening a record is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from tipsom.cases import choices as c
from tipsom.cases.models import (
    Address,
    Case,
    Consent,
    IdentityDocument,
    Person,
    PersonNameToken,
    Phone,
)
from tipsom.core.crypto import blind_index, keyed_token
from tipsom.core.models import Organisation
from tipsom.core.querysets import allows
from tipsom.core.selectors import get_restricted, record_view
from tipsom.engine.standards import names


def intake_organisations(user: Any) -> QuerySet[Organisation]:
    """The user's organisations in which they may open cases."""
    ids = set(user.memberships.values_list("organisation_id", flat=True))
    return Organisation.objects.filter(
        pk__in=[pk for pk in ids if allows(user, "case", "add", Organisation(pk=pk))]
    )


# Up to this many matches, name-search ids are fetched first and handed to the database as a
# list: the planner then never walks a million-row index hoping to meet rare matches.
NAME_MATCH_LIST_LIMIT = 5000


def persons_named(query: str) -> QuerySet[Any] | None:
    """Ids of persons whose name tokens match every part of ``query`` (None: no name part).

    One pass over the token index: the tokens of all parts are read together, grouped by
    person, and a person is kept when each part has at least one token among theirs.
    """
    key_sets = names.query_keys(query)
    if not key_sets:
        return None
    token_sets = [sorted(keyed_token("name", k) for k in keys) for keys in key_sets]
    everything = sorted({t for tokens in token_sets for t in tokens})
    per_part = {
        f"part{i}": Count("pk", filter=Q(token__in=tokens)) for i, tokens in enumerate(token_sets)
    }
    tokens = PersonNameToken.objects.all()
    pair = names.query_pair_key(key_sets)
    if pair is not None:
        # Start from the persons who hold the first two parts together: few, however common
        # each part is alone.
        holders = PersonNameToken.objects.filter(token=keyed_token("name", pair))
        tokens = tokens.filter(person_id__in=holders.values("person_id"))
    return (
        tokens.filter(token__in=everything)
        .values("person_id")
        .annotate(**per_part)
        .filter(**{f"{name}__gt": 0 for name in per_part})
        .values_list("person_id", flat=True)
    )


def _matching(ids: QuerySet[Any]) -> Any:
    """A list of ids when there are few, else the subquery itself."""
    first = list(ids[: NAME_MATCH_LIST_LIMIT + 1])
    return first if len(first) <= NAME_MATCH_LIST_LIMIT else ids


def persons_with_document(number: str) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=IdentityDocument.objects.filter(number_index=blind_index("document", number)).values(
            "person_id"
        )
    )


def persons_with_phone(number: str) -> QuerySet[Person]:
    return Person.objects.filter(
        pk__in=Phone.objects.filter(number_index=blind_index("phone", number)).values("person_id")
    )


def persons(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Person]:
    """Persons the user may see, narrowed by name, document or phone (exact)."""
    qs = Person.objects.restrict(user, "view")
    filters = filters or {}
    if filters.get("q"):
        named = persons_named(filters["q"])
        qs = qs.none() if named is None else qs.filter(pk__in=_matching(named))
    if filters.get("document"):
        qs = qs.filter(pk__in=persons_with_document(filters["document"]).values("pk"))
    if filters.get("phone"):
        qs = qs.filter(pk__in=persons_with_phone(filters["phone"]).values("pk"))
    return qs.order_by("-created_at", "-pk")


def cases(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Case]:
    """Cases the user may see, with the search and list filters applied."""
    qs = Case.objects.restrict(user, "view").select_related("organisation", "owner")
    filters = filters or {}
    for name in ("status", "stage", "type"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("organisation"):
        qs = qs.filter(organisation_id=filters["organisation"])
    if filters.get("province"):
        qs = qs.filter(
            Q(organisation__province=filters["province"])
            | Q(
                pk__in=Address.objects.filter(province=filters["province"], is_current=True).values(
                    "person__case_roles__case"
                )
            )
        )
    if filters.get("case_number"):
        qs = qs.filter(case_number__iexact=filters["case_number"].strip())
    person_filters = {k: filters[k] for k in ("q", "document", "phone") if filters.get(k)}
    if person_filters:
        matched = persons(user, person_filters)
        qs = qs.filter(pk__in=Case.objects.filter(persons__in=matched.values("pk")).values("pk"))
    return qs.order_by("-opened_on", "-pk")


def case_detail(user: Any, pk: Any, action: str = "view") -> Case:
    case = get_restricted(Case.objects.select_related("organisation", "owner"), user, pk, action)
    if action == "view":
        record_view(user, case)
    return case


def person_detail(user: Any, pk: Any, action: str = "view") -> Person:
    person = get_restricted(Person.objects.all(), user, pk, action)
    if action == "view":
        record_view(user, person)
    return person


def consent_in_force(person: Person, purpose: str) -> bool:
    """Whether the person's newest decision on ``purpose`` is a consent. Read fresh on every
    call, so a withdrawal takes effect at once wherever consent is checked."""
    latest = (
        Consent.objects.filter(person=person, purpose=purpose)
        .order_by("-decided_on", "-pk")
        .values_list("decision", flat=True)
        .first()
    )
    return latest == c.ConsentDecision.GIVEN


def consent_summary(person: Person) -> list[tuple[str, str, Consent | None]]:
    """(purpose, label, newest decision or None) for every purpose."""
    newest: dict[str, Consent] = {}
    for consent in Consent.objects.filter(person=person).order_by("decided_on", "pk"):
        newest[consent.purpose] = consent
    return [(p, str(label), newest.get(p)) for p, label in c.ConsentPurpose.choices]


@dataclass(frozen=True)
class TimelineItem:
    when: date  # the day it happened (or is planned)
    kind: str
    title: str
    detail: str
    obj: Any
    recorded: datetime  # when it was written down: orders events of the same day


def _day(value: date | datetime) -> date:
    return timezone.localdate(value) if isinstance(value, datetime) else value


def timeline(case: Case) -> list[TimelineItem]:
    """Everything that happened in a case, newest first."""

    def item(
        when: date | datetime,
        kind: str,
        title: Any,
        detail: Any,
        obj: Any,
        recorded: datetime | None = None,
    ) -> TimelineItem:
        return TimelineItem(
            _day(when),
            kind,
            str(title),
            str(detail),
            obj,
            recorded or getattr(obj, "recorded_at", None) or case.created_at,
        )

    items = [
        item(
            case.opened_on,
            "opened",
            c.CaseStage.INTAKE.label,
            case.case_number,
            case,
            case.created_at,
        )
    ]
    for s in case.screenings.all():
        items.append(
            item(s.screened_on, "screening", _("screening"), s.get_trafficking_status_display(), s)
        )
    for e in case.traffickingevents.all():
        if e.date:
            items.append(
                item(
                    e.date,
                    "event",
                    e.get_type_display(),
                    ", ".join(x for x in (e.city, e.country) if x),
                    e,
                )
            )
    for p in case.supportplans.all():
        items.append(item(p.recorded_at, "plan", _("support plan"), p.get_type_display(), p))
    for svc in case.services.select_related("provider"):
        items.append(
            item(
                svc.delivered_on or svc.planned_on or svc.recorded_at,
                "service",
                svc.get_type_display(),
                f"{svc.get_status_display()} · {svc.provider}",
                svc,
            )
        )
    for f in case.followups.all():
        items.append(item(f.date, "follow-up", _("follow-up"), f.get_method_display(), f))
    for m in case.casecomments.all():
        items.append(item(m.recorded_at, "comment", _("comment"), "", m))
    for consent in Consent.objects.filter(case=case):
        items.append(
            item(
                consent.decided_on,
                "consent",
                consent.get_purpose_display(),
                consent.get_decision_display(),
                consent,
            )
        )
    if case.closed_on:
        items.append(
            item(
                case.closed_on,
                "closed",
                case.get_status_display(),
                case.closure_reason,
                case,
                case.updated_at,
            )
        )
    return sorted(items, key=lambda i: (i.when, i.recorded), reverse=True)
