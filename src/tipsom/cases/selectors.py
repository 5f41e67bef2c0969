"""Reads of case management, all through `restrict`; opening a record is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from tipsom.cases import choices as c
from tipsom.cases import sharing
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
from tipsom.core.selectors import can, get_restricted, record_view
from tipsom.engine.standards import names


def intake_organisations(user: Any) -> QuerySet[Organisation]:
    """The user's organisations in which they may open cases."""
    ids = set(user.memberships.values_list("organisation_id", flat=True))
    return Organisation.objects.filter(
        pk__in=[pk for pk in ids if allows(user, "case", "add", Organisation(pk=pk))]
    )


# A candidate driver token is sized by reading at most this many of its index entries.
DRIVER_PROBE = 2000


def _driver(key_sets: list[set[str]]) -> tuple[str, list[set[str]]]:
    """The token whose holders the search walks, and the parts left to check per holder.

    Two parts or more: a pair token (holders of both parts). With three or more parts the
    pairs are sized first, a few thousand index entries at most each, and the rarest drives:
    "Ali Raza Qureshi" then walks the few Raza Qureshis, not every Ali Raza.
    """
    pairs = names.query_pair_keys(key_sets)
    if not pairs:
        return names.phonetic_query_key(key_sets[0]), key_sets[1:]
    if len(pairs) == 1:
        pair, i, j = pairs[0]
    else:
        sizes = [
            PersonNameToken.objects.filter(token=keyed_token("name", key))[:DRIVER_PROBE].count()
            for key, _, _ in pairs
        ]
        pair, i, j = pairs[sizes.index(min(sizes))]
    return pair, [keys for n, keys in enumerate(key_sets) if n not in (i, j)]


def persons_named(qs: QuerySet[Person], query: str) -> QuerySet[Person]:
    """``qs`` narrowed to the persons whose names match ``query``, newest first.

    The matching rule is `names.query_keys`'s. One token drives the search (`_driver`). The
    database walks that token's index from the newest person back and stops when a page is
    full, so a name shared by fifty thousand persons costs what a rare one costs. Further
    parts are checked for each candidate through the (person, token) index.
    """
    key_sets = names.query_keys(query)
    if not key_sets:
        return qs.none()
    driver, rest = _driver(key_sets)
    qs = qs.filter(name_tokens__token=keyed_token("name", driver))
    for keys in rest:
        tokens = sorted(keyed_token("name", k) for k in keys)
        qs = qs.filter(pk__in=PersonNameToken.objects.filter(token__in=tokens).values("person_id"))
    return qs.order_by("-pk")


# Exact full-name matches shown before the others: among this many newest holders of the
# query's full-name token, at most EXACT_FIRST_LIMIT.
EXACT_CANDIDATES = 500
EXACT_FIRST_LIMIT = 100
# Name searches count their matches up to this many; beyond, the count says "at least".
COUNT_LIMIT = 250


class RankedPersons:
    """A name search's results as paginators read them: persons whose whole name is the
    query's (any order, any spelling that has the same canonical parts) first, then every
    other match newest first. Supports ``count()``, ``len()`` and slicing.

    The count stops at `COUNT_LIMIT` (``count_is_exact`` tells): counting all fifty thousand
    holders of a common name would cost more than the page itself, and nobody pages that far.
    """

    def __init__(self, matches: QuerySet[Person], query: str) -> None:
        self.matches = matches
        exact = names.full_name_key(query)
        self._exact_token = keyed_token("name", exact) if exact else None
        self._exact: list[int] | None = None
        self._count: int | None = None

    def exact_ids(self) -> list[int]:
        if self._exact is None:
            self._exact = []
            if self._exact_token is not None:
                holders = (
                    PersonNameToken.objects.filter(token=self._exact_token)
                    .order_by("-person_id")
                    .values("person_id")[:EXACT_CANDIDATES]
                )
                self._exact = list(
                    self.matches.filter(pk__in=holders).values_list("pk", flat=True)[
                        :EXACT_FIRST_LIMIT
                    ]
                )
        return self._exact

    def count(self) -> int:
        if self._count is None:
            # Unordered: the database may stop at the limit without sorting the matches.
            self._count = self.matches.order_by()[: COUNT_LIMIT + 1].count()
        return min(self._count, COUNT_LIMIT)

    @property
    def count_is_exact(self) -> bool:
        self.count()
        return self._count is not None and self._count <= COUNT_LIMIT

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Person]:
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("ranked search results take a slice without a step")
        start = index.start or 0
        stop = self.count() if index.stop is None else index.stop
        if start < 0 or stop < 0:
            raise ValueError("ranked search results take no negative indexes")
        exact = self.exact_ids()
        shown = exact[start:stop]
        found: list[Person] = []
        if shown:
            rows = Person.objects.in_bulk(shown)
            found = [rows[pk] for pk in shown if pk in rows]
        if stop > len(exact):
            others = self.matches.exclude(pk__in=exact) if exact else self.matches
            found += list(others[max(0, start - len(exact)) : stop - len(exact)])
        return found


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
    """Persons the user may see, narrowed by name, document or phone (exact); newest first."""
    qs: QuerySet[Person] = Person.objects.restrict(user, "view").order_by("-created_at", "-pk")
    filters = filters or {}
    if filters.get("q"):
        qs = persons_named(qs, filters["q"])
    if filters.get("document"):
        qs = qs.filter(pk__in=persons_with_document(filters["document"]).values("pk"))
    if filters.get("phone"):
        qs = qs.filter(pk__in=persons_with_phone(filters["phone"]).values("pk"))
    return qs


def person_search(user: Any, filters: dict[str, Any] | None = None) -> Any:
    """`persons`, ranked by name (`RankedPersons`) when a name is searched."""
    matches = persons(user, filters)
    query = (filters or {}).get("q")
    return RankedPersons(matches, query) if query else matches


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


@dataclass(frozen=True)
class CaseAccess:
    """A case as one user may see it: whole (the permission matrix grants it) or only the
    sections shared with them (`sharing`)."""

    case: Case
    full: bool
    sections: frozenset[str]
    writable: frozenset[str]

    def shows(self, section: str) -> bool:
        return section in self.sections

    def may_record(self, section: str) -> bool:
        return section in self.writable


def case_for_section(user: Any, pk: Any, section: str) -> Case:
    """The case, if ``user`` may record in its ``section`` (else 404, like `case_detail`)."""
    access = case_access(user, pk, audit_view=False)
    if not access.may_record(section):
        raise Http404
    return access.case


def case_access(user: Any, pk: Any, audit_view: bool = True) -> CaseAccess:
    """The case with what ``user`` may see of it; 404 when nothing (existence not told).
    Opening it is audited either way."""
    try:
        case = Case.objects.select_related("organisation", "owner").get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404 from exc
    if can(user, case, "view"):
        writable = sharing.ALL_SECTIONS if can(user, case, "change") else frozenset()
        access = CaseAccess(case, True, sharing.ALL_SECTIONS, writable)
    else:
        share = sharing.shared(user, case)
        if not share.readable:
            raise Http404
        access = CaseAccess(case, False, share.readable, share.writable & share.readable)
    if audit_view:
        record_view(user, case)
    return access


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


def clients_without_consent(case: Case, purpose: str) -> list[Person]:
    """The case's victims, smuggled migrants and returnees whose consent to ``purpose`` is
    not in force (read fresh: a withdrawal counts at once)."""
    clients = Person.objects.filter(
        case_roles__case=case, case_roles__role__in=c.CLIENT_ROLES
    ).distinct()
    return [p for p in clients.order_by("pk") if not consent_in_force(p, purpose)]


def has_clients(case: Case) -> bool:
    return case.roles.filter(role__in=c.CLIENT_ROLES).exists()


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


# The section (see `sharing`) each kind of timeline item belongs to; others are the summary.
TIMELINE_SECTIONS = {
    "screening": "screening",
    "event": "route",
    "plan": "support",
    "service": "support",
    "follow-up": "support",
    "comment": "comments",
    "consent": "consent",
}


def timeline(case: Case, sections: frozenset[str] = sharing.ALL_SECTIONS) -> list[TimelineItem]:
    """Everything that happened in a case, newest first (only in ``sections``)."""

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
    items = [i for i in items if TIMELINE_SECTIONS.get(i.kind, "") in sections | {""}]
    return sorted(items, key=lambda i: (i.when, i.recorded), reverse=True)
