"""The demo seeds a service directory and, with persons, referrals made through the services."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command

from tipsom.core.models import AuditEntry
from tipsom.referrals.models import Referral, ServiceOffer


def test_demo_lists_services_and_refers_consenting_cases(db):
    out = StringIO()
    call_command("demo", persons=300, stdout=out)
    assert "service directory: 16 services listed" in out.getvalue()
    assert ServiceOffer.objects.count() == 16
    referrals = list(Referral.objects.select_related("case"))
    assert referrals and "demo referrals:" in out.getvalue()
    for referral in referrals:
        assert referral.receiver_id != referral.case.organisation_id
        assert "support" in referral.sections
        assert not referral.consent_overridden  # only cases whose clients consented
    assert AuditEntry.objects.filter(object_type="referrals.referral").count() >= len(referrals)
    # A second run adds persons but no second round of referrals.
    call_command("demo", persons=10, stdout=StringIO())
    assert Referral.objects.count() == len(referrals)
