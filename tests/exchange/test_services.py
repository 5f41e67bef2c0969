"""Data exchange through its services: the quarantine and its corrections, re-imports that
update instead of duplicating, dry runs, who may import and export, sealed uploads and the
XLSX error report."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from openpyxl import load_workbook

from tests import factories, worlds
from tipsom.cases.models import Case, Person
from tipsom.core.choices import Role
from tipsom.core.models import AuditEntry
from tipsom.exchange import reports, selectors, services
from tipsom.exchange.models import ImportBatch, ImportRow, SourceRecord

HEADER = "record_id,prs_FirstName,prs_SecondName,prs_Gender,cas_Status"


@pytest.fixture
def w(db):
    return worlds.exchange_world()


def csv(*rows: str) -> bytes:
    return "\n".join([HEADER, *rows, ""]).encode()


def run(w, data: bytes, *, side: str = "a", dry_run: bool = False, source: str = "register"):
    officer, org = w[f"{side}_dataofficer"], w[f"org_{side}"]
    batch = services.start_import(officer, org, data, "htcds-csv", source, dry_run=dry_run)
    return services.run_import(officer, batch, data)


def problems(row: ImportRow) -> list[dict]:
    return selectors.problems_of(ImportRow.objects.get(pk=row.pk))


GOOD = "k1,Shazia,Parveen,Feminine,Active"
BAD = "k2,Nargis,Kausar,Femenine,Active"  # not an HTCDS gender


# --- the quarantine ------------------------------------------------------------------------


def test_a_refused_row_is_kept_with_its_values_and_problems(w):
    batch = run(w, csv(GOOD, BAD))
    assert batch.status == "done"
    assert batch.counts == {"created": 1, "rejected": 1}
    row = batch.rows.get()
    assert (row.row_number, row.record_id, row.status) == (2, "k2", "quarantined")
    assert selectors.values_of(row)["prs_SecondName"] == "Kausar"
    (problem,) = selectors.problems_of(row)
    assert problem["column"] == "prs_Gender" and problem["value"] == "Femenine"
    assert "Feminine" in problem["allowed"]
    assert SourceRecord.objects.filter(source_system="register", record_id="k1").exists()
    assert not SourceRecord.objects.filter(source_system="register", record_id="k2").exists()


def test_quarantined_values_and_problems_never_reach_the_database_in_clear(w):
    row = run(w, csv(BAD)).rows.get()
    with connection.cursor() as cur:
        cur.execute('SELECT "values", problems FROM exchange_importrow WHERE id = %s', [row.pk])
        raw = " ".join(cur.fetchone())
    for clear in ("Nargis", "Kausar", "Femenine", "prs_SecondName"):
        assert clear not in raw


def test_a_corrected_row_is_imported_and_the_counts_follow(w):
    batch = run(w, csv(GOOD, BAD))
    row = batch.rows.get()
    cases_before = Case.objects.filter(organisation=w["org_a"]).count()
    outcome = services.resubmit(w["a_dataofficer"], row, {"prs_Gender": "Feminine"})
    assert outcome == "created"
    row.refresh_from_db()
    batch.refresh_from_db()
    assert row.status == "imported" and selectors.problems_of(row) == []
    assert batch.counts == {"created": 2, "rejected": 0}
    assert Case.objects.filter(organisation=w["org_a"]).count() == cases_before + 1
    link = SourceRecord.objects.get(source_system="register", record_id="k2")
    assert link.person.family_name == "Kausar" and link.case.organisation == w["org_a"]
    entry = AuditEntry.objects.filter(object_type="exchange.importrow").latest("seq")
    assert entry.changes == {"prs_Gender": ["…", "…"]}  # which column, never the values


def test_a_row_still_bad_after_correction_stays_with_its_new_problems(w):
    batch = run(w, csv(GOOD, BAD))
    row = batch.rows.get()
    outcome = services.resubmit(
        w["a_dataofficer"], row, {"prs_Gender": "Feminine", "cas_Status": "Finished"}
    )
    assert outcome == "rejected"
    row.refresh_from_db()
    assert row.status == "quarantined"
    assert selectors.values_of(row)["prs_Gender"] == "Feminine"  # the correction is kept
    assert [(p["column"], p["value"]) for p in selectors.problems_of(row)] == [
        ("cas_Status", "Finished")
    ]
    batch.refresh_from_db()
    assert batch.counts == {"created": 1, "rejected": 1}
    assert not SourceRecord.objects.filter(record_id="k2").exists()


def test_a_column_the_file_did_not_have_cannot_be_added(w):
    row = run(w, csv(BAD)).rows.get()
    with pytest.raises(ValidationError) as refused:
        services.resubmit(w["a_dataofficer"], row, {"prs_Birthdate": "1990-01-01"})
    assert "prs_Birthdate" in refused.value.message_dict


def test_discarding_a_row_needs_a_reason(w):
    row = run(w, csv(BAD)).rows.get()
    with pytest.raises(ValidationError) as refused:
        services.discard(w["a_dataofficer"], row, "  ")
    assert "reason" in refused.value.message_dict
    row.refresh_from_db()
    assert row.status == "quarantined"
    services.discard(w["a_dataofficer"], row, "the same woman as row 1, misspelt")
    row.refresh_from_db()
    assert row.status == "discarded"
    entry = AuditEntry.objects.filter(object_type="exchange.importrow").latest("seq")
    assert "the same woman as row 1, misspelt" in entry.summary
    with pytest.raises(ValidationError):
        services.resubmit(w["a_dataofficer"], row, {"prs_Gender": "Feminine"})


# --- re-imports ----------------------------------------------------------------------------

SECOND = "k3,Samina,Yousaf,Feminine,FollowUp"


def test_importing_the_same_file_again_changes_nothing(w):
    data = csv(GOOD, SECOND)
    assert run(w, data).counts == {"created": 2}
    persons, cases_, entries = Person.objects.count(), Case.objects.count(), AuditEntry.objects
    audited = entries.exclude(object_type="exchange.importbatch").count()
    again = run(w, data)
    assert again.counts == {"unchanged": 2}
    assert (Person.objects.count(), Case.objects.count()) == (persons, cases_)
    assert entries.exclude(object_type="exchange.importbatch").count() == audited


def test_an_updated_file_updates_the_person_and_audits_the_change(w):
    run(w, csv(GOOD, SECOND))
    link = SourceRecord.objects.get(source_system="register", record_id="k1")
    cases_ = Case.objects.count()
    updated = run(w, csv("k1,Shazia,Perveen,Feminine,Active", SECOND))
    assert updated.counts == {"updated": 1, "unchanged": 1}
    assert Case.objects.count() == cases_
    person = Person.objects.get(pk=link.person_id)
    assert person.family_name == "Perveen"
    entry = AuditEntry.objects.filter(object_type="cases.person", object_id=str(person.pk)).latest(
        "seq"
    )
    assert entry.action == "update" and "family_name" in entry.changes
    assert SourceRecord.objects.get(pk=link.pk).batch_id == updated.pk


def test_the_same_record_id_from_another_source_is_another_record(w):
    run(w, csv(GOOD))
    assert run(w, csv(GOOD), source="another register").counts == {"created": 1}


# --- dry runs ------------------------------------------------------------------------------


def test_a_dry_run_writes_nothing_but_says_what_would_happen(w):
    run(w, csv(GOOD))
    persons, cases_, links = Person.objects.count(), Case.objects.count(), SourceRecord.objects
    linked = links.count()
    dry = run(w, csv("k1,Shazia,Perveen,Feminine,Active", SECOND, BAD), dry_run=True)
    assert dry.dry_run and dry.status == "checked"
    assert dry.counts == {"updated": 1, "created": 1, "rejected": 1}
    assert (Person.objects.count(), Case.objects.count(), links.count()) == (
        persons,
        cases_,
        linked,
    )
    assert Person.objects.get(pk=links.get(record_id="k1").person_id).family_name == "Parveen"
    row = dry.rows.get()  # the report keeps the refused row
    with pytest.raises(ValidationError) as refused:
        services.resubmit(w["a_dataofficer"], row, {"prs_Gender": "Feminine"})
    assert "dry run" in str(refused.value)
    assert ImportRow.objects.get(pk=row.pk).status == "quarantined"
    assert Person.objects.count() == persons


# --- who may import and export -------------------------------------------------------------


def test_a_caseworker_cannot_import(w):
    with pytest.raises(PermissionDenied):
        services.start_import(w["a_caseworker"], w["org_a"], csv(GOOD), "htcds-csv", "register")
    with pytest.raises(PermissionDenied):
        services.upload(
            w["a_caseworker"], w["org_a"], csv(GOOD), "x.csv", "htcds-csv", "x", dry_run=True
        )


def test_a_data_officer_cannot_import_into_another_organisation(w):
    before = ImportBatch.objects.count()
    with pytest.raises(PermissionDenied):
        services.start_import(w["a_dataofficer"], w["org_b"], csv(GOOD), "htcds-csv", "register")
    assert ImportBatch.objects.count() == before


def test_nobody_corrects_or_discards_another_organisations_row(w):
    row = w["row_b"]
    with pytest.raises(PermissionDenied):
        services.resubmit(w["a_dataofficer"], row, {"prs_Gender": "Feminine"})
    with pytest.raises(PermissionDenied):
        services.discard(w["a_dataofficer"], row, "not ours")
    assert ImportRow.objects.get(pk=row.pk).status == "quarantined"


def test_an_export_holds_only_the_exporters_organisation_and_is_audited(w):
    before = AuditEntry.objects.filter(action="export").count()
    target = io.BytesIO()
    count = services.export(w["a_dataofficer"], "htcds-csv", target)
    text = target.getvalue().decode()
    assert "Ayesha" in text and "Alphaimported" in text
    assert "Bashir" not in text and "Beta" not in text
    assert count == len(text.strip().splitlines()) - 1
    entries = AuditEntry.objects.filter(action="export")
    assert entries.count() == before + 1
    entry = entries.latest("seq")
    assert entry.actor == w["a_dataofficer"] and entry.changes == {
        "format": "htcds-csv",
        "rows": count,
    }


def test_an_export_of_another_organisation_is_empty(w):
    target = io.BytesIO()
    assert services.export(w["a_dataofficer"], "htcds-json", target, w["org_b"]) == 0
    assert json.loads(target.getvalue())["records"] == []


def test_a_caseworker_exports_nothing(w):
    target = io.BytesIO()
    assert services.export(w["a_caseworker"], "htcds-csv", target) == 0


# --- uploads from the web ------------------------------------------------------------------


def _files(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


def test_an_upload_is_stored_sealed_and_the_import_job_reads_it(
    w, settings, django_capture_on_commit_callbacks
):
    data = csv(GOOD, BAD)
    with django_capture_on_commit_callbacks(execute=True):
        batch = services.upload(
            w["a_dataofficer"], w["org_a"], data, "upload.csv", "htcds-csv", "web", dry_run=True
        )
    sealed = Path(settings.MEDIA_ROOT) / batch.upload
    blob = sealed.read_bytes()
    for clear in (b"Shazia", b"Kausar", b"prs_FirstName", data[:40]):
        assert clear not in blob
    assert services.unsealed(ImportBatch.objects.get(pk=batch.pk)) == data
    batch.refresh_from_db()
    assert batch.status == "checked" and batch.counts == {"created": 1, "rejected": 1}
    assert batch.job.status == "succeeded"
    # Importing it for real reads the same sealed file; the real import's copy is removed.
    with django_capture_on_commit_callbacks(execute=True):
        real = services.commit_checked(w["a_dataofficer"], batch)
    real.refresh_from_db()
    assert real.status == "done" and real.counts == {"created": 1, "rejected": 1}
    assert not (Path(settings.MEDIA_ROOT) / real.upload).exists()
    assert SourceRecord.objects.filter(source_system="web", record_id="k1").exists()
    for path in _files(settings):
        assert b"Shazia" not in path.read_bytes()


def test_only_a_finished_dry_run_can_be_imported_from_the_page(w):
    with pytest.raises(ValidationError):
        services.commit_checked(w["a_dataofficer"], w["batch_a"])


def test_an_upload_over_the_limit_is_refused_naming_the_limit(w, settings):
    settings.TIPSOM_MAX_UPLOAD_MB = 1
    data = csv(GOOD) + b"#" * (1 << 20)
    before, files = ImportBatch.objects.count(), _files(settings)
    with pytest.raises(ValidationError) as refused:
        services.upload(
            w["a_dataofficer"], w["org_a"], data, "big.csv", "htcds-csv", "web", dry_run=True
        )
    assert "1 MB" in refused.value.message_dict["file"][0]
    assert ImportBatch.objects.count() == before
    assert _files(settings) == files


def test_a_command_line_import_has_no_sealed_upload(w):
    with pytest.raises(ValidationError):
        services.unsealed(w["batch_a"])


# --- the error report ----------------------------------------------------------------------


def test_the_error_report_lists_the_problems_and_marks_the_bad_cells(w):
    batch = run(w, csv(GOOD, BAD, "k4,,,Masculine,Closed"))
    rows = list(selectors.quarantine(w["a_dataofficer"], batch))
    book = load_workbook(io.BytesIO(reports.problem_report(batch, rows)))
    assert book.sheetnames == ["Problems", "Rows"]
    found = list(book["Problems"].iter_rows(values_only=True))
    assert found[0] == ("row", "record id", "column", "value", "reason", "allowed", "status")
    assert {(r[0], r[1], r[2]) for r in found[1:]} == {
        (2, "k2", "prs_Gender"),
        (3, "k4", "prs_FirstName"),
        (3, "k4", "cas_ReasonForCaseClosure"),
    }
    sheet = book["Rows"]
    header = [c.value for c in sheet[1]]
    assert header == ["row", *HEADER.split(",")]
    gender = sheet.cell(row=2, column=header.index("prs_Gender") + 1)
    assert gender.value == "Femenine"
    assert gender.fill.fgColor.rgb.endswith("FFC7CE")
    assert "not a code of this list" in gender.comment.text
    assert "Feminine" in gender.comment.text
    name = sheet.cell(row=2, column=header.index("prs_SecondName") + 1)
    assert name.value == "Kausar" and name.comment is None
    assert not name.fill.fgColor.rgb.endswith("FFC7CE")
    first = sheet.cell(row=3, column=header.index("prs_FirstName") + 1)
    assert first.fill.fgColor.rgb.endswith("FFC7CE") and "name is required" in first.comment.text


def test_downloading_the_error_report_is_audited_as_an_export(w):
    services.record_report_download(w["a_dataofficer"], w["batch_a"], 1)
    entry = AuditEntry.objects.filter(action="export").latest("seq")
    assert entry.object_type == "exchange.importbatch" and "1 rows" in entry.summary


def test_a_member_of_both_organisations_imports_into_either(w):
    both = factories.user(
        (w["org_a"], Role.DATA_OFFICER), (w["org_b"], Role.DATA_OFFICER), username="two-hats"
    )
    for org in (w["org_a"], w["org_b"]):
        batch = services.start_import(both, org, csv(GOOD), "htcds-csv", "register")
        assert services.run_import(both, batch, csv(GOOD)).counts == {"created": 1}


def test_the_same_upload_twice_runs_one_job_and_commit_twice_one_import(
    w, django_capture_on_commit_callbacks
):
    officer, org = w["a_dataofficer"], w["org_a"]
    data = worlds.exchange_csv("a")
    with django_capture_on_commit_callbacks(execute=False):
        first = services.upload(officer, org, data, "a.csv", "htcds-csv", "twice", dry_run=True)
        again = services.upload(officer, org, data, "a.csv", "htcds-csv", "twice", dry_run=True)
    assert again.pk == first.pk and again.job_id == first.job_id
    services.run_import(officer, first, data)
    first.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        real = services.commit_checked(officer, first)
        twice = services.commit_checked(officer, first)
    assert twice.pk == real.pk
