"""CTDC files through the exchange app: anonymous victims in, CTDC 2024 out."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests import factories
from tipsom.cases.models import Person
from tipsom.core.choices import Role
from tipsom.engine.exchange.ctdc import CTDC_2024_COLUMNS
from tipsom.exchange import services

ROWS = [
    {
        "yearOfRegistration": "2021",
        "gender": "Woman",
        "ageBroad": "18--20",
        "citizenship": "PHL",
        "CountryOfExploitation": "ARE",
        "meansDebtBondageEarnings": "1",
        "meansWithholdDocs": "1",
        "isForcedLabour": "1",
        "typeOfLabourDomesticWork": "1",
        "recruiterRelationFriend": "1",
    },
    {
        "yearOfRegistration": "2019",
        "gender": "Man",
        "ageBroad": "30--38",
        "citizenship": "PAK",
        "CountryOfExploitation": "SAU",
        "meansThreats": "1",
        "isForcedLabour": "1",
        "typeOfLabourConstruction": "1",
    },
]
ROWS = [{column: row.get(column, "") for column in CTDC_2024_COLUMNS} for row in ROWS]


def _file(path: Path, rows: list[dict]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=CTDC_2024_COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_ctdc_2024_in_as_anonymous_victims_and_out_again(db, tmp_path):
    org = factories.organisation("Counter Trafficking Data", acronym="CTD")
    officer = factories.user((org, Role.DATA_OFFICER), username="ctdc-officer")
    source = _file(tmp_path / "ctdc.csv", [*ROWS, ROWS[0]])  # a repeated row is another person
    batch = services.start_import(officer, org, source, "ctdc-2024", "CTDC 2024")
    batch = services.run_import(officer, batch, source)
    assert batch.counts == {"created": 3}, batch.notes
    persons = Person.objects.filter(organisation=org)
    assert persons.count() == 3
    assert all(p.is_anonymous and not p.first_name and p.age_is_estimated for p in persons)
    out = io.BytesIO()
    assert services.export(officer, "ctdc-2024", out, org) == 3
    exported = list(csv.DictReader(io.StringIO(out.getvalue().decode())))
    assert sorted(tuple(r.items()) for r in exported) == sorted(
        tuple(r.items()) for r in [*ROWS, ROWS[0]]
    )
    # Importing the same file again changes nothing.
    again = services.run_import(
        officer, services.start_import(officer, org, source, "ctdc-2024", "CTDC 2024"), source
    )
    assert again.counts == {"unchanged": 3}
