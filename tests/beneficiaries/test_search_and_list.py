"""The list page and search: by NIK, registration number and fuzzy name; filters; query counts."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import nik_for, person

pytestmark = pytest.mark.django_db

BORN = datetime.date(1988, 8, 8)


@pytest.fixture
def people(centre_a: Sentra) -> dict[str, object]:
    return {
        "yusuf": person(centre_a, "Muhammad Yusuf", nik=nik_for(BORN), birth_date=BORN, clusters=["napza"]),
        "siti": person(centre_a, "Siti Nurhaliza", sex="F", clusters=["lansia"]),
        "joko": person(centre_a, "Djoko Susilo", aliases=["Pak Jo"]),
        "other": person(centre_a, "Wayan Sudarta"),
    }


def rows(client: Client, **query: str) -> list[str]:
    response = client.get("/beneficiaries/", query)
    assert response.status_code == 200
    table = response.content.decode().split('data-testid="beneficiary-table"')[1]
    return [
        chunk.split("</a>")[0].split(">")[-1] for chunk in table.split('data-testid="beneficiary-row"')[1:]
    ]


@pytest.fixture
def client(client_for: Callable[[User], Client], personas: dict[str, User]) -> Client:
    return client_for(personas[Role.INTAKE])


def test_search_by_nik_number_and_name(client: Client, people: dict) -> None:
    yusuf = people["yusuf"]
    assert rows(client, q=yusuf.nik) == ["Muhammad Yusuf"]
    assert rows(client, q=f"{yusuf.nik[:6]} {yusuf.nik[6:12]}-{yusuf.nik[12:]}") == ["Muhammad Yusuf"]
    assert rows(client, q=yusuf.registration_number.lower().replace("-", "")) == ["Muhammad Yusuf"]
    assert rows(client, q=str(yusuf.pk)) == ["Muhammad Yusuf"]
    assert rows(client, q="Moh. Jusuf")[0] == "Muhammad Yusuf"
    assert rows(client, q="st nur haliza")[0] == "Siti Nurhaliza"
    assert rows(client, q="Joko Susilo")[0] == "Djoko Susilo"
    assert rows(client, q="pak jo")[0] == "Djoko Susilo"
    assert rows(client, q="Zzyzx Qwerty") == []


def test_filters_and_bad_filter_values(client: Client, people: dict) -> None:
    assert rows(client, sex="F") == ["Siti Nurhaliza"]
    assert rows(client, cluster="napza") == ["Muhammad Yusuf"]
    bad = client.get("/beneficiaries/", {"sex": "Q", "cluster": "aliens"})
    assert bad.status_code == 200
    assert {"sex", "cluster"} <= set(bad.context["form"].errors)
    api = client.get("/api/v1/beneficiaries", {"sex": "Q", "cluster": "aliens"})
    assert api.status_code == 422
    assert {error["field"] for error in api.json()["errors"]} == {"sex", "cluster"}


def test_the_list_page_runs_a_fixed_number_of_queries(
    client: Client, centre_a: Sentra, django_assert_max_num_queries: Callable[..., object]
) -> None:
    for index in range(30):
        person(centre_a, f"Orang Nomor {index}", nik=nik_for(BORN, serial=5000 + index), birth_date=BORN)
    with django_assert_max_num_queries(12):
        assert client.get("/beneficiaries/").status_code == 200
    with django_assert_max_num_queries(12):
        assert client.get("/beneficiaries/", {"q": "orang nomer"}).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/beneficiaries", {"page_size": 30}).status_code == 200


def test_htmx_gets_only_the_rows(client: Client, people: dict) -> None:
    response = client.get("/beneficiaries/", {"q": "siti"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "<html" not in html
    assert "Siti Nurhaliza" in html


def test_api_search_returns_match_scores_and_masked_niks(client: Client, people: dict) -> None:
    items = client.get("/api/v1/beneficiaries", {"q": "Mohamad Yusuf"}).json()["items"]
    assert items[0]["full_name"] == "Muhammad Yusuf"
    assert items[0]["match_score"] == 100
    assert "••••" in items[0]["nik_masked"]
    assert people["yusuf"].nik not in str(items)
    listed = client.get("/api/v1/beneficiaries").json()
    assert listed["count"] == 4
    assert all(item["match_score"] is None for item in listed["items"])


def test_merged_records_leave_the_list(client: Client, people: dict) -> None:
    people["other"].merged_into = people["joko"]
    people["other"].save()
    assert "Wayan Sudarta" not in rows(client)
