"""The demo network's service directory: who offers what, where and for whom."""

from __future__ import annotations

import random

from django.db import transaction
from django.test.utils import override_settings

from tipsom.cases import selectors as case_selectors
from tipsom.cases.choices import ConsentPurpose
from tipsom.cases.models import Case
from tipsom.core.models import Organisation, User
from tipsom.referrals import choices as c
from tipsom.referrals import services
from tipsom.referrals.models import Referral, ServiceOffer

# acronym, service, provinces, target groups, capacity
OFFERS = [
    ("IOM", "return_reintegration", [], [], 200),
    ("IOM", "medical", [], [], 50),
    ("IOM", "psychosocial", ["PK-IS", "PK-PB", "PK-KP"], [], 80),
    ("IOM", "interpretation", [], [], None),
    ("PSSS", "shelter", ["PK-PB"], ["women", "girls", "transgender"], 40),
    ("PSSS", "psychosocial", ["PK-PB"], ["women", "girls"], 30),
    ("SLAF", "legal_aid", ["PK-SD"], [], 60),
    ("KRSN", "return_reintegration", ["PK-KP"], ["men", "boys"], 120),
    ("KRSN", "Livelihood", ["PK-KP"], [], 90),
    ("BMRI", "legal_aid", ["PK-BA"], [], 25),
    ("BMRI", "interpretation", ["PK-BA"], [], None),
    ("IPCC", "psychosocial", ["PK-IS", "PK-PB"], [], 35),
    ("UNICEF", "Education", [], ["girls", "boys"], None),
    ("UNW", "shelter", ["PK-IS", "PK-SD"], ["women", "girls"], 30),
    ("ILO", "Livelihood", [], ["women", "men"], None),
    ("AKWA", "shelter", ["PK-JK"], ["women", "girls"], 15),
]


@transaction.atomic
def seed() -> int:
    """List the demo organisations' services once; returns how many were added."""
    if ServiceOffer.objects.exists():
        return 0
    root = User(is_superuser=True, is_active=True)
    by_acronym = {
        o.acronym: o for o in Organisation.objects.filter(acronym__in={a for a, *_ in OFFERS})
    }
    added = 0
    for acronym, service, provinces, groups, capacity in OFFERS:
        organisation = by_acronym.get(acronym)
        if organisation is None:
            continue
        contact = organisation.contact_points.filter(is_primary=True).first()
        services.add_offer(
            root,
            organisation,
            {
                "service": service,
                "provinces": provinces,
                "target_groups": groups,
                "capacity": capacity,
                "contact_point": contact,
            },
        )
        added += 1
    return added


def add_referrals(count: int = 40, seed: int = 2026) -> dict[str, int]:
    """Refer some of the demo caseworkers' open cases whose clients consented, through the
    services (so every step is checked and audited), and answer part of them: the report
    and the inboxes then have something to show. Does nothing if referrals exist."""
    made: dict[str, int] = dict.fromkeys(c.ReferralState.values, 0)
    if Referral.objects.exists():
        return made
    # The demo users' inboxes get the notifications; nobody needs the e-mails.
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        _refer_some(count, seed, made)
    return made


def _refer_some(count: int, seed: int, made: dict[str, int]) -> None:
    rng = random.Random(seed)  # noqa: S311 - demo data
    staff = {
        u.username: u
        for u in User.objects.filter(username__in=["caseworker", "caseworker.iom", "supervisor"])
    }
    answerer = {
        o.pk: staff.get(name)
        for o in Organisation.objects.filter(acronym__in=["PSSS", "IOM"])
        for name in [("caseworker" if o.acronym == "PSSS" else "caseworker.iom")]
    }
    offers = list(ServiceOffer.objects.filter(is_active=True).select_related("organisation"))
    cases = Case.objects.filter(owner__in=staff.values(), status="Active").order_by("pk")
    for case in cases[: count * 5]:
        if sum(made.values()) >= count:
            break
        if case_selectors.clients_without_consent(case, ConsentPurpose.REFERRAL):
            continue
        choices = [o for o in offers if o.organisation_id != case.organisation_id]
        offer = rng.choice(choices)
        sections = ["support", *rng.sample(["identity", "screening", "route"], rng.randint(0, 2))]
        with transaction.atomic():
            referral = services.refer(
                case.owner,
                case,
                c.ReferralKind.REFERRAL,
                offer.organisation,
                service=offer.service,
                sections=sections,
                reason="Demo referral",
            )
            receiver_staff = answerer.get(offer.organisation_id)
            roll = rng.random()
            if receiver_staff is not None and roll < 0.5:
                services.accept(receiver_staff, referral, referral.version)
                if rng.random() < 0.5:
                    services.complete(
                        receiver_staff, referral, referral.version, "Service delivered"
                    )
            elif receiver_staff is not None and roll < 0.7:
                services.decline(
                    receiver_staff, referral, referral.version, "No capacity this month"
                )
            elif rng.random() < 0.4:  # left unanswered for too long
                Referral.objects.filter(pk=referral.pk).update(
                    due_on=referral.due_on.replace(year=referral.due_on.year - 1)
                )
        made[Referral.objects.get(pk=referral.pk).state] += 1
