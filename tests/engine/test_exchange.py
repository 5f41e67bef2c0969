"""engine.exchange: reading files, mapping headers and checking every value, without Django."""

from __future__ import annotations

import csv
import json
from datetime import date

import pytest
from openpyxl import Workbook

from tipsom.engine.exchange import formats, readers
from tipsom.engine.exchange.problems import FileProblem
from tipsom.engine.exchange.record import RecordChecker, field_for

TODAY = date(2026, 11, 29)


def _csv(path, rows, delimiter=",", encoding="utf-8"):
    with path.open("w", newline="", encoding=encoding) as handle:
        csv.writer(handle, delimiter=delimiter).writerows(rows)
    return path


def _rows(path, name, **kw):
    return list(formats.Pipeline(path, formats.get(name), today=TODAY, **kw).rows())


GOOD = [
    "r1",
    "Ayesha",
    "Bibi",
    "2001-04-02",
    "Feminine",
    "PK;AF",
    "0300 1234567",
    "Actual Victim of Trafficking",  # the label is read as its code
    "NGO",
    "DebtBondage ;false promises",
    "Active",
]
HEADER = [
    "record_id",
    "prs_First_Name",  # the XLSForm's spelling
    "prs_SecondName",
    "prs_Birthdate",
    "prs_Gender",
    "prs_Citizenship",
    "prs_MobilePhone",
    "vic_TraffickingStatus",
    "vic_TraffickinStatusDecisionMakingOrg",  # the template's typo
    "vic_MethodsOfControl",
    "cas_Status",
]


def test_a_good_htcds_row_comes_out_clean(tmp_path):
    [row] = _rows(_csv(tmp_path / "a.csv", [HEADER, GOOD]), "htcds-csv")
    assert row.ok, row.problems
    assert row.record_id == "r1"
    assert row.record == {
        "prs_FirstName": "Ayesha",
        "prs_SecondName": "Bibi",
        "prs_Birthdate": date(2001, 4, 2),
        "prs_Gender": "Feminine",
        "prs_Citizenship": ["PK", "AF"],
        "prs_MobilePhone": "+923001234567",
        "vic_TraffickingStatus": "ActualVictimOfTrafficking",
        "vic_TraffickingStatusDecisionMakingOrg": "NGO",
        "vic_MethodsOfControl": ["DebtBondage", "FalsePromises"],
        "cas_Status": "Active",
    }


@pytest.mark.parametrize(
    ("column", "value", "reason", "allowed"),
    [
        ("prs_Gender", "female", "not a code of this list", "Feminine, Masculine"),
        ("prs_Birthdate", "02/04/2001", "not a date", "YYYY-MM-DD"),
        ("prs_Birthdate", "2027-01-01", "in the future", ""),
        ("prs_Citizenship", "PK;Pakistan", "not a country code", "ISO 3166"),
        ("prs_MobilePhone", "12345", "not a valid phone number", "E.164"),
        ("vic_MethodsOfControl", "DebtBondage;Beatings", "not a code of this list", "DebtBondage"),
    ],
)
def test_each_bad_value_is_named_with_what_is_allowed(tmp_path, column, value, reason, allowed):
    row = dict(zip(HEADER, GOOD, strict=True))
    row[column] = value
    [checked] = _rows(_csv(tmp_path / "b.csv", [HEADER, [row[h] for h in HEADER]]), "htcds-csv")
    [problem] = checked.problems
    assert (problem.row, problem.column, problem.value) == (1, column, value)
    assert reason in problem.reason and allowed in problem.allowed
    assert str(problem).startswith(f"row 1, {column}")


def test_cross_field_rules_and_required_name(tmp_path):
    header = ["id", "prs_FirstName", "prs_Birthdate", "vic_AgeWhenTrafficked", "cas_Status"]
    rows = [
        header,
        ["a", "Saima", "2010-01-01", "40", "Active"],
        ["b", "", "2000-01-01", "", "Active"],
        ["c", "Hina", "", "", "Closed"],
    ]
    checked = _rows(_csv(tmp_path / "c.csv", rows), "htcds-csv")
    reasons = [[p.reason for p in c.problems] for c in checked]
    assert "older than the person is today" in reasons[0][0]
    assert "first or second name is required" in reasons[1][0]
    assert "closed case needs its reason" in reasons[2][0]


def test_duplicate_ids_and_missing_ids_are_problems(tmp_path):
    rows = [["id", "prs_FirstName"], ["x", "Ali"], ["", "Bilal"], ["x", "Asif"]]
    checked = _rows(_csv(tmp_path / "d.csv", rows), "htcds-csv")
    assert checked[0].ok
    assert "needs its id" in checked[1].problems[0].reason
    assert "same record as row 1" in checked[2].problems[0].reason


def test_files_without_an_id_column_get_ids_from_their_content(tmp_path):
    rows = [["prs_FirstName", "prs_SecondName"], ["Ali", "Raza"], ["Asif", "Khan"]]
    first = [c.record_id for c in _rows(_csv(tmp_path / "e.csv", rows), "htcds-csv")]
    again = [c.record_id for c in _rows(_csv(tmp_path / "f.csv", rows), "htcds-csv")]
    assert first == again and len(set(first)) == 2 and first[0].startswith("sha256:")


def test_semicolon_delimited_and_bom_files_are_read(tmp_path):
    path = _csv(tmp_path / "g.csv", [HEADER, GOOD], delimiter=";", encoding="utf-8-sig")
    [row] = _rows(path, "htcds-csv")
    assert row.record["prs_FirstName"] == "Ayesha"


def test_a_file_in_another_encoding_is_refused_with_a_hint(tmp_path):
    path = _csv(tmp_path / "h.csv", [["prs_FirstName"], ["Zoë Müller"]] * 50, encoding="cp1252")
    with pytest.raises(FileProblem) as error:
        _rows(path, "htcds-csv")
    assert "not UTF-8" in str(error.value) and "line 2" in str(error.value)
    # With the right encoding it reads.
    [first, *_] = _rows(path, "htcds-csv", options={"encoding": "cp1252"})
    assert first.record["prs_FirstName"] == "Zoë Müller"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\n\n", "first line is blank"),
        (b"name,age\nAli,3\n", "no column is an HTCDS field"),
        (b"prs_FirstName,prs_FirstName\nA,B\n", "appears twice"),
        (b"prs_FirstName\nAli,extra,cells\n", "has 3 cells"),
    ],
)
def test_broken_csv_files_say_what_is_wrong(tmp_path, content, message):
    path = tmp_path / "broken.csv"
    path.write_bytes(content)
    with pytest.raises(FileProblem) as error:
        _rows(path, "htcds-csv")
    assert message in str(error.value)


def test_xlsx_cells_become_text_and_dates(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append([])  # a blank row above the header
    sheet.append(["id", "prs_FirstName", "prs_Birthdate", "prs_NumberOfChildren"])
    sheet.append([7, "Nasreen", date(1990, 5, 1), 2.0])
    path = tmp_path / "a.xlsx"
    book.save(path)
    [row] = _rows(path, "htcds-xlsx")
    assert row.record_id == "7"
    assert row.record == {
        "prs_FirstName": "Nasreen",
        "prs_Birthdate": date(1990, 5, 1),
        "prs_NumberOfChildren": 2,
    }


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("prs_FirstName\nAli\n")
    with pytest.raises(FileProblem) as error:
        _rows(path, "htcds-xlsx")
    assert "not an XLSX workbook" in str(error.value)


def test_kobo_api_json_with_groups_and_space_separated_choices(tmp_path):
    page = {
        "count": 2,
        "next": None,
        "previous": None,
        "results": [
            {
                "_id": 101,
                "_uuid": "u-1",
                "formhub/uuid": "f",
                "group_person/prs_First_Name": "Rukhsana",
                "group_person/prs_Gender": "Feminine",
                "vic_Methods_of_Control": "DebtBondage  WithholdsDocuments",
                "_attachments": [],
                "_geolocation": [None, None],
            },
            {"_id": 102, "_uuid": "u-2", "group_person": {"prs_First_Name": "Kiran"}},
        ],
    }
    path = tmp_path / "kobo.json"
    path.write_text(json.dumps(page))
    pipeline = formats.Pipeline(path, formats.get("kobo-json"), today=TODAY)
    first, second = pipeline.rows()
    assert pipeline.id_column == "_uuid"
    assert first.record_id == "u-1" and first.ok
    assert first.record["vic_MethodsOfControl"] == ["DebtBondage", "WithholdsDocuments"]
    assert second.record == {"prs_FirstName": "Kiran"}


def test_odk_csv_reads_key_and_dash_groups(tmp_path):
    rows = [
        ["SubmissionDate", "grp-prs_First_Name", "meta-instanceID", "KEY", "ReviewState"],
        ["2026-01-02T10:00:00Z", "Farzana", "uuid:1", "uuid:1", ""],
    ]
    pipeline = formats.Pipeline(_csv(tmp_path / "odk.csv", rows), formats.get("odk-csv"))
    [row] = pipeline.rows()
    assert (row.record_id, row.record) == ("uuid:1", {"prs_FirstName": "Farzana"})
    assert "SubmissionDate" in pipeline.ignored


@pytest.mark.parametrize(
    "content",
    [b"{not json", b'{"count": 0}', b"[1, 2]"],
)
def test_broken_json_is_refused(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    with pytest.raises(FileProblem):
        _rows(path, "htcds-json")


def test_json_is_streamed_not_loaded(tmp_path):
    path = tmp_path / "many.json"
    with path.open("w") as handle:
        handle.write("[")
        handle.write(
            ",".join(json.dumps({"id": str(i), "prs_FirstName": "A"}) for i in range(3000))
        )
        handle.write("]")
    rows = readers.read_json(path)
    assert next(rows) == (1, {"id": "0", "prs_FirstName": "A"})
    assert sum(1 for _ in rows) == 2999


def test_header_matching_ignores_case_groups_and_toolkit_spellings():
    assert field_for("PRS_FIRSTNAME") == "prs_FirstName"
    assert field_for("group_a/group_b/vic_Methods_of_Control") == "vic_MethodsOfControl"
    assert field_for("grp-prs_Gender") == "prs_Gender"
    assert field_for("vic_MethodsOfControl/DebtBondage") is None  # Kobo's option columns
    checker = RecordChecker(["prs_FirstName", "notes"])
    assert checker.ignored == ["notes"]


def test_unknown_format_is_named():
    with pytest.raises(FileProblem) as error:
        formats.get("spss")
    assert "htcds-csv" in str(error.value)
