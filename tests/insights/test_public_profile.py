"""The head keeps the public contact details of their centre; others cannot; bad input is named."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from sentra.core.models import AuditEvent
from sentra.insights.services.public_profile import PublicContact, public_contact_update
from tests.fixtures import sign_in
from tests.insights.factories import World

pytestmark = pytest.mark.django_db


def test_head_updates_the_public_page(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    assert client.get("/dashboard/public-page/").status_code == 200
    response = client.post(
        "/dashboard/public-page/",
        {"centre": world.a.pk, "walk_in_hours": "Senin-Sabtu 07.30-15.00 WIB", "hotline": "(024) 555-0101",
         "referral_route": "Lewat Dinas Sosial Kota Semarang."},
    )  # fmt: skip
    assert response.status_code == 302
    world.a.refresh_from_db()
    assert world.a.hotline == "(024) 555-0101"
    assert AuditEvent.objects.filter(object_type="network.sentra", object_id=str(world.a.pk)).exists()
    assert "Senin-Sabtu 07.30-15.00 WIB" in Client().get("/layanan/sentra-alpha/").content.decode()


def test_bad_hotline_is_named_and_nothing_is_saved(world: World) -> None:
    client = sign_in(Client(), world.head_a)
    response = client.post(
        "/dashboard/public-page/", {"centre": world.a.pk, "walk_in_hours": "x", "hotline": "call me maybe"}
    )
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    world.a.refresh_from_db()
    assert world.a.walk_in_hours == "Senin-Jumat 08.00-16.00 WIB"
    with pytest.raises(ValidationError) as error:
        public_contact_update(actor=world.head_a, sentra=world.a, data=PublicContact(walk_in_hours="x" * 201))
    assert "walk_in_hours" in error.value.message_dict


def test_only_the_centres_own_head(world: World) -> None:
    with pytest.raises(PermissionDenied):
        public_contact_update(actor=world.head_b, sentra=world.a, data=PublicContact(hotline="123"))
    with pytest.raises(PermissionDenied):
        public_contact_update(actor=world.cm_a, sentra=world.a, data=PublicContact(hotline="123"))
    assert (
        sign_in(Client(), world.head_b).get("/dashboard/public-page/", {"centre": world.a.pk}).status_code
        == 404
    )
    assert sign_in(Client(), world.cm_a).get("/dashboard/public-page/").status_code == 403
