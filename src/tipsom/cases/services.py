"""Every write of case management: one function per action, in a transaction, audited.

Callers pass plain values (from a form, the API or an importer); each service validates them
(`validation.py`), checks the actor's permission on the case or person, writes, and appends
the audit entry in the same transaction.
"""

from __future__ import annotations

import contextvars
import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import date
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils import timezone

from tipsom.cases import choices as c
from tipsom.cases import sharing
from tipsom.cases import validation as v
from tipsom.cases.models import (
    Address,
    Case,
    CaseComment,
    CaseRole,
    Consent,
    FollowUp,
    IdentityDocument,
    Person,
    PersonNameToken,
    Phone,
    Screening,
    Service,
    SupportPlan,
    TraffickingEvent,
)
from tipsom.core import audit
from tipsom.core.choices import AuditAction, Role
from tipsom.core.crypto import keyed_token
from tipsom.core.models import Organisation
from tipsom.core.selectors import can
from tipsom.core.services import audited_create, audited_update, require, require_row
from tipsom.engine.standards import names

PERSON_FIELDS = [
    "first_name",
    "family_name",
    "father_name",
    "aliases",
    "sex",
    "gender",
    "birth_date",
    "birth_year",
    "age_is_estimated",
    "citizenships",
    "languages",
    "education",
    "marital_status",
    "number_of_children",
    "is_anonymous",
]
CASE_FIELDS = ["type", "status", "stage", "owner"]
CASE_OWNER_ROLES = [Role.CASEWORKER, Role.SUPERVISOR, Role.INVESTIGATOR]


# --- persons -------------------------------------------------------------------------------


def clean_person(data: Mapping[str, Any]) -> dict[str, Any]:
    """Validate person fields; returns cleaned values or raises naming every bad field."""
    errors = v.Errors()
    out = dict(data)
    unknown = set(out) - set(PERSON_FIELDS)
    for name in sorted(unknown):
        errors.add(name, f"unknown field; allowed: {', '.join(PERSON_FIELDS)}")
    if "aliases" in out:
        aliases = out["aliases"] or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.replace("\n", ";").split(";") if a.strip()]
        out["aliases"] = json.dumps(list(aliases), ensure_ascii=False) if aliases else ""
    for name, choices in (
        ("sex", c.Sex),
        ("gender", c.Gender),
        ("education", c.Education),
        ("marital_status", c.MaritalStatus),
    ):
        if name in out:
            out[name] = out[name] or ("unknown" if name == "sex" else "")
            v.one_of(errors, name, out[name], choices)
    if "citizenships" in out:
        out["citizenships"] = v.countries(errors, "citizenships", out["citizenships"])
    if "languages" in out:
        out["languages"] = v.languages(errors, "languages", out["languages"])
    birth = out.get("birth_date")
    if birth:
        if isinstance(birth, str):
            try:
                birth = date.fromisoformat(birth)
            except ValueError:
                errors.add("birth_date", f"'{birth}' is not a date (YYYY-MM-DD)")
                birth = None
        if birth:
            v.not_future(errors, "birth_date", birth)
            out["birth_date"] = birth.isoformat()
            if out.get("birth_year") and int(out["birth_year"]) != birth.year:
                errors.add("birth_year", f"{out['birth_year']} does not match the birth date")
            out["birth_year"] = birth.year
    elif "birth_date" in out:
        out["birth_date"] = ""
    year = out.get("birth_year")
    if year not in (None, "") and not 1900 <= int(year) <= date.today().year:
        errors.add("birth_year", f"{year} is not a plausible birth year (1900–{date.today().year})")
    errors.raise_if_any()
    return out


def aliases_of(person: Person) -> list[str]:
    return json.loads(person.aliases) if person.aliases else []


def name_tokens_of(person: Person) -> set[str]:
    """The keyed search tokens of a person's names (never a name in clear)."""
    keys: set[str] = set()
    for name in [
        person.full_name,
        f"{person.first_name} {person.family_name}",
        *aliases_of(person),
    ]:
        keys |= names.search_keys(name)
    return {keyed_token("name", k) for k in keys | names.pair_keys(keys)}


def refresh_statistics() -> None:
    """Let the query planner see the new rows at once: after a bulk load its statistics would
    otherwise describe the empty tables until autovacuum runs, and searches would pick
    plans that read every row (measured: 150 ms instead of 1 ms at 100,000 persons)."""
    tables = [model._meta.db_table for model in apps.get_app_config("cases").get_models()]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # VACUUM also marks the new pages all-visible, so name search reads its token
            # index alone (an index-only scan); it cannot run inside a transaction.
            verb = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            cursor.execute(f"{verb} " + ", ".join(connection.ops.quote_name(t) for t in tables))
        else:
            for table in tables:
                cursor.execute("ANALYZE " + connection.ops.quote_name(table))


def reindex_name_tokens(batch_size: int = 2000, progress: Any = None) -> int:
    """Recompute every person's search tokens (after a change to the name rules or to the
    blind-index key), a batch per transaction so the site keeps serving; returns persons."""
    total, done, last = Person.objects.count(), 0, 0
    while True:
        batch = list(Person.objects.filter(pk__gt=last).order_by("pk")[:batch_size])
        if not batch:
            break
        with transaction.atomic():
            PersonNameToken.objects.filter(person__in=batch).delete()
            PersonNameToken.objects.bulk_create(
                [PersonNameToken(person=p, token=t) for p in batch for t in name_tokens_of(p)],
                batch_size=5000,
            )
        done, last = done + len(batch), batch[-1].pk
        if progress:
            progress(done, total)
    with transaction.atomic():
        audit.record(
            AuditAction.SYSTEM,
            object_type="cases.personnametoken",
            summary=f"name search tokens recomputed for {done} persons",
        )
    refresh_statistics()
    return done


def refresh_name_tokens(person: Person) -> None:
    """Replace the person's search tokens: keyed hashes of name keys, never names in clear."""
    tokens = name_tokens_of(person)
    PersonNameToken.objects.filter(person=person).exclude(token__in=tokens).delete()
    existing = set(PersonNameToken.objects.filter(person=person).values_list("token", flat=True))
    PersonNameToken.objects.bulk_create(
        [PersonNameToken(person=person, token=t) for t in sorted(tokens - existing)]
    )


@transaction.atomic
def create_person(actor: Any, organisation: Organisation, data: Mapping[str, Any]) -> Person:
    require(actor, "person", "add", organisation)
    person = Person(organisation=organisation, created_by=actor, **clean_person(data))
    audited_create(actor, person)
    refresh_name_tokens(person)
    return person


@transaction.atomic
def update_person(
    actor: Any, person: Person, data: Mapping[str, Any], expected_version: int | None
) -> dict:
    require_row(actor, person, "change")
    changes = audited_update(
        actor, person, clean_person(data), PERSON_FIELDS, expected_version=expected_version
    )
    if {"first_name", "family_name", "father_name", "aliases"} & set(changes):
        refresh_name_tokens(person)
    return changes


@transaction.atomic
def add_document(
    actor: Any, person: Person, doc_type: str, number: str, issuing_country: str = ""
) -> IdentityDocument:
    require_row(actor, person, "change")
    errors = v.Errors()
    v.one_of(errors, "type", doc_type, c.DocumentType, required=True)
    number = v.document_number(errors, "number", doc_type, number)
    issuing_country = v.country(
        errors, "issuing_country", issuing_country or ("PK" if doc_type == "cnic" else "")
    )
    errors.raise_if_any()
    document = IdentityDocument(
        person=person, type=doc_type, number=number, issuing_country=issuing_country
    )
    audited_create(actor, document, organisation_id=person.organisation_id)
    return document


@transaction.atomic
def add_phone(actor: Any, person: Person, number: str, kind: str = c.PhoneKind.MOBILE) -> Phone:
    require_row(actor, person, "change")
    errors = v.Errors()
    number = v.phone(errors, "number", number)
    v.one_of(errors, "kind", kind, c.PhoneKind, required=True)
    errors.raise_if_any()
    phone = Phone(person=person, number=number, kind=kind)
    audited_create(actor, phone, organisation_id=person.organisation_id)
    return phone


@transaction.atomic
def add_address(actor: Any, person: Person, data: Mapping[str, Any]) -> Address:
    require_row(actor, person, "change")
    errors = v.Errors()
    country_code = v.country(errors, "country", data.get("country") or "PK")
    province = v.subdivision(errors, "province", data.get("province", ""), country_code)
    errors.raise_if_any()
    address = Address(
        person=person,
        street=data.get("street", ""),
        city=data.get("city", ""),
        district=data.get("district", ""),
        province=province,
        country=country_code,
        is_current=data.get("is_current", True),
    )
    audited_create(actor, address, organisation_id=person.organisation_id)
    return address


# --- cases ---------------------------------------------------------------------------------


def _case_prefix(organisation: Organisation) -> str:
    return (organisation.acronym or f"ORG{organisation.pk}").upper().replace(" ", "")


@transaction.atomic
def open_case(
    actor: Any,
    organisation: Organisation,
    case_type: str,
    person: Person,
    role: str,
    opened_on: date | None = None,
) -> Case:
    """Open a case in ``organisation`` with its first person; the actor owns it."""
    require(actor, "case", "add", organisation)
    require_row(actor, person, "view")
    errors = v.Errors()
    v.one_of(errors, "type", case_type, c.CaseType, required=True)
    v.one_of(errors, "role", role, c.CaseRoleType, required=True)
    opened_on = opened_on or timezone.localdate()
    v.not_future(errors, "opened_on", opened_on)
    errors.raise_if_any()
    case = Case.objects.create(
        case_number=f"pending-{timezone.now().timestamp()}-{person.pk}",
        organisation=organisation,
        owner=actor,
        type=case_type,
        opened_on=opened_on,
    )
    # The number comes from the row id, so two caseworkers opening cases at once never clash.
    case.case_number = f"{_case_prefix(organisation)}-{opened_on.year}-{case.pk:06d}"
    case.save(update_fields=["case_number"])
    CaseRole.objects.create(case=case, person=person, role=role)
    audit.record(
        AuditAction.CREATE,
        actor=actor,
        instance=case,
        changes=audit.diff({}, audit.snapshot(case)),
        organisation_id=organisation.pk,
    )
    return case


@transaction.atomic
def register_case(
    actor: Any,
    organisation: Organisation,
    person_data: Mapping[str, Any],
    case_type: str,
    role: str,
    opened_on: date | None = None,
) -> Case:
    """Intake: a new person and a new case around them, in one step."""
    person = create_person(actor, organisation, person_data)
    return open_case(actor, organisation, case_type, person, role, opened_on)


@transaction.atomic
def add_person_to_case(actor: Any, case: Case, person: Person, role: str) -> CaseRole:
    require_row(actor, case, "change")
    require_row(actor, person, "view")
    errors = v.Errors()
    v.one_of(errors, "role", role, c.CaseRoleType, required=True)
    errors.raise_if_any()
    if CaseRole.objects.filter(case=case, person=person, role=role).exists():
        raise ValidationError({"role": f"this person is already a {role} in the case"})
    case_role = CaseRole.objects.create(case=case, person=person, role=role)
    audit.record(
        AuditAction.UPDATE,
        actor=actor,
        instance=case,
        changes={"persons": [None, f"{role}: person #{person.pk}"]},
        organisation_id=case.organisation_id,
    )
    return case_role


@transaction.atomic
def update_case(
    actor: Any, case: Case, data: Mapping[str, Any], expected_version: int | None
) -> dict:
    require_row(actor, case, "change")
    errors = v.Errors()
    if case.is_closed:
        errors.add("status", f"case {case.case_number} is closed; reopen it with a reason first")
    for name, choices in (("type", c.CaseType), ("status", c.CaseStatus), ("stage", c.CaseStage)):
        if name in data:
            v.one_of(errors, name, data[name], choices.values, required=True)
    if data.get("status") in c.CLOSED_STATUSES:
        errors.add("status", "close a case with the closure step, which records the reason")
    owner = data.get("owner")
    if (
        owner is not None
        and not owner.memberships.filter(
            organisation=case.organisation, role__in=CASE_OWNER_ROLES
        ).exists()
    ):
        errors.add("owner", f"{owner.username} does not handle cases in {case.organisation}")
    errors.raise_if_any()
    return audited_update(
        actor,
        case,
        data,
        CASE_FIELDS,
        expected_version=expected_version,
        organisation_id=case.organisation_id,
    )


def _advance(actor: Any, case: Case, stage: str, status: str | None = None) -> None:
    """Move the case forward to ``stage`` if it is behind it (never backwards), and to
    ``status``; like any edit it takes a new version and an audit entry."""
    order = list(c.CaseStage.values)
    data: dict[str, Any] = {}
    if order.index(stage) > order.index(case.stage):
        data["stage"] = stage
    if status and case.status != status:
        data["status"] = status
    if data:
        audited_update(actor, case, data, list(data), organisation_id=case.organisation_id)


def require_case_section(actor: Any, case: Case, section: str) -> None:
    """Who may change ``case`` may record in any section; a receiver of a referral only in
    the sections shared with them for writing (see `sharing`)."""
    if can(actor, case, "change") or section in sharing.shared(actor, case).writable:
        return
    raise PermissionDenied("you may not record this in the case")


# Set while an import loads a case's history: records may then be added to closed cases
# (a closed case in the source system arrives with everything recorded before it closed).
_LOADING_HISTORY: contextvars.ContextVar[bool] = contextvars.ContextVar(
    "loading_history", default=False
)


@contextmanager
def loading_history() -> Iterator[None]:
    token = _LOADING_HISTORY.set(True)
    try:
        yield
    finally:
        _LOADING_HISTORY.reset(token)


def _child(actor: Any, case: Case, instance: Any, section: str | None = None) -> Any:
    if section is None:
        require_row(actor, case, "change")
    else:
        require_case_section(actor, case, section)
    if case.is_closed and not _LOADING_HISTORY.get():
        raise ValidationError({"case": f"case {case.case_number} is closed; reopen it first"})
    instance.case, instance.recorded_by = case, actor
    audited_create(actor, instance, organisation_id=case.organisation_id)
    return instance


def check_screening(errors: v.Errors, data: Mapping[str, Any]) -> dict[str, Any]:
    """Every field and cross-field rule of a screening; returns the cleaned code lists.

    Tolerates raw input (the API runs it on a request its serializer already faulted, so
    that all problems are reported at once).
    """
    v.one_of(errors, "trafficking_status", data.get("trafficking_status", ""), c.TraffickingStatus)
    v.one_of(errors, "decided_by", data.get("decided_by", ""), c.DecisionMakingOrg)
    if data.get("trafficking_status") and not data.get("decided_by"):
        errors.add(
            "decided_by",
            "say which kind of organisation decided the status; allowed: "
            + ", ".join(c.DecisionMakingOrg.values),
        )
    lists: dict[str, Any] = {
        "ilo_indicators": c.IloIndicator,
        "methods_of_control": c.MethodOfControl,
        "exploitation_types": c.TypeOfExploitation,
        "forced_labour_industries": c.Industry,
        "sexual_exploitation_types": c.TypeOfSexExploitation,
        "recruitment_methods": c.MethodOfRecruitment,
        "recruitment_platforms": c.Platform,
        "smuggler_roles": c.SmugglerRole,
    }
    cleaned: dict[str, Any] = {
        name: v.code_list(errors, name, data.get(name), ch) for name, ch in lists.items()
    }
    v.one_of(
        errors,
        "relationship_to_recruiter",
        data.get("relationship_to_recruiter", ""),
        c.RelationshipToTrafficker,
    )
    v.one_of(
        errors,
        "smuggling_arranged_by",
        data.get("smuggling_arranged_by", ""),
        c.SmugglingArrangedBy,
    )
    currency = v.currency(errors, "smuggling_currency", data.get("smuggling_currency") or "")
    amount = data.get("smuggling_amount_paid")
    if amount not in (None, "") and not currency:
        errors.add("smuggling_currency", "give the currency of the amount paid (e.g. PKR)")
    try:
        if amount not in (None, "") and float(amount) < 0:
            errors.add("smuggling_amount_paid", "the amount cannot be negative")
    except (TypeError, ValueError):
        errors.add("smuggling_amount_paid", f"'{amount}' is not a number")
    if cleaned["forced_labour_industries"] and "ForcedLabour" not in cleaned["exploitation_types"]:
        errors.add(
            "forced_labour_industries",
            "only for forced labour: add ForcedLabour to the types of exploitation",
        )
    if (
        cleaned["sexual_exploitation_types"]
        and "SexualExploitation" not in cleaned["exploitation_types"]
    ):
        errors.add(
            "sexual_exploitation_types",
            "only for sexual exploitation: add SexualExploitation to the types of exploitation",
        )
    return {**cleaned, "smuggling_currency": currency}


@transaction.atomic
def record_screening(actor: Any, case: Case, person: Person, data: Mapping[str, Any]) -> Screening:
    errors = v.Errors()
    if not CaseRole.objects.filter(case=case, person=person).exists():
        errors.add("person", "screen a person who is in this case")
    cleaned = check_screening(errors, data)
    amount = data.get("smuggling_amount_paid")
    screened_on = data.get("screened_on") or timezone.localdate()
    v.not_future(errors, "screened_on", screened_on)
    errors.raise_if_any()
    screening = Screening(
        person=person,
        screened_on=screened_on,
        trafficking_status=data.get("trafficking_status", ""),
        decided_by=data.get("decided_by", ""),
        relationship_to_recruiter=data.get("relationship_to_recruiter", ""),
        age_when_trafficked=data.get("age_when_trafficked"),
        smuggling_amount_paid=amount if amount not in (None, "") else None,
        smuggling_arranged_by=data.get("smuggling_arranged_by", ""),
        notes=data.get("notes", ""),
        **cleaned,
    )
    _child(actor, case, screening)
    _advance(actor, case, c.CaseStage.SCREENING)
    return screening


@transaction.atomic
def add_event(actor: Any, case: Case, data: Mapping[str, Any]) -> TraffickingEvent:
    errors = v.Errors()
    v.one_of(errors, "type", data.get("type", ""), c.EventType, required=True)
    country_code = v.country(errors, "country", data.get("country", ""))
    if not data.get("country"):
        errors.add("country", "required: ISO 3166-1 code of where it happened")
    province = (
        v.subdivision(errors, "province", data.get("province", ""), country_code)
        if country_code
        else ""
    )
    v.one_of(errors, "date_precision", data.get("date_precision") or "day", c.DatePrecision)
    v.not_future(errors, "date", data.get("date"))
    errors.raise_if_any()
    event = TraffickingEvent(
        person=data.get("person"),
        type=data["type"],
        country=country_code,
        province=province,
        district=data.get("district", ""),
        city=data.get("city", ""),
        date=data.get("date"),
        date_precision=data.get("date_precision") or "day",
        description=data.get("description", ""),
    )
    return _child(actor, case, event)


@transaction.atomic
def record_consent(
    actor: Any,
    person: Person,
    purpose: str,
    decision: str,
    decided_on: date | None = None,
    case: Case | None = None,
    notes: str = "",
) -> Consent:
    """Record consent given or withdrawn; the newest decision is in force from now on."""
    require_row(actor, person, "change")
    errors = v.Errors()
    v.one_of(errors, "purpose", purpose, c.ConsentPurpose, required=True)
    v.one_of(errors, "decision", decision, c.ConsentDecision, required=True)
    decided_on = decided_on or timezone.localdate()
    v.not_future(errors, "decided_on", decided_on)
    errors.raise_if_any()
    consent = Consent(
        person=person,
        case=case,
        purpose=purpose,
        decision=decision,
        decided_on=decided_on,
        recorded_by=actor,
        notes=notes,
    )
    audited_create(actor, consent, organisation_id=person.organisation_id)
    return consent


@transaction.atomic
def add_support_plan(actor: Any, case: Case, data: Mapping[str, Any]) -> SupportPlan:
    errors = v.Errors()
    v.one_of(errors, "type", data.get("type", ""), c.SupportType, required=True)
    errors.raise_if_any()
    plan = SupportPlan(
        type=data["type"],
        objectives=data.get("objectives", ""),
        action_plan=data.get("action_plan", ""),
        planned_end=data.get("planned_end"),
    )
    _child(actor, case, plan)
    _advance(actor, case, c.CaseStage.ASSISTANCE)
    return plan


def _check_service(errors: v.Errors, data: Mapping[str, Any]) -> None:
    status = data.get("status") or c.ServiceStatus.PLANNED
    v.one_of(errors, "status", status, c.ServiceStatus)
    if status == c.ServiceStatus.DELIVERED and not data.get("delivered_on"):
        errors.add("delivered_on", "give the date the service was delivered")
    v.not_future(errors, "delivered_on", data.get("delivered_on"))


@transaction.atomic
def add_service(actor: Any, case: Case, data: Mapping[str, Any]) -> Service:
    errors = v.Errors()
    v.one_of(errors, "type", data.get("type", ""), c.SupportType, required=True)
    if not isinstance(data.get("provider"), Organisation):
        errors.add("provider", "choose the organisation that provides the service")
    plan = data.get("support_plan")
    if plan is not None and plan.case_id != case.pk:
        errors.add("support_plan", "the support plan belongs to another case")
    _check_service(errors, data)
    errors.raise_if_any()
    service = Service(
        support_plan=plan,
        type=data["type"],
        provider=data["provider"],
        status=data.get("status") or c.ServiceStatus.PLANNED,
        planned_on=data.get("planned_on"),
        delivered_on=data.get("delivered_on"),
        outcome=data.get("outcome", ""),
    )
    _child(actor, case, service, section="support")
    _advance(actor, case, c.CaseStage.ASSISTANCE)
    return service


@transaction.atomic
def update_service(actor: Any, service: Service, data: Mapping[str, Any]) -> dict:
    require_case_section(actor, service.case, "support")
    errors = v.Errors()
    _check_service(errors, {"status": service.status, "delivered_on": service.delivered_on, **data})
    errors.raise_if_any()
    return audited_update(
        actor,
        service,
        data,
        ["status", "planned_on", "delivered_on", "outcome"],
        organisation_id=service.case.organisation_id,
    )


@transaction.atomic
def add_follow_up(actor: Any, case: Case, data: Mapping[str, Any]) -> FollowUp:
    errors = v.Errors()
    v.one_of(errors, "method", data.get("method", ""), c.FollowUpMethod, required=True)
    when = data.get("date") or timezone.localdate()
    v.not_future(errors, "date", when)
    if data.get("next_due") and data["next_due"] < when:
        errors.add("next_due", "the next follow-up cannot be before this one")
    errors.raise_if_any()
    follow_up = FollowUp(
        date=when, method=data["method"], notes=data.get("notes", ""), next_due=data.get("next_due")
    )
    _child(actor, case, follow_up, section="support")
    _advance(
        actor,
        case,
        c.CaseStage.FOLLOW_UP,
        c.CaseStatus.FOLLOW_UP if case.status == c.CaseStatus.ACTIVE else None,
    )
    return follow_up


@transaction.atomic
def add_comment(actor: Any, case: Case, text: str) -> CaseComment:
    if not text.strip():
        raise ValidationError({"text": "write the comment"})
    require_row(actor, case, "change")
    comment = CaseComment(case=case, recorded_by=actor, text=text.strip())
    audited_create(actor, comment, organisation_id=case.organisation_id)
    return comment


@transaction.atomic
def close_case(
    actor: Any,
    case: Case,
    reason: str,
    expected_version: int | None,
    referred: bool = False,
    closed_on: date | None = None,
) -> Case:
    require_row(actor, case, "change")
    errors = v.Errors()
    if case.is_closed:
        errors.add("status", f"case {case.case_number} is already closed")
    if not reason.strip():
        errors.add("closure_reason", "give the reason for closing the case")
    closed_on = closed_on or timezone.localdate()
    v.not_future(errors, "closed_on", closed_on)
    if closed_on < case.opened_on:
        errors.add("closed_on", "a case cannot close before it opened")
    errors.raise_if_any()
    audited_update(
        actor,
        case,
        {
            "status": c.CaseStatus.CLOSED_REFERRED if referred else c.CaseStatus.CLOSED,
            "stage": c.CaseStage.CLOSURE,
            "closure_reason": reason.strip(),
            "closed_on": closed_on,
        },
        ["status", "stage", "closure_reason", "closed_on"],
        expected_version=expected_version,
        organisation_id=case.organisation_id,
    )
    return case


@transaction.atomic
def reopen_case(actor: Any, case: Case, reason: str, expected_version: int | None) -> Case:
    require_row(actor, case, "change")
    if not case.is_closed:
        raise ValidationError({"status": "the case is not closed"})
    if not reason.strip():
        raise ValidationError({"reason": "give the reason for reopening the case"})
    audited_update(
        actor,
        case,
        {"status": c.CaseStatus.ACTIVE, "stage": c.CaseStage.ASSISTANCE, "closed_on": None},
        ["status", "stage", "closed_on"],
        expected_version=expected_version,
        organisation_id=case.organisation_id,
    )
    add_comment(actor, case, f"Reopened: {reason.strip()}")
    return case
