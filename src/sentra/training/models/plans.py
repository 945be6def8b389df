"""Training plans proposed from a centre's gap report, approved by its head or HR."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet, centre_ids_of
from sentra.training.models.catalogue import MANAGER_ROLES


class PlanStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    APPROVED = "approved", _("Approved")


class PlanQuerySet(ScopedQuerySet["TrainingPlan"]):
    def visible_to(self, user: Any) -> PlanQuerySet:
        """Plans name people: HR and the head of the centre, and the administrator."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == "sysadmin":
            return self
        if user.role in MANAGER_ROLES:
            return self.filter(sentra_id__in=centre_ids_of(user))
        return self.none()


class TrainingPlan(models.Model):
    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveIntegerField(_("year"))
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.PROPOSED
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        verbose_name = _("training plan")
        verbose_name_plural = _("training plans")
        ordering = ["-year", "sentra_id"]
        constraints = [models.UniqueConstraint(fields=["sentra", "year"], name="training_plan_once_a_year")]

    def __str__(self) -> str:
        return f"{self.sentra_id}/{self.year}"


class PlanItem(models.Model):
    """Who should attend what, and why (the gap-report numbers behind the proposal)."""

    plan = models.ForeignKey(TrainingPlan, on_delete=models.CASCADE, related_name="items")
    staff = models.ForeignKey("workforce.StaffMember", on_delete=models.PROTECT, related_name="+")
    competency = models.ForeignKey("workforce.Competency", on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(
        "training.Course", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    current_level = models.PositiveSmallIntegerField(_("current level"))
    target_level = models.PositiveSmallIntegerField(_("target level"))
    staff_needed = models.PositiveIntegerField(_("staff needed at the level"))
    staff_at_level = models.PositiveIntegerField(_("staff at the level"))
    beneficiaries_needing = models.PositiveIntegerField(_("beneficiaries needing it"))

    class Meta:
        ordering = ["plan_id", "competency_id", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "staff", "competency"], name="training_plan_item_once"),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}:{self.staff_id}:{self.competency_id}"
