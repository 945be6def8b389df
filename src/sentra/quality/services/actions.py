"""Improvement actions for a period's weakest elements: planned by the head, tracked to completion."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.quality.models import ActionStatus, ImprovementAction, SurveyPeriod
from sentra.quality.rules.ikm import ELEMENT_NAMES
from sentra.quality.services._common import is_member, require_centre_role

PLANNER_ROLES = frozenset({"centre_head"})


@dataclass(frozen=True)
class ActionInput:
    element: str
    title: str
    owner_id: int
    due_on: datetime.date
    description: str = ""
    status: str = ActionStatus.PLANNED
    completed_on: datetime.date | None = None
    outcome: str = ""


def _check(period: SurveyPeriod, data: ActionInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.element not in ELEMENT_NAMES:
        errors["element"] = [_("Choose one of the nine survey elements.")]
    if not data.title.strip():
        errors["title"] = [_("Say what will be done.")]
    owner = User.objects.filter(pk=data.owner_id, is_active=True).first()
    if owner is None or not is_member(owner, period.sentra_id):
        errors["owner"] = [_("The owner must be an active staff member of this centre.")]
    if data.status not in ActionStatus.values:
        errors["status"] = [_("Unknown status.")]
    if data.status == ActionStatus.DONE and data.completed_on is None:
        errors["completed_on"] = [_("Give the date the action was completed.")]
    if data.completed_on is not None and data.status != ActionStatus.DONE:
        errors["completed_on"] = [_("Only a completed action has a completion date.")]
    return errors


def _apply(action: ImprovementAction, data: ActionInput) -> None:
    action.element = data.element
    action.title = data.title.strip()
    action.description = data.description.strip()
    action.owner_id = data.owner_id
    action.due_on = data.due_on
    action.status = data.status
    action.completed_on = data.completed_on
    action.outcome = data.outcome.strip()


@transaction.atomic
def action_create(*, actor: User, period: SurveyPeriod, data: ActionInput) -> ImprovementAction:
    require_centre_role(actor, period.sentra_id, PLANNER_ROLES)
    errors = _check(period, data)
    if errors:
        raise ValidationError(errors)
    action = ImprovementAction(period=period, created_by=actor)
    _apply(action, data)
    action.save()
    audit.record_create(actor=actor, instance=action, sentra_id=period.sentra_id)
    return action


def may_update(user: User, action: ImprovementAction) -> bool:
    """The centre head plans and edits; the owner reports progress on their own action."""
    if user.role == "sysadmin":
        return True
    if not is_member(user, action.period.sentra_id):
        return False
    return user.role in PLANNER_ROLES or action.owner_id == user.pk


@transaction.atomic
def action_update(*, actor: User, action: ImprovementAction, data: ActionInput) -> ImprovementAction:
    if not may_update(actor, action):
        raise PermissionDenied
    # An owner reports progress; what, who and when stay the head's decision.
    planner = actor.role in PLANNER_ROLES or actor.role == "sysadmin"
    plan = (data.element, data.title.strip(), data.owner_id, data.due_on)
    if not planner and plan != (action.element, action.title, action.owner_id, action.due_on):
        raise PermissionDenied
    errors = _check(action.period, data)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(action)
    _apply(action, data)
    action.save()
    audit.record_update(actor=actor, instance=action, before=before, sentra_id=action.period.sentra_id)
    return action
