"""The database as the statistics extract (`engine.indicators.schema`): one pass per table
over plain columns (no name, document or phone is read or decrypted), written as Parquet.

What each column is taken from:

- a victim record is a client role (victim, smuggled migrant, returnee) in a case; it is
  identified on the case's opening date, in the province of the person's current address;
  its age is the opening year minus the birth year; its citizenship the first recorded;
  its trafficking status and forms of exploitation are the person's latest screening in
  that case; `assisted` means a service was delivered in the case, `referred` that the case
  was referred (a referral of kind `referral`, whatever became of it);
- a suspect record is a suspect in an FIR, in the province of the investigating agency; its
  prosecution and conviction years are those of its first charge and first conviction in
  that FIR;
- every record carries its person's linkage identity (`i<id>`), or `p<person id>` for a
  person not linked to anyone.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyarrow as pa
from django.db import connection
from django.db.models.fields.json import KeyTextTransform

from tipsom.cases.choices import CLIENT_ROLES
from tipsom.cases.models import Address, CaseRole, Screening, Service
from tipsom.core.models import Organisation
from tipsom.engine.indicators import schema

CHUNK = 20_000


def _identity(person_id: int, identity_id: int | None) -> str:
    return f"i{identity_id}" if identity_id else f"p{person_id}"


def _age(birth_year: int | None, year: int) -> int | None:
    if birth_year is None:
        return None
    age = year - birth_year
    return age if 0 <= age < 130 else None


def _citizenship(citizenships: Any) -> str | None:
    if isinstance(citizenships, list) and citizenships:
        return str(citizenships[0]).upper()[:2] or None
    return None


def _sex(sex: str | None) -> str:
    return sex if sex in schema.SEXES else "unknown"


def _rows(queryset: Any, *fields: str) -> Iterator[tuple[Any, ...]]:
    return queryset.values_list(*fields).iterator(chunk_size=CHUNK)


def _labels() -> dict[int, tuple[str, str]]:
    """Organisation id → (short label, province)."""
    return {
        o.pk: (o.label, o.province.upper() or "")
        for o in Organisation.objects.only("name", "acronym", "province")
    }


def _raw(queryset: Any, *fields: str, **annotations: Any) -> Iterator[list[tuple[Any, ...]]]:
    """Chunks of the queryset's columns read with a plain (server-side, on PostgreSQL)
    cursor: no per-value converters, so JSON comes as text and the caller decodes only what
    it uses. At a million rows Django's converters cost more than the query."""
    if annotations:
        queryset = queryset.annotate(**annotations)
    sql, params = queryset.values_list(*fields, *annotations).query.sql_with_params()
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql, params)
        while chunk := cursor.fetchmany(CHUNK):
            yield chunk


def _codes_of(text: Any) -> list[str]:
    """A JSON list of codes read as text (already a list where the driver decoded it)."""
    if not text or text == "[]":
        return []
    found = json.loads(text) if isinstance(text, str) else text
    return [str(code) for code in found] if isinstance(found, list) else []


def victims() -> pa.Table:
    from tipsom.referrals.choices import ReferralKind
    from tipsom.referrals.models import Referral

    labels = {pk: label for pk, (label, _) in _labels().items()}
    provinces: dict[int, str] = {}
    for chunk in _raw(
        Address.objects.filter(is_current=True).order_by("pk"), "person_id", "province"
    ):
        provinces.update((person, (province or "").upper()) for person, province in chunk)
    screened: dict[tuple[int, int], tuple[str | None, Any]] = {}
    for chunk in _raw(
        Screening.objects.order_by("screened_on", "pk"),
        "case_id",
        "person_id",
        "trafficking_status",
        "exploitation_types",
    ):
        for case_id, person_id, status, forms in chunk:
            screened[(case_id, person_id)] = (status, forms)  # the latest wins
    assisted = set(
        Service.objects.filter(status="delivered").values_list("case_id", flat=True).distinct()
    )
    referred = set(
        Referral.objects.filter(kind=ReferralKind.REFERRAL)
        .values_list("case_id", flat=True)
        .distinct()
    )
    allowed = frozenset(schema.EXPLOITATION)
    sexes = frozenset(schema.SEXES)
    columns: dict[str, list[Any]] = {name: [] for name in schema.VICTIMS.names}
    (
        record_ids, person_ids, identities, organisations, identified, years, province_of,
        sex_of, ages, citizenship_of, roles, case_types, statuses, exploitation, assisted_of,
        referred_of,
    ) = (columns[name] for name in schema.VICTIMS.names)  # fmt: skip
    nothing: tuple[None, None] = (None, None)
    for chunk in _raw(
        CaseRole.objects.filter(role__in=list(CLIENT_ROLES)).order_by("pk"),
        "pk",
        "case_id",
        "person_id",
        "role",
        "case__organisation_id",
        "case__opened_on",
        "case__type",
        "person__sex",
        "person__birth_year",
        "person__identity_link__identity_id",
        citizenship=KeyTextTransform("0", "person__citizenships"),
    ):
        for (
            pk, case_id, person_id, role, organisation_id, opened_on, case_type, sex,
            birth_year, identity_id, citizenship,
        ) in chunk:  # fmt: skip
            status, forms = screened.get((case_id, person_id), nothing)
            year = opened_on.year
            record_ids.append(str(pk))
            person_ids.append(person_id)
            identities.append(f"i{identity_id}" if identity_id else f"p{person_id}")
            organisations.append(labels[organisation_id])
            identified.append(opened_on)
            years.append(year)
            province_of.append(provinces.get(person_id) or None)
            sex_of.append(sex if sex in sexes else "unknown")
            ages.append(_age(birth_year, year))
            citizenship_of.append(citizenship.upper()[:2] if citizenship else None)
            roles.append(role)
            case_types.append(case_type)
            statuses.append(status or None)
            exploitation.append([f for f in _codes_of(forms) if f in allowed])
            assisted_of.append(case_id in assisted)
            referred_of.append(case_id in referred)
    return pa.table(columns, schema=schema.VICTIMS)


def _append(columns: dict[str, list[Any]], **values: Any) -> None:
    for name, value in values.items():
        columns[name].append(value)


def suspects_and_offences() -> tuple[pa.Table, pa.Table]:
    from tipsom.justice.models import Charge, Fir, Suspect

    labels = _labels()
    fir_rows = {
        pk: (organisation_id, registered_on)
        for pk, organisation_id, registered_on in _rows(
            Fir.objects.order_by("pk"), "pk", "organisation_id", "registered_on"
        )
    }
    offences_of: dict[int, list[tuple[str, str]]] = {}
    for fir_id, code, law in _rows(
        Fir.offences.through.objects.order_by("pk"),
        "fir_id",
        "offence__code",
        "offence__law",
    ):
        offences_of.setdefault(fir_id, []).append((code, schema.LAW_FROM_APP.get(law, "PPC")))
    prosecuted_firs: set[int] = set()
    first_charge: dict[int, int] = {}
    first_conviction: dict[int, int] = {}
    for suspect_id, fir_id, filed_on, outcome, decided_on in _rows(
        Charge.objects.order_by("pk"),
        "suspect_id",
        "suspect__fir_id",
        "filed_on",
        "outcome",
        "decided_on",
    ):
        prosecuted_firs.add(fir_id)
        _earliest(first_charge, suspect_id, filed_on.year)
        if outcome == "convicted" and decided_on is not None:
            _earliest(first_conviction, suspect_id, decided_on.year)
    suspects: dict[str, list[Any]] = {name: [] for name in schema.SUSPECTS.names}
    for pk, fir_id, person_id, sex, birth_year, citizenships, identity_id in _rows(
        Suspect.objects.order_by("pk"),
        "pk",
        "fir_id",
        "person_id",
        "person__sex",
        "person__birth_year",
        "person__citizenships",
        "person__identity_link__identity_id",
    ):
        organisation_id, registered_on = fir_rows[fir_id]
        label, province = labels[organisation_id]
        found = offences_of.get(fir_id, [])
        _append(
            suspects,
            record_id=str(pk),
            person_id=person_id,
            identity_key=_identity(person_id, identity_id),
            organisation=label,
            fir_id=fir_id,
            province=province or None,
            sex=_sex(sex),
            age=_age(birth_year, registered_on.year),
            citizenship=_citizenship(citizenships),
            suspected_year=registered_on.year,
            prosecuted_year=first_charge.get(pk),
            convicted_year=first_conviction.get(pk),
            laws=sorted({law for _, law in found}),
            offence_codes=sorted({code for code, _ in found}),
        )
    offences: dict[str, list[Any]] = {name: [] for name in schema.OFFENCES.names}
    for fir_id, found in offences_of.items():
        organisation_id, registered_on = fir_rows[fir_id]
        label, province = labels[organisation_id]
        for code, law in found:
            _append(
                offences,
                fir_id=fir_id,
                organisation=label,
                year=registered_on.year,
                province=province or None,
                law=law,
                offence_code=code,
                case_kind=schema.CASE_KIND_OF_LAW.get(law, "other"),
                prosecuted=fir_id in prosecuted_firs,
            )
    return (
        pa.table(suspects, schema=schema.SUSPECTS),
        pa.table(offences, schema=schema.OFFENCES),
    )


def _earliest(found: dict[int, int], key: int, year: int) -> None:
    if key not in found or year < found[key]:
        found[key] = year


def write(directory: Path) -> dict[str, Any]:
    """Write the three tables into ``directory``; returns their row counts and the first
    and last year of identification."""
    tables = {"victims": victims()}
    tables["suspects"], tables["offences"] = suspects_and_offences()
    for name, table in tables.items():
        schema.write(directory, name, table)
    found = {name: table.num_rows for name, table in tables.items()}
    years = [y for y in tables["victims"].column("year").to_pylist() if y is not None]
    return {
        **found,
        "first_year": min(years) if years else None,
        "last_year": max(years) if years else None,
    }
