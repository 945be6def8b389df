"""The administrator gate shared by the network services."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from sentra.core.models import Role, User


def require_sysadmin(actor: User | None) -> None:
    if actor is not None and actor.role != Role.SYSADMIN:
        raise PermissionDenied
