"""The consent ledger (UU PDP): record, withdraw, and the check other apps call before they act."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import files, permissions
from sentra.beneficiaries.models import (
    Beneficiary,
    Consent,
    ConsentGiver,
    ConsentMethod,
    ConsentPurpose,
    Relationship,
    RelationshipType,
)
from sentra.core import audit
from sentra.core.models import User

PARENT_TYPES = frozenset({RelationshipType.MOTHER, RelationshipType.FATHER, RelationshipType.PARENT})


def guardian_link(
    beneficiary: Beneficiary, *, by: str, guardian_id: int | None
) -> tuple[Relationship | None, str]:
    """The family link acting for the person as ``by`` ("parent" or "guardian"), or why it cannot."""
    if guardian_id is None:
        return None, _("Choose the parent or guardian from the person's family links.")
    guardian = beneficiary.relationships.filter(pk=guardian_id).first()
    if guardian is None:
        return None, _("This family link does not belong to the person.")
    if by == ConsentGiver.PARENT and guardian.relationship_type not in PARENT_TYPES:
        return guardian, _("The link chosen is not a parent; choose 'guardian' or a parent link.")
    if by == ConsentGiver.GUARDIAN and not guardian.is_guardian:
        return guardian, _("The person chosen is not marked as a guardian in the family links.")
    return guardian, ""


@dataclass(frozen=True)
class ConsentInput:
    purpose: str
    given_by: str
    method: str
    given_on: datetime.date
    guardian_id: int | None = None
    giver_name: str = ""
    witness_name: str = ""
    accessible_format: str = ""
    purpose_detail: str = ""
    notes: str = ""


def _check(
    beneficiary: Beneficiary, data: ConsentInput, today: datetime.date
) -> tuple[dict[str, list[str]], Relationship | None]:
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if data.purpose not in ConsentPurpose.values:
        add("purpose", _("Choose what the consent is for."))
    if data.given_by not in ConsentGiver.values:
        add("given_by", _("Choose who gave the consent."))
    if data.method not in ConsentMethod.values:
        add("method", _("Choose how the consent was given."))
    if data.given_on > today:
        add("given_on", _("The consent date cannot be in the future."))
    elif beneficiary.birth_date and data.given_on < beneficiary.birth_date:
        add("given_on", _("The consent date cannot be before the person's birth."))
    if data.method == ConsentMethod.WITNESSED_VERBAL and not data.witness_name.strip():
        add("witness_name", _("Verbal consent needs the name of the witness."))
    guardian: Relationship | None = None
    if data.given_by in (ConsentGiver.PARENT, ConsentGiver.GUARDIAN):
        guardian, problem = guardian_link(beneficiary, by=data.given_by, guardian_id=data.guardian_id)
        if problem:
            add("guardian", problem)
    elif data.guardian_id is not None:
        add("guardian", _("Leave the guardian empty when the person consents themselves."))
    child = beneficiary.age_on(data.given_on)
    if data.given_by == ConsentGiver.SELF and child is not None and child < 18:
        add(
            "given_by",
            _(
                "The person was a child ({age}) on that date: a parent or guardian must consent "
                "(UU PDP Article 25). Add the parent or guardian under family links first."
            ).format(age=child),
        )
    for name, limit in (
        ("witness_name", 200),
        ("giver_name", 200),
        ("accessible_format", 200),
        ("purpose_detail", 200),
    ):
        if len(getattr(data, name).strip()) > limit:
            add(name, _("At most {count} characters.").format(count=limit))
    return errors, guardian


@transaction.atomic
def consent_record(
    *, actor: User, beneficiary: Beneficiary, data: ConsentInput, evidence: UploadedFile | None = None
) -> Consent:
    """Add an entry to the ledger. Children's consents come from a parent or guardian link."""
    if not permissions.may_manage_consent(actor, beneficiary):
        raise PermissionDenied
    if beneficiary.is_merged:
        raise ValidationError({"__all__": [_("This record was merged; record consent on the kept record.")]})
    errors, guardian = _check(beneficiary, data, timezone.localdate())
    if evidence is not None:
        try:
            files.check_evidence(evidence)
        except ValidationError as exc:
            errors.setdefault("evidence", []).extend(exc.message_dict.get("evidence", exc.messages))
    if errors:
        raise ValidationError(errors)
    giver_name = data.giver_name.strip()
    if not giver_name:
        giver_name = guardian.display_name if guardian is not None else beneficiary.full_name
    consent = Consent(
        beneficiary=beneficiary,
        purpose=data.purpose,
        purpose_detail=data.purpose_detail.strip(),
        given_by=data.given_by,
        guardian=guardian,
        giver_name=giver_name,
        method=data.method,
        witness_name=data.witness_name.strip(),
        accessible_format=data.accessible_format.strip(),
        given_on=data.given_on,
        notes=data.notes.strip(),
        recorded_by=actor,
    )
    if evidence is not None:
        consent.evidence.save(evidence.name or "evidence", evidence, save=False)
    consent.save()
    audit.record_create(actor=actor, instance=consent, sentra_id=beneficiary.registered_sentra_id)
    return consent


@transaction.atomic
def consent_withdraw(
    *, actor: User, consent: Consent, withdrawn_on: datetime.date | None = None, reason: str = ""
) -> Consent:
    """Withdraw a consent from a date (today by default); the entry stays in the ledger."""
    beneficiary = consent.beneficiary
    if not permissions.may_manage_consent(actor, beneficiary):
        raise PermissionDenied
    today = timezone.localdate()
    day = withdrawn_on or today
    errors: dict[str, list[str]] = {}
    if consent.withdrawn_on is not None:
        errors["__all__"] = [
            _("This consent was already withdrawn on {date}.").format(date=consent.withdrawn_on)
        ]
    if day > today:
        errors["withdrawn_on"] = [_("The withdrawal date cannot be in the future.")]
    elif day < consent.given_on:
        errors["withdrawn_on"] = [_("The withdrawal date cannot be before the consent was given.")]
    if errors:
        raise ValidationError(errors)
    return record_withdrawal(actor=actor, consent=consent, withdrawn_on=day, reason=reason)


def record_withdrawal(*, actor: User, consent: Consent, withdrawn_on: datetime.date, reason: str) -> Consent:
    """Write and audit a withdrawal already checked (``consent_withdraw``, or an erasure being carried
    out by the person's request handler)."""
    before = audit.snapshot(consent)
    consent.withdrawn_on = withdrawn_on
    consent.withdrawal_reason = reason.strip()
    consent.withdrawn_by = actor
    consent.save(update_fields=["withdrawn_on", "withdrawal_reason", "withdrawn_by"])
    audit.record_update(
        actor=actor, instance=consent, before=before, sentra_id=consent.beneficiary.registered_sentra_id
    )
    return consent


def _ledger_ids(beneficiary: Beneficiary) -> list[int]:
    """The person's record and the records merged into it (their consents stay valid for the person)."""
    return [beneficiary.pk, *beneficiary.merged_records.values_list("pk", flat=True)]


def consent_in_force(
    *, beneficiary: Beneficiary, purpose: str, on: datetime.date | None = None
) -> Consent | None:
    """The consent for ``purpose`` in force on a date, if any.

    A child (under 18 on that date) is covered only by a parent's or guardian's consent (UU PDP
    Article 25), even when an older entry says the person consented themselves.
    """
    day = on or timezone.localdate()
    queryset = Consent.objects.filter(beneficiary_id__in=_ledger_ids(beneficiary), purpose=purpose).in_force(
        day
    )
    age = beneficiary.age_on(day)
    if age is not None and age < 18:
        queryset = queryset.exclude(given_by=ConsentGiver.SELF)
    return queryset.order_by("-given_on", "-id").first()


def consent_check(*, beneficiary: Beneficiary, purpose: str, on: datetime.date | None = None) -> bool:
    """Whether the person (or, for a child, a parent or guardian) consents to ``purpose`` now."""
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    return consent_in_force(beneficiary=beneficiary, purpose=purpose, on=on) is not None


def require_consent(
    *, beneficiary: Beneficiary, purpose: str, field: str = "consent", on: datetime.date | None = None
) -> Consent:
    """The consent in force for ``purpose``, or a ``ValidationError`` on ``field`` that says what is missing.

    Other apps call this before they act, e.g. referrals before sending data:
    ``require_consent(beneficiary=b, purpose=ConsentPurpose.REFERRAL_SHARING)``.
    """
    if purpose not in ConsentPurpose.values:
        raise ValueError(f"unknown consent purpose {purpose!r}")
    consent = consent_in_force(beneficiary=beneficiary, purpose=purpose, on=on)
    if consent is not None:
        return consent
    label = ConsentPurpose(purpose).label
    day = on or timezone.localdate()
    age = beneficiary.age_on(day)
    if age is not None and age < 18:
        message = _(
            "{name} is a child: record the consent of a parent or guardian for '{purpose}' first."
        ).format(name=beneficiary.full_name, purpose=label)
    else:
        message = _("There is no consent in force for '{purpose}' from {name}. Record it first.").format(
            purpose=label, name=beneficiary.full_name
        )
    raise ValidationError({field: [message]}, code="consent_missing")
