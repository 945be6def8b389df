"""Tasks: rule-derived reminders and manual tasks."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.core.querysets import ScopedQuerySet

if TYPE_CHECKING:
    pass

from sentra.cases.models.cases import (
    Case,
    _none,
    case_scope,
    centre_scope,
)


class TaskKind(models.TextChoices):
    INITIAL_ASSESSMENT = "initial_assessment", _("Initial assessment")
    PLAN_REVIEW = "plan_review", _("Plan review")
    AFTERCARE = "aftercare", _("After-care follow-up")
    DOCUMENTATION = "documentation", _("Pursue documentation (NIK)")
    MANUAL = "manual", _("Task")


class TaskStatus(models.TextChoices):
    OPEN = "open", _("Open")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


class TaskQuerySet(ScopedQuerySet["Task"]):
    def visible_to(self, user: Any) -> TaskQuerySet:
        """A task of a case the user sees, a centre task of their centre, or one given to them."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        scope = case_scope(user, "case__")
        if scope is None:
            return self
        own = models.Q(assigned_to_id=user.pk)
        centre = centre_scope(user, "sentra_id") or _none()
        return self.filter(scope | own | (models.Q(case__isnull=True) & centre))

    def overdue(self, today: datetime.date | None = None) -> TaskQuerySet:
        return self.filter(status=TaskStatus.OPEN, due_on__lt=today or timezone.localdate())


class Task(models.Model):
    """A reminder: derived from the case rules (``rule_key`` set) or written by a person (manual)."""

    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    case = models.ForeignKey(Case, null=True, blank=True, on_delete=models.CASCADE, related_name="tasks")
    # A task about a person rather than a case (pursuing the documentation of someone without a NIK).
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="tasks",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=TaskKind.choices, default=TaskKind.MANUAL)
    rule_key = models.CharField(max_length=60, blank=True, editable=False)
    title = models.CharField(_("task"), max_length=200)
    details = models.TextField(_("details"), blank=True)
    due_on = models.DateField(_("due on"), db_index=True)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cases_tasks",
    )
    status = models.CharField(_("status"), max_length=10, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completion_note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "rule_key"], condition=~models.Q(rule_key=""), name="cases_task_rule_once"
            ),
        ]
        indexes = [models.Index(fields=["assigned_to", "status", "due_on"], name="cases_task_mine_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_overdue(self) -> bool:
        return self.status == TaskStatus.OPEN and self.due_on < timezone.localdate()

    @property
    def display_title(self) -> str:
        """Rule-derived tasks are named in the reader's language; manual ones as written."""
        if self.kind == TaskKind.MANUAL:
            return self.title
        label = str(self.get_kind_display())
        if self.kind == TaskKind.PLAN_REVIEW and self.details:
            return f"{label} ({self.details})"
        if self.kind == TaskKind.AFTERCARE and self.details.endswith("m"):
            months = self.details[:-1]
            return str(_("{label}: {months} months after termination")).format(label=label, months=months)
        return label
