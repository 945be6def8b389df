"""The intervention plan (rencana intervensi): drafts, versions, approval by the centre head."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.cases import rules
from sentra.cases.models import (
    Case,
    CasePlan,
    Frequency,
    PlanGoal,
    PlannedService,
    PlanStatus,
    Stage,
)
from sentra.cases.services._common import (
    Errors,
    full_clean,
    is_head_of,
    is_member,
    may_manage,
    require,
    require_open,
)
from sentra.cases.services.tasks import case_facts, task_sync
from sentra.core import audit
from sentra.core.models import AuditAction, User
from sentra.network.models import ServiceComponent, ServiceSubtype

# Stages in which a plan may be written or revised (after the assessment, before termination).
PLANNING_STAGES = (Stage.PERENCANAAN, Stage.INTERVENSI, Stage.MONITORING_EVALUASI)


@dataclass(frozen=True)
class GoalInput:
    description: str
    indicator: str
    target_date: datetime.date | None


@dataclass(frozen=True)
class PlannedServiceInput:
    component: str  # ATENSI component code
    description: str
    responsible: User | None
    frequency: str
    times: int = 1
    subtype: str = ""  # sub-type code, where the component has sub-types


def tag_problem_message(problem: rules.TagProblem) -> str:
    messages = {
        rules.TagProblem.SUBTYPE_REQUIRED: _("This component needs a sub-type."),
        rules.TagProblem.SUBTYPE_NOT_OF_COMPONENT: _("This sub-type belongs to another component."),
        rules.TagProblem.SUBTYPE_NOT_ALLOWED: _("This component has no sub-types."),
    }
    return str(messages[problem])


def resolve_tag(
    component_code: str, subtype_code: str, errors: Errors, prefix: str = ""
) -> tuple[ServiceComponent | None, ServiceSubtype | None]:
    """The component and sub-type named by their codes, with the ATENSI tagging rules enforced."""
    component = ServiceComponent.objects.prefetch_related("subtypes").filter(code=component_code).first()
    if component is None:
        errors.add(f"{prefix}component", _("Choose one of the seven ATENSI components."))
        return None, None
    options = {sub.code: sub for sub in component.subtypes.all()}
    problems = rules.tag_problems(component_subtypes=options, subtype=subtype_code or None)
    for problem in problems:
        errors.add(f"{prefix}subtype", tag_problem_message(problem))
    return component, options.get(subtype_code) if not problems else None


def _check_plan_allowed(case: Case, errors: Errors) -> None:
    if not case_facts(case).assessment_done:
        errors.add("__all__", _("No plan without an assessment: record the assessment summary first."))
    elif case.stage not in PLANNING_STAGES:
        errors.add("__all__", _("A plan is written in the planning, intervention or monitoring stage."))


def _build(
    case: Case, goals: Sequence[GoalInput], services: Sequence[PlannedServiceInput], errors: Errors
) -> tuple[list[PlanGoal], list[PlannedService]]:
    goal_rows: list[PlanGoal] = []
    service_rows: list[PlannedService] = []
    if not goals:
        errors.add("goals", _("Write at least one goal."))
    if not services:
        errors.add("services", _("Plan at least one service."))
    for index, goal in enumerate(goals):
        prefix = f"goals.{index}."
        if goal.target_date is None:
            errors.add(f"{prefix}target_date", _("Give a target date."))
        elif goal.target_date < case.opened_on:
            errors.add(f"{prefix}target_date", _("The target date lies before the case was opened."))
        goal_row = PlanGoal(
            description=goal.description.strip(),
            indicator=goal.indicator.strip(),
            target_date=goal.target_date or case.opened_on,
            position=index,
        )
        full_clean(goal_row, errors, prefix=prefix, exclude=["plan", "target_date"])
        goal_rows.append(goal_row)
    for index, service in enumerate(services):
        prefix = f"services.{index}."
        component, subtype = resolve_tag(service.component, service.subtype, errors, prefix)
        if service.responsible is None:
            errors.add(f"{prefix}responsible", _("Name the professional responsible."))
        elif not (service.responsible.is_active and is_member(service.responsible, case.sentra_id)):
            errors.add(
                f"{prefix}responsible", _("The responsible professional must work in the case's centre.")
            )
        if service.frequency not in Frequency.values:
            errors.add(f"{prefix}frequency", _("Choose how often."))
        if service.times < 1 or service.times > 100:
            errors.add(f"{prefix}times", _("Between 1 and 100 times."))
        row = PlannedService(
            component=component,
            subtype=subtype,
            description=service.description.strip(),
            responsible=service.responsible,
            frequency=service.frequency,
            times=1 if service.frequency == Frequency.ONCE else service.times,
            position=index,
        )
        full_clean(
            row, errors, prefix=prefix, exclude=["plan", "component", "responsible", "frequency", "times"]
        )
        service_rows.append(row)
    return goal_rows, service_rows


@transaction.atomic
def plan_save(
    *,
    actor: User,
    case: Case,
    goals: Sequence[GoalInput],
    services: Sequence[PlannedServiceInput],
    summary: str = "",
    revision_reason: str = "",
) -> CasePlan:
    """Write the draft plan: replaces the open draft, or starts the next version (a revision).

    Version 1 is the first plan; every later version is a revision and says why. Approved versions
    stay as they were (superseded when the next one is approved).
    """
    require(may_manage(actor, case))
    require_open(case)
    case = Case.objects.select_for_update().get(pk=case.pk)
    errors = Errors()
    _check_plan_allowed(case, errors)
    goal_rows, service_rows = _build(case, goals, services, errors)
    draft = case.plans.filter(status=PlanStatus.DRAFT).first()
    version = draft.version if draft else (case.plans.aggregate(top=Max("version"))["top"] or 0) + 1
    if version > 1 and not revision_reason.strip():
        errors.add("revision_reason", _("Say why the plan is revised."))
    errors.raise_if_any()
    if draft is None:
        draft = CasePlan(case=case, version=version, created_by=actor)
        created = True
        before: dict[str, object] = {}
    else:
        created = False
        before = audit.snapshot(draft)
        draft.goals.all().delete()
        draft.services.all().delete()
    draft.summary = summary.strip()
    draft.revision_reason = revision_reason.strip()
    draft.save()
    for goal_row in goal_rows:
        goal_row.plan = draft
        goal_row.save()
    for service_row in service_rows:
        service_row.plan = draft
        service_row.save()
    content = {
        "goals": [[g.description, g.indicator, str(g.target_date)] for g in goal_rows],
        "services": [
            [
                s.component.code,
                s.subtype.code if s.subtype else "",
                s.description,
                s.responsible_id,
                s.times,
                s.frequency,
            ]
            for s in service_rows
        ],
    }
    if created:
        audit.record_create(actor=actor, instance=draft, sentra_id=case.sentra_id)
    # Goals and services are rows of their own: the plan's content goes into one audit entry.
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=draft,
        sentra_id=case.sentra_id,
        changes={"summary": [before.get("summary"), draft.summary], "content": [None, content]},
    )
    return draft


@transaction.atomic
def plan_approve(*, actor: User, plan: CasePlan) -> CasePlan:
    """A centre head of the case's centre approves a draft written by someone else (four eyes)."""
    case = plan.case
    require(is_head_of(actor, case.sentra_id))
    require_open(case)
    plan = CasePlan.objects.select_for_update().get(pk=plan.pk)
    errors = Errors()
    if plan.status != PlanStatus.DRAFT:
        errors.add("__all__", _("Only a draft can be approved."))
    if plan.created_by_id == actor.pk:
        errors.add("__all__", _("A plan is approved by someone other than its author."))
    if not plan.goals.exists() or not plan.services.exists():
        errors.add("__all__", _("The plan needs at least one goal and one service."))
    errors.raise_if_any()
    for previous in case.plans.filter(status=PlanStatus.APPROVED):
        previous_before = audit.snapshot(previous)
        previous.status = PlanStatus.SUPERSEDED
        previous.save()
        audit.record_update(actor=actor, instance=previous, before=previous_before, sentra_id=case.sentra_id)
    before = audit.snapshot(plan)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.save()
    audit.record_update(actor=actor, instance=plan, before=before, sentra_id=case.sentra_id)
    task_sync(case=case, actor=actor)
    return plan


def plan_discard(*, actor: User, plan: CasePlan) -> None:
    """Throw away an unapproved draft (its author or the case's managers)."""
    with transaction.atomic():
        require(may_manage(actor, plan.case) or plan.created_by_id == actor.pk)
        if plan.status != PlanStatus.DRAFT:
            raise ValidationError({"__all__": [_("Only a draft can be discarded.")]})
        audit.record_delete(actor=actor, instance=plan, sentra_id=plan.case.sentra_id)
        plan.delete()
