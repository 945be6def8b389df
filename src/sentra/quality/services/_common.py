"""Helpers shared by the quality services: role gates, the centre's own date, rate limits."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sentra.core import crypto
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra

PUBLIC = "public"  # the audit log's name for an anonymous member of the public


def centre_today(sentra: Sentra, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the centre's own time zone (WIB, WITA or WIT)."""
    moment = now or timezone.now()
    return moment.astimezone(zoneinfo.ZoneInfo(sentra.time_zone or "Asia/Jakarta")).date()


def is_member(user: Any, sentra_id: int) -> bool:
    return sentra_id in centre_ids_of(user)


def require_centre_role(user: Any, sentra_id: int, roles: frozenset[str] | set[str]) -> None:
    """The user holds one of ``roles`` in this centre; system administrators always pass."""
    if not getattr(user, "is_authenticated", False):
        raise PermissionDenied
    if user.role == "sysadmin":
        return
    if user.role not in roles or not is_member(user, sentra_id):
        raise PermissionDenied


def client_hash(address: str | None) -> str:
    """A keyed hash of a client address: enough to recognise it again, useless to read it back."""
    return crypto.lookup_hash(address, purpose="quality-client") if address else ""


def rate_limited(scope: str, address: str | None, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt for the address in this scope; True once the window's limit is exceeded.

    The count lives in Django's cache. Configure a shared cache (Redis, database) when several
    application servers run, or each server counts on its own.
    """
    if not address:
        return False
    key = f"sentra:quality:rate:{scope}:{client_hash(address)}"
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add() and incr()
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count > limit


def minutes(seconds: int) -> int:
    return max(1, round(seconds / 60))
