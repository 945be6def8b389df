"""Every rollup figure against the hand-computed fixture; idempotent and incremental refresh."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from sentra.cases.models import ServiceDelivery
from sentra.insights.models import CentreMonth, CentreStatus, ClusterMonth, Watermark
from sentra.insights.services.rollups import OVERLAP, refresh_rollups
from sentra.insights.tasks import refresh_rollups as refresh_task
from tests.insights.factories import EXPECTED, World

pytestmark = pytest.mark.django_db


def _rows(world: World, month: datetime.date) -> dict[str, ClusterMonth]:
    return {row.cluster: row for row in ClusterMonth.objects.filter(sentra=world.a, month=month)}


def test_intake_by_month_and_cluster(world: World) -> None:
    assert {c: r.intake for c, r in _rows(world, world.m0).items() if r.intake} == EXPECTED["intake_m0"]
    assert {c: r.intake for c, r in _rows(world, world.m1).items() if r.intake} == EXPECTED["intake_m1"]


def test_terminations_by_reason(world: World) -> None:
    rows = _rows(world, world.m0)
    assert {c: r.terminations for c, r in rows.items() if r.terminations} == EXPECTED["terminations_m0"]
    assert sum(r.terminated for r in rows.values()) == 2


def test_services_by_component_count_attended_and_partial_only(world: World) -> None:
    rows = _rows(world, world.m0)
    assert {c: r.services_by_component for c, r in rows.items() if r.services} == EXPECTED["services_m0"]
    assert {c: r.services_by_component for c, r in _rows(world, world.m1).items() if r.services} == EXPECTED[
        "services_m1"
    ]


def test_time_to_assessment_and_to_approved_plan(world: World) -> None:
    rows = _rows(world, world.m0).values()
    assert sum(r.assessed for r in rows) == EXPECTED["assessed_m0"]
    assert sum(r.assessment_days for r in rows) == EXPECTED["assessment_days_m0"]
    assert sum(r.plans_approved for r in rows) == EXPECTED["plans_m0"]
    assert sum(r.plan_days for r in rows) == EXPECTED["plan_days_m0"]


def test_referral_response_times(world: World) -> None:
    rows = _rows(world, world.m0).values()
    assert sum(r.referrals_received for r in rows) == EXPECTED["referrals_received"]
    assert sum(r.referrals_answered for r in rows) == EXPECTED["referrals_answered"]
    assert sum(r.referral_hours for r in rows) == EXPECTED["referral_hours"]
    assert sum(r.referrals_on_time for r in rows) == EXPECTED["referrals_on_time"]
    # The sending centre receives nothing.
    assert not ClusterMonth.objects.filter(sentra=world.b, referrals_received__gt=0).exists()


def test_complaints_within_deadline(world: World) -> None:
    month = CentreMonth.objects.get(sentra=world.a, month=world.m0)
    assert (month.complaints_received, month.complaints_resolved, month.complaints_on_time) == EXPECTED[
        "complaints"
    ]


def test_current_status(world: World) -> None:
    status = CentreStatus.objects.get(sentra=world.a)
    assert status.stages == EXPECTED["stages"]
    assert (status.waiting, status.waiting_days, status.waiting_longest) == (
        EXPECTED["waiting"],
        EXPECTED["waiting_days"],
        EXPECTED["waiting_longest"],
    )
    assert (status.beds, status.occupied) == (EXPECTED["beds"], EXPECTED["occupied"])
    assert (status.open_tasks, status.overdue_tasks) == (EXPECTED["open_tasks"], EXPECTED["overdue_tasks"])
    assert (status.ikm["value"], status.ikm["grade"]) == EXPECTED["ikm"]


def test_refresh_is_idempotent(world: World) -> None:
    before = sorted(ClusterMonth.objects.values_list("sentra_id", "month", "cluster", "intake", "services"))
    refresh_rollups()
    refresh_rollups(full=True)
    after = sorted(ClusterMonth.objects.values_list("sentra_id", "month", "cluster", "intake", "services"))
    assert before == after


def test_incremental_refresh_recomputes_only_touched_cells(world: World) -> None:
    # As if the last run had been well after every fixture write: nothing to recompute.
    later = timezone.now() + OVERLAP + datetime.timedelta(minutes=1)
    Watermark.objects.filter(name="flows").update(value=later)
    assert refresh_rollups().cells == 0
    Watermark.objects.filter(name="flows").update(value=later)
    case = world.cases["c3"]
    component_id = ServiceDelivery.objects.filter(case=case).values_list("component_id", flat=True)[0]
    delivery = ServiceDelivery.objects.create(
        case=case,
        delivered_on=world.m0,
        provider=world.cm_a,
        component_id=component_id,
        attendance="attended",
        recorded_by=world.cm_a,
    )
    ServiceDelivery.objects.filter(pk=delivery.pk).update(recorded_at=later + datetime.timedelta(seconds=1))
    result = refresh_rollups()
    assert result.cells == 1
    assert not result.full
    assert _rows(world, world.m0)["anak"].services == 3
    assert Watermark.objects.get(name="flows").value != later


def test_command_refreshes(world: World) -> None:
    ClusterMonth.objects.all().delete()
    call_command("refresh_rollups", "--full", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert ClusterMonth.objects.filter(sentra=world.a).exists()


def test_the_task_is_in_the_beat_schedule_and_runs(world: World) -> None:
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert {"sentra.insights.refresh_rollups", "sentra.insights.scheduled_reports"} <= tasks
    assert refresh_task.delay().get()["centres"] == 2
