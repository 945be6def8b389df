"""Region search for any signed-in user: by name or code prefix, live (htmx), with the hierarchy path."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role
from sentra.network.models import PATH_SEPARATOR
from tests.network.factories import client_for, make_user

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("region_subset")]

URL = reverse("network:region_search")


@pytest.fixture
def client(bekasi) -> Client:
    return client_for(make_user(role=Role.INTAKE, centres=[bekasi]))


def test_sign_in_is_required() -> None:
    response = Client().get(URL)
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_an_empty_search_lists_the_provinces(client: Client) -> None:
    body = client.get(URL).content.decode()
    assert "38 regions" in body
    assert "Jawa Barat" in body
    assert "Papua Barat Daya" in body
    assert "Bekasi Timur" not in body


def test_search_by_name_shows_where_each_region_lies(client: Client) -> None:
    body = client.get(URL, {"q": "bekasi"}).content.decode()
    assert "Kabupaten Bekasi" in body
    assert "Kota Bekasi" in body
    assert "Bekasi Timur" in body
    assert f"Jawa Barat{PATH_SEPARATOR}Kota Bekasi" in body  # the district's path


def test_search_by_code_prefix(client: Client) -> None:
    body = client.get(URL, {"q": "32.75.01"}).content.decode()
    assert "<code>32.75.01</code>" in body
    assert "<code>32.75.01.1001</code>" in body
    assert "<code>32.75.02</code>" not in body


def test_browsing_a_region_lists_its_children_with_a_breadcrumb(client: Client) -> None:
    body = client.get(URL, {"parent": "32.75"}).content.decode()
    assert "<strong>32.75 Kota Bekasi</strong>" in body
    assert "Bekasi Timur" in body
    assert "Kabupaten Bekasi" not in body


def test_live_search_returns_only_the_results(client: Client) -> None:
    response = client.get(URL, {"q": "denpasar"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert 'data-testid="region-table"' in body
    assert "Kota Denpasar" in body


def test_no_match_says_so(client: Client) -> None:
    body = client.get(URL, {"q": "atlantis"}).content.decode()
    assert "No region matches" in body


def test_a_bad_level_is_ignored_not_a_crash(client: Client) -> None:
    response = client.get(URL, {"q": "bekasi", "level": "9"})
    assert response.status_code == 200


def test_the_page_needs_few_queries(client: Client, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(8):
        body = client.get(URL, {"q": "a"}).content.decode()
    assert "Page 1 of" in body


# --- API ---------------------------------------------------------------------------------------------


def test_api_search_by_name_and_level(client: Client) -> None:
    data = client.get("/api/v1/regions", {"q": "bekasi", "level": 2}).json()
    assert data["count"] == 2
    assert [item["code"] for item in data["items"]] == ["32.16", "32.75"]
    assert data["items"][1]["path"] == [
        {"code": "32", "name": "Jawa Barat", "level": 1},
        {"code": "32.75", "name": "Kota Bekasi", "level": 2},
    ]
    assert data["items"][1]["parent"] == "32"


def test_api_children_of_a_region(client: Client) -> None:
    data = client.get("/api/v1/regions", {"parent": "32.75", "page_size": 5}).json()
    assert data["count"] == 12
    assert data["pages"] == 3
    assert len(data["items"]) == 5
    assert all(item["level"] == 3 for item in data["items"])


def test_api_one_region_by_code(client: Client) -> None:
    data = client.get("/api/v1/regions/32.75.01.1001").json()
    assert data["level"] == 4
    assert [node["code"] for node in data["path"]] == ["32", "32.75", "32.75.01", "32.75.01.1001"]


def test_api_unknown_code_is_404_in_the_error_format(client: Client) -> None:
    response = client.get("/api/v1/regions/99.99")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found.", "errors": []}


def test_api_bad_level_is_422_naming_the_field(client: Client) -> None:
    response = client.get("/api/v1/regions", {"level": 7})
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "level"


def test_api_requires_authentication() -> None:
    assert Client().get("/api/v1/regions").status_code == 401
