"""The statistics extract: each column of each table, for the records of the statistics
world, worked out from what the users recorded; nothing identifying in the files; the
record of the extract, its audit entry, and how many extracts are kept."""

from __future__ import annotations

from datetime import date
from operator import itemgetter
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied

from tests.insights.conftest import DOCUMENT, NAMES, PHONE, STREET
from tests.permission_matrix import World
from tipsom.cases.models import CaseRole
from tipsom.core.models import AuditEntry
from tipsom.engine.indicators import schema
from tipsom.insights import services
from tipsom.insights.models import Extract

TABLES = ("victims", "suspects", "offences")


def folder(found: Extract) -> Path:
    return Path(settings.DATA_DIR) / "extracts" / found.directory


def rows(found: Extract, table: str) -> list[dict]:
    return pq.read_table(folder(found) / f"{table}.parquet").to_pylist()


@pytest.fixture
def found(w: World) -> Extract:
    return services.take_extract(w["data_officer"])


def record_id(case, person) -> str:
    return str(CaseRole.objects.get(case=case, person=person).pk)


def test_each_victim_record_as_recorded(w, found):
    linked = f"i{w['identity'].pk}"
    expected = [
        {
            "record_id": record_id(w["case_v1"], w["v1"]),
            "person_id": w["v1"].pk,
            "identity_key": linked,
            "organisation": "ALPHA",  # the acronym where there is one
            "identified_on": date(2025, 3, 10),  # the case's opening date
            "year": 2025,
            "province": "PK-SD",  # the current address, not the older one in Punjab
            "sex": "female",
            "age": 2025 - 2008,
            "citizenship": "PK",
            "role": "victim",
            "case_type": "trafficking",
            # the screening dated 2025-05-01, though recorded before the one of 2025-04-01
            "trafficking_status": "ActualVictimOfTrafficking",
            "exploitation": ["SexualExploitation", "ForcedLabour"],
            "assisted": True,  # a service delivered
            "referred": False,
        },
        {
            "record_id": record_id(w["case_v2"], w["v2"]),
            "person_id": w["v2"].pk,
            "identity_key": f"p{w['v2'].pk}",
            "organisation": "Beta Legal Aid",  # no acronym: the name
            "identified_on": date(2026, 1, 15),
            "year": 2026,
            "province": "PK-KP",
            "sex": "male",
            "age": 2026 - 1990,
            "citizenship": "AF",
            "role": "victim",
            "case_type": "both",
            "trafficking_status": None,  # never screened
            "exploitation": [],
            "assisted": False,  # a service planned only
            "referred": True,  # a referral sent (still pending)
        },
        {
            "record_id": record_id(w["case_v3"], w["v3"]),
            "person_id": w["v3"].pk,
            "identity_key": linked,  # v1's identity
            "organisation": "Beta Legal Aid",
            "identified_on": date(2026, 2, 1),
            "year": 2026,
            "province": None,  # no address
            "sex": "unknown",
            "age": None,  # no birth year
            "citizenship": None,
            "role": "victim",
            "case_type": "trafficking",
            "trafficking_status": "PossibleVictimOfTrafficking",
            "exploitation": ["ForcedMarriage"],
            "assisted": False,
            "referred": False,
        },
        {
            "record_id": record_id(w["case_migrant"], w["migrant"]),
            "person_id": w["migrant"].pk,
            "identity_key": f"p{w['migrant'].pk}",
            "organisation": "ALPHA",
            "identified_on": date(2026, 6, 1),
            "year": 2026,
            "province": None,
            "sex": "male",
            "age": 2026 - 2000,
            "citizenship": "PK",
            "role": "smuggled_migrant",
            "case_type": "smuggling",
            "trafficking_status": None,
            "exploitation": [],
            "assisted": False,
            "referred": False,
        },
    ]
    # The witness in v1's case is no client: no record.
    assert sorted(rows(found, "victims"), key=lambda r: int(r["record_id"])) == expected


def test_each_suspect_record_as_recorded(w, found):
    both_laws, both_codes = ["PSMA_2018", "PTPA_2018"], ["PSMA-3", "PTPA-3"]
    common = {
        "organisation": "FIA-KHI",
        "fir_id": w["fir"].pk,
        "province": "PK-IS",  # the investigating agency's province
        "suspected_year": 2025,  # the FIR's year
        "laws": both_laws,
        "offence_codes": both_codes,
    }
    expected = [
        {
            "record_id": str(w["s1"].pk),
            "person_id": w["s1"].person_id,
            "identity_key": f"p{w['s1'].person_id}",
            **common,
            "sex": "male",
            "age": 2025 - 1980,  # at the FIR
            "citizenship": "PK",
            # first charge 2025-12-01 (later acquitted); convicted 2026-06-01 on the other
            "prosecuted_year": 2025,
            "convicted_year": 2026,
        },
        {
            "record_id": str(w["s2"].pk),
            "person_id": w["s2"].person_id,
            "identity_key": f"p{w['s2'].person_id}",
            **common,
            "sex": "female",
            "age": None,
            "citizenship": None,
            "prosecuted_year": None,
            "convicted_year": None,
        },
    ]
    assert sorted(rows(found, "suspects"), key=lambda r: int(r["record_id"])) == expected


def test_each_offence_of_each_fir(w, found):
    fir, fir2 = w["fir"].pk, w["fir2"].pk
    common = {"organisation": "FIA-KHI", "province": "PK-IS"}
    expected = [
        {"fir_id": fir, "year": 2025, "law": "PTPA_2018", "offence_code": "PTPA-3"}
        | {"case_kind": "trafficking", "prosecuted": True},
        {"fir_id": fir, "year": 2025, "law": "PSMA_2018", "offence_code": "PSMA-3"}
        | {"case_kind": "smuggling", "prosecuted": True},
        {"fir_id": fir2, "year": 2026, "law": "EO_1979", "offence_code": "EO-1979"}
        | {"case_kind": "other", "prosecuted": False},  # nobody charged under FIR 2/2026
    ]
    key = itemgetter("fir_id", "offence_code")
    assert sorted(rows(found, "offences"), key=key) == sorted(
        ({**e, **common} for e in expected), key=key
    )


def test_the_files_follow_the_published_schema(found):
    for name in TABLES:
        written = pq.read_schema(folder(found) / f"{name}.parquet")
        assert written.remove_metadata().equals(schema.TABLES[name].remove_metadata()), name


def test_no_name_document_or_phone_reaches_the_extract(w, found):
    secrets = [*NAMES, DOCUMENT, DOCUMENT.replace("-", ""), PHONE, STREET, "Hyderabad"]
    for name in TABLES:
        raw = (folder(found) / f"{name}.parquet").read_bytes()
        values = repr(rows(found, name))
        for secret in secrets:
            assert secret.encode() not in raw, (name, secret)
            assert secret.lower() not in values.lower(), (name, secret)
    assert {p.name for p in folder(found).iterdir()} == {f"{t}.parquet" for t in TABLES}


def test_the_extract_is_recorded_with_its_counts_and_audited(w, found):
    found = Extract.objects.get(pk=found.pk)
    assert found.taken_by == w["data_officer"]
    assert found.directory == f"{found.pk:06d}"
    assert (found.victims, found.suspects, found.offences) == (4, 2, 3)
    assert (found.first_year, found.last_year) == (2025, 2026)
    assert found.linkage_run == w["run"].pk
    assert found.seconds >= 0
    entry = AuditEntry.objects.get(object_type="insights.extract", object_id=str(found.pk))
    assert entry.action == "create"
    assert entry.actor == w["data_officer"]
    assert "4 victim records, 2 suspect records, 3 offences" in entry.summary


def test_only_the_newest_three_extracts_are_kept(w):
    taken = [services.take_extract(w["data_officer"]) for _ in range(4)]
    on_disk = sorted(p.name for p in (Path(settings.DATA_DIR) / "extracts").iterdir())
    assert on_disk == [e.directory for e in taken[1:]]
    assert list(Extract.objects.order_by("pk").values_list("pk", flat=True)) == [
        e.pk for e in taken[1:]
    ]
    # every one taken was audited, the one removed too
    assert AuditEntry.objects.filter(object_type="insights.extract", action="create").count() == 4


def test_a_later_extract_sees_what_changed_since(w, found):
    from tipsom.cases import services as cases

    cases.record_screening(
        w["b_caseworker"],
        w["case_v2"],
        w["v2"],
        {
            "screened_on": date(2026, 1, 20),
            "trafficking_status": "NotAVictimOfTrafficking",
            "decided_by": "NGO",
        },
    )
    later = services.take_extract(w["data_officer"])
    before = {r["person_id"]: r["trafficking_status"] for r in rows(found, "victims")}
    after = {r["person_id"]: r["trafficking_status"] for r in rows(later, "victims")}
    assert before[w["v2"].pk] is None
    assert after[w["v2"].pk] == "NotAVictimOfTrafficking"


@pytest.mark.parametrize("who", ["a_caseworker", "investigator", "secretariat"])
def test_only_data_officers_take_extracts(w, who):
    with pytest.raises(PermissionDenied):
        services.take_extract(w[who])
    assert not Extract.objects.exists()
    assert not (Path(settings.DATA_DIR) / "extracts").exists()
