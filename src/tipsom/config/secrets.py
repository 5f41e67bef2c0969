"""Secrets and keys: from the environment, or generated once into a local file for development.

Production (``TIPSOM_ENV=production``) refuses to start without every secret set in the
environment, so a missing key is never silently replaced by a fresh one (which would make
every encrypted field unreadable).
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

SECRET_NAMES = (
    "TIPSOM_SECRET_KEY",
    "TIPSOM_FIELD_KEYS",
    "TIPSOM_BLIND_INDEX_KEY",
    "TIPSOM_AUDIT_KEY",
)


def new_key() -> str:
    """A fresh 256-bit key, URL-safe base64."""
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def new_key_id() -> str:
    return secrets.token_hex(4)


def generate_all() -> dict[str, str]:
    return {
        "TIPSOM_SECRET_KEY": secrets.token_urlsafe(50),
        "TIPSOM_FIELD_KEYS": f"{new_key_id()}:{new_key()}",
        "TIPSOM_BLIND_INDEX_KEY": new_key(),
        "TIPSOM_AUDIT_KEY": new_key(),
    }


def load(secrets_file: Path, *, production: bool) -> dict[str, str]:
    """Return every secret, from the environment first, then from ``secrets_file``.

    In development a missing file is created (mode 0600) with freshly generated keys.
    """
    found = {name: os.environ[name] for name in SECRET_NAMES if os.environ.get(name)}
    if len(found) == len(SECRET_NAMES):
        return found
    if production:
        missing = ", ".join(n for n in SECRET_NAMES if n not in found)
        raise ImproperlyConfigured(
            f"Production settings need these environment variables: {missing}. "
            "Generate values with `tipsom keys generate`."
        )
    if not secrets_file.exists():
        secrets_file.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(secrets_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as fh:
            json.dump(generate_all(), fh, indent=2)
    stored = json.loads(secrets_file.read_text())
    return {**stored, **found}


def save(secrets_file: Path, values: dict[str, str]) -> None:
    """Rewrite the development secrets file atomically (used by `tipsom keys rotate --new-key`)."""
    tmp = secrets_file.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as fh:
        json.dump(values, fh, indent=2)
    tmp.replace(secrets_file)
