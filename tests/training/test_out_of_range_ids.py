"""An id beyond what the database can hold is an invalid choice (400), never a 500 (SQLite overflow)."""

from __future__ import annotations

from django.test import Client

from sentra.training.models import OverseasProgramme, TrainingSession
from tests.fixtures import sign_in
from tests.training.conftest import Net

BIG = "99999999999999999999"


def test_programme_form_refuses_an_out_of_range_centre(net: Net, client: Client) -> None:
    sign_in(client, net.hr_a)
    response = client.post(
        "/training/overseas/new/",
        {"sentra": net.a.pk, "centres": [net.a.pk, BIG], "title": "x", "places": 1},
    )
    # The form page is shown again with the field marked (the pages answer 200 on a bad form).
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not OverseasProgramme.objects.exists()
    response = client.post("/training/overseas/new/", {"sentra": BIG, "centres": [BIG]})
    assert response.status_code == 200
    assert not OverseasProgramme.objects.exists()


def test_session_and_nomination_forms_refuse_out_of_range_ids(net: Net, client: Client) -> None:
    sign_in(client, net.hr_a)
    response = client.post(
        "/training/sessions/new/",
        {"course": BIG, "sentra": BIG, "starts_on": "2027-01-01", "ends_on": "2027-01-02", "capacity": 5},
    )
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert not TrainingSession.objects.exists()


def test_workforce_and_equipment_apis_refuse_out_of_range_ids(net: Net, client: Client) -> None:
    sign_in(client, net.hr_a)
    assert client.get(f"/api/v1/workforce/staff?centre_id={BIG}").status_code in (400, 422)
    response = client.post(
        "/api/v1/workforce/staff",
        {
            "centre_id": BIG,
            "full_name": "X",
            "profession": "perawat",
            "employment_type": "asn",
            "start_date": "2020-01-01",
        },
        content_type="application/json",
    )
    assert response.status_code in (400, 422)
    sign_in(client, net.head_a)
    response = client.post(
        f"/api/v1/equipment/centres/{net.a.pk}/device-needs",
        {"beneficiary_id": int(BIG), "device_code": "wheelchair_standard"},
        content_type="application/json",
    )
    assert response.status_code in (400, 404, 422)
