"""Bulk imports of persons from CSV/XLSX files."""

from __future__ import annotations

import secrets
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models.registry import _centre_scope
from sentra.core.querysets import ScopedQuerySet


def import_upload_to(instance: Any, filename: str) -> str:
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"beneficiaries/imports/{timezone.now():%Y/%m}/{secrets.token_hex(16)}.{extension}"


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    VALIDATING = "validating", _("Checking rows")
    INVALID = "invalid", _("Rows with errors: nothing imported")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportJobQuerySet(ScopedQuerySet["ImportJob"]):
    def visible_to(self, user: Any) -> ImportJobQuerySet:
        scope = _centre_scope(user, "sentra_id")
        return self if scope is None else self.filter(scope)


class ImportJob(models.Model):
    """One uploaded CSV/XLSX file of beneficiaries, checked then imported by a background task."""

    sentra = models.ForeignKey(
        "network.Sentra", verbose_name=_("centre"), on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(_("file"), upload_to=import_upload_to, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    import_valid_rows = models.BooleanField(
        _("import the valid rows even if some have errors"), default=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    valid_rows = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    existing_count = models.PositiveIntegerField(default=0)
    error_count = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = _("beneficiary import")
        verbose_name_plural = _("beneficiary imports")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportStatus.INVALID, ImportStatus.DONE, ImportStatus.FAILED)

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 100 if self.is_finished else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
