"""engine.indicators on a small hand-made extract: every indicator checked against counts
worked out by hand from the tables below (no Django).

Detected victims of trafficking (role victim, case type trafficking or both, status not
NotAVictimOfTrafficking): r00 to r10 but r02, 10 records of 7 persons. Each person's
attributes come from their earliest record with a known value: i1 female, PK-PB, 0-17, PK,
sexual exploitation (all from r01, though r00 says otherwise: r00 is dated later, though its
record id sorts first); i2 male, 18+, AF, forced labour (r03 knows only the province; the
rest from r04); i3 male, PK-SD, 18+, forced marriage (r07 and r08 share a date: r07's
record id comes first); p9 has no province or age.
Not counted as victims: r11 (not a victim), r12 (other vulnerability), r13 (returnee).
Smuggled migrants: r14 i4 2022, r15 i4 2023, r16 p16 2023, r17 i3 2022 (i3 is also a
victim; the two populations are counted apart): 4 records, 3 persons.
"""

from __future__ import annotations

import json
from datetime import date

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from tipsom.engine.indicators import (
    TOTAL,
    Extract,
    Filters,
    codes,
    compute_all,
    population,
    schema,
    synthetic,
)
from tipsom.engine.standards import htcds

PK, PB, SD, KP, IS = 241_499_431, 127_688_922, 55_696_147, 40_856_097, 2_363_863
FEMALE, MALE, TRANSGENDER = 117_154_694, 124_324_406, 20_331

# Exploitation: SE sexual exploitation, FL forced labour, CL child labour, FB forced
# begging, FM forced marriage, OR organ removal, SU surrogacy; several joined by +.
# Status: A actual, P possible, N not a victim, - not assessed. "-": null or none.
VICTIMS = """
rec identity org  identified_on prov  sex         age cit expl  assisted referred role     case_type           status
r01 i1       NGO1 2022-03-01    PK-PB female      16  PK  SE    1        1        victim   trafficking         A
r00 i1       FIA  2023-02-10    PK-SD unknown     17  PK  FL    0        0        victim   both                P
r03 i2       POL  2022-05-05    PK-PB unknown     -   -   -     1        0        victim   trafficking         -
r04 i2       NGO1 2022-06-01    PK-PB male        25  AF  FL+CL 0        1        victim   trafficking         A
r05 p5       NGO1 2022-07-01    PK-KP female      30  PK  SE+FL 1        1        victim   trafficking         A
r06 p6       FIA  2023-01-15    PK-PB female      12  PK  FB    1        0        victim   trafficking         P
r07 i3       FIA  2023-04-01    PK-SD male        40  PK  FM    0        0        victim   trafficking         A
r08 i3       NGO1 2023-04-01    PK-PB female      41  PK  OR    1        0        victim   both                A
r09 p9       POL  2023-08-08    -     transgender -   IN  SU    0        0        victim   trafficking         A
r10 p10      NGO1 2023-09-09    PK-IS female      19  -   -     1        1        victim   trafficking         A
r11 p11      POL  2023-01-01    PK-PB female      20  PK  FL    1        1        victim   trafficking         N
r12 p12      NGO1 2023-02-02    PK-PB male        30  PK  FL    1        1        victim   other_vulnerability A
r13 p13      POL  2022-03-03    PK-PB male        30  PK  -     1        1        returnee other_vulnerability -
r14 i4       FIA  2022-10-10    PK-PB male        22  PK  -     1        0        smuggled smuggling           -
r15 i4       NGO1 2023-01-20    PK-PB male        23  PK  -     0        1        smuggled smuggling           -
r16 p16      FIA  2023-03-03    PK-KP male        17  AF  -     0        0        smuggled both                -
r17 i3       FIA  2022-12-12    PK-SD male        39  PK  -     1        0        smuggled smuggling           -
"""  # noqa: E501 - a data table reads best one record a line

# j1 is s1 and s0 (male 35 PK in the earlier FIR, female in the later one: male counts, the
# year and FIR deciding, not the record id); j2 is s2 and s5 (sex and age unknown in s2:
# male, 18+ from s5); j3 is s4, a girl of 17.
SUSPECTS = """
rec identity org fir prov  sex     age cit suspected prosecuted convicted laws              codes
s1  j1       FIA 101 PK-PB male    35  PK  2022      2022       2023      PTPA_2018         PTPA-3
s2  j2       FIA 101 PK-PB unknown -   AF  2022      2023       -         PTPA_2018+PPC     PTPA-3+PPC-370
s0  j1       POL 102 PK-SD female  36  -   2023      -          -         PSMA_2018         PSMA-3
s4  j3       FIA 103 PK-PB female  17  PK  2023      -          -         PSMA_2018+EO_1979 PSMA-3+EO-1979
s5  j2       FIA 103 PK-PB male    30  AF  2023      2023       2023      PSMA_2018         PSMA-3
"""  # noqa: E501 - as above

# FIR 104 has a trafficking and a smuggling offence: a case of each kind.
OFFENCES = """
fir org year prov  law       code     prosecuted
101 FIA 2022 PK-PB PTPA_2018 PTPA-3   1
101 FIA 2022 PK-PB PPC       PPC-370  1
102 POL 2023 PK-SD PSMA_2018 PSMA-3   0
103 FIA 2023 PK-PB PSMA_2018 PSMA-3   1
103 FIA 2023 PK-PB EO_1979   EO-1979  1
104 FIA 2023 PK-PB PTPA_2018 PTPA-4   0
104 FIA 2023 PK-PB PSMA_2018 PSMA-AGG 0
"""

EXPLOITATION = {
    "SE": "SexualExploitation",
    "FL": "ForcedLabour",
    "CL": "ChildLabour",
    "FB": "ForcedBegging",
    "FM": "ForcedMarriage",
    "OR": "OrganRemoval",
    "SU": "Surrogacy",
}
STATUS = {
    "A": "ActualVictimOfTrafficking",
    "P": "PossibleVictimOfTrafficking",
    "N": "NotAVictimOfTrafficking",
}


def parse(text: str) -> list[dict[str, str | None]]:
    header, *lines = text.strip().splitlines()
    names = header.split()
    return [
        {k: None if v == "-" else v for k, v in zip(names, line.split(), strict=True)}
        for line in lines
    ]


def listed(value: str | None, names: dict[str, str] | None = None) -> list[str]:
    return [names[v] if names else v for v in value.split("+")] if value else []


def number(value: str | None) -> int | None:
    return None if value is None else int(value)


def victims() -> list[dict]:
    return [
        {
            "record_id": r["rec"],
            "person_id": int(r["rec"][1:]),
            "identity_key": r["identity"],
            "organisation": r["org"],
            "identified_on": date.fromisoformat(r["identified_on"]),
            "year": int(r["identified_on"][:4]),
            "province": r["prov"],
            "sex": r["sex"],
            "age": number(r["age"]),
            "citizenship": r["cit"],
            "role": "smuggled_migrant" if r["role"] == "smuggled" else r["role"],
            "case_type": r["case_type"],
            "trafficking_status": STATUS.get(r["status"] or ""),
            "exploitation": listed(r["expl"], EXPLOITATION),
            "assisted": r["assisted"] == "1",
            "referred": r["referred"] == "1",
        }
        for r in parse(VICTIMS)
    ]


def suspects() -> list[dict]:
    return [
        {
            "record_id": r["rec"],
            "person_id": 100 + int(r["rec"][1:]),
            "identity_key": r["identity"],
            "organisation": r["org"],
            "fir_id": int(r["fir"]),
            "province": r["prov"],
            "sex": r["sex"],
            "age": number(r["age"]),
            "citizenship": r["cit"],
            "suspected_year": number(r["suspected"]),
            "prosecuted_year": number(r["prosecuted"]),
            "convicted_year": number(r["convicted"]),
            "laws": listed(r["laws"]),
            "offence_codes": listed(r["codes"]),
        }
        for r in parse(SUSPECTS)
    ]


def offences() -> list[dict]:
    return [
        {
            "fir_id": int(r["fir"]),
            "organisation": r["org"],
            "year": int(r["year"]),
            "province": r["prov"],
            "law": r["law"],
            "offence_code": r["code"],
            "case_kind": schema.CASE_KIND_OF_LAW.get(r["law"], "other"),
            "prosecuted": r["prosecuted"] == "1",
        }
        for r in parse(OFFENCES)
    ]


def about(decimal: float):
    """A figure worked out by hand to 5 significant digits."""
    return pytest.approx(decimal, rel=1e-4)


def rate(n: int, population_: int) -> float:
    return n * 100_000 / population_


@pytest.fixture(scope="module")
def extract_dir(tmp_path_factory):
    directory = tmp_path_factory.mktemp("extract")
    for name, rows in (("victims", victims()), ("suspects", suspects()), ("offences", offences())):
        schema.write(directory, name, pa.Table.from_pylist(rows, schema=schema.TABLES[name]))
    return directory


@pytest.fixture(scope="module")
def report(extract_dir):
    return compute_all(extract_dir)


def figures(table, **where):
    row = table.row(**where)
    return row["persons"], row["records"]


# --- SDG 16.2.2 ---------------------------------------------------------------------------


def test_sdg_national_counts_each_person_once_a_year_and_once_in_the_period(report):
    table = report.table("sdg_16_2_2")
    assert report.years == [2022, 2023] and report.period == "2022–2023"
    # 2022: r01 r03 r04 r05 = 4 records of i1 i2 p5 = 3 persons
    row = table.row(year=2022)
    assert (row["persons"], row["records"], row["population"]) == (3, 4, PK)
    assert row["rate_persons"] == about(0.0012422)  # 3 / 241,499,431 × 100,000
    assert row["rate_records"] == pytest.approx(rate(4, PK))  # 0.0016563
    # 2023: r00 r06-r10 = 6 records of i1 p6 i3 p9 p10 = 5 persons
    assert figures(table, year=2023) == (5, 6)
    # i1 is in both years, once in the period: 7 persons, 10 records, no rate for a period
    total = table.row(year=TOTAL)
    assert figures(table, year=TOTAL) == (7, 10)
    assert total["rate_persons"] is None and "per year" in total["rate_note"]


def test_sdg_by_province_puts_a_person_in_their_earliest_known_province(report):
    table = report.table("sdg_16_2_2_province")
    # i1 (PB in r01, SD in r00) counts in Punjab in 2023 too; its r00 counts in Sindh as a record
    assert figures(table, year=2023, province="PK-PB") == (2, 2)  # i1 p6 | r06 r08
    assert figures(table, year=2023, province="PK-SD") == (1, 2)  # i3 | r00 r07
    assert figures(table, year=2022, province="PK-PB") == (2, 3)  # i1 i2 | r01 r03 r04
    assert figures(table, year=TOTAL, province="PK-PB") == (3, 5)  # i1 i2 p6
    row = table.row(year=2022, province="PK-PB")
    assert row["rate_persons"] == about(0.0015663)  # 2 / 127,688,922 × 100,000
    assert table.row(year=2023, province="PK-IS")["rate_persons"] == pytest.approx(rate(1, IS))
    assert table.row(year=2022, province="PK-KP")["rate_records"] == pytest.approx(rate(1, KP))
    unknown = table.row(year=2023, province="unknown")  # p9
    assert (unknown["persons"], unknown["rate_persons"]) == (1, None)
    assert "province not recorded" in unknown["rate_note"]
    assert table.row(year=2022, province="PK-SD")["persons"] == 0  # zero-filled
    assert table.meta["names"]["PK-PB"] == "Punjab"


def test_sdg_by_sex_uses_the_population_of_each_sex(report):
    table = report.table("sdg_16_2_2_sex")
    # 2023 persons: i1 p6 p10 female (i1 from r01, though r00 says unknown), i3 male, p9
    assert figures(table, year=2023, sex="female") == (3, 3)  # records r06 r08 r10
    assert table.row(year=2023, sex="female")["rate_persons"] == about(
        0.0025607  # 3 / 117,154,694 × 100,000
    )
    assert table.row(year=2023, sex="transgender")["rate_persons"] == about(
        4.9186956  # 1 / 20,331 × 100,000
    )
    assert figures(table, year=2023, sex="unknown") == (0, 1)  # r00 only, as a record
    assert table.row(year=2023, sex="unknown")["rate_note"] == "sex not recorded: no population"
    assert figures(table, year=2022, sex="male") == (1, 1)  # i2 | r04
    assert table.row(year=2022, sex="male")["rate_records"] == pytest.approx(rate(1, MALE))
    assert figures(table, year=TOTAL, sex="female") == (4, 5)  # i1 p5 p6 p10
    assert figures(table, year=TOTAL, sex="male") == (2, 2)  # i2 i3 | r04 r07


def test_sdg_by_age_has_counts_and_says_why_there_is_no_rate(report):
    table = report.table("sdg_16_2_2_age")
    assert figures(table, year=2023, age_group="0-17") == (2, 2)  # i1 p6 | r00 r06
    assert figures(table, year=2023, age_group="18+") == (2, 3)  # i3 p10 | r07 r08 r10
    assert figures(table, year=TOTAL, age_group="unknown") == (1, 2)  # p9 | r03 r09
    row = table.row(year=2023, age_group="0-17")
    assert row["rate_persons"] is None and row["population"] is None
    assert "no population of PK by age group" in row["rate_note"]


def test_an_age_population_csv_makes_the_age_rates_appear(extract_dir, tmp_path):
    csv = tmp_path / "age.csv"
    csv.write_text(
        "area_code,age_group,population,source\nPK,0-17,100000000,test\nPK,18+,141499431,test\n"
    )
    report = compute_all(extract_dir, denominators=population.load(extra=[csv]))
    table = report.table("sdg_16_2_2_age")
    row = table.row(year=2023, age_group="0-17")
    assert row["population"] == 100_000_000
    assert row["rate_persons"] == pytest.approx(0.002)  # 2 / 100,000,000 × 100,000
    assert row["rate_note"] is None
    assert table.row(year=2023, age_group="18+")["rate_records"] == pytest.approx(
        rate(3, 141_499_431)
    )
    assert table.row(year=2023, age_group="unknown")["rate_persons"] is None


def test_population_csv_errors_name_the_line(tmp_path):
    csv = tmp_path / "age.csv"
    csv.write_text("area_code,age_group,population\nPK,0-17,many\n")
    with pytest.raises(ValueError, match=r"age.csv line 2: population"):
        population.load(extra=[csv])
    csv.write_text("area_code,age_group,population\nPK,children,5\n")
    with pytest.raises(ValueError, match=r"line 2: age_group must be one of 0-17, 18\+"):
        population.load(extra=[csv])
    shipped = population.load()
    assert (shipped.get("PK"), shipped.get("PK-PB"), shipped.get("PK", "female")) == (
        PK,
        PB,
        FEMALE,
    )
    assert shipped.get("PK", None, "0-17") is None


def test_sdg_by_form_of_exploitation(report):
    table = report.table("sdg_16_2_2_form")
    # r05 names sexual exploitation and forced labour: mixed; r04's forced and child labour
    # are both forced labour: not mixed
    assert figures(table, year=2022, form="mixed") == (1, 1)
    assert figures(table, year=2022, form="forced_labour") == (1, 1)  # i2 | r04
    assert figures(table, year=2023, form="forced_labour") == (0, 1)  # r00 (i1 is sexual)
    assert figures(table, year=2023, form="sexual_exploitation") == (1, 0)  # i1, from r01
    assert table.row(year=2022, form="mixed")["rate_persons"] == pytest.approx(rate(1, PK))
    assert figures(table, year=TOTAL, form="forced_criminal_activity") == (0, 0)


# --- UNODC GLOTIP -------------------------------------------------------------------------


def test_glotip_victims_by_sex_age_form_and_citizenship(report):
    sex = report.table("glotip_victims_sex")
    assert [r["sex"] for r in sex.records() if r["year"] == TOTAL] == [
        "female",
        "male",
        "other_unknown",
    ]
    # other/unknown: transgender p9 (r09) and the unknown sex of r00 and r03
    assert figures(sex, year=TOTAL, sex="other_unknown") == (1, 3)
    assert figures(sex, year=2022, sex="other_unknown") == (0, 1)  # r03 (i2 is male)
    age = report.table("glotip_victims_age")
    assert figures(age, year=TOTAL, age_group="0-17") == (2, 3)  # i1 p6 | r01 r00 r06
    assert figures(age, year=TOTAL, age_group="18+") == (4, 5)  # i2 p5 i3 p10 | r04 r05 r07 r08 r10
    both = report.table("glotip_victims_sex_age")
    assert figures(both, year=TOTAL, sex="female", age_group="0-17") == (2, 2)  # i1 p6 | r01 r06
    assert figures(both, year=TOTAL, sex="female", age_group="18+") == (
        2,
        3,
    )  # p5 p10 | r05 r08 r10
    assert figures(both, year=TOTAL, sex="male", age_group="18+") == (2, 2)  # i2 i3 | r04 r07
    assert figures(both, year=TOTAL, sex="other_unknown", age_group="0-17") == (0, 1)  # r00
    assert figures(both, year=TOTAL, sex="other_unknown", age_group="unknown") == (1, 2)  # p9
    form = report.table("glotip_victims_form")
    assert [r["form"] for r in form.records() if r["year"] == TOTAL] == list(codes.FORMS)
    totals = {r["form"]: (r["persons"], r["records"]) for r in form.records() if r["year"] == TOTAL}
    assert totals == {
        "sexual_exploitation": (1, 1),  # i1 | r01
        "forced_labour": (1, 2),  # i2 | r00 r04
        "forced_criminal_activity": (0, 0),
        "begging": (1, 1),  # p6
        "forced_marriage": (1, 1),  # i3 | r07
        "organ_removal": (0, 1),  # r08: i3 counts from r07
        "mixed": (1, 1),  # p5
        "other": (1, 1),  # p9 surrogacy
        "unknown": (1, 2),  # p10 | r03 r10
    }
    cit = report.table("glotip_victims_citizenship")
    assert [r["citizenship"] for r in cit.records() if r["year"] == TOTAL] == [
        "AF",
        "IN",
        "PK",
        "unknown",
    ]
    assert figures(cit, year=TOTAL, citizenship="PK") == (4, 6)  # i1 p5 p6 i3 | r01 r00 r05-r08
    assert figures(cit, year=TOTAL, citizenship="unknown") == (1, 2)  # p10 | r03 r10


def test_glotip_persons_suspected_prosecuted_convicted(report):
    sex = report.table("glotip_persons_sex")
    # suspected: j1 (s1 male, s0 female: male), j2 (s2 unknown, s5 male), j3 female
    assert figures(sex, stage="suspected", year=2023, sex="male") == (2, 1)  # j1 j2 | s5
    assert figures(sex, stage="suspected", year=2023, sex="female") == (1, 2)  # j3 | s0 s4
    assert figures(sex, stage="suspected", year=TOTAL, sex="male") == (2, 2)  # s1 s5
    assert figures(sex, stage="suspected", year=TOTAL, sex="other_unknown") == (0, 1)  # s2
    # prosecuted: s1 2022; s2 and s5 2023, both j2: one person, two records
    assert figures(sex, stage="prosecuted", year=2023, sex="male") == (1, 1)
    assert figures(sex, stage="prosecuted", year=2023, sex="other_unknown") == (0, 1)
    assert figures(sex, stage="prosecuted", year=TOTAL, sex="male") == (2, 2)  # j1 j2 | s1 s5
    assert figures(sex, stage="convicted", year=2023, sex="male") == (2, 2)  # j1 j2 | s1 s5
    assert figures(sex, stage="convicted", year=2022, sex="male") == (0, 0)
    age = report.table("glotip_persons_age")
    assert figures(age, stage="suspected", year=TOTAL, age_group="0-17") == (1, 1)  # j3
    assert figures(age, stage="suspected", year=TOTAL, age_group="18+") == (2, 3)  # s1 s0 s5
    cit = report.table("glotip_persons_citizenship")
    assert figures(cit, stage="suspected", year=TOTAL, citizenship="AF") == (1, 2)  # j2
    assert figures(cit, stage="suspected", year=TOTAL, citizenship="PK") == (2, 2)  # j1 j3
    law = report.table("glotip_persons_law")
    # a person counts under every law of their FIRs: j1 PTPA (2022) and PSMA (2023)
    assert figures(law, stage="suspected", year=2022, law="PTPA_2018") == (2, 2)
    assert figures(law, stage="suspected", year=2023, law="PSMA_2018") == (3, 3)
    assert figures(law, stage="suspected", year=TOTAL, law="PTPA_2018") == (2, 2)
    assert figures(law, stage="suspected", year=TOTAL, law="PSMA_2018") == (3, 3)
    assert figures(law, stage="suspected", year=TOTAL, law="PA_1974") == (0, 0)
    assert figures(law, stage="convicted", year=2023, law="PSMA_2018") == (1, 1)  # j2 in s5


def test_glotip_offences_by_law_and_code(report):
    table = report.table("glotip_offences")
    rows = {
        (r["year"], r["law"], r["offence_code"]): (r["offences"], r["firs"])
        for r in table.records()
    }
    assert rows[(2023, "PSMA_2018", "PSMA-3")] == (2, 2)  # FIRs 102 and 103
    assert rows[(2022, "PTPA_2018", "PTPA-3")] == (1, 1)
    assert rows[(2022, "PSMA_2018", "PSMA-3")] == (0, 0)
    assert rows[(TOTAL, "PPC", "PPC-370")] == (1, 1)
    assert len(rows) == 3 * 6  # 2022, 2023, total × six law and code pairs seen


# --- GCM ----------------------------------------------------------------------------------


def panel(report, id_):
    return {
        (r["year"], r["measure"]): (r["persons"], r["records"], r["firs"])
        for r in report.table(id_).records()
    }


def test_gcm_objective_9(report):
    gcm = panel(report, "gcm_objective_9")
    assert gcm[(2022, "smuggled_migrants_identified")] == (2, 2, None)  # i4 i3 | r14 r17
    assert gcm[(2023, "smuggled_migrants_identified")] == (2, 2, None)  # i4 p16 | r15 r16
    assert gcm[(TOTAL, "smuggled_migrants_identified")] == (3, 4, None)
    assert gcm[(2022, "smuggled_migrants_assisted")] == (2, 2, None)  # r14 r17
    assert gcm[(2023, "smuggled_migrants_assisted")] == (0, 0, None)
    assert gcm[(TOTAL, "smuggled_migrants_assisted")] == (2, 2, None)
    assert gcm[(2023, "smuggling_cases_investigated")] == (None, None, 3)  # FIRs 102 103 104
    assert gcm[(2023, "smuggling_cases_prosecuted")] == (None, None, 1)  # FIR 103
    assert gcm[(2022, "smuggling_cases_investigated")] == (None, None, 0)


def test_gcm_objective_10(report):
    gcm = panel(report, "gcm_objective_10")
    assert gcm[(2022, "trafficking_cases_investigated")] == (None, None, 1)  # FIR 101
    assert gcm[(2022, "trafficking_cases_prosecuted")] == (None, None, 1)
    assert gcm[(TOTAL, "trafficking_cases_investigated")] == (None, None, 2)  # 101 104
    assert gcm[(TOTAL, "trafficking_cases_prosecuted")] == (None, None, 1)
    assert gcm[(TOTAL, "victims_identified")] == (7, 10, None)
    # assisted: r01 r03 r05 in 2022 (i1 i2 p5); r06 r08 r10 in 2023 (p6 i3 p10): i1's
    # 2023 record was not assisted, so i1 is not among 2023's assisted persons
    assert gcm[(2022, "victims_assisted")] == (3, 3, None)
    assert gcm[(2023, "victims_assisted")] == (3, 3, None)
    assert gcm[(TOTAL, "victims_assisted")] == (6, 6, None)
    # referred: r01 r04 r05 (i1 i2 p5), r10 (p10)
    assert gcm[(2022, "victims_referred")] == (3, 3, None)
    assert gcm[(2023, "victims_referred")] == (1, 1, None)
    assert gcm[(TOTAL, "victims_referred")] == (4, 4, None)


# --- CTDC ---------------------------------------------------------------------------------


def test_ctdc_percentages_count_only_those_with_the_information(report):
    sex = report.table("ctdc_sex").row(year=TOTAL, sex="female")
    # persons: 4 female of 7 with a known sex; records: 5 of 8 (r00 r03 unknown)
    assert (sex["persons"], sex["persons_n"]) == (4, 7)
    assert sex["persons_percent"] == about(57.142857)
    assert (sex["records"], sex["records_n"], sex["records_percent"]) == (5, 8, 62.5)
    assert "unknown" not in {r["sex"] for r in report.table("ctdc_sex").records()}
    age = report.table("ctdc_age").row(year=TOTAL, age_group="0-17")
    assert (age["persons"], age["persons_n"]) == (2, 6)  # p9's age unknown
    assert age["persons_percent"] == about(33.333333)
    assert (age["records_n"], age["records_percent"]) == (8, 37.5)  # 3 of 8
    expl = report.table("ctdc_exploitation")
    # persons with a known type: i1 i2 p5 p6 i3 p9 (6, not p10); p5 counts in two
    forced = expl.row(year=TOTAL, exploitation="ForcedLabour")
    assert (forced["persons"], forced["persons_n"]) == (2, 6)  # i2 p5
    assert (forced["records"], forced["records_n"], forced["records_percent"]) == (3, 8, 37.5)
    assert expl.row(year=TOTAL, exploitation="OrganRemoval")["persons_percent"] == 0
    shares = sum(r["persons_percent"] for r in expl.records() if r["year"] == TOTAL)
    assert shares == pytest.approx(8 / 6 * 100)  # more than 100: several types a victim
    cit = report.table("ctdc_citizenship").row(year=TOTAL, citizenship="PK")
    assert (cit["persons_n"], cit["persons_percent"]) == (6, about(66.666667))
    assert (cit["records_n"], cit["records_percent"]) == (8, 75.0)
    year = report.table("ctdc_sex").row(year=2022, sex="male")
    assert (year["persons_n"], year["records_n"]) == (3, 3)  # r03's sex unknown


# --- filters ------------------------------------------------------------------------------


def test_year_filter_takes_attributes_from_the_filtered_records_only(extract_dir):
    report = compute_all(extract_dir, Filters(year_from=2023))
    assert report.years == [2023]
    sex = report.table("sdg_16_2_2_sex")
    # without 2022, i1 has only r00 (sex unknown): female 2023 are p6 p10 only
    assert figures(sex, year=2023, sex="female") == (2, 3)
    assert figures(sex, year=2023, sex="unknown") == (1, 1)
    assert figures(report.table("sdg_16_2_2"), year=TOTAL) == (5, 6)
    gcm = panel(report, "gcm_objective_10")
    assert gcm[(TOTAL, "trafficking_cases_investigated")] == (None, None, 1)  # FIR 104
    # the year filter applies to each stage's own year: s1 was prosecuted in 2022
    law = report.table("glotip_persons_sex")
    assert figures(law, stage="prosecuted", year=TOTAL, sex="male") == (1, 1)  # j2 | s5


def test_province_filter_uses_the_province_population(extract_dir):
    report = compute_all(extract_dir, Filters(province="PK-PB"))
    national = report.table("sdg_16_2_2")
    # Punjab records: r01 r03 r04 (i1 i2) in 2022, r06 r08 (p6 i3) in 2023
    row = national.row(year=2022)
    assert (row["persons"], row["records"], row["population"]) == (2, 3, PB)
    assert row["rate_persons"] == about(0.0015663)  # 2 / 127,688,922 × 100,000
    assert "PK-PB" in national.note
    sex = report.table("sdg_16_2_2_sex").row(year=2023, sex="female")
    # i3's only Punjab record, r08, says female
    assert (sex["persons"], sex["rate_persons"]) == (2, None)
    assert sex["rate_note"] == "no population of PK-PB by sex"
    gcm = panel(report, "gcm_objective_9")
    assert gcm[(TOTAL, "smuggled_migrants_identified")] == (1, 2, None)  # i4 | r14 r15
    assert gcm[(TOTAL, "smuggling_cases_investigated")] == (None, None, 2)  # 103 104
    assert figures(
        report.table("glotip_persons_sex"), stage="suspected", year=TOTAL, sex="male"
    ) == (2, 2)


def test_organisation_filter(extract_dir):
    report = compute_all(extract_dir, Filters(organisation="FIA"))
    # FIA's victims: r00 (i1, sex unknown there), r06 (p6), r07 (i3)
    assert figures(report.table("sdg_16_2_2"), year=TOTAL) == (3, 3)
    assert figures(report.table("sdg_16_2_2_sex"), year=2023, sex="unknown") == (1, 1)
    assert "organisation FIA" in report.table("sdg_16_2_2").note
    gcm = panel(report, "gcm_objective_9")
    assert gcm[(TOTAL, "smuggled_migrants_identified")] == (3, 3, None)  # r14 r16 r17
    assert gcm[(2023, "smuggling_cases_investigated")] == (None, None, 2)  # 103 104
    sex = report.table("glotip_persons_sex")
    assert figures(sex, stage="suspected", year=TOTAL, sex="female") == (1, 1)  # s4 (s0 is POL)


# --- result types, schema, synthetic ------------------------------------------------------


def test_report_serialises_and_says_which_count_is_deduplicated(report):
    data = json.loads(json.dumps(report.to_dict()))
    assert len(data["tables"]) == len(report.tables) == 21
    table = report.table("glotip_victims_sex")
    dedup = {c.name: c.deduplicated for c in table.columns}
    assert dedup == {"year": None, "sex": None, "persons": True, "records": False}
    assert "earliest record" in table.note and "2022–2023" in table.note
    assert table.to_csv().splitlines()[0] == "year,sex,persons,records"
    with pytest.raises(KeyError, match="no table"):
        report.table("nope")


def test_code_lists_follow_htcds():
    assert set(schema.EXPLOITATION) == set(htcds.code_list("vic_TypeOfExploitation"))
    assert set(codes.FORM_OF_HTCDS) == set(schema.EXPLOITATION)
    assert set(schema.TRAFFICKING_STATUSES) == set(htcds.code_list("vic_TraffickingStatus"))


def test_schema_check_names_the_column(tmp_path):
    rows = [dict(victims()[0], sex="woman")]
    with pytest.raises(ValueError, match=r"victims.sex: woman not in the code list"):
        schema.write(tmp_path, "victims", pa.Table.from_pylist(rows))
    rows = [dict(victims()[0], exploitation=["Fishing"])]
    with pytest.raises(ValueError, match=r"victims.exploitation: Fishing"):
        schema.write(tmp_path, "victims", pa.Table.from_pylist(rows))
    rows = [{k: v for k, v in offences()[0].items() if k != "law"}]
    with pytest.raises(ValueError, match=r"offences: missing column\(s\) law"):
        schema.write(tmp_path, "offences", pa.Table.from_pylist(rows))
    with pytest.raises(FileNotFoundError, match="extract incomplete"):
        Extract(tmp_path)
    assert all(doc for _, _, doc in schema.docs("suspects"))


def test_an_extract_written_without_the_check_is_checked_when_read(extract_dir, tmp_path):
    for name in schema.TABLES:
        (tmp_path / f"{name}.parquet").write_bytes(schema.path(extract_dir, name).read_bytes())
    laws = [dict(r, laws=["ptpa_2018"]) for r in suspects()]  # the app's spelling
    pq.write_table(
        pa.Table.from_pylist(laws, schema=schema.SUSPECTS), tmp_path / "suspects.parquet"
    )
    with pytest.raises(ValueError, match=r"suspects.laws: ptpa_2018 not in the code list"):
        compute_all(tmp_path)
    schema.write(tmp_path, "suspects", pa.Table.from_pylist(suspects(), schema=schema.SUSPECTS))
    old = [dict(r, identified_on=date(1950, 1, 1), year=1950) for r in victims()[:1]]
    schema.write(tmp_path, "victims", pa.Table.from_pylist(old + victims(), schema=schema.VICTIMS))
    with pytest.raises(ValueError, match="from 1950 to 2023: at most 64 years"):
        compute_all(tmp_path)
    assert compute_all(tmp_path, Filters(year_from=2000)).years == [2022, 2023]


def test_synthetic_extract_has_duplicates_and_computes(tmp_path):
    written = synthetic.write(tmp_path, 3000, seed=7)
    assert written["victims"] == 3000 and written["suspects"] == 750
    report = compute_all(tmp_path)
    national = report.table("sdg_16_2_2")
    total = national.row(year=TOTAL)
    assert 0 < total["persons"] < total["records"]  # some persons registered more than once
    for row in national.records():  # a person counted in a year has a record that year
        assert row["persons"] <= row["records"]
    years = [national.row(year=y)["persons"] for y in report.years]
    assert max(years) <= total["persons"] <= sum(years)
    again = synthetic.victims(3000, seed=7)
    assert again.equals(synthetic.victims(3000, seed=7))  # seeded
