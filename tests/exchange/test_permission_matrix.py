"""Every page of data exchange under the four permission conditions.

The world is `worlds.exchange_world()`: Alpha and Beta each with a data officer, an import
holding one quarantined row, and a finished dry run of an uploaded file.

Permitted: Alpha's data officer. No permission: Alpha's caseworker (a caseworker neither
imports nor exports; the quarantine holds other people's personal data). Other organisation:
Alpha's data officer against Beta's import, row or dry run; in lists and exports, Beta's rows
never show.
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests import factories, worlds
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tipsom.cases.models import Person
from tipsom.core.choices import Role
from tipsom.core.models import AuditEntry
from tipsom.exchange.models import ImportBatch, ImportRow


@pytest.fixture
def world(db) -> World:
    return worlds.exchange_world()


def _upload(w: World) -> dict:
    return {
        "file": SimpleUploadedFile("matrix.csv", worlds.exchange_csv("a"), "text/csv"),
        "format": "htcds-csv",
        "organisation": w["org_a"].pk,
        "source_system": "matrix test",
        "dry_run": "on",
    }


def _corrected(side: str) -> dict:
    """The row form as the browser posts it: every column, the gender corrected."""
    name = {"a": "Alpha", "b": "Beta"}[side]
    values = [f"{side}-2", "Rubina", f"{name}quarantined", "Feminine", "Active"]
    return {f"v-{n}": value for n, value in enumerate(values)}


def batch_page(name: str, key: str = "batch", **kw) -> Endpoint:
    """A page of one import (or of its row, or dry run): Alpha's, and Beta's as the other."""
    route = name.split(" ")[0]
    return Endpoint(
        name,
        url(route, f"{key}_a"),
        "a_dataofficer",
        "a_caseworker",
        other_url=url(route, f"{key}_b"),
        **kw,
    )


E = Endpoint
ENDPOINTS = [
    E(
        "exchange:import_list",
        static("exchange:import_list"),
        "a_dataofficer",
        "a_caseworker",
        own_marker=lambda w: "alpha-register.csv",
        other_marker=lambda w: "beta-register.csv",
    ),
    E("exchange:import_new", static("exchange:import_new"), "a_dataofficer", "a_caseworker"),
    E(
        "exchange:import_new POST",
        static("exchange:import_new"),
        "a_dataofficer",
        "a_caseworker",
        method="post",
        data=_upload,
        ok=(302,),
    ),
    batch_page(
        "exchange:import_detail",
        own_marker=lambda w: "Femenine",  # the refused value of Alpha's quarantined row
    ),
    batch_page("exchange:import_commit", key="dryrun", method="post", ok=(302,)),
    batch_page("exchange:import_report"),
    batch_page("exchange:row_edit", key="row", own_marker=lambda w: "Alphaquarantined"),
    batch_page(
        "exchange:row_edit POST",
        key="row",
        method="post",
        data=lambda w: _corrected("a"),
        ok=(302,),
    ),
    batch_page(
        "exchange:row_discard",
        key="row",
        method="post",
        data=lambda w: {"reason": "a duplicate of row 1"},
        ok=(302,),
    ),
    E(
        "exchange:export",
        static("exchange:export"),
        "a_dataofficer",
        "a_caseworker",
        method="post",
        data=lambda w: {"format": "htcds-csv"},
        own_marker=lambda w: "Alphaimported",
        other_marker=lambda w: "Betaimported",
    ),
]


@pytest.mark.parametrize("condition", list(CONDITIONS))
@pytest.mark.parametrize("endpoint", ENDPOINTS, ids=str)
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


# --- what the status codes above do not show ----------------------------------------------


def test_a_supervisor_may_import_too(client, world):
    supervisor = world["a_supervisor"]
    factories.sign_in(client, supervisor)
    assert client.get(reverse("exchange:import_new")).status_code == 200
    response = client.get(reverse("exchange:import_detail", args=[world["batch_a"].pk]))
    assert response.status_code == 200


def test_the_permitted_changes_take_effect(client, world, django_capture_on_commit_callbacks):
    factories.sign_in(client, world["a_dataofficer"])
    row = world["row_a"]
    client.post(reverse("exchange:row_edit", args=[row.pk]), _corrected("a"))
    assert ImportRow.objects.get(pk=row.pk).status == "imported"
    assert Person.objects.filter(organisation=world["org_a"]).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exchange:import_commit", args=[world["dryrun_a"].pk]))
    real = ImportBatch.objects.exclude(pk__in=[world["batch_a"].pk, world["dryrun_a"].pk]).get(
        organisation=world["org_a"]
    )
    assert response["Location"] == reverse("exchange:import_detail", args=[real.pk])
    assert not real.dry_run and real.status == "done"
    assert real.counts == {"created": 1, "rejected": 1}


def test_a_refused_row_action_changes_nothing(client, world):
    """Row pages redirect either way; Beta's row must stay as it is after Alpha's attempts."""
    factories.sign_in(client, world["a_dataofficer"])
    row = world["row_b"]
    client.post(reverse("exchange:row_edit", args=[row.pk]), _corrected("b"))
    client.post(reverse("exchange:row_discard", args=[row.pk]), {"reason": "not ours"})
    after = ImportRow.objects.get(pk=row.pk)
    assert after.status == "quarantined" and "Femenine" in after.values
    assert Person.objects.filter(organisation=world["org_b"]).count() == 2


def test_nobody_imports_into_another_organisation_from_the_page(client, world):
    factories.sign_in(client, world["a_dataofficer"])
    before = ImportBatch.objects.count()
    response = client.post(
        reverse("exchange:import_new"), {**_upload(world), "organisation": world["org_b"].pk}
    )
    assert response.status_code == 200  # the form again: Beta is not a choice
    assert "organisation" in response.context["form"].errors
    assert ImportBatch.objects.count() == before


def test_nobody_exports_another_organisations_cases(client, world):
    factories.sign_in(client, world["a_dataofficer"])
    exports = AuditEntry.objects.filter(action="export").count()
    response = client.post(
        reverse("exchange:export"), {"format": "htcds-csv", "organisation": world["org_b"].pk}
    )
    assert response.status_code == 302  # back to the list with a message; no file
    assert "Betaimported" not in response.content.decode()
    assert AuditEntry.objects.filter(action="export").count() == exports


def test_an_import_only_member_of_one_organisation_sees_only_its_imports(client, world):
    both = factories.user(
        (world["org_a"], Role.DATA_OFFICER), (world["org_b"], Role.CASEWORKER), username="mixed"
    )
    factories.sign_in(client, both)
    page = client.get(reverse("exchange:import_list")).content.decode()
    assert "alpha-register.csv" in page and "beta-register.csv" not in page
    form = client.get(reverse("exchange:import_new")).context["form"]
    choices = set(form.fields["organisation"].queryset)
    assert world["org_a"] in choices and world["org_b"] not in choices
