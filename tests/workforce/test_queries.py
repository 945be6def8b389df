"""List pages read in a fixed number of queries, however many staff a centre has (no N+1)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from sentra.core.models import User
from sentra.workforce import services
from sentra.workforce.models import CredentialKind
from tests.cases.conftest import World, make_person, open_case
from tests.workforce.factories import add_credential, make_staff


def _grow(world: World, count: int) -> None:
    for index in range(count):
        member = make_staff(world.a, profession="perawat" if index % 2 else "psikolog")
        add_credential(member, CredentialKind.OTHER, name="SIPP", expires_in=30 + index)
        services.record_competency_evidence(
            actor=None,
            staff=member,
            competency="elderly-daily-care",
            level=2,
            evidence_kind="training",
            source=f"t{index}",
        )
    open_case(world, make_person(world.a, f"Orang {count}"))


def test_pages_do_not_grow_with_the_staff(
    world: World, client_for: Callable[[User], Client], django_assert_max_num_queries: Any
) -> None:
    client = client_for(world.head_a)
    pages = [
        "/workforce/staff/",
        f"/workforce/centres/{world.a.pk}/matrix/",
        f"/workforce/centres/{world.a.pk}/gaps/",
        f"/workforce/centres/{world.a.pk}/caseload/",
        f"/workforce/centres/{world.a.pk}/performance/",
    ]
    _grow(world, 3)
    small = {}
    for page in pages:
        with django_assert_max_num_queries(60) as captured:
            assert client.get(page).status_code == 200
        small[page] = len(captured.captured_queries)
    _grow(world, 12)
    for page in pages:
        with django_assert_max_num_queries(small[page] + 2):
            assert client.get(page).status_code == 200, page


def test_the_national_view_does_not_grow_with_the_centres(
    world: World, client_for: Callable[[User], Client], django_assert_max_num_queries: Any
) -> None:
    from tests.factories import SentraFactory

    client = client_for(world.analyst)
    with django_assert_max_num_queries(200) as captured:
        assert client.get("/workforce/national/").status_code == 200
    few = len(captured.captured_queries)
    for index in range(4):
        centre = SentraFactory(name=f"Sentra Tambahan {index}")
        make_staff(centre, profession="psikolog")
    with django_assert_max_num_queries(few + 2):
        assert client.get("/workforce/national/").status_code == 200
