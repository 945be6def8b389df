"""Search, detail, NIK check and registration."""

# No "from __future__ import annotations" in ninja modules: ninja reads annotations at import time.
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.beneficiaries import nik as nik_service
from sentra.beneficiaries import permissions, selectors, services
from sentra.beneficiaries.api.schemas import (
    SENSITIVE_PURPOSES,
    BeneficiaryDetailOut,
    BeneficiaryIn,
    BeneficiaryOut,
    CheckIn,
    CheckOut,
    IdentifiersOut,
    NikIn,
    NikOut,
    SearchQuery,
    SensitiveOut,
    acting_user,
    candidate_out,
    choice_errors,
    nik_out,
    registering_centre,
)
from sentra.beneficiaries.models import (
    Beneficiary,
)
from sentra.core import audit

router = Router(tags=["beneficiaries"])


@router.get("/beneficiaries", response=list[BeneficiaryOut], summary="Search persons you may see")
@paginate(PageNumber)
def beneficiary_list(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    choice_errors(filters)
    result = selectors.beneficiary_search(
        user=acting_user(request),
        filters=selectors.SearchFilters(q=filters.q, sex=filters.sex, cluster=filters.cluster),
    )
    return result.items


@router.post(
    "/beneficiaries/check", response=CheckOut, summary="Search first: the NIK's holder and look-alikes"
)
def registration_check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    user = acting_user(request)
    if not permissions.may_register(user):
        raise PermissionDenied
    check = selectors.registration_check(
        user=user,
        nik=payload.nik,
        full_name=payload.full_name,
        sex=payload.sex,
        birth_date=payload.birth_date,
        estimated_age=payload.estimated_age,
        region_code=payload.region_code,
    )
    return {
        "nik": nik_out(check.nik) if check.nik is not None else None,
        "nik_holder": check.nik_holder.pk if check.nik_holder else None,
        "nik_elsewhere": check.nik_elsewhere,
        "candidates": [candidate_out(b, match) for b, match in check.candidates],
    }


@router.get("/beneficiaries/{beneficiary_id}", response=BeneficiaryDetailOut, summary="One person")
def beneficiary_detail(request: HttpRequest, beneficiary_id: int) -> Beneficiary:
    return selectors.beneficiary_get(user=acting_user(request), pk=beneficiary_id)


@router.get(
    "/beneficiaries/{beneficiary_id}/identifiers",
    response=IdentifiersOut,
    summary="Full NIK and KK number (roles that need them; logged)",
)
def beneficiary_identifiers(request: HttpRequest, beneficiary_id: int) -> dict[str, str]:
    user = acting_user(request)
    beneficiary = selectors.beneficiary_get(user=user, pk=beneficiary_id)
    if not permissions.may_see_full_nik(user, beneficiary):
        raise PermissionDenied
    audit.record_access(
        actor=user,
        instance=beneficiary,
        category="identifiers",
        purpose=_("Full NIK shown (API)"),
        sentra_id=beneficiary.registered_sentra_id,
    )
    return {"nik": beneficiary.nik, "kk_number": beneficiary.kk_number}


class SensitiveQuery(Schema):
    purpose: str = Field(description="Why you read it: " + ", ".join(SENSITIVE_PURPOSES))


@router.get(
    "/beneficiaries/{beneficiary_id}/sensitive",
    response=SensitiveOut,
    summary="Health details (and a child's contact data); needs the sensitive-data permission; logged",
)
def beneficiary_sensitive(
    request: HttpRequest, beneficiary_id: int, query: Query[SensitiveQuery]
) -> dict[str, Any]:
    user = acting_user(request)
    beneficiary = selectors.beneficiary_get(user=user, pk=beneficiary_id)
    if query.purpose not in SENSITIVE_PURPOSES:
        raise ValidationError(
            {"purpose": [_("Use one of: {values}.").format(values=", ".join(SENSITIVE_PURPOSES))]}
        )
    if not permissions.may_read_sensitive(user, beneficiary):
        raise PermissionDenied
    for category in ("health", "child") if beneficiary.is_child else ("health",):
        audit.record_access(
            actor=user,
            instance=beneficiary,
            category=category,
            purpose=f"{query.purpose} (API)",
            sentra_id=beneficiary.registered_sentra_id,
        )
    return {
        "disability_types": beneficiary.disability_types,
        "health_notes": beneficiary.health_notes,
        "birth_place": beneficiary.birth_place,
        "address": beneficiary.address,
        "region_code": beneficiary.region_id,
        "phone": beneficiary.phone,
    }


@router.post("/beneficiaries", response={201: BeneficiaryDetailOut}, summary="Register a person")
def beneficiary_create(request: HttpRequest, payload: BeneficiaryIn) -> Status[Beneficiary]:
    user = acting_user(request)
    if not permissions.may_register(user):
        raise PermissionDenied
    sentra = registering_centre(user, payload.sentra_id)
    data = services.BeneficiaryInput(
        full_name=payload.full_name,
        sex=payload.sex,
        intake_channel=payload.intake_channel,
        nik=payload.nik,
        no_nik_reason=payload.no_nik_reason,
        no_nik_note=payload.no_nik_note,
        kk_number=payload.kk_number,
        aliases=payload.aliases,
        birth_date=payload.birth_date,
        estimated_age=payload.estimated_age,
        birth_place=payload.birth_place,
        address=payload.address,
        region_code=payload.region_code,
        phone=payload.phone,
        clusters=payload.clusters,
        disability_types=payload.disability_types,
        health_notes=payload.health_notes,
        dtks_reference=payload.dtks_reference,
        dtks_snapshot_date=payload.dtks_snapshot_date,
    )
    created = services.beneficiary_register(
        actor=user, sentra=sentra, data=data, confirm_new_person=payload.confirm_new_person
    )
    return Status(201, selectors.beneficiary_get(user=user, pk=created.pk))


@router.post("/nik/validate", response=NikOut, summary="Validate and parse a NIK (stateless)")
def nik_validate(request: HttpRequest, payload: NikIn) -> dict[str, Any]:
    return nik_out(nik_service.parse(payload.nik))
