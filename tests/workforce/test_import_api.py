"""The staff import through the API: the page's rules (every bad row named, nothing half-saved, a damaged
file named), and only the managers of the chosen centre."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.workforce.models import StaffMember
from tests.workforce.test_import import GOOD, HEADER

pytestmark = pytest.mark.django_db
URL = "/api/v1/workforce/imports"


def _file(content: bytes, name: str = "staf.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def test_a_clean_file_imports_and_a_bad_one_imports_nothing(
    centre_a: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    client = client_for(make_user(role=Role.HR, centres=(centre_a,)))
    bad = HEADER + "Eka,,astronaut,,asn,2020-01-01,id,,,,\n"
    response = client.post(
        URL, {"centre_id": centre_a.pk, "file": _file((HEADER + GOOD + bad[len(HEADER) :]).encode())}
    )
    assert response.status_code == 422
    assert {(e["line"], e["column"]) for e in response.json()["errors"]} == {(4, "profession")}
    assert not StaffMember.objects.exists()
    ok = client.post(URL, {"centre_id": centre_a.pk, "file": _file((HEADER + GOOD).encode())})
    assert (ok.status_code, ok.json()["created"]) == (200, 2)


@pytest.mark.parametrize(
    ("name", "content"), [("staf.xlsx", b"PK\x03\x04garbage"), ("staf.csv", b"\xff\xfe\x81\x82")]
)
def test_a_damaged_file_is_named(
    centre_a: Sentra,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    name: str,
    content: bytes,
) -> None:
    client = client_for(make_user(role=Role.HR, centres=(centre_a,)))
    response = client.post(URL, {"centre_id": centre_a.pk, "file": _file(content, name)})
    assert response.status_code == 422
    [error] = response.json()["errors"]
    assert error["column"] == "file"
    assert name in error["message"]


def test_only_the_centres_managers_import(
    centre_a: Sentra, centre_b: Sentra, make_user: Callable[..., User], client_for: Callable[[User], Client]
) -> None:
    payload = (HEADER + GOOD).encode()
    for role, centres, status in (
        (Role.CASE_MANAGER, (centre_a,), 403),
        (Role.INTAKE, (centre_a,), 403),
        (Role.NATIONAL_ANALYST, (), 403),
        (Role.HR, (centre_b,), 404),
    ):
        client = client_for(make_user(role=role, centres=centres))
        response = client.post(URL, {"centre_id": centre_a.pk, "file": _file(payload)})
        assert response.status_code == status, role
    # (a case manager's account comes with its own staff record; nobody from the file was added)
    assert not StaffMember.objects.filter(full_name__in=["Rina Kusuma", "Andi Pratama"]).exists()
