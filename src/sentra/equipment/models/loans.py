"""Assistive-device needs (the waiting list) and loans of devices to beneficiaries."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.core.models import Role
from sentra.core.querysets import ScopedQuerySet, centre_ids_of
from sentra.equipment.models.catalogue import DeviceCode
from sentra.equipment.models.inventory import Item

# Staff who record and read device needs and loans of their centre's beneficiaries.
LOAN_ROLES = frozenset({Role.CASE_MANAGER, Role.PROFESSIONAL, Role.CENTRE_HEAD})


def _personal_scope(user: Any) -> models.Q | None:
    """None: everything; otherwise the filter on the centre. Analysts never read a person's loans."""
    if not getattr(user, "is_authenticated", False):
        return models.Q(pk__in=[])
    if user.role == Role.SYSADMIN:
        return None
    if user.role not in LOAN_ROLES:
        return models.Q(pk__in=[])
    return models.Q(sentra_id__in=centre_ids_of(user))


class RequestStatus(models.TextChoices):
    WAITING = "waiting", _("Waiting for a device")
    LOANED = "loaned", _("Device on loan")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_REQUEST_STATUSES = (RequestStatus.WAITING, RequestStatus.LOANED)


class DeviceRequestQuerySet(ScopedQuerySet["DeviceRequest"]):
    def visible_to(self, user: Any) -> DeviceRequestQuerySet:
        scope = _personal_scope(user)
        return self if scope is None else self.filter(scope)


class DeviceRequest(models.Model):
    """A beneficiary's need for an assistive device, usually from an assessment; waits until loaned."""

    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="device_requests",
    )
    device_code = models.CharField(_("device"), max_length=20, choices=DeviceCode.choices)
    # The assessments app's need, kept as a plain id so equipment works whichever app ships first.
    assessment_need_id = models.PositiveBigIntegerField(_("assessment need"), null=True, blank=True)
    source = models.CharField(_("where the need comes from"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RequestStatus.choices, default=RequestStatus.WAITING
    )
    requested_on = models.DateField(_("need recorded on"))
    # Set when a lent device is lost: the person goes back to the head of the waiting list (they were
    # served once already and are without the device through no queue of their own).
    reinstated_on = models.DateField(_("back on the waiting list after a loss on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DeviceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("device need")
        verbose_name_plural = _("device needs")
        ordering = ["requested_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["beneficiary", "device_code"],
                condition=models.Q(status__in=["waiting", "loaned"]),
                name="equipment_request_one_open",
            ),
            models.UniqueConstraint(
                fields=["assessment_need_id"],
                condition=models.Q(assessment_need_id__isnull=False),
                name="equipment_request_need_once",
            ),
        ]
        indexes = [models.Index(fields=["sentra", "status", "device_code"], name="equipment_request_queue")]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} {self.device_code} ({self.status})"


class LoanStatus(models.TextChoices):
    ACTIVE = "active", _("On loan")
    RETURNED = "returned", _("Returned")
    LOST = "lost", _("Lost")


class LoanQuerySet(ScopedQuerySet["Loan"]):
    def visible_to(self, user: Any) -> LoanQuerySet:
        scope = _personal_scope(user)
        return self if scope is None else self.filter(scope)


class Loan(models.Model):
    request = models.ForeignKey(DeviceRequest, on_delete=models.PROTECT, related_name="loans")
    item = models.ForeignKey(Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="loans")
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary", verbose_name=_("beneficiary"), on_delete=models.PROTECT, related_name="+"
    )
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=LoanStatus.choices, default=LoanStatus.ACTIVE
    )
    issued_on = models.DateField(_("issued on"))
    due_back_on = models.DateField(_("due back on"), null=True, blank=True)
    fitted_on = models.DateField(_("fitted on"), null=True, blank=True)
    fitting_notes = models.TextField(_("fitting notes"), blank=True)
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    lost_on = models.DateField(_("reported lost on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = LoanQuerySet.as_manager()

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-issued_on", "-id"]
        constraints = [
            # The last line of defence: one item is never on two active loans at once.
            models.UniqueConstraint(
                fields=["item"], condition=models.Q(status="active"), name="equipment_loan_item_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} → {self.beneficiary_id} ({self.status})"
