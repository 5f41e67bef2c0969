"""Model fields for personal identifiers: encrypted at rest, exact lookup through blind indexes."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import FieldError
from django.db import models

from tipsom.core.crypto import blind_index, cipher


class EncryptedTextField(models.TextField):
    """Text stored as AES-GCM ciphertext; reads decrypt, writes encrypt with the primary key.

    The database cannot compare ciphertexts, so only ``isnull`` lookups are allowed; exact
    matches go through a `BlindIndexField`.
    """

    encrypted = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    @property
    def associated_data(self) -> str:
        return f"{self.model._meta.label_lower}.{self.name}"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str:
        if value is None or value == "":
            return ""
        return cipher().decrypt(value, self.associated_data)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return ""
        return cipher().encrypt(str(value), self.associated_data)

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name not in {"isnull"}:
            raise FieldError(
                f"{self.model.__name__}.{self.name} is encrypted: it cannot be searched with "
                f"'{lookup_name}'; use its blind index for exact matches"
            )
        return super().get_lookup(lookup_name)


class BlindIndexField(models.CharField):
    """HMAC of another field's normalised value, recomputed on every save."""

    def __init__(self, *args: Any, source: str = "", kind: str = "", **kwargs: Any) -> None:
        self.source, self.kind = source, kind
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("editable", False)
        kwargs.setdefault("db_index", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["kind"] = self.source, self.kind
        return name, path, args, kwargs

    def pre_save(self, model_instance: models.Model, add: bool) -> str:
        value = blind_index(self.kind, getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value


def encrypted_fields(model: type[models.Model]) -> list[EncryptedTextField]:
    return [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
