"""Every page and API endpoint of the joint programme under the four permission conditions.

The world is `tests.programme.world.programme_world()`, with UNODC's progress report on the
first half submitted for review (``report_review``). Permitted: IOM's data officer for what
the participating organisations do (read their programme, enter their actuals and
expenditure, write their progress reports, keep their training register), a programme
manager for the design of
the programme (participants, framework, targets, periods, budget, transfers), the review
of reports, and the donor report and IATI downloads. No permission: Alpha's caseworker, who
holds no grant here (403 on the sections, 404 on a row); IOM's data officer for what only
programme managers do (403); UNODC's data officer for IOM's figures (403). Other
organisation: UNHCR's programme, indicator, report and training, which IOM never sees
(404), UNODC's report (404) and, for lists, UNHCR's programme and UNODC's figures, which
never show. Programme managers, the secretariat and auditors work network-wide, so their
rows have no "other organisation" condition.

A page's POST redirects (302) whether the service took the write or told the user what was
wrong with the input; a refusal of the right itself is a 403. Tests below check that each
permitted write took effect and that each refused one wrote nothing.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tests.permission_matrix import CONDITIONS, Endpoint, World, static, url
from tests.programme.world import programme_world
from tipsom.programme import reporting
from tipsom.programme.models import (
    Actual,
    Attendance,
    BudgetLine,
    Expenditure,
    Indicator,
    Participation,
    Programme,
    ProgressReport,
    ReportingPeriod,
    Result,
    Target,
    TrainingEvent,
    Transfer,
)


def matrix_world() -> World:
    """The programme world and UNODC's report on the first half, submitted for review."""
    w = programme_world()
    review = reporting.save_report(w["unodc_data"], w["p1"], w["unodc"], "First half: training.")
    w["report_review"] = reporting.submit_report(w["unodc_data"], review)
    return w


@pytest.fixture
def world(db) -> World:
    return matrix_world()


def api_id(key: str):
    return lambda w: f'"id":{w[key].pk},'


def kw(name: str, **keys: str):
    return lambda w: reverse(name, kwargs={k: w[v].pk for k, v in keys.items()})


def donor(kind: str):
    return lambda w: reverse("programme:donor_report", args=[w["programme"].pk, kind])


def _programme(w: World) -> dict:
    return {
        "code": "JP-NEW",
        "title": "A new joint programme",
        "description": "synthetic",
        "thematic_area": 2,
        "gcm_objectives": ["7", "10"],
        "gender_marker": 2,
        "human_rights_marker": 3,
        "status": "pipeline",
        "planned_start": "2027-01-01",
        "planned_end": "2028-12-31",
        "currency": "USD",
        "indirect_rate": "7",
    }


def _participant(w: World) -> dict:
    return {"organisation": w["unhcr"].pk, "role": "participating_un", "iati_ref": ""}


def _result(w: World) -> dict:
    return {"level": "output", "parent": w["outcome"].pk, "code": "1.2", "title": "Shelters run"}


def _indicator(w: World) -> dict:
    return {
        "result": w["output"].pk,
        "code": "1.1.b",
        "title": "Officials trained",
        "unit": "officials",
        "measure": "number",
        "means_of_verification": "training register",
        "organisation": w["unodc"].pk,
        "source": "computed",
        "computation": "officials_trained",
        "compute_scope": "network",
        "disaggregations": ["sex"],
    }


def _period(w: World) -> dict:
    return {"title": "2027 first half", "starts_on": "2027-01-01", "ends_on": "2027-06-30"}


def _target(w: World) -> dict:
    return {"period": w["p2"].pk, "value": "120", "sex": "", "age_group": "", "province": ""}


def _actual(w: World) -> dict:
    return {"period": w["p2"].pk, "value": "55", "sex": "", "age_group": "", "province": ""}


def _compute(w: World) -> dict:
    return {"period": w["p2"].pk}


def _budget(w: World) -> dict:
    return {"organisation": w["iom"].pk, "category": "supplies", "year": 2026, "amount": "5000"}


def _transfer(w: World) -> dict:
    return {
        "kind": "from_fund",
        "organisation": w["iom"].pk,
        "partner": "",
        "transferred_on": "2026-06-01",
        "amount": "20000",
        "reference": "T-2",
    }


def _expenditure(org: str):
    return lambda w: {
        "period": w["p2"].pk,
        "organisation": w[org].pk,
        "category": "supplies",
        "amount": "100",
        "justification": "",
    }


def _report(w: World) -> dict:
    return {"period": w["p1"].pk, "organisation": w["iom"].pk, "narrative": "First half."}


def _decision(w: World) -> dict:
    return {"decision": "approve", "note": "clear"}


def _training(w: World) -> dict:
    return {
        "organisation": w["iom"].pk,
        "programme": w["programme"].pk,
        "title": "Referral pathways",
        "starts_on": "2026-10-01",
        "province": "PK-PB",
    }


def _attendance(w: World) -> dict:
    return {"organisation": w["fia"].pk, "female": 2, "male": 3, "transgender": 0}


def _api(data: Any, drop: tuple[str, ...] = (), **extra: Any):
    """A page's form data as an API body: no empty optional fields, lists kept."""

    def body(w: World) -> dict:
        found = {k: v for k, v in data(w).items() if k not in drop and v != ""}
        return {**found, **{k: (v(w) if callable(v) else v) for k, v in extra.items()}}

    return body


E = Endpoint
P = "programme"
PAGES = [
    E(
        "programme:list",
        static("programme:list"),
        "iom_data",
        "a_caseworker",
        own_marker=lambda w: "JP-PAK-TIP",
        other_marker=lambda w: "JP-OTHER",
    ),
    E(
        "programme:list manager",
        static("programme:list"),
        "manager",
        "nobody",
        own_marker=lambda w: "JP-OTHER",
    ),
    E("programme:new", static("programme:new"), "manager", "iom_data"),
    E(
        "programme:new POST",
        static("programme:new"),
        "manager",
        "iom_data",
        method="post",
        data=_programme,
        ok=(302,),
    ),
    E(
        "programme:edit",
        url("programme:edit", P),
        "manager",
        "iom_data",
        other_url=None,
        own_marker=lambda w: 'value="JP-PAK-TIP"',
    ),
    E(
        "programme:edit POST",
        url("programme:edit", P),
        "manager",
        "iom_data",
        method="post",
        data=lambda w: {**_programme(w), "code": "JP-PAK-TIP", "status": "finalisation"},
        ok=(302,),
    ),
    E(
        "programme:detail",
        url("programme:detail", P),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:detail", "other"),
        own_marker=lambda w: 'data-testid="framework"',
    ),
    E(
        "programme:detail secretariat",
        url("programme:detail", P),
        "secretariat",
        "b_caseworker",
        own_marker=lambda w: "Countering trafficking in persons",
    ),
    E(
        "programme:participation_add",
        url("programme:participation_add", P),
        "manager",
        "iom_data",
        method="post",
        data=_participant,
        ok=(302,),
    ),
    E(
        "programme:result_add",
        url("programme:result_add", P),
        "manager",
        "iom_data",
        method="post",
        data=_result,
        ok=(302,),
    ),
    E(
        "programme:indicator_add",
        url("programme:indicator_add", P),
        "manager",
        "iom_supervisor",
        method="post",
        data=_indicator,
        ok=(302,),
    ),
    E(
        "programme:period_add",
        url("programme:period_add", P),
        "manager",
        "iom_data",
        method="post",
        data=_period,
        ok=(302,),
    ),
    E(
        "programme:period_close",
        kw("programme:period_close", pk=P, period="p2"),
        "manager",
        "iom_data",
        method="post",
        ok=(302,),
    ),
    E(
        "programme:indicator_detail",
        url("programme:indicator_detail", "ind_iom"),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:indicator_detail", "ind_other"),
        own_marker=lambda w: 'data-testid="enter-actual"',
    ),
    E(
        "programme:indicator_detail auditor",
        url("programme:indicator_detail", "ind_iom"),
        "auditor",
        "a_caseworker",
        own_marker=lambda w: 'data-testid="indicator-periods"',
    ),
    E(
        "programme:target_set",
        url("programme:target_set", "ind_iom"),
        "manager",
        "iom_data",
        method="post",
        data=_target,
        ok=(302,),
    ),
    E(
        "programme:actual_add",
        url("programme:actual_add", "ind_iom"),
        "iom_data",
        "unodc_data",
        other_url=url("programme:actual_add", "ind_other"),
        method="post",
        data=_actual,
        ok=(302,),
    ),
    E(
        "programme:actual_add UNODC's indicator",
        url("programme:actual_add", "ind_unodc"),
        "unodc_data",
        "iom_data",
        other_url=url("programme:actual_add", "ind_iom"),
        method="post",
        data=_actual,
        ok=(302,),
    ),
    E(
        "programme:actual_compute",
        url("programme:actual_compute", "ind_computed"),
        "iom_data",
        "unodc_data",
        other_url=url("programme:actual_compute", "ind_other"),
        method="post",
        data=_compute,
        ok=(302,),
    ),
    E(
        "programme:finance",
        url("programme:finance", P),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:finance", "other"),
        own_marker=lambda w: "30,000.00",
        other_marker=lambda w: "10,000.00",
    ),
    E(
        "programme:budget_add",
        url("programme:budget_add", P),
        "manager",
        "iom_data",
        method="post",
        data=_budget,
        ok=(302,),
    ),
    E(
        "programme:transfer_add",
        url("programme:transfer_add", P),
        "manager",
        "iom_supervisor",
        method="post",
        data=_transfer,
        ok=(302,),
    ),
    E(
        "programme:expenditure_add",
        url("programme:expenditure_add", P),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:expenditure_add", "other"),
        method="post",
        data=_expenditure("iom"),
        ok=(302,),
    ),
    E(
        "programme:expenditure_add UNODC's",
        url("programme:expenditure_add", P),
        "unodc_data",
        "iom_data",
        method="post",
        data=_expenditure("unodc"),
        ok=(302,),
    ),
    E(
        "programme:reports",
        url("programme:reports", P),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:reports", "other"),
        own_marker=lambda w: "<td>IOM</td>",
        other_marker=lambda w: "<td>UNODC</td>",
    ),
    E(
        "programme:report_save",
        url("programme:report_save", P),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:report_save", "other"),
        method="post",
        data=_report,
        ok=(302,),
    ),
    E(
        "programme:report_detail",
        url("programme:report_detail", "report"),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:report_detail", "report_unodc"),
        own_marker=lambda w: "Shelters in Lahore and Multan",
    ),
    E(
        "programme:report_submit",
        url("programme:report_submit", "report"),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:report_submit", "report_unodc"),
        method="post",
        ok=(302,),
    ),
    E(
        "programme:report_decide",
        url("programme:report_decide", "report_review"),
        "manager",
        "unodc_data",
        method="post",
        data=_decision,
        ok=(302,),
    ),
    E(
        "programme:dashboard",
        url("programme:dashboard", P),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:dashboard", "other"),
        own_marker=lambda w: 'data-testid="indicator-status"',
    ),
    E("programme:donor_report", donor("xlsx"), "manager", "iom_data"),
    E("programme:donor_report pdf", donor("pdf"), "secretariat", "iom_supervisor"),
    E(
        "programme:iati",
        url("programme:iati", P),
        "manager",
        "iom_data",
        own_marker=lambda w: 'data-testid="download-iati"',
    ),
    E(
        "programme:iati_download",
        url("programme:iati_download", P),
        "auditor",
        "iom_data",
        own_marker=lambda w: "XI-IATI-UNPF-00135001",
    ),
    E(
        "programme:training_list",
        static("programme:training_list"),
        "iom_data",
        "a_caseworker",
        own_marker=lambda w: "Victim identification",
        other_marker=lambda w: "Financial investigations",
    ),
    E(
        "programme:training_list POST",
        static("programme:training_list"),
        "iom_data",
        "secretariat",
        method="post",
        data=_training,
        ok=(302,),
    ),
    E(
        "programme:training_detail",
        url("programme:training_detail", "training"),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:training_detail", "training_other"),
        own_marker=lambda w: 'data-testid="add-attendance"',
    ),
    E(
        "programme:attendance_add",
        url("programme:attendance_add", "training"),
        "iom_data",
        "a_caseworker",
        other_url=url("programme:attendance_add", "training_other"),
        method="post",
        data=_attendance,
        ok=(302,),
    ),
]

API = [
    E(
        "api:programme-list",
        static("api:programme-list"),
        "iom_data",
        "a_caseworker",
        api=True,
        own_marker=lambda w: '"code":"JP-PAK-TIP"',
        other_marker=lambda w: '"code":"JP-OTHER"',
    ),
    E(
        "api:programme-list POST",
        static("api:programme-list"),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_api(_programme, gcm_objectives=[7, 10]),
        ok=(201,),
    ),
    E(
        "api:programme-detail",
        url("api:programme-detail", P),
        "iom_data",
        "a_caseworker",
        other_url=url("api:programme-detail", "other"),
        api=True,
        own_marker=lambda w: '"iati_identifier":"XI-IATI-UNPF-00135001"',
    ),
    E(
        "api:programme-detail PATCH",
        url("api:programme-detail", P),
        "manager",
        "iom_data",
        method="patch",
        api=True,
        data=lambda w: {"status": "finalisation", "actual_end": ""},
    ),
    E(
        "api:programme-participations",
        url("api:programme-participations", P),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_api(_participant),
        ok=(201,),
    ),
    E(
        "api:programme-results",
        url("api:programme-results", P),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_api(_result),
        ok=(201,),
    ),
    E(
        "api:programme-indicators",
        url("api:programme-indicators", P),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_api(_indicator),
        ok=(201,),
    ),
    E(
        "api:programme-periods",
        url("api:programme-periods", P),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_period,
        ok=(201,),
    ),
    E(
        "api:programme-close-period",
        kw("api:programme-close-period", pk=P, period="p2"),
        "manager",
        "iom_data",
        method="post",
        api=True,
    ),
    E(
        "api:programme-budget",
        url("api:programme-budget", P),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_budget,
        ok=(201,),
    ),
    E(
        "api:programme-transfers",
        url("api:programme-transfers", P),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_api(_transfer),
        ok=(201,),
    ),
    E(
        "api:programme-dashboard",
        url("api:programme-dashboard", P),
        "iom_data",
        "a_caseworker",
        other_url=url("api:programme-dashboard", "other"),
        api=True,
        own_marker=lambda w: '"spent_total":"32100.00"',
    ),
    E(
        "api:programme-iati",
        url("api:programme-iati", P),
        "manager",
        "iom_data",
        api=True,
        own_marker=lambda w: "<iati-identifier>XI-IATI-UNPF-00135001</iati-identifier>",
    ),
    E(
        "api:programme-computations",
        static("api:programme-computations"),
        "iom_data",
        "a_caseworker",
        api=True,
        own_marker=lambda w: '"key":"officials_trained"',
    ),
    E(
        "api:indicator-list",
        static("api:indicator-list"),
        "iom_data",
        "a_caseworker",
        api=True,
        own_marker=lambda w: '"code":"1.a"',
        other_marker=lambda w: '"code":"9.a"',
    ),
    E(
        "api:indicator-detail",
        url("api:indicator-detail", "ind_iom"),
        "iom_data",
        "a_caseworker",
        other_url=url("api:indicator-detail", "ind_other"),
        api=True,
        own_marker=lambda w: '"actual":"40.00"',
    ),
    E(
        "api:indicator-actuals",
        url("api:indicator-actuals", "ind_iom"),
        "iom_data",
        "unodc_data",
        other_url=url("api:indicator-actuals", "ind_other"),
        method="post",
        api=True,
        data=_api(_actual),
        ok=(201,),
    ),
    E(
        "api:indicator-compute",
        url("api:indicator-compute", "ind_computed"),
        "iom_data",
        "unodc_data",
        other_url=url("api:indicator-compute", "ind_other"),
        method="post",
        api=True,
        data=_compute,
        ok=(201,),
    ),
    E(
        "api:indicator-targets",
        url("api:indicator-targets", "ind_iom"),
        "manager",
        "iom_data",
        method="post",
        api=True,
        data=_api(_target),
        ok=(201,),
    ),
    E(
        "api:expenditure-list",
        static("api:expenditure-list"),
        "iom_data",
        "a_caseworker",
        api=True,
        own_marker=api_id("expenditure"),
        other_marker=api_id("expenditure_unodc"),
    ),
    E(
        "api:expenditure-list POST",
        static("api:expenditure-list"),
        "iom_data",
        "unodc_data",
        method="post",
        api=True,
        data=_api(_expenditure("iom")),
        ok=(201,),
    ),
    E(
        "api:progressreport-list",
        static("api:progressreport-list"),
        "iom_data",
        "a_caseworker",
        api=True,
        own_marker=api_id("report"),
        other_marker=api_id("report_unodc"),
    ),
    E(
        "api:progressreport-list POST",
        static("api:progressreport-list"),
        "iom_data",
        "unodc_data",
        method="post",
        api=True,
        data=_report,
        ok=(201,),
    ),
    E(
        "api:progressreport-detail",
        url("api:progressreport-detail", "report"),
        "iom_data",
        "a_caseworker",
        other_url=url("api:progressreport-detail", "report_unodc"),
        api=True,
        own_marker=lambda w: '"status":"draft"',
    ),
    E(
        "api:progressreport-submit",
        url("api:progressreport-submit", "report"),
        "iom_data",
        "a_caseworker",
        other_url=url("api:progressreport-submit", "report_unodc"),
        method="post",
        api=True,
    ),
    E(
        "api:progressreport-approve",
        url("api:progressreport-approve", "report_review"),
        "manager",
        "unodc_data",
        method="post",
        api=True,
        data=lambda w: {"note": "clear"},
    ),
    E(
        "api:progressreport-send-back",
        url("api:progressreport-send-back", "report_review"),
        "manager2",
        "unodc_data",
        method="post",
        api=True,
        data=lambda w: {"note": "figures?"},
    ),
    E(
        "api:trainingevent-list",
        static("api:trainingevent-list"),
        "iom_data",
        "a_caseworker",
        api=True,
        own_marker=api_id("training"),
        other_marker=api_id("training_other"),
    ),
    E(
        "api:trainingevent-list POST",
        static("api:trainingevent-list"),
        "iom_data",
        "secretariat",
        method="post",
        api=True,
        data=_training,
        ok=(201,),
    ),
    E(
        "api:trainingevent-detail",
        url("api:trainingevent-detail", "training"),
        "iom_data",
        "a_caseworker",
        other_url=url("api:trainingevent-detail", "training_other"),
        api=True,
        own_marker=lambda w: '"title":"Victim identification"',
    ),
    E(
        "api:trainingevent-attendance",
        url("api:trainingevent-attendance", "training"),
        "iom_data",
        "a_caseworker",
        other_url=url("api:trainingevent-attendance", "training_other"),
        method="post",
        api=True,
        data=_attendance,
        ok=(201,),
    ),
]

ENDPOINTS = [*PAGES, *API]

# Cells of the matrix that fail today because of a bug in src/ (strict: fixing it turns red).
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _cells() -> list[Any]:
    cells = []
    for endpoint in ENDPOINTS:
        for condition in CONDITIONS:
            reason = KNOWN_BUGS.get((str(endpoint), condition))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            cells.append(
                pytest.param(endpoint, condition, marks=marks, id=f"{endpoint}-{condition}")
            )
    return cells


@pytest.mark.parametrize(("endpoint", "condition"), _cells())
def test_endpoint(client, world, endpoint, condition):
    CONDITIONS[condition](client, endpoint, world)


# --- what the status codes above do not show ----------------------------------------------


def _state() -> tuple:
    """Everything the programme's pages and API write."""
    return (
        sorted(Programme.objects.values_list("pk", "code", "status")),
        sorted(Participation.objects.values_list("pk", "organisation", "role")),
        sorted(Result.objects.values_list("pk", "code")),
        sorted(Indicator.objects.values_list("pk", "code")),
        sorted(ReportingPeriod.objects.values_list("pk", "status")),
        sorted(Target.objects.values_list("pk", "value")),
        sorted(Actual.objects.values_list("pk", "value", "source")),
        sorted(BudgetLine.objects.values_list("pk", "amount")),
        sorted(Transfer.objects.values_list("pk", "amount")),
        sorted(Expenditure.objects.values_list("pk", "amount")),
        sorted(ProgressReport.objects.values_list("pk", "status", "narrative")),
        sorted(TrainingEvent.objects.values_list("pk", "title")),
        sorted(Attendance.objects.values_list("pk", "female", "male")),
    )


def _send(client: Any, endpoint: Endpoint, target: str, world: World) -> Any:
    data = endpoint.data(world) if endpoint.data else {}
    if endpoint.api:
        return getattr(client, endpoint.method)(target, data, content_type="application/json")
    return getattr(client, endpoint.method)(target, data)


WRITES = [e for e in ENDPOINTS if e.method != "get"]


@pytest.mark.parametrize("endpoint", WRITES, ids=str)
def test_each_refused_write_writes_nothing_and_each_permitted_one_writes(client, world, endpoint):
    before = _state()
    factories.sign_in(client, world[endpoint.forbidden])
    _send(client, endpoint, endpoint.url(world), world)
    if endpoint.other_url is not None:
        factories.sign_in(client, world[endpoint.permitted])
        _send(client, endpoint, endpoint.other_url(world), world)
    assert _state() == before, "a refused write changed something"
    factories.sign_in(client, world[endpoint.permitted])
    answer = _send(client, endpoint, endpoint.url(world), world)
    assert answer.status_code in endpoint.ok
    assert _state() != before, "a permitted write changed nothing"
    if not endpoint.api:  # the page said it was done, not what was wrong
        told = list(answer.wsgi_request._messages)
        assert not [m for m in told if m.level_tag == "error"], [str(m) for m in told]


def test_a_participating_organisation_sees_only_its_programmes_and_figures(client, world):
    factories.sign_in(client, world["iom_data"])
    listed = client.get(reverse("api:programme-list")).json()["results"]
    assert [p["code"] for p in listed] == ["JP-PAK-TIP"]
    dashboard = client.get(reverse("api:programme-dashboard", args=[world["programme"].pk])).json()
    # IOM's own expenditure only; the programme's transfers and budget are shared
    assert [ledger["spent_total"] for ledger in dashboard["ledgers"]] == ["32100.00", "0"]
    assert dashboard["total"]["transferred"] == "120000.00"
    detail = client.get(reverse("api:indicator-detail", args=[world["ind_unodc"].pk])).json()
    assert detail["code"] == "1.1.a"  # UNODC's indicator is part of the shared framework


def test_the_navigation_offers_the_joint_programme_to_its_readers(client, world):
    for user, shown in (
        ("iom_data", True),
        ("manager", True),
        ("auditor", True),
        ("a_caseworker", False),
    ):
        factories.sign_in(client, world[user])
        page = client.get(reverse("core:home")).content.decode()
        assert (reverse("programme:list") in page) is shown, user
