"""Placement runs over a waiting list and the proposals people review.

Who coordinates (see docs/placement.md, "Who may coordinate"): a centre head for the waiting list
of their own centres, a system administrator for any centre or the whole country. National analysts
never see a run (runs name people); they read the aggregate figures in ``insights``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.core.models import Role
from sentra.core.querysets import ScopedQuerySet, centre_ids_of

#: The roles that may run placements and review their proposals.
COORDINATOR_ROLES = (Role.CENTRE_HEAD, Role.SYSADMIN)


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class PlacementRunQuerySet(ScopedQuerySet["PlacementRun"]):
    def visible_to(self, user: Any) -> PlacementRunQuerySet:
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if user.role == Role.SYSADMIN:
            return self
        if user.role == Role.CENTRE_HEAD:
            return self.filter(sentra_id__in=centre_ids_of(user))
        return self.none()


class PlacementRun(models.Model):
    """One optimisation of one waiting list (a centre's, or with no centre the national one)."""

    sentra = models.ForeignKey(
        "network.Sentra",
        verbose_name=_("waiting list of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("what-if of"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="what_ifs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    # The coordinator's changes: {"pins": {beneficiary id: centre id}, "excluded": [centre ids],
    # "capacity": [{"centre": id, "service": code, "delta": n}]}.
    adjustments = models.JSONField(_("changes"), default=dict, blank=True)
    #: The optional policy terms the coordinator ticked: ``children_in_province``, ``families_together``.
    policy = models.JSONField(_("policy terms"), default=dict, blank=True)
    # The instance exactly as solved (rules.instance_to_data), so every run can be replayed.
    instance = models.JSONField(default=dict, blank=True, editable=False)
    method = models.CharField(max_length=20, blank=True)
    solver_status = models.CharField(max_length=10, blank=True)
    people = models.PositiveIntegerField(default=0)
    placed = models.PositiveIntegerField(default=0)
    urgent_unplaced = models.PositiveIntegerField(default=0)
    objective = models.FloatField(null=True, blank=True)
    total_distance_km = models.FloatField(null=True, blank=True)
    lower_bound = models.FloatField(null=True, blank=True)
    gap = models.FloatField(null=True, blank=True)
    seconds = models.FloatField(null=True, blank=True)
    # Greedy baseline (urgent first, nearest centre with room) of the same instance, and the difference.
    greedy = models.JSONField(default=dict, blank=True, editable=False)
    failure = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PlacementRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement run")
        verbose_name_plural = _("placement runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.status})"

    @property
    def children_in_province(self) -> bool:
        return bool((self.policy or {}).get("children_in_province"))

    @property
    def families_together(self) -> bool:
        return bool((self.policy or {}).get("families_together"))

    @property
    def staff_capped_centres(self) -> int:
        """Centres whose workforce records capped the run (their ``staff`` in the stored instance)."""
        centres = (self.instance or {}).get("centres", [])
        return sum(1 for centre in centres if centre.get("staff") is not None)

    @property
    def is_finished(self) -> bool:
        return self.status in (RunStatus.DONE, RunStatus.FAILED)

    @property
    def unplaced(self) -> int:
        return self.people - self.placed

    @property
    def gap_percent(self) -> float | None:
        return None if self.gap is None else self.gap * 100


class ProposalKind(models.TextChoices):
    PLACED = "placed", _("Placed")
    PINNED = "pinned", _("Pinned by the coordinator")
    UNPLACED = "unplaced", _("Not placed")


class Decision(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")
    ACCEPTED = "accepted", _("Accepted")


class PlacementProposalQuerySet(ScopedQuerySet["PlacementProposal"]):
    def visible_to(self, user: Any) -> PlacementProposalQuerySet:
        return self.filter(run__in=PlacementRun.objects.visible_to(user))


class PlacementProposal(models.Model):
    """What the run proposes for one waiting person, with the reasons, and what was decided."""

    run = models.ForeignKey(PlacementRun, on_delete=models.CASCADE, related_name="proposals")
    beneficiary = models.ForeignKey(
        "beneficiaries.Beneficiary", verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    # The waiting-list entry the proposal answers (its centre sends the referral, its case is referred).
    entry = models.ForeignKey("cases.WaitingListEntry", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("proposal"), max_length=10, choices=ProposalKind.choices)
    centre = models.ForeignKey(
        "network.Sentra",
        verbose_name=_("proposed centre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    greedy_centre = models.ForeignKey(
        "network.Sentra", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    distance_km = models.FloatField(_("distance (km)"), null=True, blank=True)
    urgency = models.PositiveSmallIntegerField(_("urgency"))
    needs = models.JSONField(_("services needed"), default=list)
    reasons = models.JSONField(default=dict)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, default=Decision.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    referral = models.ForeignKey(
        "cases.Referral", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = PlacementProposalQuerySet.as_manager()

    class Meta:
        verbose_name = _("placement proposal")
        verbose_name_plural = _("placement proposals")
        ordering = ["-urgency", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "beneficiary"], name="placement_proposal_once_per_run")
        ]

    def __str__(self) -> str:
        return f"{self.run_id}:{self.beneficiary_id} → {self.centre_id}"
