"""The centre page: 404 for centres the viewer may not see; staff accounts only for heads, HR, admins."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sentra.core.models import Role
from sentra.network.models import PATH_SEPARATOR, CentreCapacity, ServiceComponent
from tests.network.factories import client_for, make_user, region

pytestmark = pytest.mark.django_db


def url(centre) -> str:
    return reverse("network:centre_detail", args=[centre.pk])


@pytest.mark.parametrize(
    "role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]
)
def test_another_centres_page_is_404(role, bekasi, handayani) -> None:
    client = client_for(make_user(role=role, centres=[bekasi]))
    assert client.get(url(handayani)).status_code == 404
    assert client.get(f"/api/v1/centres/{handayani.pk}").status_code == 404
    assert client.get(url(bekasi)).status_code == 200


def test_unknown_centre_is_404_too(bekasi) -> None:
    client = client_for(make_user(role=Role.SYSADMIN))
    assert client.get(reverse("network:centre_detail", args=[987654])).status_code == 404
    response = client.get("/api/v1/centres/987654")
    assert response.status_code == 404
    assert response.json()["detail"] == "Not found."


def test_the_page_shows_the_centre_and_its_capacity(bekasi) -> None:
    province = region("32")
    province.name = "Jawa Barat"
    province.save()
    terapi = ServiceComponent.objects.get(code="terapi")
    CentreCapacity.objects.create(sentra=bekasi, component=terapi, setting="residential", places=40)
    CentreCapacity.objects.create(sentra=bekasi, component=terapi, setting="family", places=15)
    client = client_for(make_user(role=Role.CASE_MANAGER, centres=[bekasi]))
    body = client.get(url(bekasi)).content.decode()
    assert "Sentra Terpadu Pangudi Luhur Bekasi" in body
    assert f"Jawa Barat{PATH_SEPARATOR}Kota Bekasi" in body
    assert "WIB (UTC+7)" in body
    assert "-6.234900, 107.005800" in body
    assert "Children, Elderly" in body
    assert "4. Therapy" in body
    assert "<td>55</td>" in body  # the row total for therapy
    assert 'data-testid="member-table"' not in body  # a social worker does not see the staff list


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.HR])
def test_head_and_hr_see_the_staff_of_their_centre(role, bekasi) -> None:
    colleague = make_user(role=Role.PROFESSIONAL, centres=[bekasi], username="psikolog.bekasi")
    client = client_for(make_user(role=role, centres=[bekasi]))
    body = client.get(url(bekasi)).content.decode()
    assert 'data-testid="member-table"' in body
    assert colleague.username in body
    assert "Other professional (Psychologist)" in body


def test_administrators_see_any_centres_staff_analysts_do_not(bekasi) -> None:
    make_user(role=Role.INTAKE, centres=[bekasi], username="intake.bekasi")
    admin_body = client_for(make_user(role=Role.SYSADMIN)).get(url(bekasi)).content.decode()
    assert "intake.bekasi" in admin_body
    analyst = client_for(make_user(role=Role.NATIONAL_ANALYST)).get(url(bekasi))
    assert analyst.status_code == 200
    assert "intake.bekasi" not in analyst.content.decode()


def test_api_detail_includes_capacity(bekasi) -> None:
    component = ServiceComponent.objects.get(number=1)
    CentreCapacity.objects.create(sentra=bekasi, component=component, setting="residential", places=120)
    client = client_for(make_user(role=Role.NATIONAL_ANALYST))
    data = client.get(f"/api/v1/centres/{bekasi.pk}").json()
    assert data["capacities"] == [
        {"component": "kebutuhan_hidup_layak", "component_number": 1, "setting": "residential", "places": 120}
    ]
    assert data["total_places"] == 120
