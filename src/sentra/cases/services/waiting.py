"""The waiting list: people waiting for a residential place or a service, by urgency and waiting time."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from sentra.beneficiaries.models import Beneficiary
from sentra.cases.models import Case, Urgency, WaitingFor, WaitingListEntry, WaitingRemoval
from sentra.cases.services._common import Errors, full_clean, is_centre_staff, require, today
from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Sentra, ServiceComponent


@transaction.atomic
def waiting_add(
    *,
    actor: User,
    sentra: Sentra,
    beneficiary: Beneficiary,
    waiting_for: str,
    urgency: str = Urgency.NORMAL,
    component: ServiceComponent | None = None,
    case: Case | None = None,
    note: str = "",
    added_on: datetime.date | None = None,
) -> WaitingListEntry:
    require(is_centre_staff(actor, sentra.pk))
    visible = Beneficiary.objects.visible_to(actor).filter(pk=beneficiary.pk).exists()
    require(
        visible
        or (case is not None and case.sentra_id == sentra.pk and case.beneficiary_id == beneficiary.pk)
    )
    errors = Errors()
    if waiting_for not in WaitingFor.values:
        errors.add("waiting_for", _("Choose a place or a service."))
    elif waiting_for == WaitingFor.SERVICE and component is None:
        errors.add("component", _("Choose the service (ATENSI component) the person waits for."))
    elif waiting_for == WaitingFor.PLACE:
        component = None
    if urgency not in Urgency.values:
        errors.add("urgency", _("Choose the urgency."))
    if case is not None and (case.sentra_id != sentra.pk or case.beneficiary_id != beneficiary.pk):
        errors.add("case", _("The case belongs to another person or centre."))
    day = added_on or today()
    if day > today():
        errors.add("added_on", _("The date cannot be in the future."))
    if WaitingListEntry.objects.filter(
        sentra=sentra,
        beneficiary=beneficiary,
        waiting_for=waiting_for,
        component=component,
        removed_on__isnull=True,
    ).exists():
        errors.add("beneficiary", _("{name} is already waiting for this.").format(name=beneficiary.full_name))
    entry = WaitingListEntry(
        sentra=sentra,
        beneficiary=beneficiary,
        case=case,
        waiting_for=waiting_for,
        component=component,
        urgency=urgency,
        added_on=day,
        note=note.strip(),
        added_by=actor,
    )
    full_clean(entry, errors)
    errors.raise_if_any()
    entry.save()
    audit.record_create(actor=actor, instance=entry, sentra_id=sentra.pk)
    return entry


@transaction.atomic
def waiting_remove(
    *, actor: User, entry: WaitingListEntry, reason: str, removed_on: datetime.date | None = None
) -> WaitingListEntry:
    require(is_centre_staff(actor, entry.sentra_id))
    errors = Errors()
    if entry.removed_on is not None:
        errors.add("__all__", _("This person is no longer on the waiting list."))
    if reason not in WaitingRemoval.values:
        errors.add("removal_reason", _("Choose the outcome."))
    day = removed_on or today()
    if day < entry.added_on or day > today():
        errors.add("removed_on", _("The date lies outside the waiting time."))
    errors.raise_if_any()
    before = audit.snapshot(entry)
    entry.removed_on = day
    entry.removal_reason = reason
    entry.save()
    audit.record_update(actor=actor, instance=entry, before=before, sentra_id=entry.sentra_id)
    return entry
