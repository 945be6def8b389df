"""Residential stays: rooms, admissions, home leave, daily roll call."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    pass

from sentra.cases.models.cases import (
    _M,
    Case,
    centre_scope,
)


class CentreScoped(ScopedQuerySet[_M]):
    field = "sentra_id"

    def visible_to(self, user: Any) -> Self:
        scope = centre_scope(user, self.field)
        return self if scope is None else self.filter(scope)


class RoomSex(models.TextChoices):
    MALE = "M", _("Men / boys")
    FEMALE = "F", _("Women / girls")
    MIXED = "X", _("Mixed")


class Room(models.Model):
    sentra = models.ForeignKey("network.Sentra", on_delete=models.CASCADE, related_name="rooms")
    name = models.CharField(_("room"), max_length=60)
    beds = models.PositiveSmallIntegerField(_("beds"), validators=[MinValueValidator(1)])
    sex = models.CharField(_("for"), max_length=1, choices=RoomSex.choices, default=RoomSex.MIXED)
    is_active = models.BooleanField(_("in use"), default=True)

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["sentra", "name"]
        constraints = [models.UniqueConstraint(fields=["sentra", "name"], name="cases_room_name_unique")]

    def __str__(self) -> str:
        return self.name


class StayStatus(models.TextChoices):
    IN_RESIDENCE = "in_residence", _("In residence")
    ON_LEAVE = "on_leave", _("On home leave")
    DISCHARGED = "discharged", _("Discharged")


class DischargeReason(models.TextChoices):
    COMPLETED = "completed", _("Programme completed")
    REUNIFIED = "reunified", _("Returned to family")
    TRANSFERRED = "transferred", _("Transferred or referred")
    ABSCONDED = "absconded", _("Left without permission")
    HOSPITALISED = "hospitalised", _("Long-term hospital care")
    DIED = "died", _("Died")
    OTHER = "other", _("Other")


class ResidentialStay(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="stays")
    sentra = models.ForeignKey("network.Sentra", on_delete=models.PROTECT, related_name="stays")
    admitted_on = models.DateField(_("admitted on"))
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.PROTECT, related_name="stays"
    )
    bed = models.CharField(_("bed"), max_length=20, blank=True)
    status = models.CharField(
        _("status"), max_length=14, choices=StayStatus.choices, default=StayStatus.IN_RESIDENCE, db_index=True
    )
    discharged_on = models.DateField(_("discharged on"), null=True, blank=True)
    discharge_reason = models.CharField(
        _("discharge reason"), max_length=14, choices=DischargeReason.choices, blank=True
    )
    discharge_note = models.TextField(_("discharge note"), blank=True)
    admitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("residential stay")
        verbose_name_plural = _("residential stays")
        ordering = ["-admitted_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case"], condition=~models.Q(status="discharged"), name="cases_stay_one_open"
            ),
            models.UniqueConstraint(
                fields=["room", "bed"],
                condition=~models.Q(status="discharged") & ~models.Q(bed=""),
                name="cases_stay_bed_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case} @ {self.sentra_id}"

    @property
    def is_open(self) -> bool:
        return self.status != StayStatus.DISCHARGED


class HomeLeave(models.Model):
    stay = models.ForeignKey(ResidentialStay, on_delete=models.CASCADE, related_name="leaves")
    starts_on = models.DateField(_("leaves on"))
    expected_return_on = models.DateField(_("expected back on"))
    returned_on = models.DateField(_("returned on"), null=True, blank=True)
    destination = models.CharField(_("staying with / where"), max_length=200)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("home leave")
        verbose_name_plural = _("home leaves")
        ordering = ["-starts_on", "-id"]

    def __str__(self) -> str:
        return f"{self.stay_id} {self.starts_on}..{self.expected_return_on}"

    @property
    def is_late(self) -> bool:
        return self.returned_on is None and self.expected_return_on < timezone.localdate()


class RollCall(models.Model):
    sentra = models.ForeignKey("network.Sentra", on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("day"))
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(default=timezone.now)

    objects = CentreScoped.as_manager()

    class Meta:
        verbose_name = _("roll call")
        verbose_name_plural = _("roll calls")
        ordering = ["-day"]
        constraints = [models.UniqueConstraint(fields=["sentra", "day"], name="cases_rollcall_daily")]

    def __str__(self) -> str:
        return f"{self.sentra_id} {self.day}"


class Presence(models.TextChoices):
    PRESENT = "present", _("Present")
    ON_LEAVE = "on_leave", _("On home leave")
    HOSPITAL = "hospital", _("In hospital")
    ABSENT = "absent", _("Absent without leave")


class RollCallEntry(models.Model):
    roll_call = models.ForeignKey(RollCall, on_delete=models.CASCADE, related_name="entries")
    stay = models.ForeignKey(ResidentialStay, on_delete=models.PROTECT, related_name="roll_entries")
    presence = models.CharField(_("presence"), max_length=10, choices=Presence.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["roll_call", "stay"], name="cases_rollcall_entry_once")
        ]

    def __str__(self) -> str:
        return f"{self.roll_call_id} {self.stay_id} {self.presence}"
