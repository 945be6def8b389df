"""Schemas and helpers shared by the registry endpoints."""

# No "from __future__ import annotations" in ninja modules: ninja reads annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Schema

from sentra.beneficiaries import nik as nik_service
from sentra.beneficiaries import reasons, selectors
from sentra.beneficiaries.models import (
    Beneficiary,
    Consent,
    Sex,
)
from sentra.beneficiaries.rules import duplicates
from sentra.beneficiaries.rules import nik as nik_rules
from sentra.beneficiaries.services import subject_requests
from sentra.core.models import User
from sentra.network.models import Cluster, Sentra

SENSITIVE_PURPOSES = (
    "case_work",
    "assessment",
    "service_delivery",
    "supervision",
    "referral",
    "data_subject_request",
)


def acting_user(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


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
    processing_restricted: bool = Field(
        description="A restriction of processing the person asked for is in force (UU PDP Art. 41): "
        "no referral or transfer, not found in searches from other centres"
    )

    @staticmethod
    def resolve_processing_restricted(obj: Beneficiary) -> bool:
        return subject_requests.processing_restricted(obj)

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


def nik_out(parsed: nik_rules.NikParse) -> dict[str, Any]:
    data = parsed.as_dict()
    data["birth_date"] = parsed.birth_date
    data["messages"] = [nik_service.error_text(code) for code in parsed.errors] + [
        nik_service.warning_text(code) for code in parsed.warnings
    ]
    return data


def candidate_out(beneficiary: Beneficiary, match: duplicates.Match) -> dict[str, Any]:
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


def choice_errors(filters: SearchQuery) -> None:
    errors: dict[str, list[str]] = {}
    if filters.sex and filters.sex not in Sex.values:
        errors["sex"] = [_("Use M or F.")]
    if filters.cluster and filters.cluster not in Cluster.values:
        errors["cluster"] = [_("Use one of: {values}.").format(values=", ".join(Cluster.values))]
    if errors:
        raise ValidationError(errors)


def registering_centre(user: User, sentra_id: int | None) -> Sentra:
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
