"""Knowledge-exchange proposals between centres: aggregate facts about centres, not people."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of


class ExchangeStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    AGREED = "agreed", _("Agreed")
    DONE = "done", _("Done")
    DECLINED = "declined", _("Declined")


class ExchangeQuerySet(ScopedQuerySet["ExchangeProposal"]):
    def visible_to(self, user: Any) -> ExchangeQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role in ("sysadmin", "national_analyst"):
            return self
        mine = centre_ids_of(user)
        return self.filter(models.Q(host_id__in=mine) | models.Q(visitor_id__in=mine))


class ExchangeProposal(models.Model):
    host = models.ForeignKey(
        "network.Sentra", verbose_name=_("host centre"), on_delete=models.PROTECT, related_name="+"
    )
    visitor = models.ForeignKey(
        "network.Sentra", verbose_name=_("visiting centre"), on_delete=models.PROTECT, related_name="+"
    )
    competency = models.ForeignKey("workforce.Competency", on_delete=models.PROTECT, related_name="+")
    host_strength = models.DecimalField(_("host strength"), max_digits=4, decimal_places=2)
    visitor_strength = models.DecimalField(_("visitor strength"), max_digits=4, decimal_places=2)
    benefit = models.DecimalField(_("benefit"), max_digits=7, decimal_places=3)
    distance_km = models.DecimalField(_("distance (km)"), max_digits=8, decimal_places=1)
    value = models.DecimalField(_("net value"), max_digits=7, decimal_places=3)
    status = models.CharField(
        _("status"), max_length=10, choices=ExchangeStatus.choices, default=ExchangeStatus.PROPOSED
    )
    planned_on = models.DateField(_("planned on"), null=True, blank=True)
    learnt = models.TextField(_("what was learnt"), blank=True)
    follow_up = models.TextField(_("follow-up"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ExchangeQuerySet.as_manager()

    class Meta:
        verbose_name = _("exchange proposal")
        verbose_name_plural = _("exchange proposals")
        ordering = ["-value", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(host=models.F("visitor")), name="training_exchange_two_centres"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.visitor_id}->{self.host_id}:{self.competency_id}"
