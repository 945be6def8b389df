"""Demo data for placement: a waiting list at Bekasi that the demo coordinator (kepala.bekasi) can run
and accept from.

Runs after the cases seeder, which puts people on the waiting lists without a case. A proposal to
another centre is accepted by referring the person's case, so every Bekasi waiting person who has
consented to referral sharing gets a case at Bekasi (opened by the centre's case manager through the
cases app's ``case_open``; the first certified case manager with a valid STR, so after the workforce
seeder) linked to their waiting-list entry. No run is seeded: the coordinator
starts one. Deterministic and idempotent (an entry that already has a case is left alone).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sentra.beneficiaries.models import Consent, ConsentPurpose
from sentra.cases import services as cases
from sentra.cases.models import WaitingListEntry
from sentra.core import audit
from sentra.core.models import Role, User
from sentra.network.models import Sentra
from sentra.workforce.eligibility import case_manager_problem

DEMO_CENTRE = "pangudi-luhur-bekasi"
ACTOR_LABEL = "demo"


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    centre = centres.get(DEMO_CENTRE)
    if centre is None:
        return {}
    managers = User.objects.filter(memberships__sentra=centre, role=Role.CASE_MANAGER, is_active=True)
    # A case manager must be a certified pekerja sosial with a valid STR (the workforce seeder's records).
    manager = next(
        (user for user in managers.order_by("username") if case_manager_problem(user) is None), None
    )
    if manager is None:
        return {}
    consenting = Consent.objects.filter(
        purpose=ConsentPurpose.REFERRAL_SHARING, withdrawn_on__isnull=True
    ).values("beneficiary_id")
    entries = (
        WaitingListEntry.objects.filter(
            sentra=centre, removed_on__isnull=True, case__isnull=True, beneficiary_id__in=consenting
        )
        .select_related("beneficiary")
        .order_by("beneficiary__registration_number", "pk")
    )
    linked = 0
    for entry in entries:
        person = entry.beneficiary
        case = person.cases.filter(sentra=centre, closed_on__isnull=True).first() or cases.case_open(
            actor=manager,
            beneficiary=person,
            sentra=centre,
            case_manager=manager,
            setting="residential" if entry.waiting_for == "place" else "community",
            cluster=(person.clusters or ["ppks_lainnya"])[0],
            presenting_problem=_("Waiting for a place or a service (placement demo)."),
        )
        before = audit.snapshot(entry)
        entry.case = case
        entry.save(update_fields=["case"])
        audit.record_update(
            actor=None, instance=entry, before=before, sentra_id=centre.pk, actor_label=ACTOR_LABEL
        )
        linked += 1
    return {_("waiting people with a case, ready for placement"): linked}
