"""Who may change what in the equipment app."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied

from sentra.core.models import Role
from sentra.core.querysets import centre_ids_of

# A centre's head keeps its inventory; system administrators may correct any centre's.
INVENTORY_EDITORS = frozenset({Role.CENTRE_HEAD})
# Therapists (other professionals) and case managers record needs and loans for their centre.
LOAN_WRITERS = frozenset({Role.PROFESSIONAL, Role.CASE_MANAGER})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def may_edit_inventory(user: Any, sentra_id: int) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.SYSADMIN:
        return True
    return user.role in INVENTORY_EDITORS and sentra_id in centre_ids_of(user)


def may_write_loans(user: Any, sentra_id: int) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.SYSADMIN:
        return True
    return user.role in LOAN_WRITERS and sentra_id in centre_ids_of(user)


def may_edit_standards(user: Any) -> bool:
    return _signed_in(user) and user.role == Role.SYSADMIN


def require_inventory_editor(user: Any, sentra_id: int) -> None:
    if not may_edit_inventory(user, sentra_id):
        raise PermissionDenied


def require_loan_writer(user: Any, sentra_id: int) -> None:
    if not may_write_loans(user, sentra_id):
        raise PermissionDenied


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day ``years`` later (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


# The audit log's name for writes with no person behind them (the demo seeder).
SYSTEM = "demo"
