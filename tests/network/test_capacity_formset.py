"""Editing a centre's capacity table: one row per ATENSI component, one cell per setting."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sentra.core.models import AuditAction, AuditEvent, Role
from sentra.network import services
from sentra.network.models import CentreCapacity, ServiceComponent
from tests.network.factories import centre_form_data as form_data
from tests.network.factories import client_for, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return make_user(role=Role.SYSADMIN, username="admin")


def cells(centre) -> set[tuple[int, str, int]]:
    return set(
        CentreCapacity.objects.filter(sentra=centre).values_list("component__number", "setting", "places")
    )


def edit_data(centre, **cells_and_fields):
    return form_data(
        code=centre.code,
        name=centre.name,
        latitude=str(centre.latitude),
        longitude=str(centre.longitude),
        address="",
        phone="",
        provenance="invented",
        **cells_and_fields,
    )


def test_the_edit_page_shows_every_component_with_current_places(admin, bekasi) -> None:
    services.capacity_set(actor=admin, sentra=bekasi, places={("terapi", "residential"): 45})
    body = client_for(admin).get(reverse("network:centre_edit", args=[bekasi.pk])).content.decode()
    assert body.count('name="capacity-') >= 7 * 4
    assert 'name="capacity-3-residential" value="45"' in body
    for component in ServiceComponent.objects.all():
        assert f"{component.number}. {component.name_en}" in body


def test_cells_are_added_changed_and_cleared_with_an_audit_row_each(admin, bekasi) -> None:
    services.capacity_set(
        actor=admin,
        sentra=bekasi,
        places={("terapi", "residential"): 45, ("dukungan_keluarga", "family"): 60},
    )
    before = AuditEvent.objects.filter(object_type="network.centrecapacity").count()
    data = edit_data(bekasi, **{"capacity-3-residential": "50", "capacity-0-residential": "100"})
    response = client_for(admin).post(reverse("network:centre_edit", args=[bekasi.pk]), data)
    assert response.status_code == 302
    assert cells(bekasi) == {(4, "residential", 50), (1, "residential", 100)}
    events = AuditEvent.objects.filter(object_type="network.centrecapacity").order_by("id")[before:]
    actions = sorted(event.action for event in events)
    assert actions == sorted([AuditAction.CREATE, AuditAction.UPDATE, AuditAction.DELETE])
    assert {event.sentra_id for event in events} == {bekasi.pk}
    update = next(event for event in events if event.action == AuditAction.UPDATE)
    assert update.changes == {"places": [45, 50]}


def test_a_setting_the_centre_does_not_offer_cannot_have_places(admin, bekasi) -> None:
    data = edit_data(bekasi, **{"capacity-2-community": "30"})
    response = client_for(admin).post(reverse("network:centre_edit", args=[bekasi.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-field="capacity-2-community"' in body
    assert "does not offer the Community-based setting" in body
    assert cells(bekasi) == set()


def test_offering_the_setting_in_the_same_save_allows_its_places(admin, bekasi) -> None:
    data = edit_data(
        bekasi, settings_offered=["residential", "family", "community"], **{"capacity-2-community": "30"}
    )
    assert client_for(admin).post(reverse("network:centre_edit", args=[bekasi.pk]), data).status_code == 302
    bekasi.refresh_from_db()
    assert "community" in bekasi.settings_offered
    assert cells(bekasi) == {(3, "community", 30)}


@pytest.mark.parametrize(
    ("value", "message"), [("-5", "greater than or equal to 0"), ("lots", "Enter a whole number.")]
)
def test_bad_numbers_are_reported_on_their_cell(admin, bekasi, value, message) -> None:
    data = edit_data(bekasi, **{"capacity-5-family": value})
    response = client_for(admin).post(reverse("network:centre_edit", args=[bekasi.pk]), data)
    body = response.content.decode()
    assert 'data-field="capacity-5-family"' in body
    assert message in body
    assert cells(bekasi) == set()


def test_the_service_validates_every_cell(admin, bekasi) -> None:
    with pytest.raises(ValidationError) as caught:
        services.capacity_set(
            actor=admin,
            sentra=bekasi,
            places={("nope", "family"): 3, ("terapi", "family"): -1, ("terapi", "residential"): 10_000_000},
        )
    assert set(caught.value.message_dict) == {
        "capacity:nope:family",
        "capacity:terapi:family",
        "capacity:terapi:residential",
    }
    assert cells(bekasi) == set()


def test_setting_the_same_table_twice_changes_nothing(admin, bekasi) -> None:
    table = {("terapi", "residential"): 45, ("dukungan_keluarga", "family"): 60}
    first = services.capacity_set(actor=admin, sentra=bekasi, places=table)
    count = AuditEvent.objects.count()
    second = services.capacity_set(actor=admin, sentra=bekasi, places=table)
    assert (first.created, second.changed) == (2, False)
    assert AuditEvent.objects.count() == count
