"""Who may do what with a person's record, on top of ``Beneficiary.objects.visible_to``.

Decisions (documented for the privacy review):

* **Register and edit** persons, record family links and consent: intake staff, case managers and the
  centre head of the registering centre; system administrators anywhere.
* **Full NIK / KK number**: intake (checks the KTP/KK at the desk), case managers (civil registration,
  DTKS/BPJS follow-up) and the centre head of the registering centre, and system administrators
  (data-subject requests). Everyone else sees ``3171••••••••0001``. Even those who may see it get it
  on request ("show"), and every reveal is written to the access log (category ``identifiers``).
* **Sensitive sections** (health and disability details; for a child, contact, address, family and
  photo): the explicit sensitive-data permission, held by case managers, other professionals and the
  centre head of the person's centre, and system administrators. Intake and HR staff do not hold it.
  Each reveal states a purpose and is written to the access log (UU PDP Art. 31).
* **Duplicate decisions** (merge, distinct, unmerge): the centre head, for pairs whose two records are
  both in their centres; system administrators for every pair (including pairs across centres).
* **Bulk import**: intake staff and the centre head, into their centre; system administrators.
* National analysts never open a person's record (aggregates only).

"The person's centre" is the registering centre today; the ``cases`` app adds the centres that hold a
case for the person in ``record_centre_ids``.
"""

from __future__ import annotations

from typing import Any

from sentra.beneficiaries.models import Beneficiary
from sentra.core.models import Role
from sentra.core.querysets import centre_ids_of

REGISTRAR_ROLES = frozenset({Role.INTAKE, Role.CASE_MANAGER, Role.CENTRE_HEAD})
FULL_NIK_ROLES = frozenset({Role.INTAKE, Role.CASE_MANAGER, Role.CENTRE_HEAD})
SENSITIVE_ROLES = frozenset({Role.CASE_MANAGER, Role.PROFESSIONAL, Role.CENTRE_HEAD})
REVIEWER_ROLES = frozenset({Role.CENTRE_HEAD})
IMPORT_ROLES = frozenset({Role.INTAKE, Role.CENTRE_HEAD})
# HR manages staff, not beneficiaries (issue 5: "HR sees staff, not beneficiaries"), so it is not here.
VIEWER_ROLES = frozenset({Role.INTAKE, Role.CASE_MANAGER, Role.PROFESSIONAL, Role.CENTRE_HEAD, Role.SYSADMIN})


def _signed_in(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def is_sysadmin(user: Any) -> bool:
    return _signed_in(user) and user.role == Role.SYSADMIN


def record_centre_ids(beneficiary: Beneficiary) -> frozenset[int]:
    """The centres responsible for a person: the registering centre (the cases app adds case centres)."""
    return frozenset({beneficiary.registered_sentra_id})


def _role_in_centre(user: Any, roles: frozenset[str], centre_ids: frozenset[int]) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.SYSADMIN:
        return True
    return user.role in roles and bool(centre_ids & centre_ids_of(user))


def may_open_registry(user: Any) -> bool:
    """Whether the beneficiary pages are for this user at all (national analysts: aggregates only)."""
    return _signed_in(user) and user.role in VIEWER_ROLES


def may_register(user: Any, sentra_id: int | None = None) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.SYSADMIN:
        return True
    if user.role not in REGISTRAR_ROLES:
        return False
    return sentra_id is None or sentra_id in centre_ids_of(user)


def may_edit(user: Any, beneficiary: Beneficiary) -> bool:
    return _role_in_centre(user, REGISTRAR_ROLES, record_centre_ids(beneficiary))


def may_manage_consent(user: Any, beneficiary: Beneficiary) -> bool:
    return _role_in_centre(user, REGISTRAR_ROLES, record_centre_ids(beneficiary))


def may_see_full_nik(user: Any, beneficiary: Beneficiary) -> bool:
    return _role_in_centre(user, FULL_NIK_ROLES, record_centre_ids(beneficiary))


def may_read_sensitive(user: Any, beneficiary: Beneficiary) -> bool:
    return _role_in_centre(user, SENSITIVE_ROLES, record_centre_ids(beneficiary))


def may_review_duplicates(user: Any) -> bool:
    return _signed_in(user) and (user.role == Role.SYSADMIN or user.role in REVIEWER_ROLES)


def may_decide_pair(user: Any, first: Beneficiary, second: Beneficiary) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.SYSADMIN:
        return True
    own = centre_ids_of(user)
    return (
        user.role in REVIEWER_ROLES
        and bool(record_centre_ids(first) & own)
        and bool(record_centre_ids(second) & own)
    )


def may_import(user: Any, sentra_id: int | None = None) -> bool:
    if not _signed_in(user):
        return False
    if user.role == Role.SYSADMIN:
        return True
    return user.role in IMPORT_ROLES and (sentra_id is None or sentra_id in centre_ids_of(user))


def may_open_assessments(user: Any) -> bool:
    """Whether to link a person's assessments (the assessments app reads them for the roles holding the
    sensitive-data permission and administrators, and checks the person itself)."""
    return _signed_in(user) and (user.role == Role.SYSADMIN or user.role in SENSITIVE_ROLES)


def may_handle_subject_requests(user: Any) -> bool:
    """Data-subject requests (UU PDP): the centre head of a centre that sees the person, administrators.

    The person is fetched through ``visible_to`` first; everyone else gets a 404 on those pages.
    """
    return _signed_in(user) and user.role in (Role.CENTRE_HEAD, Role.SYSADMIN)
