"""Writes of the readiness scorecard: periods and their recorded scores, the staff self-assessment, the
improvement plan. Each keyword-only, one transaction, validated first, audited."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit, crypto
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.quality.models import (
    READINESS_MANAGER_ROLES,
    Aspect,
    PlanStatus,
    ReadinessAction,
    ReadinessPeriod,
    SelfAssessment,
)
from sentra.quality.rules import readiness as rules
from sentra.quality.selectors import readiness as selectors
from sentra.quality.services._common import centre_today, is_member, require_centre_role

# Staff who answer the self-assessment: everyone working in a centre.
SELF_ASSESSMENT_ROLES = frozenset({"case_manager", "professional", "intake", "centre_head", "hr"})
TITLE_MAX = 200
TEXT_MAX = 4000
BUDGET_MAX = Decimal(10) ** 15 - 1


def _period_for(*, actor: User | None, sentra: Sentra, day: datetime.date) -> ReadinessPeriod:
    year, half, starts_on, ends_on = selectors.semester_of(day)
    period, created = ReadinessPeriod.objects.get_or_create(
        sentra=sentra, year=year, half=half, defaults={"starts_on": starts_on, "ends_on": ends_on}
    )
    if created:
        audit.record_create(
            actor=actor, instance=period, sentra_id=sentra.pk, actor_label=None if actor else "readiness"
        )
    return period


@transaction.atomic
def readiness_period_open(
    *, actor: User | None, sentra: Sentra, day: datetime.date | None = None
) -> ReadinessPeriod:
    """The semester's period of a centre (created once): its head, an administrator or the system."""
    if actor is not None:
        require_centre_role(actor, sentra.pk, READINESS_MANAGER_ROLES)
    return _period_for(actor=actor, sentra=sentra, day=day or centre_today(sentra))


@transaction.atomic
def readiness_record(
    *, actor: User | None, period: ReadinessPeriod, today: datetime.date | None = None
) -> ReadinessPeriod:
    """Freeze the period's scorecard as the records stand now (again if recorded before)."""
    if actor is not None:
        require_centre_role(actor, period.sentra_id, READINESS_MANAGER_ROLES)
    period = ReadinessPeriod.objects.select_for_update().select_related("sentra").get(pk=period.pk)
    card, facts = selectors.compute_scorecard(
        sentra=period.sentra, starts_on=period.starts_on, ends_on=period.ends_on, today=today
    )
    before = audit.snapshot(period)
    period.result = selectors.scorecard_to_json(card, facts)
    period.recorded_at = timezone.now()
    period.recorded_by = actor
    period.save(update_fields=["result", "recorded_at", "recorded_by"])
    audit.record_update(
        actor=actor,
        instance=period,
        before=before,
        sentra_id=period.sentra_id,
        actor_label=None if actor else "readiness",
    )
    return period


def respondent_hash(period: ReadinessPeriod, user: User) -> str:
    return crypto.lookup_hash(f"{period.pk}:{user.pk}", purpose="readiness-self-assessment")


def has_answered(*, user: User, period: ReadinessPeriod | None) -> bool:
    if period is None:
        return False
    return SelfAssessment.objects.filter(
        period=period, respondent_hash=respondent_hash(period, user)
    ).exists()


def may_self_assess(user: User, sentra_id: int) -> bool:
    return user.role in SELF_ASSESSMENT_ROLES and is_member(user, sentra_id)


def self_assessment_submit(
    *, actor: User, sentra: Sentra, answers: Mapping[str, object], day: datetime.date | None = None
) -> SelfAssessment:
    """One staff member's answers for this semester, once. Stored without their name (see the model)."""
    if not may_self_assess(actor, sentra.pk):
        raise PermissionDenied
    wrong = rules.check_self_assessment(answers)
    if wrong:
        raise ValidationError({key: [_("Choose an answer from 1 to 4.")] for key in wrong})
    day = day or centre_today(sentra)
    try:
        with transaction.atomic():
            period = _period_for(actor=actor, sentra=sentra, day=day)
            response = SelfAssessment(
                period=period,
                respondent_hash=respondent_hash(period, actor),
                submitted_on=day,
                **{key: answers[key] for key in rules.SELF_ASSESSMENT_ITEMS},
            )
            response.save()
            # The audit row names the period, never the response's answers or its author's link to them.
            audit.record(
                actor=None,
                action="create",
                object_type="quality.selfassessment",
                object_id="",
                object_repr=str(period),
                sentra_id=sentra.pk,
                actor_label="self-assessment",
            )
    except IntegrityError:
        raise ValidationError(
            {"__all__": [_("You have already answered the self-assessment for this semester.")]}
        ) from None
    return response


# --- the improvement plan ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanActionInput:
    aspect: str
    title: str
    owner_id: int
    due_on: datetime.date
    budget: Decimal = Decimal(0)
    description: str = ""
    status: str = PlanStatus.PLANNED
    progress: int = 0
    progress_note: str = ""


def _check(sentra_id: int, data: PlanActionInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if data.aspect not in Aspect.values:
        errors["aspect"] = [_("Choose equipment, skills and knowledge, or attitude and mindset.")]
    title = data.title.strip()
    if not title:
        errors["title"] = [_("Say what will be done.")]
    elif len(title) > TITLE_MAX:
        errors["title"] = [_("At most {count} characters.").format(count=TITLE_MAX)]
    owner = User.objects.filter(pk=data.owner_id, is_active=True).first()
    if owner is None or not is_member(owner, sentra_id):
        errors["owner"] = [_("The owner must be an active staff member of this centre.")]
    if not (Decimal(0) <= data.budget <= BUDGET_MAX) or data.budget != data.budget.to_integral_value():
        errors["budget"] = [_("The budget is a whole number of rupiah, 0 or more.")]
    if data.status not in PlanStatus.values:
        errors["status"] = [_("Unknown status.")]
    if not 0 <= data.progress <= 100:
        errors["progress"] = [_("Progress is a percentage from 0 to 100.")]
    for name in ("description", "progress_note"):
        if len(getattr(data, name)) > TEXT_MAX:
            errors[name] = [_("At most {count} characters.").format(count=TEXT_MAX)]
    return errors


def _apply(action: ReadinessAction, data: PlanActionInput, today: datetime.date) -> None:
    action.aspect = data.aspect
    action.title = data.title.strip()
    action.description = data.description.strip()
    action.owner_id = data.owner_id
    action.budget = data.budget
    action.due_on = data.due_on
    action.status = data.status
    action.progress_note = data.progress_note.strip()
    # A finished action is at 100 % with the day it was finished; reopening it clears that day.
    if data.status == PlanStatus.DONE:
        action.progress = 100
        action.completed_on = action.completed_on or today
    else:
        action.progress = data.progress
        action.completed_on = None


@transaction.atomic
def readiness_action_create(*, actor: User, sentra: Sentra, data: PlanActionInput) -> ReadinessAction:
    """A new action of the centre's improvement plan (the centre head's decision)."""
    require_centre_role(actor, sentra.pk, READINESS_MANAGER_ROLES)
    errors = _check(sentra.pk, data)
    if errors:
        raise ValidationError(errors)
    action = ReadinessAction(sentra=sentra, created_by=actor)
    _apply(action, data, centre_today(sentra))
    action.save()
    audit.record_create(actor=actor, instance=action, sentra_id=sentra.pk)
    return action


def may_plan(user: User, sentra_id: int) -> bool:
    return user.role == "sysadmin" or (user.role in READINESS_MANAGER_ROLES and is_member(user, sentra_id))


def may_report_progress(user: User, action: ReadinessAction) -> bool:
    """The head edits the plan; an action's owner reports its progress."""
    return may_plan(user, action.sentra_id) or (
        action.owner_id == user.pk and is_member(user, action.sentra_id)
    )


@transaction.atomic
def readiness_action_update(
    *, actor: User, action: ReadinessAction, data: PlanActionInput
) -> ReadinessAction:
    if not may_report_progress(actor, action):
        raise PermissionDenied
    action = ReadinessAction.objects.select_for_update().select_related("sentra").get(pk=action.pk)
    planned = (data.aspect, data.title.strip(), data.owner_id, data.due_on, data.budget)
    if not may_plan(actor, action.sentra_id) and planned != (
        action.aspect,
        action.title,
        action.owner_id,
        action.due_on,
        action.budget,
    ):
        raise PermissionDenied  # what, who, when and how much stay the head's decision
    errors = _check(action.sentra_id, data)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(action)
    _apply(action, data, centre_today(action.sentra))
    action.save()
    audit.record_update(actor=actor, instance=action, before=before, sentra_id=action.sentra_id)
    return action
