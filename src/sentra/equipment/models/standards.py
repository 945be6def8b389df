"""Standards as data: the equipment a centre offering a service should have, scaled by caseload."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet
from sentra.equipment.models.catalogue import ItemType
from sentra.network.models import Setting


class CaseloadBasis(models.TextChoices):
    """What the caseload of a standard is counted in (see rules.gaps for the formula)."""

    NONE = "none", _("Fixed quantity (not scaled)")
    PLACES = "places", _("Places offered (centre capacity)")
    ACTIVE_CASES = "active_cases", _("Open cases")
    DAILY_SESSIONS = "daily_sessions", _("Daily sessions (average of the last 4 weeks)")


class StandardQuerySet(ScopedQuerySet["Standard"]):
    def visible_to(self, user: Any) -> StandardQuerySet:
        """Standards are national reference data: every signed-in user reads them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self


class Standard(models.Model):
    component = models.ForeignKey(
        "network.ServiceComponent",
        verbose_name=_("ATENSI component"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subtype = models.ForeignKey(
        "network.ServiceSubtype",
        verbose_name=_("sub-type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    setting = models.CharField(
        _("setting"),
        max_length=12,
        choices=Setting.choices,
        blank=True,
        help_text=_("Empty: the standard applies in every setting the centre offers the service in."),
    )
    item_type = models.ForeignKey(
        ItemType, verbose_name=_("item type"), on_delete=models.PROTECT, related_name="standards"
    )
    minimum_quantity = models.PositiveIntegerField(_("minimum quantity"), default=0)
    caseload_basis = models.CharField(
        _("caseload counted in"), max_length=16, choices=CaseloadBasis.choices, default=CaseloadBasis.NONE
    )
    caseload_per_unit = models.PositiveIntegerField(
        _("caseload per unit"),
        null=True,
        blank=True,
        help_text=_("One unit for every N of the caseload, e.g. one treatment table per 8 daily sessions."),
    )
    note = models.TextField(_("source or rationale"), blank=True)
    is_active = models.BooleanField(_("in force"), default=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = StandardQuerySet.as_manager()

    class Meta:
        verbose_name = _("equipment standard")
        verbose_name_plural = _("equipment standards")
        ordering = ["component__number", "subtype__code", "setting", "item_type__code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(caseload_basis="none") | models.Q(caseload_per_unit__gte=1),
                name="equipment_standard_scaled_has_ratio",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.component_id}/{self.subtype_id or '-'}/{self.setting or '*'}: {self.item_type_id}"


class StandardRevision(models.Model):
    """Every version of a standard as it was saved: who changed it, when and why."""

    standard = models.ForeignKey(Standard, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("values"))
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("standard revision")
        verbose_name_plural = _("standard revisions")
        ordering = ["standard_id", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["standard", "version"], name="equipment_revision_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.standard_id} v{self.version}"
