"""Creating and editing centres: administrators only, every rule reported on its field, nothing half-saved."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditAction, AuditEvent, Role
from sentra.network import services
from sentra.network.models import CentreCapacity, Sentra
from tests.network.factories import centre_form_data as form_data
from tests.network.factories import client_for, make_user, region

pytestmark = pytest.mark.django_db

CREATE = reverse("network:centre_create")
CENTRE_ROLES = [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]


@pytest.fixture
def admin_client(bekasi) -> Client:
    return client_for(make_user(role=Role.SYSADMIN, username="admin"))


def centre_writes() -> int:
    return AuditEvent.objects.filter(object_type__in=["network.sentra", "network.centrecapacity"]).count()


# --- who may ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", [*CENTRE_ROLES, Role.NATIONAL_ANALYST])
def test_only_administrators_may_create(role, bekasi) -> None:
    client = client_for(make_user(role=role, centres=[bekasi] if role in CENTRE_ROLES else []))
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, form_data()).status_code == 403
    assert not Sentra.objects.filter(code="sentra-baru").exists()


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_editing_a_visible_centre_is_403_and_an_invisible_one_404(role, bekasi, handayani) -> None:
    client = client_for(make_user(role=role, centres=[bekasi]))
    assert client.get(reverse("network:centre_edit", args=[bekasi.pk])).status_code == 403
    assert (
        client.post(reverse("network:centre_edit", args=[bekasi.pk]), form_data(code=bekasi.code)).status_code
        == 403
    )
    assert client.get(reverse("network:centre_edit", args=[handayani.pk])).status_code == 404


def test_an_analyst_sees_every_centre_but_edits_none(bekasi) -> None:
    client = client_for(make_user(role=Role.NATIONAL_ANALYST))
    assert client.get(reverse("network:centre_edit", args=[bekasi.pk])).status_code == 403


def test_an_administrator_edits_any_centre(admin_client, bekasi, handayani) -> None:
    assert admin_client.get(reverse("network:centre_edit", args=[handayani.pk])).status_code == 200
    assert admin_client.get(reverse("network:centre_edit", args=[987654])).status_code == 404


def test_the_service_refuses_other_roles_too(bekasi) -> None:
    head = make_user(role=Role.CENTRE_HEAD, centres=[bekasi])
    data = services.CentreInput(
        code="x",
        name="X",
        kind="sentra",
        region_code="32.75",
        latitude=Decimal("-6.2"),
        longitude=Decimal("107"),
        time_zone="Asia/Jakarta",
        clusters=["anak"],
        settings_offered=["family"],
    )
    with pytest.raises(PermissionDenied):
        services.centre_create(actor=head, data=data)
    with pytest.raises(PermissionDenied):
        services.capacity_set(actor=head, sentra=bekasi, places={})


# --- create and edit ---------------------------------------------------------------------------------


def test_an_administrator_creates_a_centre_audited_with_its_id(admin_client) -> None:
    response = admin_client.post(
        CREATE, form_data(**{"capacity-0-residential": "80", "capacity-2-family": "120"})
    )
    sentra = Sentra.objects.get(code="sentra-baru")
    assert response.status_code == 302
    assert response["Location"] == reverse("network:centre_detail", args=[sentra.pk])
    assert sentra.region_id == "32.75"
    assert sentra.latitude == Decimal("-6.25")
    assert sentra.clusters == ["anak", "lansia"]
    assert sentra.provenance == "entered"
    cells = set(
        CentreCapacity.objects.filter(sentra=sentra).values_list("component__number", "setting", "places")
    )
    assert cells == {(1, "residential", 80), (3, "family", 120)}
    created = AuditEvent.objects.get(object_type="network.sentra", action=AuditAction.CREATE)
    assert created.sentra_id == sentra.pk
    assert created.actor_label == "admin"
    assert created.changes["name"] == [None, "Sentra Baru Bekasi"]
    capacity_events = AuditEvent.objects.filter(object_type="network.centrecapacity")
    assert capacity_events.count() == 2
    assert set(capacity_events.values_list("sentra_id", flat=True)) == {sentra.pk}


def test_an_edit_is_audited_with_what_changed(admin_client, bekasi) -> None:
    url = reverse("network:centre_edit", args=[bekasi.pk])
    page = admin_client.get(url).content.decode()
    assert 'value="Sentra Terpadu Pangudi Luhur Bekasi"' in page
    data = form_data(
        code=bekasi.code,
        name="Sentra Terpadu Pangudi Luhur",
        latitude="-6.234900",
        longitude="107.005800",
        address="",
        phone="",
        clusters=["anak", "lansia"],
        provenance="invented",
    )
    assert admin_client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(object_type="network.sentra", action=AuditAction.UPDATE)
    assert event.sentra_id == bekasi.pk
    assert event.changes == {"name": ["Sentra Terpadu Pangudi Luhur Bekasi", "Sentra Terpadu Pangudi Luhur"]}


def test_saving_without_changes_writes_no_audit_row(admin_client, bekasi) -> None:
    url = reverse("network:centre_edit", args=[bekasi.pk])
    data = form_data(
        code=bekasi.code,
        name=bekasi.name,
        latitude="-6.234900",
        longitude="107.005800",
        address="",
        phone="",
        city="Bekasi",
        provenance="invented",
    )
    assert admin_client.post(url, data).status_code == 302
    assert centre_writes() == 0


# --- validation ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "overrides", "message"),
    [
        ("latitude", {"latitude": "20"}, "The latitude must lie within Indonesia, between -11 and 6."),
        ("longitude", {"longitude": "80.5"}, "The longitude must lie within Indonesia, between 94 and 142."),
        ("latitude", {"latitude": "abc"}, "Enter a number."),
        ("region", {"region": "99.99"}, "No Kemendagri region has the code &#x27;99.99&#x27;"),
        ("region", {"region": "32"}, "not a whole province"),
        ("time_zone", {"time_zone": "Asia/Makassar"}, "Centres in Wilayah 32 keep WIB (UTC+7)."),
        ("time_zone", {"time_zone": "Europe/Paris"}, "Select a valid choice."),
        (
            "clusters",
            {"clusters": ["pirates"]},
            "Select a valid choice. pirates is not one of the available choices.",
        ),
        ("settings_offered", {"settings_offered": []}, "This field is required."),
        ("kind", {"kind": "castle"}, "Select a valid choice."),
        ("code", {"code": "not a slug!"}, "slug"),
        ("code", {"code": "pangudi-luhur-bekasi"}, "already exists"),
        ("email", {"email": "nope"}, "Enter a valid email address."),
        ("phone", {"phone": "call me"}, "Use digits, spaces, brackets or dashes."),
        ("name", {"name": ""}, "This field is required."),
    ],
)
def test_bad_input_names_the_field_and_saves_nothing(admin_client, field, overrides, message) -> None:
    response = admin_client.post(CREATE, form_data(**overrides))
    body = response.content.decode()
    assert response.status_code == 200
    assert f'data-field="{field}"' in body
    assert message in body
    assert "Nothing was saved." in body
    assert not Sentra.objects.filter(name="Sentra Baru Bekasi").exists()
    assert centre_writes() == 0


def test_all_problems_are_reported_at_once(admin_client) -> None:
    response = admin_client.post(
        CREATE, form_data(time_zone="Asia/Jayapura", latitude="9", **{"capacity-3-community": "10"})
    )
    body = response.content.decode()
    assert 'data-field="time_zone"' in body
    assert 'data-field="latitude"' in body
    assert 'data-field="capacity-3-community"' in body
    assert not Sentra.objects.filter(code="sentra-baru").exists()


def test_a_tampered_form_is_an_error_not_a_crash(admin_client) -> None:
    data = form_data()
    del data["capacity-TOTAL_FORMS"]
    response = admin_client.post(CREATE, data)
    assert response.status_code == 200
    assert not Sentra.objects.filter(code="sentra-baru").exists()
    response = admin_client.post(CREATE, form_data(**{"capacity-1-component": "unknown"}))
    assert response.status_code == 200
    assert "Unknown ATENSI component." in response.content.decode()


def test_an_invalid_edit_leaves_the_centre_as_it_was(admin_client, bekasi) -> None:
    region("52.71", "Kota Mataram")
    url = reverse("network:centre_edit", args=[bekasi.pk])
    response = admin_client.post(url, form_data(code=bekasi.code, name="Renamed", region="52.71"))
    assert response.status_code == 200
    assert 'data-field="time_zone"' in response.content.decode()  # Nusa Tenggara Barat keeps WITA
    bekasi.refresh_from_db()
    assert bekasi.name == "Sentra Terpadu Pangudi Luhur Bekasi"
    assert bekasi.region_id == "32.75"
    assert centre_writes() == 0
