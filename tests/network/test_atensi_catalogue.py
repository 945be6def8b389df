"""The ATENSI catalogue arrives with the migrations and is served by the API."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.test import Client
from django.utils import translation

import sentra.network
from sentra.core.models import Role
from sentra.network.models import ServiceComponent, ServiceSubtype
from tests.network.factories import client_for, make_user

pytestmark = pytest.mark.django_db

CATALOGUE = Path(sentra.network.__file__).parent / "data" / "atensi.json"


def test_the_seven_components_are_present_after_migrating() -> None:
    components = list(ServiceComponent.objects.order_by("number"))
    assert [c.number for c in components] == [1, 2, 3, 4, 5, 6, 7]
    assert components[0].name_id == "Dukungan pemenuhan kebutuhan hidup layak"
    assert components[6].name_id == "Dukungan aksesibilitas"
    assert all(c.name_en for c in components)


def test_therapy_and_vocational_components_have_their_sub_types() -> None:
    by_component = {
        number: sorted(ServiceSubtype.objects.filter(component__number=number).values_list("code", flat=True))
        for number in range(1, 8)
    }
    assert by_component[4] == ["fisik", "mental_spiritual", "psikososial"]
    assert by_component[5] == ["kewirausahaan", "vokasional"]
    assert all(not by_component[n] for n in (1, 2, 3, 6, 7))


def test_the_database_matches_the_data_file() -> None:
    data = json.loads(CATALOGUE.read_text(encoding="utf-8"))
    stored = {c.code: (c.number, c.name_id, c.name_en) for c in ServiceComponent.objects.all()}
    assert stored == {c["code"]: (c["number"], c["name_id"], c["name_en"]) for c in data["components"]}


def test_the_label_follows_the_language() -> None:
    therapy = ServiceComponent.objects.get(number=4)
    with translation.override("id"):
        assert therapy.label == "Terapi"
    with translation.override("en"):
        assert therapy.label == "Therapy"


def test_the_api_lists_components_with_sub_types(bekasi) -> None:
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=[bekasi]))
    data = client.get("/api/v1/atensi-components").json()
    assert [item["number"] for item in data] == [1, 2, 3, 4, 5, 6, 7]
    assert {sub["code"] for sub in data[3]["subtypes"]} == {"fisik", "psikososial", "mental_spiritual"}
    assert data[4]["name_en"] == "Vocational training and/or entrepreneurship coaching"


def test_the_api_needs_a_signed_in_user() -> None:
    assert Client().get("/api/v1/atensi-components").status_code == 401
