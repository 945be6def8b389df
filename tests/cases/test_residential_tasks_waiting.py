"""Residential stays within capacity, roll call and leave; tasks; the waiting list."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from sentra.cases import selectors, services
from sentra.cases.models import CaseRuleSet, StayStatus, Task, TaskKind, TaskStatus, WaitingListEntry
from sentra.network.models import ServiceComponent
from tests.cases.conftest import World, make_person, open_case

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


def residential_case(world: World, name: str, sex: str = "F"):
    return open_case(world, make_person(world.a, name, sex=sex), setting="residential")


def test_admission_within_the_centres_residential_places(world: World) -> None:
    # Centre A declares 2 residential places (the largest component), so the third admission is refused.
    first, second, third = (residential_case(world, name) for name in ("Ani", "Budi", "Citra"))
    room = services.room_save(actor=world.head_a, sentra=world.a, name="Melati", beds=1, sex="F")
    stay = services.stay_admit(actor=world.intake_a, case=first, room=room, bed="1")
    services.stay_admit(actor=world.cm_a, case=second)
    with pytest.raises(ValidationError) as excinfo:
        services.stay_admit(actor=world.cm_a, case=third)
    assert "waiting list" in excinfo.value.message_dict["__all__"][0]
    occupancy = selectors.occupancy(user=world.head_a, sentra=world.a)
    assert (occupancy.places, occupancy.occupied, occupancy.free, occupancy.unallocated) == (2, 2, 0, 1)
    assert occupancy.percent == 100
    services.stay_discharge(actor=world.cm_a, stay=stay, reason="reunified")
    services.stay_admit(actor=world.cm_a, case=third)


def test_room_allocation_respects_beds_and_sex(world: World) -> None:
    woman, man = residential_case(world, "Ani"), residential_case(world, "Budi", sex="M")
    room = services.room_save(actor=world.head_a, sentra=world.a, name="Melati", beds=1, sex="F")
    with pytest.raises(ValidationError) as excinfo:
        services.stay_admit(actor=world.cm_a, case=man, room=room)
    assert "room" in excinfo.value.message_dict
    stay = services.stay_admit(actor=world.cm_a, case=man)
    services.stay_admit(actor=world.cm_a, case=woman, room=room, bed="A")
    mixed = services.room_save(actor=world.head_a, sentra=world.a, name="Mawar", beds=2)
    with pytest.raises(ValidationError):
        services.stay_allocate(actor=world.cm_a, stay=stay, room=room)
    services.stay_allocate(actor=world.cm_a, stay=stay, room=mixed, bed="1")
    with pytest.raises(ValidationError) as excinfo:
        services.room_save(actor=world.head_a, sentra=world.a, name="Melati", beds=0, room=room)
    assert "beds" in excinfo.value.message_dict
    with pytest.raises(PermissionDenied):
        services.room_save(actor=world.cm_a, sentra=world.a, name="Anggrek", beds=3)


def test_only_residential_cases_are_admitted(world: World) -> None:
    case = open_case(world, make_person(world.a, "Dewi"), setting="family")
    with pytest.raises(ValidationError):
        services.stay_admit(actor=world.cm_a, case=case)
    with pytest.raises(PermissionDenied):
        services.stay_admit(actor=world.prof_a, case=residential_case(world, "Eka"))


def test_leave_return_roll_call_and_discharge(world: World) -> None:
    stay = services.stay_admit(actor=world.cm_a, case=residential_case(world, "Ani"))
    other = services.stay_admit(actor=world.cm_a, case=residential_case(world, "Budi"))
    with pytest.raises(ValidationError) as excinfo:
        services.leave_start(
            actor=world.cm_a, stay=stay, starts_on=TODAY(), expected_return_on=None, destination=""
        )
    assert set(excinfo.value.message_dict) == {"expected_return_on", "destination"}
    services.leave_start(
        actor=world.cm_a,
        stay=stay,
        starts_on=TODAY(),
        expected_return_on=TODAY() + datetime.timedelta(days=3),
        destination="Daughter",
    )
    stay.refresh_from_db()
    assert stay.status == StayStatus.ON_LEAVE
    with pytest.raises(ValidationError) as excinfo:
        services.roll_call_record(
            actor=world.intake_a, sentra=world.a, marks={stay.pk: services.RollCallMark("on_leave")}
        )
    assert f"stay_{other.pk}" in excinfo.value.message_dict
    marks = {stay.pk: services.RollCallMark("on_leave"), other.pk: services.RollCallMark("present")}
    call = services.roll_call_record(actor=world.intake_a, sentra=world.a, marks=marks)
    again = services.roll_call_record(
        actor=world.intake_a,
        sentra=world.a,
        marks={**marks, other.pk: services.RollCallMark("absent", "Not in room")},
    )
    assert call.pk == again.pk
    assert dict(again.entries.values_list("stay_id", "presence")) == {stay.pk: "on_leave", other.pk: "absent"}
    services.leave_return(actor=world.cm_a, stay=stay)
    stay.refresh_from_db()
    assert stay.status == StayStatus.IN_RESIDENCE
    with pytest.raises(ValidationError):
        services.leave_return(actor=world.cm_a, stay=stay)
    with pytest.raises(ValidationError):
        services.stay_discharge(actor=world.cm_a, stay=stay, reason="bored")
    services.stay_discharge(actor=world.cm_a, stay=stay, reason="completed")
    with pytest.raises(ValidationError):
        services.stay_discharge(actor=world.cm_a, stay=stay, reason="completed")


def test_initial_assessment_task_follows_configured_days_and_settles(world: World) -> None:
    CaseRuleSet.objects.create(
        sentra=world.a, initial_assessment_days=3, plan_review_days=30, aftercare_months=[2]
    )
    case = open_case(world, make_person(world.a))
    task = case.tasks.get()
    assert (task.kind, task.due_on, task.assigned_to) == (
        TaskKind.INITIAL_ASSESSMENT,
        TODAY() + datetime.timedelta(days=3),
        world.cm_a,
    )
    assert task.display_title == "Initial assessment"
    services.case_transition(actor=world.cm_a, case=case, to_stage="asesmen")
    services.case_transition(actor=world.cm_a, case=case, to_stage="perencanaan", assessment_summary="Done")
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE


def test_manual_tasks_my_tasks_and_overdue_flags(world: World) -> None:
    case = open_case(world, make_person(world.a))
    late = services.task_create(
        actor=world.cm_a, case=case, title="Call the daughter", due_on=TODAY() - datetime.timedelta(days=2)
    )
    assert late.is_overdue
    centre_task = services.task_create(
        actor=world.head_a, sentra=world.a, title="Fire drill", due_on=TODAY(), assigned_to=world.intake_a
    )
    with pytest.raises(ValidationError) as excinfo:
        services.task_create(actor=world.cm_a, case=case, title="", due_on=None, assigned_to=world.cm_b)
    assert set(excinfo.value.message_dict) == {"title", "due_on", "assigned_to"}
    assert [t.title for t in selectors.tasks_mine(user=world.cm_a)] == [
        "Call the daughter",
        "Initial assessment",
    ]
    assert selectors.overdue_count(world.cm_a) == 1
    assert list(selectors.tasks_of_centres(user=world.head_a, overdue_only=True)) == [late]
    assert list(selectors.tasks_mine(user=world.intake_a)) == [centre_task]
    with pytest.raises(PermissionDenied):
        services.task_complete(actor=world.intake_a, task=late)
    with pytest.raises(ValidationError):
        services.task_cancel(actor=world.cm_a, task=case.tasks.get(kind="initial_assessment"), note="no")
    services.task_complete(actor=world.cm_a, task=late, note="Spoke to her")
    with pytest.raises(ValidationError):
        services.task_complete(actor=world.cm_a, task=late)
    services.task_reassign(actor=world.head_a, task=centre_task, assigned_to=world.cm_a2)
    services.task_cancel(actor=world.cm_a2, task=centre_task, note="Postponed by the dinas")
    assert Task.objects.visible_to(world.cm_b).count() == 0


def test_waiting_list_by_urgency_and_waiting_time(world: World) -> None:
    ani, budi = make_person(world.a, "Ani"), make_person(world.a, "Budi")
    therapy = ServiceComponent.objects.get(code="terapi")
    first = services.waiting_add(
        actor=world.intake_a,
        sentra=world.a,
        beneficiary=ani,
        waiting_for="place",
        added_on=TODAY() - datetime.timedelta(days=10),
    )
    services.waiting_add(
        actor=world.intake_a,
        sentra=world.a,
        beneficiary=budi,
        waiting_for="service",
        component=therapy,
        urgency="high",
    )
    with pytest.raises(ValidationError) as excinfo:
        services.waiting_add(actor=world.intake_a, sentra=world.a, beneficiary=ani, waiting_for="place")
    assert "beneficiary" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        services.waiting_add(
            actor=world.intake_a, sentra=world.a, beneficiary=budi, waiting_for="service", urgency="now"
        )
    assert set(excinfo.value.message_dict) == {"component", "urgency"}
    with pytest.raises(PermissionDenied):
        services.waiting_add(actor=world.cm_b, sentra=world.b, beneficiary=ani, waiting_for="place")
    rows = selectors.waiting_list(user=world.head_a, sentra=world.a)
    assert [row.beneficiary.full_name for row in rows] == ["Budi", "Ani"]
    assert first.waiting_days() == 10
    # Admission takes the person off the list for a place.
    case = open_case(world, ani, setting="residential")
    services.stay_admit(actor=world.cm_a, case=case)
    first.refresh_from_db()
    assert (first.removal_reason, first.waiting_days()) == ("admitted", 10)
    entry = WaitingListEntry.objects.get(beneficiary=budi)
    services.waiting_remove(actor=world.cm_a, entry=entry, reason="withdrawn")
    with pytest.raises(ValidationError):
        services.waiting_remove(actor=world.cm_a, entry=entry, reason="withdrawn")
    assert selectors.waiting_list(user=world.head_a, sentra=world.a) == []
    assert selectors.waiting_list(user=world.cm_b, sentra=world.a) == []


def test_plan_reviews_recur_every_m_days_after_the_last_review(world: World, case_factory) -> None:
    CaseRuleSet.objects.create(sentra=world.a, plan_review_days=30, aftercare_months=[1])
    case = case_factory("intervensi")
    first = case.tasks.get(kind=TaskKind.PLAN_REVIEW, status=TaskStatus.OPEN)
    assert (first.rule_key, first.due_on) == ("plan_review:v1", TODAY() + datetime.timedelta(days=30))
    services.task_complete(actor=world.cm_a, task=first, note="Reviewed at the case conference")
    second = case.tasks.get(kind=TaskKind.PLAN_REVIEW, status=TaskStatus.OPEN)
    assert (second.rule_key, second.due_on) == ("plan_review:v1#1", TODAY() + datetime.timedelta(days=30))
    assert second.display_title == "Plan review (v1)"
    services.task_complete(actor=world.cm_a, task=second)
    assert case.tasks.get(kind=TaskKind.PLAN_REVIEW, status=TaskStatus.OPEN).rule_key == "plan_review:v1#2"
    services.case_transition(actor=world.cm_a, case=case, to_stage="monitoring_evaluasi")
    services.case_transition(
        actor=world.cm_a, case=case, to_stage="terminasi", termination_reason="reunified"
    )
    assert not case.tasks.filter(kind=TaskKind.PLAN_REVIEW, status=TaskStatus.OPEN).exists()
