"""Duplicate review decisions: merge (keeping all history, reversible), mark distinct, unmerge.

A merge never deletes. The record not kept stays, marked ``merged_into`` the survivor; the survivor
takes the merged record's values where its own are empty (and its name as an alias); consents and
family links move to the survivor. Everything the merge changed is written to the review's
``merge_state`` so that ``duplicate_unmerge`` can put it back. Identifier values in that state are
encrypted like the fields they come from.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import permissions
from sentra.beneficiaries.models import (
    Beneficiary,
    Consent,
    DuplicateReview,
    NoNikReason,
    Relationship,
    ReviewStatus,
)
from sentra.beneficiaries.rules import names
from sentra.beneficiaries.services.registration import quality_flags
from sentra.beneficiaries.signals import beneficiary_merged, beneficiary_unmerged
from sentra.core import audit, crypto
from sentra.core.models import User

# Taken from the merged record when the survivor has none.
FILLABLE = (
    "birth_place",
    "address",
    "region_id",
    "phone",
    "dtks_reference",
    "dtks_snapshot_date",
    "photo",
)
SECRET_FILLABLE = (("kk_number", "kk_hash"), ("health_notes", None))
LIST_UNION = ("clusters", "disability_types")
_EMPTY: dict[str, Any] = {"region_id": None, "dtks_snapshot_date": None}


def _dump(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "name") and not isinstance(value, str):  # a FieldFile
        return value.name or ""
    return value


def _load(field: str, value: Any) -> Any:
    if field in ("birth_date", "dtks_snapshot_date") and value:
        from datetime import date

        return date.fromisoformat(value)
    return value


def _encrypt(value: str) -> str:
    return crypto.encrypt(value) if value else ""


def _decrypt(value: str) -> str:
    return crypto.decrypt(value) if value else ""


def _check_decision(actor: User, review: DuplicateReview) -> tuple[Beneficiary, Beneficiary]:
    first, second = review.first, review.second
    if not permissions.may_decide_pair(actor, first, second):
        raise PermissionDenied
    return first, second


def _refresh_keys(beneficiary: Beneficiary) -> None:
    beneficiary.name_key = names.name_key(beneficiary.full_name)
    beneficiary.aliases_key = names.aliases_key(list(beneficiary.aliases))
    parsed = None
    if beneficiary.nik:
        from sentra.beneficiaries import nik as nik_service

        parsed = nik_service.parse(beneficiary.nik)
    beneficiary.quality_flags = quality_flags(beneficiary, parsed, timezone.localdate())


@transaction.atomic
def duplicate_merge(
    *, actor: User, review: DuplicateReview, survivor_id: int, note: str = ""
) -> DuplicateReview:
    """Merge the pair of ``review`` into the record ``survivor_id`` (one of the two)."""
    review = DuplicateReview.objects.select_for_update().select_related("first", "second").get(pk=review.pk)
    first, second = _check_decision(actor, review)
    errors: dict[str, list[str]] = {}
    if review.status != ReviewStatus.OPEN:
        errors["__all__"] = [_("This pair was already decided.")]
    if survivor_id not in (first.pk, second.pk):
        errors["survivor"] = [_("Choose one of the two records to keep.")]
    if first.is_merged or second.is_merged:
        errors.setdefault("__all__", []).append(
            _("One of the records was already merged into another; review that record instead.")
        )
    if first.nik_hash and second.nik_hash and first.nik_hash != second.nik_hash:
        errors.setdefault("__all__", []).append(
            _("The two records hold different NIKs: they are different persons, or one NIK is wrong.")
        )
    if first.sex != second.sex:
        errors.setdefault("__all__", []).append(
            _("The two records have a different sex. Correct the wrong record first, then merge.")
        )
    if errors:
        raise ValidationError(errors)
    survivor, merged = (first, second) if survivor_id == first.pk else (second, first)
    survivor_before = audit.snapshot(survivor)
    merged_before = audit.snapshot(merged)
    state: dict[str, Any] = {"survivor_id": survivor.pk, "merged_id": merged.pk, "filled": {}, "secret": {}}

    # Identifiers first: the NIK moves when only the merged record has one (unique constraint).
    if merged.nik and not survivor.nik:
        state["nik"] = {
            "value": _encrypt(merged.nik),
            "merged_reason": merged.no_nik_reason,
            "merged_note": merged.no_nik_note,
            "survivor_reason": survivor.no_nik_reason,
            "survivor_note": survivor.no_nik_note,
        }
        nik, hashed = merged.nik, merged.nik_hash
        merged.nik, merged.nik_hash = "", ""
        merged.no_nik_reason = NoNikReason.OTHER
        merged.no_nik_note = _("NIK moved to {number} when the records were merged.").format(
            number=survivor.registration_number
        )
        merged.save(update_fields=["nik", "nik_hash", "no_nik_reason", "no_nik_note"])
        survivor.nik, survivor.nik_hash = nik, hashed
        survivor.no_nik_reason, survivor.no_nik_note = "", ""
    for name in FILLABLE:
        mine, theirs = getattr(survivor, name), getattr(merged, name)
        if not mine and theirs:
            state["filled"][name] = [_dump(mine), _dump(theirs)]
            setattr(survivor, name, theirs)
    for name, hash_name in SECRET_FILLABLE:
        mine, theirs = getattr(survivor, name), getattr(merged, name)
        if not mine and theirs:
            state["secret"][name] = _encrypt(theirs)
            setattr(survivor, name, theirs)
            if hash_name:
                setattr(survivor, hash_name, getattr(merged, hash_name))
    if survivor.birth_date_estimated and merged.birth_date and not merged.birth_date_estimated:
        state["birth"] = [_dump(survivor.birth_date), survivor.estimated_age]
        survivor.birth_date, survivor.birth_date_estimated = merged.birth_date, False
        survivor.estimated_age = None
    state["lists"] = {name: list(getattr(survivor, name)) for name in (*LIST_UNION, "aliases")}
    for name in LIST_UNION:
        setattr(survivor, name, list(dict.fromkeys([*getattr(survivor, name), *getattr(merged, name)])))
    extra_aliases = [merged.full_name, *merged.aliases]
    survivor.aliases = [
        alias for alias in dict.fromkeys([*survivor.aliases, *extra_aliases]) if alias != survivor.full_name
    ]
    _refresh_keys(survivor)
    survivor.save()

    pair = (survivor.pk, merged.pk)
    state["moved"] = {
        "consents": list(Consent.objects.filter(beneficiary=merged).values_list("pk", flat=True)),
        "links": list(
            Relationship.objects.filter(beneficiary=merged)
            .exclude(related_beneficiary_id__in=pair)
            .values_list("pk", flat=True)
        ),
        "links_to": list(
            Relationship.objects.filter(related_beneficiary=merged)
            .exclude(beneficiary_id__in=pair)
            .values_list("pk", flat=True)
        ),
    }
    Consent.objects.filter(pk__in=state["moved"]["consents"]).update(beneficiary=survivor)
    Relationship.objects.filter(pk__in=state["moved"]["links"]).update(beneficiary=survivor)
    Relationship.objects.filter(pk__in=state["moved"]["links_to"]).update(related_beneficiary=survivor)

    merged.merged_into = survivor
    merged.merged_at = timezone.now()
    merged.save(update_fields=["merged_into", "merged_at"])

    state["extensions"] = {}
    for receiver, response in beneficiary_merged.send(
        sender=Beneficiary, survivor=survivor, merged=merged, actor=actor
    ):
        state["extensions"][f"{receiver.__module__}.{receiver.__qualname__}"] = response

    review_before = audit.snapshot(review)
    review.status = ReviewStatus.MERGED
    review.survivor = survivor
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.decision_note = note.strip()
    review.merge_state = state
    review.save()
    audit.record_update(
        actor=actor, instance=survivor, before=survivor_before, sentra_id=survivor.registered_sentra_id
    )
    audit.record_update(
        actor=actor, instance=merged, before=merged_before, sentra_id=merged.registered_sentra_id
    )
    audit.record_update(
        actor=actor, instance=review, before=review_before, sentra_id=survivor.registered_sentra_id
    )
    return review


@transaction.atomic
def duplicate_mark_distinct(*, actor: User, review: DuplicateReview, note: str = "") -> DuplicateReview:
    """Two different persons: the pair leaves the queue and is not proposed again."""
    review = DuplicateReview.objects.select_for_update().select_related("first", "second").get(pk=review.pk)
    _check_decision(actor, review)
    if review.status != ReviewStatus.OPEN:
        raise ValidationError({"__all__": [_("This pair was already decided.")]})
    before = audit.snapshot(review)
    review.status = ReviewStatus.DISTINCT
    review.decided_by = actor
    review.decided_at = timezone.now()
    review.decision_note = note.strip()
    review.save()
    audit.record_update(
        actor=actor, instance=review, before=before, sentra_id=review.first.registered_sentra_id
    )
    return review


@transaction.atomic
def duplicate_unmerge(*, actor: User, review: DuplicateReview, note: str = "") -> DuplicateReview:
    """Undo a merge: the merged record comes back with its identifiers, consents and links.

    Values the merge copied to the kept record are removed again unless someone changed them since.
    The pair goes back to the queue as open.
    """
    review = DuplicateReview.objects.select_for_update().select_related("first", "second").get(pk=review.pk)
    _check_decision(actor, review)
    if review.status != ReviewStatus.MERGED:
        raise ValidationError({"__all__": [_("Only a merged pair can be unmerged.")]})
    state = review.merge_state
    survivor = Beneficiary.objects.select_for_update().get(pk=state["survivor_id"])
    merged = Beneficiary.objects.select_for_update().get(pk=state["merged_id"])
    if merged.merged_into_id != survivor.pk:
        raise ValidationError(
            {"__all__": [_("The records changed since the merge; unmerge is not possible.")]}
        )
    survivor_before = audit.snapshot(survivor)
    merged_before = audit.snapshot(merged)

    beneficiary_unmerged.send(
        sender=Beneficiary, survivor=survivor, merged=merged, actor=actor, state=state.get("extensions", {})
    )
    moved = state.get("moved", {})
    Consent.objects.filter(pk__in=moved.get("consents", []), beneficiary=survivor).update(beneficiary=merged)
    Relationship.objects.filter(pk__in=moved.get("links", []), beneficiary=survivor).update(
        beneficiary=merged
    )
    Relationship.objects.filter(pk__in=moved.get("links_to", []), related_beneficiary=survivor).update(
        related_beneficiary=merged
    )
    for name, (old, new) in state.get("filled", {}).items():
        if _dump(getattr(survivor, name)) == new:
            setattr(survivor, name, _load(name, old) if old else _EMPTY.get(name, ""))
    for name, encrypted in state.get("secret", {}).items():
        if getattr(survivor, name) == _decrypt(encrypted):
            setattr(survivor, name, "")
            if name == "kk_number":
                survivor.kk_hash = ""
    if "birth" in state:
        old_date, old_age = state["birth"]
        survivor.birth_date = _load("birth_date", old_date)
        survivor.birth_date_estimated = True
        survivor.estimated_age = old_age
    lists = state.get("lists", {})
    for name, old in lists.items():
        setattr(survivor, name, old)
    nik_state = state.get("nik")
    if nik_state:
        nik = _decrypt(nik_state["value"])
        hashed = survivor.nik_hash
        survivor.nik, survivor.nik_hash = "", ""
        survivor.no_nik_reason = nik_state["survivor_reason"]
        survivor.no_nik_note = nik_state["survivor_note"]
    _refresh_keys(survivor)
    survivor.save()
    if nik_state:
        merged.nik, merged.nik_hash = nik, hashed
        merged.no_nik_reason, merged.no_nik_note = nik_state["merged_reason"], nik_state["merged_note"]
    merged.merged_into = None
    merged.merged_at = None
    _refresh_keys(merged)
    merged.save()

    review_before = audit.snapshot(review)
    review.status = ReviewStatus.OPEN
    review.survivor = None
    review.unmerged_at = timezone.now()
    review.unmerged_by = actor
    review.decision_note = note.strip()
    review.save()
    audit.record_update(
        actor=actor, instance=survivor, before=survivor_before, sentra_id=survivor.registered_sentra_id
    )
    audit.record_update(
        actor=actor, instance=merged, before=merged_before, sentra_id=merged.registered_sentra_id
    )
    audit.record_update(
        actor=actor, instance=review, before=review_before, sentra_id=survivor.registered_sentra_id
    )
    return review


@transaction.atomic
def duplicate_flag(
    *, actor: User, first: Beneficiary, second: Beneficiary, score: float, reasons: list[dict[str, Any]]
) -> DuplicateReview:
    """Put a pair a person noticed on the review queue (e.g. from the candidates on a profile)."""
    if not (permissions.may_edit(actor, first) or permissions.may_edit(actor, second)):
        raise PermissionDenied
    if first.pk == second.pk:
        raise ValidationError({"__all__": [_("A record cannot duplicate itself.")]})
    low, high = sorted((first.pk, second.pk))
    review, created = DuplicateReview.objects.get_or_create(
        first_id=low, second_id=high, defaults={"score": score, "reasons": reasons, "created_by": actor}
    )
    if created:
        audit.record_create(actor=actor, instance=review, sentra_id=first.registered_sentra_id)
    return review
