"""Authenticated encryption of personal identifiers and keyed blind indexes.

Ciphertexts are ``<key id>$<base64(nonce || AES-256-GCM ciphertext)>``; the associated data
is the column's name, so a value copied into another column does not decrypt. Several keys
may be configured (``TIPSOM_FIELD_KEYS="new:…,old:…"``): the first encrypts, all decrypt,
which is what lets `tipsom keys rotate` re-encrypt rows while the site keeps serving.

Blind indexes are HMAC-SHA256 of a normalised value under a separate key, domain-separated
by kind ("cnic", "phone", …) so the same CNIC matches across tables but a phone hash can
never be compared with a CNIC hash.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

SEPARATOR = "$"


class DecryptionError(Exception):
    """A stored value could not be decrypted: unknown key id or tampered ciphertext."""


def _decode_key(text: str, what: str) -> bytes:
    try:
        raw = base64.urlsafe_b64decode(text.strip().encode())
    except ValueError as exc:
        raise ImproperlyConfigured(f"{what} is not valid base64") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{what} must be 32 bytes (256 bits), got {len(raw)}")
    return raw


def parse_keys(spec: str) -> list[tuple[str, bytes]]:
    """``"id1:key1,id2:key2"`` → [(id, key)], first is the primary."""
    keys = []
    for part in spec.split(","):
        if not part.strip():
            continue
        key_id, sep, key = part.strip().partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", key_id):
            raise ImproperlyConfigured(
                "TIPSOM_FIELD_KEYS entries must look like 'keyid:base64key' "
                "(key id of letters, digits, '-' or '_')"
            )
        keys.append((key_id, _decode_key(key, f"field key {key_id!r}")))
    if not keys:
        raise ImproperlyConfigured("TIPSOM_FIELD_KEYS holds no key")
    if len({k for k, _ in keys}) != len(keys):
        raise ImproperlyConfigured("TIPSOM_FIELD_KEYS repeats a key id")
    return keys


@dataclass(frozen=True)
class FieldCipher:
    keys: tuple[tuple[str, bytes], ...]

    @property
    def primary_id(self) -> str:
        return self.keys[0][0]

    def encrypt(self, plaintext: str, associated_data: str) -> str:
        key_id, key = self.keys[0]
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, plaintext.encode(), associated_data.encode())
        return f"{key_id}{SEPARATOR}{base64.b64encode(nonce + sealed).decode()}"

    def decrypt(self, token: str, associated_data: str) -> str:
        key_id, sep, body = token.partition(SEPARATOR)
        if not sep:
            raise DecryptionError("value is not an encrypted token")
        key = dict(self.keys).get(key_id)
        if key is None:
            raise DecryptionError(f"no configured key has id {key_id!r}")
        raw = base64.b64decode(body)
        try:
            return AESGCM(key).decrypt(raw[:12], raw[12:], associated_data.encode()).decode()
        except InvalidTag as exc:
            raise DecryptionError("ciphertext failed authentication") from exc

    def encrypt_bytes(self, data: bytes, associated_data: str) -> bytes:
        """A file's bytes sealed like a field (the key id, '$', nonce and ciphertext)."""
        key_id, key = self.keys[0]
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, data, associated_data.encode())
        return key_id.encode() + SEPARATOR.encode() + nonce + sealed

    def decrypt_bytes(self, blob: bytes, associated_data: str) -> bytes:
        key_id, sep, body = blob.partition(SEPARATOR.encode())
        key = dict(self.keys).get(key_id.decode(errors="replace"))
        if not sep or key is None:
            raise DecryptionError("the file was not sealed with a configured key")
        try:
            return AESGCM(key).decrypt(body[:12], body[12:], associated_data.encode())
        except InvalidTag as exc:
            raise DecryptionError("the file failed authentication") from exc

    @staticmethod
    def key_id_of(token: str) -> str:
        return token.partition(SEPARATOR)[0]


@lru_cache(maxsize=4)
def _cipher_for(spec: str) -> FieldCipher:
    return FieldCipher(tuple(parse_keys(spec)))


def cipher() -> FieldCipher:
    """The cipher for the configured keys (re-read if settings change, e.g. in tests)."""
    return _cipher_for(settings.TIPSOM_FIELD_KEYS)


# --- blind indexes -------------------------------------------------------------------------


def _normalise_digits(value: str) -> str:
    return re.sub(r"\D", "", value)


def _normalise_phone(value: str) -> str:
    """E.164 when the number parses (local Pakistani forms included), else '+' and its digits."""
    import phonenumbers

    try:
        number = phonenumbers.parse(value, settings.TIPSOM_PHONE_REGION)
        if phonenumbers.is_valid_number(number):
            return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    except phonenumbers.NumberParseException:
        pass
    digits = _normalise_digits(value)
    return ("+" + digits) if digits else ""


def _normalise_document(value: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", value.upper())


def _normalise_email(value: str) -> str:
    return value.strip().lower()


NORMALISERS: dict[str, Callable[[str], str]] = {
    "cnic": _normalise_digits,
    "phone": _normalise_phone,
    "passport": _normalise_document,
    "document": _normalise_document,
    "email": _normalise_email,
}


def blind_index(kind: str, value: str | None) -> str:
    """Keyed hash of the normalised value for exact lookups; '' for an empty value."""
    if kind not in NORMALISERS:
        raise ValueError(f"unknown blind-index kind {kind!r}; known: {sorted(NORMALISERS)}")
    normalised = NORMALISERS[kind](value or "")
    if not normalised:
        return ""
    key = _decode_key(settings.TIPSOM_BLIND_INDEX_KEY, "TIPSOM_BLIND_INDEX_KEY")
    message = f"{kind}\x00{normalised}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def keyed_token(purpose: str, text: str, length: int = 32) -> str:
    """A keyed hash of already-normalised text (e.g. a name part), truncated to ``length`` hex.

    Used for search tokens: 128 bits keep collisions negligible while the index stays small.
    """
    key = _decode_key(settings.TIPSOM_BLIND_INDEX_KEY, "TIPSOM_BLIND_INDEX_KEY")
    return hmac.new(key, f"{purpose}\x00{text}".encode(), hashlib.sha256).hexdigest()[:length]
