"""The registry API: registration with field errors, the search-first check, NIK validation, detail."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client

from sentra.beneficiaries.models import Beneficiary
from sentra.core.models import AccessLogEntry, Role, User
from sentra.network.models import Sentra
from tests.beneficiaries.factories import nik_for, person

pytestmark = pytest.mark.django_db

BORN = datetime.date(1965, 12, 25)
JSON = "application/json"


@pytest.fixture
def client(client_for: Callable[[User], Client], personas: dict[str, User]) -> Client:
    return client_for(personas[Role.INTAKE])


def body(**fields: object) -> dict[str, object]:
    values: dict[str, object] = {
        "full_name": "Yohanes Bessie",
        "sex": "M",
        "intake_channel": "hospital",
        "birth_date": BORN.isoformat(),
        "nik": nik_for(BORN, district="53.71.02"),
    }
    values.update(fields)
    return values


def fields_of(response: object) -> set[str]:
    return {error["field"] for error in response.json()["errors"]}  # type: ignore[attr-defined]


def test_register_through_the_api(client: Client, centre_a: Sentra) -> None:
    response = client.post(
        "/api/v1/beneficiaries", body(aliases=["Yan"], clusters=["lansia"]), content_type=JSON
    )
    assert response.status_code == 201, response.json()
    data = response.json()
    assert data["registered_sentra"] == {"id": centre_a.pk, "name": centre_a.name}
    assert data["nik_masked"].startswith("5371")
    assert "•" in data["nik_masked"]
    assert data["withheld"] == ["health"]
    assert Beneficiary.objects.get().aliases == ["Yan"]


def test_every_bad_field_is_a_422_with_its_name(client: Client) -> None:
    response = client.post(
        "/api/v1/beneficiaries",
        body(
            nik="5371013205650000",
            sex="Q",
            intake_channel="",
            kk_number="12",
            clusters=["x"],
            region_code="00",
        ),
        content_type=JSON,
    )
    assert response.status_code == 422
    assert fields_of(response) == {"nik", "sex", "intake_channel", "kk_number", "clusters", "region"}
    typed = client.post(
        "/api/v1/beneficiaries", body(birth_date="1965-13-01", estimated_age="old"), content_type=JSON
    )
    assert typed.status_code == 422
    assert fields_of(typed) == {"birth_date", "estimated_age"}
    missing = client.post("/api/v1/beneficiaries", {}, content_type=JSON)
    assert missing.status_code == 422
    assert {"full_name", "sex", "intake_channel"} <= fields_of(missing)
    not_json = client.post("/api/v1/beneficiaries", "{nope", content_type=JSON)
    assert not_json.status_code in (400, 422)
    assert not Beneficiary.objects.exists()


def test_look_alikes_need_confirmation_through_the_api(client: Client, centre_a: Sentra) -> None:
    person(centre_a, "Yohanes Bessie", birth_date=BORN)
    check = client.post(
        "/api/v1/beneficiaries/check",
        {"full_name": "Johanes Besie", "birth_date": BORN.isoformat()},
        content_type=JSON,
    )
    assert check.status_code == 200
    candidates = check.json()["candidates"]
    assert candidates[0]["full_name"] == "Yohanes Bessie"
    assert candidates[0]["reasons"][0]["text"]
    refused = client.post("/api/v1/beneficiaries", body(full_name="Johanes Besie"), content_type=JSON)
    assert refused.status_code == 422
    assert fields_of(refused) == {"confirm_new_person"}
    accepted = client.post(
        "/api/v1/beneficiaries", body(full_name="Johanes Besie", confirm_new_person=True), content_type=JSON
    )
    assert accepted.status_code == 201


def test_the_check_reports_a_nik_held_elsewhere_without_details(client: Client, centre_b: Sentra) -> None:
    hidden = person(centre_b, "Orang Sentra B", nik=nik_for(BORN), birth_date=BORN)
    data = client.post("/api/v1/beneficiaries/check", {"nik": hidden.nik}, content_type=JSON).json()
    assert data["nik_holder"] is None
    assert "another centre" in data["nik_elsewhere"]
    assert "Orang Sentra B" not in str(data)
    assert AccessLogEntry.objects.filter(object_id=str(hidden.pk), sentra_id=centre_b.pk).count() == 1


def test_nik_validate_is_stateless(client: Client) -> None:
    data = client.post("/api/v1/nik/validate", {"nik": "3602041211870001"}, content_type=JSON).json()
    assert (data["valid"], data["birth_date"], data["sex"], data["province_code"]) == (
        True,
        "1987-11-12",
        "M",
        "36",
    )
    bad = client.post("/api/v1/nik/validate", {"nik": "3602044011870000"}, content_type=JSON).json()
    assert bad["valid"] is False
    assert bad["errors"] == ["day_out_of_range", "serial_0000"]
    assert len(bad["messages"]) == 2
    assert client.post("/api/v1/nik/validate", {}, content_type=JSON).status_code == 422


def test_identifiers_are_logged_and_only_for_roles_that_need_them(
    client_for: Callable[[User], Client], personas: dict[str, User], centre_a: Sentra
) -> None:
    record = person(
        centre_a, "Yohanes Bessie", nik=nik_for(BORN), birth_date=BORN, kk_number="5371020101010001"
    )
    url = f"/api/v1/beneficiaries/{record.pk}/identifiers"
    assert client_for(personas[Role.PROFESSIONAL]).get(url).status_code == 403
    data = client_for(personas[Role.CASE_MANAGER]).get(url).json()
    assert data == {"nik": record.nik, "kk_number": "5371020101010001"}
    assert AccessLogEntry.objects.get().category == "identifiers"
    assert (
        client_for(personas[Role.CASE_MANAGER])
        .get(f"/api/v1/beneficiaries/{record.pk}/sensitive")
        .status_code
        == 422
    )


def test_a_multi_centre_worker_chooses_the_centre(
    client_for: Callable[[User], Client], make_user: Callable[..., User], centre_a: Sentra, centre_b: Sentra
) -> None:
    worker = make_user(role=Role.CASE_MANAGER, centres=(centre_a, centre_b))
    client = client_for(worker)
    assert fields_of(client.post("/api/v1/beneficiaries", body(), content_type=JSON)) == {"sentra_id"}
    other = make_user(role=Role.CASE_MANAGER, centres=())
    assert client.post("/api/v1/beneficiaries", body(sentra_id=999999), content_type=JSON).status_code == 422
    assert (
        client.post("/api/v1/beneficiaries", body(sentra_id=centre_b.pk), content_type=JSON).status_code
        == 201
    )
    assert client_for(other).post("/api/v1/beneficiaries", body(), content_type=JSON).status_code == 422
    assert (
        client_for(make_user(role=Role.HR, centres=(centre_a,)))
        .post("/api/v1/beneficiaries", body(), content_type=JSON)
        .status_code
        == 403
    )
