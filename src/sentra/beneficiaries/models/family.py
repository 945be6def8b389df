"""Family and guardian links of a person."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sentra.beneficiaries.models.registry import PHONE_VALIDATOR, Beneficiary, _centre_scope
from sentra.core.querysets import ScopedQuerySet


class RelationshipType(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    PARENT = "parent", _("Parent")
    CHILD = "child", _("Child")
    SIBLING = "sibling", _("Sibling")
    SPOUSE = "spouse", _("Spouse")
    GRANDPARENT = "grandparent", _("Grandparent")
    GRANDCHILD = "grandchild", _("Grandchild")
    UNCLE_AUNT = "uncle_aunt", _("Uncle / aunt")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    LEGAL_GUARDIAN = "legal_guardian", _("Legal guardian (wali)")
    CAREGIVER = "caregiver", _("Caregiver")
    OTHER = "other", _("Other")


class RelationshipQuerySet(ScopedQuerySet["Relationship"]):
    def visible_to(self, user: Any) -> RelationshipQuerySet:
        scope = _centre_scope(user, "beneficiary__registered_sentra_id")
        return self if scope is None else self.filter(scope)


class Relationship(models.Model):
    """``beneficiary``'s relative or guardian: another registered person or a named outside person."""

    beneficiary = models.ForeignKey(
        Beneficiary, verbose_name=_("beneficiary"), on_delete=models.CASCADE, related_name="relationships"
    )
    related_beneficiary = models.ForeignKey(
        Beneficiary,
        verbose_name=_("registered person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="related_to",
    )
    person_name = models.CharField(_("name (not registered)"), max_length=200, blank=True)
    person_phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[PHONE_VALIDATOR])
    person_address = models.TextField(_("address"), blank=True)
    relationship_type = models.CharField(_("relationship"), max_length=20, choices=RelationshipType.choices)
    is_guardian = models.BooleanField(_("guardian (may consent for the person)"), default=False)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("family or guardian link")
        verbose_name_plural = _("family and guardian links")
        ordering = ["-is_guardian", "relationship_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(related_beneficiary__isnull=False, person_name="")
                    | models.Q(related_beneficiary__isnull=True) & ~models.Q(person_name="")
                ),
                name="beneficiaries_relationship_one_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.display_name} ({self.get_relationship_type_display()})"

    @property
    def display_name(self) -> str:
        if self.related_beneficiary_id is not None and self.related_beneficiary is not None:
            return self.related_beneficiary.full_name
        return self.person_name
