"""The waiting list: people waiting for a place or a service."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    pass

from sentra.cases.models.cases import (
    Case,
)
from sentra.cases.models.referrals import Urgency
from sentra.cases.models.residential import CentreScoped


class WaitingFor(models.TextChoices):
    PLACE = "place", _("A residential place")
    SERVICE = "service", _("A service")


class WaitingRemoval(models.TextChoices):
    ADMITTED = "admitted", _("Admitted / served")
    REFERRED = "referred", _("Referred elsewhere")
    WITHDRAWN = "withdrawn", _("No longer needed")
    UNREACHABLE = "unreachable", _("Could not be reached")
    DIED = "died", _("Died")


class WaitingListEntry(models.Model):
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        related_name="waiting_entries",
    )
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.SET_NULL, related_name="waiting_entries"
    )
    waiting_for = models.CharField(_("waiting for"), max_length=10, choices=WaitingFor.choices)
    component = models.ForeignKey(
        "network.ServiceComponent",
        verbose_name=_("ATENSI component"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    added_on = models.DateField(_("waiting since"), default=timezone.localdate)
    note = models.TextField(_("note"), blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.CharField(_("outcome"), max_length=12, choices=WaitingRemoval.choices, blank=True)

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        ordering = ["added_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(waiting_for="service") | models.Q(component__isnull=False),
                name="cases_waiting_service_component",
            ),
            models.UniqueConstraint(
                fields=["sentra", "beneficiary", "waiting_for", "component"],
                condition=models.Q(removed_on__isnull=True),
                name="cases_waiting_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.beneficiary_id} @ {self.sentra_id} ({self.waiting_for})"

    def waiting_days(self, today: datetime.date | None = None) -> int:
        end = self.removed_on or today or timezone.localdate()
        return (end - self.added_on).days
