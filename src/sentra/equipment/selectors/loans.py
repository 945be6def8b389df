"""Scoped reads of device needs, the waiting list and loans (personal data: centre staff only)."""

from __future__ import annotations

from typing import Any

from django.db.models import F, QuerySet

from sentra.assessments.models import DeviceNeed
from sentra.core import audit
from sentra.core.access import get_visible_or_404, require_role
from sentra.equipment.models import DeviceRequest, Loan, LoanStatus, RequestStatus
from sentra.equipment.models.loans import LOAN_ROLES
from sentra.network.models import Sentra

LOAN_READERS = (*LOAN_ROLES, "sysadmin")


def waiting_list(*, user: Any, sentra: Sentra, device_code: str = "") -> QuerySet[DeviceRequest]:
    """The people waiting for a device: those whose lent device was lost first (they were served
    already), then first recorded first served."""
    require_role(user, *LOAN_READERS)
    requests = DeviceRequest.objects.visible_to(user).filter(sentra=sentra, status=RequestStatus.WAITING)
    if device_code:
        requests = requests.filter(device_code=device_code)
    return requests.select_related("beneficiary").order_by(
        F("reinstated_on").asc(nulls_last=True), "requested_on", "pk"
    )


def active_loans(*, user: Any, sentra: Sentra) -> QuerySet[Loan]:
    require_role(user, *LOAN_READERS)
    return (
        Loan.objects.visible_to(user)
        .filter(sentra=sentra, status=LoanStatus.ACTIVE)
        .select_related("beneficiary", "item__item_type")
        .order_by("-issued_on", "-pk")
    )


def request_get(*, user: Any, pk: int) -> DeviceRequest:
    """One need; a person's record, so whoever may not read it gets 404 like any other record."""
    return get_visible_or_404(DeviceRequest.objects.select_related("beneficiary", "sentra"), user, pk=pk)


def loan_get(*, user: Any, pk: int) -> Loan:
    return get_visible_or_404(
        Loan.objects.select_related("beneficiary", "item__item_type", "request", "sentra"), user, pk=pk
    )


def loans_of_item(*, user: Any, item_id: int) -> QuerySet[Loan]:
    """An item's loan history as the viewer may see it (analysts: none, it names persons)."""
    return Loan.objects.visible_to(user).filter(item_id=item_id).select_related("beneficiary")


def assessment_needs_unlisted(*, user: Any, sentra: Sentra) -> QuerySet[DeviceNeed]:
    """Open device needs from assessments of the centre's persons that are not on the waiting list yet."""
    require_role(user, *LOAN_READERS)
    linked = DeviceRequest.objects.filter(assessment_need_id__isnull=False).values("assessment_need_id")
    return (
        DeviceNeed.objects.visible_to(user)
        .current()
        .filter(sentra=sentra)
        .exclude(pk__in=linked)
        .select_related("beneficiary", "need__assessment")
        .order_by("created_at", "pk")
    )


# A device need tells of a person's disability: reading one is logged like other health data (UU PDP).
ACCESS_CATEGORY = "health"


def request_for_reading(*, user: Any, pk: int, purpose: str) -> DeviceRequest:
    need = request_get(user=user, pk=pk)
    audit.record_access(
        actor=user, instance=need, category=ACCESS_CATEGORY, purpose=purpose, sentra_id=need.sentra_id
    )
    return need


def loan_for_reading(*, user: Any, pk: int, purpose: str) -> Loan:
    loan = loan_get(user=user, pk=pk)
    audit.record_access(
        actor=user, instance=loan, category=ACCESS_CATEGORY, purpose=purpose, sentra_id=loan.sentra_id
    )
    return loan
