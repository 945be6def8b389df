"""Passwords are hashed with Argon2; identifiers and secrets are protected at rest."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.db import connection

from sentra import settings as project_settings
from sentra.core import crypto
from sentra.core.models import Role, User


def test_argon2_is_the_production_password_hasher() -> None:
    assert project_settings.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    hasher = Argon2PasswordHasher()
    encoded = hasher.encode("a-long-pass-phrase", hasher.salt())
    assert encoded.startswith("argon2$argon2id$")
    assert hasher.verify("a-long-pass-phrase", encoded)


def test_encryption_round_trips_and_is_not_plaintext() -> None:
    token = crypto.encrypt("3171014101900001")
    assert "3171014101900001" not in token
    assert crypto.decrypt(token) == "3171014101900001"


def test_lookup_hash_is_keyed_and_purpose_bound(settings) -> None:
    first = crypto.lookup_hash("3171014101900001", purpose="nik")
    assert first == crypto.lookup_hash("3171014101900001", purpose="nik")
    assert first != crypto.lookup_hash("3171014101900001", purpose="kk")
    settings.FIELD_ENCRYPTION_KEY = "9" * 43 + "="
    assert crypto.lookup_hash("3171014101900001", purpose="nik") != first


@pytest.mark.django_db
def test_totp_secret_is_encrypted_in_the_database(make_user: Callable[..., User]) -> None:
    user = make_user(role=Role.CENTRE_HEAD)
    with connection.cursor() as cursor:
        cursor.execute("SELECT totp_secret FROM core_user WHERE id = %s", [user.pk])
        stored = cursor.fetchone()[0]
    assert stored
    assert user.totp_secret not in stored
    assert User.objects.get(pk=user.pk).totp_secret == user.totp_secret
