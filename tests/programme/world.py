"""The joint programme's test world, on top of `worlds.core_world()` (Alpha Shelter, Beta
Legal Aid, their caseworkers, the secretariat, an auditor, a user without roles).

Organisations: the MPTF Office (the fund's administrative agent), IOM and UNODC
(participating UN organisations), the FIA (government partner), Alpha Shelter (civil-society
partner); UNHCR takes part only in another programme. Users: two programme managers
(``manager``, ``manager2``), IOM's data officer and supervisor, UNODC's and UNHCR's data
officers.

``programme`` (JP-PAK-TIP, IATI identifier XI-IATI-UNPF-00135001) runs 2025-07 to 2027-06,
with outcome 1 and output 1.1; indicators ``ind_iom`` (IOM, by hand, by sex),
``ind_unodc`` (UNODC, by hand) and ``ind_computed`` (IOM, FIRs registered: "cases
investigated", by province); periods ``p1`` (2026 first half, closed, with an IOM actual of
40) and ``p2`` (2026 second half, open, a target of 100 for ``ind_iom``); budget lines, the
fund's transfers (IOM 80,000, UNODC 40,000), IOM's disbursement to Alpha Shelter, each
one's expenditure in ``p2``; a draft progress report of each; a training by IOM with FIA
participants and one by UNODC. ``other`` (JP-OTHER) is UNHCR's alone, with its own period,
indicator, expenditure, report and training."""

from __future__ import annotations

from typing import Any

from tests import factories, worlds
from tests.permission_matrix import World
from tipsom.core.choices import OrganisationType, Role
from tipsom.programme import finance, reporting, services

PROGRAMME = {
    "code": "JP-PAK-TIP",
    "title": "Countering trafficking in persons and smuggling of migrants in Pakistan",
    "description": "A Migration MPTF joint programme of IOM and UNODC (synthetic).",
    "objectives": "Identify and assist victims; investigate and prosecute.",
    "thematic_area": 3,
    "gcm_objectives": [9, 10],
    "gender_marker": 2,
    "human_rights_marker": 2,
    "status": "implementation",
    "planned_start": "2025-07-01",
    "planned_end": "2027-06-30",
    "actual_start": "2025-07-15",
    "approved_on": "2025-06-15",
    "iati_identifier": "XI-IATI-UNPF-00135001",
}


def indicator(manager: Any, result: Any, organisation: Any, code: str, **extra: Any) -> Any:
    data = {
        "code": code,
        "title": f"Indicator {code}",
        "unit": "persons",
        "means_of_verification": "the programme's registers",
        "organisation": organisation,
        "baseline_value": "10",
        "baseline_year": 2024,
        **extra,
    }
    return services.add_indicator(manager, result, data)


def programme_world() -> World:
    w = worlds.core_world()
    un = OrganisationType.UN_AGENCY
    w["mptf"] = factories.organisation(
        "UN Multi-Partner Trust Fund Office", acronym="MPTFO", type=un
    )
    w["iom"] = factories.organisation(
        "International Organization for Migration", acronym="IOM", type=un
    )
    w["unodc"] = factories.organisation(
        "United Nations Office on Drugs and Crime", acronym="UNODC", type=un
    )
    w["unhcr"] = factories.organisation("UN Refugee Agency", acronym="UNHCR", type=un)
    w["fia"] = factories.organisation(
        "Federal Investigation Agency",
        acronym="FIA",
        type=OrganisationType.LAW_ENFORCEMENT,
        province="PK-IS",
    )
    w["manager"] = factories.user((w["mptf"], Role.PROGRAMME_MANAGER), username="jp-manager")
    w["manager2"] = factories.user((w["mptf"], Role.PROGRAMME_MANAGER), username="jp-manager-2")
    w["iom_data"] = factories.user((w["iom"], Role.DATA_OFFICER), username="iom-data")
    w["iom_supervisor"] = factories.user((w["iom"], Role.SUPERVISOR), username="iom-supervisor")
    w["unodc_data"] = factories.user((w["unodc"], Role.DATA_OFFICER), username="unodc-data")
    w["unhcr_data"] = factories.user((w["unhcr"], Role.DATA_OFFICER), username="unhcr-data")
    m = w["manager"]

    p = w["programme"] = services.create_programme(m, PROGRAMME)
    services.add_participation(m, p, w["mptf"], "administrative_agent", iati_ref="XI-IATI-UNPF")
    services.add_participation(m, p, w["iom"], "participating_un", iati_ref="XM-DAC-47066")
    services.add_participation(m, p, w["unodc"], "participating_un")
    services.add_participation(m, p, w["fia"], "government")
    services.add_participation(m, p, w["org_a"], "civil_society")
    outcome = services.add_result(
        m, p, {"level": "outcome", "code": "1", "title": "Victims are identified and assisted"}
    )
    output = services.add_result(
        m,
        p,
        {"level": "output", "code": "1.1", "title": "Officials are trained", "parent": outcome},
    )
    w["outcome"], w["output"] = outcome, output
    w["ind_iom"] = indicator(m, outcome, w["iom"], "1.a", disaggregations=["sex"])
    w["ind_unodc"] = indicator(m, output, w["unodc"], "1.1.a", unit="officials")
    w["ind_computed"] = indicator(
        m,
        outcome,
        w["iom"],
        "1.b",
        unit="FIRs",
        source="computed",
        computation="cases_investigated",
        disaggregations=["province"],
    )
    w["p1"] = services.add_period(m, p, "2026 first half", "2026-01-01", "2026-06-30")
    w["p2"] = services.add_period(m, p, "2026 second half", "2026-07-01", "2026-12-31")
    w["actual_p1"] = reporting.record_actual(w["iom_data"], w["ind_iom"], w["p1"], 40)
    services.close_period(m, w["p1"])
    w["target"] = services.set_target(m, w["ind_iom"], w["p2"], 100)
    finance.set_budget_line(m, p, w["iom"], "staff", 2026, "100000")
    finance.set_budget_line(m, p, w["iom"], "travel", 2026, "20000")
    finance.set_budget_line(m, p, w["unodc"], "travel", 2026, "50000")
    finance.set_budget_line(m, p, w["unodc"], "staff", 2027, "30000")
    for org, amount in ((w["iom"], "80000"), (w["unodc"], "40000")):
        finance.record_transfer(
            m,
            p,
            {"organisation": org, "transferred_on": "2026-01-20", "amount": amount},
        )
    finance.record_transfer(
        m,
        p,
        {
            "kind": "to_partner",
            "organisation": w["iom"],
            "partner": w["org_a"],
            "transferred_on": "2026-03-01",
            "amount": "12000",
        },
    )
    w["expenditure"] = finance.record_expenditure(w["iom_data"], w["p2"], w["iom"], "staff", 30000)
    w["expenditure_unodc"] = finance.record_expenditure(
        w["unodc_data"], w["p2"], w["unodc"], "travel", 10000
    )
    w["report"] = reporting.save_report(
        w["iom_data"], w["p2"], w["iom"], "Shelters in Lahore and Multan received 40 victims."
    )
    w["report_unodc"] = reporting.save_report(
        w["unodc_data"], w["p2"], w["unodc"], "Two trainings for FIA investigators."
    )
    w["training"] = reporting.add_training(
        w["iom_data"],
        w["iom"],
        {"title": "Victim identification", "starts_on": "2026-08-10", "province": "PK-PB"},
    )
    reporting.record_attendance(w["iom_data"], w["training"], w["fia"], female=5, male=7)
    w["training_other"] = reporting.add_training(
        w["unodc_data"],
        w["unodc"],
        {"title": "Financial investigations", "starts_on": "2026-09-01", "province": "PK-SD"},
    )

    # UNHCR's own programme, which none of IOM's or UNODC's staff see
    o = w["other"] = services.create_programme(
        m,
        {
            **PROGRAMME,
            "code": "JP-OTHER",
            "title": "Another joint programme",
            "iati_identifier": "",
        },
    )
    services.add_participation(m, o, w["unhcr"], "participating_un")
    other_outcome = services.add_result(m, o, {"level": "outcome", "code": "1", "title": "Other"})
    w["ind_other"] = indicator(m, other_outcome, w["unhcr"], "9.a")
    w["p_other"] = services.add_period(m, o, "2026 second half", "2026-07-01", "2026-12-31")
    finance.record_transfer(
        m, o, {"organisation": w["unhcr"], "transferred_on": "2026-02-01", "amount": "5000"}
    )
    w["expenditure_other"] = finance.record_expenditure(
        w["unhcr_data"], w["p_other"], w["unhcr"], "supplies", 1000
    )
    w["report_other"] = reporting.save_report(
        w["unhcr_data"], w["p_other"], w["unhcr"], "UNHCR's report."
    )
    w["training_unhcr"] = reporting.add_training(
        w["unhcr_data"], w["unhcr"], {"title": "Refugee law", "starts_on": "2026-05-01"}
    )
    return w
