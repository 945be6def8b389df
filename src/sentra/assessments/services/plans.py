"""An accepted recommendation becomes a planned service of the person's case plan.

The plan belongs to the cases app and is written only through its public service
(``sentra.cases.services.plan_save``), which keeps its rules: the plan is written by the case's
manager or the centre head, after the assessment summary, in the planning, intervention or monitoring
stage; a plan already approved is revised as a new draft version that says why.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.assessments.models import Need
from sentra.assessments.rules import text_in
from sentra.assessments.services._common import record_update
from sentra.assessments.services.needs import need_accept
from sentra.cases import services as case_services
from sentra.cases.models import Case, CasePlan, Frequency, PlanStatus
from sentra.core import audit
from sentra.core.models import User

# A goal for a first plan written from a recommendation: reviewed at the usual three-month mark.
FIRST_GOAL_WEEKS = 13
PEKERJA_SOSIAL = "pekerja_sosial"


def case_for(need: Need) -> Case | None:
    """The case the service belongs to: the need's own, else the person's one open case at the centre."""
    if need.case_id is not None:
        case = Case.objects.filter(pk=need.case_id, closed_on__isnull=True).first()
        if case is not None:
            return case
    cases = list(
        Case.objects.filter(
            beneficiary_id=need.beneficiary_id, sentra_id=need.sentra_id, closed_on__isnull=True
        )[:2]
    )
    return cases[0] if len(cases) == 1 else None


def responsible_for(need: Need, case: Case) -> User:
    """Someone of the case's centre whose profession the rule asked for; else the case manager."""
    wanted = [code for code in need.professions if code != PEKERJA_SOSIAL]
    if wanted:
        found = (
            User.objects.filter(is_active=True, profession__in=wanted, memberships__sentra_id=case.sentra_id)
            .order_by("pk")
            .first()
        )
        if found is not None:
            return found
    return case.case_manager


def _current_plan(case: Case) -> CasePlan | None:
    return (
        case.plans.filter(status=PlanStatus.DRAFT).first()
        or case.plans.filter(status=PlanStatus.APPROVED).first()
    )


@transaction.atomic
def need_accept_into_plan(*, actor: User, need: Need, reason: str = "") -> Need:
    """Accept the recommendation and add its service to the case plan (nothing is saved on refusal).

    Without an open case at the need's centre there is no plan to write into: the recommendation is
    accepted and the case manager plans it when the case is opened.
    """
    need = need_accept(actor=actor, need=need, reason=reason)
    case = case_for(need)
    if case is None:
        return need
    language = "id"
    service_text = text_in(need.service_label, language)[:200] if need.service_label else need.component
    plan = _current_plan(case)
    goals: list[case_services.GoalInput] = []
    services: list[case_services.PlannedServiceInput] = []
    summary, revision_reason = "", ""
    if plan is not None:
        goals = [case_services.GoalInput(g.description, g.indicator, g.target_date) for g in plan.goals.all()]
        services = [
            case_services.PlannedServiceInput(
                component=s.component.code,
                subtype=s.subtype.code if s.subtype else "",
                description=s.description,
                responsible=s.responsible,
                frequency=s.frequency,
                times=s.times,
            )
            for s in plan.services.select_related("component", "subtype", "responsible")
        ]
        summary = plan.summary
        if plan.status == PlanStatus.DRAFT:
            revision_reason = plan.revision_reason
        else:
            revision_reason = _("Recommendation accepted from an assessment: {rule}").format(
                rule=need.rule_id
            )
    else:
        target = timezone.localdate() + datetime.timedelta(weeks=FIRST_GOAL_WEEKS)
        goals = [
            case_services.GoalInput(
                description=service_text,
                indicator=_("Reassessment shows the need is met (rule {rule}).").format(rule=need.rule_id),
                target_date=target,
            )
        ]
    services.append(
        case_services.PlannedServiceInput(
            component=need.component,
            subtype=need.subtype,
            description=service_text,
            responsible=responsible_for(need, case),
            frequency=Frequency.WEEKLY,
            times=1,
        )
    )
    try:
        saved = case_services.plan_save(
            actor=actor,
            case=case,
            goals=goals,
            services=services,
            summary=summary,
            revision_reason=revision_reason,
        )
    except PermissionDenied:
        raise ValidationError(
            {"case_plan": [_("Only the case's manager or the centre head can add a service to its plan.")]}
        ) from None
    except ValidationError as exc:
        why = " ".join(exc.messages)
        raise ValidationError(
            {"case_plan": [_("The service could not be added to the case plan: {why}").format(why=why)]}
        ) from None
    before = audit.snapshot(need)
    need.case_plan, need.case = saved, case
    need.save(update_fields=["case_plan", "case"])
    record_update(actor=actor, instance=need, before=before, sentra_id=need.sentra_id)
    return need
