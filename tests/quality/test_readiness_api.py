"""The readiness endpoints: the scorecard with its parts, "no data" as null, scoped like the pages."""

from __future__ import annotations

import pytest

from sentra.core.models import Role

pytestmark = pytest.mark.django_db
CENTRE_ROLES = [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.CENTRE_HEAD, Role.HR]


def test_the_scorecard_says_no_data_as_null(client_for, make_user, centre_a) -> None:
    client = client_for(make_user(role=Role.CENTRE_HEAD, centres=(centre_a,)))
    body = client.get(f"/api/v1/readiness/centres/{centre_a.pk}").json()
    assert body["centre_id"] == centre_a.pk
    aspects = {item["aspect"]: item for item in body["current"]["aspects"]}
    assert set(aspects) == {"equipment", "skills", "attitude"}
    assert aspects["equipment"]["score"] is None
    assert all(part["used"] is False for part in aspects["equipment"]["parts"])
    assert body["recorded"] == []
    client.post(f"/quality/readiness/centres/{centre_a.pk}/record/")
    assert len(client.get(f"/api/v1/readiness/centres/{centre_a.pk}").json()["recorded"]) == 1
    rows = client.get("/api/v1/readiness/comparison").json()
    assert [row["centre_id"] for row in rows] == [centre_a.pk]


@pytest.mark.parametrize("role", CENTRE_ROLES)
def test_another_centre_gets_404(client_for, make_user, centre_a, centre_b, role) -> None:
    client = client_for(make_user(role=role, centres=(centre_a,)))
    assert client.get(f"/api/v1/readiness/centres/{centre_b.pk}").status_code == 404


@pytest.mark.parametrize("role", [Role.CASE_MANAGER, Role.PROFESSIONAL, Role.INTAKE, Role.HR])
def test_the_comparison_is_not_for_centre_staff(client_for, make_user, centre_a, role) -> None:
    client = client_for(make_user(role=role, centres=(centre_a,)))
    assert client.get("/api/v1/readiness/comparison").status_code == 404


def test_the_analyst_compares_every_centre(client_for, make_user, centre_a, centre_b) -> None:
    client = client_for(make_user(role=Role.NATIONAL_ANALYST))
    ids = {row["centre_id"] for row in client.get("/api/v1/readiness/comparison").json()}
    assert {centre_a.pk, centre_b.pk} <= ids
    assert client.get(f"/api/v1/readiness/centres/{centre_b.pk}").status_code == 200
