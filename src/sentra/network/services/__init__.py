"""Writes of the centre network: regions, centres, capacity, memberships and staff accounts.

Every function is keyword-only, runs in one transaction, validates before it saves (bad input raises
``ValidationError`` keyed by field, nothing half-saved) and leaves audit rows in the same transaction.
``actor=None`` means the system itself (a command such as ``sentra demo``); ``actor_label`` then names
it in the audit log.
"""

from sentra.network.services.accounts import (
    account_create,
    account_two_factor_reset,
    account_unlock,
    account_update,
    may_manage,
    membership_set,
)
from sentra.network.services.centres import (
    CapacityResult,
    CentreInput,
    capacity_field,
    capacity_set,
    centre_create,
    centre_update,
)
from sentra.network.services.regions import RegionLoadResult, region_problem_message, regions_load

__all__ = [
    "CapacityResult",
    "CentreInput",
    "RegionLoadResult",
    "account_create",
    "account_two_factor_reset",
    "account_unlock",
    "account_update",
    "capacity_field",
    "capacity_set",
    "centre_create",
    "centre_update",
    "may_manage",
    "membership_set",
    "region_problem_message",
    "regions_load",
]
