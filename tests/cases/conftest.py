"""Fixtures of the case tests: two centres with staff in every role, persons, consent, cases."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.utils import timezone, translation

from sentra.beneficiaries.models import Beneficiary, Consent, ConsentGiver, ConsentMethod, ConsentPurpose
from sentra.cases import services
from sentra.cases.models import Case, Stage
from sentra.core.models import Profession, Role, User
from sentra.network.models import CentreCapacity, Sentra, SentraKind, ServiceComponent
from tests.factories import SentraFactory, UserFactory


@pytest.fixture(autouse=True)
def _english(settings: Any) -> Iterator[None]:
    """Assertions read the English source strings; pages default to Indonesian."""
    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


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
    prof_b: User
    analyst: User
    admin: User

    def users(self) -> dict[str, User]:
        return {name: value for name, value in vars(self).items() if isinstance(value, User)}


def _user(username: str, role: str, *centres: Sentra, **extra: Any) -> User:
    return UserFactory(username=username, role=role, centres=list(centres), **extra)


@pytest.fixture
def world(db: None) -> World:
    a = SentraFactory(
        name="Sentra A", code="sentra-a", settings_offered=["residential", "family", "community"]
    )
    b = SentraFactory(name="Sentra B", code="sentra-b", settings_offered=["residential", "family"])
    lks = SentraFactory(
        name="LKS Harapan", code="lks-harapan", kind=SentraKind.LKS, settings_offered=["community"]
    )
    care = ServiceComponent.objects.get(number=2)
    therapy = ServiceComponent.objects.get(number=4)
    CentreCapacity.objects.create(sentra=a, component=care, setting="residential", places=2)
    CentreCapacity.objects.create(sentra=a, component=therapy, setting="residential", places=1)
    CentreCapacity.objects.create(sentra=b, component=care, setting="residential", places=10)
    return World(
        a=a,
        b=b,
        lks=lks,
        head_a=_user("head_a", Role.CENTRE_HEAD, a),
        cm_a=_user("cm_a", Role.CASE_MANAGER, a, first_name="Ani", last_name="Peksos"),
        cm_a2=_user("cm_a2", Role.CASE_MANAGER, a),
        intake_a=_user("intake_a", Role.INTAKE, a),
        prof_a=_user("prof_a", Role.PROFESSIONAL, a, profession=Profession.PSIKOLOG),
        hr_a=_user("hr_a", Role.HR, a),
        head_b=_user("head_b", Role.CENTRE_HEAD, b),
        cm_b=_user("cm_b", Role.CASE_MANAGER, b),
        prof_b=_user("prof_b", Role.PROFESSIONAL, b, profession=Profession.PERAWAT),
        analyst=_user("analyst", Role.NATIONAL_ANALYST),
        admin=_user("admin", Role.SYSADMIN),
    )


def make_person(sentra: Sentra, name: str = "Siti Aminah", **extra: Any) -> Beneficiary:
    values: dict[str, Any] = {
        "registered_sentra": sentra,
        "full_name": name,
        "sex": "F",
        "birth_date": datetime.date(1950, 5, 17),
        "no_nik_reason": "identity_unknown",
        "intake_channel": "walk_in",
        "clusters": ["lansia"],
    }
    values.update(extra)
    return Beneficiary.objects.create(**values)


def give_consent(
    person: Beneficiary, purpose: str = ConsentPurpose.REFERRAL_SHARING, **extra: Any
) -> Consent:
    values: dict[str, Any] = {
        "beneficiary": person,
        "purpose": purpose,
        "given_by": ConsentGiver.SELF,
        "method": ConsentMethod.WRITTEN,
        "given_on": timezone.localdate() - datetime.timedelta(days=1),
    }
    values.update(extra)
    return Consent.objects.create(**values)


@pytest.fixture
def person(world: World) -> Beneficiary:
    return make_person(world.a)


def open_case(world: World, person: Beneficiary, *, setting: str = "family", **extra: Any) -> Case:
    return services.case_open(
        actor=extra.pop("actor", world.cm_a),
        beneficiary=person,
        sentra=person.registered_sentra,
        case_manager=extra.pop("case_manager", world.cm_a),
        setting=setting,
        cluster=extra.pop("cluster", "lansia"),
        **extra,
    )


def goal(**extra: Any) -> services.GoalInput:
    values: dict[str, Any] = {
        "description": "Lives safely with her daughter",
        "indicator": "Home visit confirms daily care",
        "target_date": timezone.localdate() + datetime.timedelta(days=90),
    }
    values.update(extra)
    return services.GoalInput(**values)


def planned(responsible: User, **extra: Any) -> services.PlannedServiceInput:
    values: dict[str, Any] = {
        "component": "terapi",
        "subtype": "psikososial",
        "description": "Individual counselling",
        "responsible": responsible,
        "frequency": "weekly",
        "times": 1,
    }
    values.update(extra)
    return services.PlannedServiceInput(**values)


def to_stage(world: World, case: Case, stage: str) -> Case:
    """Walk a case forward to ``stage`` through the real services (plan approved on the way)."""
    path = [Stage.ASESMEN, Stage.PERENCANAAN, Stage.INTERVENSI, Stage.MONITORING_EVALUASI]
    for step in path:
        if case.stage == stage:
            break
        if step == Stage.INTERVENSI:
            plan = services.plan_save(
                actor=world.cm_a, case=case, goals=[goal()], services=[planned(world.prof_a)]
            )
            services.plan_approve(actor=world.head_a, plan=plan)
        services.case_transition(
            actor=world.cm_a,
            case=case,
            to_stage=step,
            assessment_summary="Frail, lives alone; daughter willing to care"
            if step == Stage.PERENCANAAN
            else "",
        )
        case.refresh_from_db()
    assert case.stage == stage
    return case


@pytest.fixture
def case_factory(world: World) -> Callable[..., Case]:
    def make(stage: str = Stage.PENDEKATAN_AWAL, name: str = "Siti Aminah", **extra: Any) -> Case:
        return to_stage(world, open_case(world, make_person(world.a, name), **extra), stage)

    return make
