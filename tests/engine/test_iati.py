"""engine.iati without Django: a joint programme written as IATI 2.03, checked against the
official XML Schema, the schema's refusals of broken files, and our own refusals of what the
schema cannot see (codes, percentages, dates).

The programme is synthetic. IOM's IATI identifier (XM-DAC-47066) and that of the UN pooled
funds administered by the MPTF Office (XI-IATI-UNPF) are the published ones; the activity
number, the amounts and the NGO are invented, and UNODC is named without a ref (the
standard allows a name alone)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from decimal import Decimal

import pytest
from lxml import etree

from tipsom.engine.iati import (
    Baseline,
    Budget,
    Dimension,
    Disaggregation,
    Indicator,
    InvalidDocument,
    InvalidProgramme,
    Organisation,
    ParticipatingOrg,
    Period,
    PolicyMarker,
    Programme,
    RecipientCountry,
    Result,
    Sector,
    Tag,
    Transaction,
    assert_valid,
    gcm_objective,
    gender_equality_marker,
    text,
    to_xml,
    validate,
)
from tipsom.engine.iati.codes import (
    ENDING_VIOLENCE_AGAINST_WOMEN,
    MIGRATION,
    ActivityStatus,
    BudgetType,
    IndicatorMeasure,
    OrganisationRole,
    OrganisationType,
    ResultType,
    TagVocabulary,
)

GENERATED = dt.datetime(2025, 7, 15, 9, 30, tzinfo=dt.UTC)
XML = "http://www.w3.org/XML/1998/namespace"
HRM_URI = "https://migrationnetwork.un.org/mptf"

MPTF_OFFICE = Organisation(
    text("UN Multi-Partner Trust Fund Office, Administrative Agent of the Migration MPTF"),
    ref="XI-IATI-UNPF",
    type=OrganisationType.MULTILATERAL,
)
IOM = Organisation(
    text("International Organization for Migration (IOM)"),
    ref="XM-DAC-47066",
    type=OrganisationType.MULTILATERAL,
)
UNODC = Organisation(
    text("United Nations Office on Drugs and Crime (UNODC)"), type=OrganisationType.MULTILATERAL
)
FIA = Organisation(
    text("Federal Investigation Agency (FIA)", ur="وفاقی تحقیقاتی ادارہ"),
    type=OrganisationType.GOVERNMENT,
)
NGO = Organisation(text("Punjab Shelter Society (synthetic)"), type=OrganisationType.NATIONAL_NGO)
CONTRIBUTOR = Organisation(
    text("A contributor to the Migration MPTF (synthetic)"), type=OrganisationType.GOVERNMENT
)
PROGRAMME_ID = "XI-IATI-UNPF-00135001"


def day(iso: str) -> dt.date:
    return dt.date.fromisoformat(iso)


def transaction(kind: str, on: str, value: str, provider, receiver, what: str) -> Transaction:
    return Transaction(
        type=kind,
        date=day(on),
        value=Decimal(value),
        value_date=day(on),
        description=text(what),
        provider=provider,
        receiver=receiver,
    )


def year_budget(year: int, value: str) -> Budget:
    """An original, indicative budget for a calendar year, valued on 1 January."""
    return Budget(day(f"{year}-01-01"), day(f"{year}-12-31"), Decimal(value), day(f"{year}-01-01"))


def victims_identified() -> Indicator:
    female, male = (Dimension("sex", "female"),), (Dimension("sex", "male"),)
    return Indicator(
        title=text("Victims of trafficking identified and referred to assistance"),
        measure=IndicatorMeasure.UNIT,
        ascending=True,
        baseline=Baseline(year=2023, value=120, iso_date=dt.date(2023, 12, 31)),
        periods=(
            Period(
                start=dt.date(2024, 1, 1),
                end=dt.date(2024, 12, 31),
                target=200,
                actual=184,
                disaggregations=(
                    Disaggregation(female, target=110, actual=102),
                    Disaggregation(male, target=90, actual=82),
                ),
                actual_comment=text("From the referral registers of FIA and partner NGOs."),
            ),
            Period(start=dt.date(2025, 1, 1), end=dt.date(2025, 6, 30), target=130, actual=95),
        ),
    )


def programme() -> Programme:
    """A national counter-trafficking joint programme in Pakistan, 18 months in."""
    return Programme(
        identifier=PROGRAMME_ID,
        reporting_org=MPTF_OFFICE,
        title=text(
            "Strengthening Pakistan's response to trafficking in persons and smuggling of migrants",
            ur="انسانی اسمگلنگ اور تارکین وطن کی اسمگلنگ کے خلاف پاکستان کے ردعمل کو مضبوط بنانا",
        ),
        description=text(
            "A Migration MPTF joint programme of IOM and UNODC with the Government of Pakistan."
        ),
        objectives=text("Identify, protect and assist victims; investigate and prosecute."),
        status=ActivityStatus.IMPLEMENTATION,
        planned_start=dt.date(2024, 1, 1),
        planned_end=dt.date(2026, 12, 31),
        actual_start=dt.date(2024, 2, 15),
        scope="4",
        participating_orgs=(
            ParticipatingOrg(MPTF_OFFICE, OrganisationRole.FUNDING),
            ParticipatingOrg(IOM, OrganisationRole.ACCOUNTABLE),
            ParticipatingOrg(UNODC, OrganisationRole.ACCOUNTABLE),
            ParticipatingOrg(IOM, OrganisationRole.IMPLEMENTING),
            ParticipatingOrg(UNODC, OrganisationRole.IMPLEMENTING),
            ParticipatingOrg(FIA, OrganisationRole.IMPLEMENTING),
            ParticipatingOrg(NGO, OrganisationRole.IMPLEMENTING),
        ),
        recipient_countries=(RecipientCountry("PK", 100),),
        sectors=(
            Sector(MIGRATION, Decimal("70")),
            Sector(ENDING_VIOLENCE_AGAINST_WOMEN, Decimal("30")),
        ),
        tags=(
            gcm_objective(9),
            gcm_objective(10),
            Tag("16.2", TagVocabulary.SDG_TARGET),
            Tag("10.7", TagVocabulary.SDG_TARGET),
        ),
        policy_markers=(
            gender_equality_marker(1),
            PolicyMarker(
                "HRM",
                significance="2",
                vocabulary="99",
                vocabulary_uri=HRM_URI,
                name=text("Migration MPTF human rights marker"),
            ),
        ),
        budgets=(year_budget(2024, "1200000"), year_budget(2025, "1300000")),
        transactions=(
            transaction("1", "2024-01-20", "2500000", CONTRIBUTOR, MPTF_OFFICE, "Contribution"),
            transaction("2", "2024-02-01", "1500000", MPTF_OFFICE, IOM, "Approved for IOM"),
            transaction("2", "2024-02-01", "1000000", MPTF_OFFICE, UNODC, "Approved for UNODC"),
            transaction("3", "2024-02-10", "1500000", MPTF_OFFICE, IOM, "Transfer to IOM"),
            transaction("3", "2024-02-10", "1000000", MPTF_OFFICE, UNODC, "Transfer to UNODC"),
            transaction("4", "2024-12-31", "420000.50", IOM, NGO, "Shelter and case management"),
            transaction("4", "2024-12-31", "310000", UNODC, FIA, "Investigator training"),
        ),
        results=(
            Result(
                type=ResultType.OUTCOME,
                title=text(
                    "Victims of trafficking and smuggled migrants are identified and assisted",
                    ur="انسانی اسمگلنگ کے متاثرین کی شناخت اور مدد کی جاتی ہے",
                ),
                indicators=(victims_identified(),),
            ),
            Result(
                type=ResultType.OUTPUT,
                title=text("FIA circles record cases in the national standard"),
                indicators=(
                    Indicator(
                        title=text("Share of Anti-Human Trafficking Circles using the case form"),
                        measure=IndicatorMeasure.PERCENTAGE,
                        baseline=Baseline(year=2023, value=0),
                        periods=(
                            Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), 50, Decimal("62.5")),
                        ),
                    ),
                ),
            ),
        ),
        last_updated=GENERATED,
    )


def parse(xml: bytes):
    return etree.fromstring(xml)


def refusals(p: Programme) -> list[str]:
    with pytest.raises(InvalidProgramme) as refused:
        to_xml(p, GENERATED)
    return list(refused.value.problems)


# --- 1. A realistic programme is valid IATI 2.03 ------------------------------------------


def test_a_realistic_programme_passes_the_official_schema():
    xml = to_xml(programme(), GENERATED)
    assert validate(xml) == []
    assert xml.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<iati-activities")
    root = parse(xml)
    assert root.get("version") == "2.03"
    assert root.get("generated-datetime") == "2025-07-15T09:30:00+00:00"
    assert len(root.findall("iati-activity")) == 1


def test_the_file_round_trips_the_key_values():
    root = parse(to_xml(programme(), GENERATED))
    activity = root.find("iati-activity")
    assert activity.findtext("iati-identifier") == PROGRAMME_ID
    assert activity.get("default-currency") == "USD"
    assert root.xpath("sum(//budget/value)") == 2_500_000
    assert root.xpath("count(//transaction)") == 7
    types = [t.get("code") for t in root.iterfind(".//transaction/transaction-type")]
    assert sorted(set(types)) == ["1", "2", "3", "4"]
    expenditure = root.xpath("//transaction[transaction-type/@code='4']/value/text()")
    assert expenditure == ["420000.50", "310000"]
    assert root.xpath("//transaction/value/@value-date")[0] == "2024-01-20"
    outcome = root.xpath("//result[@type='2']/indicator")[0]
    assert outcome.xpath("baseline/@value") == ["120"]
    assert outcome.xpath("period/actual[not(dimension)]/@value") == ["184", "95"]
    female = outcome.xpath("period/actual[dimension[@name='sex' and @value='female']]/@value")
    assert female == ["102"]
    assert root.xpath("//result[@type='1']/indicator/@measure") == ["2"]
    assert root.xpath("//result[@type='1']//actual/@value") == ["62.5"]


def test_narratives_carry_their_language_and_urdu_titles_survive():
    root = parse(to_xml(programme(), GENERATED))
    title = root.find("iati-activity/title")
    languages = title.xpath("narrative/@xml:lang", namespaces={"xml": XML})
    assert languages == ["en", "ur"]
    assert title[1].text.startswith("انسانی اسمگلنگ")
    assert root.xpath("//participating-org[narrative='Federal Investigation Agency (FIA)']/@role")


def test_gcm_objectives_are_tags_of_the_reporting_organisations_vocabulary():
    root = parse(to_xml(programme(), GENERATED))
    gcm = root.xpath("//tag[@vocabulary='99']")
    assert [t.get("code") for t in gcm] == ["9", "10"]
    assert {t.get("vocabulary-uri") for t in gcm} == {"https://undocs.org/A/RES/73/195"}
    assert "trafficking in persons" in gcm[1].findtext("narrative")
    assert root.xpath("//tag[@vocabulary='3']/@code") == ["16.2", "10.7"]
    assert root.xpath("//policy-marker[@code='1']/@significance") == ["1"]
    # sectors of one vocabulary carry the budget split, tags none
    assert root.xpath("//sector/@percentage") == ["70", "30"]
    assert root.xpath("//tag/@percentage") == []


def test_elements_follow_the_schemas_sequence():
    activity = parse(to_xml(programme(), GENERATED)).find("iati-activity")
    order = [child.tag for child in activity]
    firsts = list(dict.fromkeys(order))
    assert firsts == [
        "iati-identifier",
        "reporting-org",
        "title",
        "description",
        "participating-org",
        "activity-status",
        "activity-date",
        "activity-scope",
        "recipient-country",
        "sector",
        "tag",
        "policy-marker",
        "budget",
        "transaction",
        "result",
    ]
    # each kind in one run: nothing of an earlier kind comes back later
    assert order == sorted(order, key=firsts.index)


def test_values_are_plain_decimals_never_exponents():
    p = replace(programme(), budgets=(year_budget(2024, "2.5E+6"),))
    root = parse(to_xml(p, GENERATED))
    assert root.xpath("//budget/value/text()") == ["2500000"]


# --- 2. The official schema refuses broken files -----------------------------------------


def broken(change) -> list[str]:
    root = parse(to_xml(programme(), GENERATED))
    change(root.find("iati-activity"))
    return validate(etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True))


def test_a_missing_identifier_is_caught_with_its_line():
    errors = broken(lambda a: a.remove(a.find("iati-identifier")))
    assert errors
    assert errors[0].startswith("line 4: ")
    assert "reporting-org" in errors[0] and "iati-identifier" in errors[0]


def test_elements_out_of_order_are_caught():
    def status_first(activity):
        status = activity.find("activity-status")
        activity.remove(status)
        activity.insert(1, status)

    errors = broken(status_first)
    assert any("activity-status" in e and "not expected" in e for e in errors)


def test_a_transaction_without_a_date_or_value_date_is_caught():
    def undate(activity):
        first = activity.find("transaction")
        first.remove(first.find("transaction-date"))
        del activity.findall("transaction")[1].find("value").attrib["value-date"]

    errors = broken(undate)
    assert len(errors) == 2
    assert "value" in errors[0] and "Expected is ( transaction-date )" in errors[0]
    assert "value-date" in errors[1] and "required but missing" in errors[1]


def test_assert_valid_raises_with_every_message():
    xml = etree.tostring(parse(b"<iati-activities version='2.03'/>"))
    with pytest.raises(InvalidDocument) as refused:
        assert_valid(xml)
    assert refused.value.errors[0].startswith("line 1: ")
    assert "Missing child element" in str(refused.value)
    assert_valid(to_xml(programme(), GENERATED))


def test_malformed_files_wrong_roots_and_versions_are_refused():
    assert validate(b"<iati-activities version='2.03'>")[0].startswith("line 1: not well-formed")
    lone = b"<iati-activity><iati-identifier>X</iati-identifier></iati-activity>"
    assert "root element must be iati-activities" in validate(lone)[0]
    xml = to_xml(programme(), GENERATED).replace(b'version="2.03"', b'version="2.02"', 1)
    assert validate(xml) == [
        "line 2: iati-activities/@version is '2.02'; this schema validates version 2.03"
    ]


# --- 3. Our own checks: what the schema cannot see ---------------------------------------


@pytest.mark.parametrize(
    ("change", "where", "allowed"),
    [
        (lambda p: replace(p, status="7"), "activity-status/@code", "6 (Suspended)"),
        (
            lambda p: replace(p, transactions=(replace(p.transactions[0], type="0"),)),
            "transaction[1]/transaction-type/@code",
            "4 (Expenditure)",
        ),
        (
            lambda p: replace(p, participating_orgs=(ParticipatingOrg(IOM, "5"),)),
            "participating-org[1]/@role",
            "4 (Implementing)",
        ),
        (
            lambda p: replace(p, budgets=(replace(p.budgets[0], type="3"),)),
            "budget[1]/@type",
            "2 (Revised)",
        ),
        (
            lambda p: replace(p, budgets=(replace(p.budgets[0], status="0"),)),
            "budget[1]/@status",
            "2 (Committed)",
        ),
        (
            lambda p: replace(p, results=(replace(p.results[0], type="4"),)),
            "result[1]/@type",
            "2 (Outcome)",
        ),
        (
            lambda p: replace(
                p,
                results=(
                    replace(p.results[0], indicators=(replace(victims_identified(), measure="6"),)),
                ),
            ),
            "result[1]/indicator[1]/@measure",
            "2 (Percentage)",
        ),
        (
            lambda p: replace(p, reporting_org=replace(MPTF_OFFICE, type="41")),
            "reporting-org/@type",
            "40 (Multilateral)",
        ),
    ],
)
def test_codes_outside_the_iati_code_lists_are_refused(change, where, allowed):
    problems = refusals(change(programme()))
    assert len(problems) == 1
    assert problems[0].startswith(f"{where}: ")
    assert "is not a" in problems[0] and allowed in problems[0]


def test_sector_percentages_must_add_to_100_within_each_vocabulary():
    p = programme()
    ninety = replace(p, sectors=(Sector(MIGRATION, 60), Sector(ENDING_VIOLENCE_AGAINST_WOMEN, 30)))
    assert refusals(ninety) == [
        "sector[@vocabulary='1']/@percentage: 60 + 30 = 90; they must add to 100"
    ]
    unsplit = replace(p, sectors=(Sector(MIGRATION, 100), Sector(ENDING_VIOLENCE_AGAINST_WOMEN)))
    assert refusals(unsplit) == [
        "sector[@vocabulary='1']/@percentage: must be given for each of the 2 (several share "
        "the total)"
    ]
    own = Sector("GCM-10", 100, vocabulary="99", vocabulary_uri=HRM_URI, name=text("TIP"))
    both = replace(p, sectors=(*p.sectors, own))  # 70 + 30 in DAC, 100 in vocabulary 99
    assert validate(to_xml(both, GENERATED)) == []
    assert "is not a 5-digit DAC code" in refusals(replace(p, sectors=(Sector("1519", 100),)))[0]


def test_periods_must_end_after_they_start():
    p = programme()
    backwards = Period(dt.date(2024, 12, 31), dt.date(2024, 1, 1), target=10)
    indicator = replace(victims_identified(), periods=(backwards,))
    problems = refusals(replace(p, results=(replace(p.results[0], indicators=(indicator,)),)))
    assert problems == [
        "result[1]/indicator[1]/period[1]/period-end: 2024-01-01 must be after the start "
        "(2024-12-31)"
    ]
    long = replace(year_budget(2024, "100"), period_end=day("2025-06-30"))
    assert refusals(replace(p, budgets=(long,))) == [
        "budget[1]/period-end: a budget period must not be longer than a year"
    ]
    overlapping = (p.budgets[0], replace(p.budgets[0], period_start=dt.date(2024, 7, 1)))
    assert refusals(replace(p, budgets=overlapping)) == [
        "budget[2]: overlaps budget[1] of the same type"
    ]
    revised = (p.budgets[0], replace(p.budgets[0], type=BudgetType.REVISED))
    assert validate(to_xml(replace(p, budgets=revised), GENERATED)) == []
    assert refusals(replace(p, planned_end=dt.date(2023, 12, 31)))[0].startswith(
        "activity-date[@type='3']: 2023-12-31 must be after the planned start"
    )


def test_a_transaction_needs_its_value_date_and_cannot_be_in_the_future():
    p = programme()
    undated = replace(p.transactions[0], value_date=None)
    assert refusals(replace(p, transactions=(undated,))) == [
        "transaction[1]/value/@value-date: is required"
    ]
    future = replace(p.transactions[0], date=dt.date(2025, 8, 1))
    assert "is in the future" in refusals(replace(p, transactions=(future,)))[0]


def test_other_rules_the_schema_cannot_see():
    p = programme()
    stray = replace(p, identifier="XM-DAC-47066-PAK-01")
    assert "must begin with the reporting organisation's ref" in refusals(stray)[0]
    strong = replace(p, policy_markers=(gender_equality_marker(3),))
    assert refusals(strong) == [
        "policy-marker[1]/@significance: the gender equality marker is scored 0, 1 or 2, not 3"
    ]
    assert refusals(replace(p, tags=(gcm_objective(24),))) == [
        "tag[1]/@code: '24' is not a GCM objective (1–23)"
    ]
    floating = replace(p.budgets[0], value=1200000.0)
    assert "use Decimal" in refusals(replace(p, budgets=(floating,)))[0]
    qualitative = replace(victims_identified(), measure=IndicatorMeasure.QUALITATIVE)
    problems = refusals(replace(p, results=(replace(p.results[0], indicators=(qualitative,)),)))
    assert problems[0] == (
        "result[1]/indicator[1]/baseline/@value: a qualitative indicator has comments, not values"
    )
    assert refusals(replace(p, title=text("")))[0] == "title/narrative[@xml:lang='en']: is empty"


def test_every_problem_is_reported_at_once():
    p = replace(programme(), status="9", default_currency="usd", sectors=())
    with pytest.raises(InvalidProgramme) as refused:
        to_xml(p, GENERATED)
    assert [problem.split(":")[0] for problem in refused.value.problems] == [
        "activity-status/@code",
        "@default-currency",
        "sector",
    ]
    assert str(refused.value).startswith("The programme cannot be published in IATI (3 problems)")


def test_the_generated_time_must_be_timezone_aware():
    with pytest.raises(ValueError, match="timezone-aware"):
        to_xml(programme(), dt.datetime(2025, 7, 15, 9, 30))
