"""Audit rows for bulk writes (imports, demo data): one "created" row per record, inserted in bulk."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import models

from sentra.core import audit
from sentra.core.models import AuditAction, AuditEvent, User


def record_created_bulk(
    instances: Sequence[models.Model],
    *,
    sentra_ids: Sequence[int | None],
    actor_label: str = "",
    actor: User | None = None,
) -> int:
    """What ``audit.record_create`` writes for each instance, in a few inserts instead of one per row."""
    rows = []
    for instance, sentra_id in zip(instances, sentra_ids, strict=True):
        after = audit.snapshot(instance)
        rows.append(
            AuditEvent(
                actor=actor,
                actor_label=actor.username if actor is not None else actor_label,
                action=AuditAction.CREATE,
                object_type=audit.object_type_of(instance),
                object_id=str(instance.pk),
                object_repr=str(instance)[:200],
                sentra_id=sentra_id,
                changes={name: [None, value] for name, value in after.items() if value not in (None, "")},
            )
        )
    AuditEvent.objects.bulk_create(rows, batch_size=500)
    return len(rows)
