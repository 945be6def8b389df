"""The demo seeders of the registry and the cases: valid records, every stage, idempotent, audited."""

from __future__ import annotations

from typing import Any

import pytest

from sentra.beneficiaries import demo as beneficiaries_demo
from sentra.beneficiaries.models import Beneficiary, Consent
from sentra.beneficiaries.rules.nik import parse_nik
from sentra.cases import demo as cases_demo
from sentra.cases.models import Case, Referral, ResidentialStay, Stage, Task, TaskKind
from sentra.core.models import AuditEvent, Role, User
from sentra.network.models import Sentra, SentraKind
from tests.factories import SentraFactory, region

pytestmark = pytest.mark.django_db


@pytest.fixture
def centres(db: None) -> dict[str, Sentra]:
    for village in ("31.71.01.1001", "31.71.01.1002", "31.71.02.1001", "31.72.01.1001"):
        region(village)
    common: dict[str, Any] = {
        "region": region("31.71"),
        "settings_offered": ["residential", "family", "community"],
    }
    return {
        "demo-a": SentraFactory(
            code="demo-a", clusters=["anak", "lansia", "disabilitas", "napza", "tuna_sosial"], **common
        ),
        "demo-b": SentraFactory(code="demo-b", clusters=["anak", "disabilitas"], **common),
        "demo-lks": SentraFactory(code="demo-lks", kind=SentraKind.LKS, clusters=["anak"], **common),
    }


def seed_all(centres: dict[str, Sentra]) -> dict[str, int]:
    counts = beneficiaries_demo.seed(centres)
    counts.update(cases_demo.seed(centres))
    return counts


def test_the_people_are_valid_and_a_second_run_creates_nothing(centres: dict[str, Sentra]) -> None:
    first = seed_all(centres)
    people = Beneficiary.objects.filter(registered_sentra__in=centres.values())
    assert people.count() == first["beneficiaries"] == 70 + 70 + 35
    with_nik = [p for p in people if p.nik]
    assert with_nik
    assert len(with_nik) < people.count()
    for person in with_nik:
        parsed = parse_nik(person.nik)
        assert parsed.valid, parsed.errors
        assert person.region_id is not None
        assert person.region_id.startswith(
            f"{parsed.province_code}.{parsed.regency_code}.{parsed.district_code}."
        )
        assert parsed.sex == person.sex
    assert all(p.no_nik_reason for p in people if not p.nik)
    assert any(len(p.full_name.split()) == 1 for p in people)  # single names are normal
    again = seed_all(centres)
    assert not any(again.values()), again
    assert Beneficiary.objects.count() == first["beneficiaries"]


def test_cases_cover_the_lifecycle_with_tasks_referrals_and_stays(centres: dict[str, Sentra]) -> None:
    seed_all(centres)
    stages = set(Case.objects.values_list("stage", flat=True))
    assert {Stage.ASESMEN, Stage.INTERVENSI, Stage.BIMBINGAN_LANJUT} <= stages
    assert Case.objects.filter(closed_on__isnull=False).exists()
    assert (
        Task.objects.filter(kind=TaskKind.DOCUMENTATION).count()
        == Beneficiary.objects.filter(nik_hash="").count()
    )
    assert Task.objects.filter(kind=TaskKind.PLAN_REVIEW).exists()
    assert ResidentialStay.objects.exists()
    assert Referral.objects.exists()
    for case in Case.objects.all():
        assert case.case_manager.role == Role.CASE_MANAGER
        assert case.sentra_id in set(case.case_manager.memberships.values_list("sentra_id", flat=True))
    # Planning never starts without a recorded assessment summary.
    for case in Case.objects.exclude(stage__in=[Stage.PENDEKATAN_AWAL, Stage.ASESMEN]):
        assert case.transitions.filter(from_stage=Stage.ASESMEN, assessment_note__isnull=False).exists()


def test_every_record_has_its_audit_row(centres: dict[str, Sentra]) -> None:
    seed_all(centres)
    for model, label in (
        (Beneficiary, "beneficiaries.beneficiary"),
        (Case, "cases.case"),
        (Consent, "beneficiaries.consent"),
    ):
        ids = {str(pk) for pk in model.objects.values_list("pk", flat=True)}
        audited = set(
            AuditEvent.objects.filter(object_type=label, action="create").values_list("object_id", flat=True)
        )
        assert ids <= audited, label
    assert not User.objects.filter(username__startswith="demo.").exclude(password__startswith="!").exists()
