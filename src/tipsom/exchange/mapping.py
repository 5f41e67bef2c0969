"""Between the flat HTCDS record (engine.exchange.record) and tipsom's cases.

A record splits into parts (person, case, screening, event, plan, comment, consent), each
written through the case services, so every import passes the same rules and audit as a
caseworker's typing. A record read back from a case gives the same record: what an import
wrote, an export gives back.
"""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date
from typing import Any

from tipsom.cases import choices as c
from tipsom.cases.models import Case, Consent, Person

# Parts about the case, not the person: rows of one case carry them alike, written once.
CASE_PARTS = frozenset({"case", "event", "plan", "comment"})

SCREENING_FIELDS = {
    "vic_TraffickingStatus": "trafficking_status",
    "vic_TraffickingStatusDecisionMakingOrg": "decided_by",
    "vic_RelationshipToTrafficker": "relationship_to_recruiter",
    "vic_AgeWhenTrafficked": "age_when_trafficked",
    "vic_RecruitmentWebsitesAndApps": "recruitment_platforms",
    "vic_MethodOfRecruitment": "recruitment_methods",
    "vic_MethodsOfControl": "methods_of_control",
    "vic_TypeOfExploitation": "exploitation_types",
    "vic_ForcedLabourIndustry": "forced_labour_industries",
    "vic_TypeOfSexExploitation": "sexual_exploitation_types",
}
EVENT_FIELDS = {
    "hte_Type": "type",
    "hte_Country": "country",
    "hte_State": "province",
    "hte_City": "city",
    "hte_Date": "date",
    "hte_Description": "description",
}
PLAN_FIELDS = {
    "spl_Type": "type",
    "spl_Objectives": "objectives",
    "spl_ActionPlan": "action_plan",
    "spl_PlannedEndDate": "planned_end",
    "spl_ActualEndDate": "actual_end",
}
SEX_OF_GENDER = {"Feminine": c.Sex.FEMALE, "Masculine": c.Sex.MALE}
CNIC = re.compile(r"\d{5}-?\d{7}-?\d")
# HTCDS con_Consent is one checkbox: the person's consent to having their data managed and
# shared for their case. It maps onto our consent to data sharing.
CONSENT_PURPOSE = c.ConsentPurpose.DATA_SHARING


def parts(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """The record cut into the parts written separately (empty parts left out)."""
    r = record
    first = " ".join(x for x in (r.get("prs_FirstName"), r.get("prs_MiddleName")) if x)
    person: dict[str, Any] = {
        "first_name": first,
        "family_name": r.get("prs_SecondName", ""),
        "father_name": r.get("tipsom_father_name", ""),
        "aliases": r.get("tipsom_aliases", []),
        "gender": r.get("prs_Gender", ""),
        "sex": r.get("tipsom_sex") or SEX_OF_GENDER.get(r.get("prs_Gender", ""), c.Sex.UNKNOWN),
        "birth_date": r.get("prs_Birthdate"),
        "birth_year": r.get("tipsom_birth_year"),
        "age_is_estimated": bool(r.get("tipsom_age_is_estimated")),
        "citizenships": r.get("prs_Citizenship", []),
        "languages": [
            x for x in (r.get("prs_PrimaryLanguage"), r.get("prs_SecondaryLanguage")) if x
        ],
        "education": r.get("prs_HighestLevelOfEducation", ""),
        "marital_status": r.get("prs_MaritalStatus", ""),
        "number_of_children": r.get("prs_NumberOfChildren"),
        "is_anonymous": bool(r.get("tipsom_anonymous")),
    }
    if person["birth_date"] is not None:
        person["birth_year"] = None  # derived from the date
    out: dict[str, dict[str, Any]] = {"person": person}
    contact = {
        "document": r.get("prs_IdentityNumber", ""),
        "mobile": r.get("prs_MobilePhone", ""),
        "home": r.get("prs_HomePhone", ""),
        "street": r.get("prs_MailingStreet", ""),
        "city": r.get("prs_MailingCity", ""),
        "state": r.get("prs_MailingState", ""),
        "country": r.get("prs_MailingCountry", ""),
    }
    if any(contact.values()):
        out["contact"] = contact
    out["case"] = {
        "type": r.get("tipsom_case_type") or c.CaseType.TRAFFICKING,
        "opened_on": r.get("tipsom_opened_on"),
        "status": r.get("cas_Status") or c.CaseStatus.ACTIVE,
        "closure_reason": r.get("cas_ReasonForCaseClosure", ""),
    }
    for name, fields in (
        ("screening", SCREENING_FIELDS),
        ("event", EVENT_FIELDS),
        ("plan", PLAN_FIELDS),
    ):
        part = {ours: r[theirs] for theirs, ours in fields.items() if theirs in r}
        if part:
            out[name] = part
    if r.get("cco_CaseComment"):
        out["comment"] = {"text": r["cco_CaseComment"]}
    if "con_Consent" in r:
        out["consent"] = {"given": bool(r["con_Consent"])}
    out["person"]["role"] = r.get("tipsom_role") or c.CaseRoleType.VICTIM
    return out


def digest(part: dict[str, Any]) -> str:
    text = json.dumps(part, sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def document_type(number: str) -> str:
    return c.DocumentType.CNIC if CNIC.fullmatch(number.strip()) else c.DocumentType.OTHER


def province_or_district(state: str, country: str) -> dict[str, str]:
    """HTCDS's state is free text: an ISO 3166-2 code becomes our province, else a district."""
    code = state.strip().upper()
    if re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", code) and code.startswith((country or "PK") + "-"):
        return {"province": code}
    return {"district": state.strip()} if state.strip() else {}


# --- back: a case and person as a record ----------------------------------------------------


def record_of(case: Case, person: Person, role: str, case_ref: str = "") -> dict[str, Any]:
    """The record of ``person`` in ``case``: the inverse of `parts` on what an import wrote
    (the case's newest screening, plan and comment, its first event, the newest consent)."""
    record: dict[str, Any] = {}

    def put(name: str, value: Any) -> None:
        if value not in (None, "", [], False) or (name == "con_Consent" and value is False):
            record[name] = value

    put("prs_FirstName", person.first_name)
    put("prs_SecondName", person.family_name)
    put("tipsom_father_name", person.father_name)
    put("tipsom_aliases", json.loads(person.aliases) if person.aliases else [])
    put("prs_Gender", person.gender)
    if person.sex != SEX_OF_GENDER.get(person.gender, c.Sex.UNKNOWN):
        put("tipsom_sex", person.sex)
    if person.birth_date:
        put("prs_Birthdate", date.fromisoformat(person.birth_date))
    else:
        put("tipsom_birth_year", person.birth_year)
    put("tipsom_age_is_estimated", person.age_is_estimated)
    put("tipsom_anonymous", person.is_anonymous)
    put("prs_Citizenship", list(person.citizenships))
    languages = list(person.languages)
    put("prs_PrimaryLanguage", languages[0] if languages else "")
    put("prs_SecondaryLanguage", languages[1] if len(languages) > 1 else "")
    put("prs_HighestLevelOfEducation", person.education)
    put("prs_MaritalStatus", person.marital_status)
    put("prs_NumberOfChildren", person.number_of_children)
    document = person.documents.order_by("pk").first()
    put("prs_IdentityNumber", document.number if document else "")
    for phone in person.phones.order_by("pk"):
        key = "prs_HomePhone" if phone.kind == c.PhoneKind.HOME else "prs_MobilePhone"
        if key not in record:
            put(key, phone.number)
    address = person.addresses.order_by("pk").first()
    if address is not None:
        put("prs_MailingStreet", address.street)
        put("prs_MailingCity", address.city)
        put("prs_MailingState", address.province or address.district)
        put("prs_MailingCountry", address.country)
    put("tipsom_case_ref", case_ref or case.case_number)
    put("tipsom_case_type", case.type)
    put("tipsom_role", role)
    put("tipsom_opened_on", case.opened_on)
    put("cas_Status", case.status)
    put("cas_ReasonForCaseClosure", case.closure_reason)
    screening = case.screenings.filter(person=person).order_by("-screened_on", "-pk").first()
    if screening is not None:
        for theirs, ours in SCREENING_FIELDS.items():
            put(theirs, getattr(screening, ours))
    event = case.traffickingevents.order_by("pk").first()
    if event is not None:
        for theirs, ours in EVENT_FIELDS.items():
            put(theirs, getattr(event, ours))
    plan = case.supportplans.order_by("-pk").first()
    if plan is not None:
        for theirs, ours in PLAN_FIELDS.items():
            put(theirs, getattr(plan, ours))
    comment = case.casecomments.order_by("-pk").first()
    put("cco_CaseComment", comment.text if comment else "")
    consent = (
        Consent.objects.filter(person=person, purpose=CONSENT_PURPOSE)
        .order_by("-decided_on", "-pk")
        .first()
    )
    if consent is not None:
        put("con_Consent", consent.decision == c.ConsentDecision.GIVEN)
    return record
