"""Workforce endpoints: staff records, credentials, competency evidence, the centre's matrix, gaps,
caseload and performance, and national aggregates. Thin: parse, call a selector or service, return.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import dataclasses
import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core.access import require_role
from sentra.core.models import Role, User
from sentra.workforce import selectors, services
from sentra.workforce.fields import MAX_ID
from sentra.workforce.models import Competency, StaffMember
from sentra.workforce.rules.performance import Performance

router = Router(tags=["workforce"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


class CredentialOut(Schema):
    id: int
    kind: str
    name: str
    number: str
    issuer: str
    issued_on: datetime.date | None
    expires_on: datetime.date | None
    revoked_on: datetime.date | None


class StaffOut(Schema):
    id: int
    centre_id: int
    user_id: int | None
    full_name: str
    employee_number: str
    sex: str
    profession: str
    peksos_level: str
    employment_type: str
    functional_rank: str
    position: str
    start_date: datetime.date
    end_date: datetime.date | None
    languages: list[str]
    clusters: list[str]

    @staticmethod
    def resolve_centre_id(obj: Any) -> int:
        return int(obj["centre_id"] if isinstance(obj, dict) else obj.sentra_id)


class StaffDetailOut(StaffOut):
    credentials: list[CredentialOut]
    competencies: dict[str, int] = Field(description="Competency code → current level (0-4)")


class StaffIn(Schema):
    centre_id: int = Field(ge=1, le=MAX_ID)
    full_name: str
    profession: str
    employment_type: str
    start_date: datetime.date
    peksos_level: str = ""
    functional_rank: str = ""
    position: str = ""
    languages: list[str] = []
    clusters: list[str] = []
    sex: str = ""
    employee_number: str = ""
    user_id: int | None = Field(None, ge=1, le=MAX_ID)


class CredentialIn(Schema):
    kind: str = Field(description="sertifikat_kompetensi, str or other")
    number: str
    name: str = ""
    issuer: str = ""
    issued_on: datetime.date | None = None
    expires_on: datetime.date | None = None


class EvidenceIn(Schema):
    competency: str = Field(description="Competency code")
    level: int = Field(ge=0, le=4, description="0-4")
    evidence_kind: str = Field(description="training, certification or supervisor_assessment")
    source: str
    note: str = ""


class EvidenceOut(Schema):
    id: int
    competency: str
    kind: str
    level: int
    level_before: int
    level_after: int
    source: str
    observed_on: datetime.date


class CompetencyOut(Schema):
    code: str
    skill_area: str
    cluster: str
    name_id: str
    name_en: str
    professions: list[str]
    needs: list[str]
    core: bool
    required_level: int


class CountsOut(Schema):
    done: int
    of: int


class PerformanceOut(Schema):
    cases_by_complexity: dict[int, int]
    weighted_cases: int
    timeliness: float | None
    timeliness_counts: CountsOut
    outcomes: float | None
    outcome_counts: CountsOut
    feedback: float | None
    feedback_responses: int
    trainings_completed: int
    trainings_delivered: int
    score: float | None


class CentrePerformanceOut(PerformanceOut):
    centre_id: int
    staff_count: int
    since: datetime.date
    until: datetime.date


class AlertOut(Schema):
    id: int
    credential_id: int
    staff_id: int
    days_ahead: int
    expires_on: datetime.date
    read: bool


def _detail(staff: StaffMember) -> dict[str, Any]:
    data = StaffOut.from_orm(staff).dict()
    data["credentials"] = list(staff.credentials.all())
    data["competencies"] = dict(staff.competencies.values_list("competency__code", "level"))
    return data


def _performance(performance: Performance) -> dict[str, Any]:
    return dataclasses.asdict(performance)


@router.get("/workforce/staff", response=list[StaffOut])
@paginate(PageNumber)
def staff_list(
    request: HttpRequest,
    q: str = "",
    centre_id: int | None = Query(None, ge=1, le=MAX_ID),  # type: ignore[type-arg]
) -> Any:
    return selectors.staff_list(_actor(request), centre_id=centre_id, query=q)


@router.get("/workforce/staff/{staff_id}", response=StaffDetailOut)
def staff_detail(request: HttpRequest, staff_id: int) -> Any:
    return _detail(selectors.staff_detail(_actor(request), staff_id))


@router.post("/workforce/staff", response={201: StaffDetailOut})
def staff_create(request: HttpRequest, payload: StaffIn) -> Any:
    actor = _actor(request)
    centre = selectors.readable_centre(actor, payload.centre_id)
    user = None
    if payload.user_id is not None:
        user = User.objects.visible_to(actor).filter(pk=payload.user_id).first()
        if user is None:
            raise Http404
    data = payload.dict(exclude={"centre_id", "user_id"})
    staff = services.staff_create(actor=actor, sentra=centre, user=user, **data)
    return 201, _detail(staff)


@router.post("/workforce/staff/{staff_id}/credentials", response={201: CredentialOut})
def credential_add(request: HttpRequest, staff_id: int, payload: CredentialIn) -> Any:
    actor = _actor(request)
    staff = selectors.staff_detail(actor, staff_id)
    return 201, services.credential_add(actor=actor, staff=staff, **payload.dict())


class RenewIn(Schema):
    expires_on: datetime.date
    issued_on: datetime.date | None = None


@router.post("/workforce/credentials/{credential_id}/renew", response=CredentialOut)
def credential_renew(request: HttpRequest, credential_id: int, payload: RenewIn) -> Any:
    actor = _actor(request)
    credential = selectors.credential_get(actor, credential_id)  # 404; the service answers 403
    return services.credential_renew(actor=actor, credential=credential, **payload.dict())


class RevokeIn(Schema):
    on: datetime.date


@router.post("/workforce/credentials/{credential_id}/revoke", response=CredentialOut)
def credential_revoke(request: HttpRequest, credential_id: int, payload: RevokeIn) -> Any:
    actor = _actor(request)
    credential = selectors.credential_get(actor, credential_id)  # 404; the service answers 403
    return services.credential_revoke(actor=actor, credential=credential, on=payload.on)


class ImportErrorOut(Schema):
    line: int
    column: str
    message: str


class ImportOut(Schema):
    rows: int
    created: int
    already_there: int
    errors: list[ImportErrorOut]


@router.post(
    "/workforce/imports",
    response={200: ImportOut, 422: ImportOut},
    summary="Import a staff list (CSV or XLSX); any bad row imports nothing",
)
def staff_import(
    request: HttpRequest,
    file: File[UploadedFile],
    centre_id: Form[int],
) -> Any:
    actor = _actor(request)
    require_role(actor, Role.CENTRE_HEAD, Role.HR, Role.SYSADMIN)
    if not 0 < centre_id <= MAX_ID:
        raise Http404
    centre = selectors.readable_centre(actor, centre_id)
    kind = "xlsx" if (file.name or "").lower().endswith(".xlsx") else "csv"
    result = services.staff_import(
        actor=actor, sentra=centre, stream=file.file, kind=kind, name=file.name or ""
    )
    body = {
        "rows": result.rows,
        "created": result.created,
        "already_there": result.already_there,
        "errors": [{"line": e.line, "column": e.column, "message": e.message} for e in result.errors],
    }
    return Status(200 if result.ok else 422, body)


@router.post("/workforce/staff/{staff_id}/evidence", response={201: EvidenceOut})
def evidence_add(request: HttpRequest, staff_id: int, payload: EvidenceIn) -> Any:
    actor = _actor(request)
    staff = selectors.staff_detail(actor, staff_id)
    evidence = services.record_competency_evidence(actor=actor, staff=staff, **payload.dict())
    return 201, {
        "id": evidence.pk,
        "competency": evidence.competency.code,
        "kind": evidence.kind,
        "level": evidence.level,
        "level_before": evidence.level_before,
        "level_after": evidence.level_after,
        "source": evidence.source,
        "observed_on": evidence.observed_on,
    }


@router.get("/workforce/staff/{staff_id}/performance", response=PerformanceOut)
def staff_performance(request: HttpRequest, staff_id: int) -> Any:
    return _performance(selectors.staff_performance(_actor(request), staff_id).performance)


@router.get("/workforce/competencies", response=list[CompetencyOut])
def competency_list(request: HttpRequest) -> Any:
    return [
        {**CompetencyOut.from_orm(c).dict(exclude={"skill_area"}), "skill_area": c.skill_area.code}
        for c in Competency.objects.filter(is_active=True).select_related("skill_area")
    ]


@router.get("/workforce/centres/{centre_id}/matrix", response=dict[str, dict[str, int]])
def matrix(request: HttpRequest, centre_id: int) -> Any:
    """Staff id → competency code → level, for the centre's active staff (0 where not assessed)."""
    data = selectors.competency_matrix(_actor(request), centre_id)
    return {str(member.pk): {c.code: level for c, level in data.row(member)} for member in data.staff}


@router.get("/workforce/centres/{centre_id}/gaps", response=dict[str, Any])
def gaps(request: HttpRequest, centre_id: int) -> Any:
    report = selectors.gap_report_for(_actor(request), centre_id)
    data = dataclasses.asdict(report)
    data["profession_gaps"] = [
        {**dataclasses.asdict(g), "shortfall": g.shortfall} for g in report.profession_gaps
    ]
    data["competency_gaps"] = [
        {**dataclasses.asdict(g), "shortfall": g.shortfall} for g in report.competency_gaps
    ]
    return data


@router.get("/workforce/centres/{centre_id}/caseload", response=list[dict[str, Any]])
def caseload(request: HttpRequest, centre_id: int) -> Any:
    return [
        {**dataclasses.asdict(row.load), "full_name": row.staff.full_name}
        for row in selectors.caseload_for(_actor(request), centre_id)
    ]


def _centre_performance(item: selectors.CentrePerformance) -> dict[str, Any]:
    return {
        **_performance(item.performance),
        "centre_id": item.centre.pk,
        "staff_count": item.staff_count,
        "since": item.since,
        "until": item.until,
    }


@router.get("/workforce/centres/{centre_id}/performance", response=CentrePerformanceOut)
def centre_performance(request: HttpRequest, centre_id: int) -> Any:
    return _centre_performance(selectors.centre_performance(_actor(request), centre_id))


@router.get("/workforce/national/performance", response=list[CentrePerformanceOut])
def national_performance(request: HttpRequest) -> Any:
    return [_centre_performance(item) for item in selectors.national_performance(_actor(request))]


@router.get("/workforce/national/gaps", response=list[dict[str, Any]])
def national_gaps(request: HttpRequest) -> Any:
    """Counts per centre only: no staff ids."""
    actor = _actor(request)
    require_role(actor, Role.NATIONAL_ANALYST, Role.SYSADMIN)
    return [
        {
            "centre_id": report.centre_id,
            "beneficiaries": report.beneficiaries,
            "staff": report.staff,
            "missing_professions": {gap.profession: gap.shortfall for gap in report.missing_professions},
            "competencies_below_need": {
                gap.competency: gap.shortfall for gap in report.competencies_below_need
            },
            "credentials_expiring": len(report.expiring),
        }
        for report in selectors.national_gap_report()
    ]


@router.get("/workforce/alerts", response=list[AlertOut])
@paginate(PageNumber)
def alert_list(request: HttpRequest) -> Any:
    return [
        {
            "id": alert.pk,
            "credential_id": alert.credential_id,
            "staff_id": alert.credential.staff_id,
            "days_ahead": alert.days_ahead,
            "expires_on": alert.expires_on,
            "read": alert.read_at is not None,
        }
        for alert in selectors.alerts_for(_actor(request))
    ]
