"""The referral mechanism's rules: consent on the server, shared sections, states, transfers,
notifications and overdue answers."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from tests import factories, worlds
from tipsom.cases import selectors as case_selectors
from tipsom.cases import services as case_services
from tipsom.cases import sharing
from tipsom.cases.models import Case
from tipsom.core.choices import Role
from tipsom.core.concurrency import StaleEdit
from tipsom.core.models import AuditEntry, Notification
from tipsom.referrals import selectors, services
from tipsom.referrals.models import Referral


@pytest.fixture
def w(db):
    return worlds.referrals_world()


def _fresh(referral: Referral) -> Referral:
    return Referral.objects.get(pk=referral.pk)


def test_receiver_sees_only_the_shared_sections_while_the_referral_is_open(w):
    gamma = w["c_caseworker"]
    access = case_selectors.case_access(gamma, w["case_a"].pk)
    assert not access.full
    assert access.sections == {"support"}
    assert access.writable == frozenset()  # pending: may look, not record
    services.accept(gamma, w["referral_a"], 1)
    access = case_selectors.case_access(gamma, w["case_a"].pk)
    assert access.writable == {"support"}
    # A caseworker of an unrelated organisation, and the shelter's org admin, see nothing.
    for outsider in (w["unit_caseworker"], w["c_orgadmin"]):
        with pytest.raises(Http404):
            case_selectors.case_access(outsider, w["case_a"].pk)


def test_receiver_records_a_service_and_the_sender_sees_it(w):
    gamma, referral = w["c_caseworker"], w["referral_a"]
    with pytest.raises(PermissionDenied):  # not before accepting
        case_services.add_service(gamma, w["case_a"], {"type": "shelter", "provider": w["org_c"]})
    services.accept(gamma, referral, 1)
    case_services.add_service(
        gamma, w["case_a"], {"type": "shelter", "provider": w["org_c"], "outcome": "placed"}
    )
    with pytest.raises(PermissionDenied):  # identity was not shared for writing or reading
        case_services.add_comment(gamma, w["case_a"], "a note")
    assert [s.provider for s in w["case_a"].services.all()] == [w["org_c"]]
    services.complete(gamma, _fresh(referral), 2, "Placed in the shelter for two weeks")
    referral = _fresh(referral)
    assert referral.state == "completed"
    # Completion ends the receiver's access at once; the sender keeps the outcome.
    with pytest.raises(Http404):
        case_selectors.case_access(gamma, w["case_a"].pk)
    assert case_selectors.case_access(w["a_caseworker"], w["case_a"].pk).full
    assert [r.outcome for r in selectors.of_case(w["a_caseworker"], w["case_a"])] == [
        "Placed in the shelter for two weeks"
    ]


@pytest.mark.parametrize("end", ["decline", "revoke"])
def test_decline_and_revoke_end_access_at_once(w, end):
    referral = w["referral_a"]
    if end == "decline":
        services.decline(w["c_caseworker"], referral, 1, "no place free")
    else:
        services.revoke(w["a_caseworker"], referral, 1, "the person went home")
    assert _fresh(referral).state == {"decline": "declined", "revoke": "revoked"}[end]
    with pytest.raises(Http404):
        case_selectors.case_access(w["c_caseworker"], w["case_a"].pk)


def test_withdrawn_consent_ends_access_and_blocks_acceptance(w):
    case_services.record_consent(
        w["a_caseworker"], w["person_a"], "referral", "withdrawn", date.today(), w["case_a"]
    )
    with pytest.raises(Http404):
        case_selectors.case_access(w["c_caseworker"], w["case_a"].pk)
    with pytest.raises(ValidationError) as error:
        services.accept(w["c_caseworker"], w["referral_a"], 1)
    assert "consent" in error.value.message_dict


def test_referral_without_consent_is_refused_and_nothing_is_written(w):
    case = case_services.register_case(
        w["a_caseworker"], w["org_a"], {"first_name": "Saima"}, "trafficking", "victim"
    )
    before = (Referral.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        services.refer(
            w["a_caseworker"], case, "referral", w["org_c"], service="shelter", sections=["support"]
        )
    assert "consent" in error.value.message_dict
    # A caseworker may not override, whatever they write.
    with pytest.raises(PermissionDenied):
        services.refer(
            w["a_caseworker"],
            case,
            "referral",
            w["org_c"],
            service="shelter",
            sections=["support"],
            override_justification="x" * 80,
        )
    assert (Referral.objects.count(), AuditEntry.objects.count()) == before


def test_supervisor_overrides_with_a_justification_that_is_audited_and_shown(w):
    case = case_services.register_case(
        w["a_caseworker"], w["org_a"], {"first_name": "Saima"}, "trafficking", "victim"
    )
    with pytest.raises(ValidationError) as error:
        services.refer(
            w["a_supervisor"],
            case,
            "referral",
            w["org_c"],
            service="shelter",
            sections=["support"],
            override_justification="urgent",
        )
    assert "override_justification" in error.value.message_dict
    why = "Unconscious after the raid; needs a shelter tonight and cannot be asked yet."
    referral = services.refer(
        w["a_supervisor"],
        case,
        "referral",
        w["org_c"],
        service="shelter",
        sections=["support"],
        override_justification=why,
    )
    assert referral.consent_overridden and referral.override_justification == why
    entry = AuditEntry.objects.filter(object_type="referrals.referral").latest("seq")
    assert "WITHOUT recorded consent" in entry.summary
    assert "override_justification" in entry.changes
    # The override keeps the receiver's access although consent is still missing.
    assert case_selectors.case_access(w["c_caseworker"], case.pk).sections == {"support"}
    panel = dict(sharing.panels(w["a_supervisor"], case))
    assert panel["referrals/_case_panel.html"]["referrals"][0].consent_overridden


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"receiver": "self"}, "receiver", "organisation that holds it"),
        ({"service": "interpretation"}, "service", "does not offer"),
        ({"service": ""}, "service", "choose the service"),
        ({"sections": []}, "sections", "at least one section"),
        ({"sections": ["support", "everything"]}, "sections", "'everything' not allowed"),
        ({"kind": "transfer_request"}, "kind", "not allowed"),
        ({"receiver": None}, "receiver", "choose the organisation"),
    ],
)
def test_bad_referrals_name_the_field_and_change_nothing(w, change, field, message):
    args = {
        "kind": "referral",
        "receiver": w["org_b"],
        "service": "shelter",
        "sections": ["support"],
        **change,
    }
    if args["receiver"] == "self":
        args["receiver"] = w["org_a"]
    before = Referral.objects.count()
    with pytest.raises(ValidationError) as error:
        services.refer(
            w["a_caseworker"],
            w["case_a"],
            args.pop("kind"),
            args.pop("receiver"),
            **args,
        )
    assert message in " ".join(error.value.message_dict[field]), error.value.message_dict
    assert Referral.objects.count() == before


def test_a_second_open_referral_for_the_same_service_is_refused(w):
    with pytest.raises(ValidationError) as error:
        services.refer(
            w["a_caseworker"],
            w["case_a"],
            "referral",
            w["org_c"],
            service="shelter",
            sections=["support"],
        )
    assert "already exists" in error.value.message_dict["receiver"][0]


def test_state_changes_check_side_state_and_version(w):
    referral = w["referral_a"]
    with pytest.raises(PermissionDenied):  # the sender cannot accept its own referral
        services.accept(w["a_caseworker"], referral, 1)
    with pytest.raises(PermissionDenied):  # nor can an outsider revoke it
        services.revoke(w["b_caseworker"], referral, 1, "because")
    with pytest.raises(ValidationError) as error:
        services.complete(w["c_caseworker"], referral, 1, "done")
    assert "can be completed only while accepted" in error.value.message_dict["state"][0]
    services.accept(w["c_caseworker"], referral, 1)
    with pytest.raises(StaleEdit):  # someone answered from an old page
        services.decline(w["c_supervisor"], _fresh(referral), 1, "no room")
    with pytest.raises(ValidationError):
        services.decline(w["c_supervisor"], _fresh(referral), 2, "no room")
    with pytest.raises(ValidationError) as error:
        services.decline(w["c_supervisor"], _fresh(referral), 2, "  ")
    assert "reason" in error.value.message_dict


def test_transfer_moves_the_case_and_its_persons(w):
    case = w["case_a"]
    transfer = services.refer(w["a_caseworker"], case, "transfer", w["org_c"])
    assert set(transfer.sections) == set(sharing.SECTIONS)
    services.accept(w["c_caseworker"], transfer, 1)
    case.refresh_from_db()
    assert _fresh(transfer).state == "completed"
    assert (case.organisation, case.owner) == (w["org_c"], w["c_caseworker"])
    w["person_a"].refresh_from_db()
    assert (
        w["person_a"].organisation == w["org_c"]
        or w["person_a"]
        .case_roles.exclude(case=case)
        .filter(case__organisation=w["org_a"])
        .exists()
    )
    assert case_selectors.case_access(w["c_caseworker"], case.pk).full
    with pytest.raises(Http404):
        case_selectors.case_access(w["a_caseworker"], case.pk)


def test_transfer_request_shows_nothing_until_the_holder_accepts(w):
    services.revoke(w["a_caseworker"], w["referral_a"], 1, "asked for the whole case instead")
    request = services.request_transfer(
        w["c_caseworker"], w["case_a"].case_number.lower(), w["org_c"], "She lives near us now"
    )
    with pytest.raises(Http404):
        case_selectors.case_access(w["c_caseworker"], w["case_a"].pk)
    with pytest.raises(PermissionDenied):  # the requester cannot grant its own request
        services.accept(w["c_caseworker"], request, 1)
    services.accept(w["a_caseworker"], request, 1)
    case = Case.objects.get(pk=w["case_a"].pk)
    assert (case.organisation, case.owner) == (w["org_c"], w["c_caseworker"])
    with pytest.raises(ValidationError) as error:
        services.request_transfer(w["c_caseworker"], "NO-SUCH-1", w["org_c"], "why not")
    assert "no case numbered" in error.value.message_dict["case_number"][0]


def test_notifications_go_to_both_sides_without_names(
    w, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    w["c_caseworker"].email = "gamma@example.org"
    w["c_caseworker"].save()
    mail.outbox.clear()
    case = w["case_b"]
    with django_capture_on_commit_callbacks(execute=True):  # mail goes once the write commits
        referral = services.refer(
            w["b_caseworker"],
            case,
            "referral",
            w["org_c"],
            service="psychosocial",
            sections=["support"],
        )
    new = Notification.objects.filter(kind="referral.new", url__endswith=f"/{referral.pk}/")
    assert {n.recipient for n in new} == {w["c_caseworker"], w["c_supervisor"]}
    sent = [m for m in mail.outbox if "gamma@example.org" in m.to]
    assert len(sent) == 1 and case.case_number in sent[0].body
    for text in [m.body + m.subject for m in mail.outbox] + [n.body for n in new]:
        assert "Bashir" not in text and "Ahmad" not in text
    services.decline(w["c_supervisor"], referral, 1, "no psychologist this month")
    assert Notification.objects.filter(
        kind="referral.declined", recipient=w["b_caseworker"]
    ).exists()


def test_overdue_referrals_are_flagged_and_told_once(w, settings):
    Referral.objects.filter(pk=w["referral_a"].pk).update(due_on=date.today() - timedelta(days=1))
    assert list(selectors.overdue()) == [_fresh(w["referral_a"])]
    assert services.notify_overdue() == 1
    assert services.notify_overdue() == 0
    told = Notification.objects.filter(kind="referral.overdue")
    assert {n.recipient for n in told} >= {w["c_caseworker"], w["a_caseworker"]}
    assert (
        selectors.referrals(w["c_caseworker"], {"direction": "incoming", "overdue": True}).count()
        == 1
    )
    assert (
        selectors.referrals(w["a_caseworker"], {"direction": "incoming", "overdue": True}).count()
        == 0
    )


def test_directory_filters_and_offer_rules(w):
    offers = selectors.service_offers(
        w["a_caseworker"], {"service": "shelter", "province": "PK-PB"}
    )
    assert {o.organisation for o in offers} == {w["org_b"], w["org_c"]}
    assert not selectors.service_offers(w["a_caseworker"], {"province": "PK-SD"}).exists()
    with pytest.raises(PermissionDenied):  # caseworkers read the directory, do not edit it
        services.add_offer(w["c_caseworker"], w["org_c"], {"service": "legal_aid"})
    with pytest.raises(PermissionDenied):  # an admin lists only their own organisation's
        services.add_offer(w["c_orgadmin"], w["org_a"], {"service": "legal_aid"})
    with pytest.raises(ValidationError) as error:
        services.add_offer(
            w["c_orgadmin"],
            w["org_c"],
            {"service": "shelter", "provinces": ["PK-XX"], "target_groups": ["aliens"]},
        )
    problems = error.value.message_dict
    assert set(problems) == {"service", "provinces", "target_groups"}, problems


def test_referral_lists_follow_the_matrix(w):
    mine = set(selectors.referrals(w["a_caseworker"]))
    assert mine == {_fresh(w["referral_a"])}
    assert set(selectors.referrals(w["c_caseworker"], {"direction": "incoming"})) == {
        _fresh(w["referral_a"]),
        _fresh(w["referral_b"]),
    }
    assert not selectors.referrals(w["c_orgadmin"]).exists()
    newcomer = factories.user((w["org_c"], Role.SUPERVISOR), username="gamma-2")
    assert selectors.referrals(newcomer, {"direction": "outgoing"}).count() == 0


def test_report_counts_rates_and_pathways_in_scope(w):
    services.accept(w["c_caseworker"], w["referral_a"], 1)
    services.decline(w["c_supervisor"], w["referral_b"], 1, "no doctor this week")
    secretariat = w["secretariat"]  # network-wide report, no case contents
    report = selectors.report(secretariat)
    assert report["total"]["referrals"] == 2
    assert report["total"]["acceptance_rate"] == 0.5
    assert report["total"]["median_response_hours"] is not None
    by_service = {row["group"]: row for row in report["by_service"]}
    assert by_service["Shelter"]["accepted"] == 1 and by_service["Medical"]["declined"] == 1
    assert [row["group"] for row in report["by_receiver"]] == ["Gamma Shelter"]
    paths = selectors.pathways(secretariat)
    assert {p["case_number"] for p in paths} == {w["case_a"].case_number, w["case_b"].case_number}
    # A supervisor counts only referrals their organisation sent or received.
    alpha = selectors.report(w["a_supervisor"])
    assert alpha["total"]["referrals"] == 1
    assert selectors.report(w["a_caseworker"])["total"]["referrals"] == 0  # no report grant
    assert selectors.report(w["secretariat"], {"service": "medical"})["total"]["referrals"] == 1


def test_home_page_flags_waiting_and_overdue_referrals(w, client):
    Referral.objects.filter(pk=w["referral_a"].pk).update(due_on=date.today() - timedelta(days=2))
    factories.sign_in(client, w["c_caseworker"])
    page = client.get("/").content.decode()
    assert 'data-testid="referral-card"' in page
    assert "2 waiting for an answer" in page
    assert 'data-testid="referral-card-overdue"' in page and "1 overdue" in page
    factories.sign_in(client, w["c_orgadmin"])  # no referral work, no card
    assert 'data-testid="referral-card"' not in client.get("/").content.decode()


def test_a_superuser_reads_and_marks_only_their_own_notifications(w, client):
    from tipsom.core import selectors as core_selectors
    from tipsom.core import services as core_services

    root = factories.user(username="root-user")
    root.is_superuser = True
    root.save()
    others = list(Notification.objects.exclude(recipient=root))
    assert others  # the world's referrals notified Gamma's staff
    assert not core_selectors.notifications(root).exists()
    assert core_services.mark_read(root, [n.pk for n in others]) == 0
    assert Notification.objects.filter(read_at__isnull=False).count() == 0


def test_a_transfer_takes_the_case_s_open_referrals_along(w):
    # Alpha has referred its case to Gamma (the world's referral_a) and to Beta; then it
    # transfers the case to Beta.
    to_beta = services.refer(
        w["a_caseworker"],
        w["case_a"],
        "referral",
        w["org_b"],
        service="medical",
        sections=["support"],
    )
    transfer = services.refer(w["a_caseworker"], w["case_a"], "transfer", w["org_b"])
    services.accept(w["b_caseworker"], transfer, 1)
    gamma = _fresh(w["referral_a"])
    assert (gamma.state, gamma.sender) == ("pending", w["org_b"])  # Beta now answers for it
    services.revoke(w["b_caseworker"], gamma, gamma.version, "Beta shelters her itself")
    beta = _fresh(to_beta)
    assert beta.state == "completed" and "transferred" in beta.outcome


def test_an_admin_changes_their_directory_entry_from_the_page(w, client):
    factories.sign_in(client, w["c_orgadmin"])
    listing = client.get("/referrals/directory/").content.decode()
    assert listing.count('data-testid="edit-offer"') == 3  # Gamma's three, not Beta's
    page = f"/referrals/directory/{w['offer_c'].pk}/edit/"
    bad = client.post(page, {"provinces": "PK-XX", "is_active": "on"})
    assert bad.status_code == 200 and "PK-XX" in bad.content.decode()
    response = client.post(
        page, {"provinces": "PK-PB; PK-SD", "capacity": "12", "service": "legal_aid"}
    )
    assert response.status_code == 302
    w["offer_c"].refresh_from_db()
    offer = w["offer_c"]
    assert (offer.service, offer.provinces, offer.capacity, offer.is_active) == (
        "shelter",  # the service of an entry does not change
        ["PK-PB", "PK-SD"],
        12,
        False,
    )
