"""Persons as the records the linkage engine compares (decrypted in memory, never stored).

Anonymous records (CTDC rows and the like) carry nothing to compare and are left out: each
counts as a person of its own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pandas as pd
from django.db.models import Prefetch, QuerySet

from tipsom.cases.models import Address, Person
from tipsom.engine.linkage import prepare

CHUNK = 2000


def linkable() -> QuerySet[Person]:
    return Person.objects.filter(is_anonymous=False)


def record(person: Person) -> dict[str, Any]:
    """The fields linkage compares, from a person with documents, phones and current
    addresses prefetched."""
    documents = list(person.documents.all())
    phones = list(person.phones.all())
    addresses = list(person.addresses.all())
    return {
        "unique_id": str(person.pk),
        "source": str(person.organisation_id),
        "first_name": person.first_name,
        "family_name": person.family_name,
        "father_name": person.father_name,
        "birth_date": person.birth_date,
        "birth_year": person.birth_year,
        "document": documents[0].number if documents else "",
        "phone": phones[0].number if phones else "",
        "district": addresses[0].district if addresses else "",
        "sex": "" if person.sex == "unknown" else person.sex,
    }


def prefetched(persons: QuerySet[Person]) -> QuerySet[Person]:
    """What `record` reads: documents, phones and the current address."""
    current = Prefetch("addresses", queryset=Address.objects.filter(is_current=True))
    return persons.prefetch_related("documents", "phones", current)


def records(persons: QuerySet[Person]) -> Iterator[dict[str, Any]]:
    for person in prefetched(persons.order_by("pk")).iterator(chunk_size=CHUNK):
        yield record(person)


def frame(persons: QuerySet[Person]) -> pd.DataFrame:
    return prepare.frame(records(persons))
