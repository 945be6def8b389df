"""Settings come from the environment, strictly: bad values stop start-up with a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured

from sentra import env

SENTRA = str(Path(sys.executable).with_name("sentra"))
PRODUCTION_ENV = {
    "SENTRA_ENV": "production",
    "SECRET_KEY": "k" * 20 + "production-secret-key-with-enough-variety-0123456789",
    "ALLOWED_HOSTS": "sentra.kemensos.example",
    "DATABASE_URL": "postgres://sentra:secret@db.internal:5432/sentra",
    "FIELD_ENCRYPTION_KEY": Fernet.generate_key().decode(),
}


def run_sentra(*args: str, extra_env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess[str]:
    inherited = {*PRODUCTION_ENV, "CELERY_BROKER_URL", "DJANGO_ALLOW_ASYNC_UNSAFE", "DEBUG"}
    environ = {k: v for k, v in os.environ.items() if k not in inherited}
    environ.update({"SENTRA_VAR_DIR": str(tmp_path), **extra_env})
    return subprocess.run(
        [SENTRA, *args], env=environ, capture_output=True, text=True, timeout=120, check=False
    )


def test_production_settings_pass_the_deploy_check_without_warnings(tmp_path: Path) -> None:
    result = run_sentra(
        "check", "--deploy", "--fail-level", "WARNING", extra_env=PRODUCTION_ENV, tmp_path=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_secret_key_stops_with_a_clear_message(tmp_path: Path) -> None:
    environ = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = run_sentra("check", extra_env=environ, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY must be set: production mode has no default secret key" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FIELD_ENCRYPTION_KEY", "not-a-key", "FIELD_ENCRYPTION_KEY"),
        ("SENTRA_ENV", "staging", "SENTRA_ENV='staging' is not allowed"),
        ("SENTRA_LOGIN_MAX_FAILURES", "many", "SENTRA_LOGIN_MAX_FAILURES='many' is not a whole number"),
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("DATABASE_URL", "mysql://x@y/z", "DATABASE_URL must be a postgres:// or sqlite:// URL"),
    ],
)
def test_a_bad_value_names_the_variable(tmp_path: Path, name: str, value: str, message: str) -> None:
    result = run_sentra("check", extra_env={name: value}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert message in result.stderr


def test_development_generates_its_secrets_once(tmp_path: Path) -> None:
    first = env.development_secret(tmp_path / "secret_key")
    assert env.development_secret(tmp_path / "secret_key") == first
    assert len(first) >= 50
    key = env.development_secret(tmp_path / "fernet", make="fernet")
    assert env.validate_fernet_key("K", key) == key


def test_helpers_parse_strictly() -> None:
    assert env.env_bool("X", False, environ={"X": "yes"}) is True
    assert env.env_int("X", 3, environ={}) == 3
    assert env.env_list("X", [], environ={"X": "a.example, b.example"}) == ["a.example", "b.example"]
    with pytest.raises(ImproperlyConfigured, match="empty entry"):
        env.env_list("X", [], environ={"X": "a,,b"})
    with pytest.raises(ImproperlyConfigured, match="below the minimum"):
        env.env_int("X", 1, minimum=1, environ={"X": "0"})
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        env.validate_fernet_key("K", "YWJj")
    with pytest.raises(ImproperlyConfigured, match="at least 50"):
        env.validate_secret_key("SECRET_KEY", "short")


def test_production_refuses_debug(tmp_path: Path) -> None:
    result = run_sentra("check", extra_env={**PRODUCTION_ENV, "DEBUG": "true"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "DEBUG must not be on when SENTRA_ENV=production" in result.stderr


def test_cache_url_must_be_redis(tmp_path: Path) -> None:
    result = run_sentra("check", extra_env={"CACHE_URL": "memcached://x"}, tmp_path=tmp_path)
    assert result.returncode != 0
    assert "CACHE_URL must be a redis:// URL" in result.stderr
