"""A damaged or mislabelled inventory file is answered with a named file error, never a 500."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from sentra.core.models import Role, User
from sentra.equipment.models import Item
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db

BROKEN = [
    ("inventaris.xlsx", b"PK\x03\x04garbage"),
    ("inventaris.xlsx", b"PK\x03\x04" + bytes(range(256)) * 4),
    ("inventaris.csv", b"\xff\xfe\xfa\x81\x82 junk\x83\n\x84\x85"),
]


@pytest.fixture
def head(make_user: Callable[..., User], centre_a: Sentra) -> User:
    return make_user(role=Role.CENTRE_HEAD, centres=(centre_a,))


@pytest.mark.parametrize(("name", "content"), BROKEN)
def test_the_page_names_the_file_and_saves_nothing(
    head: User, centre_a: Sentra, client_for: Callable[[User], Client], name: str, content: bytes
) -> None:
    response = client_for(head).post(
        reverse("equipment:import", args=[centre_a.pk]),
        {"file": SimpleUploadedFile(name, content), "import_valid_rows": "on"},
    )
    assert response.status_code == 422
    body = response.content.decode()
    if name.endswith(".xlsx"):
        # Looks like a workbook (a zip) but is not one: the report names the file.
        assert 'data-column="file"' in body
        assert name in body
    else:
        # Not text at all: the upload field itself carries the rule.
        assert 'name="file" required aria-invalid="true"' in body
    assert not Item.objects.exists()


@pytest.mark.parametrize(("name", "content"), BROKEN)
def test_the_api_answers_422_with_a_file_error(
    head: User, centre_a: Sentra, client_for: Callable[[User], Client], name: str, content: bytes
) -> None:
    response = client_for(head).post(
        f"/api/v1/equipment/centres/{centre_a.pk}/imports",
        {"file": SimpleUploadedFile(name, content), "import_valid_rows": "true"},
    )
    assert response.status_code in (400, 422)
    text = response.content.decode()
    assert "file" in text
    assert not Item.objects.exists()
