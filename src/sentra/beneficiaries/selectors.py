"""Reads of the beneficiary registry, always scoped to the person asking (``visible_to``)."""

from __future__ import annotations

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, overload

from django.core.exceptions import FieldDoesNotExist, PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import matching, permissions
from sentra.beneficiaries import nik as nik_service
from sentra.beneficiaries.models import (
    Beneficiary,
    Consent,
    DuplicateReview,
    ImportJob,
    Relationship,
    ReviewStatus,
    SubjectRequest,
)
from sentra.beneficiaries.rules import duplicates, names
from sentra.beneficiaries.rules import nik as nik_rules
from sentra.beneficiaries.services.registration import existing_by_nik, nik_hash, nik_taken_message
from sentra.beneficiaries.signals import ProfileTask, profile_tasks_collected
from sentra.core.access import get_visible_or_404
from sentra.core.models import AuditEvent, Role, User
from sentra.core.querysets import centre_ids_of
from sentra.network.models import REGION_CHAIN, Sentra

SEARCH_LIMIT = 100
REGISTRATION_NUMBER_RE = re.compile(r"^PM-?([0-9A-Z]{4})-?([0-9A-Z]{4})$")


def require_registry(user: User) -> None:
    """The registry pages and endpoints are for centre staff and administrators (not national analysts)."""
    if not permissions.may_open_registry(user):
        raise PermissionDenied


def _base(user: User) -> QuerySet[Beneficiary]:
    """Records for lists: the centre joined, identifiers and notes the lists never show left out."""
    return (
        Beneficiary.objects.visible_to(user)
        .select_related("registered_sentra")
        .defer("kk_number", "health_notes", "no_nik_note", "address")
    )


# --- Search ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    q: str = ""
    sex: str = ""
    cluster: str = ""
    sentra: int | None = None
    include_merged: bool = False


@dataclass
class SearchResult:
    kind: str  # "all", "nik", "number", "name"
    items: Any  # a queryset ("all", "nik", "number") or a list ("name", best first)
    scores: dict[int, float] = field(default_factory=dict)


class RankedResults(Sequence[Beneficiary]):
    """Name-search hits, best first; a page (slice) loads only its own rows."""

    def __init__(self, queryset: QuerySet[Beneficiary], ranked: list[tuple[int, float]]) -> None:
        self.queryset = queryset
        self.ranked = ranked

    def __len__(self) -> int:
        return len(self.ranked)

    @overload
    def __getitem__(self, index: int) -> Beneficiary: ...

    @overload
    def __getitem__(self, index: slice) -> list[Beneficiary]: ...

    def __getitem__(self, index: int | slice) -> Beneficiary | list[Beneficiary]:
        if isinstance(index, int):
            found = self[index : index + 1] if index >= 0 else self[len(self) + index : len(self) + index + 1]
            if not found:
                raise IndexError(index)
            return found[0]
        chosen = self.ranked[index]
        by_pk = self.queryset.in_bulk([pk for pk, _score in chosen])
        items = []
        for pk, score in chosen:
            if pk in by_pk:
                beneficiary = by_pk[pk]
                beneficiary.match_score = score  # type: ignore[attr-defined]
                items.append(beneficiary)
        return items


def registration_number_of(text: str) -> str | None:
    match = REGISTRATION_NUMBER_RE.match(text.strip().upper().replace(" ", ""))
    return f"PM-{match.group(1)}-{match.group(2)}" if match else None


def looks_like_nik(text: str) -> bool:
    digits = nik_rules.normalise(text)
    return len(digits) == 16 and digits.isdigit()


def beneficiary_search(*, user: User, filters: SearchFilters | None = None) -> SearchResult:
    """By NIK (exact, via its keyed hash), registration number, record id, or name (fuzzy, best first)."""
    require_registry(user)
    filters = filters or SearchFilters()
    queryset = _base(user)
    if not filters.include_merged:
        queryset = queryset.filter(merged_into__isnull=True)
    if filters.sex:
        queryset = queryset.filter(sex=filters.sex)
    if filters.cluster:
        queryset = queryset.filter(clusters__icontains=f'"{filters.cluster}"')
    if filters.sentra is not None:
        queryset = queryset.filter(registered_sentra_id=filters.sentra)
    queryset = _without_restricted_elsewhere(user, queryset)
    query = filters.q.strip()
    if not query:
        return SearchResult("all", queryset.order_by("-created_at", "-id"))
    if looks_like_nik(query):
        return SearchResult("nik", queryset.filter(nik_hash=nik_hash(query)))
    number = registration_number_of(query)
    if number is not None:
        return SearchResult("number", queryset.filter(registration_number=number))
    if query.isascii() and query.isdigit() and len(query) <= 12:
        return SearchResult("number", queryset.filter(pk=int(query)))  # the record id
    ranked = matching.name_search(queryset, query, limit=SEARCH_LIMIT)
    return SearchResult("name", RankedResults(queryset, ranked), dict(ranked))


def _without_restricted_elsewhere(user: User, queryset: QuerySet[Beneficiary]) -> QuerySet[Beneficiary]:
    """Searches leave out persons under a restriction of processing (UU PDP Pasal 41) unless the user
    works at the responsible (registering) centre: a centre that holds a case still opens the record
    by its link, but the person is not looked up from elsewhere (docs/beneficiaries.md)."""
    if user.role == Role.SYSADMIN:
        return queryset
    restricted = SubjectRequest.objects.restrictions_in_force().values("beneficiary_id")
    return queryset.exclude(Q(pk__in=restricted) & ~Q(registered_sentra_id__in=list(centre_ids_of(user))))


def beneficiary_get(*, user: User, pk: int | str) -> Beneficiary:
    """One record the user may see (404 otherwise, merged ones included)."""
    require_registry(user)
    queryset = Beneficiary.objects.select_related(
        "registered_sentra", f"region__{REGION_CHAIN}", "merged_into", "created_by", "import_job"
    )
    return get_visible_or_404(queryset, user, pk=pk)


# --- Registration: search first -------------------------------------------------------------------


@dataclass
class RegistrationCheck:
    nik: nik_rules.NikParse | None = None
    nik_holder: Beneficiary | None = None  # visible to the user
    nik_elsewhere: str = ""  # message when held by a record the user may not see
    candidates: list[tuple[Beneficiary, duplicates.Match]] = field(default_factory=list)

    @property
    def blocked(self) -> bool:
        return self.nik_holder is not None or bool(self.nik_elsewhere)


def registration_check(
    *,
    user: User,
    nik: str = "",
    full_name: str = "",
    sex: str = "",
    birth_date: datetime.date | None = None,
    estimated_age: int | None = None,
    region_code: str = "",
) -> RegistrationCheck:
    """What intake must see before creating a record: the NIK's holder, and records that look alike."""
    require_registry(user)
    result = RegistrationCheck()
    if nik.strip():
        result.nik = nik_service.parse(nik)
        if result.nik.valid:
            holder = existing_by_nik(result.nik.nik)
            if holder is not None:
                visible = Beneficiary.objects.visible_to(user).filter(pk=holder.pk).first()
                if visible is not None:
                    result.nik_holder = visible
                else:
                    result.nik_elsewhere = nik_taken_message(actor=user, holder=holder)
    key = names.name_key(full_name)
    if key:
        if birth_date is None and estimated_age is not None and 0 <= estimated_age <= 120:
            birth_date = datetime.date(timezone.localdate().year - estimated_age, 7, 1)
        probe = duplicates.PersonFacts(
            name_key=key,
            sex=sex,
            birth_date=birth_date,
            birth_date_estimated=birth_date is not None and estimated_age is not None,
            region_code=region_code.strip(),
        )
        found = matching.duplicate_candidates(probe, Beneficiary.objects.visible_to(user))
        by_pk = _base(user).in_bulk([candidate.pk for candidate in found])
        result.candidates = [(by_pk[c.pk], c.match) for c in found if c.pk in by_pk]
    return result


def duplicate_candidates_for(
    *, user: User, beneficiary: Beneficiary
) -> list[tuple[Beneficiary, duplicates.Match]]:
    """Visible records that look like this one (never merged automatically)."""
    require_registry(user)
    found = matching.duplicate_candidates(
        matching.facts_of(beneficiary), Beneficiary.objects.visible_to(user), exclude_pk=beneficiary.pk
    )
    by_pk = _base(user).in_bulk([candidate.pk for candidate in found])
    return [(by_pk[c.pk], c.match) for c in found if c.pk in by_pk]


# --- Profile --------------------------------------------------------------------------------------


def ledger_ids(beneficiary: Beneficiary) -> list[int]:
    return [beneficiary.pk, *beneficiary.merged_records.values_list("pk", flat=True)]


def consents_of(*, beneficiary: Beneficiary) -> QuerySet[Consent]:
    """The ledger of a record the caller already fetched through ``beneficiary_get``."""
    return (
        Consent.objects.filter(beneficiary_id__in=ledger_ids(beneficiary))
        .select_related("guardian__related_beneficiary", "recorded_by", "withdrawn_by")
        .order_by("-given_on", "-id")
    )


def relationships_of(*, beneficiary: Beneficiary) -> QuerySet[Relationship]:
    return (
        Relationship.objects.filter(beneficiary=beneficiary)
        .select_related("related_beneficiary")
        .order_by("-is_guardian", "relationship_type", "id")
    )


def guardians_of(*, beneficiary: Beneficiary) -> QuerySet[Relationship]:
    return relationships_of(beneficiary=beneficiary).filter(
        Q(is_guardian=True) | Q(relationship_type__in=["mother", "father", "parent"])
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime.datetime
    kind: str
    title: str
    detail: str = ""
    actor: str = ""


def _field_labels(changes: dict[str, Any]) -> str:
    labels = []
    for name in changes:
        try:
            model_field = Beneficiary._meta.get_field(name)
        except FieldDoesNotExist:  # a field removed since the event was written
            labels.append(name)
            continue
        labels.append(str(getattr(model_field, "verbose_name", name)))
    return ", ".join(labels)


def timeline(*, beneficiary: Beneficiary) -> list[TimelineEntry]:
    """Everything that happened to a person's record, newest first.

    Edits come from the audit log of this record (and of records merged into it), naming the fields
    changed but never their values: the values may be sensitive, and the audit page shows them to those
    allowed. Consents (given, withdrawn) and merge decisions come from their own tables.
    """
    ids = [str(pk) for pk in ledger_ids(beneficiary)]
    entries: list[TimelineEntry] = []
    events = AuditEvent.objects.filter(object_type="beneficiaries.beneficiary", object_id__in=ids).order_by(
        "-at"
    )[:200]
    for event in events:
        if event.action == "create":
            title = (
                _("Registered") if event.object_id == str(beneficiary.pk) else _("Merged record registered")
            )
            entries.append(TimelineEntry(event.at, "registered", title, "", event.actor_label))
        elif event.action == "update":
            entries.append(
                TimelineEntry(
                    event.at, "edited", _("Edited"), _field_labels(event.changes), event.actor_label
                )
            )
    if beneficiary.import_job_id is not None and beneficiary.import_job is not None:
        entries.append(
            TimelineEntry(
                beneficiary.created_at,
                "registered",
                _("Imported"),
                beneficiary.import_job.original_name,
                beneficiary.created_by.username if beneficiary.created_by else "",
            )
        )
    for consent in consents_of(beneficiary=beneficiary):
        start = datetime.datetime.combine(
            consent.given_on, datetime.time.min, tzinfo=timezone.get_current_timezone()
        )
        entries.append(
            TimelineEntry(
                start,
                "consent",
                _("Consent given: {purpose}").format(purpose=consent.get_purpose_display()),
                consent.get_given_by_display(),
                consent.recorded_by.username if consent.recorded_by else "",
            )
        )
        if consent.withdrawn_on:
            end = datetime.datetime.combine(
                consent.withdrawn_on, datetime.time.min, tzinfo=timezone.get_current_timezone()
            )
            entries.append(
                TimelineEntry(
                    end,
                    "consent",
                    _("Consent withdrawn: {purpose}").format(purpose=consent.get_purpose_display()),
                    consent.withdrawal_reason,
                    consent.withdrawn_by.username if consent.withdrawn_by else "",
                )
            )
    reviews = DuplicateReview.objects.filter(Q(first=beneficiary) | Q(second=beneficiary)).select_related(
        "decided_by", "unmerged_by", "first", "second"
    )
    for review in reviews:
        other = review.second if review.first_id == beneficiary.pk else review.first
        if review.decided_at and review.status == ReviewStatus.MERGED:
            entries.append(
                TimelineEntry(
                    review.decided_at,
                    "merge",
                    _("Merged with {number}").format(number=other.registration_number),
                    review.decision_note,
                    review.decided_by.username if review.decided_by else "",
                )
            )
        if review.decided_at and review.status == ReviewStatus.DISTINCT:
            entries.append(
                TimelineEntry(
                    review.decided_at,
                    "merge",
                    _("Marked as a different person from {number}").format(number=other.registration_number),
                    review.decision_note,
                    review.decided_by.username if review.decided_by else "",
                )
            )
        if review.unmerged_at:
            entries.append(
                TimelineEntry(
                    review.unmerged_at,
                    "merge",
                    _("Unmerged from {number}").format(number=other.registration_number),
                    review.decision_note,
                    review.unmerged_by.username if review.unmerged_by else "",
                )
            )
    entries.sort(key=lambda entry: entry.at, reverse=True)
    return entries


# --- Duplicate review queue -----------------------------------------------------------------------


def review_queue(*, user: User, status: str = ReviewStatus.OPEN) -> QuerySet[DuplicateReview]:
    if not permissions.may_review_duplicates(user):
        raise PermissionDenied
    queryset = DuplicateReview.objects.visible_to(user).select_related(
        "first__registered_sentra",
        "second__registered_sentra",
        "first__region",
        "second__region",
        "decided_by",
    )
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-score", "-id")


def review_get(*, user: User, pk: int | str) -> DuplicateReview:
    if not permissions.may_review_duplicates(user):
        raise PermissionDenied
    queryset = DuplicateReview.objects.select_related(
        "first__registered_sentra",
        f"first__region__{REGION_CHAIN}",
        "second__registered_sentra",
        f"second__region__{REGION_CHAIN}",
        "decided_by",
        "survivor",
    )
    return get_visible_or_404(queryset, user, pk=pk)


# --- Imports --------------------------------------------------------------------------------------


def import_jobs(*, user: User) -> QuerySet[ImportJob]:
    if not permissions.may_import(user):
        raise PermissionDenied
    return ImportJob.objects.visible_to(user).select_related("sentra", "created_by").order_by("-created_at")


def import_job_get(*, user: User, pk: int | str) -> ImportJob:
    if not permissions.may_import(user):
        raise PermissionDenied
    return get_visible_or_404(ImportJob.objects.select_related("sentra", "created_by"), user, pk=pk)


# --- Choices --------------------------------------------------------------------------------------


def registration_centres(*, user: User) -> QuerySet[Sentra]:
    """Centres the user may register persons in."""
    if permissions.is_sysadmin(user):
        return Sentra.objects.filter(is_active=True).order_by("name")
    if not permissions.may_register(user):
        return Sentra.objects.none()
    return Sentra.objects.visible_to(user).order_by("name")


def import_centres(*, user: User) -> QuerySet[Sentra]:
    if permissions.is_sysadmin(user):
        return Sentra.objects.filter(is_active=True).order_by("name")
    if not permissions.may_import(user):
        return Sentra.objects.none()
    return Sentra.objects.visible_to(user).order_by("name")


# --- Data-subject requests ----------------------------------------------------------------------------


def subject_request_person(*, user: User, pk: int) -> Beneficiary:
    """The person whose requests ``user`` handles: 403 for roles that never open the registry, 404 for
    records of other centres and for roles that do not handle requests."""
    beneficiary = beneficiary_get(user=user, pk=pk)
    if not permissions.may_handle_subject_requests(user):
        raise Http404
    return beneficiary


def subject_request_get(*, user: User, beneficiary: Beneficiary, pk: int) -> SubjectRequest:
    """One of the person's requests the user may see (404 otherwise, also for another person's)."""
    return get_object_or_404(SubjectRequest.objects.visible_to(user).filter(beneficiary=beneficiary), pk=pk)


def subject_requests_of(*, beneficiary: Beneficiary) -> QuerySet[SubjectRequest]:
    """A person's requests (the caller has already checked the handler may see the person)."""
    return SubjectRequest.objects.filter(beneficiary=beneficiary).select_related("guardian", "decided_by")


def subject_requests_pending(*, user: User) -> QuerySet[SubjectRequest]:
    return (
        SubjectRequest.objects.visible_to(user)
        .pending()
        .select_related("beneficiary", "beneficiary__registered_sentra")
        .order_by("due_at", "id")
    )


def profile_tasks(*, user: User, beneficiary: Beneficiary) -> list[ProfileTask]:
    """Open tasks about the person from other apps (signal ``profile_tasks_collected``)."""
    tasks: list[ProfileTask] = []
    for _receiver, contributed in profile_tasks_collected.send(
        sender=Beneficiary, beneficiary=beneficiary, user=user
    ):
        if isinstance(contributed, list):
            tasks.extend(contributed)
    return tasks


def restrictions_in_force(*, beneficiary: Beneficiary) -> QuerySet[SubjectRequest]:
    """Restrictions of processing the person asked for and the centre granted (shown on the record)."""
    return (
        SubjectRequest.objects.restrictions_in_force().filter(beneficiary=beneficiary).order_by("-decided_at")
    )
