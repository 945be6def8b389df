"""Data-subject requests (UU PDP): access and a copy, correction, restriction, erasure, with deadlines."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models.family import Relationship
from sentra.beneficiaries.models.registry import Beneficiary
from sentra.core.querysets import ScopedQuerySet

# Who handles a person's requests: the head of a centre that holds their record, and administrators.
HANDLER_ROLES = frozenset({"centre_head", "sysadmin"})


class SubjectRequestKind(models.TextChoices):
    ACCESS = "access", _("Access and a copy of the data")
    CORRECTION = "correction", _("Correction of the data")
    RESTRICTION = "restriction", _("Restriction of processing")
    ERASURE = "erasure", _("Deletion (erasure) of the data")


class RetentionGround(models.TextChoices):
    """Why data is kept although its erasure was asked for (UU PDP Pasal 15, 43-44).

    ``sentra.beneficiaries.rules.subject_requests`` states each ground and its source.
    """

    ARCHIVE_SCHEDULE = "archive_schedule", _("Kept until the archive retention schedule ends (Pasal 43-44)")
    PUBLIC_ADMINISTRATION = (
        "public_administration",
        _("Public interest in state administration: social assistance accountability (Pasal 15)"),
    )
    LAW_ENFORCEMENT = "law_enforcement", _("Needed for a law enforcement process (Pasal 15)")
    STATISTICS_RESEARCH = "statistics_research", _("Statistics or scientific research (Pasal 15)")


class ErasureCategory(models.TextChoices):
    """What a completed erasure deletes (``rules.subject_requests.ERASURE_CATEGORIES`` lists the fields)."""

    CONTACT = "contact", _("Contact: phone and address")
    IDENTITY_NUMBERS = "identity_numbers", _("Identity numbers: NIK and family card (KK) number")
    HEALTH_NOTES = "health_notes", _("Health and disability notes")
    PHOTO = "photo", _("Photo")
    FAMILY_LINKS = "family_links", _("Family and guardian links")
    CONSENTS = "consents", _("Consents (all withdrawn)")


class SubjectRequestStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    COMPLETED = "completed", _("Completed")
    REFUSED = "refused", _("Refused")
    LIFTED = "lifted", _("Restriction lifted")


class RequesterKind(models.TextChoices):
    SELF = "self", _("The person")
    PARENT = "parent", _("Parent")
    GUARDIAN = "guardian", _("Guardian")


class SubjectRequestQuerySet(ScopedQuerySet["SubjectRequest"]):
    def visible_to(self, user: Any) -> SubjectRequestQuerySet:
        """Administrators: all; centre heads: the requests of persons they may open; others: none."""
        if not getattr(user, "is_authenticated", False) or user.role not in HANDLER_ROLES:
            return self.none()
        if user.role == "sysadmin":
            return self
        return self.filter(beneficiary__in=Beneficiary.objects.visible_to(user))

    def pending(self) -> SubjectRequestQuerySet:
        return self.filter(status=SubjectRequestStatus.RECEIVED)

    def restrictions_in_force(self) -> SubjectRequestQuerySet:
        """Restrictions of processing granted and not lifted (``SubjectRequest.restriction_in_force``)."""
        return self.filter(kind=SubjectRequestKind.RESTRICTION, status=SubjectRequestStatus.COMPLETED)


class SubjectRequest(models.Model):
    """A person's (or their parent's or guardian's) request under UU PDP, tracked to its deadline."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("person"), on_delete=models.PROTECT, related_name="subject_requests"
    )
    kind = models.CharField(_("request"), max_length=12, choices=SubjectRequestKind.choices)
    requested_by = models.CharField(_("requested by"), max_length=10, choices=RequesterKind.choices)
    guardian = models.ForeignKey(
        Relationship,
        verbose_name=_("parent or guardian"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    requester_name = models.CharField(_("name of the requester"), max_length=200)
    details = models.TextField(
        _("what is asked"),
        blank=True,
        help_text=_(
            "Correction: which data is wrong and what it should be. Restriction: which processing. "
            "Erasure: which data."
        ),
    )
    received_at = models.DateTimeField(_("received at"))
    due_at = models.DateTimeField(_("answer due by"), db_index=True)
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=SubjectRequestStatus.choices,
        default=SubjectRequestStatus.RECEIVED,
        db_index=True,
    )
    outcome = models.TextField(_("outcome"), blank=True)
    retention_ground = models.CharField(
        _("legal ground for keeping data"), max_length=24, choices=RetentionGround.choices, blank=True
    )
    erased_categories = models.JSONField(_("data erased"), default=list, blank=True)
    decided_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(_("restriction lifted at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = SubjectRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("data-subject request")
        verbose_name_plural = _("data-subject requests")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(outcome=""),
                name="beneficiaries_subject_request_refusal_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.beneficiary.registration_number}"

    @property
    def is_overdue(self) -> bool:
        return self.status == SubjectRequestStatus.RECEIVED and self.due_at < timezone.now()

    @property
    def erased_category_labels(self) -> list[str]:
        labels = dict(ErasureCategory.choices)
        return [str(labels.get(value, value)) for value in self.erased_categories]

    @property
    def restriction_in_force(self) -> bool:
        return self.kind == SubjectRequestKind.RESTRICTION and self.status == SubjectRequestStatus.COMPLETED
