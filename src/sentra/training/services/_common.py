"""Helpers shared by the training services: role gates and the centre's own date."""

from __future__ import annotations

import datetime
import zoneinfo
from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra
from sentra.training.models import MANAGER_ROLES


def today_in(sentra: Sentra | None, now: datetime.datetime | None = None) -> datetime.date:
    """Today in the centre's own time zone (WIB, WITA or WIT); Jakarta for national records."""
    zone = (sentra.time_zone if sentra is not None else "") or "Asia/Jakarta"
    return (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(zone)).date()


def is_member(user: Any, sentra_id: int | None) -> bool:
    return sentra_id is not None and sentra_id in centre_ids_of(user)


def manages(user: Any, sentra_id: int | None) -> bool:
    """HR or the head of this centre, or the system administrator."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.role == "sysadmin":
        return True
    return user.role in MANAGER_ROLES and is_member(user, sentra_id)


def require_manager(user: Any, sentra_id: int | None) -> None:
    if not manages(user, sentra_id):
        raise PermissionDenied
