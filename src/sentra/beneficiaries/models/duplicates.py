"""Possible duplicate pairs for a person to decide on, and what a merge changed."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models.registry import Beneficiary, _centre_scope
from sentra.core.querysets import ScopedQuerySet


class ReviewStatus(models.TextChoices):
    OPEN = "open", _("Open")
    MERGED = "merged", _("Merged")
    DISTINCT = "distinct", _("Distinct persons")


class DuplicateReviewQuerySet(ScopedQuerySet["DuplicateReview"]):
    def visible_to(self, user: Any) -> DuplicateReviewQuerySet:
        """A pair is visible to a centre when both of its records are (nothing leaks across centres)."""
        scope = _centre_scope(user, "first__registered_sentra_id")
        if scope is None:
            return self
        second = _centre_scope(user, "second__registered_sentra_id")
        assert second is not None
        return self.filter(scope & second)


class DuplicateReview(models.Model):
    """A possible duplicate pair for a person to decide on; the finder never merges on its own."""

    first = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey(Beneficiary, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"))
    reasons = models.JSONField(_("reasons"), default=list)
    status = models.CharField(
        _("status"), max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.OPEN, db_index=True
    )
    survivor = models.ForeignKey(
        Beneficiary,
        verbose_name=_("record kept"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("note"), blank=True)
    # What the merge changed (survivor's previous values, moved rows), so that unmerge can restore it.
    merge_state = models.JSONField(default=dict, blank=True, editable=False)
    unmerged_at = models.DateTimeField(_("unmerged at"), null=True, blank=True)
    unmerged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = DuplicateReviewQuerySet.as_manager()

    class Meta:
        verbose_name = _("duplicate review")
        verbose_name_plural = _("duplicate reviews")
        ordering = ["-score", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="beneficiaries_review_pair_unique"),
            models.CheckConstraint(
                condition=models.Q(first__lt=models.F("second")), name="beneficiaries_review_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.first_id} ~ #{self.second_id} ({self.score:.0f})"
