"""What the workforce services share: error collection and who may manage a centre's people."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of


class Errors:
    """Collects every problem, keyed by field, so a form or an import row shows them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.by_field.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)

    def merge(self, exc: ValidationError) -> None:
        if not hasattr(exc, "error_dict"):
            for message in exc.messages:
                self.add("__all__", message)
            return
        for name, messages in exc.message_dict.items():
            for message in messages:
                self.add(name, message)


def full_clean(instance: models.Model, errors: Errors, *, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_constraints=False)
    except ValidationError as exc:
        errors.merge(exc)


def may_manage_staff(actor: User | None, sentra_id: int) -> bool:
    """HR and the centre head manage their centre's staff; the system administrator everyone's.
    ``actor=None`` is the system itself (demo seeder, imports run by a task on a person's behalf)."""
    if actor is None:
        return True
    if not actor.is_active:
        return False
    if actor.role == Role.SYSADMIN:
        return True
    return actor.role in (Role.HR, Role.CENTRE_HEAD) and sentra_id in centre_ids_of(actor)


def require_staff_manager(actor: User | None, sentra_id: int) -> None:
    if not may_manage_staff(actor, sentra_id):
        raise PermissionDenied
