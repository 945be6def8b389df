"""Accepted recommendations enter the case plan; PHQ-9 item 9 raises an alert and 24-hour tasks."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sentra.assessments import services
from sentra.assessments.models import Alert, Need, NeedStatus
from sentra.assessments.services import alerts
from sentra.cases.models import PlanStatus, Task
from sentra.core.models import AuditEvent
from tests.assessments.factories import PHQ9_ITEM9, PHQ9_SEVERE, record

pytestmark = pytest.mark.django_db


def test_item9_raises_alerts_and_tasks_due_within_a_day_for_the_psychologist_and_the_case_manager(
    staff, siti, siti_case
):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9, case=siti_case)
    alerts = Alert.objects.filter(assessment=assessment)
    assert {(a.addressed_to, a.recipient_id) for a in alerts} == {
        ("psikolog", staff["professional"].pk),
        ("case_manager", staff["case_manager"].pk),
    }
    tasks = Task.objects.filter(pk__in=[a.task_id for a in alerts if a.task_id])
    assert {t.assigned_to_id for t in tasks} == {staff["professional"].pk, staff["case_manager"].pk}
    tomorrow = timezone.localdate(timezone.now() + datetime.timedelta(hours=24))
    assert {t.due_on for t in tasks} == {tomorrow}
    assert all(t.case_id == siti_case.pk for t in tasks)
    assert all(a.due_at is not None for a in alerts)


def _tasks_of(assessment: object) -> dict[str, Task]:
    alerts = Alert.objects.filter(assessment=assessment, task_id__isnull=False)
    tasks = {t.pk: t for t in Task.objects.filter(pk__in=[a.task_id for a in alerts])}
    return {a.addressed_to: tasks[a.task_id] for a in alerts if a.task_id in tasks}


def test_a_psychologist_outside_the_care_team_without_choosing_the_case_still_gets_both_tasks(
    staff, siti, siti_case
):
    # the psychologist is not on Siti's care team and picks no case: the open case is found
    assessment = record(staff["professional"], siti, "phq9", PHQ9_ITEM9)
    tasks = _tasks_of(assessment)
    assert tasks["case_manager"].assigned_to_id == staff["case_manager"].pk
    assert tasks["psikolog"].assigned_to_id == staff["professional"].pk
    assert tasks["case_manager"].case_id == siti_case.pk
    assert all(t.created_by_id is None for t in tasks.values())
    events = AuditEvent.objects.filter(object_type="cases.task", object_id__in=[t.pk for t in tasks.values()])
    assert events.count() == 2
    assert {e.actor_id for e in events} == {None}
    assert {e.actor_label for e in events} == {alerts.SAFETY_LABEL}
    assert not Alert.objects.filter(assessment=assessment, stand_in=True).exists()


def test_without_any_case_manager_the_centre_head_gets_the_task_and_the_alert_says_so(staff, siti):
    assessment = record(staff["professional"], siti, "phq9", PHQ9_ITEM9)
    tasks = _tasks_of(assessment)
    assert set(tasks) == {"psikolog", "case_manager"}
    assert tasks["case_manager"].assigned_to_id == staff["centre_head"].pk
    assert tasks["case_manager"].case_id is None
    assert tasks["case_manager"].sentra_id == siti.registered_sentra_id
    stand_in = Alert.objects.get(assessment=assessment, addressed_to="case_manager")
    assert stand_in.stand_in is True
    assert stand_in.recipient_id == staff["centre_head"].pk
    assert alerts.STAND_IN_NOTE in tasks["case_manager"].details


def test_the_centre_head_sees_the_stand_in_note_on_the_alert_list(client_for, staff, siti):
    assessment = record(staff["professional"], siti, "phq9", PHQ9_ITEM9)
    alert = Alert.objects.get(assessment=assessment, addressed_to="case_manager")
    client = client_for(staff["centre_head"])
    response = client.get(reverse("assessments:home"))
    assert response.status_code == 200
    assert f'data-testid="stand-in-{alert.pk}"'.encode() in response.content


def test_accepting_puts_the_service_in_a_first_draft_plan(staff, siti, siti_case):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE, case=siti_case)
    need = Need.objects.get(assessment=assessment, rule_id="psychosocial-distress")
    services.need_accept_into_plan(actor=staff["case_manager"], need=need, reason="agreed with Siti")
    need.refresh_from_db()
    assert need.status == NeedStatus.ACCEPTED
    assert need.decided_by_id == staff["case_manager"].pk
    plan = need.case_plan
    assert plan is not None
    assert plan.status == PlanStatus.DRAFT
    (service,) = plan.services.all()
    assert (service.component.code, service.subtype.code) == ("terapi", "psikososial")
    assert service.responsible_id == staff["professional"].pk  # the centre's psychologist
    assert plan.goals.count() == 1


def test_a_second_acceptance_adds_to_the_same_draft(staff, siti, siti_case):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE, case=siti_case)
    for rule in ("psychosocial-distress", "phq9-severe-psychiatry"):
        services.need_accept_into_plan(
            actor=staff["case_manager"], need=Need.objects.get(assessment=assessment, rule_id=rule)
        )
    plans = {need.case_plan_id for need in Need.objects.filter(status=NeedStatus.ACCEPTED)}
    assert len(plans) == 1
    assert Need.objects.get(rule_id="psychosocial-distress").case_plan.services.count() == 2


def test_rejecting_needs_a_reason_and_is_audited(staff, siti):
    assessment = record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    need = Need.objects.get(assessment=assessment, rule_id="psychosocial-distress")
    with pytest.raises(ValidationError) as caught:
        services.need_reject(actor=staff["case_manager"], need=need, reason="  ")
    assert set(caught.value.message_dict) == {"reason"}
    services.need_reject(actor=staff["case_manager"], need=need, reason="already seeing a psychologist")
    need.refresh_from_db()
    assert (need.status, need.decision_reason) == (NeedStatus.REJECTED, "already seeing a psychologist")
    event = AuditEvent.objects.filter(
        object_type="assessments.need", object_id=str(need.pk), action="update"
    ).get()
    assert event.changes["status"] == ["proposed", "rejected"]


def test_a_decided_need_cannot_be_decided_again(staff, siti):
    record(staff["case_manager"], siti, "phq9", PHQ9_SEVERE)
    need = Need.objects.get(rule_id="psychosocial-distress")
    services.need_accept(actor=staff["case_manager"], need=need)
    with pytest.raises(ValidationError):
        services.need_reject(actor=staff["case_manager"], need=need, reason="changed my mind")


def test_an_urgent_finding_is_raised_again_even_when_accepted_before(staff, siti):
    first = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    services.need_accept(
        actor=staff["case_manager"], need=Need.objects.get(assessment=first, rule_id="phq9-item9-urgent")
    )
    second = record(staff["case_manager"], siti, "phq9", PHQ9_ITEM9)
    assert Need.objects.filter(assessment=second, rule_id="phq9-item9-urgent").exists()
    assert Alert.objects.filter(assessment=second).exists()
