"""Opening a case, moving it through the ATENSI stages, its case manager and care team, closing it."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sentra.beneficiaries.models import Beneficiary
from sentra.cases import rules
from sentra.cases.models import (
    CareTeamMember,
    Case,
    CaseNumberCounter,
    NoteKind,
    ProgressNote,
    Referral,
    ReferralStatus,
    Stage,
    StageTransition,
    TeamRole,
)
from sentra.cases.services._common import (
    Errors,
    full_clean,
    is_centre_staff,
    is_head_of,
    is_member,
    may_manage,
    require,
    require_open,
    today,
)
from sentra.cases.services.tasks import case_facts, task_sync
from sentra.core import audit
from sentra.core.models import Role, User
from sentra.network.models import Cluster, Sentra, Setting
from sentra.workforce.eligibility import case_manager_problem


def stage_problem_message(problem: rules.StageProblem) -> str:
    messages = {
        rules.StageProblem.CLOSED: _("The case is closed."),
        rules.StageProblem.UNKNOWN_STAGE: _("Unknown stage."),
        rules.StageProblem.NOT_ALLOWED: _("The case cannot move from this stage to that one."),
        rules.StageProblem.ASSESSMENT_SUMMARY_MISSING: _(
            "Write the assessment summary: planning starts from a recorded assessment."
        ),
        rules.StageProblem.NO_APPROVED_PLAN: _("Intervention needs a case plan approved by the centre head."),
        rules.StageProblem.REASON_MISSING: _("Choose the reason for the termination."),
        rules.StageProblem.REASON_UNKNOWN: _("Unknown termination reason."),
        rules.StageProblem.REASON_TOO_EARLY: _(
            "This reason needs an intervention to have taken place; choose another reason."
        ),
        rules.StageProblem.REFERRAL_NOT_ACCEPTED: _("No referral of this case has been accepted yet."),
        rules.StageProblem.NO_AFTERCARE_AFTER_DEATH: _(
            "There is no after-care after a death: close the case."
        ),
        rules.StageProblem.REASON_ONLY_FOR_TERMINATION: _(
            "A termination reason is given only when terminating."
        ),
    }
    return str(messages[problem])


STAGE_PROBLEM_FIELDS = {
    rules.StageProblem.ASSESSMENT_SUMMARY_MISSING: "assessment_summary",
    rules.StageProblem.REASON_MISSING: "termination_reason",
    rules.StageProblem.REASON_UNKNOWN: "termination_reason",
    rules.StageProblem.REASON_TOO_EARLY: "termination_reason",
    rules.StageProblem.REFERRAL_NOT_ACCEPTED: "termination_reason",
    rules.StageProblem.REASON_ONLY_FOR_TERMINATION: "termination_reason",
    rules.StageProblem.UNKNOWN_STAGE: "to_stage",
    rules.StageProblem.NOT_ALLOWED: "to_stage",
}


def _next_case_number(sentra: Sentra, day: datetime.date) -> str:
    """The centre's next number for the year; the counter row is locked until the case is saved."""
    try:
        with transaction.atomic():
            counter, _created = CaseNumberCounter.objects.select_for_update().get_or_create(
                sentra=sentra, year=day.year, defaults={"last": 0}
            )
    except IntegrityError:  # another request created the year's counter at the same moment
        counter = CaseNumberCounter.objects.select_for_update().get(sentra=sentra, year=day.year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return rules.case_number(centre_id=sentra.pk, year=day.year, sequence=counter.last)


def _check_case_manager(case_manager: User | None, sentra: Sentra, errors: Errors) -> None:
    if case_manager is None:
        errors.add("case_manager", _("Choose the case manager."))
    elif not (
        case_manager.is_active
        and case_manager.role == Role.CASE_MANAGER
        and is_member(case_manager, sentra.pk)
    ):
        errors.add(
            "case_manager",
            _("The case manager must be an active social worker of {centre}.").format(centre=sentra.name),
        )
    elif (problem := case_manager_problem(case_manager)) is not None:
        errors.add("case_manager", problem)


def _open(
    *,
    actor: User,
    beneficiary: Beneficiary,
    sentra: Sentra,
    case_manager: User | None,
    setting: str,
    cluster: str,
    presenting_problem: str,
    opened_on: datetime.date | None,
    referral_source: Referral | None,
) -> Case:
    errors = Errors()
    day = opened_on or today()
    if beneficiary.merged_into_id is not None:
        errors.add("beneficiary", _("This record was merged into another one: open the case on that one."))
    elif Case.objects.filter(beneficiary=beneficiary, sentra=sentra, closed_on__isnull=True).exists():
        errors.add(
            "beneficiary",
            _("{name} already has an open case at this centre.").format(name=beneficiary.full_name),
        )
    _check_case_manager(case_manager, sentra, errors)
    if setting not in Setting.values:
        errors.add("setting", _("Choose residential, family-based or community-based."))
    elif setting not in (sentra.settings_offered or []):
        errors.add("setting", _("{centre} does not offer this setting.").format(centre=sentra.name))
    if cluster not in Cluster.values:
        errors.add("cluster", _("Choose the cluster."))
    if day > today():
        errors.add("opened_on", _("The opening date cannot be in the future."))
    errors.raise_if_any()
    assert case_manager is not None
    case = Case(
        beneficiary=beneficiary,
        sentra=sentra,
        case_manager=case_manager,
        setting=setting,
        cluster=cluster,
        presenting_problem=presenting_problem.strip(),
        opened_on=day,
        stage=Stage.PENDEKATAN_AWAL,
        referral_source=referral_source,
        created_by=actor,
    )
    full_clean(case, errors, exclude=["case_number"])
    errors.raise_if_any()
    case.case_number = _next_case_number(sentra, day)
    case.save()
    audit.record_create(actor=actor, instance=case, sentra_id=sentra.pk)
    first = StageTransition.objects.create(
        case=case, from_stage="", to_stage=Stage.PENDEKATAN_AWAL, by=actor, reason=_("Case opened")
    )
    audit.record_create(actor=actor, instance=first, sentra_id=sentra.pk)
    task_sync(case=case, actor=actor)
    return case


@transaction.atomic
def case_open(
    *,
    actor: User,
    beneficiary: Beneficiary,
    sentra: Sentra,
    case_manager: User | None,
    setting: str,
    cluster: str,
    presenting_problem: str = "",
    opened_on: datetime.date | None = None,
) -> Case:
    """Open a case for a person the actor's centre may see; staff of that centre only."""
    require(is_centre_staff(actor, sentra.pk))
    require(Beneficiary.objects.visible_to(actor).filter(pk=beneficiary.pk).exists())
    return _open(
        actor=actor,
        beneficiary=beneficiary,
        sentra=sentra,
        case_manager=case_manager,
        setting=setting,
        cluster=cluster,
        presenting_problem=presenting_problem,
        opened_on=opened_on,
        referral_source=None,
    )


def open_from_referral(*, actor: User, referral: Referral, case_manager: User | None, setting: str) -> Case:
    """The receiving centre opens its own case: the accepted referral is what lets it see the person."""
    assert referral.to_sentra is not None
    return _open(
        actor=actor,
        beneficiary=referral.case.beneficiary,
        sentra=referral.to_sentra,
        case_manager=case_manager,
        setting=setting,
        cluster=referral.case.cluster,
        presenting_problem=referral.reason,
        opened_on=None,
        referral_source=referral,
    )


@transaction.atomic
def case_transition(
    *,
    actor: User,
    case: Case,
    to_stage: str,
    reason: str = "",
    assessment_summary: str = "",
    termination_reason: str = "",
) -> StageTransition:
    """Move the case to another stage if the guards allow it; every move is kept with who/when/why."""
    require(may_manage(actor, case))
    case = Case.objects.select_for_update().get(pk=case.pk)
    facts = case_facts(case)
    problems = rules.transition_problems(
        rules.TransitionFacts(
            current=case.stage,
            target=to_stage,
            is_closed=case.closed_on is not None,
            assessment_summary=assessment_summary,
            has_approved_plan=facts.approved_plan_version is not None,
            termination_reason=termination_reason,
            current_termination_reason=case.termination_reason,
            has_accepted_referral=Referral.objects.filter(case=case, status=ReferralStatus.ACCEPTED).exists(),
            reached_intervention=case.transitions.filter(to_stage=Stage.INTERVENSI).exists(),
        )
    )
    errors = Errors()
    for problem in problems:
        errors.add(STAGE_PROBLEM_FIELDS.get(problem, "__all__"), stage_problem_message(problem))
    errors.raise_if_any()
    before = audit.snapshot(case)
    note = None
    if case.stage == Stage.ASESMEN and assessment_summary.strip():
        note = ProgressNote.objects.create(
            case=case, kind=NoteKind.ASSESSMENT_SUMMARY, text=assessment_summary.strip(), written_by=actor
        )
        audit.record_create(actor=actor, instance=note, sentra_id=case.sentra_id)
    transition = StageTransition.objects.create(
        case=case,
        from_stage=case.stage,
        to_stage=to_stage,
        by=actor,
        reason=reason.strip(),
        assessment_note=note,
    )
    audit.record_create(actor=actor, instance=transition, sentra_id=case.sentra_id)
    case.stage = to_stage
    if to_stage == Stage.TERMINASI:
        case.terminated_on = today()
        case.termination_reason = termination_reason
    case.save()
    audit.record_update(actor=actor, instance=case, before=before, sentra_id=case.sentra_id)
    task_sync(case=case, actor=actor)
    return transition


@transaction.atomic
def case_close(*, actor: User, case: Case, note: str = "") -> Case:
    """Close a terminated case (after after-care, or straight away when none is due)."""
    require(may_manage(actor, case))
    require_open(case)
    if case.stage not in (Stage.TERMINASI, Stage.BIMBINGAN_LANJUT):
        raise ValidationError({"__all__": [_("Terminate the case (with a reason) before closing it.")]})
    if case.stays.exclude(status="discharged").exists():
        raise ValidationError(
            {"__all__": [_("Discharge the person from residence before closing the case.")]}
        )
    before = audit.snapshot(case)
    case.closed_on = today()
    case.save()
    if note.strip():
        closing = ProgressNote.objects.create(
            case=case, kind=NoteKind.PROGRESS, text=note.strip(), written_by=actor
        )
        audit.record_create(actor=actor, instance=closing, sentra_id=case.sentra_id)
    audit.record_update(actor=actor, instance=case, before=before, sentra_id=case.sentra_id)
    task_sync(case=case, actor=actor)
    return case


@transaction.atomic
def case_assign(*, actor: User, case: Case, case_manager: User) -> Case:
    """Give the case to another social worker of the centre (centre head); open tasks follow."""
    require(is_head_of(actor, case.sentra_id))
    require_open(case)
    errors = Errors()
    _check_case_manager(case_manager, case.sentra, errors)
    errors.raise_if_any()
    before = audit.snapshot(case)
    previous = case.case_manager_id
    case.case_manager = case_manager
    case.save()
    audit.record_update(actor=actor, instance=case, before=before, sentra_id=case.sentra_id)
    for task in case.tasks.filter(status="open", assigned_to_id=previous):
        task_before = audit.snapshot(task)
        task.assigned_to = case_manager
        task.save()
        audit.record_update(actor=actor, instance=task, before=task_before, sentra_id=case.sentra_id)
    return case


@transaction.atomic
def team_add(*, actor: User, case: Case, user: User, team_role: str) -> CareTeamMember:
    require(may_manage(actor, case))
    require_open(case)
    errors = Errors()
    if not (
        user.is_active
        and is_member(user, case.sentra_id)
        and user.role in (Role.PROFESSIONAL, Role.CASE_MANAGER, Role.CENTRE_HEAD)
    ):
        errors.add(
            "user", _("Choose a professional or social worker of {centre}.").format(centre=case.sentra.name)
        )
    elif CareTeamMember.objects.filter(case=case, user=user, removed_on__isnull=True).exists():
        errors.add("user", _("{name} is already on the care team.").format(name=user))
    if team_role not in TeamRole.values:
        errors.add("team_role", _("Choose the role in the team."))
    errors.raise_if_any()
    member = CareTeamMember.objects.create(
        case=case, user=user, team_role=team_role, profession=user.profession, added_by=actor
    )
    audit.record_create(actor=actor, instance=member, sentra_id=case.sentra_id)
    return member


@transaction.atomic
def team_remove(*, actor: User, member: CareTeamMember) -> CareTeamMember:
    require(may_manage(actor, member.case))
    if member.removed_on is not None:
        raise ValidationError({"__all__": [_("Already removed from the care team.")]})
    before = audit.snapshot(member)
    member.removed_on = today()
    member.save()
    audit.record_update(actor=actor, instance=member, before=before, sentra_id=member.case.sentra_id)
    return member


__all__ = [
    "case_assign",
    "case_close",
    "case_open",
    "case_read",
    "case_transition",
    "open_from_referral",
    "referral_read",
    "stage_problem_message",
    "team_add",
    "team_remove",
]


def case_read(*, actor: User, case: Case, purpose: str) -> None:
    """Log that someone opened a case record (UU PDP Art. 31: who read whose data, when and why)."""
    audit.record_access(
        actor=actor, instance=case, category="case_record", purpose=purpose, sentra_id=case.sentra_id
    )


def referral_read(*, actor: User, referral: Referral, purpose: str) -> None:
    """Log a read of the shared summary (the receiving centre's view of the person)."""
    audit.record_access(
        actor=actor,
        instance=referral,
        category="referral_summary",
        purpose=purpose,
        sentra_id=referral.to_sentra_id or referral.from_sentra_id,
    )
