"""The columns of the cases app's list exports; `sentra.core.exports` does the rest."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sentra.core.exports import NIK_ROLES, Column, ExportSpec

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
