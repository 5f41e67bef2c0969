"""CTDC 2021 and 2024 files in and out of engine.exchange, and the CTDC-HTCDS crosswalk."""

from __future__ import annotations

import csv
from datetime import date

import pytest

from tipsom.engine.exchange import formats
from tipsom.engine.exchange.ctdc import (
    CTDC_2024_COLUMNS,
    ctdc_2024_row,
    translate_2021,
    translate_2024,
)
from tipsom.engine.exchange.problems import FileProblem
from tipsom.engine.exchange.record import RecordChecker
from tipsom.engine.standards import ctdc, htcds

TODAY = date(2026, 11, 29)
MOC, EXPLOIT, INDUSTRY = (
    "vic_MethodsOfControl",
    "vic_TypeOfExploitation",
    "vic_ForcedLabourIndustry",
)
SEX, RELATION = "vic_TypeOfSexExploitation", "vic_RelationshipToTrafficker"


def _csv(path, rows):
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def _pipeline(path, name):
    return formats.Pipeline(path, formats.get(name), today=TODAY)


def _row_2024(**given):
    row = dict.fromkeys(CTDC_2024_COLUMNS, "")
    row.update(given)
    return row


def _clean(values):
    """Translated values through the checker, as an import would see them."""
    checked = RecordChecker(values, today=TODAY).check(1, values, "r")
    assert checked.ok, checked.problems
    return checked.record


# --- The crosswalk as data ----------------------------------------------------------------


def test_the_column_lists_have_their_published_lengths():
    assert len(ctdc.COLUMNS_2021) == len(set(ctdc.COLUMNS_2021)) == 63
    assert len(ctdc.VARIABLES_2024) == len(set(ctdc.VARIABLES_2024)) == 27
    assert CTDC_2024_COLUMNS == ctdc.VARIABLES_2024


@pytest.mark.parametrize(
    ("columns", "parts"),
    [
        (
            ctdc.COLUMNS_2021,
            (
                set(ctdc.VALUE_COLUMNS),
                set(ctdc.IMPORT_2021),
                set(ctdc.NOT_SPECIFIED_2021),
                set(ctdc.NOT_IMPORTED_2021),
            ),
        ),
        (
            ctdc.VARIABLES_2024,
            (set(ctdc.VALUE_COLUMNS), set(ctdc.IMPORT_2024), set(ctdc.NOT_IMPORTED_2024)),
        ),
    ],
)
def test_every_column_is_read_or_listed_as_not_imported_exactly_once(columns, parts):
    assert sum(len(p) for p in parts) == len(set().union(*parts)) == len(columns)
    assert set().union(*parts) == set(columns)


@pytest.mark.parametrize(
    "table", [ctdc.IMPORT_2021, ctdc.IMPORT_2024, ctdc.EXPORT_2021, ctdc.EXPORT_2024]
)
def test_the_crosswalk_names_only_published_htcds_codes(table):
    for _column, (field, codes) in table.items():
        assert set(codes) <= set(htcds.code_list(field)), (field, codes)


def test_the_2024_export_table_covers_every_2024_flag_and_says_what_it_leaves_out():
    flags = [c for c in ctdc.VARIABLES_2024 if c not in (*ctdc.VALUE_COLUMNS, "traffickMonths")]
    assert list(ctdc.EXPORT_2024) == flags
    for field in (MOC, EXPLOIT, INDUSTRY, SEX, RELATION):
        written = {c for f, codes in ctdc.EXPORT_2024.values() if f == field for c in codes}
        left_out = set(ctdc.NOT_IN_2024.get(field, ()))
        assert written | left_out == set(htcds.code_list(field)), field
        assert not written & left_out


def test_every_htcds_code_has_a_2021_column():
    for field in (MOC, EXPLOIT, INDUSTRY, SEX, RELATION):
        written = {c for f, codes in ctdc.EXPORT_2021.values() if f == field for c in codes}
        assert written == set(htcds.code_list(field)), field


# 2021 means of control, one to one where HTCDS has the code.
MEANS_2021 = {
    "meansOfControlDebtBondage": "DebtBondage",
    "meansOfControlTakesEarnings": "TakesEarnings",
    "meansOfControlRestrictsFinancialAccess": "RestrictsFinancialAccess",
    "meansOfControlThreats": "PhysicalThreats",
    "meansOfControlPsychologicalAbuse": "PsychologicalAbuse",
    "meansOfControlPhysicalAbuse": "PhysicalAbuse",
    "meansOfControlSexualAbuse": "SexualAbuse",
    "meansOfControlFalsePromises": "FalsePromises",
    "meansOfControlPsychoactiveSubstances": "PsychoactiveSubstance",
    "meansOfControlRestrictsMedicalCare": "RestrictsMedicalCare",
    "meansOfControlExcessiveWorkingHours": "ExcessiveWorkingHours",
    "meansOfControlUsesChildren": "ThreatensChildrenFamily",
    "meansOfControlThreatOfLawEnforcement": "ThreatsLawEnforcement",
    "meansOfControlWithholdsNecessities": "WithholdsNecessities",
    "meansOfControlWithholdsDocuments": "WithholdsDocuments",
    "meansOfControlOther": "Other",
}


@pytest.mark.parametrize(("column", "code"), MEANS_2021.items())
def test_2021_means_of_control_read_one_to_one_and_write_back(column, code):
    values, problems = translate_2021({column: "1", "isForcedLabour": "0"})
    assert not problems and values[MOC] == code and values[EXPLOIT] == ""
    # The other direction: the code is written as the same column.
    assert [c for c, (f, codes) in ctdc.EXPORT_2021.items() if code in codes and f == MOC] == [
        column
    ]


def test_2021_means_without_an_htcds_code():
    values, _ = translate_2021(
        {"meansOfControlRestrictsMovement": "1", "meansOfControlNotSpecified": "1"}
    )
    assert values[MOC] == "Other"  # movement: Other; not specified: nothing
    values, _ = translate_2021({"meansOfControlNotSpecified": "1", "gender": "Male"})
    assert values[MOC] == ""


MEANS_2024 = {
    "meansDebtBondageEarnings": "DebtBondage;TakesEarnings",
    "meansThreats": "PhysicalThreats;ThreatsLawEnforcement;ThreatensChildrenFamily",
    "meansAbusePsyPhySex": "PhysicalAbuse;SexualAbuse;PsychologicalAbuse",
    "meansFalsePromises": "FalsePromises",
    "meansDrugsAlcohol": "PsychoactiveSubstance",
    "meansDenyBasicNeeds": "RestrictsFinancialAccess;RestrictsMedicalCare;WithholdsNecessities",
    "meansExcessiveWorkHours": "ExcessiveWorkingHours",
    "meansWithholdDocs": "WithholdsDocuments",
}


@pytest.mark.parametrize(("column", "codes"), MEANS_2024.items())
def test_2024_merged_means_read_as_all_their_codes_and_any_code_writes_the_flag(column, codes):
    values, problems = translate_2024({column: "1"})
    assert not problems and values[MOC] == codes  # in HTCDS's list order
    for code in codes.split(";"):
        row = ctdc_2024_row({MOC: [code]})
        assert [c for c in CTDC_2024_COLUMNS if row[c]] == [column]


def test_other_means_of_control_has_no_2024_flag():
    assert not any(ctdc_2024_row({MOC: ["Other"]}).values())


@pytest.mark.parametrize(
    ("column", "codes"),
    [
        ("isForcedLabour", "ForcedLabour"),
        ("isSexualExploit", "SexualExploitation"),
        ("isOtherExploit", "Other"),
        ("isSexAndLabour", "ForcedLabour;SexualExploitation"),
        ("isForcedMarriage", "ForcedMarriage"),
        ("isForcedMilitary", "ForcedMilitaryByNonStateActors"),
        ("isOrganRemoval", "OrganRemoval"),
        ("isSlaveryAndPractices", "Servitude"),
        ("typeOfLabourBegging", "ForcedBegging"),
    ],
)
def test_2021_exploitation_flags(column, codes):
    values, problems = translate_2021({column: "1"})
    assert not problems and values[EXPLOIT] == codes


@pytest.mark.parametrize(
    ("codes", "flags"),
    [
        (["ForcedLabour"], ["isForcedLabour"]),
        (["ChildLabour", "ForcedBegging"], ["isForcedLabour"]),
        (["SexualExploitation", "Surrogacy"], ["isSexualExploit", "isOtherExploit"]),
        (["ForcedMarriage"], ["isOtherExploit"]),
        (["Other"], ["isOtherExploit"]),
    ],
)
def test_2024_exploitation_flags_from_htcds(codes, flags):
    row = ctdc_2024_row({EXPLOIT: codes})
    assert [c for c in CTDC_2024_COLUMNS if row[c]] == flags


@pytest.mark.parametrize(
    ("sector", "code"),
    [
        ("Agriculture", "A_AgricultureForestryAndFishing"),
        ("Construction", "F_Construction"),
        ("DomesticWork", "T_ActivitiesOfHouseholdsAsEmployers"),
        ("Hospitality", "I_AccommodationAndFoodServiceActivities"),
    ],
)
@pytest.mark.parametrize("prefix", ["typeOfLabour", "sectorOfLabour"])
def test_2024_labour_sectors_under_either_prefix(prefix, sector, code):
    values, problems = translate_2024({f"{prefix}{sector}": "1"})
    assert not problems and values[INDUSTRY] == code
    row = ctdc_2024_row({INDUSTRY: [code]})
    assert [c for c in CTDC_2024_COLUMNS if row[c]] == [f"typeOfLabour{sector}"]


@pytest.mark.parametrize(
    ("column", "code"),
    [
        ("typeOfLabourManufacturing", "C_Manufacturing"),
        ("typeOfLabourMiningOrDrilling", "B_MiningAndQuarrying"),
        ("typeOfLabourPeddling", "G_WholesaleAndRetailTradeRepairOfMotorVehicles"),
        ("typeOfLabourTransportation", "H_TransportationAndStorage"),
        ("typeOfSexRemoteInteractiveServices", "RemoteInteractiveServices"),
        ("typeOfSexPrivateSexualServices", "PrivateSexualServices"),
    ],
)
def test_2021_sectors_without_a_2024_variable(column, code):
    values, _ = translate_2021({column: "1"})
    assert code in values.values()
    field = SEX if column.startswith("typeOfSex") else INDUSTRY
    assert not any(ctdc_2024_row({field: [code]}).values())


def test_aquafarming_is_agriculture_in_htcds():
    values, _ = translate_2021({"typeOfLabourAquafarming": "1"})
    assert values[INDUSTRY] == "A_AgricultureForestryAndFishing"
    assert ctdc_2024_row({INDUSTRY: [values[INDUSTRY]]})["typeOfLabourAgriculture"] == "1"


@pytest.mark.parametrize("prefix", ["typeOfSex", "sectorOfSex"])
def test_2024_forms_of_sexual_exploitation(prefix):
    values, _ = translate_2024({f"{prefix}Prostitution": "1", f"{prefix}Pornography": "1"})
    assert values[SEX] == "Prostitution;Pornography"
    row = ctdc_2024_row({SEX: ["Pornography"]})
    assert (row["typeOfSexProstitution"], row["typeOfSexPornography"]) == ("", "1")


@pytest.mark.parametrize(
    ("flags", "code"),
    [
        (["recruiterRelationFamily"], "Familial"),
        (["recruiterRelationFriend"], "Acquainted"),
        (["recruiterRelationIntimatePartner"], "Acquainted"),  # nearest: someone known
        (["recruiterRelationFriend", "recruiterRelationFamily"], "Familial"),  # closest wins
    ],
)
def test_recruiter_relations_to_the_one_htcds_relationship(flags, code):
    values, _ = translate_2024(dict.fromkeys(flags, "1"))
    assert values[RELATION] == code


@pytest.mark.parametrize(
    ("code", "flag"),
    [
        ("Familial", "recruiterRelationFamily"),
        ("Acquainted", "recruiterRelationFriend"),
        ("Unaquainted", "recruiterRelationOther"),
    ],
)
def test_htcds_relationship_to_recruiter_relation(code, flag):
    row = ctdc_2024_row({RELATION: code})
    assert [c for c in CTDC_2024_COLUMNS if row[c]] == [flag]


@pytest.mark.parametrize(
    ("ctdc_value", "code"),
    [
        ("Female", "Feminine"),
        ("Male", "Masculine"),
        ("Woman", "Feminine"),
        ("man", "Masculine"),
        ("Trans/Transgender/NonConforming", "NonConforming"),
        ("Unknown", "NonSpecifiedUnknown"),
    ],
)
def test_gender_read(ctdc_value, code):
    values, problems = translate_2024({"gender": ctdc_value})
    assert not problems and values["prs_Gender"] == code


@pytest.mark.parametrize(
    ("code", "ctdc_value"),
    [
        ("Feminine", "Woman"),
        ("Masculine", "Man"),
        ("TransgenderFeminine", "Trans/Transgender/NonConforming"),
        ("TransgenderMasculine", "Trans/Transgender/NonConforming"),
        ("NonConforming", "Trans/Transgender/NonConforming"),
        ("NonSpecifiedUnknown", ""),
    ],
)
def test_gender_written(code, ctdc_value):
    assert ctdc_2024_row({"prs_Gender": code})["gender"] == ctdc_value


# --- Ages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("age", "label"),
    [
        (0, "0--8"),
        (8, "0--8"),
        (9, "09--17"),
        (17, "09--17"),
        (18, "18--20"),
        (20, "18--20"),
        (21, "21--23"),
        (23, "21--23"),
        (24, "24--26"),
        (26, "24--26"),
        (27, "27--29"),
        (29, "27--29"),
        (30, "30--38"),
        (38, "30--38"),
        (39, "39--47"),
        (47, "39--47"),
        (48, "48+"),
        (97, "48+"),
    ],
)
def test_age_band_edges_from_the_birth_year(age, label):
    record = {"tipsom_opened_on": date(2020, 1, 1), "tipsom_birth_year": 2020 - age}
    assert ctdc_2024_row(record)["ageBroad"] == label


def test_age_from_a_birth_date_is_the_age_on_the_day_the_case_was_opened():
    born = date(2000, 6, 1)
    before = ctdc_2024_row({"prs_Birthdate": born, "tipsom_opened_on": date(2018, 5, 31)})
    on = ctdc_2024_row({"prs_Birthdate": born, "tipsom_opened_on": date(2018, 6, 1)})
    assert (before["ageBroad"], on["ageBroad"]) == ("09--17", "18--20")
    assert before["yearOfRegistration"] == "2018"
    # No registration, or a birth after it: no band.
    assert ctdc_2024_row({"tipsom_birth_year": 2000})["ageBroad"] == ""
    record = {"tipsom_birth_year": 2021, "tipsom_opened_on": date(2020, 1, 1)}
    assert ctdc_2024_row(record)["ageBroad"] == ""


@pytest.mark.parametrize("band", ctdc.AGE_BANDS, ids=lambda b: b.label)
@pytest.mark.parametrize("spelling", ["label", "label_2024"])
def test_each_band_gives_an_estimated_birth_year_that_falls_in_it_again(band, spelling):
    values, problems = translate_2024(
        {"yearOfRegistration": "2019", "ageBroad": getattr(band, spelling)}
    )
    assert not problems
    assert values["tipsom_birth_year"] == str(2019 - band.midpoint)
    assert values["tipsom_age_is_estimated"] == "1"
    assert ctdc_2024_row(_clean(values))["ageBroad"] == band.label_2024


@pytest.mark.parametrize(
    ("text", "label"),
    [("9-17", "9--17"), ("9—17", "9--17"), (" 48 + ", "48+"), ("0--8", "0--8")],
)
def test_band_spellings(text, label):
    band = ctdc.parse_age_band(text)
    assert band is not None and band.label == label


@pytest.mark.parametrize("text", ["10--17", "18-25", "adult", "48", "9--"])
def test_ages_that_are_not_a_band_are_problems(text):
    _, [problem] = translate_2024({"yearOfRegistration": "2019", "ageBroad": text}, 4)
    assert (problem.row, problem.column, problem.value) == (4, "ageBroad", text)
    assert "09--17" in problem.allowed and "48+" in problem.allowed
    _, [problem] = translate_2021({"yearOfRegistration": "2019", "ageBroad": text})
    assert "9--17" in problem.allowed and "09--17" not in problem.allowed


def test_an_age_band_without_a_year_of_registration_is_a_problem_not_lost():
    values, [problem] = translate_2024({"ageBroad": "18--20"})
    assert problem.column == "ageBroad" and "yearOfRegistration" in problem.reason
    assert values["tipsom_birth_year"] == ""


# --- Countries and missing values ---------------------------------------------------------


def test_countries_alpha_2_in_2021_alpha_3_in_2024_both_read_alpha_3_written():
    values, _ = translate_2021({"citizenship": "PK", "CountryOfExploitation": "AE"})
    assert (values["prs_Citizenship"], values["hte_Type"], values["hte_Country"]) == (
        "PK",
        "Exploitation",
        "AE",
    )
    values, _ = translate_2024({"citizenship": "PAK", "CountryOfExploitation": "are"})
    assert (values["prs_Citizenship"], values["hte_Country"]) == ("PK", "AE")
    values, _ = translate_2024({"citizenship": "PK"})  # alpha-2 read in 2024 too
    assert values["prs_Citizenship"] == "PK"
    record = {"prs_Citizenship": ["PK", "AF"], "hte_Type": "Exploitation", "hte_Country": "AE"}
    row = ctdc_2024_row(record)
    assert (row["citizenship"], row["CountryOfExploitation"]) == ("PAK", "ARE")  # first only
    # Only an exploitation event gives the country of exploitation.
    assert (
        ctdc_2024_row({"hte_Type": "Recruitment", "hte_Country": "AE"})["CountryOfExploitation"]
        == ""
    )


def test_na_is_namibia_in_2021_country_columns_and_missing_elsewhere():
    values, problems = translate_2021({"citizenship": "NA", "gender": "NA"})
    assert not problems and values["prs_Citizenship"] == "NA" and values["prs_Gender"] == ""
    values, problems = translate_2024({"citizenship": "NA"})
    assert not problems and values["prs_Citizenship"] == ""
    assert ctdc_2024_row({"prs_Citizenship": ["NA"]})["citizenship"] == "NAM"


@pytest.mark.parametrize("marker", ["", "-99", "-99.0", "00", "NA", "NULL", "nan"])
def test_missing_markers_are_simply_missing(marker):
    cells = {
        "yearOfRegistration": marker,
        "gender": marker,
        "ageBroad": marker,
        # NA in 2021 country columns is Namibia (test below)
        "citizenship": "00" if marker == "NA" else marker,
        "CountryOfExploitation": "00" if marker == "NA" else marker,
        "meansOfControlDebtBondage": marker,
        "isForcedLabour": marker,
        "recruiterRelationFamily": marker,
    }
    values, problems = translate_2021(cells)
    assert not problems
    assert {k: v for k, v in values.items() if v} == {
        "tipsom_anonymous": "1",
        "tipsom_case_type": "trafficking",
        "tipsom_role": "victim",
    }


@pytest.mark.parametrize(
    ("column", "value", "allowed"),
    [
        ("meansThreats", "yes", "1 or empty"),
        ("isForcedLabour", "2", "1 or empty"),
        ("sectorOfLabourConstruction", "x", "1 or empty"),
        ("gender", "Female-ish", "Woman, Man, Trans/Transgender/NonConforming"),
        ("citizenship", "PAKISTAN", "alpha-3"),
        ("CountryOfExploitation", "XYZ", "alpha-3"),
        ("yearOfRegistration", "19", "a year"),
    ],
)
def test_unknown_values_are_problems_with_column_value_and_what_is_allowed(
    tmp_path, column, value, allowed
):
    row = _row_2024(yearOfRegistration="2019", gender="Woman")
    header = [c.replace("typeOf", "sectorOf") if "sectorOf" in column else c for c in row]
    row = dict(zip(header, row.values(), strict=True))
    row[column] = value
    pipeline = _pipeline(_csv(tmp_path / "bad.csv", [header, list(row.values())]), "ctdc-2024")
    [checked] = pipeline.rows()
    [problem] = checked.problems
    assert (problem.row, problem.column, problem.value) == (1, column, value)
    assert allowed in problem.allowed
    assert checked.raw[column] == value  # the quarantine keeps the row as the file has it


def test_2021_flags_are_1_or_0():
    values, problems = translate_2021({"isForcedLabour": "1.0", "isSexualExploit": "0"})
    assert not problems and values[EXPLOIT] == "ForcedLabour"
    _, [problem] = translate_2021({"isForcedLabour": "true"})
    assert (problem.column, problem.allowed) == ("isForcedLabour", "1, 0, -99 or empty")


# --- Files --------------------------------------------------------------------------------

SURVIVING = [
    _row_2024(
        yearOfRegistration="2019",
        gender="Woman",
        ageBroad="09--17",
        citizenship="PHL",
        CountryOfExploitation="USA",
        meansDebtBondageEarnings="1",
        meansThreats="1",
        isForcedLabour="1",
        typeOfLabourAgriculture="1",
        typeOfLabourDomesticWork="1",
        recruiterRelationFamily="1",
    ),
    _row_2024(
        yearOfRegistration="2021",
        gender="Man",
        ageBroad="48+",
        citizenship="UKR",
        meansAbusePsyPhySex="1",
        meansFalsePromises="1",
        meansDrugsAlcohol="1",
        meansDenyBasicNeeds="1",
        meansExcessiveWorkHours="1",
        meansWithholdDocs="1",
        isSexualExploit="1",
        isOtherExploit="1",
        typeOfSexProstitution="1",
        typeOfSexPornography="1",
        recruiterRelationFriend="1",
    ),
    _row_2024(
        yearOfRegistration="2023",
        gender="Trans/Transgender/NonConforming",
        ageBroad="30--38",
        CountryOfExploitation="MEX",
        isForcedLabour="1",
        typeOfLabourConstruction="1",
        typeOfLabourHospitality="1",
    ),
    _row_2024(yearOfRegistration="2010"),
]


def test_a_2024_file_round_trips_for_the_values_that_survive_the_merge(tmp_path):
    rows = [list(CTDC_2024_COLUMNS)] + [list(r.values()) for r in SURVIVING]
    pipeline = _pipeline(_csv(tmp_path / "ctdc.csv", rows), "ctdc-2024")
    checked = list(pipeline.rows())
    assert all(c.ok for c in checked), [c.problems for c in checked]
    assert [ctdc_2024_row(c.record) for c in checked] == SURVIVING
    first = checked[0].record
    assert first["vic_MethodsOfControl"] == [
        "PhysicalThreats",
        "ThreatsLawEnforcement",
        "ThreatensChildrenFamily",
        "DebtBondage",
        "TakesEarnings",
    ]
    assert first["tipsom_anonymous"] is True and "prs_FirstName" not in first
    assert (first["tipsom_case_type"], first["tipsom_role"]) == ("trafficking", "victim")
    assert (first["tipsom_opened_on"], first["tipsom_birth_year"]) == (date(2019, 1, 1), 2006)
    assert (first["prs_Citizenship"], first["hte_Country"]) == (["PH"], "US")
    assert pipeline.ignored == ("traffickMonths", "recruiterRelationOther")
    assert list(ctdc_2024_row({})) == list(CTDC_2024_COLUMNS)


def test_what_does_not_survive_the_2024_merge(tmp_path):
    row = _row_2024(
        yearOfRegistration="2020",
        traffickMonths="13--24 (1-2 yrs)",
        recruiterRelationIntimatePartner="1",
        recruiterRelationOther="1",
    )
    values, problems = translate_2024(row)
    assert not problems
    assert values["traffickMonths"] == "13--24 (1-2 yrs)"  # passed on: not imported
    out = ctdc_2024_row(_clean(values))
    assert out["recruiterRelationFriend"] == "1"  # partner read as acquainted
    assert out["traffickMonths"] == out["recruiterRelationOther"] == ""


def test_the_newer_sector_prefix_reads_the_same(tmp_path):
    header = [ctdc.name_2024(c) for c in CTDC_2024_COLUMNS]
    newer = [c.replace("typeOf", "sectorOf") for c in CTDC_2024_COLUMNS]
    assert header == list(CTDC_2024_COLUMNS) and newer != header
    rows = [newer] + [list(r.values()) for r in SURVIVING]
    checked = list(_pipeline(_csv(tmp_path / "v2026.csv", rows), "ctdc-2024").rows())
    assert [ctdc_2024_row(c.record) for c in checked] == SURVIVING


def test_a_2021_file_with_its_case_id(tmp_path):
    row = dict.fromkeys(ctdc.COLUMNS_2021, "-99")
    row.update(
        yearOfRegistration="2016",
        Datasource="Case Management",
        gender="Female",
        ageBroad="18--20",
        majorityStatus="Adult",
        citizenship="UA",
        CountryOfExploitation="RU",
        meansOfControlDebtBondage="1",
        meansOfControlRestrictsMovement="1",
        meansOfControlThreats="0",
        isSexAndLabour="1",
        typeOfLabourConstruction="1",
        typeOfSexPrivateSexualServices="1",
        recruiterRelationIntimatePartner="1",
        recruiterRelationUnknown="0",
        meansOfControlConcatenated="Debt bondage; Restricts movement",
    )
    rows = [["case_id", *row], ["17", *row.values()], ["18", *row.values()]]
    pipeline = _pipeline(_csv(tmp_path / "k-anon.csv", rows), "ctdc-2021")
    first, second = pipeline.rows()
    assert first.ok and second.ok, first.problems
    assert (pipeline.id_column, first.record_id, second.record_id) == ("case_id", "17", "18")
    assert first.record == {
        "tipsom_anonymous": True,
        "tipsom_case_type": "trafficking",
        "tipsom_role": "victim",
        "tipsom_opened_on": date(2016, 1, 1),
        "tipsom_birth_year": 1997,
        "tipsom_age_is_estimated": True,
        "prs_Gender": "Feminine",
        "prs_Citizenship": ["UA"],
        "hte_Type": "Exploitation",
        "hte_Country": "RU",
        MOC: ["DebtBondage", "Other"],
        EXPLOIT: ["ForcedLabour", "SexualExploitation"],
        INDUSTRY: ["F_Construction"],
        SEX: ["PrivateSexualServices"],
        RELATION: "Acquainted",
    }
    assert first.raw["case_id"] == "17" and first.raw["ageBroad"] == "18--20"
    assert set(pipeline.ignored) == set(ctdc.NOT_IMPORTED_2021)


def test_identical_anonymised_rows_are_different_persons_with_stable_ids(tmp_path):
    row = list(SURVIVING[0].values())
    rows = [list(CTDC_2024_COLUMNS), row, row, list(SURVIVING[1].values()), row]
    path = _csv(tmp_path / "k.csv", rows)
    ids = [c.record_id for c in _pipeline(path, "ctdc-2024").rows()]
    again = [c.record_id for c in _pipeline(path, "ctdc-2024").rows()]
    assert ids == again and len(set(ids)) == 4
    assert ids[1] == ids[0] + "~2" and ids[3] == ids[0] + "~3"
    assert all(c.ok for c in _pipeline(path, "ctdc-2024").rows())


def test_2021_rows_without_an_id_column_get_ids_from_content(tmp_path):
    rows = [["", "yearOfRegistration", "gender"], ["1", "2018", "Male"], ["2", "2018", "Male"]]
    pipeline = _pipeline(_csv(tmp_path / "pandas.csv", rows), "ctdc-2021")
    first, second = pipeline.rows()
    assert pipeline.id_column is None and first.record_id.startswith("sha256:")
    assert second.record_id == first.record_id + "~2" and second.ok


@pytest.mark.parametrize(
    ("header", "name", "message"),
    [
        (["yearOfRegistration", "meansOfControlDebtBondage"], "ctdc-2024", "as ctdc-2021"),
        (["yearOfRegistration", "meansThreats"], "ctdc-2021", "as ctdc-2024"),
        (["prs_FirstName", "prs_Gender"], "ctdc-2024", "no column is a CTDC 2024 variable"),
    ],
)
def test_files_of_another_format_are_refused(tmp_path, header, name, message):
    path = _csv(tmp_path / "other.csv", [header, ["2019", "1"]])
    with pytest.raises(FileProblem) as error:
        list(_pipeline(path, name).rows())
    assert message in str(error.value)


def test_a_registration_in_the_future_is_caught_by_the_checker(tmp_path):
    rows = [["yearOfRegistration", "gender"], ["2031", "Woman"]]
    [checked] = _pipeline(_csv(tmp_path / "future.csv", rows), "ctdc-2024").rows()
    assert [p.column for p in checked.problems] == ["tipsom_opened_on"]
