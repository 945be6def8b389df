"""The quality demo seeder: every complaint state, surveys with a trend, readiness; a rerun adds nothing."""

from __future__ import annotations

import pytest

from sentra.core.models import Role
from sentra.quality.demo import seed
from sentra.quality.models import (
    Complaint,
    ComplaintStatus,
    ReadinessAction,
    ReadinessPeriod,
    SelfAssessment,
    SurveyPeriod,
)
from tests.factories import SentraFactory

pytestmark = pytest.mark.django_db

ACCOUNTS = (
    ("kepala.bekasi", Role.CENTRE_HEAD),
    ("peksos.bekasi", Role.CASE_MANAGER),
    ("psikolog.bekasi", Role.PROFESSIONAL),
    ("intake.bekasi", Role.INTAKE),
    ("sdm.bekasi", Role.HR),
)


def test_the_demo_seeds_every_part_once(make_user) -> None:
    bekasi = SentraFactory(code="pangudi-luhur-bekasi", name="Pangudi Luhur")
    handayani = SentraFactory(code="handayani-jakarta", name="Handayani")
    for username, role in ACCOUNTS:
        make_user(role=role, centres=(bekasi,), username=username, first_name=username.split(".")[0])
    make_user(role=Role.CENTRE_HEAD, centres=(handayani,), username="kepala.handayani")
    centres = {"pangudi-luhur-bekasi": bekasi, "handayani-jakarta": handayani}
    first = seed(centres)
    assert all(count > 0 for count in first.values()), first
    statuses = set(Complaint.objects.values_list("status", flat=True))
    assert statuses == set(ComplaintStatus.values)
    assert Complaint.objects.filter(escalation_level__gt=0).exists()
    assert Complaint.objects.filter(rating__isnull=False).exists()
    assert SurveyPeriod.objects.filter(sentra=bekasi, published_at__isnull=False).exists()
    assert SelfAssessment.objects.count() == 5
    assert ReadinessAction.objects.filter(sentra=bekasi).count() == 5
    assert ReadinessPeriod.objects.filter(result__isnull=False).count() == 4  # two semesters, two centres
    second = seed(centres)
    assert set(second.values()) == {0}, second
