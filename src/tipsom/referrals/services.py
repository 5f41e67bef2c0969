"""Every write of the referral mechanism: one function per action, in a transaction, audited.

Consent is enforced here, on the server, for every road in (pages, API, imports): a referral
or transfer is refused unless each victim, smuggled migrant or returnee in the case has a
consent to referral in force. Only a user granted ``consentoverride`` may proceed without it,
and only with a written justification, which is audited and shown on the case. No argument
of these functions, and so no request parameter, skips the check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_noop

from tipsom.cases import selectors as case_selectors
from tipsom.cases import sharing
from tipsom.cases import validation as v
from tipsom.cases.choices import CaseStatus, ConsentPurpose, SupportType
from tipsom.cases.models import Case, CaseRole, Person
from tipsom.core import audit
from tipsom.core.choices import AuditAction
from tipsom.core.concurrency import check_version
from tipsom.core.models import ContactPoint, Organisation
from tipsom.core.querysets import allows
from tipsom.core.selectors import can
from tipsom.core.services import audited_create, audited_update, notify, require
from tipsom.referrals import choices as c
from tipsom.referrals import selectors
from tipsom.referrals.models import Referral, ServiceOffer

OFFER_FIELDS = [
    "service",
    "provinces",
    "districts",
    "target_groups",
    "capacity",
    "contact_point",
    "notes",
    "is_active",
]
# A justification for proceeding without consent must say something.
MIN_JUSTIFICATION = 30


# --- the service directory -----------------------------------------------------------------


def _check_offer(errors: v.Errors, organisation: Organisation, data: Mapping[str, Any]) -> None:
    if "service" in data:
        v.one_of(errors, "service", data["service"], SupportType.values, required=True)
    for name, allowed in (("target_groups", c.TargetGroup.values),):
        bad = [g for g in data.get(name) or [] if g not in allowed]
        if bad:
            errors.add(
                name, f"{', '.join(map(repr, bad))} not allowed; allowed: {', '.join(allowed)}"
            )
    provinces = data.get("provinces") or []
    if not isinstance(provinces, list):
        errors.add("provinces", "give a list of province codes (ISO 3166-2, e.g. PK-PB)")
    else:
        for province in provinces:
            v.subdivision(errors, "provinces", str(province), organisation.country or "PK")
    districts = data.get("districts") or []
    if not isinstance(districts, list) or not all(
        isinstance(d, str) and d.strip() for d in districts
    ):
        errors.add("districts", "give a list of district names")
    contact = data.get("contact_point")
    if contact is not None and (
        not isinstance(contact, ContactPoint) or contact.organisation_id != organisation.pk
    ):
        errors.add("contact_point", f"choose a contact point of {organisation}")


@transaction.atomic
def add_offer(actor: Any, organisation: Organisation, data: Mapping[str, Any]) -> ServiceOffer:
    require(actor, "serviceoffer", "add", organisation)
    errors = v.Errors()
    _check_offer(errors, organisation, {"service": "", **data})
    if (
        data.get("service")
        and ServiceOffer.objects.filter(organisation=organisation, service=data["service"]).exists()
    ):
        errors.add("service", f"{organisation} already lists this service; change that entry")
    errors.raise_if_any()
    offer = ServiceOffer(organisation=organisation)
    for name, value in data.items():
        if name not in OFFER_FIELDS:
            raise ValidationError(
                {name: f"'{name}' cannot be set; allowed: {', '.join(OFFER_FIELDS)}"}
            )
        setattr(offer, name, value)
    audited_create(actor, offer)
    return offer


@transaction.atomic
def update_offer(actor: Any, offer: ServiceOffer, data: Mapping[str, Any]) -> dict:
    require(actor, "serviceoffer", "change", offer.organisation)
    errors = v.Errors()
    _check_offer(errors, offer.organisation, data)
    errors.raise_if_any()
    return audited_update(actor, offer, data, [f for f in OFFER_FIELDS if f != "service"])


# --- referrals and transfers ---------------------------------------------------------------


def _url(referral: Referral) -> str:
    return reverse("referrals:referral_detail", args=[referral.pk])


def _tell(users: Iterable[Any], kind: str, referral: Referral, subject: str) -> None:
    """Notify without names: the case number and the organisations only. ``subject`` is
    stored in English and translated when shown (the inbox is in the reader's language)."""
    body = (
        f"{referral.get_kind_display()} #{referral.pk} of case {referral.case.case_number}: "
        f"{referral.sender} → {referral.receiver}"
        + (f", {referral.get_service_display()}" if referral.service else "")
    )
    notify(users, kind, subject, body, _url(referral))


def _check_consent(actor: Any, case: Case, justification: str, errors: v.Errors) -> bool:
    """True when consent is missing and the actor overrides it with a justification."""
    missing = case_selectors.clients_without_consent(case, ConsentPurpose.REFERRAL)
    if not case_selectors.has_clients(case):
        errors.add("case", "the case has no victim, smuggled migrant or returnee to consent")
        return False
    if not missing:
        if justification:
            errors.add(
                "override_justification",
                "consent to referral is in force; there is nothing to override",
            )
        return False
    if not justification:
        who = ", ".join(f"person #{p.pk}" for p in missing)
        errors.add(
            "consent",
            f"no consent to referral in force for {who}: record the person's consent first"
            " (a supervisor may proceed without it only with a written justification)",
        )
        return False
    if not allows(actor, "consentoverride", "add", case.organisation):
        raise PermissionDenied("you may not refer a case without the person's consent")
    if len(justification.strip()) < MIN_JUSTIFICATION:
        errors.add(
            "override_justification",
            f"explain in at least {MIN_JUSTIFICATION} characters why the referral cannot wait",
        )
        return False
    return True


@transaction.atomic
def refer(
    actor: Any,
    case: Case,
    kind: str,
    receiver: Organisation | None,
    *,
    service: str = "",
    sections: Iterable[str] = (),
    reason: str = "",
    details: str = "",
    override_justification: str = "",
) -> Referral:
    """Refer ``case`` to ``receiver`` for ``service``, sharing ``sections``; or (``kind``
    transfer) offer the whole case to it. Refused without consent (see the module doc)."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not can(actor, case, "change"):
        raise PermissionDenied("you may not refer this case")
    require(actor, "referral", "add", case.organisation)
    errors = v.Errors()
    if kind not in (c.ReferralKind.REFERRAL, c.ReferralKind.TRANSFER):
        errors.add(
            "kind",
            f"{kind!r} not allowed; allowed: referral, transfer"
            " (a transfer request is made by the organisation that wants the case)",
        )
    if not isinstance(receiver, Organisation):
        errors.add("receiver", "choose the organisation to refer to")
    elif receiver.pk == case.organisation_id:
        errors.add("receiver", "a case cannot be referred to the organisation that holds it")
    elif not receiver.is_active:
        errors.add("receiver", f"{receiver} is no longer active")
    if case.status in (CaseStatus.CLOSED, CaseStatus.CLOSED_REFERRED):
        errors.add("case", f"case {case.case_number} is closed; reopen it first")
    chosen = list(dict.fromkeys(sections))
    bad = [s for s in chosen if s not in sharing.SECTIONS]
    if bad:
        errors.add(
            "sections",
            f"{', '.join(map(repr, bad))} not allowed; allowed: {', '.join(sharing.SECTIONS)}",
        )
    if kind == c.ReferralKind.REFERRAL:
        if not service:
            errors.add("service", "choose the service the person is referred for")
        elif service not in SupportType.values:
            errors.add(
                "service", f"{service!r} not allowed; allowed: {', '.join(SupportType.values)}"
            )
        elif isinstance(receiver, Organisation) and selectors.offer(receiver, service) is None:
            offered = sorted(
                ServiceOffer.objects.filter(organisation=receiver, is_active=True).values_list(
                    "service", flat=True
                )
            )
            errors.add(
                "service",
                f"{receiver} does not offer {service!r}; it offers: "
                + (", ".join(offered) or "nothing listed in the directory"),
            )
        if not chosen:
            errors.add(
                "sections", f"share at least one section; allowed: {', '.join(sharing.SECTIONS)}"
            )
    elif kind == c.ReferralKind.TRANSFER:
        chosen = list(sharing.SECTIONS)  # the whole case moves
    if (
        isinstance(receiver, Organisation)
        and Referral.objects.filter(
            case=case, receiver=receiver, state__in=c.OPEN_STATES, kind=kind, service=service
        ).exists()
    ):
        errors.add("receiver", f"an open {kind} of this case to {receiver} already exists")
    overridden = _check_consent(actor, case, override_justification.strip(), errors)
    errors.raise_if_any()
    assert isinstance(receiver, Organisation)
    referral = Referral(
        kind=kind,
        case=case,
        sender=case.organisation,
        receiver=receiver,
        service=service if kind == c.ReferralKind.REFERRAL else "",
        sections=chosen,
        reason=reason,
        details=details,
        consent_overridden=overridden,
        override_justification=override_justification.strip() if overridden else "",
        due_on=timezone.localdate() + timedelta(days=settings.TIPSOM_REFERRAL_RESPONSE_DAYS),
        created_by=actor,
    )
    audited_create(
        actor,
        referral,
        organisation_id=case.organisation_id,
        summary=(
            f"{kind} of case {case.case_number} to {receiver}"
            + (" WITHOUT recorded consent (justified override)" if overridden else "")
        ),
    )
    _tell(
        selectors.handlers(receiver),
        "referral.new",
        referral,
        gettext_noop("New referral")
        if kind == c.ReferralKind.REFERRAL
        else gettext_noop("New transfer"),
    )
    return referral


@transaction.atomic
def request_transfer(
    actor: Any, case_number: str, requester: Organisation, reason: str = ""
) -> Referral:
    """``requester`` asks the holder of case ``case_number`` to transfer it. Nothing of the
    case is shown to the requester unless the holder accepts."""
    require(actor, "referral", "add", requester)
    errors = v.Errors()
    case = Case.objects.filter(case_number__iexact=case_number.strip()).first()
    if case is None:
        errors.add("case_number", f"no case numbered {case_number!r}")
    elif case.organisation_id == requester.pk:
        errors.add("case_number", f"case {case.case_number} is already held by {requester}")
    elif Referral.objects.filter(
        case=case, receiver=requester, state__in=c.OPEN_STATES, kind=c.ReferralKind.TRANSFER_REQUEST
    ).exists():
        errors.add("case_number", f"{requester} has already asked for this case")
    if not reason.strip():
        errors.add("reason", "say why your organisation should take over the case")
    errors.raise_if_any()
    assert case is not None
    referral = Referral(
        kind=c.ReferralKind.TRANSFER_REQUEST,
        case=case,
        sender=case.organisation,
        receiver=requester,
        sections=list(sharing.SECTIONS),
        reason=reason.strip(),
        due_on=timezone.localdate() + timedelta(days=settings.TIPSOM_REFERRAL_RESPONSE_DAYS),
        created_by=actor,
    )
    audited_create(actor, referral, organisation_id=requester.pk)
    _tell(
        selectors.handlers(case.organisation),
        "referral.new",
        referral,
        gettext_noop("Request to take over a case"),
    )
    return referral


def _require_side(actor: Any, referral: Referral, organisation: Organisation, what: str) -> None:
    if not allows(actor, "referral", "change", organisation):
        raise PermissionDenied(f"only {organisation} may {what} this referral")


def _require_state(referral: Referral, allowed: Iterable[str], what: str) -> None:
    allowed = [state for state in c.ReferralState.values if state in set(allowed)]
    if referral.state not in allowed:
        raise ValidationError(
            {
                "state": f"this referral is {referral.state}; it can be {what} only while "
                f"{' or '.join(allowed)}"
            }
        )


def _change_state(
    actor: Any, referral: Referral, version: int | None, data: dict[str, Any]
) -> None:
    audited_update(
        actor,
        referral,
        data,
        list(data),
        expected_version=version,
        organisation_id=referral.sender_id,
    )


@transaction.atomic
def accept(actor: Any, referral: Referral, version: int | None) -> Referral:
    """The answering side accepts. A referral opens the shared sections for recording; a
    transfer (or granted transfer request) moves the case and completes at once."""
    _require_side(actor, referral, referral.answered_by, "accept")
    check_version(referral, version)
    referral.refresh_from_db()
    _require_state(referral, [c.ReferralState.PENDING], "accepted")
    if not selectors.consent_holds(referral):
        raise ValidationError(
            {"consent": "the person's consent to referral was withdrawn; it cannot proceed"}
        )
    now = timezone.now()
    data: dict[str, Any] = {
        "state": c.ReferralState.ACCEPTED,
        "decided_by": actor,
        "decided_at": now,
    }
    if referral.kind == c.ReferralKind.REFERRAL:
        data["assigned_to"] = actor
        _change_state(actor, referral, version, data)
    else:
        _change_state(actor, referral, version, data)
        new_owner = actor if referral.kind == c.ReferralKind.TRANSFER else referral.created_by
        _move_case(actor, referral, new_owner)
        _change_state(
            actor,
            referral,
            referral.version,
            {"state": c.ReferralState.COMPLETED, "closed_at": now},
        )
    _tell([referral.created_by], "referral.accepted", referral, gettext_noop("Referral accepted"))
    return referral


def _move_case(actor: Any, referral: Referral, new_owner: Any) -> None:
    """Give the case (and the persons in no other case of the sender) to the receiver."""
    case = Case.objects.select_for_update().get(pk=referral.case_id)
    audited_update(
        actor,
        case,
        {"organisation": referral.receiver, "owner": new_owner},
        ["organisation", "owner"],
        organisation_id=referral.receiver_id,
        summary=f"case {case.case_number} transferred: {referral.sender} → {referral.receiver}",
    )
    person_ids = CaseRole.objects.filter(case=case).values_list("person_id", flat=True)
    for person in Person.objects.filter(pk__in=person_ids, organisation_id=referral.sender_id):
        elsewhere = (
            CaseRole.objects.filter(person=person, case__organisation_id=referral.sender_id)
            .exclude(case=case)
            .exists()
        )
        if not elsewhere:
            audited_update(
                actor,
                person,
                {"organisation": referral.receiver},
                ["organisation"],
                organisation_id=referral.receiver_id,
            )
    _hand_over_open_referrals(actor, referral)


def _hand_over_open_referrals(actor: Any, transfer: Referral) -> None:
    """The case's other open referrals follow it: the new holder answers for those it had
    sent to others, and those sent to the new holder itself have nothing left to do."""
    others = Referral.objects.filter(case_id=transfer.case_id, state__in=c.OPEN_STATES).exclude(
        pk=transfer.pk
    )
    now = timezone.now()
    for other in others.select_for_update():
        if other.receiver_id == transfer.receiver_id:
            data: dict[str, Any] = {
                "state": c.ReferralState.COMPLETED,
                "outcome": f"the case was transferred to {transfer.receiver}",
                "closed_at": now,
            }
        elif other.kind == c.ReferralKind.TRANSFER_REQUEST:
            data = {
                "state": c.ReferralState.DECLINED,
                "state_reason": f"the case was transferred to {transfer.receiver}",
                "decided_at": now,
            }
        else:
            data = {"sender": transfer.receiver}
        _change_state(actor, other, None, data)


def _transition(
    actor: Any,
    referral: Referral,
    version: int | None,
    allowed: Iterable[str],
    what: str,
    data: dict[str, Any],
) -> None:
    """Lock, check the version the user saw and the state, then write and audit."""
    check_version(referral, version)
    referral.refresh_from_db()
    _require_state(referral, allowed, what)
    _change_state(actor, referral, version, data)


@transaction.atomic
def decline(actor: Any, referral: Referral, version: int | None, reason: str) -> Referral:
    _require_side(actor, referral, referral.answered_by, "decline")
    if not reason.strip():
        raise ValidationError({"reason": "say why the referral is declined"})
    _transition(
        actor,
        referral,
        version,
        [c.ReferralState.PENDING],
        "declined",
        {
            "state": c.ReferralState.DECLINED,
            "state_reason": reason.strip(),
            "decided_by": actor,
            "decided_at": timezone.now(),
        },
    )
    _tell([referral.created_by], "referral.declined", referral, gettext_noop("Referral declined"))
    return referral


@transaction.atomic
def revoke(actor: Any, referral: Referral, version: int | None, reason: str) -> Referral:
    """The asking side takes the referral back; the receiver's access ends at once."""
    asker = referral.asked_by
    _require_side(actor, referral, asker, "revoke")
    if not reason.strip():
        raise ValidationError({"reason": "say why the referral is revoked"})
    _transition(
        actor,
        referral,
        version,
        c.OPEN_STATES,
        "revoked",
        {
            "state": c.ReferralState.REVOKED,
            "state_reason": reason.strip(),
            "closed_at": timezone.now(),
        },
    )
    other = referral.sender if asker == referral.receiver else referral.receiver
    _tell(selectors.handlers(other), "referral.revoked", referral, gettext_noop("Referral revoked"))
    return referral


@transaction.atomic
def complete(actor: Any, referral: Referral, version: int | None, outcome: str) -> Referral:
    """Either side closes an accepted referral with its outcome; the receiver's access ends."""
    if not (
        allows(actor, "referral", "change", referral.receiver)
        or allows(actor, "referral", "change", referral.sender)
    ):
        raise PermissionDenied(
            "only the sending or receiving organisation may complete this referral"
        )
    if not outcome.strip():
        raise ValidationError({"outcome": "say what came of the referral"})
    _transition(
        actor,
        referral,
        version,
        [c.ReferralState.ACCEPTED],
        "completed",
        {
            "state": c.ReferralState.COMPLETED,
            "outcome": outcome.strip(),
            "closed_at": timezone.now(),
        },
    )
    _tell(
        [referral.created_by, referral.assigned_to],
        "referral.completed",
        referral,
        gettext_noop("Referral completed"),
    )
    return referral


def notify_overdue() -> int:
    """Tell both sides of every pending referral that passed its answer date, once each."""
    sent = 0
    for referral in (
        selectors.overdue()
        .filter(overdue_notified_at__isnull=True)
        .select_related("case", "sender", "receiver", "created_by")
    ):
        with transaction.atomic():
            updated = Referral.objects.filter(
                pk=referral.pk, overdue_notified_at__isnull=True
            ).update(overdue_notified_at=timezone.now())
            if not updated:
                continue  # another run got there first
            _tell(
                [*selectors.handlers(referral.answered_by), referral.created_by],
                "referral.overdue",
                referral,
                gettext_noop("Referral overdue: no answer yet"),
            )
            audit.record(
                AuditAction.SYSTEM,
                instance=referral,
                organisation_id=referral.sender_id,
                summary=f"referral #{referral.pk} overdue since {referral.due_on}; both sides told",
            )
            sent += 1
    return sent
