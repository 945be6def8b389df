"""Signing in: passwords, lockout, two-factor, session limits."""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

import pyotp
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sentra.core.models import AuditAction, AuditEvent, Role, User
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def post_login(client: Client, username: str, password: str = PASSWORD) -> object:
    return client.post(reverse("core:login"), {"username": username, "password": password})


def test_login_page_is_served_to_anonymous_users(client: Client) -> None:
    response = client.get(reverse("core:login"))
    assert response.status_code == 200
    assert b'name="username"' in response.content


def test_case_manager_signs_in_and_lands_on_home(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.CASE_MANAGER)
    response = post_login(client, user.username)
    assert response.status_code == 302
    assert response["Location"] == reverse("insights:home")
    assert client.get(reverse("insights:home")).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN, actor=user).exists()


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(
    client: Client, make_user: Callable[..., User]
) -> None:
    user = make_user()
    response = post_login(client, user.username, "wrong-password")
    assert response.status_code == 200
    assert "Nama pengguna atau kata sandi salah." in response.content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, object_id=str(user.pk)).exists()


def test_repeated_failures_lock_the_account(client: Client, make_user: Callable[..., User], settings) -> None:
    settings.SENTRA_LOGIN_MAX_FAILURES = 3
    user = make_user()
    for _ in range(3):
        post_login(client, user.username, "wrong-password")
    user.refresh_from_db()
    assert user.is_locked()
    response = post_login(client, user.username)  # the right password no longer helps
    assert "Akun ini dikunci" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED, object_id=str(user.pk)).exists()


def test_lock_expires(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user()
    User.objects.filter(pk=user.pk).update(locked_until=timezone.now() - datetime.timedelta(minutes=1))
    assert post_login(client, user.username).status_code == 302


@pytest.mark.parametrize("role", [Role.CENTRE_HEAD, Role.NATIONAL_ANALYST, Role.SYSADMIN])
def test_two_factor_is_required_for_senior_roles(
    client: Client, make_user: Callable[..., User], role: str
) -> None:
    user = make_user(role=role)
    response = post_login(client, user.username)
    assert response["Location"].startswith(reverse("core:login_two_factor"))
    # A password alone opens nothing: pages redirect, the API answers 401.
    assert client.get(reverse("insights:home"))["Location"] == reverse("core:login_two_factor")
    assert client.get("/api/v1/me").status_code == 401
    code = pyotp.TOTP(user.totp_secret).now()
    response = client.post(reverse("core:login_two_factor"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("insights:home")).status_code == 200
    assert client.get("/api/v1/me").json()["role"] == role


def test_a_used_code_cannot_be_replayed(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.CENTRE_HEAD)
    code = pyotp.TOTP(user.totp_secret).now()
    post_login(client, user.username)
    client.post(reverse("core:login_two_factor"), {"code": code})
    other = Client()
    post_login(other, user.username)
    response = other.post(reverse("core:login_two_factor"), {"code": code})
    assert response.status_code == 200
    assert "sudah pernah dipakai" in response.content.decode()


def test_a_wrong_code_names_the_field(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.SYSADMIN)
    post_login(client, user.username)
    response = client.post(reverse("core:login_two_factor"), {"code": "12"})
    assert response.status_code == 200
    assert "Masukkan enam digit" in response.content.decode()


def test_first_sign_in_enrols_the_authenticator(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.NATIONAL_ANALYST, enrolled=False)
    assert not user.has_two_factor
    post_login(client, user.username)
    page = client.get(reverse("core:login_two_factor"))
    assert b"<svg" in page.content
    secret = page.context["secret"]
    response = client.post(reverse("core:login_two_factor"), {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.has_two_factor
    assert user.totp_secret == secret
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR, object_id=str(user.pk)).exists()


def test_session_ends_after_the_absolute_limit(
    client: Client, make_user: Callable[..., User], settings
) -> None:
    user = make_user()
    post_login(client, user.username)
    session = client.session
    session["sentra_login_at"] = time.time() - settings.SENTRA_SESSION_MAX_HOURS * 3600 - 5
    session.save()
    response = client.get(reverse("insights:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("core:login"))


def test_idle_sessions_expire(settings) -> None:
    assert settings.SESSION_COOKIE_AGE == settings.SENTRA_SESSION_IDLE_MINUTES * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_sign_out_is_post_only_and_audited(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user()
    post_login(client, user.username)
    assert client.get(reverse("core:logout")).status_code == 405
    assert client.post(reverse("core:logout")).status_code == 302
    assert client.get(reverse("insights:home")).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=user).exists()


def test_next_parameter_cannot_redirect_off_site(client: Client, make_user: Callable[..., User]) -> None:
    user = make_user()
    response = client.post(
        reverse("core:login") + "?next=https://evil.example/",
        {"username": user.username, "password": PASSWORD},
    )
    assert response["Location"] == reverse("insights:home")
