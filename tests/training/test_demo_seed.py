"""The training demo seeder: a calendar and a ranked overseas programme; a second run creates nothing."""

from __future__ import annotations

import pytest

from sentra.training import demo
from sentra.training.models import ApplicationStatus, OverseasProgramme, SessionStatus, TrainingSession
from sentra.workforce.models import StaffCompetency
from tests.factories import SentraFactory
from tests.training.conftest import Net
from tests.workforce.factories import make_staff


@pytest.mark.django_db
def test_seed_is_deterministic_and_idempotent(net: Net) -> None:
    bekasi = SentraFactory(code=demo.ORGANISER)
    handayani = SentraFactory(code="handayani-jakarta")
    for index in range(4):
        make_staff(bekasi, profession="perawat", sex="F" if index % 2 else "M", clusters=["lansia"])
        make_staff(handayani, profession="pengasuh", sex="M" if index % 2 else "F", clusters=["lansia"])
    centres = {bekasi.code: bekasi, handayani.code: handayani}
    first = demo.seed(centres)
    assert all(count > 0 for count in first.values()), first
    programme = OverseasProgramme.objects.get(title=demo.PROGRAMME_TITLE)
    assert programme.status == "ranked"
    assert programme.run_status == "optimal"
    assert programme.applications.filter(status=ApplicationStatus.PROPOSED).count() >= 2
    past = TrainingSession.objects.filter(sentra=bekasi, status=SessionStatus.COMPLETED)
    assert past.exists()
    assert StaffCompetency.objects.filter(
        staff__sentra=bekasi, competency__code="elderly-daily-care", level__gte=2
    ).exists()
    assert set(demo.seed(centres).values()) == {0}
