"""The joint programme's services: the programme and its framework, actuals, money,
progress reports and training. Each refusal names the field and what is allowed; each write
is audited; the organisations' figures stay with their organisation."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tests.programme.world import PROGRAMME
from tipsom.core.models import AuditEntry
from tipsom.programme import choices as c
from tipsom.programme import finance, reporting, selectors, services, thematic
from tipsom.programme.models import Actual, Expenditure, ThematicArea


def refused(call, *args, **kwargs) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as error:
        call(*args, **kwargs)
    return error.value.message_dict


# --- the programme --------------------------------------------------------------------------


def test_the_funds_five_thematic_areas_are_seeded_with_every_gcm_objective(db):
    areas = list(ThematicArea.objects.order_by("number"))
    assert [a.number for a in areas] == [1, 2, 3, 4, 5]
    assert areas[2].title.startswith("Addressing irregular migration")
    covered = {n for a in areas for n in a.gcm_objectives}
    assert covered == set(range(1, 24))
    assert {9, 10} <= set(areas[2].gcm_objectives)  # smuggling and trafficking
    assert len(thematic.AREAS) == 5


def test_a_programme_records_markers_objectives_and_is_audited(w):
    p = w["programme"]
    assert (p.thematic_area.number, p.gcm_objectives) == (3, [9, 10])
    assert (p.gender_marker, p.human_rights_marker) == (2, 2)
    assert p.indirect_rate == Decimal("7.00")
    assert p.sectors == [{"code": "15190", "percentage": 100}]
    assert AuditEntry.objects.filter(
        object_type="programme.programme", object_id=str(p.pk)
    ).exists()


def test_a_programme_is_refused_with_every_field_named(w):
    problems = refused(
        services.create_programme,
        w["manager"],
        {
            **PROGRAMME,
            "code": "JP-PAK-TIP",
            "thematic_area": 9,
            "gcm_objectives": [10, 24],
            "gender_marker": 5,
            "planned_end": "2025-01-01",
            "sectors": [{"code": "1519", "percentage": 100}],
        },
    )
    assert "exists already" in problems["code"][0]
    assert "allowed: 1, 2, 3, 4, 5" in problems["thematic_area"][0]
    assert "'24' is not a GCM objective; allowed: 1 to 23" in problems["gcm_objectives"][0]
    assert "allowed: 0, 1, 2, 3" in problems["gender_marker"][0]
    assert "must come after the planned start" in problems["planned_end"][0]
    assert "DAC 5-digit" in problems["sectors"][0]


def test_only_programme_managers_open_and_design_programmes(w):
    with pytest.raises(PermissionDenied):
        services.create_programme(w["iom_data"], {**PROGRAMME, "code": "X"})
    with pytest.raises(PermissionDenied):
        services.add_period(w["iom_data"], w["programme"], "2027", "2027-01-01", "2027-06-30")
    with pytest.raises(PermissionDenied):
        services.set_target(w["secretariat"], w["ind_iom"], w["p2"], 5)


def test_a_participating_un_organisation_must_be_a_un_agency(w):
    problems = refused(
        services.add_participation, w["manager"], w["programme"], w["org_b"], "participating_un"
    )
    assert "is not a UN agency" in problems["organisation"][0]
    problems = refused(
        services.add_participation,
        w["manager"],
        w["programme"],
        w["unhcr"],
        "administrative_agent",
    )
    assert "has its administrative agent already" in problems["role"][0]


# --- the results framework ------------------------------------------------------------------


def test_an_indicator_without_a_unit_is_refused_naming_the_unit(w):
    problems = refused(
        services.add_indicator,
        w["manager"],
        w["outcome"],
        {
            "code": "1.z",
            "title": "Victims assisted",
            "unit": "  ",
            "means_of_verification": "case files",
            "organisation": w["iom"],
        },
    )
    assert list(problems) == ["unit"]
    assert "an indicator without a unit cannot be reported" in problems["unit"][0]


def test_an_indicator_names_a_computation_of_the_registry_and_its_dimensions(w):
    base = {
        "code": "1.y",
        "title": "Persons assisted",
        "unit": "persons",
        "means_of_verification": "case files",
        "organisation": w["iom"],
        "source": "computed",
    }
    problems = refused(
        services.add_indicator, w["manager"], w["outcome"], {**base, "computation": "victims"}
    )
    assert "allowed: victims_referred, cases_investigated" in problems["computation"][0]
    problems = refused(
        services.add_indicator,
        w["manager"],
        w["outcome"],
        {**base, "computation": "cases_investigated", "disaggregations": ["sex"]},
    )
    assert "'sex' not allowed; allowed: province" in problems["disaggregations"][0]
    problems = refused(
        services.add_indicator, w["manager"], w["outcome"], {**base, "organisation": w["unhcr"]}
    )
    assert "does not take part in JP-PAK-TIP" in problems["organisation"][0]


def test_an_output_sits_under_an_outcome_of_the_same_programme(w):
    problems = refused(
        services.add_result,
        w["manager"],
        w["programme"],
        {"level": "output", "code": "1.2", "title": "An orphan output"},
    )
    assert "an output sits under an outcome; outcomes: 1" in problems["parent"][0]


def test_periods_may_not_overlap(w):
    problems = refused(
        services.add_period, w["manager"], w["programme"], "late", "2026-12-01", "2027-03-31"
    )
    assert "overlaps the period 2026 second half" in problems["starts_on"][0]


# --- actuals --------------------------------------------------------------------------------


def test_an_actual_for_a_closed_period_is_refused_naming_the_period(w):
    assert not w["p1"].is_open
    problems = refused(reporting.record_actual, w["iom_data"], w["ind_iom"], w["p1"], 55)
    assert list(problems) == ["period"]
    assert "the reporting period 2026 first half is closed" in problems["period"][0]
    assert "only open periods take them" in problems["period"][0]
    assert Actual.objects.get(indicator=w["ind_iom"], period=w["p1"]).value == 40


def test_an_actual_is_entered_by_the_reporting_organisation_and_replaced_when_entered_again(w):
    first = reporting.record_actual(w["iom_data"], w["ind_iom"], w["p2"], 60, comment="shelters")
    again = reporting.record_actual(w["iom_supervisor"], w["ind_iom"], w["p2"], "61.50")
    assert first.pk == again.pk
    again.refresh_from_db()
    assert again.value == Decimal("61.50") and again.source == c.IndicatorSource.MANUAL
    with pytest.raises(PermissionDenied):
        reporting.record_actual(w["unodc_data"], w["ind_iom"], w["p2"], 5)
    assert (
        AuditEntry.objects.filter(object_type="programme.actual", object_id=str(first.pk)).count()
        == 2
    )


def test_a_disaggregated_actual_names_a_dimension_the_indicator_has(w):
    made = reporting.record_actual(w["iom_data"], w["ind_iom"], w["p2"], 30, sex="female")
    assert made.dimension == ("sex", "female")
    problems = refused(
        reporting.record_actual, w["iom_data"], w["ind_iom"], w["p2"], 3, province="PK-PB"
    )
    assert "not disaggregated by province; it is by: sex" in problems["province"][0]
    problems = refused(
        reporting.record_actual, w["iom_data"], w["ind_iom"], w["p2"], 3, sex="woman"
    )
    assert "'woman' not allowed; allowed: female, male" in problems["sex"][0]
    problems = refused(reporting.record_actual, w["iom_data"], w["ind_iom"], w["p2"], "-2")
    assert "give a number, 0 or more" in problems["value"][0]


def test_a_computed_indicator_is_computed_not_typed(w):
    problems = refused(reporting.record_actual, w["iom_data"], w["ind_computed"], w["p2"], 3)
    assert "compute it instead" in problems["value"][0]
    problems = refused(reporting.compute_actual, w["iom_data"], w["ind_iom"], w["p2"])
    assert "entered by hand" in problems["source"][0]


def test_a_submitted_report_holds_its_organisations_actuals(w):
    reporting.submit_report(w["iom_data"], w["report"])
    problems = refused(reporting.record_actual, w["iom_data"], w["ind_iom"], w["p2"], 70)
    assert "progress report for 2026 second half is submitted" in problems["period"][0]
    # UNODC's figures are not held by IOM's report
    reporting.record_actual(w["unodc_data"], w["ind_unodc"], w["p2"], 12)
    reporting.return_report(w["manager"], w["report"], "add the Multan figures")
    reporting.record_actual(w["iom_data"], w["ind_iom"], w["p2"], 70)


# --- money ----------------------------------------------------------------------------------


def test_indirect_support_costs_are_computed_not_entered(w):
    problems = refused(
        finance.set_budget_line, w["manager"], w["programme"], w["iom"], "indirect", 2026, 7000
    )
    assert "computed as the programme's rate of the direct costs" in problems["category"][0]
    money = selectors.money(w["manager"], w["programme"])
    iom = next(ledger for ledger in money.ledgers if ledger.organisation == w["iom"])
    assert iom.budget["indirect"] == Decimal("8400.00")  # 7 % of 120,000
    assert iom.budget_total == Decimal("128400.00")
    assert iom.spent["indirect"] == Decimal("2100.00")  # 7 % of 30,000


def test_expenditure_above_the_transfer_needs_a_justification(w):
    # IOM received 80,000; 30,000 staff spent; 50,000 more takes it to 85,600 with 7 %
    problems = refused(
        finance.record_expenditure, w["iom_data"], w["p2"], w["iom"], "travel", 50000
    )
    assert list(problems) == ["justification"]
    message = problems["justification"][0]
    assert "USD 85,600.00" in message and "USD 80,000.00" in message
    assert "say why in the justification" in message
    spent = finance.record_expenditure(
        w["iom_data"],
        w["p2"],
        w["iom"],
        "travel",
        50000,
        "pre-financed by IOM until the 2nd transfer",
    )
    assert spent.justification.startswith("pre-financed")


def test_expenditure_is_the_organisations_own_and_only_in_open_periods(w):
    with pytest.raises(PermissionDenied):
        finance.record_expenditure(w["iom_data"], w["p2"], w["unodc"], "travel", 10)
    problems = refused(finance.record_expenditure, w["iom_data"], w["p1"], w["iom"], "staff", 10)
    assert "2026 first half is closed" in problems["period"][0]
    problems = refused(finance.record_expenditure, w["iom_data"], w["p2"], w["iom"], "snacks", 10)
    assert "'snacks' not allowed; allowed: staff, supplies" in problems["category"][0]
    # recording a category again replaces it
    finance.record_expenditure(w["iom_data"], w["p2"], w["iom"], "staff", 35000)
    assert (
        Expenditure.objects.get(period=w["p2"], organisation=w["iom"], category="staff").amount
        == 35000
    )


def test_delivery_and_burn_rates(w):
    money = selectors.money(w["manager"], w["programme"])
    # expenditure 40,000 + 7 % = 42,800 over 120,000 transferred
    assert money.total.spent_total == Decimal("42800.00")
    assert money.total.transferred == Decimal("120000")
    assert money.total.delivery_rate == Decimal("0.3567")
    assert money.total.delivery_percent == Decimal("35.7")
    # the budget (200,000 + 7 %) over the plan's 24 months against 42,800 over the months
    # from the actual start (2025-07-15) to the end of the last period with expenditure
    burn = money.burn
    assert burn.months_planned == finance.months(
        w["programme"].planned_start, w["programme"].planned_end
    )
    assert burn.planned_per_month == (Decimal("214000.00") / burn.months_planned).quantize(
        Decimal("0.01")
    )
    assert burn.actual_per_month == (Decimal("42800.00") / burn.months_elapsed).quantize(
        Decimal("0.01")
    )
    assert Decimal("0.2") < burn.rate < Decimal("0.35")


def test_a_data_officer_sees_only_their_organisations_expenditure(w):
    money = selectors.money(w["iom_data"], w["programme"])
    assert money.total.spent_total == Decimal("32100.00")  # IOM's 30,000 + 7 %
    assert {e.organisation for e in selectors.expenditures(w["iom_data"], w["programme"])} == {
        w["iom"]
    }


def test_transfers_go_to_participants(w):
    problems = refused(
        finance.record_transfer,
        w["manager"],
        w["programme"],
        {
            "kind": "to_partner",
            "organisation": w["iom"],
            "partner": w["org_b"],
            "transferred_on": "2026-02-01",
            "amount": 5,
        },
    )
    assert "Beta Legal Aid does not take part in JP-PAK-TIP" in problems["partner"][0]
    problems = refused(
        finance.record_transfer,
        w["manager"],
        w["programme"],
        {"organisation": w["iom"], "transferred_on": "2099-01-01", "amount": 0},
    )
    assert "is in the future" in problems["transferred_on"][0]
    assert "more than 0" in problems["amount"][0]


# --- progress reports -----------------------------------------------------------------------


def test_a_progress_report_is_approved_by_someone_other_than_its_preparer(w):
    report = reporting.submit_report(w["iom_data"], w["report"])
    assert report.status == c.ReportStatus.SUBMITTED and report.prepared_by == w["iom_data"]
    with pytest.raises(PermissionDenied):  # a data officer does not review
        reporting.approve_report(w["iom_supervisor"], report)
    approved = reporting.approve_report(w["manager"], report, "clear")
    assert approved.status == c.ReportStatus.APPROVED and approved.decided_by == w["manager"]


def test_the_preparer_may_not_approve_their_own_report(w):
    own = reporting.save_report(w["manager"], w["p2"], w["unodc"], "Written by the manager.")
    reporting.submit_report(w["manager"], own)
    problems = refused(reporting.approve_report, w["manager"], own)
    assert (
        "a second person must review a progress report: you prepared this one"
        in problems["status"][0]
    )
    assert reporting.approve_report(w["manager2"], own).status == c.ReportStatus.APPROVED


def test_a_report_returned_for_changes_needs_a_note_and_can_be_revised(w):
    reporting.submit_report(w["iom_data"], w["report"])
    assert (
        "say what must change"
        in refused(reporting.return_report, w["manager"], w["report"], " ")["note"][0]
    )
    reporting.return_report(w["manager"], w["report"], "add the Multan figures")
    revised = reporting.save_report(w["iom_data"], w["p2"], w["iom"], "Now with Multan.")
    assert revised.pk == w["report"].pk and revised.narrative == "Now with Multan."


# --- training -------------------------------------------------------------------------------


def test_training_attendance_is_counted_by_sex_and_organisation(w):
    attendance = reporting.record_attendance(w["iom_data"], w["training"], w["fia"], 6, 7, 0)
    assert attendance.total == 13  # recorded again: replaced
    problems = refused(
        reporting.record_attendance, w["iom_data"], w["training"], w["org_a"], 0, 0, 0
    )
    assert "give how many attended" in problems["female"][0]
    with pytest.raises(PermissionDenied):
        reporting.record_attendance(w["unodc_data"], w["training"], w["fia"], 1)
    problems = refused(
        reporting.add_training, w["iom_data"], w["iom"], {"title": "x", "starts_on": "2026-13-01"}
    )
    assert "is not a date" in problems["starts_on"][0]
