"""The workforce demo seeder: every centre staffed, demo users linked with valid credentials, idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.core.models import User
from sentra.demo import services as demo
from sentra.network.models import Sentra
from sentra.workforce import selectors
from sentra.workforce.eligibility import case_manager_problem
from sentra.workforce.models import StaffMember
from tests.network.factories import load_region_subset

DEMO_USERS = ("peksos.bekasi", "psikolog.bekasi", "sdm.bekasi", "kepala.bekasi", "peksos.handayani")


@pytest.fixture
def seeded(db: None, monkeypatch: Any) -> demo.DemoReport:
    load_region_subset()
    monkeypatch.setattr(demo, "APP_SEEDERS", ("sentra.workforce.demo.seed",))
    return demo.demo_seed(load_regions=lambda: 0)


def test_every_centre_has_staff_and_the_demo_users_are_linked(seeded: demo.DemoReport) -> None:
    centres = Sentra.objects.filter(kind="sentra")
    assert centres.count() == 31
    assert not centres.filter(staff__isnull=True).exists()
    for username in DEMO_USERS:
        user = User.objects.get(username=username)
        assert StaffMember.objects.filter(user=user).exists(), username
    for username in ("peksos.bekasi", "peksos.handayani"):
        assert case_manager_problem(User.objects.get(username=username)) is None
    assert StaffMember.objects.get(user__username="psikolog.bekasi").profession == "psikolog"


def test_the_demo_has_deliberate_gaps(seeded: demo.DemoReport) -> None:
    reports = selectors.national_gap_report()
    assert any(report.staff for report in reports)
    no_psychologist = [
        centre
        for centre in Sentra.objects.filter(kind="sentra")
        if not centre.staff.filter(profession="psikolog").exists()
    ]
    assert no_psychologist


def test_a_second_run_creates_nothing(seeded: demo.DemoReport, monkeypatch: Any) -> None:
    from sentra.workforce.demo import seed

    before = StaffMember.objects.count()
    counts = seed({centre.code: centre for centre in Sentra.objects.all()})
    assert set(counts.values()) == {0}
    assert StaffMember.objects.count() == before
