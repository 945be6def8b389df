"""The "pursue documentation" task: a person registered without a NIK gets one, closed when a NIK is recorded.

People without a NIK (ODGJ found on the street, street children, trafficking victims) are registered
with a stated reason (domain-indonesia.md §3); the centre then helps them get civil registration at
Dukcapil. The task is opened when such a person is registered (form, API or import) and settled when
the record gets a NIK; it follows the beneficiaries app's signals, so that app never imports this one.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.services.bulk import record_created_bulk
from sentra.beneficiaries.signals import ProfileTask
from sentra.cases.models import Task, TaskKind, TaskStatus
from sentra.cases.services._common import is_member
from sentra.core import audit
from sentra.core.models import AuditAction, User

# English source of the stored title; pages show the kind's translated label (``Task.display_title``).
DOCUMENTATION_TITLE = "Pursue documentation (NIK)"
DOCUMENTATION_DAYS = 30
SYSTEM_LABEL = "case rules"


def documentation_key(beneficiary_id: int) -> str:
    return f"documentation:{beneficiary_id}"


def documentation_due(registered_on: datetime.date) -> datetime.date:
    return registered_on + datetime.timedelta(days=DOCUMENTATION_DAYS)


def _assignee(actor: User | None, beneficiary: Beneficiary) -> User | None:
    if actor is not None and actor.is_active and is_member(actor, beneficiary.registered_sentra_id):
        return actor
    return None


def on_profile_tasks(*, beneficiary: Beneficiary, user: User, **_: Any) -> list[ProfileTask]:
    """The open pursue-documentation task, for the person's profile (whoever may open the profile
    may know the NIK is still missing: the record says so)."""
    task = (
        Task.objects.filter(rule_key=documentation_key(beneficiary.pk), status=TaskStatus.OPEN)
        .select_related("assigned_to")
        .first()
    )
    if task is None:
        return []
    assignee = task.assigned_to
    return [
        ProfileTask(
            kind=task.kind,
            title=task.display_title,
            due_on=task.due_on,
            overdue=task.is_overdue,
            assignee=(assignee.get_full_name() or assignee.username) if assignee is not None else "",
        )
    ]


def documentation_open(
    *, beneficiaries: Iterable[Beneficiary], actor: User | None, import_job_id: int | None = None
) -> int:
    """Open the task for each person without a NIK who has no open one.

    For an import, one audit event records every task the import opened (as the import itself is
    recorded by one event), instead of one row per task.
    """
    waiting = [b for b in beneficiaries if not b.nik_hash and b.merged_into_id is None]
    if not waiting:
        return 0
    keys = {documentation_key(b.pk): b for b in waiting}
    open_keys = set(
        Task.objects.filter(rule_key__in=list(keys), status=TaskStatus.OPEN).values_list(
            "rule_key", flat=True
        )
    )
    today = timezone.localdate()
    tasks = [
        Task(
            sentra_id=person.registered_sentra_id,
            beneficiary=person,
            kind=TaskKind.DOCUMENTATION,
            rule_key=key,
            title=DOCUMENTATION_TITLE,
            details=person.no_nik_reason,
            due_on=documentation_due(today),
            assigned_to=_assignee(actor, person),
        )
        for key, person in keys.items()
        if key not in open_keys
    ]
    Task.objects.bulk_create(tasks, batch_size=1000)
    if import_job_id is None:
        record_created_bulk(tasks, sentra_ids=[t.sentra_id for t in tasks], actor_label=SYSTEM_LABEL)
    else:
        for sentra_id in sorted({t.sentra_id for t in tasks}):
            ids = [t.pk for t in tasks if t.sentra_id == sentra_id]
            audit.record(
                actor=None,
                actor_label=SYSTEM_LABEL,
                action=AuditAction.CREATE,
                object_type="cases.task",
                object_repr=f"{DOCUMENTATION_TITLE} (import, {len(ids)})",
                sentra_id=sentra_id,
                changes={
                    "import_job": [None, import_job_id],
                    "created": [None, len(ids)],
                    "task_ids": [None, ids],
                },
            )
    return len(tasks)


def documentation_sync(*, beneficiary: Beneficiary, actor: User | None) -> None:
    """After an edit: a recorded NIK settles the open task; a NIK removed (with a reason) opens one."""
    if not beneficiary.nik_hash:
        documentation_open(beneficiaries=[beneficiary], actor=actor)
        return
    for task in Task.objects.filter(rule_key=documentation_key(beneficiary.pk), status=TaskStatus.OPEN):
        before = audit.snapshot(task)
        task.status = TaskStatus.DONE
        task.completed_at = timezone.now()
        task.completed_by = actor
        task.save()
        audit.record_update(
            actor=None, instance=task, before=before, sentra_id=task.sentra_id, actor_label=SYSTEM_LABEL
        )


def on_registered(
    sender: Any,
    *,
    beneficiaries: Iterable[Beneficiary],
    actor: User | None,
    import_job_id: int | None = None,
    **kwargs: Any,
) -> None:
    documentation_open(beneficiaries=beneficiaries, actor=actor, import_job_id=import_job_id)


def on_updated(sender: Any, *, beneficiary: Beneficiary, actor: User | None, **kwargs: Any) -> None:
    documentation_sync(beneficiary=beneficiary, actor=actor)
