"""The scoped queryset base and the user's centre set; no model imports, so models can use them."""

from __future__ import annotations

from typing import Any, Self, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)

NATIONAL_ROLES = frozenset({"national_analyst", "sysadmin"})


class ScopedQuerySet(models.QuerySet[M]):
    """A queryset that knows which of its rows a user may see."""

    def visible_to(self, user: Any) -> Self:
        raise NotImplementedError(f"{type(self).__name__} must define visible_to()")


def centre_ids_of(user: Any) -> frozenset[int]:
    """The centres a user belongs to, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    cached: frozenset[int] | None = getattr(user, "_sentra_centre_ids", None)
    if cached is None:
        cached = frozenset(user.memberships.values_list("sentra_id", flat=True))
        user._sentra_centre_ids = cached
    return cached


def forget_centre_ids(user: Any) -> None:
    if hasattr(user, "_sentra_centre_ids"):
        del user._sentra_centre_ids


def sees_all_centres(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and user.role in NATIONAL_ROLES
