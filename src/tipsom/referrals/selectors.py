"""Reads of the referral mechanism, all through `restrict`."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from tipsom.cases import selectors as cases
from tipsom.cases import sharing
from tipsom.cases.choices import ConsentPurpose, SupportType
from tipsom.cases.models import Case
from tipsom.core.models import Organisation, User
from tipsom.core.permissions import MATRIX
from tipsom.core.querysets import access_for, allows
from tipsom.core.selectors import can, get_restricted
from tipsom.referrals import choices as c
from tipsom.referrals.models import Referral, ServiceOffer


def service_offers(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[ServiceOffer]:
    """The directory: who offers which service, where and for whom."""
    filters = filters or {}
    qs = ServiceOffer.objects.restrict(user, "view").select_related("organisation", "contact_point")
    if filters.get("service"):
        qs = qs.filter(service=filters["service"])
    if filters.get("organisation"):
        qs = qs.filter(organisation_id=filters["organisation"])
    if not filters.get("include_inactive"):
        qs = qs.filter(is_active=True, organisation__is_active=True)
    offers = list(qs)
    # JSON lists are filtered here: the directory is small and SQLite cannot index into them.
    if filters.get("province"):
        offers = [o for o in offers if not o.provinces or filters["province"] in o.provinces]
    if filters.get("district"):
        district = filters["district"].strip().casefold()
        offers = [
            o for o in offers if not o.districts or district in {d.casefold() for d in o.districts}
        ]
    if filters.get("target_group"):
        offers = [
            o for o in offers if not o.target_groups or filters["target_group"] in o.target_groups
        ]
    return qs.filter(pk__in=[o.pk for o in offers])


def offer_organisations(user: Any, action: str = "add") -> QuerySet[Organisation]:
    """Active organisations whose directory entries the user may add (or change)."""
    access = access_for(user, "serviceoffer", action)
    active = Organisation.objects.filter(is_active=True)
    return active if access.network else active.filter(pk__in=access.organisation_ids)


def own_organisations(user: Any, resource: str, action: str) -> QuerySet[Organisation]:
    """The active organisations the user belongs to in which they may ``action``."""
    mine = Organisation.objects.filter(memberships__user=user, is_active=True).distinct()
    return mine.filter(pk__in=[o.pk for o in mine if allows(user, resource, action, o)])


def offer(organisation: Organisation, service: str) -> ServiceOffer | None:
    return ServiceOffer.objects.filter(
        organisation=organisation, service=service, is_active=True
    ).first()


def offer_detail(user: Any, pk: Any, action: str = "view") -> ServiceOffer:
    return get_restricted(ServiceOffer.objects.select_related("organisation"), user, pk, action)


def _side_ids(user: Any, action: str = "view") -> frozenset[int] | None:
    """Organisations whose referrals the user handles (None: every organisation)."""
    access = access_for(user, "referral", action)
    return None if access.network else access.organisation_ids


def referrals(user: Any, filters: dict[str, Any] | None = None) -> QuerySet[Referral]:
    """Referrals the user may see. Filters: direction (incoming, outgoing), state, kind,
    case, overdue."""
    filters = filters or {}
    qs: QuerySet[Referral] = Referral.objects.restrict(user, "view").select_related(
        "case", "sender", "receiver", "created_by", "decided_by"
    )
    ids = _side_ids(user)
    direction = filters.get("direction")
    if direction in ("incoming", "outgoing") and ids is not None:
        # Incoming: waiting for this side's answer; outgoing: this side asked.
        incoming = Q(
            receiver_id__in=ids, kind__in=[c.ReferralKind.REFERRAL, c.ReferralKind.TRANSFER]
        )
        incoming |= Q(sender_id__in=ids, kind=c.ReferralKind.TRANSFER_REQUEST)
        qs = qs.filter(incoming) if direction == "incoming" else qs.exclude(incoming)
    for name in ("state", "kind"):
        if filters.get(name):
            qs = qs.filter(**{name: filters[name]})
    if filters.get("case"):
        qs = qs.filter(case_id=filters["case"])
    if filters.get("overdue"):
        qs = overdue(qs)
    return qs


def overdue(qs: QuerySet[Referral] | None = None) -> QuerySet[Referral]:
    """Pending referrals whose answer is late."""
    qs = Referral.objects.all() if qs is None else qs
    return qs.filter(state=c.ReferralState.PENDING, due_on__lt=timezone.localdate())


def is_overdue(referral: Referral) -> bool:
    return referral.state == c.ReferralState.PENDING and referral.due_on < timezone.localdate()


def referral_detail(user: Any, pk: Any, action: str = "view") -> Referral:
    return get_restricted(
        Referral.objects.select_related("case", "sender", "receiver"), user, pk, action
    )


def of_case(user: Any, case: Case) -> list[Referral]:
    """The case's referrals the user may see, newest first."""
    return list(referrals(user, {"case": case.pk}))


def consent_holds(referral: Referral) -> bool:
    """Whether the receiver may still see the case: consent in force, or overridden."""
    return referral.consent_overridden or not cases.clients_without_consent(
        referral.case, ConsentPurpose.REFERRAL
    )


def case_share(user: Any, case: Case) -> sharing.Share:
    """The `sharing` provider: what open referrals to the user's organisations grant.

    Only staff who work referrals (change access on the receiving side) get the sections;
    a transfer request grants nothing until the case's holder accepts it. Consent is read
    fresh, so a withdrawal ends the receiver's access at once.
    """
    ids = _side_ids(user, "change")
    if ids is not None and not ids:
        return sharing.Share()
    open_ = Referral.objects.filter(
        case=case,
        state__in=c.OPEN_STATES,
        kind__in=[c.ReferralKind.REFERRAL, c.ReferralKind.TRANSFER],
    )
    if ids is not None:
        open_ = open_.filter(receiver_id__in=ids)
    readable: set[str] = set()
    writable: set[str] = set()
    for referral in open_.select_related("case"):
        if not consent_holds(referral):
            continue
        readable |= set(referral.sections)
        if referral.state == c.ReferralState.ACCEPTED:
            writable |= set(referral.sections) & sharing.WRITABLE_SECTIONS
    return sharing.Share(frozenset(readable), frozenset(writable))


def handlers(organisation: Organisation) -> list[User]:
    """Active staff of ``organisation`` who work its referrals: whom to notify."""
    roles = [r for r, grants in MATRIX.items() if "change" in grants.get("referral", {})]
    return list(
        User.objects.filter(
            is_active=True,
            memberships__organisation=organisation,
            memberships__role__in=roles,
        )
        .distinct()
        .order_by("pk")
    )


def case_panel(user: Any, case: Case) -> tuple[str, dict[str, Any]] | None:
    """The referrals block of the case page: the case's referrals the user may see, and
    whether they may refer it."""
    shown = of_case(user, case)
    may_refer = (
        not case.is_closed
        and allows(user, "referral", "add", case.organisation)
        and can(user, case, "change")
    )
    if not shown and not may_refer:
        return None
    return "referrals/_case_panel.html", {"referrals": shown, "may_refer": may_refer, "case": case}


# --- the referral report -------------------------------------------------------------------

DECIDED = (c.ReferralState.ACCEPTED, c.ReferralState.DECLINED, c.ReferralState.COMPLETED)


def report_scope(user: Any) -> QuerySet[Referral]:
    """Referrals the user may count: ``referralreport`` scope, on either side."""
    access = access_for(user, "referralreport", "view")
    if access.network:
        return Referral.objects.all()
    if not access.organisation_ids:
        return Referral.objects.none()
    ids = access.organisation_ids
    return Referral.objects.filter(Q(sender_id__in=ids) | Q(receiver_id__in=ids))


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    values = sorted(values)
    middle = len(values) // 2
    return values[middle] if len(values) % 2 else (values[middle - 1] + values[middle]) / 2


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    today = timezone.localdate()
    states = {s: sum(1 for r in rows if r["state"] == s) for s in c.ReferralState.values}
    decided = [r for r in rows if r["state"] in DECIDED and r["decided_at"]]
    accepted = sum(1 for r in decided if r["state"] != c.ReferralState.DECLINED)
    hours = [(r["decided_at"] - r["created_at"]).total_seconds() / 3600 for r in decided]
    return {
        "referrals": len(rows),
        **states,
        "overdue": sum(
            1 for r in rows if r["state"] == c.ReferralState.PENDING and r["due_on"] < today
        ),
        "acceptance_rate": round(accepted / len(decided), 3) if decided else None,
        "median_response_hours": round(m, 1) if (m := _median(hours)) is not None else None,
    }


def report(user: Any, filters: dict[str, Any] | None = None) -> dict[str, Any]:
    """Counts, acceptance rates and response times by receiving organisation, service and
    province (the receiver's), for referrals and transfers in the user's report scope.

    The acceptance rate is accepted (or completed) over answered; response time runs from
    sending to the answer. Filters: year, service, province, organisation (either side)."""
    filters = filters or {}
    qs = report_scope(user)
    if filters.get("year"):
        qs = qs.filter(created_at__year=filters["year"])
    if filters.get("service"):
        qs = qs.filter(service=filters["service"])
    if filters.get("province"):
        qs = qs.filter(receiver__province=filters["province"])
    if filters.get("organisation"):
        org = filters["organisation"]
        qs = qs.filter(Q(sender_id=org) | Q(receiver_id=org))
    rows = [
        dict(row)
        for row in qs.values(
            "state",
            "service",
            "kind",
            "created_at",
            "decided_at",
            "due_on",
            "receiver__name",
            "receiver__province",
        )
    ]

    def grouped(key: str, label: Any = None) -> list[dict[str, Any]]:
        groups: dict[Any, list[dict[str, Any]]] = {}
        for row in rows:
            groups.setdefault(row[key] or "", []).append(row)
        return [
            {"group": label(k) if label else k, **_summary(g)}
            for k, g in sorted(groups.items(), key=lambda kv: (-len(kv[1]), str(kv[0])))
        ]

    services_label = dict(SupportType.choices)
    return {
        "total": _summary(rows),
        "by_receiver": grouped("receiver__name"),
        "by_service": grouped("service", lambda k: str(services_label.get(k, k or "—"))),
        "by_province": grouped("receiver__province", lambda k: k or "—"),
    }


def pathways(user: Any, filters: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Where each case went: its referrals in order, as organisation steps (no case data)."""
    filters = filters or {}
    qs = report_scope(user)
    if filters.get("year"):
        qs = qs.filter(created_at__year=filters["year"])
    if filters.get("case_number"):
        qs = qs.filter(case__case_number__iexact=filters["case_number"].strip())
    by_case: dict[str, list[dict[str, Any]]] = {}
    for row in qs.order_by("case__case_number", "created_at", "pk").values(
        "case__case_number",
        "kind",
        "service",
        "state",
        "sender__name",
        "receiver__name",
        "created_at",
    ):
        by_case.setdefault(row["case__case_number"], []).append(dict(row))
    return [{"case_number": number, "steps": steps} for number, steps in by_case.items()]


def dashboard_card(user: Any) -> tuple[str, dict[str, Any]] | None:
    """Home-page card: incoming referrals waiting for an answer, and how many are late."""
    if access_for(user, "referral", "change").none:
        return None
    waiting = referrals(user, {"direction": "incoming", "state": c.ReferralState.PENDING})
    return "referrals/_dashboard_card.html", {
        "waiting": waiting.count(),
        "overdue": overdue(waiting).count(),
    }
