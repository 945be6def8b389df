"""Opening a case, the stage guards, termination, closing, the care team and case assignment."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.cases import services
from sentra.cases.models import Case, NoteKind, Stage, StageTransition, TaskKind, TaskStatus
from sentra.core.models import AuditEvent
from tests.cases.conftest import World, goal, make_person, open_case, planned, to_stage

pytestmark = pytest.mark.django_db


def errors_of(excinfo: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return excinfo.value.message_dict


def test_opening_a_case_numbers_it_records_the_first_stage_and_audits(world: World, person) -> None:
    case = open_case(world, person, presenting_problem="Found alone at home")
    second = open_case(world, make_person(world.a, "Budi"))
    year = case.opened_on.year
    assert case.case_number == f"K-{year}-{world.a.pk:03d}-00001"
    assert second.case_number == f"K-{year}-{world.a.pk:03d}-00002"
    assert case.stage == Stage.PENDEKATAN_AWAL
    assert list(case.transitions.values_list("from_stage", "to_stage")) == [("", Stage.PENDEKATAN_AWAL)]
    assert person.cases.get() == case
    event = AuditEvent.objects.get(object_type="cases.case", object_id=str(case.pk))
    assert event.sentra_id == world.a.pk
    assert event.actor == world.cm_a


def test_opening_reports_every_problem_at_once(world: World, person) -> None:
    with pytest.raises(ValidationError) as excinfo:
        services.case_open(
            actor=world.cm_a,
            beneficiary=person,
            sentra=world.a,
            case_manager=world.prof_a,
            setting="boarding",
            cluster="pets",
        )
    assert set(errors_of(excinfo)) == {"case_manager", "setting", "cluster"}
    assert not Case.objects.exists()


def test_one_open_case_per_person_and_centre_and_settings_the_centre_offers(world: World, person) -> None:
    open_case(world, person)
    with pytest.raises(ValidationError) as excinfo:
        open_case(world, person)
    assert "beneficiary" in errors_of(excinfo)
    other = make_person(world.b, "Wati")
    with pytest.raises(ValidationError) as excinfo:
        services.case_open(
            actor=world.cm_b,
            beneficiary=other,
            sentra=world.b,
            case_manager=world.cm_b,
            setting="community",
            cluster="lansia",
        )
    assert "does not offer" in errors_of(excinfo)["setting"][0]


@pytest.mark.parametrize("who", ["prof_a", "hr_a", "head_b", "analyst", "admin"])
def test_only_the_centres_staff_open_cases(world: World, person, who: str) -> None:
    with pytest.raises(PermissionDenied):
        open_case(world, person, actor=getattr(world, who))


def test_a_person_of_another_centre_cannot_be_picked(world: World) -> None:
    stranger = make_person(world.b, "Orang B")
    with pytest.raises(PermissionDenied):
        open_case(world, stranger, actor=world.cm_a)


def test_no_planning_without_an_assessment_summary_and_it_is_kept(world: World, case_factory) -> None:
    case = case_factory(Stage.ASESMEN)
    with pytest.raises(ValidationError) as excinfo:
        services.case_transition(actor=world.cm_a, case=case, to_stage=Stage.PERENCANAAN)
    assert "assessment_summary" in errors_of(excinfo)
    with pytest.raises(ValidationError):
        services.plan_save(actor=world.cm_a, case=case, goals=[goal()], services=[planned(world.prof_a)])
    move = services.case_transition(
        actor=world.cm_a,
        case=case,
        to_stage=Stage.PERENCANAAN,
        assessment_summary="Needs psychosocial support",
    )
    assert move.assessment_note is not None
    assert move.assessment_note.kind == NoteKind.ASSESSMENT_SUMMARY
    assert move.by == world.cm_a


def test_no_intervention_without_an_approved_plan(world: World, case_factory) -> None:
    case = case_factory(Stage.PERENCANAAN)
    with pytest.raises(ValidationError) as excinfo:
        services.case_transition(actor=world.cm_a, case=case, to_stage=Stage.INTERVENSI)
    assert "approved" in errors_of(excinfo)["__all__"][0]


def test_monitoring_loops_back_to_planning(world: World, case_factory) -> None:
    case = case_factory(Stage.MONITORING_EVALUASI)
    services.case_transition(
        actor=world.cm_a, case=case, to_stage=Stage.PERENCANAAN, reason="Goals not met yet"
    )
    case.refresh_from_db()
    assert case.stage == Stage.PERENCANAAN
    stages = list(case.transitions.values_list("to_stage", flat=True))
    assert stages[-3:] == [Stage.INTERVENSI, Stage.MONITORING_EVALUASI, Stage.PERENCANAAN]


def test_skipping_stages_is_refused_on_the_stage_field(world: World, case_factory) -> None:
    case = case_factory()
    with pytest.raises(ValidationError) as excinfo:
        services.case_transition(actor=world.cm_a, case=case, to_stage=Stage.INTERVENSI)
    assert "to_stage" in errors_of(excinfo)


def test_termination_needs_a_reason_and_brings_after_care_tasks(world: World, case_factory) -> None:
    case = case_factory(Stage.MONITORING_EVALUASI)
    with pytest.raises(ValidationError) as excinfo:
        services.case_transition(actor=world.cm_a, case=case, to_stage=Stage.TERMINASI)
    assert "termination_reason" in errors_of(excinfo)
    services.case_transition(
        actor=world.cm_a, case=case, to_stage=Stage.TERMINASI, termination_reason="reunified"
    )
    case.refresh_from_db()
    assert case.terminated_on is not None
    assert case.termination_reason == "reunified"
    aftercare = case.tasks.filter(kind=TaskKind.AFTERCARE, status=TaskStatus.OPEN)
    assert sorted(aftercare.values_list("rule_key", flat=True)) == [
        "aftercare:1m",
        "aftercare:3m",
        "aftercare:6m",
    ]
    assert not case.tasks.filter(kind=TaskKind.PLAN_REVIEW, status=TaskStatus.OPEN).exists()
    services.case_transition(actor=world.cm_a, case=case, to_stage=Stage.BIMBINGAN_LANJUT)
    services.case_close(actor=world.cm_a, case=case)
    case.refresh_from_db()
    assert case.closed_on is not None
    assert not case.tasks.filter(status=TaskStatus.OPEN).exists()
    with pytest.raises(ValidationError):
        services.note_add(actor=world.cm_a, case=case, text="late note")


def test_goals_achieved_is_too_early_before_intervention_and_referred_needs_an_accepted_referral(
    world: World, case_factory
) -> None:
    case = case_factory(Stage.ASESMEN)
    for reason in ("goals_achieved", "referred"):
        with pytest.raises(ValidationError):
            services.case_transition(
                actor=world.cm_a, case=case, to_stage=Stage.TERMINASI, termination_reason=reason
            )
    services.case_transition(actor=world.cm_a, case=case, to_stage=Stage.TERMINASI, termination_reason="died")
    with pytest.raises(ValidationError):
        services.case_transition(actor=world.cm_a, case=case, to_stage=Stage.BIMBINGAN_LANJUT)
    assert not case.tasks.filter(status=TaskStatus.OPEN).exists()


def test_a_case_is_closed_only_after_termination(world: World, case_factory) -> None:
    case = case_factory()
    with pytest.raises(ValidationError):
        services.case_close(actor=world.cm_a, case=case)


@pytest.mark.parametrize("who", ["cm_a2", "prof_a", "intake_a", "head_b"])
def test_only_the_case_manager_or_the_head_move_the_case(world: World, case_factory, who: str) -> None:
    case = case_factory()
    with pytest.raises(PermissionDenied):
        services.case_transition(actor=getattr(world, who), case=case, to_stage=Stage.ASESMEN)
    services.case_transition(actor=world.head_a, case=case, to_stage=Stage.ASESMEN)


def test_a_failed_transition_saves_nothing(world: World, case_factory) -> None:
    case = case_factory(Stage.ASESMEN)
    count = StageTransition.objects.count()
    with pytest.raises(ValidationError):
        services.case_transition(
            actor=world.cm_a, case=case, to_stage=Stage.PERENCANAAN, termination_reason="died"
        )
    assert StageTransition.objects.count() == count


def test_care_team_and_reassignment(world: World, case_factory) -> None:
    case = case_factory()
    member = services.team_add(actor=world.cm_a, case=case, user=world.prof_a, team_role="therapist")
    assert member.profession == "psikolog"
    with pytest.raises(ValidationError):
        services.team_add(actor=world.cm_a, case=case, user=world.prof_a, team_role="therapist")
    with pytest.raises(ValidationError) as excinfo:
        services.team_add(actor=world.cm_a, case=case, user=world.prof_b, team_role="nurse")
    assert set(errors_of(excinfo)) == {"user", "team_role"}
    services.team_remove(actor=world.cm_a, member=member)
    with pytest.raises(PermissionDenied):
        services.case_assign(actor=world.cm_a, case=case, case_manager=world.cm_a2)
    services.case_assign(actor=world.head_a, case=case, case_manager=world.cm_a2)
    case.refresh_from_db()
    assert case.case_manager == world.cm_a2
    assert case.tasks.get(kind=TaskKind.INITIAL_ASSESSMENT).assigned_to == world.cm_a2


def test_the_walk_helper_reaches_intervention(world: World, person) -> None:
    case = to_stage(world, open_case(world, person), Stage.INTERVENSI)
    assert case.plans.get().status == "approved"
