"""The joint programme's REST API: a programme designed, reported and reviewed end to end
over HTTP, and every refusal a 400 that names the field (403 for the right itself)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tipsom.engine.iati import validate
from tipsom.programme.models import Actual, Expenditure, ProgressReport


def post(client: Any, name: str, data: dict, *args: Any) -> Any:
    return client.post(reverse(name, args=args), data, content_type="application/json")


def as_user(client: Any, w: dict, key: str) -> Any:
    return factories.sign_in(client, w[key])


def test_a_programme_is_designed_over_the_api(client, w):
    as_user(client, w, "manager")
    made = post(
        client,
        "api:programme-list",
        {
            "code": "JP-API",
            "title": "Over the API",
            "description": "d",
            "thematic_area": 3,
            "gcm_objectives": [9],
            "gender_marker": 3,
            "human_rights_marker": 2,
            "planned_start": "2026-01-01",
            "planned_end": "2027-12-31",
            "sectors": [{"code": "15190", "percentage": 70}, {"code": "15180", "percentage": 30}],
        },
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    assert made.json()["thematic_area"] == 3 and made.json()["indirect_rate"] == "7.00"
    joined = post(
        client,
        "api:programme-participations",
        {"organisation": w["iom"].pk, "role": "participating_un"},
        pk,
    )
    assert joined.status_code == 201
    outcome = post(
        client, "api:programme-results", {"level": "outcome", "code": "1", "title": "o"}, pk
    )
    indicator = post(
        client,
        "api:programme-indicators",
        {
            "result": outcome.json()["id"],
            "code": "1.a",
            "title": "Persons assisted",
            "unit": "persons",
            "means_of_verification": "case files",
            "organisation": w["iom"].pk,
            "source": "computed",
            "computation": "persons_assisted",
            "disaggregations": ["sex", "age_group"],
        },
        pk,
    )
    assert indicator.status_code == 201, indicator.content
    assert indicator.json()["disaggregations"] == ["sex", "age_group"]
    period = post(
        client,
        "api:programme-periods",
        {"title": "2026", "starts_on": "2026-01-01", "ends_on": "2026-12-31"},
        pk,
    )
    assert period.status_code == 201
    target = post(
        client,
        "api:indicator-targets",
        {"period": period.json()["id"], "value": "12", "sex": "female"},
        indicator.json()["id"],
    )
    assert target.status_code == 201 and target.json()["sex"] == "female"
    computed = post(
        client, "api:indicator-compute", {"period": period.json()["id"]}, indicator.json()["id"]
    )
    assert computed.status_code == 201
    assert computed.json()[0]["definition"].startswith("Clients (victims, smuggled migrants")
    assert computed.json()[0]["parameters"]["start"] == "2026-01-01"


def test_an_indicator_without_a_unit_is_a_400_naming_the_unit(client, w):
    as_user(client, w, "manager")
    answer = post(
        client,
        "api:programme-indicators",
        {
            "result": w["outcome"].pk,
            "code": "1.z",
            "title": "Something",
            "means_of_verification": "files",
            "organisation": w["iom"].pk,
        },
        w["programme"].pk,
    )
    assert answer.status_code == 400
    assert list(answer.json()) == ["unit"]
    assert "an indicator without a unit cannot be reported" in answer.json()["unit"][0]


def test_an_actual_for_a_closed_period_is_a_400_naming_the_period(client, w):
    as_user(client, w, "iom_data")
    answer = post(
        client, "api:indicator-actuals", {"period": w["p1"].pk, "value": "50"}, w["ind_iom"].pk
    )
    assert answer.status_code == 400
    assert "the reporting period 2026 first half is closed" in answer.json()["period"][0]
    assert Actual.objects.get(indicator=w["ind_iom"], period=w["p1"]).value == 40


def test_expenditure_above_the_transfer_is_a_400_naming_the_justification(client, w):
    as_user(client, w, "unodc_data")
    body = {"period": w["p2"].pk, "organisation": w["unodc"].pk, "category": "contractual"}
    answer = post(client, "api:expenditure-list", {**body, "amount": "40000"})
    assert answer.status_code == 400
    assert "above the USD 40,000.00 the fund has transferred" in answer.json()["justification"][0]
    answer = post(
        client,
        "api:expenditure-list",
        {**body, "amount": "40000", "justification": "second tranche delayed; UNODC pre-finances"},
    )
    assert answer.status_code == 201
    assert Expenditure.objects.filter(organisation=w["unodc"]).count() == 2


def test_unknown_fields_are_refused_not_dropped(client, w):
    as_user(client, w, "iom_data")
    answer = post(
        client,
        "api:indicator-actuals",
        {"period": w["p2"].pk, "value": "5", "gender": "female"},
        w["ind_iom"].pk,
    )
    assert answer.status_code == 400
    assert answer.json()["gender"][0].startswith("unknown field; allowed: age_group, comment")


def test_a_report_is_submitted_and_approved_by_another_over_the_api(client, w):
    as_user(client, w, "manager")
    written = post(
        client,
        "api:progressreport-list",
        {"period": w["p2"].pk, "organisation": w["unodc"].pk, "narrative": "by the manager"},
    )
    assert written.status_code == 201 and written.json()["id"] == w["report_unodc"].pk
    submitted = post(client, "api:progressreport-submit", {}, w["report_unodc"].pk)
    assert submitted.json()["status"] == "submitted"
    own = post(client, "api:progressreport-approve", {}, w["report_unodc"].pk)
    assert own.status_code == 400
    assert "you prepared this one" in own.json()["status"][0]
    as_user(client, w, "manager2")
    approved = post(client, "api:progressreport-approve", {"note": "ok"}, w["report_unodc"].pk)
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert ProgressReport.objects.get(pk=w["report_unodc"].pk).decided_by == w["manager2"]


def test_the_dashboard_gives_delivery_burn_and_indicator_tracks(client, w):
    as_user(client, w, "secretariat")
    body = client.get(reverse("api:programme-dashboard", args=[w["programme"].pk])).json()
    assert body["total"]["delivery_rate"] == "0.3567"
    assert body["burn_rate"] is not None
    tracks = {i["code"]: i["track"] for i in body["indicators"]}
    assert tracks == {"1.a": "no_data", "1.b": "no_data", "1.1.a": "no_data"}


@pytest.mark.parametrize(("user", "status"), [("manager", 200), ("iom_data", 403)])
def test_the_iati_file_over_the_api(client, w, user, status):
    as_user(client, w, user)
    answer = client.get(reverse("api:programme-iati", args=[w["programme"].pk]))
    assert answer.status_code == status
    if status == 200:
        assert validate(answer.content) == []


def test_the_iati_file_of_an_unpublishable_programme_names_what_is_missing(client, w):
    as_user(client, w, "manager")
    answer = client.get(reverse("api:programme-iati", args=[w["other"].pk]))
    assert answer.status_code == 400
    assert any(p.startswith("iati_identifier:") for p in answer.json()["iati"])


def test_the_registry_of_computations_is_listed_with_definitions(client, w):
    as_user(client, w, "iom_data")
    found = client.get(reverse("api:programme-computations")).json()
    assert [c["key"] for c in found] == [
        "victims_referred",
        "cases_investigated",
        "persons_assisted",
        "victims_registered",
        "officials_trained",
    ]
    assert all(c["definition"] and c["unit"] for c in found)


def test_training_and_attendance_over_the_api(client, w):
    as_user(client, w, "iom_data")
    event = post(
        client,
        "api:trainingevent-list",
        {"organisation": w["iom"].pk, "title": "Interviewing victims", "starts_on": "2026-10-02"},
    )
    assert event.status_code == 201
    attended = post(
        client,
        "api:trainingevent-attendance",
        {"organisation": w["fia"].pk, "female": 4, "male": -1},
        event.json()["id"],
    )
    assert attended.status_code == 400 and "male" in attended.json()
