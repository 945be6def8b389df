"""What the assessment services share: who may act, error collection, the audit of sensitive rows."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models

from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.core.querysets import centre_ids_of

# Who records assessments and decides on needs: the holders of the sensitive-data permission.
RECORDER_ROLES = frozenset({"case_manager", "professional", "centre_head"})
# Who accepts or rejects a recommended service: the case manager and the centre head.
DECIDER_ROLES = frozenset({"case_manager", "centre_head"})
# Fields whose values are sensitive: the audit log says they changed, never what they hold.
SENSITIVE_FIELDS = frozenset(
    {"answers", "result", "scores", "bands", "flags", "total", "band", "notes", "evidence", "narrative"}
)
REDACTED = "[redacted]"


class Errors:
    """Collects every problem keyed by field, so a form shows them all at once."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, field: str, message: Any) -> None:
        self.by_field.setdefault(field, []).append(str(message))

    def __bool__(self) -> bool:
        return bool(self.by_field)

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(self.by_field)


def require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def is_member(user: User, sentra_id: int | None) -> bool:
    return sentra_id is not None and sentra_id in centre_ids_of(user)


def redacted(values: dict[str, Any]) -> dict[str, Any]:
    return {
        name: REDACTED if name in SENSITIVE_FIELDS and value not in (None, "", [], {}) else value
        for name, value in values.items()
    }


SYSTEM = "system"


def record_create(
    *, actor: User | None, instance: models.Model, sentra_id: int | None, label: str = SYSTEM
) -> None:
    """An audited create whose sensitive values are named but not copied into the audit log."""
    after = redacted(audit.snapshot(instance))
    changes = {name: [None, value] for name, value in after.items() if value not in (None, "", [], {})}
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=None if actor is not None else label,
    )


def record_update(
    *, actor: User | None, instance: models.Model, before: dict[str, Any], sentra_id: int | None
) -> None:
    changes = audit.diff(redacted(before), redacted(audit.snapshot(instance)))
    if changes:
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=instance,
            sentra_id=sentra_id,
            changes=changes,
            actor_label=None if actor is not None else "system",
        )
