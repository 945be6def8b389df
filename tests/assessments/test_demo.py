"""The demo seeder: assessments for open cases through the services, deterministic and idempotent."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from sentra.assessments import demo
from sentra.assessments.models import Assessment, Need
from sentra.cases.models import Case
from sentra.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def test_it_assesses_open_cases_once_and_audits_as_the_demo(siti_case, centre_a):
    Case.objects.filter(pk=siti_case.pk).update(opened_on=timezone.localdate() - datetime.timedelta(days=30))
    counts = demo.seed({centre_a.code: centre_a})
    assessments = Assessment.objects.filter(beneficiary=siti_case.beneficiary)
    assert set(assessments.values_list("instrument", flat=True)) >= {"atensi", "phq9"}
    assert all(a.case_id == siti_case.pk for a in assessments)
    assert list(counts.values())[:2] == [assessments.count(), Need.objects.count()]
    events = AuditEvent.objects.filter(object_type="assessments.assessment")
    assert {(e.actor_id, e.actor_label) for e in events} == {(None, "demo")}
    again = demo.seed({centre_a.code: centre_a})
    assert set(again.values()) == {0}


def test_it_is_registered_after_the_cases_seeder():
    from sentra.demo.services import APP_SEEDERS

    assert (
        APP_SEEDERS.index("sentra.assessments.demo.seed") == APP_SEEDERS.index("sentra.cases.demo.seed") + 1
    )
