"""Fixtures of the assessment tests: the shipped instrument library."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from sentra.assessments import selectors
from sentra.assessments.rules import Library
from sentra.beneficiaries.models import Beneficiary
from sentra.cases import services as case_services
from sentra.cases.models import Case, Stage
from sentra.core.models import User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import person


@pytest.fixture(scope="session")
def library() -> Library:
    return selectors.library()


@pytest.fixture
def staff(make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra) -> dict[str, User]:
    """Centre A's staff in every role, a psychologist and a case manager of centre B, the national roles."""
    users = {
        role: make_user(role=role, centres=(centre_a,), username=f"{role}_a")
        for role in ("case_manager", "professional", "centre_head", "intake", "hr")
    }
    users["case_manager_b"] = make_user(role="case_manager", centres=(centre_b,), username="case_manager_b")
    users["professional_b"] = make_user(role="professional", centres=(centre_b,), username="professional_b")
    users["national_analyst"] = make_user(role="national_analyst", username="analyst")
    users["sysadmin"] = make_user(role="sysadmin", username="admin")
    return users


@pytest.fixture
def siti(centre_a: Sentra) -> Beneficiary:
    """A person registered at centre A."""
    return person(centre_a, "Siti Aminah", sex="F")


@pytest.fixture
def siti_case(staff: dict[str, User], siti: Beneficiary) -> Case:
    """Siti's case at centre A, in the planning stage (assessment summary recorded)."""
    manager = staff["case_manager"]
    case = case_services.case_open(
        actor=manager,
        beneficiary=siti,
        sentra=siti.registered_sentra,
        case_manager=manager,
        setting="residential",
        cluster="lansia",
    )
    for stage in (Stage.ASESMEN, Stage.PERENCANAAN):
        case_services.case_transition(
            actor=manager,
            case=case,
            to_stage=stage,
            assessment_summary="Low mood since her husband died" if stage == Stage.PERENCANAAN else "",
        )
        case.refresh_from_db()
    return case
