"""Reassessment reminders: raised once per latest assessment when due, off the list once reassessed."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.utils import timezone

from sentra.assessments import selectors, services
from sentra.assessments.models import Reminder
from sentra.assessments.tasks import reassessment_reminders
from tests.assessments.factories import PHQ9_MILD, record

pytestmark = pytest.mark.django_db


def ago(days: int) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=days)


def test_a_phq9_of_three_months_ago_is_due_once(staff, siti, siti_case):
    old = record(staff["case_manager"], siti, "phq9", PHQ9_MILD, assessed_at=ago(88))
    assert services.reminders_raise() == 1
    assert services.reminders_raise() == 0  # idempotent
    assert reassessment_reminders() == 0
    reminder = Reminder.objects.get()
    assert reminder.assessment_id == old.pk
    assert reminder.due_on == timezone.localdate(old.assessed_at + datetime.timedelta(days=90))
    assert list(selectors.reassessments_due(staff["case_manager"])) == [reminder]


def test_a_recent_assessment_or_a_person_without_an_open_case_is_not_due(staff, siti):
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD, assessed_at=ago(200))
    assert services.reminders_raise() == 0  # no open case


def test_only_the_latest_assessment_counts_and_a_new_one_clears_the_list(staff, siti, siti_case):
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD, assessed_at=ago(200))
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD, assessed_at=ago(95))
    assert services.reminders_raise() == 1
    assert selectors.reassessments_due(staff["case_manager"]).count() == 1
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD)
    assert selectors.reassessments_due(staff["case_manager"]).count() == 0
    assert services.reminders_raise() == 0


def test_the_due_list_is_scoped(staff, siti, siti_case):
    record(staff["case_manager"], siti, "phq9", PHQ9_MILD, assessed_at=ago(95))
    services.reminders_raise()
    assert selectors.reassessments_due(staff["case_manager_b"]).count() == 0
    assert selectors.reassessments_due(staff["intake"]).count() == 0


def test_the_job_is_in_the_beat_schedule():
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "sentra.assessments.reassessment_reminders" in tasks
