"""A complaint reporting a person in need opens an intake in the beneficiary registry.

The person is registered through the registry's own service (search-first, duplicate gate, audit), or,
when the registry already holds them, the complaint is linked to that record. Either way the complaint
keeps the link, its timeline says so, and the change is audited.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import permissions as registry_permissions
from sentra.beneficiaries.models import Beneficiary, IntakeChannel
from sentra.beneficiaries.services import BeneficiaryInput, beneficiary_register
from sentra.beneficiaries.services.registration import existing_by_nik, nik_taken_message
from sentra.core import audit
from sentra.core.models import User
from sentra.quality.models import Complaint, ComplaintEvent, EventKind
from sentra.quality.services.complaints import may_handle, may_triage


def may_open_intake(actor: User, complaint: Complaint) -> bool:
    """Staff handling the complaint who may also register persons at its centre."""
    return (
        complaint.intake_beneficiary_id is None
        and (may_triage(actor, complaint) or may_handle(actor, complaint))
        and registry_permissions.may_register(actor, complaint.sentra_id)
    )


def _require(actor: User, complaint: Complaint) -> None:
    if not (may_triage(actor, complaint) or may_handle(actor, complaint)):
        raise PermissionDenied
    if not registry_permissions.may_register(actor, complaint.sentra_id):
        raise PermissionDenied
    if complaint.intake_beneficiary_id is not None:
        raise ValidationError({"__all__": [_("An intake is already open for this complaint.")]})


def _link(*, actor: User, complaint: Complaint, beneficiary: Beneficiary, registered: bool) -> Complaint:
    before = audit.snapshot(complaint)
    complaint.intake_beneficiary = beneficiary
    complaint.intake_opened_at = timezone.now()
    complaint.save(update_fields=["intake_beneficiary", "intake_opened_at"])
    audit.record_update(actor=actor, instance=complaint, before=before, sentra_id=complaint.sentra_id)
    # No name or number in the timeline: roles that read the complaint may not all open the record.
    text = _("Registered in the registry.") if registered else _("Linked to a record the registry held.")
    ComplaintEvent.objects.create(complaint=complaint, actor=actor, kind=EventKind.INTAKE, text=text)
    return complaint


def complaint_open_intake(
    *, actor: User, complaint: Complaint, data: BeneficiaryInput, confirm_new_person: bool = False
) -> Beneficiary:
    """Register the person the complaint reports, at the complaint's centre, and link them to it.

    Raises the registry's ``PossibleDuplicates`` while records the actor may see look like the person
    (link one of them with ``complaint_link_intake`` instead, or confirm a new person).
    """
    _require(actor, complaint)
    data = BeneficiaryInput(**{**data.__dict__, "intake_channel": IntakeChannel.PUBLIC_REPORT})
    # The registry logs a probe of a NIK held at a centre the actor cannot see; that log row must
    # outlive the refusal, so the check runs before the transaction below.
    if data.nik.strip() and (holder := existing_by_nik(data.nik)) is not None:
        raise ValidationError({"nik": [nik_taken_message(actor=actor, holder=holder)]})
    with transaction.atomic():
        locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
        _require(actor, locked)
        beneficiary = beneficiary_register(
            actor=actor, sentra=locked.sentra, data=data, confirm_new_person=confirm_new_person
        )
        _link(actor=actor, complaint=locked, beneficiary=beneficiary, registered=True)
    return beneficiary


@transaction.atomic
def complaint_link_intake(*, actor: User, complaint: Complaint, beneficiary_id: int) -> Beneficiary:
    """The registry already holds the person: link the complaint to their record."""
    locked = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _require(actor, locked)
    beneficiary = Beneficiary.objects.visible_to(actor).filter(pk=beneficiary_id).first()
    if beneficiary is None:
        raise ValidationError({"beneficiary": [_("No registered person with this id is visible to you.")]})
    _link(actor=actor, complaint=locked, beneficiary=beneficiary, registered=False)
    return beneficiary
