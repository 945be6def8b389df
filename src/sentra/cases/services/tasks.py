"""Tasks: the rule-derived reminders of a case (kept in step by ``task_sync``) and manual tasks."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.cases import rules
from sentra.cases.models import Case, CaseRuleSet, PlanStatus, StageTransition, Task, TaskKind, TaskStatus
from sentra.cases.services._common import (
    Errors,
    full_clean,
    is_centre_staff,
    is_head_of,
    is_member,
    may_contribute,
    may_manage,
    require,
    task_rules_for,
    today,
)
from sentra.core import audit
from sentra.core.models import Role, User
from sentra.network.models import Sentra

SYSTEM_LABEL = "case rules"

_TITLES = {
    rules.DerivedKind.INITIAL_ASSESSMENT: "Initial assessment",
    rules.DerivedKind.PLAN_REVIEW: "Plan review",
    rules.DerivedKind.AFTERCARE: "After-care follow-up",
}


def case_facts(case: Case) -> rules.CaseFacts:
    assessed = rules.is_assessment_done(
        (from_stage, note_id is not None)
        for from_stage, note_id in StageTransition.objects.filter(case=case).values_list(
            "from_stage", "assessment_note_id"
        )
    )
    approved = case.plans.filter(status=PlanStatus.APPROVED).first()
    reviews_done, last_review_on = 0, None
    # "plan_review:v2" is a prefix of "plan_review:v21" too: match the version's keys exactly.
    if approved is not None:
        done = Task.objects.filter(
            case=case, kind=TaskKind.PLAN_REVIEW, status=TaskStatus.DONE, completed_at__isnull=False
        ).filter(
            Q(rule_key=rules.plan_review_key(approved.version))
            | Q(rule_key__startswith=rules.plan_review_key(approved.version) + "#")
        )
        reviews_done = done.count()
        last = done.order_by("-completed_at").values_list("completed_at", flat=True).first()
        last_review_on = timezone.localdate(last) if last else None
    return rules.CaseFacts(
        opened_on=case.opened_on,
        assessment_done=assessed,
        approved_plan_version=approved.version if approved else None,
        approved_plan_on=timezone.localdate(approved.approved_at)
        if approved and approved.approved_at
        else None,
        reviews_done=reviews_done,
        last_review_on=last_review_on,
        terminated_on=case.terminated_on,
        termination_reason=case.termination_reason,
        closed=case.closed_on is not None,
    )


def derived_task(case: Case, spec: rules.TaskSpec) -> Task:
    """The (unsaved) task a case rule asks for, given to the case manager."""
    return Task(
        sentra_id=case.sentra_id,
        case=case,
        kind=TaskKind(spec.kind.value),
        rule_key=spec.rule_key,
        title=_TITLES[spec.kind],
        details=_detail(spec),
        due_on=spec.due_on,
        assigned_to_id=case.case_manager_id,
    )


def task_sync(*, case: Case, actor: User | None = None) -> None:
    """Bring the case's rule-derived tasks in line with the rules: open what is due, settle the rest.

    Settled tasks are marked done (the work they asked for happened, e.g. the assessment) or
    cancelled (no longer needed, e.g. the case was closed). Tasks go to the case manager.
    """
    existing = {task.rule_key: task for task in Task.objects.filter(case=case).exclude(rule_key="")}
    plan = rules.derive_tasks(case_facts(case), task_rules_for(case.sentra_id), existing_keys=existing)
    for spec in plan.wanted:
        if spec.rule_key in existing:
            continue
        task = derived_task(case, spec)
        task.save()
        audit.record_create(actor=None, instance=task, sentra_id=case.sentra_id, actor_label=SYSTEM_LABEL)
    finished = case.closed_on is not None or case.termination_reason == rules.DIED
    for key in plan.settled:
        settled = existing.get(key)
        if settled is None or settled.status != TaskStatus.OPEN:
            continue
        task = settled
        before = audit.snapshot(task)
        cancelled = finished or (key.startswith("plan_review:") and case.terminated_on is not None)
        task.status = TaskStatus.CANCELLED if cancelled else TaskStatus.DONE
        task.completed_at = timezone.now()
        task.completed_by = actor
        task.save()
        audit.record_update(
            actor=None, instance=task, before=before, sentra_id=case.sentra_id, actor_label=SYSTEM_LABEL
        )


def _detail(spec: rules.TaskSpec) -> str:
    if spec.kind == rules.DerivedKind.PLAN_REVIEW:
        return f"v{spec.version}"
    if spec.kind == rules.DerivedKind.AFTERCARE:
        return f"{spec.months}m"
    return ""


@transaction.atomic
def task_create(
    *,
    actor: User | None,
    title: str,
    due_on: datetime.date | None,
    case: Case | None = None,
    sentra: Sentra | None = None,
    assigned_to: User | None = None,
    details: str = "",
    actor_label: str = "",
) -> Task:
    """A manual task, on a case (anyone who works on it) or for a centre (its staff).

    ``actor=None`` is a system action (e.g. the 24-hour safety task of a PHQ-9 item-9 answer): no
    one's permission applies, so a rule's task is never dropped; the audit names ``actor_label``.
    """
    if case is not None:
        require(actor is None or may_contribute(actor, case))
        sentra_id = case.sentra_id
    else:
        require(sentra is not None and (actor is None or is_centre_staff(actor, sentra.pk)))
        assert sentra is not None
        sentra_id = sentra.pk
    errors = Errors()
    assignee = assigned_to or actor
    if assignee is None or not (assignee.is_active and is_member(assignee, sentra_id)):
        errors.add("assigned_to", _("Assign the task to someone who works in the centre."))
    if due_on is None:
        errors.add("due_on", _("Give a due date."))
    task = Task(
        sentra_id=sentra_id,
        case=case,
        kind=TaskKind.MANUAL,
        title=title.strip(),
        details=details.strip(),
        due_on=due_on or today(),
        assigned_to=assignee,
        created_by=actor,
    )
    full_clean(task, errors, exclude=["due_on"] if due_on is None else None)
    errors.raise_if_any()
    task.save()
    audit.record_create(actor=actor, instance=task, sentra_id=sentra_id, actor_label=actor_label or None)
    return task


def _may_handle(actor: User, task: Task) -> bool:
    if task.assigned_to_id == actor.pk or is_head_of(actor, task.sentra_id):
        return True
    return task.case is not None and may_manage(actor, task.case)


@transaction.atomic
def task_complete(*, actor: User, task: Task, note: str = "") -> Task:
    require(_may_handle(actor, task))
    if task.status != TaskStatus.OPEN:
        raise ValidationError({"__all__": [_("This task is no longer open.")]})
    if task.kind == TaskKind.DOCUMENTATION and task.beneficiary is not None and not task.beneficiary.nik_hash:
        raise ValidationError(
            {"__all__": [_("Record the NIK on the person's record: this task then closes by itself.")]}
        )
    before = audit.snapshot(task)
    task.status = TaskStatus.DONE
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.completion_note = note.strip()
    task.save()
    audit.record_update(actor=actor, instance=task, before=before, sentra_id=task.sentra_id)
    if task.kind == TaskKind.PLAN_REVIEW and task.case is not None:
        task_sync(case=task.case, actor=actor)  # the next review falls due M days from now
    return task


@transaction.atomic
def task_cancel(*, actor: User, task: Task, note: str) -> Task:
    """Manual tasks only: derived ones follow the case and settle by themselves."""
    require(_may_handle(actor, task))
    errors = Errors()
    if task.kind != TaskKind.MANUAL:
        errors.add("__all__", _("Tasks set by the case rules close by themselves when the work is done."))
    if task.status != TaskStatus.OPEN:
        errors.add("__all__", _("This task is no longer open."))
    if not note.strip():
        errors.add("note", _("Say why the task is cancelled."))
    errors.raise_if_any()
    before = audit.snapshot(task)
    task.status = TaskStatus.CANCELLED
    task.completed_at = timezone.now()
    task.completed_by = actor
    task.completion_note = note.strip()
    task.save()
    audit.record_update(actor=actor, instance=task, before=before, sentra_id=task.sentra_id)
    return task


@transaction.atomic
def task_reassign(*, actor: User, task: Task, assigned_to: User) -> Task:
    require(is_head_of(actor, task.sentra_id) or (task.case is not None and may_manage(actor, task.case)))
    if not (assigned_to.is_active and is_member(assigned_to, task.sentra_id)):
        raise ValidationError({"assigned_to": [_("Assign the task to someone who works in the centre.")]})
    before = audit.snapshot(task)
    task.assigned_to = assigned_to
    task.save()
    audit.record_update(actor=actor, instance=task, before=before, sentra_id=task.sentra_id)
    return task


@transaction.atomic
def case_rules_save(
    *,
    actor: User,
    sentra: Sentra | None,
    initial_assessment_days: int | None,
    plan_review_days: int | None,
    aftercare_months: list[int],
    referral_response_days: int | None,
    stage_labels: dict[str, dict[str, str]] | None = None,
) -> CaseRuleSet:
    """A centre head sets their centre's numbers; administrators the national defaults or any centre's.

    Open cases pick the new numbers up for tasks created from now on; existing tasks keep their dates.
    """
    if sentra is None:
        require(actor.role == Role.SYSADMIN)
    else:
        require(actor.role == Role.SYSADMIN or is_head_of(actor, sentra.pk))
    errors = Errors()
    for name, value, top in (
        ("initial_assessment_days", initial_assessment_days, 365),
        ("plan_review_days", plan_review_days, 730),
        ("referral_response_days", referral_response_days, 365),
    ):
        if value is None or not 1 <= value <= top:
            errors.add(name, _("Between 1 and {top} days.").format(top=top))
    months = rules.parse_aftercare_months(aftercare_months)
    if len(months) != len(set(aftercare_months)) or any(not 1 <= m <= 60 for m in aftercare_months):
        errors.add("aftercare_months", _("Whole months between 1 and 60, e.g. 1, 3, 6."))
    labels = stage_labels or {}
    if set(labels) - set(rules.STAGES):
        errors.add(
            "stage_labels",
            _("Unknown stage: {stages}.").format(stages=", ".join(sorted(set(labels) - set(rules.STAGES)))),
        )
    errors.raise_if_any()
    row = (
        CaseRuleSet.objects.filter(sentra=sentra).first()
        if sentra
        else CaseRuleSet.objects.filter(sentra__isnull=True).first()
    )
    before = audit.snapshot(row) if row is not None else None
    row = row or CaseRuleSet(sentra=sentra)
    row.initial_assessment_days = initial_assessment_days or 1
    row.plan_review_days = plan_review_days or 1
    row.referral_response_days = referral_response_days or 1
    row.aftercare_months = list(months)
    row.stage_labels = {
        stage: {lang: text.strip() for lang, text in words.items() if text.strip()}
        for stage, words in labels.items()
    }
    row.stage_labels = {stage: words for stage, words in row.stage_labels.items() if words}
    full_clean(row, errors)
    errors.raise_if_any()
    row.save()
    if before is None:
        audit.record_create(actor=actor, instance=row, sentra_id=sentra.pk if sentra else None)
    else:
        audit.record_update(actor=actor, instance=row, before=before, sentra_id=sentra.pk if sentra else None)
    return row
