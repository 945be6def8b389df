"""Demand counts the people on the centre's waiting list as well as those with an open case (read from
the cases app); a person on both, or waiting for two things, counts once; removed entries do not count."""

from __future__ import annotations

import pytest

from sentra.cases.models import WaitingFor
from sentra.cases.services.waiting import waiting_add, waiting_remove
from sentra.workforce import selectors
from tests.cases.conftest import World, make_person, open_case

pytestmark = pytest.mark.django_db


def _peksos_demand(world: World) -> tuple[int, int]:
    report = selectors.gap_report(world.a.pk)
    peksos = next(g for g in report.profession_gaps if g.profession == "pekerja_sosial")
    return report.beneficiaries, peksos.beneficiaries_needing


def test_waiting_people_are_demand_and_count_once(world: World) -> None:
    served = make_person(world.a, "Siti Lansia")
    open_case(world, served)
    assert _peksos_demand(world) == (1, 1)
    waiting = make_person(world.a, "Budi Menunggu")
    entry = waiting_add(
        actor=world.intake_a, sentra=world.a, beneficiary=waiting, waiting_for=WaitingFor.PLACE
    )
    # the person with a case also waits for a place: still one person
    waiting_add(actor=world.intake_a, sentra=world.a, beneficiary=served, waiting_for=WaitingFor.PLACE)
    assert _peksos_demand(world) == (2, 2)
    # another centre's waiting list is not this centre's demand
    elsewhere = make_person(world.b, "Dewi Lain")
    waiting_add(actor=world.cm_b, sentra=world.b, beneficiary=elsewhere, waiting_for=WaitingFor.PLACE)
    assert _peksos_demand(world) == (2, 2)
    waiting_remove(actor=world.intake_a, entry=entry, reason="withdrawn")
    assert _peksos_demand(world) == (1, 1)
