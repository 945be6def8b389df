"""Fixtures of the placement flow tests: three centres, staff in every role, a waiting list at A."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone

from sentra.beneficiaries.models import Beneficiary, Consent, ConsentGiver, ConsentMethod, ConsentPurpose
from sentra.cases import services as cases
from sentra.cases.models import Case, WaitingListEntry
from sentra.core.models import Profession, Role, User
from sentra.network.models import CentreCapacity, Sentra, SentraKind, ServiceComponent
from sentra.placement import services
from sentra.placement.models import PlacementRun
from tests.factories import SentraFactory, UserFactory, region


@dataclass
class World:
    a: Sentra
    b: Sentra
    lks: Sentra
    head_a: User
    cm_a: User
    cm_a2: User
    intake_a: User
    prof_a: User
    hr_a: User
    head_b: User
    cm_b: User
    analyst: User
    admin: User

    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def _user(username: str, role: str, *centres: Sentra, **extra: Any) -> User:
    return UserFactory(username=username, role=role, centres=list(centres), **extra)


def _centre(name: str, code: str, region_code: str, lat: str, lon: str, **extra: Any) -> Sentra:
    return SentraFactory(
        name=name,
        code=code,
        region=region(region_code),
        latitude=Decimal(lat),
        longitude=Decimal(lon),
        settings_offered=["residential", "community"],
        **extra,
    )


@pytest.fixture
def world(db: None) -> World:
    # Jakarta, Bandung (about 120 km away) and a partner LKS in Bekasi (about 20 km from Jakarta).
    a = _centre("Sentra A", "sentra-a", "31.71", "-6.200000", "106.816666")
    b = _centre("Sentra B", "sentra-b", "32.73", "-6.914744", "107.609810")
    lks = _centre("LKS Bekasi", "lks-bekasi", "32.75", "-6.238270", "106.975571", kind=SentraKind.LKS)
    care = ServiceComponent.objects.get(number=2)
    therapy = ServiceComponent.objects.get(number=4)
    CentreCapacity.objects.create(sentra=a, component=care, setting="residential", places=1)
    CentreCapacity.objects.create(sentra=b, component=care, setting="residential", places=5)
    CentreCapacity.objects.create(sentra=lks, component=therapy, setting="community", places=2)
    return World(
        a=a,
        b=b,
        lks=lks,
        head_a=_user("head_a", Role.CENTRE_HEAD, a),
        cm_a=_user("cm_a", Role.CASE_MANAGER, a),
        cm_a2=_user("cm_a2", Role.CASE_MANAGER, a),
        intake_a=_user("intake_a", Role.INTAKE, a),
        prof_a=_user("prof_a", Role.PROFESSIONAL, a, profession=Profession.PSIKOLOG),
        hr_a=_user("hr_a", Role.HR, a),
        head_b=_user("head_b", Role.CENTRE_HEAD, b),
        cm_b=_user("cm_b", Role.CASE_MANAGER, b),
        analyst=_user("analyst", Role.NATIONAL_ANALYST),
        admin=_user("admin", Role.SYSADMIN),
    )


def consent(person: Beneficiary) -> Consent:
    return Consent.objects.create(
        beneficiary=person,
        purpose=ConsentPurpose.REFERRAL_SHARING,
        given_by=ConsentGiver.SELF,
        method=ConsentMethod.WRITTEN,
        given_on=timezone.localdate() - datetime.timedelta(days=1),
    )


@dataclass
class Waiting:
    person: Beneficiary
    case: Case
    entry: WaitingListEntry


@pytest.fixture
def wait(world: World) -> Callable[..., Waiting]:
    """Put a person on centre A's waiting list, with an open case there and (by default) consent."""

    def make(
        name: str,
        *,
        urgency: str = "normal",
        home: str = "31.71.01.1001",
        waiting_for: str = "place",
        component: int | None = None,
        with_consent: bool = True,
    ) -> Waiting:
        person = Beneficiary.objects.create(
            registered_sentra=world.a,
            full_name=name,
            sex="F",
            birth_date=datetime.date(1950, 5, 17),
            no_nik_reason="identity_unknown",
            intake_channel="walk_in",
            clusters=["lansia"],
            region=region(home),
        )
        if with_consent:
            consent(person)
        case = cases.case_open(
            actor=world.cm_a,
            beneficiary=person,
            sentra=world.a,
            case_manager=world.cm_a,
            setting="residential",
            cluster="lansia",
        )
        entry = cases.waiting_add(
            actor=world.head_a,
            sentra=world.a,
            beneficiary=person,
            waiting_for=waiting_for,
            urgency=urgency,
            component=ServiceComponent.objects.get(number=component) if component else None,
            case=case,
        )
        return Waiting(person=person, case=case, entry=entry)

    return make


@pytest.fixture
def waiting_list(wait: Callable[..., Waiting]) -> dict[str, Waiting]:
    """Three people waiting for one place at A (the most urgent first), one waiting for therapy."""
    return {
        "urgent": wait("Siti Urgent", urgency="emergency"),
        "normal": wait("Budi Normal", urgency="normal"),
        "low": wait("Ani Low", urgency="low", home="32.73.01.1001"),
        "therapy": wait("Dewi Therapy", waiting_for="service", component=4),
    }


def execute(run: PlacementRun) -> PlacementRun:
    services.run_execute(run_id=run.pk)
    run.refresh_from_db()
    return run


@pytest.fixture
def run_of(world: World) -> Callable[..., PlacementRun]:
    def make(actor: User | None = None, **extra: Any) -> PlacementRun:
        run = services.run_create(actor=actor or world.head_a, sentra=extra.pop("sentra", world.a), **extra)
        return execute(run)

    return make
