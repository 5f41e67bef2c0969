"""The fast path of an import: new records, a chunk at a time, written with `cases.bulk`.

A new record (no earlier import of it, no other row of its case) needs nothing the case
services do one by one that cannot be done for a thousand rows at once. Each row is still
checked by the same rules (`cases.services.clean_person`, `check_screening`, the validation
helpers), and a row they refuse goes back to the row-by-row path, which quarantines it with
the services' own words. The rows written are summarised in one audit entry per chunk, which
lists the cases and persons it created. Everything happens inside the caller's transaction.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from tipsom.cases import bulk
from tipsom.cases import choices as cc
from tipsom.cases import services as cases
from tipsom.cases import validation as v
from tipsom.cases.models import (
    Address,
    Case,
    CaseComment,
    CaseRole,
    Consent,
    IdentityDocument,
    Person,
    PersonNameToken,
    Phone,
    Screening,
    SupportPlan,
    TraffickingEvent,
)
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.exchange import mapping
from tipsom.exchange.models import ImportBatch, SourceRecord

CLOSED = (cc.CaseStatus.CLOSED, cc.CaseStatus.CLOSED_REFERRED)
CHILD_MODELS = (Screening, TraffickingEvent, SupportPlan, CaseComment)
TABLE_MODELS = (
    Person,
    Case,
    CaseRole,
    Screening,
    TraffickingEvent,
    SupportPlan,
    CaseComment,
    Consent,
    IdentityDocument,
    Phone,
    Address,
    SourceRecord,
)


@dataclass
class Planned:
    """One row made ready for writing: every value checked, nothing written yet."""

    record_id: str
    case_ref: str
    digests: dict[str, str]
    person: dict[str, Any]
    role: str
    case: dict[str, Any]
    children: list[tuple[type[Any], dict[str, Any]]] = field(default_factory=list)
    person_children: list[tuple[type[Any], dict[str, Any]]] = field(default_factory=list)


def available() -> bool:
    """The fast path takes ids before inserting: PostgreSQL and SQLite only."""
    return connection.vendor in bulk.FAST


class Writer:
    """Writes chunks of new records; one per import run (its caches last the run)."""

    def __init__(self) -> None:
        self.tokens = bulk.Tokens()
        self.tables = {
            model: bulk.Table(model, with_pk=model in (Person, Case)) for model in TABLE_MODELS
        }

    def plan(
        self,
        record_id: str,
        parts: dict[str, dict[str, Any]],
        digests: dict[str, str],
        case_ref: str,
    ) -> Planned | None:
        """The row's writes, or None when a rule refuses it (the row-by-row path will say
        why, in the services' words)."""
        try:
            return _plan(record_id, parts, digests, case_ref)
        except (ValidationError, ValueError, TypeError):
            return None

    def write(self, actor: Any, batch: ImportBatch, planned: Sequence[Planned]) -> None:
        if not planned:
            return
        now = timezone.now()
        organisation = batch.organisation
        persons = [
            {"id": pk, "organisation_id": organisation.pk, "created_by_id": actor.pk, **item.person}
            for pk, item in zip(bulk.allocate_ids(Person, len(planned)), planned, strict=True)
        ]
        self._write(Person, persons)
        tokens = [
            (person["id"], token) for person in persons for token in self.tokens(_spellings(person))
        ]
        bulk.insert(PersonNameToken, ["person_id", "token"], tokens)
        prefix = cases._case_prefix(organisation)
        built = [
            {
                "id": pk,
                "organisation_id": organisation.pk,
                "owner_id": actor.pk,
                "case_number": f"{prefix}-{item.case['opened_on'].year}-{pk:06d}",
                **item.case,
            }
            for pk, item in zip(bulk.allocate_ids(Case, len(planned)), planned, strict=True)
        ]
        self._write(Case, built)
        rows: dict[type[Any], list[dict[str, Any]]] = {model: [] for model in TABLE_MODELS}
        for item, person_row, case_row in zip(planned, persons, built, strict=True):
            person_id, case_id = person_row["id"], case_row["id"]
            rows[CaseRole].append({"case_id": case_id, "person_id": person_id, "role": item.role})
            for model, values in item.children:
                extra = {"recorded_by_id": actor.pk} if model in CHILD_MODELS else {}
                person_key = {"person_id": person_id} if model is Screening else {}
                rows[model].append({**values, "case_id": case_id, **extra, **person_key})
            for model, values in item.person_children:
                extra = {"case_id": case_id, "recorded_by_id": actor.pk} if model is Consent else {}
                rows[model].append({**values, "person_id": person_id, **extra})
            rows[SourceRecord].append(
                {
                    "organisation_id": organisation.pk,
                    "source_system": batch.source_system,
                    "record_id": item.record_id,
                    "case_ref": item.case_ref,
                    "person_id": person_id,
                    "case_id": case_id,
                    "digests": item.digests,
                    "batch_id": batch.pk,
                }
            )
        for model in TABLE_MODELS[2:]:
            self._write(model, rows[model])
        audit.record(
            AuditAction.CREATE,
            actor=actor,
            instance=batch,
            organisation_id=organisation.pk,
            summary=f"import #{batch.pk}: {len(planned)} persons and cases created",
            changes={
                "cases": [case["id"] for case in built],
                "persons": [person["id"] for person in persons],
                "at": now.isoformat(),
            },
        )

    def _write(self, model: type[Any], objs: Sequence[Any]) -> None:
        self.tables[model].write(objs, 2000)


def _spellings(person: dict[str, Any]) -> list[tuple[str, ...]]:
    """The names `cases.services.name_tokens_of` tokenises, from a person's cleaned fields."""
    aliases = json.loads(person["aliases"]) if person.get("aliases") else []
    first, father, family = (
        person.get(k, "") for k in ("first_name", "father_name", "family_name")
    )
    return [(first, father, family), (first, family), *((alias,) for alias in aliases)]


def _plan(
    record_id: str, parts: dict[str, dict[str, Any]], digests: dict[str, str], case_ref: str
) -> Planned:
    person_fields = dict(parts["person"])
    role = person_fields.pop("role")
    if person_fields.get("birth_date") is None:
        person_fields["birth_date"] = ""
    person = cases.clean_person(person_fields)
    case_part = parts["case"]
    opened_on: date = case_part["opened_on"] or timezone.localdate()
    status = case_part["status"]
    errors = v.Errors()
    v.one_of(errors, "type", case_part["type"], cc.CaseType, required=True)
    v.one_of(errors, "role", role, cc.CaseRoleType, required=True)
    v.not_future(errors, "opened_on", opened_on)
    children: list[tuple[type[Any], dict[str, Any]]] = []
    person_children: list[tuple[type[Any], dict[str, Any]]] = []
    if "screening" in parts:
        data = parts["screening"]
        lists = cases.check_screening(errors, data)
        children.append(
            (
                Screening,
                {
                    "screened_on": opened_on,
                    "trafficking_status": data.get("trafficking_status", ""),
                    "decided_by": data.get("decided_by", ""),
                    "relationship_to_recruiter": data.get("relationship_to_recruiter", ""),
                    "age_when_trafficked": data.get("age_when_trafficked"),
                    **lists,
                },
            )
        )
    if "event" in parts:
        event = dict(parts["event"])
        if event.get("province"):
            event.update(
                mapping.province_or_district(event.pop("province"), event.get("country", ""))
            )
        v.one_of(errors, "type", event.get("type", ""), cc.EventType.values, required=True)
        country = v.country(errors, "country", event.get("country", ""))
        province = (
            v.subdivision(errors, "province", event.get("province", ""), country) if country else ""
        )
        v.not_future(errors, "date", event.get("date"))
        children.append(
            (
                TraffickingEvent,
                {
                    "type": event.get("type"),
                    "country": country,
                    "province": province,
                    "district": event.get("district", ""),
                    "city": event.get("city", ""),
                    "date": event.get("date"),
                    "date_precision": "day",
                    "description": event.get("description", ""),
                },
            )
        )
    if "plan" in parts:
        plan = parts["plan"]
        v.one_of(errors, "type", plan.get("type", ""), cc.SupportType.values, required=True)
        children.append(
            (
                SupportPlan,
                {
                    "type": plan["type"],
                    "objectives": plan.get("objectives", ""),
                    "action_plan": plan.get("action_plan", ""),
                    "planned_end": plan.get("planned_end"),
                    "actual_end": plan.get("actual_end"),
                },
            )
        )
    if "comment" in parts:
        children.append((CaseComment, {"text": parts["comment"]["text"]}))
    if "consent" in parts:
        person_children.append(
            (
                Consent,
                {
                    "purpose": mapping.CONSENT_PURPOSE,
                    "decision": cc.ConsentDecision.GIVEN
                    if parts["consent"]["given"]
                    else cc.ConsentDecision.WITHDRAWN,
                    "decided_on": opened_on,
                },
            )
        )
    contact = parts.get("contact")
    if contact:
        if contact["document"]:
            kind = mapping.document_type(contact["document"])
            number = v.document_number(errors, "number", kind, contact["document"])
            person_children.append(
                (
                    IdentityDocument,
                    {
                        "type": kind,
                        "number": number,
                        "issuing_country": "PK" if kind == cc.DocumentType.CNIC else "",
                    },
                )
            )
        for kind, key in ((cc.PhoneKind.MOBILE, "mobile"), (cc.PhoneKind.HOME, "home")):
            if contact[key]:  # already E.164, checked with phonenumbers by engine.exchange
                person_children.append((Phone, {"kind": kind, "number": contact[key]}))
        address = {k: contact[k] for k in ("street", "city") if contact[k]}
        address.update(mapping.province_or_district(contact["state"], contact["country"]))
        if address or contact["country"]:
            country = v.country(errors, "country", contact["country"] or "PK")
            province = v.subdivision(errors, "province", address.get("province", ""), country)
            person_children.append(
                (
                    Address,
                    {
                        "street": address.get("street", ""),
                        "city": address.get("city", ""),
                        "district": address.get("district", ""),
                        "province": province,
                        "country": country,
                        "is_current": True,
                    },
                )
            )
    closed = status in CLOSED
    if closed and not case_part["closure_reason"].strip():
        errors.add("closure_reason", "give the reason for closing the case")
    errors.raise_if_any()
    stage = (
        cc.CaseStage.CLOSURE
        if closed
        else cc.CaseStage.SCREENING
        if "screening" in parts
        else cc.CaseStage.INTAKE
    )
    case = {
        "type": case_part["type"],
        "opened_on": opened_on,
        "status": status,
        "stage": stage,
        "closure_reason": case_part["closure_reason"].strip() if closed else "",
        "closed_on": timezone.localdate() if closed else None,
    }
    return Planned(record_id, case_ref, digests, person, role, case, children, person_children)
