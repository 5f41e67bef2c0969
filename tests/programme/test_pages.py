"""The joint programme's pages: the elements a browser test finds by their data-testid, the
forms shown only to those who may use them, and the problems told by field."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from tests import factories
from tipsom.programme.models import Actual, Expenditure, Indicator


def page(client: Any, w: dict, user: str, name: str, *args: Any) -> str:
    factories.sign_in(client, w[user])
    answer = client.get(reverse(name, args=args))
    assert answer.status_code == 200
    return answer.content.decode()


def told(answer: Any) -> list[str]:
    return [str(m) for m in answer.wsgi_request._messages]


@pytest.mark.parametrize(
    ("user", "name", "key", "testid", "shown"),
    [
        ("iom_data", "programme:indicator_detail", "ind_iom", "enter-actual", True),
        ("unodc_data", "programme:indicator_detail", "ind_iom", "enter-actual", False),
        ("iom_data", "programme:finance", "programme", "add-expenditure", True),
        ("secretariat", "programme:finance", "programme", "add-expenditure", False),
        ("manager", "programme:detail", "programme", "download-donor-xlsx", True),
        ("manager", "programme:dashboard", "programme", "download-donor-pdf", True),
        ("iom_data", "programme:detail", "programme", "download-donor-xlsx", False),
        ("auditor", "programme:iati", "programme", "download-iati", True),
        ("manager", "programme:detail", "programme", "add-indicator", True),
        ("iom_data", "programme:detail", "programme", "add-indicator", False),
    ],
)
def test_the_key_elements_show_to_those_who_may_use_them(client, w, user, name, key, testid, shown):
    html = page(client, w, user, name, w[key].pk)
    assert (f'data-testid="{testid}"' in html) is shown


def test_an_actual_for_a_closed_period_is_refused_on_the_page_naming_the_period(client, w):
    factories.sign_in(client, w["iom_data"])
    answer = client.post(
        reverse("programme:actual_add", args=[w["ind_iom"].pk]),
        {"period": w["p1"].pk, "value": "41"},
        follow=True,
    )
    messages = told(answer)
    assert any(
        m.startswith("period: the reporting period 2026 first half is closed") for m in messages
    )
    assert Actual.objects.get(indicator=w["ind_iom"], period=w["p1"]).value == 40


def test_an_actual_entered_on_the_page_shows_against_its_target(client, w):
    factories.sign_in(client, w["iom_data"])
    client.post(
        reverse("programme:actual_add", args=[w["ind_iom"].pk]),
        {"period": w["p2"].pk, "value": "92", "comment": "Lahore and Multan"},
    )
    html = page(client, w, "iom_data", "programme:indicator_detail", w["ind_iom"].pk)
    row = html.split('data-period="2026 second half"')[1].split("</tr>")[0]
    assert "100.00" in row and "92.00" in row and 'data-track="on"' in row


def test_expenditure_above_the_transfer_is_refused_on_the_page_naming_the_justification(client, w):
    factories.sign_in(client, w["iom_data"])
    answer = client.post(
        reverse("programme:expenditure_add", args=[w["programme"].pk]),
        {
            "period": w["p2"].pk,
            "organisation": w["iom"].pk,
            "category": "equipment",
            "amount": "60000",
        },
        follow=True,
    )
    assert any(
        m.startswith("justification: with this, IOM's expenditure reaches") for m in told(answer)
    )
    assert not Expenditure.objects.filter(category="equipment").exists()


def test_an_indicator_without_a_unit_is_refused_on_the_page_naming_the_unit(client, w):
    factories.sign_in(client, w["manager"])
    answer = client.post(
        reverse("programme:indicator_add", args=[w["programme"].pk]),
        {
            "result": w["output"].pk,
            "code": "1.1.z",
            "title": "Officials trained",
            "unit": "",
            "measure": "number",
            "means_of_verification": "register",
            "organisation": w["unodc"].pk,
            "source": "manual",
            "compute_scope": "network",
        },
        follow=True,
    )
    assert any(
        m.startswith("unit: give the unit the indicator is counted in") for m in told(answer)
    )
    assert not Indicator.objects.filter(code="1.1.z").exists()


def test_the_dashboard_counts_indicators_on_and_off_track(client, w):
    from tipsom.programme import reporting, services

    services.set_target(w["manager"], w["ind_unodc"], w["p2"], 50)
    reporting.record_actual(w["unodc_data"], w["ind_unodc"], w["p2"], 20)  # 40 %: off track
    reporting.record_actual(w["iom_data"], w["ind_iom"], w["p2"], 95)  # 95 %: on track
    html = page(client, w, "manager", "programme:dashboard", w["programme"].pk)
    for key, count in (("on", 1), ("off", 1), ("no_data", 1)):
        assert f'data-testid="count-{key}">{count}<' in html
    assert html.count('data-testid="chart"') == 3
    assert 'data-testid="delivery-rate">35.7 %<' in html


def test_a_progress_report_is_submitted_and_reviewed_on_the_pages(client, w):
    factories.sign_in(client, w["iom_data"])
    client.post(reverse("programme:report_submit", args=[w["report"].pk]))
    html = page(client, w, "manager", "programme:report_detail", w["report"].pk)
    assert 'data-testid="decide-report"' in html
    client.post(
        reverse("programme:report_decide", args=[w["report"].pk]),
        {"decision": "return", "note": ""},
    )
    w["report"].refresh_from_db()
    assert w["report"].status == "submitted"  # a return needs its note
    client.post(
        reverse("programme:report_decide", args=[w["report"].pk]),
        {"decision": "approve", "note": "thank you"},
    )
    w["report"].refresh_from_db()
    assert w["report"].status == "approved"
    html = page(client, w, "iom_data", "programme:report_detail", w["report"].pk)
    assert 'data-testid="submit-report"' not in html and "thank you" in html


def test_a_training_is_recorded_with_its_participants(client, w):
    factories.sign_in(client, w["iom_data"])
    answer = client.post(
        reverse("programme:training_list"),
        {
            "organisation": w["iom"].pk,
            "title": "Border officials",
            "starts_on": "2026-11-02",
            "province": "PK-BA",
        },
    )
    assert answer.status_code == 302
    event = answer["Location"]
    client.post(
        event + "attendance/",
        {"organisation": w["fia"].pk, "female": 1, "male": 9, "transgender": 0},
    )
    html = client.get(event).content.decode()
    assert html.count('data-testid="attendance-row"') == 1 and "<td>10</td>" in html
    refused = client.post(
        reverse("programme:training_list"), {"organisation": w["iom"].pk, "title": "x"}
    )
    assert refused.status_code == 400


def test_the_forms_offer_only_what_may_be_entered(client, w):
    html = page(client, w, "iom_data", "programme:indicator_detail", w["ind_iom"].pk)
    form = html.split('action="/programme/indicators/')[1].split("</form>")[0]
    assert '<select name="sex"' in form and '<select name="province"' not in form
    finance = page(client, w, "manager", "programme:finance", w["programme"].pk)
    assert 'value="staff"' in finance and 'value="indirect"' not in finance
