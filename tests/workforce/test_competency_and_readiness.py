"""Competency evidence moves levels by the rule and keeps history; readiness from the records."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.workforce import selectors, services
from sentra.workforce.models import CompetencyEvidence, CredentialKind, StaffCompetency
from tests.cases.conftest import World, make_person, open_case
from tests.workforce.factories import add_credential, make_staff


def test_training_raises_a_supervisor_sets_and_retries_are_no_ops(
    centre_a: Sentra, make_user: Callable[..., User]
) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    staff = make_staff(centre_a, profession="perawat")
    first = services.record_competency_evidence(
        actor=hr,
        staff=staff,
        competency="elderly-daily-care",
        level=2,
        evidence_kind="training",
        source="training.session:1",
    )
    again = services.record_competency_evidence(
        actor=hr,
        staff=staff,
        competency="elderly-daily-care",
        level=2,
        evidence_kind="training",
        source="training.session:1",
    )
    assert again.pk == first.pk
    services.record_competency_evidence(
        actor=hr,
        staff=staff,
        competency="elderly-daily-care",
        level=1,
        evidence_kind="training",
        source="training.session:2",
    )
    level = StaffCompetency.objects.get(staff=staff, competency__code="elderly-daily-care")
    assert level.level == 2  # a lower training level does not lower it
    services.record_competency_evidence(
        actor=hr,
        staff=staff,
        competency="elderly-daily-care",
        level=1,
        evidence_kind="supervisor_assessment",
        source="review-2026",
    )
    level.refresh_from_db()
    assert level.level == 1
    history = list(
        CompetencyEvidence.objects.filter(staff=staff)
        .order_by("recorded_at", "pk")
        .values_list("level_before", "level_after")
    )
    assert history == [(0, 2), (2, 2), (2, 1)]


def test_bad_evidence_is_refused_by_field(centre_a: Sentra, make_user: Callable[..., User]) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    staff = make_staff(centre_a)
    with pytest.raises(ValidationError) as caught:
        services.record_competency_evidence(
            actor=hr, staff=staff, competency="cm-assessment", level=7, evidence_kind="gossip", source="x"
        )
    assert set(caught.value.message_dict) == {"level", "evidence_kind"}
    with pytest.raises(ValidationError):
        services.record_competency_evidence(
            actor=hr, staff=staff, competency="no-such", level=2, evidence_kind="training", source="x"
        )
    colleague = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    with pytest.raises(PermissionDenied):
        services.record_competency_evidence(
            actor=colleague,
            staff=staff,
            competency="cm-assessment",
            level=4,
            evidence_kind="supervisor_assessment",
            source="x",
        )


def test_skills_readiness_none_without_staff_and_shares_from_records(world: World) -> None:
    empty = world.lks
    assert selectors.skills_readiness(empty.pk) is None
    # centre A: the world's two case managers have staff records with valid credentials (shared factory)
    for name in ("Ani", "Budi"):
        open_case(world, make_person(world.a, f"{name} Lansia"))
    readiness = selectors.skills_readiness(world.a.pk)
    assert readiness is not None
    # two beneficiaries need one case manager; two are on post
    assert readiness.profession_need_met_share == 1.0
    assert readiness.credentials_valid_share == 1.0
    # elderly beneficiaries need elderly-daily-care (core): nobody holds it
    assert readiness.competency_need_met_share == 0.0
    psikolog = make_staff(world.a, profession="psikolog")
    add_credential(psikolog, CredentialKind.OTHER, name="SIPP", expires_in=-5)
    readiness = selectors.skills_readiness(world.a.pk)
    assert readiness is not None
    assert readiness.credentials_valid_share == pytest.approx(2 / 3, abs=1e-3)


def test_gap_report_from_the_database_names_missing_professions(world: World) -> None:
    open_case(world, make_person(world.a, "Siti Lansia"))
    report = selectors.gap_report(world.a.pk)
    assert report.beneficiaries == 1
    assert [gap.competency for gap in report.competencies_below_need] == ["elderly-daily-care"]
    assert any(s.kind == "recruit" and s.competency == "elderly-daily-care" for s in report.suggestions)
