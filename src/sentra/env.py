"""Strict parsing of settings from the environment.

Every helper raises ``ImproperlyConfigured`` with a message naming the variable and the rule,
so that a bad value stops start-up instead of being silently replaced by a default.
"""

from __future__ import annotations

import ipaddress
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off"}


def env_str(name: str, default: str | None = None, *, environ: Mapping[str, str] = os.environ) -> str | None:
    value = environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_required(name: str, why: str, *, environ: Mapping[str, str] = os.environ) -> str:
    value = env_str(name, environ=environ)
    if value is None:
        raise ImproperlyConfigured(f"{name} must be set: {why}")
    return value


def env_bool(name: str, default: bool, *, environ: Mapping[str, str] = os.environ) -> bool:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ImproperlyConfigured(
        f"{name}={value!r} is not a boolean: use one of true/false, yes/no, on/off, 1/0"
    )


def env_int(
    name: str, default: int, *, minimum: int | None = None, environ: Mapping[str, str] = os.environ
) -> int:
    value = env_str(name, environ=environ)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None
    if minimum is not None and number < minimum:
        raise ImproperlyConfigured(f"{name}={number} is below the minimum of {minimum}")
    return number


def env_choice(
    name: str, default: str, choices: tuple[str, ...], *, environ: Mapping[str, str] = os.environ
) -> str:
    value = env_str(name, default, environ=environ) or default
    if value not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} is not allowed: use one of {', '.join(choices)}")
    return value


def env_list(name: str, default: list[str], *, environ: Mapping[str, str] = os.environ) -> list[str]:
    value = env_str(name, environ=environ)
    if value is None:
        return list(default)
    items = [item.strip() for item in value.split(",")]
    if any(item == "" for item in items):
        raise ImproperlyConfigured(f"{name}={value!r} has an empty entry: separate values with single commas")
    return items


def validate_fernet_key(name: str, value: str) -> str:
    """A Fernet key is 32 bytes encoded as url-safe base64 (44 characters)."""
    import base64
    import binascii

    try:
        raw = base64.urlsafe_b64decode(value.encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        raise ImproperlyConfigured(
            f"{name} is not url-safe base64: generate one with "
            "`python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'`"
        ) from None
    if len(raw) != 32:
        raise ImproperlyConfigured(f"{name} must decode to 32 bytes, not {len(raw)}")
    return value


def validate_secret_key(name: str, value: str) -> str:
    # Django's deploy check (security.W009) wants >= 50 characters with >= 5 distinct ones.
    if len(value) < 50 or len(set(value)) < 5:
        raise ImproperlyConfigured(
            f"{name} must be at least 50 characters long with at least 5 distinct characters"
        )
    return value


def development_secret(path: Path, make: str = "token") -> str:
    """Read a development-only secret from ``var/``, creating it on first use."""
    if path.exists():
        return path.read_text().strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    if make == "fernet":
        from cryptography.fernet import Fernet

        value = Fernet.generate_key().decode()
    else:
        value = secrets.token_urlsafe(64)
    path.write_text(value)
    path.chmod(0o600)
    return value


def env_networks(
    name: str, *, environ: Mapping[str, str] = os.environ
) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Comma-separated IP addresses or networks (CIDR), e.g. ``127.0.0.1,10.0.0.0/24``; empty = none."""
    value = env_str(name, environ=environ)
    if value is None:
        return ()
    networks = []
    for item in (part.strip() for part in value.split(",")):
        if item == "":
            raise ImproperlyConfigured(
                f"{name}={value!r} has an empty entry: separate addresses with single commas"
            )
        try:
            networks.append(ipaddress.ip_network(item, strict=True))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24; "
                "a network's host bits must be zero)"
            ) from None
    return tuple(networks)
