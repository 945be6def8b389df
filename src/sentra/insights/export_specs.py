"""The columns of each list's export: what a spreadsheet of that list holds, identifiers marked."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sentra.core.models import Role
from sentra.insights.exports import NIK_ROLES, Column, ExportSpec

BENEFICIARIES = ExportSpec(
    name="beneficiaries",
    title=_("Beneficiaries"),
    columns=(
        Column(_("Registration number"), lambda b: b.registration_number),
        Column(_("Name"), lambda b: b.full_name),
        Column(_("NIK"), lambda b: b.nik, unmasked_for=NIK_ROLES),
        Column(_("Sex"), lambda b: b.get_sex_display()),
        Column(_("Birth date"), lambda b: b.birth_date),
        Column(_("Centre"), lambda b: b.registered_sentra.name),
    ),
)

CASES = ExportSpec(
    name="cases",
    title=_("Cases"),
    columns=(
        Column(_("Case number"), lambda c: c.case_number),
        Column(_("Registration number"), lambda c: c.beneficiary.registration_number),
        Column(_("Name"), lambda c: c.beneficiary.full_name),
        Column(_("NIK"), lambda c: c.beneficiary.nik, unmasked_for=NIK_ROLES),
        Column(_("Centre"), lambda c: c.sentra.name),
        Column(_("Cluster"), lambda c: c.get_cluster_display()),
        Column(_("Stage"), lambda c: c.get_stage_display()),
        Column(_("Opened on"), lambda c: c.opened_on),
        Column(_("Case manager"), lambda c: c.case_manager.get_full_name() if c.case_manager else ""),
    ),
)

MY_TASKS = ExportSpec(
    name="my-tasks",
    title=_("My tasks"),
    columns=(
        Column(_("Due on"), lambda t: t.due_on),
        Column(_("Task"), lambda t: t.display_title),
        Column(_("Case number"), lambda t: t.case.case_number if t.case else ""),
        Column(
            _("Name"),
            lambda t: (
                (t.case.beneficiary if t.case else t.beneficiary).full_name
                if (t.case or t.beneficiary)
                else ""
            ),
        ),
        Column(_("Status"), lambda t: t.get_status_display()),
    ),
)

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

# The columns of the complaint list page: no complainant's contact (that stays on the complaint).
COMPLAINTS = ExportSpec(
    name="complaints",
    title=_("Complaints"),
    columns=(
        Column(_("Code"), lambda c: c.tracking_code),
        Column(_("Centre"), lambda c: c.sentra.name),
        Column(_("Category"), lambda c: c.category.label if c.category else ""),
        Column(_("Received"), lambda c: c.received_at.date()),
        Column(_("Status"), lambda c: c.get_status_display()),
        Column(_("Resolve by"), lambda c: c.resolve_by),
        Column(_("Handled by"), lambda c: c.assigned_to.get_full_name() if c.assigned_to else ""),
    ),
)

EQUIPMENT = ExportSpec(
    name="equipment",
    title=_("Equipment"),
    columns=(
        Column(_("Asset number"), lambda i: i.asset_number),
        Column(_("Type"), lambda i: i.item_type.label),
        Column(_("Location"), lambda i: i.location),
        Column(_("Acquired on"), lambda i: i.acquired_on),
        Column(_("Condition"), lambda i: i.get_condition_display()),
        Column(_("On loan"), lambda i: _("yes") if i.on_loan else _("no")),
        Column(_("Lifespan ends on"), lambda i: i.lifespan_ends_on),
    ),
)

REASSESSMENTS_DUE = ExportSpec(
    name="reassessments-due",
    title=_("Reassessments due"),
    columns=(
        Column(_("Due on"), lambda r: r.due_on),
        Column(_("Registration number"), lambda r: r.beneficiary.registration_number),
        Column(_("Name"), lambda r: r.beneficiary.full_name),
        Column(_("Instrument"), lambda r: r.instrument),
        Column(_("Last assessed"), lambda r: r.assessment.assessed_at.date() if r.assessment else ""),
    ),
)
