"""Test worlds for the permission matrix: organisations, users and rows of each app."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction

from tests import factories
from tests.permission_matrix import World
from tipsom.core import audit
from tipsom.core.choices import AuditAction, OrganisationType, Role
from tipsom.core.models import Job
from tipsom.core.services import notify


def core_world() -> World:
    """Two organisations (one with a unit), a user per interesting role, and protected rows."""
    org_a = factories.organisation("Alpha Shelter")
    unit_a = factories.organisation("Alpha Shelter Lahore Unit", parent=org_a)
    org_b = factories.organisation("Beta Legal Aid", province="PK-SD")
    nchr = factories.organisation("Rights Commission", type=OrganisationType.GOVERNMENT)
    w: World = {"org_a": org_a, "unit_a": unit_a, "org_b": org_b}
    w["a_caseworker"] = factories.user((org_a, Role.CASEWORKER), username="alpha-caseworker")
    w["a_supervisor"] = factories.user((org_a, Role.SUPERVISOR), username="alpha-supervisor")
    w["a_orgadmin"] = factories.user((org_a, Role.ORG_ADMIN), username="alpha-admin")
    w["unit_caseworker"] = factories.user((unit_a, Role.CASEWORKER), username="unit-caseworker")
    w["b_caseworker"] = factories.user((org_b, Role.CASEWORKER), username="beta-caseworker")
    w["b_orgadmin"] = factories.user((org_b, Role.ORG_ADMIN), username="beta-admin")
    w["auditor"] = factories.user((nchr, Role.AUDITOR), username="the-auditor")
    w["secretariat"] = factories.user((org_a, Role.SECRETARIAT), username="the-secretariat")
    w["nobody"] = factories.user(username="no-roles")
    w["contact_a"] = factories.contact_point(org_a, name="Alpha Focal Person")
    w["contact_b"] = factories.contact_point(org_b, name="Beta Focal Person")
    for key, org, owner in (
        ("job_a", org_a, w["a_caseworker"]),
        ("job_b", org_b, w["b_caseworker"]),
    ):
        job = Job.objects.create(kind="audit.verify", created_by=owner, organisation=org)
        job.result_file.save(f"{key}.csv", ContentFile(b"seq\n1\n"))
        w[key] = job
    with transaction.atomic():
        w["audit_a"] = audit.record(
            AuditAction.SYSTEM, summary="marker-audit-a", organisation_id=org_a.pk
        )
        w["audit_b"] = audit.record(
            AuditAction.SYSTEM, summary="marker-audit-b", organisation_id=org_b.pk
        )
    # One inbox message for each of two users (in different organisations).
    for key, owner in (("note_a", w["a_caseworker"]), ("note_b", w["b_caseworker"])):
        (w[key],) = notify([owner], "test.marker", f"marker-{key}", f"body of {key}")
    return w


def cases_world() -> World:
    """The core world plus a case and person in each of the two organisations."""
    from datetime import date

    from tipsom.cases import services as cases

    w = core_world()
    for side, user, name in (
        ("a", "a_caseworker", "Ayesha Bibi"),
        ("b", "b_caseworker", "Bashir Ahmad"),
    ):
        first, family = name.split()
        case = cases.register_case(
            w[user],
            w[f"org_{side}"],
            {"first_name": first, "family_name": family},
            "trafficking",
            "victim",
            opened_on=date(2026, 1, 5),
        )
        w[f"case_{side}"] = case
        w[f"person_{side}"] = case.roles.get().person
    closed = cases.open_case(
        w["a_caseworker"],
        w["org_a"],
        "smuggling",
        w["person_a"],
        "smuggled_migrant",
        date(2026, 2, 1),
    )
    w["case_a_closed"] = cases.close_case(w["a_caseworker"], closed, "Returned home", 1)
    return w


def referrals_world() -> World:
    """The cases world plus a third organisation (a shelter offering services), consent to
    referral for Alpha's victim, and one referral from Alpha to the shelter (pending)."""
    from datetime import date

    from tipsom.cases import services as cases
    from tipsom.referrals import services as referrals

    w = cases_world()
    shelter = factories.organisation("Gamma Shelter", province="PK-PB")
    w["org_c"] = shelter
    w["c_caseworker"] = factories.user((shelter, Role.CASEWORKER), username="gamma-caseworker")
    w["c_supervisor"] = factories.user((shelter, Role.SUPERVISOR), username="gamma-supervisor")
    w["c_dataofficer"] = factories.user((shelter, Role.DATA_OFFICER), username="gamma-data")
    w["c_orgadmin"] = factories.user((shelter, Role.ORG_ADMIN), username="gamma-admin")
    for org, admin in ((shelter, w["c_orgadmin"]), (w["org_b"], w["b_orgadmin"])):
        for service in ("shelter", "medical", "psychosocial"):
            referrals.add_offer(admin, org, {"service": service, "provinces": ["PK-PB"]})
    w["offer_c"] = shelter.service_offers.get(service="shelter")
    w["offer_b"] = w["org_b"].service_offers.get(service="shelter")
    for side, user in (("a", "a_caseworker"), ("b", "b_caseworker")):
        cases.record_consent(
            w[user], w[f"person_{side}"], "referral", "given", date(2026, 1, 6), w[f"case_{side}"]
        )
    w["referral_a"] = referrals.refer(
        w["a_caseworker"],
        w["case_a"],
        "referral",
        shelter,
        service="shelter",
        sections=["support"],
        reason="needs a safe place tonight",
    )
    w["referral_b"] = referrals.refer(
        w["b_caseworker"],
        w["case_b"],
        "referral",
        shelter,
        service="medical",
        sections=["identity", "support"],
    )
    return w


def exchange_csv(side: str) -> bytes:
    """A small HTCDS CSV of one organisation's register: a good row and a row refused for a
    gender that is no HTCDS code (it waits in the quarantine)."""
    name = {"a": "Alpha", "b": "Beta"}[side]
    return (
        "record_id,prs_FirstName,prs_SecondName,prs_Gender,cas_Status\n"
        f"{side}-1,Zainab,{name}imported,Feminine,Active\n"
        f"{side}-2,Rubina,{name}quarantined,Femenine,Active\n"
    ).encode()


def exchange_world() -> World:
    """The cases world plus a data officer in each of Alpha and Beta, an import into each
    (one row quarantined), and a finished dry run of an uploaded file in each (the one that
    can be imported for real from the page)."""
    from django.test import TestCase

    from tipsom.exchange import services
    from tipsom.exchange.models import ImportBatch

    w = cases_world()
    for side, label in (("a", "alpha"), ("b", "beta")):
        org = w[f"org_{side}"]
        officer = factories.user((org, Role.DATA_OFFICER), username=f"{label}-data")
        w[f"{side}_dataofficer"] = officer
        data = exchange_csv(side)
        batch = services.start_import(
            officer, org, data, "htcds-csv", f"{label} register", file_name=f"{label}-register.csv"
        )
        w[f"batch_{side}"] = services.run_import(officer, batch, data)
        w[f"row_{side}"] = batch.rows.get()
        with TestCase.captureOnCommitCallbacks(execute=True):
            dry = services.upload(
                officer,
                org,
                data,
                f"{label}-dry-run.csv",
                "htcds-csv",
                f"{label} uploads",
                dry_run=True,
            )
        w[f"dryrun_{side}"] = ImportBatch.objects.get(pk=dry.pk)
    return w


def linkage_world() -> World:
    """The cases world plus a third organisation and scored pairs made by hand (no engine):

    * Alpha's victim Ayesha Bibi is linked by score (0.95) to Gamma's "Ayesha Bibi": the
      identity ``identity_a``; a pending pair (0.65) joins her to Beta's "Aisha Bibi"
      (``pair_a``, in Alpha's and Beta's review queue); a pending pair to Beta's "Asia Bibi"
      was rejected by Alpha's data officer (``decision_a``).
    * Beta's Bashir Ahmad: Gamma's "Basheer Ahmed" and "Bashir Ahmad" are linked by score
      (``identity_other``, no Alpha person); a pending Beta–Gamma pair (``pair_other``) and
      a rejected one (``decision_other``, by Beta's data officer) are none of Alpha's business.
    """
    from datetime import date

    from tipsom.cases import services as cases
    from tipsom.linkage import choices as lc
    from tipsom.linkage import services as linkage
    from tipsom.linkage.models import LinkageRun, MatchPair, Membership

    w = cases_world()
    org_c = factories.organisation("Gamma Shelter", province="PK-KP")
    w["org_c"] = org_c
    w["c_caseworker"] = factories.user((org_c, Role.CASEWORKER), username="gamma-caseworker")
    for side, label in (("a", "alpha"), ("b", "beta"), ("c", "gamma")):
        org = w[f"org_{side}"]
        w[f"{side}_dataofficer"] = factories.user(
            (org, Role.DATA_OFFICER), username=f"{label}-data"
        )
    w["programme"] = factories.user((w["org_a"], Role.PROGRAMME_MANAGER), username="the-programme")

    def person(side: str, user: str, first: str, family: str) -> object:
        case = cases.register_case(
            w[user],
            w[f"org_{side}"],
            {"first_name": first, "family_name": family},
            "trafficking",
            "victim",
            opened_on=date(2026, 3, 1),
        )
        return case.roles.get().person

    w["person_a2"] = person("b", "b_caseworker", "Aisha", "Bibi")
    w["person_a3"] = person("b", "b_caseworker", "Asia", "Bibi")
    w["person_c1"] = person("c", "c_caseworker", "Ayesha", "Bibi")
    w["person_b2"] = person("c", "c_caseworker", "Basheer", "Ahmed")
    w["person_b3"] = person("c", "c_caseworker", "Bashir", "Ahmad")
    run = LinkageRun.objects.create(
        kind=lc.RunKind.FULL,
        status=lc.RunStatus.DONE,
        match_threshold=0.8,
        review_threshold=0.5,
        records=7,
    )
    w["run"] = run
    explanation = [
        {"field": "prior", "level": "chance", "weight": -10.0},
        {"field": "given_name", "level": "Exact match on given_phonetic", "weight": 6.1},
        {"field": "family_name", "level": "Exact match on family", "weight": 5.0},
    ]

    def pair(x: object, y: object, probability: float, status: str) -> MatchPair:
        left, right = sorted((x, y), key=lambda p: p.pk)
        return MatchPair.objects.create(
            left=left,
            right=right,
            run=run,
            probability=probability,
            weight=1.0,
            explanation=explanation,
            status=status,
        )

    pair(w["person_a"], w["person_c1"], 0.95, lc.PairStatus.LINKED)
    pair(w["person_b2"], w["person_b3"], 0.97, lc.PairStatus.LINKED)
    w["pair_a"] = pair(w["person_a"], w["person_a2"], 0.65, lc.PairStatus.PENDING)
    w["pair_other"] = pair(w["person_b"], w["person_b2"], 0.7, lc.PairStatus.PENDING)
    linkage._regroup(None)
    w["identity_a"] = Membership.objects.get(person=w["person_a"]).identity
    w["identity_other"] = Membership.objects.get(person=w["person_b2"]).identity
    rejected_a = pair(w["person_a"], w["person_a3"], 0.55, lc.PairStatus.PENDING)
    w["decision_a"] = linkage.reject(w["a_dataofficer"], rejected_a, "different mother's name")
    rejected_other = pair(w["person_b"], w["person_b3"], 0.6, lc.PairStatus.PENDING)
    w["decision_other"] = linkage.reject(w["b_dataofficer"], rejected_other, "not him")
    return w
