"""Tasks: mine, my centres', manual ones, completing."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.cases import selectors, services
from sentra.cases.api.common import (
    acting_user,
    centre_or_error,
    user_or_error,
)
from sentra.cases.models import (
    Task,
)

router = Router(tags=["cases"])


class TaskOut(Schema):
    id: int
    kind: str
    title: str
    due_on: datetime.date
    status: str
    overdue: bool
    case_id: int | None
    case_number: str | None
    sentra_id: int
    assigned_to_id: int | None

    @staticmethod
    def resolve_title(obj: Task) -> str:
        return obj.display_title

    @staticmethod
    def resolve_overdue(obj: Task) -> bool:
        return obj.is_overdue

    @staticmethod
    def resolve_case_number(obj: Task) -> str | None:
        return obj.case.case_number if obj.case_id and obj.case else None


class TaskQuery(Schema):
    scope: str = Field(
        "mine", description="mine (assigned to you) or centre (centre heads: open tasks of their centres)"
    )
    include_done: bool = False
    overdue: bool = False


class TaskIn(Schema):
    title: str
    due_on: datetime.date | None = None
    case_id: int | None = None
    sentra_id: int | None = Field(None, description="For a task not tied to a case")
    assigned_to_id: int | None = None
    details: str = ""


class TaskCompleteIn(Schema):
    note: str = ""


@router.get("/tasks", response=list[TaskOut], summary="My tasks (or my centres' tasks)")
@paginate(PageNumber)
def task_list(request: HttpRequest, filters: Query[TaskQuery]) -> Any:
    actor = acting_user(request)
    if filters.scope not in ("mine", "centre"):
        raise ValidationError({"scope": [_("Use mine or centre.")]})
    if filters.scope == "centre":
        return selectors.tasks_of_centres(user=actor, overdue_only=filters.overdue)
    rows = selectors.tasks_mine(user=actor, include_done=filters.include_done)
    return rows.overdue() if filters.overdue else rows


@router.post("/tasks", response={201: TaskOut}, summary="Add a manual task")
def task_create(request: HttpRequest, payload: TaskIn) -> Status[Task]:
    actor = acting_user(request)
    case = selectors.case_get(user=actor, pk=payload.case_id) if payload.case_id is not None else None
    sentra = centre_or_error(payload.sentra_id, "sentra_id")
    if case is None and sentra is None:
        raise ValidationError({"case_id": [_("Give the case, or the centre for a task not tied to a case.")]})
    task = services.task_create(
        actor=actor,
        case=case,
        sentra=sentra,
        title=payload.title,
        due_on=payload.due_on,
        assigned_to=user_or_error(payload.assigned_to_id, "assigned_to_id"),
        details=payload.details,
    )
    return Status(201, task)


@router.post("/tasks/{task_id}/complete", response=TaskOut, summary="Mark a task done")
def task_complete(request: HttpRequest, task_id: int, payload: TaskCompleteIn) -> Task:
    actor = acting_user(request)
    task = selectors.task_get(user=actor, pk=task_id)
    return services.task_complete(actor=actor, task=task, note=payload.note)
