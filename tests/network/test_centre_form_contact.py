"""The administrator's centre form shows and saves the public contact fields (walk-in hours, hotline,
referral route) through the same rules as the centre head's page; a refused field saves nothing."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditAction, AuditEvent, Role
from sentra.network.models import Sentra
from tests.network.factories import centre_form_data, client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(bekasi: Sentra) -> Client:  # bekasi: tests/network/conftest.py
    return client_for(make_user(role=Role.SYSADMIN, username="admin"))


def _data(centre: Sentra, **contact: str) -> dict[str, object]:
    data = centre_form_data(
        code=centre.code,
        name=centre.name,
        latitude="-6.234900",
        longitude="107.005800",
        address="",
        phone="",
        city="Bekasi",
        provenance="invented",
    )
    return {**data, **contact}


def test_the_form_shows_the_current_values(admin_client: Client, bekasi: Sentra) -> None:
    Sentra.objects.filter(pk=bekasi.pk).update(
        walk_in_hours="Senin-Jumat 08.00-16.00", hotline="021 555 1234"
    )
    page = admin_client.get(reverse("network:centre_edit", args=[bekasi.pk])).content.decode()
    assert 'data-testid="public-contact"' in page
    assert 'value="Senin-Jumat 08.00-16.00"' in page
    assert 'value="021 555 1234"' in page
    assert 'name="referral_route"' in page


def test_saving_the_contact_fields_is_audited(admin_client: Client, bekasi: Sentra) -> None:
    url = reverse("network:centre_edit", args=[bekasi.pk])
    data = _data(
        bekasi, walk_in_hours="Senin-Jumat 08.00-16.00", hotline="(021) 555-1234", referral_route="Dinsos"
    )
    assert admin_client.post(url, data).status_code == 302
    bekasi.refresh_from_db()
    assert (bekasi.walk_in_hours, bekasi.hotline, bekasi.referral_route) == (
        "Senin-Jumat 08.00-16.00",
        "(021) 555-1234",
        "Dinsos",
    )
    event = AuditEvent.objects.get(object_type="network.sentra", action=AuditAction.UPDATE)
    assert set(event.changes) == {"walk_in_hours", "hotline", "referral_route"}


def test_a_bad_hotline_is_named_and_nothing_is_saved(admin_client: Client, bekasi: Sentra) -> None:
    url = reverse("network:centre_edit", args=[bekasi.pk])
    data = {**_data(bekasi, hotline="call us!", walk_in_hours="Senin"), "name": "Renamed centre"}
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert 'data-field="hotline"' in response.content.decode()
    bekasi.refresh_from_db()
    assert bekasi.name != "Renamed centre"  # the centre's own change is rolled back too
    assert bekasi.walk_in_hours == ""
    assert not AuditEvent.objects.filter(object_type="network.sentra").exists()
