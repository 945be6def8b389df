"""Audit helpers that also carry a label for system actors (``actor=None``), and the admin gate."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from sentra.core import audit
from sentra.core.models import AuditAction, Role, User


def label(actor: User | None, actor_label: str | None) -> str | None:
    return actor_label if actor is None else None


def audit_create(
    *, actor: User | None, instance: models.Model, sentra_id: int | None, actor_label: str | None
) -> None:
    after = audit.snapshot(instance)
    changes = {name: [None, value] for name, value in after.items() if value not in (None, "")}
    audit.record(
        actor=actor,
        action=AuditAction.CREATE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=label(actor, actor_label),
    )


def audit_update(
    *,
    actor: User | None,
    instance: models.Model,
    before: dict[str, Any],
    sentra_id: int | None,
    actor_label: str | None,
) -> bool:
    changes = audit.diff(before, audit.snapshot(instance))
    changes.pop("updated_at", None)  # bookkeeping that changes with every save; not news
    if not changes:
        return False
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=label(actor, actor_label),
    )
    return True


def audit_delete(
    *, actor: User | None, instance: models.Model, sentra_id: int | None, actor_label: str | None
) -> None:
    before = audit.snapshot(instance)
    changes = {name: [value, None] for name, value in before.items() if value not in (None, "")}
    audit.record(
        actor=actor,
        action=AuditAction.DELETE,
        instance=instance,
        sentra_id=sentra_id,
        changes=changes,
        actor_label=label(actor, actor_label),
    )


def require_sysadmin(actor: User | None) -> None:
    if actor is not None and actor.role != Role.SYSADMIN:
        raise PermissionDenied
