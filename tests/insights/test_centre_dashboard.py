"""The centre dashboard: figures from the rollups, each linking to the scoped list behind it."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from sentra.core.models import Profession, Role
from tests.factories import UserFactory
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def _figure(html: str, name: str) -> str:
    match = re.search(rf'data-figure="{name}">(.*?)</article>', html, re.S)
    assert match, name
    return match.group(1)


def _stat(html: str, name: str) -> str:
    block = _figure(html, name)
    match = re.search(r'class="stat">(?:<a [^>]*>)?([^<]*)', block)
    assert match, name
    return match.group(1).strip()


def test_head_sees_the_hand_computed_figures(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    response = client.get("/dashboard/", {"months": 1})
    assert response.status_code == 200
    html = response.content.decode()
    assert _stat(html, "active") == "3"
    assert _stat(html, "intake") == "3"
    assert _stat(html, "waiting") == "2"
    assert _stat(html, "occupancy") == "20%"  # 1 of 5 beds
    # Indonesian pages write decimals with a comma.
    assert _stat(html, "assessment").replace(",", ".").startswith("5.0")
    assert _stat(html, "plan").replace(",", ".").startswith("10.0")
    assert _stat(html, "referrals") == "2"
    assert "48" in _figure(html, "referrals")
    assert _stat(html, "overdue") == "1"
    assert _stat(html, "ikm") == "82.50"
    assert _stat(html, "complaints") == "100%"  # 1 resolved, on time
    assert 'class="no-data"' in _figure(html, "outcomes")
    assert 'data-testid="cell-lansia-asesmen"' in html


def test_the_figure_links_to_the_matching_list(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    html = client.get("/dashboard/").content.decode()
    link = re.search(r'href="([^"]+)" data-testid="figure-intake"', html)
    assert link
    listing = client.get(link.group(1).replace("&amp;", "&"))
    assert listing.status_code == 200
    assert re.search(r'data-testid="drill-count">3<', listing.content.decode())
    cell = re.search(r'href="([^"]+)" data-testid="cell-lansia-intervensi"', html)
    assert cell
    listing = client.get(cell.group(1).replace("&amp;", "&")).content.decode()
    assert re.search(r'data-testid="drill-count">1<', listing)
    assert world.people[1].full_name in listing


def test_termination_and_service_lists_match_their_figures(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    month = f"{world.m0:%Y-%m}"
    terminated = client.get(f"/dashboard/centres/{world.a.pk}/cases/", {"terminated": month}).content.decode()
    assert re.search(r'data-testid="drill-count">2<', terminated)
    services = client.get(f"/dashboard/centres/{world.a.pk}/services/", {"delivered": month}).content.decode()
    assert re.search(r'data-testid="drill-count">5<', services)
    by_component = client.get(f"/dashboard/centres/{world.a.pk}/services/", {"component": 4}).content.decode()
    assert re.search(r'data-testid="drill-count">2<', by_component)


def test_the_page_reads_rollups_not_raw_tables(world: World, django_assert_max_num_queries: object) -> None:
    client = sign_in(Client(), world.head_a)
    with django_assert_max_num_queries(20):  # type: ignore[operator]
        client.get("/dashboard/")


def test_another_centre_is_404_and_other_roles_are_refused(world: World) -> None:
    client = sign_in(Client(), world.head_b)
    assert client.get("/dashboard/", {"centre": world.a.pk}).status_code == 404
    assert client.get(f"/dashboard/centres/{world.a.pk}/cases/").status_code == 404
    assert client.get(f"/dashboard/centres/{world.a.pk}/services/").status_code == 404
    assert client.get(f"/dashboard/centres/{world.a.pk}/cases.csv").status_code == 404
    for role in (Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.HR, Role.NATIONAL_ANALYST):
        extra = {"profession": Profession.PSIKOLOG} if role == Role.PROFESSIONAL else {}
        user = UserFactory(role=role, centres=[] if role == Role.NATIONAL_ANALYST else [world.a], **extra)
        assert sign_in(Client(), user).get("/dashboard/").status_code == 403, role
    professional = UserFactory(role=Role.PROFESSIONAL, centres=[world.a], profession=Profession.PSIKOLOG)
    assert sign_in(Client(), professional).get(f"/dashboard/centres/{world.a.pk}/cases/").status_code == 404


def test_an_empty_centre_says_no_data_yet(world: World) -> None:
    from tests.factories import SentraFactory

    empty = SentraFactory(code="kosong")
    head = UserFactory(role=Role.CENTRE_HEAD, centres=[empty])
    html = sign_in(Client(), head).get("/dashboard/").content.decode()
    assert 'data-testid="no-rollup"' in html


def test_national_dashboard_suppresses_small_cells(world: World) -> None:
    client = sign_in(Client(), world.analyst)
    response = client.get("/dashboard/national/")
    assert response.status_code == 200
    html = response.content.decode()
    table = re.search(r'data-testid="national-table">(.*?)</table>', html, re.S)
    assert table
    assert "&lt;5" in table.group(1)
    # No people count under five is printed as a number in the counts columns.
    for row in re.findall(r'<tr data-centre="[^"]+">(.*?)</tr>', table.group(1), re.S):
        counts = re.findall(r"<td>(.*?)</td>", row, re.S)[2:7]
        assert len(counts) == 5
        for cell in counts:
            assert "&lt;5" in cell or int(cell.strip()) >= 5
    assert sign_in(Client(), world.head_a).get("/dashboard/national/").status_code == 403


def test_national_filters_and_ranking(world: World) -> None:
    client = sign_in(Client(), world.analyst)
    html = client.get("/dashboard/national/", {"province": "33"}).content.decode()
    assert 'data-centre="sentra-alpha"' in html
    assert 'data-centre="sentra-beta"' not in html
    html = client.get(
        "/dashboard/national/", {"cluster": "napza", "rank": "ikm", "months": "3"}
    ).content.decode()
    assert 'data-centre="sentra-beta"' in html
    assert 'data-centre="sentra-alpha"' not in html
    assert client.get("/dashboard/national/", {"months": "abc", "rank": "x", "kind": "?"}).status_code == 200
