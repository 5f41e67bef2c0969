"""The demo network's service directory: who offers what, where and for whom."""

from __future__ import annotations

from django.db import transaction

from tipsom.core.models import Organisation, User
from tipsom.referrals import services
from tipsom.referrals.models import ServiceOffer

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
