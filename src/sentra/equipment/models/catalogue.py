"""The catalogue of item types: what each kind of equipment costs and how long it lasts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    THERAPY = "therapy", _("Therapy and rehabilitation")
    ASSISTIVE = "assistive", _("Assistive devices")
    CARE = "care", _("Care equipment")
    VOCATIONAL = "vocational", _("Vocational training")
    ICT = "ict", _("ICT")
    VEHICLE = "vehicle", _("Vehicles")
    SAFETY = "safety", _("Safety")


class DeviceCode(models.TextChoices):
    """Codes shared with the assessments needs engine: a device need names one of these."""

    WHEELCHAIR = "wheelchair", _("Wheelchair")
    WALKER = "walker", _("Walker")
    CRUTCHES = "crutches", _("Crutches")
    WHITE_CANE = "white_cane", _("White cane")
    HEARING_AID = "hearing_aid", _("Hearing aid")
    PROSTHESIS = "prosthesis", _("Prosthesis")
    ORTHOSIS = "orthosis", _("Orthosis")
    HOSPITAL_BED = "hospital_bed", _("Hospital bed")


class ItemType(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices, db_index=True)
    device_code = models.CharField(
        _("assistive-device code"),
        max_length=20,
        choices=DeviceCode.choices,
        blank=True,
        help_text=_("Set for devices lent to beneficiaries; matches the device needs from assessments."),
    )
    unit_cost = models.DecimalField(_("unit cost (Rp)"), max_digits=14, decimal_places=0)
    lifespan_years = models.PositiveSmallIntegerField(_("expected lifespan (years)"))
    is_active = models.BooleanField(_("active"), default=True)
    # Versioned like the standards: every change adds an ItemTypeRevision with the values and why.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("item type")
        verbose_name_plural = _("item types")
        ordering = ["category", "code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(lifespan_years__gte=1), name="equipment_type_lifespan"),
            models.CheckConstraint(condition=models.Q(unit_cost__gte=0), name="equipment_type_cost"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        language = (get_language() or "id").lower()
        return self.name_en if language.startswith("en") and self.name_en else self.name_id


class ItemTypeRevision(models.Model):
    """One version of a catalogue entry as saved (the budget priced with it can be traced back)."""

    item_type = models.ForeignKey(ItemType, on_delete=models.CASCADE, related_name="revisions")
    version = models.PositiveIntegerField(_("version"))
    data = models.JSONField(_("values"))
    reason = models.CharField(_("reason for the change"), max_length=300, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("catalogue entry version")
        verbose_name_plural = _("catalogue entry versions")
        ordering = ["item_type", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["item_type", "version"], name="equipment_type_version_once")
        ]

    def __str__(self) -> str:
        return f"{self.item_type_id} v{self.version}"
