"""Training plans: proposed from the centre's gap report, approved by its head or HR."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.training.models import Course, PlanItem, PlanStatus, TrainingPlan
from sentra.training.rules.plan import CourseLine, GapLine, StaffLine, propose_plan
from sentra.training.services._common import require_manager, today_in
from sentra.workforce import selectors as workforce_selectors
from sentra.workforce.models import Competency, StaffMember


@transaction.atomic
def plan_propose(*, actor: User | None, sentra: Sentra, year: int) -> TrainingPlan:
    """(Re)propose the year's plan from today's gap report; an approved plan is kept as it is."""
    if actor is not None:
        require_manager(actor, sentra.pk)
    plan, created = TrainingPlan.objects.get_or_create(sentra=sentra, year=year)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError({"year": [_("The plan for this year is already approved.")]})
    if created:
        audit.record_create(actor=actor, instance=plan, sentra_id=sentra.pk, actor_label="system")
    report = workforce_selectors.gap_report(sentra.pk, today=today_in(sentra))
    staff = list(StaffMember.objects.filter(sentra=sentra).active(on=today_in(sentra)))
    levels = workforce_selectors.competency_level_map([s.pk for s in staff])
    staff_lines = [
        StaffLine(s.pk, s.profession, {code: level for (sid, code), level in levels.items() if sid == s.pk})
        for s in staff
    ]
    gaps = [
        GapLine(g.competency, g.required_level, g.staff_needed, g.staff_at_level, g.beneficiaries_needing)
        for g in report.competency_gaps
    ]
    competencies = {c.code: c for c in Competency.objects.filter(code__in=[g.competency for g in gaps])}
    professions_of = {code: frozenset(c.professions or []) for code, c in competencies.items()}
    courses = [
        CourseLine(course.pk, {o.competency.code: o.level for o in course.outcomes.all()})
        for course in Course.objects.filter(is_active=True)
        .filter(models.Q(sentra__isnull=True) | models.Q(sentra=sentra))
        .prefetch_related("outcomes__competency")
    ]
    for old in plan.items.all():
        audit.record_delete(actor=actor, instance=old, sentra_id=sentra.pk, actor_label="system")
    plan.items.all().delete()
    for item in propose_plan(gaps, staff_lines, professions_of, courses):
        row = PlanItem.objects.create(
            plan=plan,
            staff_id=item.staff_id,
            competency=competencies[item.competency],
            course_id=item.course_id,
            current_level=item.current_level,
            target_level=item.target_level,
            staff_needed=item.gap.staff_needed,
            staff_at_level=item.gap.staff_at_level,
            beneficiaries_needing=item.gap.beneficiaries_needing,
        )
        audit.record_create(actor=actor, instance=row, sentra_id=sentra.pk, actor_label="system")
    return plan


@transaction.atomic
def plan_approve(*, actor: User | None, plan: TrainingPlan) -> TrainingPlan:
    if actor is not None:
        require_manager(actor, plan.sentra_id)
    if plan.status == PlanStatus.APPROVED:
        raise ValidationError({"status": [_("The plan is already approved.")]})
    before = audit.snapshot(plan)
    plan.status = PlanStatus.APPROVED
    plan.approved_by = actor
    plan.approved_at = timezone.now()
    plan.save()
    audit.record_update(
        actor=actor, instance=plan, before=before, sentra_id=plan.sentra_id, actor_label="system"
    )
    return plan
