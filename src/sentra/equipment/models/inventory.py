"""Each centre's inventory: items, their inspections, maintenance and photos."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of, sees_all_centres
from sentra.equipment.models.catalogue import ItemType


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    NEEDS_REPAIR = "needs_repair", _("Needs repair")
    BROKEN = "broken", _("Broken")
    WRITTEN_OFF = "written_off", _("Written off")


class ItemQuerySet(ScopedQuerySet["Item"]):
    def visible_to(self, user: Any) -> ItemQuerySet:
        """National roles see every centre's inventory (analysts read-only); staff their centres'."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if sees_all_centres(user):
            return self
        return self.filter(sentra_id__in=centre_ids_of(user))

    def held(self) -> ItemQuerySet:
        """Items the centre still holds (written-off ones stay for history)."""
        return self.exclude(condition=Condition.WRITTEN_OFF)


class Item(models.Model):
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="equipment_items"
    )
    item_type = models.ForeignKey(
        ItemType, verbose_name=_("item type"), on_delete=models.PROTECT, related_name="items"
    )
    asset_number = models.CharField(_("asset number"), max_length=40)
    serial_number = models.CharField(_("serial number"), max_length=80, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    acquired_on = models.DateField(_("acquisition date"))
    acquisition_cost = models.DecimalField(_("acquisition cost (Rp)"), max_digits=14, decimal_places=0)
    lifespan_years = models.PositiveSmallIntegerField(_("expected lifespan (years)"))
    # Stored so that the national replacement plan compares one indexed date instead of computing it.
    lifespan_ends_on = models.DateField(_("end of expected life"))
    condition = models.CharField(
        _("condition"), max_length=14, choices=Condition.choices, default=Condition.GOOD
    )
    condition_on = models.DateField(_("condition as of"), null=True, blank=True)
    on_loan = models.BooleanField(_("on loan"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("inventory item")
        verbose_name_plural = _("inventory items")
        ordering = ["sentra_id", "asset_number"]
        constraints = [
            models.UniqueConstraint(fields=["sentra", "asset_number"], name="equipment_item_asset_unique"),
            models.CheckConstraint(condition=models.Q(acquisition_cost__gte=0), name="equipment_item_cost"),
            models.CheckConstraint(condition=models.Q(lifespan_years__gte=1), name="equipment_item_lifespan"),
        ]
        indexes = [
            models.Index(fields=["sentra", "item_type", "condition"], name="equipment_item_centre_type"),
        ]

    def __str__(self) -> str:
        return f"{self.asset_number} {self.item_type}"

    @property
    def is_past_lifespan(self) -> bool:
        return self.lifespan_ends_on < timezone.localdate()


class Inspection(models.Model):
    """A dated look at an item; the latest one sets the item's condition."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="inspections")
    inspected_on = models.DateField(_("inspection date"))
    condition = models.CharField(_("condition"), max_length=14, choices=Condition.choices)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-inspected_on", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} {self.inspected_on} {self.condition}"


class MaintenanceKind(models.TextChoices):
    SERVICE = "service", _("Routine service")
    REPAIR = "repair", _("Repair")
    CALIBRATION = "calibration", _("Calibration")
    PARTS = "parts", _("Parts replaced")


class MaintenanceRecord(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="maintenance")
    performed_on = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=12, choices=MaintenanceKind.choices)
    description = models.TextField(_("what was done"))
    cost = models.DecimalField(_("cost (Rp)"), max_digits=14, decimal_places=0, default=0)
    performed_by = models.CharField(_("performed by"), max_length=150, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("maintenance record")
        verbose_name_plural = _("maintenance records")
        ordering = ["-performed_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(cost__gte=0), name="equipment_maintenance_cost"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.performed_on} {self.kind}"


def photo_upload_to(instance: Any, filename: str) -> str:
    # A random name: the uploader's file name never reaches the disk.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"equipment/photos/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class ItemPhoto(models.Model):
    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos")
    photo = models.FileField(_("photo"), upload_to=photo_upload_to, max_length=200)
    caption = models.CharField(_("caption"), max_length=150, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("item photo")
        verbose_name_plural = _("item photos")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return f"{self.item_id} photo {self.pk}"
