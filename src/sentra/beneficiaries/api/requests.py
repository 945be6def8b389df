"""Data-subject requests (UU PDP) through the API: record, list, answer, export.

Scoped like the pages (views/subject_requests.py): the person is fetched through ``visible_to``
(403 for roles that never open the registry, 404 for records of other centres), and for roles that do
not handle requests (everyone but centre heads and administrators) the endpoints answer 404.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads annotations at import time.
import datetime
from typing import Any

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.beneficiaries import permissions, selectors
from sentra.beneficiaries.api.schemas import acting_user
from sentra.beneficiaries.models import SubjectRequest
from sentra.beneficiaries.services import subject_export, subject_requests

router = Router(tags=["beneficiaries"])


class SubjectRequestIn(Schema):
    kind: str = Field(description="access, correction, restriction or erasure")
    requested_by: str = Field(description="self, parent or guardian")
    guardian_id: int | None = Field(None, description="the family link of the parent or guardian")
    requester_name: str = ""
    received_at: datetime.datetime | None = Field(None, description="empty: now")
    details: str = Field("", description="required for a correction, restriction or erasure")


class SubjectRequestAnswerIn(Schema):
    status: str = Field(description="completed, refused or lifted (a restriction in force)")
    outcome: str = ""
    retention_ground: str = Field(
        "",
        description="erasure only: archive_schedule, public_administration, law_enforcement or "
        "statistics_research (required when refusing)",
    )
    erase_categories: list[str] = Field(
        default_factory=list,
        description="completed erasure only: the data erased now, any of contact, identity_numbers, "
        "health_notes, photo, family_links, consents (at least one unless retention_ground keeps all); "
        "the name and the registration number stay",
    )


class SubjectRequestOut(Schema):
    id: int
    beneficiary_id: int
    kind: str
    requested_by: str
    guardian_id: int | None
    requester_name: str
    details: str
    received_at: datetime.datetime
    due_at: datetime.datetime
    status: str
    outcome: str
    retention_ground: str
    erased_categories: list[str]
    decided_at: datetime.datetime | None
    lifted_at: datetime.datetime | None
    overdue: bool
    restriction_in_force: bool

    @staticmethod
    def resolve_overdue(obj: SubjectRequest) -> bool:
        return obj.is_overdue


class ExportQuery(Schema):
    request_id: int | None = Field(None, description="the access request this export answers")


@router.get(
    "/subject-requests",
    response=list[SubjectRequestOut],
    summary="Data-subject requests awaiting an answer, nearest deadline first",
)
@paginate(PageNumber)
def subject_request_queue(request: HttpRequest) -> Any:
    user = acting_user(request)
    selectors.require_registry(user)
    if not permissions.may_handle_subject_requests(user):
        raise Http404
    return selectors.subject_requests_pending(user=user)


@router.get(
    "/beneficiaries/{beneficiary_id}/subject-requests",
    response=list[SubjectRequestOut],
    summary="A person's data-subject requests (UU PDP)",
)
@paginate(PageNumber)
def subject_request_list(request: HttpRequest, beneficiary_id: int) -> Any:
    beneficiary = selectors.subject_request_person(user=acting_user(request), pk=beneficiary_id)
    return selectors.subject_requests_of(beneficiary=beneficiary)


@router.post(
    "/beneficiaries/{beneficiary_id}/subject-requests",
    response={201: SubjectRequestOut},
    summary="Record a data-subject request; the answer is due 3 x 24 hours after receipt",
)
def subject_request_create(
    request: HttpRequest, beneficiary_id: int, payload: SubjectRequestIn
) -> Status[SubjectRequest]:
    user = acting_user(request)
    beneficiary = selectors.subject_request_person(user=user, pk=beneficiary_id)
    received = payload.received_at
    if received is not None and timezone.is_naive(received):
        received = timezone.make_aware(received)
    item = subject_requests.subject_request_record(
        actor=user,
        beneficiary=beneficiary,
        data=subject_requests.SubjectRequestInput(
            kind=payload.kind,
            requested_by=payload.requested_by,
            received_at=received,
            guardian_id=payload.guardian_id,
            requester_name=payload.requester_name,
            details=payload.details,
        ),
    )
    return Status(201, item)


@router.post(
    "/beneficiaries/{beneficiary_id}/subject-requests/{request_id}/answer",
    response=SubjectRequestOut,
    summary="Complete or refuse a request, or lift a restriction in force",
)
def subject_request_answer(
    request: HttpRequest, beneficiary_id: int, request_id: int, payload: SubjectRequestAnswerIn
) -> SubjectRequest:
    user = acting_user(request)
    beneficiary = selectors.subject_request_person(user=user, pk=beneficiary_id)
    item = selectors.subject_request_get(user=user, beneficiary=beneficiary, pk=request_id)
    return subject_requests.subject_request_answer(
        actor=user,
        request=item,
        status=payload.status,
        outcome=payload.outcome,
        retention_ground=payload.retention_ground,
        erase_categories=payload.erase_categories,
    )


@router.get(
    "/beneficiaries/{beneficiary_id}/subject-export",
    response=dict[str, Any],
    summary="Everything held about the person with the access and processing logs (UU PDP Art. 7, 13, 32)",
)
def subject_export_json(request: HttpRequest, beneficiary_id: int, query: Query[ExportQuery]) -> Any:
    user = acting_user(request)
    beneficiary = selectors.subject_request_person(user=user, pk=beneficiary_id)
    item = (
        selectors.subject_request_get(user=user, beneficiary=beneficiary, pk=query.request_id)
        if query.request_id is not None
        else None
    )
    return subject_export.subject_export(actor=user, beneficiary=beneficiary, request=item)
