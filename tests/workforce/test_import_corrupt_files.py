"""A damaged or mislabelled staff list is answered with a named file error, never a 500."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from django.test import Client

from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.workforce.models import StaffMember

pytestmark = pytest.mark.django_db

BROKEN = [
    ("staf.xlsx", b"PK\x03\x04garbage"),
    ("staf.xlsx", b"hello"),
    ("staf.csv", b"\xff\xfe\xfa\x81\x82 junk\x83\n\x84\x85"),
]


def _upload(name: str, content: bytes) -> io.BytesIO:
    upload = io.BytesIO(content)
    upload.name = name
    return upload


@pytest.mark.parametrize(("name", "content"), BROKEN)
def test_the_page_names_the_file(
    centre_a: Sentra,
    make_user: Callable[..., User],
    client_for: Callable[[User], Client],
    name: str,
    content: bytes,
) -> None:
    hr = make_user(role=Role.HR, centres=(centre_a,))
    response = client_for(hr).post(
        "/workforce/staff/import/", {"centre": centre_a.pk, "file": _upload(name, content)}
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'data-column="file"' in body
    assert name in body
    assert not StaffMember.objects.exists()
