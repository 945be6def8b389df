"""Recorded assessments for the tests, written through the services like the pages do."""

from __future__ import annotations

from typing import Any

from sentra.assessments import services
from sentra.assessments.models import Assessment
from sentra.beneficiaries.models import Beneficiary
from sentra.core.models import User

PHQ9_ITEM9 = {"1": 2, "2": 2, "3": 1, "4": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 1}  # total 11, item 9 = 1
PHQ9_MILD = {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "6": 0, "7": 0, "8": 0, "9": 0}  # total 5
PHQ9_SEVERE = {str(n): 3 for n in range(1, 10)} | {"9": 0}  # total 24
WGSS_CANNOT_WALK = {"1": 1, "2": 1, "3": 4, "4": 1, "5": 1, "6": 1}
WGSS_BLIND_DEAF = {"1": 4, "2": 3, "3": 1, "4": 1, "5": 1, "6": 1}


def record(
    actor: User, beneficiary: Beneficiary, instrument: str = "phq9", answers: Any = None, **extra: Any
) -> Assessment:
    return services.assessment_record(
        actor=actor,
        beneficiary=beneficiary,
        instrument=instrument,
        answers=PHQ9_MILD if answers is None else answers,
        **extra,
    )
