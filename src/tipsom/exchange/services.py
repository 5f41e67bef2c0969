"""Every write of data exchange: imports (dry run or commit), the quarantine, in transactions,
audited (each case write through the case services, so through their audit too).

An import streams the file through engine.exchange, row by row. A row with problems goes to
the quarantine with its values and problems; a good row becomes (or updates) a person and a
case. Each row is dealt with in its own transaction together with the batch's position, so
a run killed at any moment resumes after the last row it finished, and no row is taken
twice; the link from the source record to our case (`SourceRecord`) makes re-importing the
same or an updated file update instead of duplicate.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tipsom.cases import choices as cc
from tipsom.cases import services as cases
from tipsom.cases.models import Case, Person
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.jobs import JobFailed, job_handler
from tipsom.core.models import Organisation
from tipsom.core.services import require
from tipsom.engine.exchange import formats
from tipsom.engine.exchange.problems import Checked, FileProblem, Problem
from tipsom.exchange import bulk, exports, mapping, selectors
from tipsom.exchange import choices as c
from tipsom.exchange.models import ImportBatch, ImportRow, SourceRecord

Progress = Callable[[int, int], None]


def file_digest(path: Path | bytes) -> str:
    if isinstance(path, bytes):
        return hashlib.sha256(path).hexdigest()
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _require_import(actor: Any, organisation: Organisation) -> None:
    require(actor, "importbatch", "add", organisation)
    if not selectors.writes_cases(actor, organisation):
        raise PermissionDenied(
            f"importing needs the right to add and change {organisation}'s cases"
        )


@transaction.atomic
def start_import(
    actor: Any,
    organisation: Organisation,
    path: Path | bytes,
    fmt: str,
    source_system: str,
    *,
    dry_run: bool = False,
    file_name: str = "",
) -> ImportBatch:
    """A new batch for ``path``, or the unfinished one of the same file, source and
    organisation (a run that was killed): the import then resumes where it stopped."""
    _require_import(actor, organisation)
    formats.get(fmt)  # a FileProblem names the allowed formats
    if not source_system.strip():
        raise ValidationError({"source_system": "name the system the records come from"})
    sha = file_digest(path)
    unfinished = ImportBatch.objects.filter(
        organisation=organisation,
        source_system=source_system.strip(),
        format=fmt,
        file_sha256=sha,
        dry_run=dry_run,
        status=c.BatchStatus.RUNNING,
    ).first()
    if unfinished is not None:
        return unfinished
    batch = ImportBatch(
        organisation=organisation,
        created_by=actor,
        format=fmt,
        source_system=source_system.strip(),
        file_name=file_name or (path.name if isinstance(path, Path) else "upload"),
        file_sha256=sha,
        dry_run=dry_run,
    )
    batch.save()
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=batch,
        organisation_id=organisation.pk,
        summary=f"{'dry run of ' if dry_run else ''}import of {batch.file_name} ({fmt}) "
        f"from {batch.source_system}",
    )
    return batch


def run_import(
    actor: Any,
    batch: ImportBatch,
    path: Path | bytes,
    *,
    encoding: str | None = None,
    progress: Progress | None = None,
    today: date | None = None,
) -> ImportBatch:
    """Take every row of ``path`` after ``batch.position``; returns the finished batch."""
    if file_digest(path) != batch.file_sha256:
        raise ValidationError({"file": "this is not the file the import was started with"})
    options = {"encoding": encoding} if encoding else {}
    pipeline = formats.Pipeline(
        path,
        formats.get(batch.format),
        today=today or timezone.localdate(),
        phone_region=settings.TIPSOM_PHONE_REGION,
        options=options,
    )
    total = _count_lines(path) if progress and formats.get(batch.format).kind == "csv" else 0
    writer = bulk.Writer() if bulk.available() else None
    chunk: list[Checked] = []
    try:
        for checked in pipeline.rows():
            if checked.row <= batch.position:
                continue
            chunk.append(checked)
            if len(chunk) >= settings.TIPSOM_IMPORT_CHUNK:
                _take_chunk(actor, batch, chunk, writer, pipeline)
                chunk = []
                if progress:
                    progress(batch.position, max(total, batch.position))
        if chunk:
            _take_chunk(actor, batch, chunk, writer, pipeline)
            if progress:
                progress(batch.position, max(total, batch.position))
    except FileProblem as problem:
        _finish(actor, batch, c.BatchStatus.FAILED, str(problem))
        raise
    except Exception as error:
        # Whatever went wrong, the batch must not stay "running"; rows already committed
        # stay, and the same file resumes after them.
        _finish(
            actor,
            batch,
            c.BatchStatus.FAILED,
            f"stopped by an internal error ({type(error).__name__})",
        )
        raise
    _finish(actor, batch, c.BatchStatus.CHECKED if batch.dry_run else c.BatchStatus.DONE)
    return batch


def _take_chunk(
    actor: Any,
    batch: ImportBatch,
    chunk: list[Checked],
    writer: bulk.Writer | None,
    pipeline: formats.Pipeline,
) -> None:
    """A chunk of rows in one transaction with the batch's position: new records through
    the fast path, the rest (updates, rows joining a case, rows a rule refuses) one by one."""
    with transaction.atomic():
        counts: dict[str, int] = {}
        fast: list[bulk.Planned] = []
        slow: list[Checked] = []
        good = [x for x in chunk if x.ok]
        linked = set(
            SourceRecord.objects.filter(
                organisation=batch.organisation,
                source_system=batch.source_system,
                record_id__in=[x.record_id for x in good],
            ).values_list("record_id", flat=True)
        )
        refs = {str(x.record.get("tipsom_case_ref", ""))[:200] for x in good} - {""}
        taken_refs = set(
            SourceRecord.objects.filter(
                organisation=batch.organisation,
                source_system=batch.source_system,
                case_ref__in=refs,
            ).values_list("case_ref", flat=True)
        )
        for checked in chunk:
            if not checked.ok:
                _quarantine(batch, checked, checked.problems)
                counts[c.Outcome.REJECTED] = counts.get(c.Outcome.REJECTED, 0) + 1
                continue
            ref = str(checked.record.get("tipsom_case_ref", ""))[:200]
            planned = None
            if writer is not None and checked.record_id not in linked and ref not in taken_refs:
                parts = mapping.parts(checked.record)
                digests = {name: mapping.digest(part) for name, part in parts.items()}
                planned = writer.plan(checked.record_id, parts, digests, ref)
            if ref:
                taken_refs.add(ref)
            if planned is None:
                slow.append(checked)
            else:
                fast.append(planned)
        if fast:
            assert writer is not None
            if batch.dry_run:
                with transaction.atomic():
                    writer.write(actor, batch, fast)
                    transaction.set_rollback(True)
            else:
                writer.write(actor, batch, fast)
            counts[c.Outcome.CREATED] = counts.get(c.Outcome.CREATED, 0) + len(fast)
        for checked in slow:
            outcome = _take(actor, batch, checked)
            counts[outcome] = counts.get(outcome, 0) + 1
        batch.position = chunk[-1].row
        for outcome, n in counts.items():
            batch.counts[outcome] = batch.counts.get(outcome, 0) + n
        if not batch.notes and pipeline.ignored:
            batch.notes = [f"columns not imported: {', '.join(pipeline.ignored)}"]
        batch.id_column = pipeline.id_column or ""
        batch.save(update_fields=["position", "counts", "notes", "id_column"])


def _count_lines(path: Path | bytes) -> int:
    if isinstance(path, bytes):
        return max(0, path.count(b"\n") - 1)
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    return max(0, lines - 1)


def _finish(actor: Any, batch: ImportBatch, status: str, message: str = "") -> None:
    if status == c.BatchStatus.FAILED and batch.upload and not batch.dry_run:
        (Path(settings.MEDIA_ROOT) / batch.upload).unlink(missing_ok=True)
    with transaction.atomic():
        batch.status, batch.finished_at = status, timezone.now()
        if message:
            batch.notes = [*batch.notes, message]
        batch.save(update_fields=["status", "finished_at", "notes"])
        audit.record(
            AuditAction.UPDATE,
            actor=actor,
            instance=batch,
            organisation_id=batch.organisation_id,
            summary=f"import #{batch.pk} {status}: "
            + ", ".join(f"{n} {k}" for k, n in sorted(batch.counts.items())),
            changes={"counts": [None, batch.counts]},
        )


def _take(actor: Any, batch: ImportBatch, checked: Checked) -> str:
    """One row: quarantined if it has problems (or the case services refuse it), else
    written; returns the outcome."""
    problems = list(checked.problems)
    if not problems:
        try:
            with transaction.atomic():  # a refused write leaves nothing behind
                return write_record(actor, batch, checked.record_id, checked.record)
        except ValidationError as refused:
            problems = _problems_of(checked, refused)
    _quarantine(batch, checked, problems)
    return c.Outcome.REJECTED


def _problems_of(checked: Checked, refused: ValidationError) -> list[Problem]:
    messages = refused.message_dict if hasattr(refused, "error_dict") else {"": refused.messages}
    return [
        Problem(checked.row, f"({field})" if field else "(record)", "", message)
        for field, texts in messages.items()
        for message in texts
    ]


def _quarantine(batch: ImportBatch, checked: Checked, problems: list[Problem]) -> None:
    ImportRow.objects.update_or_create(
        batch=batch,
        row_number=checked.row,
        defaults={
            "record_id": checked.record_id[:200],
            "values": json.dumps(checked.raw, ensure_ascii=False),
            "problems": json.dumps([p.__dict__ for p in problems], ensure_ascii=False),
            "status": c.RowStatus.QUARANTINED,
        },
    )


def write_record(actor: Any, batch: ImportBatch, record_id: str, record: dict[str, Any]) -> str:
    """Create or update the person and case of one source record; returns the outcome.
    In a dry run nothing is written (the outcome says what would happen)."""
    parts = mapping.parts(record)
    digests = {name: mapping.digest(part) for name, part in parts.items()}
    link = (
        SourceRecord.objects.select_for_update()
        .filter(
            organisation=batch.organisation,
            source_system=batch.source_system,
            record_id=record_id,
        )
        .select_related("person", "case")
        .first()
    )
    if link is not None and link.digests == digests:
        return c.Outcome.UNCHANGED
    case_ref = str(record.get("tipsom_case_ref", ""))[:200]
    if batch.dry_run:
        # Run the writes and roll them back: the case services' own checks then speak too.
        with transaction.atomic():
            outcome = _write(actor, batch, record_id, parts, digests, link, case_ref)
            transaction.set_rollback(True)
        return outcome
    return _write(actor, batch, record_id, parts, digests, link, case_ref)


def _write(
    actor: Any,
    batch: ImportBatch,
    record_id: str,
    parts: dict[str, dict[str, Any]],
    digests: dict[str, str],
    link: SourceRecord | None,
    case_ref: str = "",
) -> str:
    case_part = parts["case"]
    opened_on = case_part["opened_on"] or timezone.localdate()
    person_fields = _person_fields(parts["person"])
    role = person_fields.pop("role")
    if link is not None:
        case, person = link.case, link.person
        changed = {name for name in parts if link.digests.get(name) != digests[name]}
        if "person" in changed:
            cases.update_person(actor, person, person_fields, None)
    else:
        sibling = (
            SourceRecord.objects.filter(
                organisation=batch.organisation,
                source_system=batch.source_system,
                case_ref=case_ref,
            )
            .select_related("case")
            .first()
            if case_ref
            else None
        )
        if sibling is None:
            case = cases.register_case(
                actor, batch.organisation, person_fields, case_part["type"], role, opened_on
            )
            person = case.roles.get().person
            changed = set(parts) - {"person"}
        else:  # another person of a case already imported: join it
            case = sibling.case
            person = cases.create_person(actor, batch.organisation, person_fields)
            cases.add_person_to_case(actor, case, person, role)
            changed = {
                name
                for name in parts
                if name != "person"
                and not (name in mapping.CASE_PARTS and sibling.digests.get(name) == digests[name])
            }
    with cases.loading_history():  # a closed source case arrives with its whole history
        _write_parts(actor, case, person, parts, changed, opened_on)
    if link is None:
        SourceRecord.objects.create(
            organisation=batch.organisation,
            source_system=batch.source_system,
            record_id=record_id,
            case_ref=case_ref,
            person=person,
            case=case,
            digests=digests,
            batch=batch,
        )
        return c.Outcome.CREATED
    link.digests, link.batch = digests, batch
    link.save(update_fields=["digests", "batch", "updated_at"])
    return c.Outcome.UPDATED


def _person_fields(person: dict[str, Any]) -> dict[str, Any]:
    fields = dict(person)
    if fields.get("birth_date") is None:
        fields["birth_date"] = ""
    return fields


def _write_parts(
    actor: Any,
    case: Case,
    person: Person,
    parts: dict[str, dict[str, Any]],
    changed: set[str],
    opened_on: date,
) -> None:
    """Write the changed parts; history is added to, never rewritten (a changed screening
    is a new screening, the newest one counts)."""
    if "contact" in changed:
        _write_contact(actor, person, parts["contact"])
    status = parts["case"]["status"]
    closed_by_record = status in (cc.CaseStatus.CLOSED, cc.CaseStatus.CLOSED_REFERRED)
    if case.is_closed and "case" in changed and not closed_by_record:
        cases.reopen_case(actor, case, "reopened by an import of its source record", None)
        case.refresh_from_db()
    if "screening" in changed:
        data = dict(parts["screening"])
        cases.record_screening(actor, case, person, {"screened_on": opened_on, **data})
    if "event" in changed:
        event = dict(parts["event"])
        if event.get("province"):
            event.update(
                mapping.province_or_district(event.pop("province"), event.get("country", ""))
            )
        cases.add_event(actor, case, event)
    if "plan" in changed:
        cases.add_support_plan(actor, case, parts["plan"])
    if "comment" in changed:
        cases.add_comment(actor, case, parts["comment"]["text"])
    if "consent" in changed:
        decision = (
            cc.ConsentDecision.GIVEN if parts["consent"]["given"] else cc.ConsentDecision.WITHDRAWN
        )
        cases.record_consent(actor, person, mapping.CONSENT_PURPOSE, decision, opened_on, case)
    case.refresh_from_db()
    if status == cc.CaseStatus.FOLLOW_UP and case.status != status and not case.is_closed:
        cases.update_case(actor, case, {"status": status}, None)
    if closed_by_record and not case.is_closed:
        cases.close_case(
            actor,
            case,
            parts["case"]["closure_reason"],
            None,
            referred=status == cc.CaseStatus.CLOSED_REFERRED,
        )


def _write_contact(actor: Any, person: Person, contact: dict[str, str]) -> None:
    numbers = {d.number for d in person.documents.all()}
    if contact["document"] and contact["document"] not in numbers:
        cases.add_document(
            actor, person, mapping.document_type(contact["document"]), contact["document"]
        )
    phones = {p.number for p in person.phones.all()}
    for kind, key in ((cc.PhoneKind.MOBILE, "mobile"), (cc.PhoneKind.HOME, "home")):
        if contact[key] and contact[key] not in phones:
            cases.add_phone(actor, person, contact[key], kind)
    address = {k: contact[k] for k in ("street", "city") if contact[k]}
    address.update(mapping.province_or_district(contact["state"], contact["country"]))
    if address or contact["country"]:
        current = person.addresses.order_by("pk").first()
        if current is None or any(getattr(current, k) != v for k, v in address.items()):
            cases.add_address(actor, person, {**address, "country": contact["country"] or "PK"})


def export(
    actor: Any, fmt: str, target: IO[bytes], organisation: Organisation | None = None
) -> int:
    """Write the HTCDS export of every case the actor may export; audited as an export of
    personal data (who, what format, how many rows, for which organisation)."""
    if fmt not in exports.FORMATS:
        raise ValidationError(
            {"format": f"{fmt!r} not allowed; allowed: {', '.join(exports.FORMATS)}"}
        )
    roles = selectors.exportable_roles(actor, organisation)
    count = exports.write(exports.records(roles), fmt, target)
    with transaction.atomic():
        audit.record(
            AuditAction.EXPORT,
            actor=actor,
            object_type="cases.case",
            organisation_id=organisation.pk if organisation else None,
            summary=f"export ({fmt}) of {count} persons in cases"
            + (f" of {organisation}" if organisation else ""),
            changes={"format": fmt, "rows": count},
        )
    return count


# --- the quarantine ------------------------------------------------------------------------


def _checker_for(batch: ImportBatch, headers: list[str]) -> Any:
    from tipsom.engine.exchange.record import RecordChecker

    return RecordChecker(
        headers,
        split=formats.get(batch.format).split,
        today=timezone.localdate(),
        phone_region=settings.TIPSOM_PHONE_REGION,
    )


@transaction.atomic
def resubmit(actor: Any, row: ImportRow, values: dict[str, str]) -> str:
    """Check a quarantined row again with the data officer's corrections and import it if it
    passes; otherwise keep it, corrections and new problems included. Returns the outcome."""
    batch = row.batch
    require(actor, "importbatch", "change", batch.organisation)
    _require_import(actor, batch.organisation)
    if batch.dry_run:
        raise ValidationError(
            {"row": "rows of a dry run are a report; import the file to keep them"}
        )
    if row.status != c.RowStatus.QUARANTINED:
        raise ValidationError(
            {"row": f"this row is {row.status}; only a waiting row can be resubmitted"}
        )
    old = json.loads(row.values or "{}")
    unknown = sorted(set(values) - set(old))
    if unknown:
        raise ValidationError(
            {name: f"not a column of this file; columns: {', '.join(old)}" for name in unknown}
        )
    merged = {**old, **{k: str(v) for k, v in values.items()}}
    record_id = str(merged.get(batch.id_column, "")).strip() if batch.id_column else row.record_id
    translate = formats.get(batch.format).translate
    fields, translated = translate(merged, row.row_number) if translate else (merged, [])
    checked = _checker_for(batch, list(fields)).check(
        row.row_number, fields, record_id or row.record_id
    )
    checked.problems.extend(translated)
    changed = {k: [old.get(k, ""), v] for k, v in merged.items() if old.get(k, "") != v}
    if checked.ok:
        try:
            with transaction.atomic():
                outcome = write_record(actor, batch, checked.record_id, checked.record)
        except ValidationError as refused:
            checked.problems = _problems_of(checked, refused)
    row.values = json.dumps(merged, ensure_ascii=False)
    row.problems = json.dumps([p.__dict__ for p in checked.problems], ensure_ascii=False)
    if checked.problems:
        outcome = c.Outcome.REJECTED
    else:
        row.status = c.RowStatus.IMPORTED
        batch.counts[c.Outcome.REJECTED] = max(0, batch.counts.get(c.Outcome.REJECTED, 0) - 1)
        batch.counts[outcome] = batch.counts.get(outcome, 0) + 1
        batch.save(update_fields=["counts"])
    row.save(update_fields=["values", "problems", "status", "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=row,
        organisation_id=batch.organisation_id,
        summary=f"row {row.row_number} of import #{batch.pk} corrected: {outcome}",
        changes={name: ["…", "…"] for name in changed},  # which columns, never the values
    )
    return outcome


@transaction.atomic
def discard(actor: Any, row: ImportRow, reason: str) -> None:
    """Give up on a quarantined row, with the reason (audited); it stays in the report."""
    require(actor, "importbatch", "change", row.batch.organisation)
    if not reason.strip():
        raise ValidationError({"reason": "say why the row is discarded"})
    if row.status != c.RowStatus.QUARANTINED:
        raise ValidationError(
            {"row": f"this row is {row.status}; only a waiting row can be discarded"}
        )
    row.status = c.RowStatus.DISCARDED
    row.save(update_fields=["status", "updated_at"])
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=row,
        organisation_id=row.batch.organisation_id,
        summary=f"row {row.row_number} of import #{row.batch_id} discarded: {reason.strip()}",
    )


# --- uploads from the web ------------------------------------------------------------------


def _sealed_path(batch: ImportBatch) -> Path:
    return Path(settings.MEDIA_ROOT) / "imports" / f"{batch.pk}.sealed"


def _seal_label(batch: ImportBatch) -> str:
    return f"exchange.import:{batch.pk}:{batch.file_sha256}"


@transaction.atomic
def upload(
    actor: Any,
    organisation: Organisation,
    data: bytes,
    file_name: str,
    fmt: str,
    source_system: str,
    *,
    dry_run: bool,
) -> ImportBatch:
    """Keep an uploaded file sealed (AES-GCM with the field keys: it holds names) and queue
    its import as a background job; the page shows the job's progress."""
    from tipsom.core.crypto import cipher
    from tipsom.core.services import start_job

    limit = settings.TIPSOM_MAX_UPLOAD_MB << 20
    if len(data) > limit:
        raise ValidationError(
            {
                "file": f"the file is larger than {settings.TIPSOM_MAX_UPLOAD_MB} MB; "
                "import it with the tipsom import command instead"
            }
        )
    batch = start_import(
        actor, organisation, data, fmt, source_system, dry_run=dry_run, file_name=file_name
    )
    if batch.job is not None and not batch.job.is_finished:
        return batch  # the same file sent twice (a double click): one job is enough
    path = _sealed_path(batch)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(cipher().encrypt_bytes(data, _seal_label(batch)))
    batch.upload = str(path.relative_to(settings.MEDIA_ROOT))
    batch.job = start_job(actor, "exchange.import", {"batch": batch.pk}, organisation)
    batch.save(update_fields=["upload", "job"])
    return batch


def unsealed(batch: ImportBatch) -> bytes:
    from tipsom.core.crypto import cipher

    if not batch.upload:
        raise ValidationError(
            {"file": "this import has no uploaded file (it came from the command line)"}
        )
    blob = (Path(settings.MEDIA_ROOT) / batch.upload).read_bytes()
    return cipher().decrypt_bytes(blob, _seal_label(batch))


@transaction.atomic
def commit_checked(actor: Any, checked: ImportBatch) -> ImportBatch:
    """Import for real the file of a finished dry run (same file, source and organisation)."""
    if not checked.dry_run or checked.status != c.BatchStatus.CHECKED:
        raise ValidationError({"batch": "only a finished dry run can be imported from here"})
    already = ImportBatch.objects.filter(
        organisation=checked.organisation,
        source_system=checked.source_system,
        format=checked.format,
        file_sha256=checked.file_sha256,
        dry_run=False,
        created_at__gt=checked.created_at,
    ).first()
    if already is not None:
        return already  # pressed twice: the first press's import
    data = unsealed(checked)
    return upload(
        actor,
        checked.organisation,
        data,
        checked.file_name,
        checked.format,
        checked.source_system,
        dry_run=False,
    )


@job_handler("exchange.import")
def import_job(job: Any, reporter: Any) -> dict[str, Any]:
    batch = ImportBatch.objects.select_related("organisation").get(pk=job.params["batch"])
    try:
        batch = run_import(job.created_by, batch, unsealed(batch), progress=reporter.progress)
    except FileProblem as problem:
        raise JobFailed(str(problem)) from None
    if not batch.dry_run:
        (Path(settings.MEDIA_ROOT) / batch.upload).unlink(missing_ok=True)
    reporter.message(", ".join(f"{n} {k}" for k, n in sorted(batch.counts.items())) or "no rows")
    return {"batch": batch.pk, "counts": batch.counts}


def record_report_download(actor: Any, batch: ImportBatch, rows: int) -> None:
    """The error report holds the refused rows' values: its download is an export."""
    with transaction.atomic():
        audit.record(
            AuditAction.EXPORT,
            actor=actor,
            instance=batch,
            organisation_id=batch.organisation_id,
            summary=f"error report of import #{batch.pk}: {rows} rows",
        )
