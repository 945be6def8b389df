"""Beneficiary registry endpoints: search, detail, registration, consents, duplicates, NIK, imports.

Thin like the pages: parse, call a selector or a service, return. Same scoping as the pages
(``visible_to``; 404 for records of other centres), same rules (422 with field errors).
"""

# No "from __future__ import annotations" in ninja modules: ninja reads annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.beneficiaries import nik as nik_service
from sentra.beneficiaries import permissions, reasons, selectors, services, tasks
from sentra.beneficiaries.models import (
    Beneficiary,
    Consent,
    ConsentPurpose,
    ImportJob,
    Sex,
)
from sentra.beneficiaries.rules import duplicates
from sentra.beneficiaries.rules import nik as nik_rules
from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Cluster, Sentra

router = Router(tags=["beneficiaries"])

SENSITIVE_PURPOSES = (
    "case_work",
    "assessment",
    "service_delivery",
    "supervision",
    "referral",
    "data_subject_request",
)


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


# --- Schemas --------------------------------------------------------------------------------------


class CentreRef(Schema):
    id: int
    name: str


class BeneficiaryOut(Schema):
    id: int
    registration_number: str
    full_name: str
    aliases: list[str]
    sex: str
    birth_date: datetime.date | None
    birth_date_estimated: bool
    estimated_age: int | None
    age: int | None
    has_nik: bool
    nik_masked: str = Field(description="e.g. 3171••••••••0001; the full NIK is at /identifiers")
    no_nik_reason: str
    clusters: list[str]
    intake_channel: str
    quality_flags: list[str]
    registered_sentra: CentreRef
    merged_into: int | None
    created_at: datetime.datetime
    match_score: float | None = Field(None, description="Name similarity 0-100 for name searches")

    @staticmethod
    def resolve_has_nik(obj: Beneficiary) -> bool:
        return bool(obj.nik_hash)

    @staticmethod
    def resolve_nik_masked(obj: Beneficiary) -> str:
        return nik_rules.mask(obj.nik) if obj.nik else ""

    @staticmethod
    def resolve_registered_sentra(obj: Beneficiary) -> dict[str, Any]:
        return {"id": obj.registered_sentra_id, "name": obj.registered_sentra.name}

    @staticmethod
    def resolve_merged_into(obj: Beneficiary) -> int | None:
        return obj.merged_into_id

    @staticmethod
    def resolve_match_score(obj: Beneficiary) -> float | None:
        return getattr(obj, "match_score", None)


class BeneficiaryDetailOut(BeneficiaryOut):
    no_nik_note: str
    birth_place: str | None
    address: str | None
    region_code: str | None
    phone: str | None
    dtks_reference: str
    dtks_snapshot_date: datetime.date | None
    has_photo: bool
    is_child: bool
    withheld: list[str] = Field(
        description="Sections left out here: 'health' always (see /sensitive), a child's contact data too"
    )

    @staticmethod
    def resolve_birth_place(obj: Beneficiary) -> str | None:
        return None if obj.is_child else obj.birth_place

    @staticmethod
    def resolve_address(obj: Beneficiary) -> str | None:
        return None if obj.is_child else obj.address

    @staticmethod
    def resolve_region_code(obj: Beneficiary) -> str | None:
        return None if obj.is_child else obj.region_id

    @staticmethod
    def resolve_phone(obj: Beneficiary) -> str | None:
        return None if obj.is_child else obj.phone

    @staticmethod
    def resolve_has_photo(obj: Beneficiary) -> bool:
        return bool(obj.photo)

    @staticmethod
    def resolve_withheld(obj: Beneficiary) -> list[str]:
        return ["health", "child"] if obj.is_child else ["health"]


class SearchQuery(Schema):
    q: str = Field("", description="A NIK (exact), a registration number (PM-XXXX-XXXX) or a name (fuzzy)")
    sex: str = Field("", description="M or F")
    cluster: str = Field("", description="e.g. lansia")


class BeneficiaryIn(Schema):
    sentra_id: int | None = Field(None, description="Registering centre; defaults to your only centre")
    full_name: str
    sex: str = Field(description="M or F")
    intake_channel: str
    nik: str = ""
    no_nik_reason: str = ""
    no_nik_note: str = ""
    kk_number: str = ""
    aliases: list[str] = []
    birth_date: datetime.date | None = None
    estimated_age: int | None = None
    birth_place: str = ""
    address: str = ""
    region_code: str = ""
    phone: str = ""
    clusters: list[str] = []
    disability_types: list[str] = []
    health_notes: str = ""
    dtks_reference: str = ""
    dtks_snapshot_date: datetime.date | None = None
    confirm_new_person: bool = Field(
        False, description="Confirms the similar records listed by /beneficiaries/check are other persons"
    )


class CheckIn(Schema):
    nik: str = ""
    full_name: str = ""
    sex: str = ""
    birth_date: datetime.date | None = None
    estimated_age: int | None = None
    region_code: str = ""


class ReasonOut(Schema):
    code: str
    value: int | None
    text: str


class CandidateOut(Schema):
    id: int
    registration_number: str
    full_name: str
    birth_date: datetime.date | None
    score: float
    reasons: list[ReasonOut]


class NikOut(Schema):
    nik: str
    valid: bool
    errors: list[str]
    warnings: list[str]
    province_code: str | None
    regency_code: str | None
    district_code: str | None
    birth_date: datetime.date | None
    sex: str | None
    serial: str | None
    messages: list[str] = Field(description="The errors and warnings in words")


class CheckOut(Schema):
    nik: NikOut | None
    nik_holder: int | None = Field(None, description="Id of the record holding the NIK, when visible to you")
    nik_elsewhere: str = Field("", description="Set when the NIK is held by a record you may not see")
    candidates: list[CandidateOut]


class NikIn(Schema):
    nik: str


class IdentifiersOut(Schema):
    nik: str
    kk_number: str


class SensitiveOut(Schema):
    disability_types: list[str]
    health_notes: str
    birth_place: str | None
    address: str | None
    region_code: str | None
    phone: str | None


class ConsentOut(Schema):
    id: int
    beneficiary_id: int
    purpose: str
    purpose_detail: str
    given_by: str
    guardian_id: int | None
    giver_name: str
    method: str
    witness_name: str
    accessible_format: str
    given_on: datetime.date
    withdrawn_on: datetime.date | None
    withdrawal_reason: str
    in_force: bool
    has_evidence: bool

    @staticmethod
    def resolve_in_force(obj: Consent) -> bool:
        return obj.is_in_force

    @staticmethod
    def resolve_has_evidence(obj: Consent) -> bool:
        return bool(obj.evidence)


class ConsentIn(Schema):
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


class WithdrawIn(Schema):
    withdrawn_on: datetime.date | None = None
    reason: str = ""


class ConsentCheckOut(Schema):
    purpose: str
    in_force: bool


class ImportJobOut(Schema):
    id: int
    original_name: str
    sentra_id: int
    status: str
    import_valid_rows: bool
    total_rows: int
    valid_rows: int
    created_count: int
    existing_count: int
    error_count: int
    errors: list[dict[str, Any]]
    percent: int


# --- Helpers --------------------------------------------------------------------------------------


def _nik_out(parsed: nik_rules.NikParse) -> dict[str, Any]:
    data = parsed.as_dict()
    data["birth_date"] = parsed.birth_date
    data["messages"] = [nik_service.error_text(code) for code in parsed.errors] + [
        nik_service.warning_text(code) for code in parsed.warnings
    ]
    return data


def _candidate_out(beneficiary: Beneficiary, match: duplicates.Match) -> dict[str, Any]:
    return {
        "id": beneficiary.pk,
        "registration_number": beneficiary.registration_number,
        "full_name": beneficiary.full_name,
        "birth_date": beneficiary.birth_date,
        "score": match.score,
        "reasons": [
            {"code": reason.code, "value": reason.value, "text": reasons.reason_text(reason)}
            for reason in match.reasons
        ],
    }


def _choice_errors(filters: SearchQuery) -> None:
    errors: dict[str, list[str]] = {}
    if filters.sex and filters.sex not in Sex.values:
        errors["sex"] = [_("Use M or F.")]
    if filters.cluster and filters.cluster not in Cluster.values:
        errors["cluster"] = [_("Use one of: {values}.").format(values=", ".join(Cluster.values))]
    if errors:
        raise ValidationError(errors)


def _registering_centre(user: User, sentra_id: int | None) -> Sentra:
    centres = selectors.registration_centres(user=user)
    if sentra_id is None:
        if centres.count() == 1:
            centre = centres.first()
            assert centre is not None
            return centre
        raise ValidationError({"sentra_id": [_("Choose the registering centre.")]})
    centre = centres.filter(pk=sentra_id).first()
    if centre is None:
        raise ValidationError({"sentra_id": [_("You cannot register persons in this centre.")]})
    return centre


# --- Search and detail ----------------------------------------------------------------------------


@router.get("/beneficiaries", response=list[BeneficiaryOut], summary="Search persons you may see")
@paginate(PageNumber)
def beneficiary_list(request: HttpRequest, filters: Query[SearchQuery]) -> Any:
    _choice_errors(filters)
    result = selectors.beneficiary_search(
        user=_actor(request),
        filters=selectors.SearchFilters(q=filters.q, sex=filters.sex, cluster=filters.cluster),
    )
    return result.items


@router.post(
    "/beneficiaries/check", response=CheckOut, summary="Search first: the NIK's holder and look-alikes"
)
def registration_check(request: HttpRequest, payload: CheckIn) -> dict[str, Any]:
    user = _actor(request)
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
        "nik": _nik_out(check.nik) if check.nik is not None else None,
        "nik_holder": check.nik_holder.pk if check.nik_holder else None,
        "nik_elsewhere": check.nik_elsewhere,
        "candidates": [_candidate_out(b, match) for b, match in check.candidates],
    }


@router.get("/beneficiaries/{beneficiary_id}", response=BeneficiaryDetailOut, summary="One person")
def beneficiary_detail(request: HttpRequest, beneficiary_id: int) -> Beneficiary:
    return selectors.beneficiary_get(user=_actor(request), pk=beneficiary_id)


@router.get(
    "/beneficiaries/{beneficiary_id}/identifiers",
    response=IdentifiersOut,
    summary="Full NIK and KK number (roles that need them; logged)",
)
def beneficiary_identifiers(request: HttpRequest, beneficiary_id: int) -> dict[str, str]:
    user = _actor(request)
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
    user = _actor(request)
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


# --- Registration ---------------------------------------------------------------------------------


@router.post("/beneficiaries", response={201: BeneficiaryDetailOut}, summary="Register a person")
def beneficiary_create(request: HttpRequest, payload: BeneficiaryIn) -> Status[Beneficiary]:
    user = _actor(request)
    if not permissions.may_register(user):
        raise PermissionDenied
    sentra = _registering_centre(user, payload.sentra_id)
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
    return _nik_out(nik_service.parse(payload.nik))


# --- Consents -------------------------------------------------------------------------------------


@router.get(
    "/beneficiaries/{beneficiary_id}/consents", response=list[ConsentOut], summary="The consent ledger"
)
def consent_list(request: HttpRequest, beneficiary_id: int) -> Any:
    beneficiary = selectors.beneficiary_get(user=_actor(request), pk=beneficiary_id)
    return list(selectors.consents_of(beneficiary=beneficiary))


@router.post(
    "/beneficiaries/{beneficiary_id}/consents", response={201: ConsentOut}, summary="Record a consent"
)
def consent_create(request: HttpRequest, beneficiary_id: int, payload: ConsentIn) -> Status[Consent]:
    user = _actor(request)
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
    user = _actor(request)
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
    beneficiary = selectors.beneficiary_get(user=_actor(request), pk=beneficiary_id)
    if query.purpose not in ConsentPurpose.values:
        raise ValidationError(
            {"purpose": [_("Use one of: {values}.").format(values=", ".join(ConsentPurpose.values))]}
        )
    return {
        "purpose": query.purpose,
        "in_force": services.consent_check(beneficiary=beneficiary, purpose=query.purpose),
    }


# --- Duplicates -----------------------------------------------------------------------------------


@router.get(
    "/beneficiaries/{beneficiary_id}/duplicates",
    response=list[CandidateOut],
    summary="Records that may be the same person (never merged automatically)",
)
def duplicate_candidates(request: HttpRequest, beneficiary_id: int) -> list[dict[str, Any]]:
    user = _actor(request)
    beneficiary = selectors.beneficiary_get(user=user, pk=beneficiary_id)
    return [
        _candidate_out(b, match)
        for b, match in selectors.duplicate_candidates_for(user=user, beneficiary=beneficiary)
    ]


# --- Imports --------------------------------------------------------------------------------------


@router.post("/beneficiary-imports", response={201: ImportJobOut}, summary="Upload a CSV/XLSX file to import")
def import_create(
    request: HttpRequest,
    file: File[UploadedFile],
    sentra_id: Form[int],
    import_valid_rows: Form[bool] = False,
) -> Status[ImportJob]:
    user = _actor(request)
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
    return selectors.import_job_get(user=_actor(request), pk=job_id)
