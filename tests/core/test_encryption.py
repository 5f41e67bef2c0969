"""Encrypted identifiers, blind indexes and online key rotation."""

from __future__ import annotations

import pytest
from django.core.exceptions import FieldError
from django.core.management import call_command
from django.db import connection

from tests import factories
from tipsom.config import secrets as tipsom_secrets
from tipsom.core import keys
from tipsom.core.crypto import DecryptionError, FieldCipher, blind_index, cipher
from tipsom.core.models import ContactPoint


def _raw(pk: int, column: str) -> str:
    with connection.cursor() as cur:
        cur.execute(f"SELECT {column} FROM core_contactpoint WHERE id = %s", [pk])  # noqa: S608
        return cur.fetchone()[0]


@pytest.fixture
def org(db):
    return factories.organisation("Crypto Org")


def test_identifiers_are_ciphertext_in_the_database(org):
    contact = factories.contact_point(org, name="Nasreen Akhtar", phone="+92 300 7654321")
    raw_name, raw_phone = _raw(contact.pk, "name"), _raw(contact.pk, "phone")
    assert "Nasreen" not in raw_name and "7654321" not in raw_phone
    assert raw_name.startswith(cipher().primary_id + "$")
    assert ContactPoint.objects.get(pk=contact.pk).name == "Nasreen Akhtar"


def test_ciphertext_is_bound_to_its_column(org):
    contact = factories.contact_point(org, name="Nasreen Akhtar")
    with connection.cursor() as cur:
        cur.execute("UPDATE core_contactpoint SET email = name WHERE id = %s", [contact.pk])
    with pytest.raises(DecryptionError):
        ContactPoint.objects.get(pk=contact.pk)


def test_exact_lookup_through_the_blind_index(org):
    contact = factories.contact_point(org, phone="+92 300 7654321")
    factories.contact_point(org, phone="+92 300 1111111")
    found = ContactPoint.objects.filter(phone_index=blind_index("phone", "+923007654321"))
    assert list(found) == [contact]


def test_encrypted_fields_cannot_be_searched_directly(org):
    with pytest.raises(FieldError, match="encrypted"):
        list(ContactPoint.objects.filter(name="x"))


def test_blind_indexes_are_separated_by_kind():
    assert blind_index("cnic", "3520212345671") != blind_index("phone", "3520212345671")
    assert blind_index("cnic", "35202-1234567-1") == blind_index("cnic", "3520212345671")


def test_rotation_reencrypts_every_row_and_all_read_back(org, settings, capsys):
    contacts = [
        factories.contact_point(org, name=f"Person {i}", phone=f"+9230012345{i:02d}")
        for i in range(30)
    ]
    old_spec = settings.TIPSOM_FIELD_KEYS
    old_id = cipher().primary_id
    new_id = tipsom_secrets.new_key_id()
    settings.TIPSOM_FIELD_KEYS = f"{new_id}:{tipsom_secrets.new_key()},{old_spec}"
    # A row written after the new key went live is already under it and must be left alone.
    late = factories.contact_point(org, name="Late Person")

    call_command("keys", "rotate", verbosity=0)

    status = keys.status()["core.ContactPoint"]
    assert set(status) == {new_id}, status
    # Drop the old key entirely: every row must still read back, unchanged.
    settings.TIPSOM_FIELD_KEYS = settings.TIPSOM_FIELD_KEYS.split(",")[0]
    for contact in contacts:
        fresh = ContactPoint.objects.get(pk=contact.pk)
        assert (fresh.name, fresh.phone, fresh.email) == (
            contact.name,
            contact.phone,
            contact.email,
        )
        assert FieldCipher.key_id_of(_raw(contact.pk, "name")) == new_id
    assert ContactPoint.objects.get(pk=late.pk).name == "Late Person"
    assert ContactPoint.objects.count() == 31
    assert old_id != new_id


def test_rotation_without_the_old_key_fails_and_loses_nothing(org, settings):
    contact = factories.contact_point(org, name="Person")
    settings.TIPSOM_FIELD_KEYS = f"{tipsom_secrets.new_key_id()}:{tipsom_secrets.new_key()}"
    with pytest.raises(Exception, match="rotation failed"):
        call_command("keys", "rotate", verbosity=0)
    assert ContactPoint.objects.filter(pk=contact.pk).exists()
