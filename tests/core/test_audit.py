"""The audit log: entries for writes, hash chain, tamper detection by `tipsom audit verify`."""

from __future__ import annotations

import itertools

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from tests import factories
from tipsom.core import audit, services
from tipsom.core.choices import AuditAction, Role
from tipsom.core.models import AuditChainHead, AuditEntry


@pytest.fixture
def admin(db):
    org = factories.organisation("Audit Test Org")
    return factories.user((org, Role.ORG_ADMIN), username="audit-admin"), org


def _write_some_entries(admin_user, org, n=5):
    for i in range(n):
        services.add_contact_point(
            admin_user, org, {"name": f"Person {i}", "phone": "+923001234567"}
        )


def _run_verify(capsys):
    try:
        call_command("audit", "verify", verbosity=0)
    except CommandError as error:
        return False, capsys.readouterr().err + str(error)
    return True, capsys.readouterr().out


def _tamper(sql: str, params: list) -> None:
    """Change the audit table behind the application's back, as a database owner could."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ALTER TABLE core_auditentry DISABLE TRIGGER core_auditentry_append_only")
            cur.execute(sql, params)
            cur.execute("ALTER TABLE core_auditentry ENABLE TRIGGER core_auditentry_append_only")
        else:
            cur.execute("DROP TRIGGER core_auditentry_no_update")
            cur.execute("DROP TRIGGER core_auditentry_no_delete")
            cur.execute(sql, params)


def test_every_write_leaves_an_entry_with_before_and_after(admin):
    admin_user, org = admin
    contact = services.add_contact_point(admin_user, org, {"name": "Ali Raza", "title": "Officer"})
    services.update_contact_point(admin_user, contact, {"title": "Senior officer"})
    entry = AuditEntry.objects.order_by("-seq").first()
    assert entry.action == AuditAction.UPDATE
    assert entry.actor == admin_user
    assert entry.object_type == "core.contactpoint" and entry.object_id == str(contact.pk)
    assert entry.changes == {"title": ["Officer", "Senior officer"]}


def test_encrypted_values_never_reach_the_log(admin):
    admin_user, org = admin
    contact = services.add_contact_point(
        admin_user, org, {"name": "Ali Raza", "phone": "+923001112223"}
    )
    services.update_contact_point(admin_user, contact, {"name": "Ali Raza Khan"})
    rows = list(AuditEntry.objects.values_list("changes", "summary"))
    text = repr(rows)
    assert "Ali Raza" not in text and "3001112223" not in text
    last = AuditEntry.objects.order_by("-seq").first()
    assert last.changes == {"name": [audit.MASK, audit.MASK]}


def test_chain_links_each_entry_to_the_one_before(admin):
    admin_user, org = admin
    _write_some_entries(admin_user, org)
    entries = list(AuditEntry.objects.order_by("seq"))
    assert [e.seq for e in entries] == list(range(1, len(entries) + 1))
    for before, after in itertools.pairwise(entries):
        assert after.prev_hash == before.entry_hash
    head = AuditChainHead.objects.get()
    assert head.last_seq == entries[-1].seq and head.last_hash == entries[-1].entry_hash


def test_verify_passes_on_an_untouched_log(admin, capsys):
    _write_some_entries(*admin)
    ok, output = _run_verify(capsys)
    assert ok, output
    assert "chain is intact" in output


def test_orm_refuses_to_change_or_delete_entries(admin):
    _write_some_entries(*admin, n=1)
    entry = AuditEntry.objects.first()
    entry.summary = "rewritten"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(summary="x")


def test_database_refuses_to_change_entries(admin):
    _write_some_entries(*admin, n=1)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("UPDATE core_auditentry SET summary = 'rewritten'")
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cur:
        cur.execute("DELETE FROM core_auditentry")


def test_verify_names_an_edited_entry(admin, capsys):
    _write_some_entries(*admin)
    target = AuditEntry.objects.order_by("seq")[2]
    _tamper("UPDATE core_auditentry SET summary = %s WHERE seq = %s", ["nothing here", target.seq])
    ok, output = _run_verify(capsys)
    assert not ok
    assert f"entry {target.seq}: altered" in output
    # Only that entry: its neighbours are intact.
    assert output.count("altered") == 1


def test_verify_names_an_edited_change_record(admin, capsys):
    _write_some_entries(*admin)
    target = AuditEntry.objects.order_by("seq")[1]
    _tamper("UPDATE core_auditentry SET ip_address = %s WHERE seq = %s", ["10.1.2.3", target.seq])
    ok, output = _run_verify(capsys)
    assert not ok and f"entry {target.seq}: altered" in output


def test_verify_names_a_deleted_entry(admin, capsys):
    _write_some_entries(*admin)
    _tamper("DELETE FROM core_auditentry WHERE seq = %s", [3])
    ok, output = _run_verify(capsys)
    assert not ok
    assert "entries 3 are missing" in output


def test_verify_detects_a_cut_off_tail(admin, capsys):
    _write_some_entries(*admin)
    last = AuditChainHead.objects.get().last_seq
    _tamper("DELETE FROM core_auditentry WHERE seq >= %s", [last - 1])
    # Called directly: the command would append an entry of its own after the cut.
    checked, problems = audit.verify()
    assert checked == last - 2
    assert [str(p) for p in problems] == [
        f"entry {last - 1}: truncated – entries {last - 1}–{last} after the last one were deleted"
    ]


def test_forged_entry_without_the_key_is_detected(admin, capsys, settings):
    """Someone who recomputes hashes with a key of their own is still caught."""
    _write_some_entries(*admin)
    target = AuditEntry.objects.order_by("seq")[1]
    target.summary = "forged"
    good_key = settings.TIPSOM_AUDIT_KEY
    settings.TIPSOM_AUDIT_KEY = "A" * 43 + "="
    forged_hash = audit.compute_hash(target)
    settings.TIPSOM_AUDIT_KEY = good_key
    _tamper(
        "UPDATE core_auditentry SET summary = %s, entry_hash = %s WHERE seq = %s",
        ["forged", forged_hash, target.seq],
    )
    ok, output = _run_verify(capsys)
    assert not ok and f"entry {target.seq}: altered" in output
