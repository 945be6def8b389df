"""Standards scaled by the current caseload: daily sessions and open cases, counted by the set queries."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable

import pytest

from sentra.cases.models import Case, CasePlan, PlannedService, ServiceDelivery
from sentra.core.models import Role, User
from sentra.equipment.selectors.plans import compute_national_plan
from sentra.network.models import Sentra, ServiceComponent, ServiceSubtype
from tests.beneficiaries.factories import person
from tests.equipment import factories as f

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 11, 27)
_numbers = itertools.count(1)


def _case(centre: Sentra, manager: User, subtype: str, *, open_: bool = True) -> Case:
    case = Case.objects.create(
        case_number=f"T-{next(_numbers):05d}",
        beneficiary=person(centre, f"Orang {next(_numbers)}"),
        sentra=centre,
        case_manager=manager,
        setting="residential",
        cluster="disabilitas",
        stage="intervensi" if open_ else "terminasi",
        terminated_on=None if open_ else TODAY,
        termination_reason="" if open_ else "goals_achieved",
    )
    plan = CasePlan.objects.create(case=case, version=1, status="approved", created_by=manager)
    sub = ServiceSubtype.objects.get(code=subtype)
    PlannedService.objects.create(
        plan=plan,
        component=sub.component,
        subtype=sub,
        description="x",
        responsible=manager,
        frequency="weekly",
    )
    return case


def _required(centre: Sentra, code: str) -> int:
    plan = compute_national_plan(today=TODAY, centre_ids=[centre.pk])
    return sum(line.required for line in plan.lines if plan.item_types[line.item_type_id].code == code)


def test_daily_sessions_scale_the_treatment_tables(centre_a: Sentra, make_user: Callable[..., User]) -> None:
    f.clean_slate()
    f.capacity(centre_a, "terapi", "residential", 30)
    table = f.item_type("t-table", 5_000_000)
    f.standard("terapi", table, subtype_code="fisik", minimum=1, basis="daily_sessions", per_unit=8)
    manager = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    case = _case(centre_a, manager, "fisik")
    physio = ServiceSubtype.objects.get(code="fisik")
    therapy = ServiceComponent.objects.get(code="terapi")

    def deliver(count: int, *, days_ago: int, attendance: str = "attended") -> None:
        ServiceDelivery.objects.bulk_create(
            ServiceDelivery(
                case=case,
                delivered_on=TODAY - datetime.timedelta(days=days_ago),
                provider=manager,
                component=therapy,
                subtype=physio,
                attendance=attendance,
                recorded_by=manager,
            )
            for _ in range(count)
        )

    deliver(100, days_ago=3)  # 100 sessions in four weeks = 5 a working day: the minimum of 1 holds
    assert _required(centre_a, "t-table") == 1
    deliver(240, days_ago=10)  # 340 / 20 = 17 a day → ⌈17 / 8⌉ = 3 tables
    deliver(500, days_ago=40)  # outside the four-week window
    deliver(500, days_ago=5, attendance="absent")  # sessions that did not happen
    assert _required(centre_a, "t-table") == 3


def test_open_cases_scale_the_counselling_rooms(centre_a: Sentra, make_user: Callable[..., User]) -> None:
    f.clean_slate()
    f.capacity(centre_a, "terapi", "residential", 30)
    room = f.item_type("t-room", 15_000_000)
    f.standard("terapi", room, subtype_code="psikososial", basis="active_cases", per_unit=2)
    manager = make_user(role=Role.CASE_MANAGER, centres=(centre_a,))
    for _ in range(5):
        _case(centre_a, manager, "psikososial")
    _case(centre_a, manager, "psikososial", open_=False)  # terminated: not in the caseload
    _case(centre_a, manager, "fisik")  # another sub-type
    assert _required(centre_a, "t-room") == 3  # ⌈5 / 2⌉
