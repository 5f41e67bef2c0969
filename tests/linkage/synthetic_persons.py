"""Synthetic persons (engine.linkage.synthetic, with their truth) loaded into the database
as victims in cases of the given organisations, fast (bulk inserts, no audit)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from tipsom.cases.models import Address, Case, CaseRole, IdentityDocument, Person, Phone
from tipsom.core.models import Organisation


def load(
    records: Iterable[Mapping[str, Any]], organisation_of: Mapping[str, Organisation], owner: Any
) -> dict[int, str]:
    """Insert each record as a person in a case of its source's organisation; returns
    {person id: true entity}."""
    records = list(records)
    persons = Person.objects.bulk_create(
        [
            Person(
                organisation=organisation_of[r["source"]],
                first_name=r["first_name"],
                family_name=r["family_name"],
                father_name=r["father_name"],
                birth_date=r["birth_date"] or "",
                birth_year=r["birth_year"],
                sex=r["sex"],
            )
            for r in records
        ]
    )
    start = Case.objects.count()
    cases = Case.objects.bulk_create(
        [
            Case(
                case_number=f"SYN-{start + n}",
                organisation_id=p.organisation_id,
                owner=owner,
                type="trafficking",
                opened_on=date(2026, 1, 1),
            )
            for n, p in enumerate(persons)
        ]
    )
    CaseRole.objects.bulk_create(
        [CaseRole(case=c, person=p, role="victim") for c, p in zip(cases, persons, strict=True)]
    )
    pairs = list(zip(records, persons, strict=True))
    IdentityDocument.objects.bulk_create(
        [
            IdentityDocument(person=p, type="cnic", number=r["document"])
            for r, p in pairs
            if r["document"]
        ]
    )
    Phone.objects.bulk_create(
        [Phone(person=p, kind="mobile", number=r["phone"]) for r, p in pairs if r["phone"]]
    )
    Address.objects.bulk_create(
        [Address(person=p, district=r["district"]) for r, p in pairs if r["district"]]
    )
    return {p.pk: r["entity"] for r, p in pairs}
