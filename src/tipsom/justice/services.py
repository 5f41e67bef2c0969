"""Every write of the criminal-justice records: one function per act, in a transaction,
audited. Offence codes are checked against the maintained list (an unknown code is refused
with the valid ones); a sentence outside the offence's legal range is recorded with a
warning, not refused: courts do pass such sentences, and the record must say what was
decided."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from tipsom.cases import services as cases
from tipsom.cases import validation as v
from tipsom.cases.models import Case, Person
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.models import Organisation
from tipsom.core.querysets import allows
from tipsom.core.services import audited_create, audited_update, require, require_row
from tipsom.justice import choices as c
from tipsom.justice.models import Charge, Fir, FirShare, Hearing, Offence, Suspect


def offences_named(codes: Iterable[str], field: str = "offences") -> list[Offence]:
    """The active offences with these codes; an unknown code is refused, listing the valid
    ones."""
    codes = [str(code).strip() for code in codes if str(code).strip()]
    known = {o.code: o for o in Offence.objects.filter(is_active=True)}
    unknown = [code for code in codes if code not in known]
    if unknown:
        raise ValidationError(
            {
                field: f"unknown offence code {', '.join(repr(u) for u in unknown)}; valid "
                f"codes: {', '.join(sorted(known))}"
            }
        )
    return [known[code] for code in codes]


def steers(actor: Any, fir: Fir) -> bool:
    """Whether ``actor`` steers the investigation: an investigator (who may open FIRs) of
    the registering agency. An agency the file is shared with reads it, never steers it;
    a prosecutor records the court's side."""
    return allows(actor, "fir", "add", fir.organisation)


def require_owner(actor: Any, fir: Fir) -> None:
    """The investigation itself (status, suspects, seizures, linked cases, shares) is the
    registering agency's investigators'."""
    require_row(actor, fir, "change")
    if not steers(actor, fir):
        raise PermissionDenied(
            f"only the investigators of {fir.organisation.label} may change the investigation"
        )


def may_prosecute(actor: Any, fir: Fir) -> bool:
    """Whether ``actor`` may record the court's side of ``fir`` (charges, hearings, verdicts,
    appeals): the registering agency, or an agency it shared the file with for prosecution."""
    if allows(actor, "fir", "change", fir.organisation):
        return True
    shared = FirShare.objects.filter(fir=fir, access=c.ShareAccess.PROSECUTE)
    return any(allows(actor, "fir", "change", share.organisation) for share in shared)


def require_court(actor: Any, fir: Fir) -> None:
    require_row(actor, fir, "change")
    if not may_prosecute(actor, fir):
        raise PermissionDenied(
            f"{fir} is shared with your agency to read; {fir.organisation.label} records its "
            "prosecution, or shares it with you for prosecution"
        )


def _date(errors: v.Errors, name: str, value: Any, required: bool = True) -> date | None:
    if value in (None, ""):
        if required:
            errors.add(name, "give the date (YYYY-MM-DD)")
        return None
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value)
        except ValueError:
            errors.add(name, f"'{value}' is not a date; write it as YYYY-MM-DD")
            return None
    v.not_future(errors, name, value)
    return value


@transaction.atomic
def register_fir(
    actor: Any,
    organisation: Organisation,
    data: Mapping[str, Any],
    cases_linked: Iterable[Case] = (),
) -> Fir:
    """Register an FIR: number, station or circle, date, offences (codes), summary."""
    require(actor, "fir", "add", organisation)
    errors = v.Errors()
    number = str(data.get("number", "")).strip()
    station = str(data.get("station", "")).strip()
    if not number:
        errors.add("number", "give the FIR number")
    elif Fir.objects.filter(organisation=organisation, number=number).exists():
        errors.add("number", f"FIR {number} is already registered here")
    if not station:
        errors.add("station", "give the police station or FIA circle")
    registered_on = _date(errors, "registered_on", data.get("registered_on"))
    codes = data.get("offences") or []
    if not codes:
        errors.add("offences", "give at least one offence code")
    errors.raise_if_any()
    assert registered_on is not None  # required: an error above otherwise
    officer = data.get("investigating_officer")
    if officer is not None and not allows(officer, "fir", "add", organisation):
        raise ValidationError(
            {"investigating_officer": "the investigating officer must be an investigator here"}
        )
    offences = offences_named(codes)
    fir = Fir(
        organisation=organisation,
        number=number,
        station=station,
        registered_on=registered_on,
        summary=str(data.get("summary", "")),
        investigating_officer=data.get("investigating_officer"),
        created_by=actor,
    )
    audited_create(actor, fir)
    fir.offences.set(offences)
    linked = list(cases_linked)
    for case in linked:
        require_row(actor, case, "view")
    fir.cases.set(linked)
    return fir


@transaction.atomic
def set_fir_status(actor: Any, fir: Fir, status: str, version: int | None) -> Fir:
    require_owner(actor, fir)
    errors = v.Errors()
    v.one_of(errors, "status", status, c.FirStatus, required=True)
    errors.raise_if_any()
    audited_update(actor, fir, {"status": status}, ["status"], expected_version=version)
    return fir


@transaction.atomic
def add_suspect(
    actor: Any,
    fir: Fir,
    person: Person | None = None,
    person_data: Mapping[str, Any] | None = None,
    roles: Iterable[str] = (),
    aliases: Iterable[str] = (),
    network: str = "",
    arrested_on: Any = None,
) -> Suspect:
    """A suspect in an FIR: an existing person the user may see, or a new person recorded
    by the FIR's agency; their role in the process (HTCDS), aliases and network."""
    require_owner(actor, fir)
    errors = v.Errors()
    roles = list(roles)
    bad = [r for r in roles if r not in c.RoleInProcess.values]
    if bad:
        errors.add(
            "roles",
            f"unknown role {', '.join(map(repr, bad))}; allowed: "
            + ", ".join(c.RoleInProcess.values),
        )
    arrested = _date(errors, "arrested_on", arrested_on, required=False)
    if person is None and not person_data:
        errors.add("person", "name the suspect: an existing person or a new person's details")
    errors.raise_if_any()
    if person is None:
        person = cases.create_person(actor, fir.organisation, dict(person_data or {}))
    else:
        require_row(actor, person, "view")
    if Suspect.objects.filter(fir=fir, person=person).exists():
        raise ValidationError({"person": "this person is already a suspect in this FIR"})
    suspect = Suspect(
        fir=fir,
        person=person,
        roles=roles,
        aliases=json.dumps([a.strip() for a in aliases if a.strip()]),
        network=network.strip(),
        arrested_on=arrested,
    )
    audited_create(actor, suspect, organisation_id=fir.organisation_id)
    return suspect


@transaction.atomic
def charge(actor: Any, suspect: Suspect, offence_code: str, court: str, filed_on: Any) -> Charge:
    require_court(actor, suspect.fir)
    errors = v.Errors()
    if not court.strip():
        errors.add("court", "give the court")
    filed = _date(errors, "filed_on", filed_on)
    if filed and filed < suspect.fir.registered_on:
        errors.add("filed_on", "a charge cannot come before the FIR was registered")
    errors.raise_if_any()
    assert filed is not None  # required: an error above otherwise
    (offence,) = offences_named([offence_code], "offence")
    found = Charge(suspect=suspect, offence=offence, court=court.strip(), filed_on=filed)
    audited_create(actor, found, organisation_id=suspect.fir.organisation_id)
    return found


def sentence_warnings(offence: Offence, months: int | None, fine: int | None) -> list[str]:
    """Where a sentence for ``offence`` falls outside its legal range (empty: inside it)."""
    found: list[str] = []
    code = offence.code
    if offence.max_months is None and offence.min_months is None and offence.max_fine is None:
        return [f"no legal range is recorded for {code}; the sentence was not checked"]
    if months is not None and offence.max_months is not None and months > offence.max_months:
        found.append(
            f"{months} months of imprisonment is above the most the law allows for {code} "
            f"({offence.max_months} months)"
        )
    floor = offence.min_months
    if floor and (months or 0) < floor and not (offence.fine_or_prison and not months and fine):
        found.append(
            f"{months or 0} months of imprisonment is below the least the law sets for {code} "
            f"({floor} months)"
        )
    if fine is not None and offence.max_fine is not None and fine > offence.max_fine:
        found.append(
            f"a fine of PKR {fine:,} is above the most the law allows for {code} "
            f"(PKR {offence.max_fine:,})"
        )
    return found


@transaction.atomic
def record_verdict(
    actor: Any,
    found: Charge,
    outcome: str,
    decided_on: Any,
    imprisonment_months: int | None = None,
    fine_pkr: int | None = None,
    version: int | None = None,
) -> Charge:
    """The court's decision on one charge. A conviction needs a sentence (imprisonment,
    fine or both); a sentence outside the offence's range is kept with warnings."""
    require_court(actor, found.suspect.fir)
    errors = v.Errors()
    v.one_of(errors, "outcome", outcome, c.Outcome, required=True)
    decided = _date(errors, "decided_on", decided_on, required=outcome != c.Outcome.PENDING)
    for name, value in (("imprisonment_months", imprisonment_months), ("fine_pkr", fine_pkr)):
        if value is not None and (not isinstance(value, int) or value < 0):
            errors.add(name, "give a whole number, 0 or more")
    sentenced = bool(imprisonment_months) or bool(fine_pkr)
    if outcome == c.Outcome.CONVICTED and not sentenced:
        errors.add("imprisonment_months", "a conviction needs its sentence: months, fine or both")
    if outcome != c.Outcome.CONVICTED and sentenced:
        errors.add("outcome", "only a conviction carries a sentence")
    if decided and decided < found.filed_on:
        errors.add("decided_on", "the decision cannot come before the charge")
    errors.raise_if_any()
    warnings = (
        sentence_warnings(found.offence, imprisonment_months, fine_pkr)
        if outcome == c.Outcome.CONVICTED
        else []
    )
    audited_update(
        actor,
        found,
        {
            "outcome": outcome,
            "decided_on": decided,
            "imprisonment_months": imprisonment_months,
            "fine_pkr": fine_pkr,
            "sentence_warnings": warnings,
        },
        ["outcome", "decided_on", "imprisonment_months", "fine_pkr", "sentence_warnings"],
        expected_version=version,
        organisation_id=found.suspect.fir.organisation_id,
    )
    return found


# --- the watchlist --------------------------------------------------------------------------


@transaction.atomic
def add_to_watchlist(actor: Any, organisation: Organisation, data: Mapping[str, Any]) -> Any:
    from tipsom.justice.models import WatchlistEntry

    require(actor, "watchlist", "add", organisation)
    errors = v.Errors()
    if not str(data.get("first_name", "")).strip() and not data.get("document"):
        errors.add("first_name", "give a name or a document number")
    year = data.get("birth_year")
    if year is not None and not 1900 <= int(year) <= timezone.localdate().year:
        errors.add(
            "birth_year",
            f"{year} is not a plausible birth year (1900–{timezone.localdate().year})",
        )
    errors.raise_if_any()
    entry = WatchlistEntry(
        organisation=organisation,
        first_name=str(data.get("first_name", "")).strip(),
        family_name=str(data.get("family_name", "")).strip(),
        father_name=str(data.get("father_name", "")).strip(),
        aliases=json.dumps([a.strip() for a in data.get("aliases") or [] if a.strip()]),
        document=str(data.get("document", "")).strip(),
        birth_year=data.get("birth_year"),
        reason=str(data.get("reason", "")),
        added_by=actor,
    )
    audited_create(actor, entry)
    return entry


def _wanted(entry: Any) -> dict[str, Any]:
    return {
        "first_name": entry.first_name,
        "family_name": entry.family_name,
        "father_name": entry.father_name,
        "aliases": json.loads(entry.aliases or "[]"),
        "document": entry.document,
        "birth_year": entry.birth_year,
    }


def check_person(person: Person) -> list[Any]:
    """Check a person against every active watchlist entry (tolerant names, exact
    documents) and queue a hit for each likely match; runs when a person is created."""
    from tipsom.engine.linkage import watch
    from tipsom.justice.models import WatchlistEntry, WatchlistHit

    entries = {e.pk: e for e in WatchlistEntry.objects.filter(is_active=True)}
    if not entries:
        return []
    documents = [d.number for d in person.documents.all()]
    record = {
        "first_name": person.first_name,
        "family_name": person.family_name,
        "father_name": person.father_name,
        "aliases": json.loads(person.aliases or "[]"),
        "birth_year": person.birth_year,
    }
    made = []
    for document in documents or [""]:
        found = watch.hits(
            {**record, "document": document}, ((k, _wanted(e)) for k, e in entries.items())
        )
        for hit in found:
            created, new = WatchlistHit.objects.get_or_create(
                entry=entries[hit.entry],
                person=person,
                defaults={"points": hit.points, "reasons": list(hit.reasons)},
            )
            if not new and hit.points > created.points:  # stronger evidence came (a document)
                created.points, created.reasons = hit.points, list(hit.reasons)
                created.save(update_fields=["points", "reasons"])
            if new:
                audit.record(
                    AuditAction.CREATE,
                    instance=created,
                    organisation_id=created.entry.organisation_id,
                    summary=f"watchlist hit #{created.pk}: {', '.join(hit.reasons)}",
                )
                made.append(created)
    return made


@transaction.atomic
def decide_hit(actor: Any, hit: Any, status: str) -> Any:
    require_row(actor, hit, "change")
    if hit.status != c.HitStatus.OPEN:
        raise ValidationError({"status": f"this hit was already {hit.status}"})
    errors = v.Errors()
    v.one_of(
        errors, "status", status, [c.HitStatus.CONFIRMED, c.HitStatus.DISMISSED], required=True
    )
    errors.raise_if_any()
    audited_update(
        actor,
        hit,
        {"status": status, "decided_by": actor, "decided_at": timezone.now()},
        ["status", "decided_by", "decided_at"],
        organisation_id=hit.entry.organisation_id,
    )
    return hit


@transaction.atomic
def add_seizure(
    actor: Any, fir: Fir, seized_on: Any, description: str, value_pkr: Any = None
) -> Any:
    """Assets seized in the investigation: what, when, estimated value."""
    from tipsom.justice.models import Seizure

    require_owner(actor, fir)
    errors = v.Errors()
    seized = _date(errors, "seized_on", seized_on)
    if not description.strip():
        errors.add("description", "say what was seized")
    if value_pkr is not None and (not isinstance(value_pkr, int) or value_pkr < 0):
        errors.add("value_pkr", "give a whole number of rupees, 0 or more")
    if seized and seized < fir.registered_on:
        errors.add("seized_on", "a seizure in this FIR cannot come before its registration")
    errors.raise_if_any()
    assert seized is not None  # required: an error above otherwise
    seizure = Seizure(
        fir=fir, seized_on=seized, description=description.strip(), value_pkr=value_pkr
    )
    audited_create(actor, seizure, organisation_id=fir.organisation_id)
    return seizure


@transaction.atomic
def record_appeal(
    actor: Any,
    found: Charge,
    filed_on: Any,
    court: str,
    outcome: str = c.Outcome.PENDING,
    version: int | None = None,
) -> Charge:
    """An appeal against a decided charge, and (later) its outcome."""
    require_court(actor, found.suspect.fir)
    errors = v.Errors()
    if found.outcome == c.Outcome.PENDING:
        errors.add("outcome", "only a decided charge can be appealed")
    filed = _date(errors, "appeal_filed_on", filed_on)
    if filed and found.decided_on and filed < found.decided_on:
        errors.add("appeal_filed_on", "the appeal cannot come before the decision")
    if not court.strip():
        errors.add("appeal_court", "give the appeal court")
    v.one_of(errors, "appeal_outcome", outcome, c.Outcome, required=True)
    errors.raise_if_any()
    audited_update(
        actor,
        found,
        {"appeal_filed_on": filed, "appeal_court": court.strip(), "appeal_outcome": outcome},
        ["appeal_filed_on", "appeal_court", "appeal_outcome"],
        expected_version=version,
        organisation_id=found.suspect.fir.organisation_id,
    )
    return found


def check_persons(since: Any = None, batch: int = 2000) -> tuple[int, int]:
    """Check every person (created since ``since``) against the watchlist; returns persons
    checked and new hits. For persons written in bulk, which no signal saw."""
    from tipsom.justice.models import WatchlistEntry

    if not WatchlistEntry.objects.filter(is_active=True).exists():
        return 0, 0
    persons = Person.objects.filter(is_anonymous=False).order_by("pk")
    if since is not None:
        persons = persons.filter(created_at__gte=since)
    checked = made = 0
    for person in persons.prefetch_related("documents").iterator(chunk_size=batch):
        with transaction.atomic():
            made += len(check_person(person))
        checked += 1
    return checked, made


# --- sharing, hearings, linked cases and victims ------------------------------------------


@transaction.atomic
def share_fir(
    actor: Any, fir: Fir, organisation: Organisation, access: str, reason: str
) -> FirShare:
    """Share the investigation file with another agency; sharing again changes the access."""
    require_owner(actor, fir)
    errors = v.Errors()
    v.one_of(errors, "access", access, c.ShareAccess, required=True)
    if not reason.strip():
        errors.add("reason", "say why the file is shared (it is audited)")
    if organisation.pk == fir.organisation_id:
        errors.add("organisation", "the file is already this agency's own")
    errors.raise_if_any()
    found = FirShare.objects.filter(fir=fir, organisation=organisation).first()
    if found is not None:
        audited_update(
            actor,
            found,
            {"access": access, "reason": reason.strip()},
            ["access", "reason"],
            organisation_id=fir.organisation_id,
        )
        return found
    share = FirShare(
        fir=fir, organisation=organisation, access=access, reason=reason.strip(), shared_by=actor
    )
    audited_create(actor, share, organisation_id=fir.organisation_id)
    return share


@transaction.atomic
def end_share(actor: Any, share: FirShare) -> None:
    require_owner(actor, share.fir)
    audit.record(
        AuditAction.DELETE,
        actor=actor,
        instance=share,
        organisation_id=share.fir.organisation_id,
        summary=f"{share.fir} no longer shared with {share.organisation.label}",
        changes={"organisation": share.organisation_id, "access": share.access},
    )
    share.delete()


@transaction.atomic
def add_hearing(actor: Any, fir: Fir, data: Mapping[str, Any]) -> Hearing:
    """A sitting of the court: when, which court, the stage, what happened, adjourned to."""
    require_court(actor, fir)
    errors = v.Errors()
    court = str(data.get("court", "")).strip()
    if not court:
        errors.add("court", "give the court")
    held = _date(errors, "held_on", data.get("held_on"))
    v.one_of(errors, "kind", str(data.get("kind") or ""), c.HearingKind, required=True)
    next_on = data.get("next_on")
    if isinstance(next_on, str) and next_on:
        try:
            next_on = date.fromisoformat(next_on)
        except ValueError:
            errors.add("next_on", f"'{next_on}' is not a date; write it as YYYY-MM-DD")
            next_on = None
    if held and held < fir.registered_on:
        errors.add("held_on", "a hearing cannot come before the FIR was registered")
    if held and next_on and next_on <= held:
        errors.add("next_on", "the next hearing must come after this one")
    errors.raise_if_any()
    assert held is not None  # required: an error above otherwise
    hearing = Hearing(
        fir=fir,
        court=court,
        held_on=held,
        kind=data["kind"],
        notes=str(data.get("notes", "")),
        next_on=next_on or None,
        recorded_by=actor,
    )
    audited_create(actor, hearing, organisation_id=fir.organisation_id)
    return hearing


def _audit_link(actor: Any, fir: Fir, what: str, summary: str, change: dict[str, Any]) -> None:
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=fir,
        organisation_id=fir.organisation_id,
        summary=summary,
        changes={what: change},
    )


@transaction.atomic
def link_case(actor: Any, fir: Fir, case: Case) -> None:
    """Connect a case (seen by the user) to the FIR after its registration."""
    require_owner(actor, fir)
    require_row(actor, case, "view")
    if fir.cases.filter(pk=case.pk).exists():
        raise ValidationError({"case": f"case {case.case_number} is already linked"})
    fir.cases.add(case)
    _audit_link(actor, fir, "cases", f"case {case.case_number} linked to {fir}", {"added": case.pk})


@transaction.atomic
def unlink_case(actor: Any, fir: Fir, case: Case) -> None:
    require_owner(actor, fir)
    if not fir.cases.filter(pk=case.pk).exists():
        raise ValidationError({"case": f"case {case.case_number} is not linked to {fir}"})
    fir.cases.remove(case)
    _audit_link(
        actor, fir, "cases", f"case {case.case_number} unlinked from {fir}", {"removed": case.pk}
    )


def victims_of(fir: Fir) -> Any:
    """The clients (victims, smuggled migrants, returnees) of the cases linked to ``fir``."""
    from tipsom.cases.choices import CLIENT_ROLES

    return Person.objects.filter(
        case_roles__case__firs=fir, case_roles__role__in=list(CLIENT_ROLES)
    ).distinct()


@transaction.atomic
def link_victim(actor: Any, suspect: Suspect, person: Person) -> None:
    """Connect a suspect with a victim of one of the FIR's linked cases."""
    require_owner(actor, suspect.fir)
    if not victims_of(suspect.fir).filter(pk=person.pk).exists():
        raise ValidationError(
            {"victim": "only a client of a case linked to this FIR can be named as a victim"}
        )
    if suspect.victims.filter(pk=person.pk).exists():
        raise ValidationError({"victim": "this victim is already connected with the suspect"})
    suspect.victims.add(person)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=suspect,
        organisation_id=suspect.fir.organisation_id,
        summary=f"suspect #{suspect.pk} connected with a victim",
        changes={"victims": {"added": person.pk}},
    )
