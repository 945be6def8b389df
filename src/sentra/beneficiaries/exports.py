"""The columns of the registry's list export; `sentra.core.exports` does the rest."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sentra.core.exports import NIK_ROLES, Column, ExportSpec

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
