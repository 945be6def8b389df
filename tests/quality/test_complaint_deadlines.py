"""Reminders before a deadline and escalation after it (centre head, then national), as a periodic task."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.core.exceptions import PermissionDenied

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import AlertKind, ComplaintAlert, EscalationLevel, EventKind
from sentra.quality.tasks import complaint_deadlines
from tests.quality.factories import complaint_input

pytestmark = pytest.mark.django_db
WIB = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(day: int, month: int = 5, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 0, tzinfo=WIB)


@pytest.fixture
def team(centre_a, make_user):
    return {
        "desk": make_user(role=Role.INTAKE, centres=(centre_a,)),
        "head": make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)),
        "handler": make_user(role=Role.CASE_MANAGER, centres=(centre_a,)),
        "analyst": make_user(role=Role.NATIONAL_ANALYST),
    }


@pytest.fixture
def complaint(centre_a, team):
    # Received Wednesday 13 May 2026: 14 May is Ascension Day, 15 May cuti bersama, then a weekend,
    # so the first answer (3 working days) is due Wednesday 20 May.
    made = services.complaint_record(
        actor=team["desk"],
        sentra=centre_a,
        data=complaint_input(),
        channel="phone",
        received_at=at(13, hour=10),
    )
    assert made.respond_by == datetime.date(2026, 5, 20)
    return made


def alerts(kind: str) -> set[int]:
    return set(ComplaintAlert.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_nothing_happens_while_there_is_time(complaint) -> None:
    run = services.complaint_deadlines_check(now=at(18))
    assert (run.checked, run.reminders, run.escalated_to_head) == (1, 0, 0)


def test_a_reminder_the_working_day_before_and_only_once(complaint, team) -> None:
    run = services.complaint_deadlines_check(now=at(19))
    assert run.reminders == 2
    assert alerts(AlertKind.REMINDER_RESPONSE) == {team["desk"].pk, team["head"].pk}  # unassigned: the desk
    again = services.complaint_deadlines_check(now=at(19, hour=15))
    assert again.reminders == 0
    assert ComplaintAlert.objects.count() == 2


def test_the_assigned_handler_is_reminded(complaint, team) -> None:
    services.complaint_triage(actor=team["desk"], complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    services.complaint_deadlines_check(now=at(20))
    assert alerts(AlertKind.REMINDER_RESPONSE) == {team["handler"].pk}


def test_escalation_to_the_head_then_to_the_ministry(complaint, team, settings) -> None:
    settings.SENTRA_COMPLAINT_NATIONAL_AFTER_DAYS = 2
    # Thursday 21 May: one working day past the deadline -> the centre head.
    run = services.complaint_deadlines_check(now=at(21))
    complaint.refresh_from_db()
    assert run.escalated_to_head == 1
    assert complaint.escalation_level == EscalationLevel.CENTRE_HEAD
    assert alerts(AlertKind.OVERDUE_RESPONSE) == {team["head"].pk}
    assert complaint.events.filter(kind=EventKind.ESCALATED).count() == 1
    # Saturday: no working day has passed since Friday, nothing new.
    assert services.complaint_deadlines_check(now=at(23)).escalated_to_national == 0
    # Monday 25 May: three working days past (21, 22, 25) > 2 -> national analysts.
    run = services.complaint_deadlines_check(now=at(25))
    complaint.refresh_from_db()
    assert run.escalated_to_national == 1
    assert complaint.escalation_level == EscalationLevel.NATIONAL
    assert alerts(AlertKind.ESCALATED_NATIONAL) == {team["analyst"].pk}
    assert services.complaint_deadlines_check(now=at(26)).escalated_to_national == 0


def test_an_answer_stops_the_first_deadline(complaint, team) -> None:
    services.complaint_triage(actor=team["desk"], complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    services.complaint_respond(actor=team["handler"], complaint=complaint, text="Kami tangani.")
    services.complaint_deadlines_check(now=at(22))
    complaint.refresh_from_db()
    assert complaint.escalation_level == EscalationLevel.NONE
    assert not ComplaintAlert.objects.filter(kind=AlertKind.OVERDUE_RESPONSE).exists()


def test_resolved_complaints_are_left_alone(complaint, team) -> None:
    services.complaint_triage(actor=team["desk"], complaint=complaint, category_code="layanan")
    services.complaint_assign(actor=team["desk"], complaint=complaint, assignee_id=team["handler"].pk)
    services.complaint_resolve(actor=team["handler"], complaint=complaint, text="Selesai.")
    assert services.complaint_deadlines_check(now=at(10, month=7)).checked == 0


def test_a_complaint_about_the_head_goes_straight_to_the_ministry(centre_a, team) -> None:
    made = services.complaint_record(
        actor=team["desk"],
        sentra=centre_a,
        data=complaint_input(about="staff", subject_staff_id=team["head"].pk),
        channel="letter",
        received_at=at(13, hour=10),
    )
    services.complaint_deadlines_check(now=at(19))
    assert team["head"].pk not in alerts(AlertKind.REMINDER_RESPONSE)
    services.complaint_deadlines_check(now=at(21))
    made.refresh_from_db()
    assert made.escalation_level == EscalationLevel.NATIONAL
    assert alerts(AlertKind.ESCALATED_NATIONAL) == {team["analyst"].pk}
    assert not ComplaintAlert.objects.filter(recipient=team["head"]).exists()


def test_the_periodic_task_runs_in_process_without_a_broker(complaint) -> None:
    result = complaint_deadlines.delay().get()
    assert set(result) == {"checked", "reminders", "escalated_to_head", "escalated_to_national"}
    assert result["checked"] == 1


def test_alerts_are_marked_read_by_their_recipient_only(complaint, team) -> None:
    services.complaint_deadlines_check(now=at(19))
    alert = ComplaintAlert.objects.get(recipient=team["desk"])
    with pytest.raises(PermissionDenied):
        services.alert_mark_read(actor=team["head"], alert=alert)
    services.alert_mark_read(actor=team["desk"], alert=alert)
    alert.refresh_from_db()
    assert alert.read_at is not None
