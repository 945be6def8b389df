"""The centre list: scoped to the viewer, filterable (also live with htmx), no N+1 queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role
from sentra.network.models import CentreCapacity, ServiceComponent
from tests.network.factories import SentraFactory, client_for, make_user, region

pytestmark = pytest.mark.django_db

URL = reverse("network:centre_list")


@pytest.fixture
def mataram(db):
    return SentraFactory(
        code="paramita-mataram",
        name="Sentra Paramita Mataram",
        kind="lks",
        city="Mataram",
        region=region("52.71", "Kota Mataram"),
        latitude=Decimal("-8.583"),
        longitude=Decimal("116.117"),
        time_zone="Asia/Makassar",
        clusters=["napza"],
    )


def names(client: Client, **params: str) -> set[str]:
    response = client.get(URL, params)
    assert response.status_code == 200
    return {sentra.name for sentra in response.context["page"]}


@pytest.mark.parametrize(
    "role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]
)
def test_centre_staff_see_only_their_centres(role, bekasi, handayani, mataram) -> None:
    client = client_for(make_user(role=role, centres=[bekasi]))
    assert names(client) == {bekasi.name}


def test_staff_of_two_centres_see_both(bekasi, handayani, mataram) -> None:
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=[bekasi, handayani]))
    assert names(client) == {bekasi.name, handayani.name}


@pytest.mark.parametrize("role", [Role.NATIONAL_ANALYST, Role.SYSADMIN])
def test_national_roles_see_every_centre(role, bekasi, handayani, mataram) -> None:
    client = client_for(make_user(role=role))
    assert names(client) == {bekasi.name, handayani.name, mataram.name}


def test_filters_by_kind_province_cluster_and_name(bekasi, handayani, mataram) -> None:
    client = client_for(make_user(role=Role.NATIONAL_ANALYST))
    assert names(client, kind="lks") == {mataram.name}
    assert names(client, province="31") == {handayani.name}
    assert names(client, cluster="napza") == {mataram.name}
    assert names(client, cluster="lansia") == {bekasi.name, handayani.name}
    assert names(client, q="handa") == {handayani.name}
    assert names(client, q="mataram") == {mataram.name}  # the city matches too


def test_filters_never_widen_the_scope(bekasi, handayani) -> None:
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=[bekasi]))
    assert names(client, province="31") == set()
    assert names(client, q="Handayani") == set()


def test_an_unknown_filter_value_is_not_a_crash(bekasi) -> None:
    client = client_for(make_user(role=Role.SYSADMIN))
    response = client.get(URL, {"kind": "castle", "province": "'; drop"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="kind"' in body
    assert 'data-field="province"' in body


def test_live_filtering_returns_only_the_rows(bekasi, handayani) -> None:
    client = client_for(make_user(role=Role.SYSADMIN))
    response = client.get(URL, {"q": "handayani"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert "<html" not in body
    assert 'data-testid="centre-table"' in body
    assert "Sentra Handayani Jakarta" in body
    assert "Pangudi Luhur" not in body


def test_the_row_shows_province_clusters_settings_and_places(bekasi) -> None:
    terapi = ServiceComponent.objects.get(code="terapi")
    CentreCapacity.objects.create(sentra=bekasi, component=terapi, setting="residential", places=40)
    CentreCapacity.objects.create(sentra=bekasi, component=terapi, setting="family", places=25)
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=[bekasi]))
    body = client.get(URL).content.decode()
    assert "Wilayah 32" in body  # the province (placeholder name from the factory)
    assert "Children, Elderly" in body
    assert "Residential, Family-based" in body
    assert "<td>65</td>" in body


def test_only_administrators_get_the_new_centre_button(bekasi) -> None:
    assert (
        reverse("network:centre_create")
        in client_for(make_user(role=Role.SYSADMIN)).get(URL).content.decode()
    )
    head = make_user(role=Role.CENTRE_HEAD, centres=[bekasi])
    assert reverse("network:centre_create") not in client_for(head).get(URL).content.decode()


def test_the_list_does_not_query_per_centre(django_assert_max_num_queries) -> None:
    components = list(ServiceComponent.objects.all())
    for number in range(30):
        centre = SentraFactory(region=region(f"3{number % 6 + 1}.7{number % 3 + 1}", f"Kota {number}"))
        for component in components[:3]:
            CentreCapacity.objects.create(
                sentra=centre, component=component, setting="residential", places=10
            )
    client = client_for(make_user(role=Role.SYSADMIN))
    with django_assert_max_num_queries(10):
        response = client.get(URL)
    assert len(response.context["page"]) == 30


# --- API ---------------------------------------------------------------------------------------------


def test_api_lists_only_visible_centres(bekasi, handayani) -> None:
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=[handayani]))
    data = client.get("/api/v1/centres").json()
    assert data["count"] == 1
    item = data["items"][0]
    assert item["name"] == "Sentra Handayani Jakarta"
    assert item["region_code"] == "31.75"
    assert [node["code"] for node in item["region_path"]] == ["31", "31.75"]
    assert item["time_zone"] == "Asia/Jakarta"
    assert item["latitude"] == pytest.approx(-6.311)


def test_api_filters_and_paginates(bekasi, handayani, mataram) -> None:
    client = client_for(make_user(role=Role.NATIONAL_ANALYST))
    assert client.get("/api/v1/centres", {"cluster": "napza"}).json()["count"] == 1
    assert client.get("/api/v1/centres", {"province": "32"}).json()["count"] == 1
    page = client.get("/api/v1/centres", {"page_size": 2, "page": 2}).json()
    assert (page["count"], page["pages"], len(page["items"])) == (3, 2, 1)


@pytest.mark.parametrize(("field", "value"), [("kind", "castle"), ("cluster", "pirates"), ("province", "3")])
def test_api_bad_filters_name_the_field(bekasi, field: str, value: str) -> None:
    client = client_for(make_user(role=Role.NATIONAL_ANALYST))
    response = client.get("/api/v1/centres", {field: value})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


def test_api_list_does_not_query_per_centre(django_assert_max_num_queries) -> None:
    for number in range(20):
        SentraFactory(region=region(f"3{number % 6 + 1}.7{number % 3 + 1}", f"Kota {number}"))
    client = client_for(make_user(role=Role.SYSADMIN))
    with django_assert_max_num_queries(8):
        data = client.get("/api/v1/centres").json()
    assert data["count"] == 20
