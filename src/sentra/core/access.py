"""One scoping mechanism for every read: ``visible_to(user)`` querysets and ``get_visible_or_404``.

Pages, the API, exports and search all fetch records through these, so "not yours" and "not found"
are indistinguishable: both answer 404.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import models
from django.http import Http404

from sentra.core.models import CENTRE_ROLES, User
from sentra.core.querysets import ScopedQuerySet, centre_ids_of, forget_centre_ids, sees_all_centres

__all__ = [
    "ScopedQuerySet",
    "centre_ids_of",
    "forget_centre_ids",
    "get_visible_or_404",
    "is_centre_role",
    "require_role",
    "sees_all_centres",
]

M = TypeVar("M", bound=models.Model)


def get_visible_or_404(queryset: ScopedQuerySet[M], user: Any, **lookup: Any) -> M:
    """Fetch one record the user may see; 404 for missing, malformed id or not visible alike."""
    try:
        return queryset.visible_to(user).get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError):
        raise Http404 from None


def require_role(user: Any, *roles: str) -> None:
    """Role gate for pages and endpoints that list things (records still go through visible_to)."""
    if not getattr(user, "is_authenticated", False) or user.role not in roles:
        raise PermissionDenied


def is_centre_role(user: User) -> bool:
    return user.role in CENTRE_ROLES
