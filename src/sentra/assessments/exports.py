"""The columns of the assessments app's list exports; `sentra.core.exports` does the rest."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.exports import Column, ExportSpec

REASSESSMENTS_DUE = ExportSpec(
    name="reassessments-due",
    title=_("Reassessments due"),
    columns=(
        Column(_("Due on"), lambda r: r.due_on),
        Column(_("Registration number"), lambda r: r.beneficiary.registration_number),
        Column(_("Name"), lambda r: r.beneficiary.full_name),
        Column(_("Instrument"), lambda r: r.instrument),
        Column(
            _("Last assessed"),
            lambda r: timezone.localtime(r.assessment.assessed_at).date() if r.assessment else "",
        ),
    ),
)

_OUTCOME_LABELS = {"improved": _("improved"), "unchanged": _("unchanged"), "worse": _("worse")}

# The people behind the centre dashboard's outcome figure (``selectors.outcome_list`` rows).
OUTCOMES = ExportSpec(
    name="assessment-outcomes",
    title=_("Assessment outcomes"),
    columns=(
        Column(_("Registration number"), lambda r: r.registration_number),
        Column(_("Name"), lambda r: r.full_name),
        Column(_("Instrument"), lambda r: r.instrument),
        Column(_("First assessed"), lambda r: timezone.localtime(r.first_at).date()),
        Column(_("First score"), lambda r: r.first_total),
        Column(_("Latest assessed"), lambda r: timezone.localtime(r.latest_at).date()),
        Column(_("Latest score"), lambda r: r.latest_total),
        Column(_("Change"), lambda r: r.change),
        Column(_("Outcome"), lambda r: _OUTCOME_LABELS.get(r.outcome or "", "")),
    ),
)
