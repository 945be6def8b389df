"""Consents, duplicate checks and imports."""

# No "from __future__ import annotations" in ninja modules: ninja reads annotations at import time.
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile

from sentra.beneficiaries import permissions, selectors, services, tasks
from sentra.beneficiaries.api.schemas import (
    CandidateOut,
    ConsentCheckOut,
    ConsentIn,
    ConsentOut,
    ImportJobOut,
    WithdrawIn,
    acting_user,
    candidate_out,
)
from sentra.beneficiaries.models import (
    Consent,
    ConsentPurpose,
    ImportJob,
)

router = Router(tags=["beneficiaries"])


@router.get(
    "/beneficiaries/{beneficiary_id}/consents", response=list[ConsentOut], summary="The consent ledger"
)
def consent_list(request: HttpRequest, beneficiary_id: int) -> Any:
    beneficiary = selectors.beneficiary_get(user=acting_user(request), pk=beneficiary_id)
    return list(selectors.consents_of(beneficiary=beneficiary))


@router.post(
    "/beneficiaries/{beneficiary_id}/consents", response={201: ConsentOut}, summary="Record a consent"
)
def consent_create(request: HttpRequest, beneficiary_id: int, payload: ConsentIn) -> Status[Consent]:
    user = acting_user(request)
    beneficiary = selectors.beneficiary_get(user=user, pk=beneficiary_id)
    consent = services.consent_record(
        actor=user,
        beneficiary=beneficiary,
        data=services.ConsentInput(
            purpose=payload.purpose,
            given_by=payload.given_by,
            method=payload.method,
            given_on=payload.given_on,
            guardian_id=payload.guardian_id,
            giver_name=payload.giver_name,
            witness_name=payload.witness_name,
            accessible_format=payload.accessible_format,
            purpose_detail=payload.purpose_detail,
            notes=payload.notes,
        ),
    )
    return Status(201, consent)


@router.post(
    "/beneficiaries/{beneficiary_id}/consents/{consent_id}/withdraw",
    response=ConsentOut,
    summary="Withdraw a consent",
)
def consent_withdraw(
    request: HttpRequest, beneficiary_id: int, consent_id: int, payload: WithdrawIn
) -> Consent:
    user = acting_user(request)
    beneficiary = selectors.beneficiary_get(user=user, pk=beneficiary_id)
    consent = get_object_or_404(selectors.consents_of(beneficiary=beneficiary), pk=consent_id)
    return services.consent_withdraw(
        actor=user, consent=consent, withdrawn_on=payload.withdrawn_on, reason=payload.reason
    )


class ConsentCheckQuery(Schema):
    purpose: str = Field(description="services, referral_sharing, photo_publication or research")


@router.get(
    "/beneficiaries/{beneficiary_id}/consents/check",
    response=ConsentCheckOut,
    summary="Whether a consent for a purpose is in force today",
)
def consent_check(
    request: HttpRequest, beneficiary_id: int, query: Query[ConsentCheckQuery]
) -> dict[str, Any]:
    beneficiary = selectors.beneficiary_get(user=acting_user(request), pk=beneficiary_id)
    if query.purpose not in ConsentPurpose.values:
        raise ValidationError(
            {"purpose": [_("Use one of: {values}.").format(values=", ".join(ConsentPurpose.values))]}
        )
    return {
        "purpose": query.purpose,
        "in_force": services.consent_check(beneficiary=beneficiary, purpose=query.purpose),
    }


@router.get(
    "/beneficiaries/{beneficiary_id}/duplicates",
    response=list[CandidateOut],
    summary="Records that may be the same person (never merged automatically)",
)
def duplicate_candidates(request: HttpRequest, beneficiary_id: int) -> list[dict[str, Any]]:
    user = acting_user(request)
    beneficiary = selectors.beneficiary_get(user=user, pk=beneficiary_id)
    return [
        candidate_out(b, match)
        for b, match in selectors.duplicate_candidates_for(user=user, beneficiary=beneficiary)
    ]


@router.post("/beneficiary-imports", response={201: ImportJobOut}, summary="Upload a CSV/XLSX file to import")
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    sentra_id: Form[int],
    import_valid_rows: Form[bool] = False,
) -> Status[ImportJob]:
    user = acting_user(request)
    centre = selectors.import_centres(user=user).filter(pk=sentra_id).first()
    if centre is None:
        if not permissions.may_import(user):
            raise PermissionDenied
        raise ValidationError({"sentra_id": [_("You cannot import into this centre.")]})
    job = services.import_job_create(
        actor=user, sentra=centre, upload=file, import_valid_rows=import_valid_rows
    )
    tasks.run_import.delay(job.pk)
    job.refresh_from_db()
    return Status(201, job)


@router.get(
    "/beneficiary-imports/{job_id}", response=ImportJobOut, summary="Progress and errors of an import"
)
def import_detail(request: HttpRequest, job_id: int) -> ImportJob:
    return selectors.import_job_get(user=acting_user(request), pk=job_id)
