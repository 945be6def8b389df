"""Model fields that keep their value encrypted in the database."""

from __future__ import annotations

from typing import Any

from django.db import models

from sentra.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Stores a Fernet token; Python code sees the plaintext. Not searchable: pair it with a lookup hash."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
