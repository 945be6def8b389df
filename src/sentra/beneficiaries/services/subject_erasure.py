"""Carry out an erasure request (UU PDP Pasal 8, 42-44) when it is answered as completed.

Called by ``subject_requests.subject_request_answer`` inside its transaction, after the answer has been
checked. What each category clears is in ``rules.subject_requests.ERASURE_CATEGORIES``:

* the fields of the record are emptied (the encrypted ones to "", their keyed hashes too, so duplicate
  detection and NIK look-ups no longer find the person); with the NIK gone the record states why there
  is none (``NoNikReason.OTHER`` with a note), as every record without a NIK must;
* the photo is removed from storage once the transaction has committed (a rollback keeps it);
* the person's family and guardian links are deleted; a link a consent or a request names as its giver
  is kept as that entry's evidence, with its phone, address and notes cleared;
* consents in force are withdrawn through ``consents.record_withdrawal`` (audited like any withdrawal);
* records merged into the person (kept for history and unmerge) lose the same fields: a merged-away
  copy of a NIK or a phone number would otherwise outlive the erasure;
* so do the merge records of those pairs (``DuplicateReview.merge_state`` keeps what a merge moved so
  that an unmerge can put it back): an unmerge after the erasure would otherwise bring the NIK back.

One audit event on the person names the fields erased, never their values. The person's name and
registration number stay (case records and the archive retention schedule need them). The record's
``beneficiary_updated`` signal is not sent: a NIK erased must not open a "pursue documentation" task.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries.models import (
    Beneficiary,
    Consent,
    DuplicateReview,
    NoNikReason,
    QualityFlag,
    Relationship,
    SubjectRequest,
)
from sentra.beneficiaries.rules import subject_requests as rules
from sentra.beneficiaries.services.consents import record_withdrawal
from sentra.core import audit
from sentra.core.models import AuditAction, User

ERASED = "[erased]"
# Quality flags that read the NIK: they no longer apply once it is erased.
_NIK_FLAGS = frozenset(
    {QualityFlag.NIK_SEX_MISMATCH, QualityFlag.NIK_BIRTH_DATE_MISMATCH, QualityFlag.NIK_REGION_UNKNOWN}
)
_LINK_CONTACT_FIELDS = ("person_phone", "person_address", "notes")


def _delete_after_commit(storage_name: str, beneficiary: Beneficiary) -> None:
    storage = beneficiary.photo.storage
    transaction.on_commit(lambda: storage.delete(storage_name))


def _clear_fields(beneficiary: Beneficiary, categories: list[str]) -> list[str]:
    """Empty the record's fields of ``categories``; the names of those that held something."""
    erased: list[str] = []
    for name in rules.erased_fields(categories):
        value = getattr(beneficiary, name)
        if name == "photo":
            if value:
                _delete_after_commit(value.name, beneficiary)
                beneficiary.photo = ""
                erased.append(name)
            continue
        if value:
            erased.append(name)
        setattr(beneficiary, name, "")
    if "identity_numbers" in categories:
        if not beneficiary.no_nik_reason:
            beneficiary.no_nik_reason = NoNikReason.OTHER
            beneficiary.no_nik_note = _("Erased at the person's request (UU PDP Article 8).")
        flags = [flag for flag in beneficiary.quality_flags if flag not in _NIK_FLAGS]
        if QualityFlag.NO_NIK not in flags:
            flags.insert(0, QualityFlag.NO_NIK)
        beneficiary.quality_flags = flags
    return erased


def _erase_links(beneficiary: Beneficiary) -> tuple[int, int]:
    """Delete the person's family and guardian links; (deleted, kept as evidence with contacts cleared)."""
    links = Relationship.objects.filter(beneficiary=beneficiary)
    evidence = Q(consents_given__isnull=False) | Q(
        pk__in=SubjectRequest.objects.filter(guardian__isnull=False).values("guardian_id")
    )
    kept = links.filter(evidence).distinct()
    kept_ids = list(kept.values_list("pk", flat=True))
    Relationship.objects.filter(pk__in=kept_ids).update(**dict.fromkeys(_LINK_CONTACT_FIELDS, ""))
    deleted, _by_model = links.exclude(pk__in=kept_ids).delete()
    return deleted, len(kept_ids)


def _withdraw_consents(actor: User, request: SubjectRequest) -> int:
    today = timezone.localdate()
    consents = Consent.objects.filter(
        beneficiary=request.beneficiary, given_on__lte=today, withdrawn_on__isnull=True
    )
    reason = _("Erasure request of {date}.").format(date=f"{request.received_at:%Y-%m-%d}")
    count = 0
    for consent in consents:
        record_withdrawal(actor=actor, consent=consent, withdrawn_on=today, reason=reason)
        count += 1
    return count


def _merged_into(beneficiary: Beneficiary) -> list[Beneficiary]:
    """The records merged into this one, directly or through another merged record (locked)."""
    found: list[Beneficiary] = []
    frontier = [beneficiary.pk]
    while frontier:
        seen = {item.pk for item in found}
        locked = Beneficiary.objects.select_for_update().filter(merged_into_id__in=frontier)
        batch = [record for record in locked.order_by("pk") if record.pk not in seen]
        found.extend(batch)
        frontier = [record.pk for record in batch]
    return found


def _erase_merged_copies(
    actor: User, beneficiary: Beneficiary, merged: list[Beneficiary], chosen: list[str]
) -> int:
    """A merged-away record keeps its own copy of the fields (for history and unmerge): the same
    categories are erased there too, one audit event per record, fields named without values."""
    count = 0
    for record in merged:
        erased = _clear_fields(record, chosen)
        if not erased:
            continue
        record.save()
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            instance=record,
            sentra_id=record.registered_sentra_id,
            changes={
                **{name: [ERASED, ""] for name in erased},
                "erasure_of_merged_copy": [None, {"into": beneficiary.pk}],
            },
        )
        count += 1
    return count


def _erase_merge_states(pks: list[int], chosen: list[str]) -> list[int]:
    """Drop the erased fields from what the merges of these records keep for an unmerge (the moved NIK,
    the filled-in contact fields and photo, the encrypted KK and health notes); the reviews changed.

    An unmerge then leaves those fields as the erasure left them instead of restoring them."""
    fields = set(rules.erased_fields(chosen))
    changed: list[int] = []
    reviews = DuplicateReview.objects.select_for_update().filter(Q(first_id__in=pks) | Q(second_id__in=pks))
    for review in reviews.order_by("pk"):
        state = review.merge_state
        if not state:
            continue
        dropped = False
        for part in (state.get("filled", {}), state.get("secret", {})):
            for name in fields & part.keys():
                del part[name]
                dropped = True
        if "nik" in fields and "nik" in state:  # the NIK a merge moved to the survivor
            del state["nik"]
            dropped = True
        if dropped:
            review.save(update_fields=["merge_state"])
            changed.append(review.pk)
    return changed


def erase(*, actor: User, request: SubjectRequest, categories: list[str]) -> list[str]:
    """Erase ``categories`` of the person's data (inside the caller's transaction); the categories done."""
    chosen = [category for category in rules.ERASURE_CATEGORIES if category in categories]
    beneficiary = Beneficiary.objects.select_for_update().get(pk=request.beneficiary_id)
    erased = _clear_fields(beneficiary, chosen)
    beneficiary.save()
    merged = _merged_into(beneficiary)
    merged_copies = _erase_merged_copies(actor, beneficiary, merged, chosen)
    merge_reviews = _erase_merge_states([beneficiary.pk, *(record.pk for record in merged)], chosen)
    changes: dict[str, object] = {name: [ERASED, ""] for name in erased}
    if merge_reviews:
        changes["merge_records"] = [ERASED, {"duplicate_reviews": merge_reviews}]
    if "family_links" in chosen:
        deleted, kept = _erase_links(beneficiary)
        changes["relationships"] = [ERASED, {"deleted": deleted, "kept_as_evidence": kept}]
    if "consents" in chosen:
        changes["consents_withdrawn"] = [None, _withdraw_consents(actor, request)]
    changes["erasure"] = [
        None,
        {"request": request.pk, "categories": chosen, "merged_copies_erased": merged_copies},
    ]
    audit.record(
        actor=actor,
        action=AuditAction.UPDATE,
        instance=beneficiary,
        sentra_id=beneficiary.registered_sentra_id,
        changes=changes,
    )
    request.beneficiary = beneficiary
    return chosen
