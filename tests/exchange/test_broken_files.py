"""Files as partners really send them, broken in the usual ways, through the web upload (a
data officer signed in) and through `tipsom import`. Each gives a message saying what is
wrong and what to do, and never a 500 or a traceback."""

from __future__ import annotations

import base64
import html
import io
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook

from tests import factories, worlds
from tipsom.core.models import Job
from tipsom.exchange.models import ImportBatch

HEADER = "record_id,prs_FirstName,prs_SecondName,prs_Gender,cas_Status"


@pytest.fixture
def w(db):
    return worlds.exchange_world()


def _csv(*lines: str, encoding: str = "utf-8") -> bytes:
    return "\n".join([*lines, ""]).encode(encoding)


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _zip_but_no_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def _sheet_cut_in_half() -> bytes:
    """A workbook whose sheet breaks off in the middle (a copy interrupted, a bad repair)."""
    good = _xlsx([HEADER.split(","), *[[f"k{n}", "Shazia", "Parveen"] for n in range(100)]])
    source, buffer = zipfile.ZipFile(io.BytesIO(good)), io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for item in source.infolist():
            content = source.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            archive.writestr(item, content)
    return buffer.getvalue()


@dataclass(frozen=True)
class Broken:
    id: str
    name: str
    data: bytes
    format: str
    says: tuple[str, ...]  # what the message must say (all of it)
    whole_file: bool = True  # the file is refused, not some of its rows
    # The refused values: shown on the page; the command prints no values (personal data).
    values: tuple[str, ...] = ()
    marks: tuple = field(default=())

    def param(self):
        return pytest.param(self, id=self.id, marks=self.marks)


CP1252 = _csv(
    HEADER,
    "k1,Shazia,Parveen,Feminine,Active",
    "k2,Zoë,Café,Feminine,Active",
    encoding="cp1252",
)

BROKEN = [
    Broken(
        "cp1252-csv",
        "register.csv",
        CP1252,
        "htcds-csv",
        ("not UTF-8 text", "line 3", "CSV UTF-8"),
    ),
    Broken(
        "blank-first-line",
        "register.csv",
        _csv("", HEADER, "k1,Shazia,Parveen,Feminine,Active"),
        "htcds-csv",
        ("first line is blank",),
    ),
    Broken(
        "no-header-row",
        "register.csv",
        _csv("k1,Shazia,Parveen,Feminine,Active", "k2,Samina,Yousaf,Feminine,Active"),
        "htcds-csv",
        ("no column is an HTCDS field", "prs_FirstName"),
    ),
    Broken(
        "header-without-htcds-fields",
        "register.csv",
        _csv("Name,Father,Gender,Status", "Shazia,Ghulam,F,Open"),
        "htcds-csv",
        ("no column is an HTCDS field", "header row must name fields"),
    ),
    Broken(
        "empty-header-cells",
        "register.csv",
        _csv(",,,,", "k1,Shazia,Parveen,Feminine,Active"),
        "htcds-csv",
        ("first row is empty", "column names"),
    ),
    Broken(
        "twice-the-same-column",
        "register.csv",
        _csv("record_id,prs_FirstName,prs_FirstName", "k1,Shazia,Shazia"),
        "htcds-csv",
        ("'prs_FirstName' appears twice",),
    ),
    Broken(
        "more-cells-than-columns",
        "register.csv",
        _csv(HEADER, "k1,Shazia,Parveen,Feminine,Active,Lahore,Punjab"),
        "htcds-csv",
        ("row 1 has 7 cells", "5 columns", "delimiter"),
    ),
    Broken(
        "unknown-codes",
        "register.csv",
        _csv(
            HEADER + ",vic_TypeOfExploitation",
            "k1,Shazia,Parveen,Woman,Open,ForcedLabour;Kidnapping",
        ),
        "htcds-csv",
        (
            "prs_Gender",
            "not a code of this list",
            "Feminine, Masculine",
            "cas_Status",
            "Active, FollowUp, Closed, ClosedReferred",
            "vic_TypeOfExploitation",
        ),
        whole_file=False,
        values=("Woman", "Open", "ForcedLabour;Kidnapping"),
    ),
    Broken(
        "dates-in-the-future",
        "register.csv",
        _csv(
            "record_id,prs_FirstName,prs_Birthdate,tipsom_opened_on",
            "k1,Shazia,2999-01-01,2998-05-05",
        ),
        "htcds-csv",
        ("prs_Birthdate", "in the future (today is", "tipsom_opened_on"),
        whole_file=False,
        values=("2999-01-01", "2998-05-05"),
    ),
    Broken(
        "csv-named-xlsx",
        "register.xlsx",
        _csv(HEADER, "k1,Shazia,Parveen,Feminine,Active"),
        "htcds-xlsx",
        ("not an XLSX workbook", "Excel Workbook"),
    ),
    Broken(
        "zip-named-xlsx",
        "register.xlsx",
        _zip_but_no_workbook(),
        "htcds-xlsx",
        ("workbook cannot be read",),
    ),
    Broken(
        "xlsx-sheet-cut-in-half",
        "register.xlsx",
        _sheet_cut_in_half(),
        "htcds-xlsx",
        ("workbook cannot be read",),
    ),
    Broken(
        "csv-as-json",
        "register.json",
        _csv(HEADER, "k1,Shazia,Parveen,Feminine,Active"),
        "htcds-json",
        ("not valid JSON",),
    ),
    Broken(
        "json-without-records",
        "register.json",
        b'{"standard": "HTCDS 2.0"}',
        "htcds-json",
        ("no records found", "records"),
    ),
]


# --- through the web -----------------------------------------------------------------------


def _form(w, name: str, data: bytes, fmt: str, *, dry_run: bool = True) -> dict:
    form = {
        "file": SimpleUploadedFile(name, data),
        "format": fmt,
        "organisation": w["org_a"].pk,
        "source_system": "partner register",
    }
    return {**form, "dry_run": "on"} if dry_run else form


def _upload(client, w, capture, name: str, data: bytes, fmt: str, **kw):
    """Upload as the data officer, let the import job run, return (batch, page text)."""
    factories.sign_in(client, w["a_dataofficer"])
    known = set(ImportBatch.objects.values_list("pk", flat=True))
    with capture(execute=True):
        response = client.post(reverse("exchange:import_new"), _form(w, name, data, fmt, **kw))
    assert response.status_code == 302, response.content.decode()[-2000:]
    batch = ImportBatch.objects.exclude(pk__in=known).get()
    assert response["Location"] == reverse("exchange:import_detail", args=[batch.pk])
    page = client.get(response["Location"])
    assert page.status_code == 200
    return batch, html.unescape(page.content.decode())


@pytest.mark.parametrize("broken", [b.param() for b in BROKEN])
def test_a_broken_file_uploaded_says_what_is_wrong(
    client, w, django_capture_on_commit_callbacks, broken
):
    batch, page = _upload(
        client, w, django_capture_on_commit_callbacks, broken.name, broken.data, broken.format
    )
    for text in (*broken.says, *broken.values):
        assert text in page, (text, page[page.find("<main") :][:3000])
    job = Job.objects.get(pk=batch.job_id)
    assert "internal error" not in page
    if broken.whole_file:
        assert batch.status == "failed" and job.status == "failed"
        assert broken.says[0] in job.messages[-1]["text"]
        assert broken.says[0] in batch.notes[-1]
        assert not batch.rows.exists()
    else:
        assert batch.status == "checked" and job.status == "succeeded"
        assert batch.counts == {"rejected": 1}


def test_an_empty_file_uploaded_is_refused_by_the_form(client, w):
    factories.sign_in(client, w["a_dataofficer"])
    before = ImportBatch.objects.count()
    response = client.post(
        reverse("exchange:import_new"), _form(w, "register.csv", b"", "htcds-csv")
    )
    assert response.status_code == 200
    assert "The submitted file is empty." in response.context["form"].errors["file"]
    assert ImportBatch.objects.count() == before


def test_a_file_over_the_web_limit_is_refused_with_a_message(client, w, settings):
    settings.TIPSOM_MAX_UPLOAD_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1 << 20
    factories.sign_in(client, w["a_dataofficer"])
    before = ImportBatch.objects.count()
    data = _csv(HEADER, *[f"k{n},Shazia,Parveen,Feminine,Active" for n in range(40_000)])
    assert len(data) > 1 << 20
    response = client.post(reverse("exchange:import_new"), _form(w, "big.csv", data, "htcds-csv"))
    assert response.status_code == 200
    assert response.context["form"].errors["file"]  # the form again, the file field marked
    assert ImportBatch.objects.count() == before


def test_a_file_over_the_web_limit_says_it_is_too_large(client, w, settings):
    settings.TIPSOM_MAX_UPLOAD_MB = 1
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 1 << 20
    factories.sign_in(client, w["a_dataofficer"])
    data = _csv(HEADER, *[f"k{n},Shazia,Parveen,Feminine,Active" for n in range(40_000)])
    response = client.post(reverse("exchange:import_new"), _form(w, "big.csv", data, "htcds-csv"))
    assert "upload limit" in " ".join(response.context["form"].errors["file"])


# --- through the command line --------------------------------------------------------------


def _command(w, path: Path, fmt: str, *options: str) -> str:
    out = io.StringIO()
    call_command(
        "import",
        str(path),
        "--format",
        fmt,
        "--organisation",
        str(w["org_a"].pk),
        "--user",
        w["a_dataofficer"].username,
        "--source",
        "partner register",
        *options,
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


@pytest.mark.parametrize("broken", [b.param() for b in BROKEN])
def test_a_broken_file_imported_from_the_command_line_says_what_is_wrong(w, tmp_path, broken):
    path = tmp_path / broken.name
    path.write_bytes(broken.data)
    if broken.whole_file:
        with pytest.raises(CommandError) as refused:
            _command(w, path, broken.format)
        message = str(refused.value)
        assert message.startswith(f"{broken.name}: ")
        batch = ImportBatch.objects.get(source_system="partner register")
        assert batch.status == "failed" and broken.says[0] in batch.notes[-1]
    else:
        message = _command(w, path, broken.format)
        assert "imported: 1 rejected" in message
    for text in broken.says:
        assert text in message, (text, message)


def test_an_empty_file_from_the_command_line(w, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(b"")
    with pytest.raises(CommandError, match=r"register\.csv: the file is empty"):
        _command(w, path, "htcds-csv")


def test_a_missing_file_from_the_command_line(w, tmp_path):
    with pytest.raises(CommandError, match="no file"):
        _command(w, tmp_path / "nowhere.csv", "htcds-csv")


def test_a_cp1252_file_imports_with_its_encoding_named(w, tmp_path):
    path = tmp_path / "register.csv"
    path.write_bytes(CP1252)
    out = _command(w, path, "htcds-csv", "--encoding", "cp1252")
    assert "imported: 2 created" in out
    from tipsom.exchange.models import SourceRecord

    link = SourceRecord.objects.get(source_system="partner register", record_id="k2")
    assert (link.person.first_name, link.person.family_name) == ("Zoë", "Café")


# --- a big workbook ------------------------------------------------------------------------

BIG_ROWS = 30_000
BIG_COMMENT = 2_200  # random characters: the workbook stays big once zipped


@pytest.fixture(scope="module")
def big_xlsx(tmp_path_factory) -> Path:
    """About 50 MB of XLSX: 30,000 rows × 4 text columns, each row refused (a country that is
    no ISO code) so that the whole file is read, checked and kept in the quarantine."""
    path = tmp_path_factory.mktemp("big") / "register.xlsx"
    book = Workbook(write_only=True)
    sheet = book.create_sheet("HTCDS")
    sheet.append(["prs_FirstName", "prs_SecondName", "prs_MailingCountry", "cco_CaseComment"])
    for n in range(BIG_ROWS):
        noise = base64.b64encode(os.urandom(BIG_COMMENT * 3 // 4)).decode()
        sheet.append([f"Person{n}", "Test", "Pakistan", noise])
    book.save(path)
    return path


def test_a_50_mb_workbook_uploaded_is_read_to_its_end(
    client, w, settings, django_capture_on_commit_callbacks, big_xlsx
):
    size = big_xlsx.stat().st_size
    assert 45 << 20 < size < 60 << 20, size
    limit = settings.TIPSOM_MAX_UPLOAD_MB
    assert size < limit << 20, f"the web upload limit ({limit} MB) refuses a {size >> 20} MB file"
    batch, page = _upload(
        client,
        w,
        django_capture_on_commit_callbacks,
        "register.xlsx",
        big_xlsx.read_bytes(),
        "htcds-xlsx",
    )
    assert batch.status == "checked", batch.notes
    assert batch.counts == {"rejected": BIG_ROWS}
    assert "not a country code" in page


def test_a_50_mb_workbook_imported_from_the_command_line_as_a_dry_run(w, big_xlsx):
    out = _command(w, big_xlsx, "htcds-xlsx", "--dry-run")
    assert f"checked: {BIG_ROWS} rejected" in out
    assert "row 1, prs_MailingCountry: not a country code" in out
    assert "… and more" in out
    batch = ImportBatch.objects.get(source_system="partner register")
    assert batch.status == "checked" and batch.finished_at is not None
    assert batch.position == BIG_ROWS
