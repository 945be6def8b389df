"""Training tests: the competency framework present, and a small network with staff who have accounts."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.utils import timezone

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.training import services
from sentra.training.models import Course, OverseasProgramme, TrainingKind
from sentra.workforce.models import StaffMember
from tests.workforce.factories import certified_peksos, ensure_framework


@pytest.fixture(autouse=True)
def _framework(request: pytest.FixtureRequest) -> None:
    if {"db", "net", "centre_a", "personas", "make_user"} & set(request.fixturenames):
        request.getfixturevalue("db")
        ensure_framework()


@dataclass
class Net:
    a: Sentra
    b: Sentra
    hr_a: User
    head_a: User
    hr_b: User
    analyst: User
    admin: User
    ani: User  # case manager in A, staff record, woman
    bayu: User  # case manager in A, staff record, man
    citra: User  # case manager in B, staff record, woman
    ani_staff: StaffMember
    bayu_staff: StaffMember
    citra_staff: StaffMember


@pytest.fixture
def net(make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra) -> Net:
    def staff(user: User, centre: Sentra, sex: str, years: int) -> StaffMember:
        fields = {
            "full_name": user.username.title(),
            "sex": sex,
            "clusters": ["lansia"],
            "start_date": timezone.localdate() - datetime.timedelta(days=365 * years),
        }
        # Case-manager accounts from the factory already carry a certified staff record.
        existing = StaffMember.objects.filter(user=user)
        if existing.exists():
            existing.update(**fields)
            return existing.get()
        return certified_peksos(centre, user=user, name=fields.pop("full_name"), **fields)

    ani = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="ani")
    bayu = make_user(role=Role.CASE_MANAGER, centres=(centre_a,), username="bayu")
    citra = make_user(role=Role.CASE_MANAGER, centres=(centre_b,), username="citra")
    return Net(
        a=centre_a,
        b=centre_b,
        hr_a=make_user(role=Role.HR, centres=(centre_a,), username="hr_a"),
        head_a=make_user(role=Role.CENTRE_HEAD, centres=(centre_a,), username="head_a"),
        hr_b=make_user(role=Role.HR, centres=(centre_b,), username="hr_b"),
        analyst=make_user(role=Role.NATIONAL_ANALYST, username="analyst"),
        admin=make_user(role=Role.SYSADMIN, username="admin"),
        ani=ani,
        bayu=bayu,
        citra=citra,
        ani_staff=staff(ani, centre_a, "F", 6),
        bayu_staff=staff(bayu, centre_a, "M", 3),
        citra_staff=staff(citra, centre_b, "F", 1),
    )


def programme_input(net: Net, **changes: object) -> services.ProgrammeInput:
    today = timezone.localdate()
    values: dict[str, object] = {
        "title": "Studi banding Jepang 2027: perawatan lansia",
        "country": "Jepang",
        "competency": "elderly-daily-care",
        "places": 1,
        "opens_on": today - datetime.timedelta(days=5),
        "closes_on": today + datetime.timedelta(days=10),
        "departs_on": today + datetime.timedelta(days=60),
        "returns_on": today + datetime.timedelta(days=90),
        "centre_ids": (net.a.pk, net.b.pk),
        "min_tenure_years": 2.0,
        "required_credentials": ("str",),
        "language": "ja",
        "min_language_level": 1,
        "quotas": ({"attribute": "centre", "value": None, "minimum": 0, "maximum": 1},),
    }
    values.update(changes)
    return services.ProgrammeInput(**values)  # type: ignore[arg-type]


@pytest.fixture
def course(db: None) -> Course:
    """A national course raising two competencies on completion."""
    return services.course_create(
        actor=None,
        sentra=None,
        data=services.CourseInput(
            code="bimtek-lansia",
            title="Bimtek perawatan lansia",
            kind=TrainingKind.BIMTEK,
            outcomes={"elderly-daily-care": 2, "elderly-psychosocial": 1},
        ),
    )


@pytest.fixture
def open_programme(net: Net) -> OverseasProgramme:
    programme = services.programme_create(actor=net.hr_a, sentra=net.a, data=programme_input(net))
    return services.programme_open(actor=net.hr_a, programme=programme)
