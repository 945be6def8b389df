"""Device needs (the waiting list) and loans: issue, fitting, return, loss.

A loan never exceeds stock: issuing locks the centre's free devices of the code (``SELECT ... FOR
UPDATE``) before choosing one, so two staff lending the last wheelchair at the same moment cannot
both get it; the second waits for the first to commit and then finds none. The unique constraint
``equipment_loan_item_once`` (one active loan per item) backs this up in the database.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.assessments import services as assessment_services
from sentra.assessments.models import DeviceNeed, DeviceNeedStatus
from sentra.beneficiaries.models import Beneficiary
from sentra.core import audit
from sentra.core.models import User
from sentra.equipment.models import (
    Condition,
    DeviceCode,
    DeviceRequest,
    Item,
    Loan,
    LoanStatus,
    RequestStatus,
)
from sentra.equipment.services._common import SYSTEM, require_loan_writer
from sentra.network.models import Sentra

LENDABLE_CONDITIONS = (Condition.GOOD, Condition.NEEDS_REPAIR)
RETURN_CONDITIONS = (Condition.GOOD, Condition.NEEDS_REPAIR, Condition.BROKEN)


def _check_date(
    errors: dict[str, list[str]],
    field: str,
    value: datetime.date | None,
    *,
    after: datetime.date | None = None,
) -> None:
    if value is None:
        errors[field] = [_("The date is required.")]
    elif value > timezone.localdate():
        errors[field] = [_("The date cannot be in the future.")]
    elif after is not None and value < after:
        errors[field] = [_("The date cannot be before {date}.").format(date=after.isoformat())]


def _visible_beneficiary(actor: User | None, beneficiary: Beneficiary) -> bool:
    return actor is None or Beneficiary.objects.visible_to(actor).filter(pk=beneficiary.pk).exists()


@transaction.atomic
def request_create(
    *,
    actor: User | None,
    sentra: Sentra,
    beneficiary: Beneficiary,
    device_code: str,
    requested_on: datetime.date | None = None,
    assessment_need_id: int | None = None,
    source: str = "",
    notes: str = "",
) -> DeviceRequest:
    """Put a beneficiary's device need on the centre's waiting list."""
    if actor is not None:
        require_loan_writer(actor, sentra.pk)
    errors: dict[str, list[str]] = {}
    if not _visible_beneficiary(actor, beneficiary):
        errors["beneficiary"] = [_("Choose a beneficiary of your centre.")]
    if device_code not in DeviceCode.values:
        errors["device_code"] = [_("Choose one of the assistive devices.")]
    requested_on = requested_on or timezone.localdate()
    _check_date(errors, "requested_on", requested_on)
    if (
        not errors
        and DeviceRequest.objects.filter(
            beneficiary=beneficiary,
            device_code=device_code,
            status__in=[RequestStatus.WAITING, RequestStatus.LOANED],
        ).exists()
    ):
        errors["device_code"] = [_("This person already has an open need for this device.")]
    if (
        assessment_need_id is not None
        and DeviceRequest.objects.filter(assessment_need_id=assessment_need_id).exists()
    ):
        errors["assessment_need"] = [_("This assessment need is already on the waiting list.")]
    if errors:
        raise ValidationError(errors)
    request = DeviceRequest.objects.create(
        sentra=sentra,
        beneficiary=beneficiary,
        device_code=device_code,
        requested_on=requested_on,
        assessment_need_id=assessment_need_id,
        source=source.strip()[:200],
        notes=notes.strip(),
        requested_by=actor,
    )
    audit.record_create(actor=actor, instance=request, sentra_id=sentra.pk, actor_label=SYSTEM)
    return request


@transaction.atomic
def request_from_assessment(*, actor: User, device_need_id: int) -> DeviceRequest:
    """Put an assessment's open device need (``assessments.DeviceNeed``) on the centre's waiting list."""
    device_need = (
        DeviceNeed.objects.visible_to(actor)
        .current()
        .select_related("beneficiary", "sentra", "need__assessment")
        .filter(pk=device_need_id)
        .first()
    )
    if device_need is None:
        raise ValidationError(
            {"assessment_need": [_("This assessment need is not open, or not one of your centre's.")]}
        )
    assessment = device_need.need.assessment
    source = _("{instrument} assessment of {date}").format(
        instrument=assessment.instrument.upper(), date=assessment.assessed_at.date().isoformat()
    )
    return request_create(
        actor=actor,
        sentra=device_need.sentra,
        beneficiary=device_need.beneficiary,
        device_code=device_need.device,
        assessment_need_id=device_need.pk,
        source=source,
    )


def _close_assessment_need(actor: User | None, request: DeviceRequest, *, met: bool, note: str) -> None:
    """Tell the assessments app that the need is met (a loan started) or cancelled, while it is open."""
    if actor is None or request.assessment_need_id is None:
        return
    device_need = DeviceNeed.objects.filter(
        pk=request.assessment_need_id, status=DeviceNeedStatus.OPEN
    ).first()
    if device_need is None:
        return
    if met:
        assessment_services.device_need_mark_met(actor=actor, device_need=device_need, note=note)
    else:
        assessment_services.device_need_cancel(actor=actor, device_need=device_need, note=note)


def free_devices(sentra_id: int, device_code: str) -> Any:
    return Item.objects.filter(
        sentra_id=sentra_id,
        item_type__device_code=device_code,
        on_loan=False,
        condition__in=LENDABLE_CONDITIONS,
    ).order_by("condition", "acquired_on", "pk")


@transaction.atomic
def loan_issue(
    *,
    actor: User | None,
    request: DeviceRequest,
    item_id: int | None = None,
    issued_on: datetime.date | None = None,
    due_back_on: datetime.date | None = None,
    notes: str = "",
) -> Loan:
    """Lend a free device of the needed kind (the given one, or the best free one) to the person waiting."""
    if actor is not None:
        require_loan_writer(actor, request.sentra_id)
    request = DeviceRequest.objects.select_for_update().get(pk=request.pk)
    errors: dict[str, list[str]] = {}
    issued_on = issued_on or timezone.localdate()
    _check_date(errors, "issued_on", issued_on, after=request.requested_on)
    if due_back_on is not None and due_back_on < issued_on:
        errors["due_back_on"] = [_("The return date cannot be before the issue date.")]
    if request.status != RequestStatus.WAITING:
        errors["request"] = [_("Only a need on the waiting list can receive a loan.")]
    if errors:
        raise ValidationError(errors)
    # Lock every free device of the code (not LIMIT 1: PostgreSQL may then return nothing when the
    # first row was taken meanwhile), then choose.
    candidates = free_devices(request.sentra_id, request.device_code)
    if item_id is not None:
        candidates = candidates.filter(pk=item_id)
    locked = list(candidates.select_for_update(of=("self",)))
    if not locked:
        field = "item" if item_id is not None else "request"
        raise ValidationError(
            {
                field: [
                    _("No device of this kind is free at the centre; the person stays on the waiting list.")
                ]
            }
        )
    item = locked[0]
    before = audit.snapshot(item)
    item.on_loan = True
    item.save(update_fields=["on_loan", "updated_at"])
    try:
        with transaction.atomic():
            loan = Loan.objects.create(
                request=request,
                item=item,
                beneficiary_id=request.beneficiary_id,
                sentra_id=request.sentra_id,
                issued_on=issued_on,
                due_back_on=due_back_on,
                notes=notes.strip(),
                issued_by=actor,
            )
    except IntegrityError:
        raise ValidationError({"item": [_("This device was lent to someone else a moment ago.")]}) from None
    audit.record_update(
        actor=actor, instance=item, before=before, sentra_id=item.sentra_id, actor_label=SYSTEM
    )
    audit.record_create(actor=actor, instance=loan, sentra_id=loan.sentra_id, actor_label=SYSTEM)
    _set_request(actor, request, RequestStatus.LOANED)
    _close_assessment_need(actor, request, met=True, note=_("Lent: {asset}").format(asset=item.asset_number))
    return loan


def _set_request(
    actor: User | None,
    request: DeviceRequest,
    status: str,
    closed_on: datetime.date | None = None,
    *,
    reinstated_on: datetime.date | None = None,
) -> None:
    """Move the request to `status` (audited); `reinstated_on` puts it back at the head of the list."""
    before = audit.snapshot(request)
    request.status = status
    request.closed_on = closed_on
    fields = ["status", "closed_on"]
    if reinstated_on is not None:
        request.reinstated_on = reinstated_on
        fields.append("reinstated_on")
    request.save(update_fields=fields)
    audit.record_update(
        actor=actor, instance=request, before=before, sentra_id=request.sentra_id, actor_label=SYSTEM
    )


def _locked_active(loan: Loan) -> Loan:
    loan = Loan.objects.select_for_update().select_related("item", "request").get(pk=loan.pk)
    if loan.status != LoanStatus.ACTIVE:
        raise ValidationError({"loan": [_("This loan is already closed.")]})
    return loan


@transaction.atomic
def loan_fit(
    *, actor: User | None, loan: Loan, fitted_on: datetime.date | None, fitting_notes: str = ""
) -> Loan:
    """Record the fitting (adjusting the device to the person) and what was adjusted."""
    if actor is not None:
        require_loan_writer(actor, loan.sentra_id)
    loan = _locked_active(loan)
    errors: dict[str, list[str]] = {}
    _check_date(errors, "fitted_on", fitted_on, after=loan.issued_on)
    if errors:
        raise ValidationError(errors)
    before = audit.snapshot(loan)
    loan.fitted_on = fitted_on
    loan.fitting_notes = fitting_notes.strip()
    loan.save(update_fields=["fitted_on", "fitting_notes"])
    audit.record_update(
        actor=actor, instance=loan, before=before, sentra_id=loan.sentra_id, actor_label=SYSTEM
    )
    return loan


@transaction.atomic
def loan_return(
    *, actor: User | None, loan: Loan, returned_on: datetime.date | None, condition: str, notes: str = ""
) -> Loan:
    """The device comes back in the stated condition; the person's need is closed."""
    if actor is not None:
        require_loan_writer(actor, loan.sentra_id)
    loan = _locked_active(loan)
    errors: dict[str, list[str]] = {}
    _check_date(errors, "returned_on", returned_on, after=loan.issued_on)
    if condition not in RETURN_CONDITIONS:
        errors["condition"] = [_("Choose the condition the device came back in.")]
    if errors:
        raise ValidationError(errors)
    before_loan = audit.snapshot(loan)
    loan.status = LoanStatus.RETURNED
    loan.returned_on = returned_on
    if notes.strip():
        loan.notes = f"{loan.notes}\n{notes.strip()}".strip()
    loan.save(update_fields=["status", "returned_on", "notes"])
    audit.record_update(
        actor=actor, instance=loan, before=before_loan, sentra_id=loan.sentra_id, actor_label=SYSTEM
    )
    item = Item.objects.select_for_update().get(pk=loan.item_id)
    before_item = audit.snapshot(item)
    item.on_loan = False
    item.condition = condition
    item.condition_on = returned_on
    item.save(update_fields=["on_loan", "condition", "condition_on", "updated_at"])
    audit.record_update(
        actor=actor, instance=item, before=before_item, sentra_id=item.sentra_id, actor_label=SYSTEM
    )
    _set_request(actor, loan.request, RequestStatus.CLOSED, closed_on=returned_on)
    return loan


@transaction.atomic
def loan_lost(*, actor: User | None, loan: Loan, lost_on: datetime.date | None, notes: str = "") -> Loan:
    """The device is lost: it is written off and the person goes back on the waiting list, at its head.

    Chosen over reopening the assessment's device need: that need records what the assessment found
    (and belongs to the assessments app, which has no reopening step); the equipment need is the one
    that waits for a device, so it is the one reopened, and ``reinstated_on`` puts the person ahead of
    everyone who has not been served yet. The gap report counts the reopened need as unmet again."""
    if actor is not None:
        require_loan_writer(actor, loan.sentra_id)
    loan = _locked_active(loan)
    errors: dict[str, list[str]] = {}
    _check_date(errors, "lost_on", lost_on, after=loan.issued_on)
    if errors:
        raise ValidationError(errors)
    before_loan = audit.snapshot(loan)
    loan.status = LoanStatus.LOST
    loan.lost_on = lost_on
    if notes.strip():
        loan.notes = f"{loan.notes}\n{notes.strip()}".strip()
    loan.save(update_fields=["status", "lost_on", "notes"])
    audit.record_update(
        actor=actor, instance=loan, before=before_loan, sentra_id=loan.sentra_id, actor_label=SYSTEM
    )
    item = Item.objects.select_for_update().get(pk=loan.item_id)
    before_item = audit.snapshot(item)
    item.on_loan = False
    item.condition = Condition.WRITTEN_OFF
    item.condition_on = lost_on
    item.save(update_fields=["on_loan", "condition", "condition_on", "updated_at"])
    audit.record_update(
        actor=actor, instance=item, before=before_item, sentra_id=item.sentra_id, actor_label=SYSTEM
    )
    request = DeviceRequest.objects.select_for_update().get(pk=loan.request_id)
    _set_request(actor, request, RequestStatus.WAITING, reinstated_on=lost_on or timezone.localdate())
    return loan


@transaction.atomic
def request_cancel(*, actor: User | None, request: DeviceRequest, reason: str) -> DeviceRequest:
    if actor is not None:
        require_loan_writer(actor, request.sentra_id)
    request = DeviceRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.WAITING:
        raise ValidationError({"request": [_("Only a need on the waiting list can be cancelled.")]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the need is cancelled.")]})
    request.notes = f"{request.notes}\n{reason.strip()}".strip()
    request.save(update_fields=["notes"])
    _set_request(actor, request, RequestStatus.CANCELLED, closed_on=timezone.localdate())
    _close_assessment_need(actor, request, met=False, note=reason)
    return request
