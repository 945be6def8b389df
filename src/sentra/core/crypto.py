"""Protection of identifiers at rest: Fernet encryption plus a keyed hash for look-ups.

Both keys are derived from ``FIELD_ENCRYPTION_KEY`` so that a database dump alone reveals
neither the value nor (without the key) a way to test guesses against the look-up hash.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings


@cache
def _fernet(key: str) -> Fernet:
    return Fernet(key.encode("ascii"))


@cache
def _lookup_key(key: str, purpose: str) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=f"sentra-lookup:{purpose}".encode()
    ).derive(key.encode("ascii"))


def encrypt(plaintext: str) -> str:
    return _fernet(settings.FIELD_ENCRYPTION_KEY).encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    try:
        return _fernet(settings.FIELD_ENCRYPTION_KEY).decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken as exc:
        raise ValueError("cannot decrypt: the value was encrypted with another FIELD_ENCRYPTION_KEY") from exc


def lookup_hash(value: str, *, purpose: str) -> str:
    """A keyed hash of ``value`` for equality look-ups (e.g. find a person by NIK)."""
    return hmac.new(
        _lookup_key(settings.FIELD_ENCRYPTION_KEY, purpose), value.encode("utf-8"), hashlib.sha256
    ).hexdigest()


def token_hash(token: str) -> str:
    """Hash of a high-entropy random token (API tokens): plain SHA-256 suffices for 256-bit secrets."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
