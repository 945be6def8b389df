"""The columns of the staff list export (the shared mechanism, ``sentra.core.exports``, does the rest)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sentra.core.exports import Column, ExportSpec
from sentra.core.models import Role

# The NIP (employee number) is for the people who manage staff records; the others get it masked.
STAFF_ID_ROLES = frozenset({Role.HR, Role.CENTRE_HEAD, Role.SYSADMIN})

STAFF = ExportSpec(
    name="staff",
    title=_("Staff records"),
    columns=(
        Column(_("Name"), lambda s: s.full_name),
        Column(_("Employee number"), lambda s: s.employee_number, unmasked_for=STAFF_ID_ROLES),
        Column(_("Centre"), lambda s: s.sentra.name),
        Column(_("Profession"), lambda s: s.get_profession_display()),
        Column(_("Employment"), lambda s: s.get_employment_type_display()),
        Column(_("Position"), lambda s: s.position),
        Column(_("Since"), lambda s: s.start_date),
    ),
)
