"""A person changes their own password; the old one stops working and the change is audited."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth import authenticate
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditAction, AuditEvent, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "a-fresh-long-passphrase-42"


def test_password_change_keeps_the_session_and_is_audited(client_for, make_user: Callable[..., User]) -> None:
    user = make_user()
    client: Client = client_for(user)
    response = client.post(
        reverse("core:password_change"),
        {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW},
    )
    assert response.status_code == 302
    assert client.get(reverse("core:account")).status_code == 200  # still signed in
    assert authenticate(username=user.username, password=NEW) is not None
    assert authenticate(username=user.username, password=PASSWORD) is None
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(user.pk))
    assert event.changes == {"password": ["[redacted]", "changed"]}


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"current_password": "wrong", "new_password": NEW, "new_password_again": NEW}, "current_password"),
        (
            {
                "current_password": PASSWORD,
                "new_password": "12345678901",
                "new_password_again": "12345678901",
            },
            "new_password",
        ),
        (
            {"current_password": PASSWORD, "new_password": NEW, "new_password_again": NEW + "x"},
            "new_password_again",
        ),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(client_for, make_user, data, field) -> None:
    user = make_user()
    client: Client = client_for(user)
    response = client.post(reverse("core:password_change"), data)
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert authenticate(username=user.username, password=PASSWORD) is not None
