"""Quality endpoints: survey periods, results and responses (staff, scoped), complaints (staff, scoped),
and the public ones (no account): published results, survey submission, filing and tracking complaints.
Thin: parse, call a selector or service, return.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core.middleware import client_ip
from sentra.core.models import User
from sentra.quality import services
from sentra.quality.api_readiness import router as readiness_router
from sentra.quality.models import (
    RESPONSE_READER_ROLES,
    Complaint,
    PeriodStatus,
    SurveyPeriod,
    SurveyResponse,
    may_see_complainant,
)
from sentra.quality.rules.ikm import ELEMENT_NAMES, IkmResult, krejcie_morgan_minimum
from sentra.quality.selectors import complaints as complaint_selectors
from sentra.quality.selectors import survey as survey_selectors

router = Router(tags=["quality"])
router.add_router("", readiness_router)


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


# --- schemas -----------------------------------------------------------------------------------------


class ElementOut(Schema):
    answered: int
    nrr: float | None = Field(None, description="Mean of the filled answers (1-4), 4 decimals")


class ResultOut(Schema):
    respondents: int
    elements: dict[str, ElementOut] = Field(description="Keyed by element name (persyaratan ... sarana)")
    elements_answered: int
    ikm_unit: float | None = Field(None, description="IKM on the 1-4 scale, 4 decimals")
    ikm: float | None = Field(None, description="IKM on the 25-100 scale, rounded half up to 2 decimals")
    grade: str | None = Field(None, description="A, B, C or D (PermenPANRB 14/2017)")
    label: str | None = Field(None, description="The regulation's wording, e.g. Sangat Baik")
    population: int | None = None
    sample_min: int | None = Field(None, description="Krejcie-Morgan minimum for the population")
    sample_ok: bool | None = None


def _result(result: IkmResult, population: int | None) -> dict[str, Any]:
    grade = result.grade
    minimum = krejcie_morgan_minimum(population) if population else None
    return {
        "respondents": result.respondents,
        "elements": {
            name: {
                "answered": result.elements[name].answered,
                "nrr": float(nrr) if (nrr := result.elements[name].nrr_rounded) is not None else None,
            }
            for name in ELEMENT_NAMES
        },
        "elements_answered": result.elements_answered,
        "ikm_unit": float(result.ikm_unit_rounded) if result.ikm_unit_rounded is not None else None,
        "ikm": float(result.ikm) if result.ikm is not None else None,
        "grade": grade.letter if grade else None,
        "label": grade.label_id if grade else None,
        "population": population,
        "sample_min": minimum,
        "sample_ok": result.respondents >= minimum if minimum is not None else None,
    }


class PeriodOut(Schema):
    id: int
    centre_id: int
    centre_code: str
    kind: str
    year: int
    half: int
    label: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    population: int | None
    population_source: str
    respondents: int
    published_at: datetime.datetime | None

    @staticmethod
    def resolve_centre_id(obj: SurveyPeriod) -> int:
        return obj.sentra_id

    @staticmethod
    def resolve_centre_code(obj: SurveyPeriod) -> str:
        return obj.sentra.code

    @staticmethod
    def resolve_label(obj: SurveyPeriod) -> str:
        return str(obj.label)

    @staticmethod
    def resolve_respondents(obj: SurveyPeriod) -> int:
        annotated = getattr(obj, "respondents", None)
        return int(annotated) if annotated is not None else obj.responses.count()


class PeriodQuery(Schema):
    centre: int | None = Field(None, description="Centre id")
    year: int | None = None
    status: str = Field("", description="draft, open or closed")


class ResponseOut(Schema):
    id: int
    submitted_at: datetime.datetime
    channel: str
    one_time_code_used: bool
    paper_number: str
    answers: dict[str, int | None]
    sex: str
    age_group: str
    education: str
    occupation: str
    service: str | None
    served_by_id: int | None
    suggestions: str

    @staticmethod
    def resolve_one_time_code_used(obj: SurveyResponse) -> bool:
        return obj.one_time_code_id is not None

    @staticmethod
    def resolve_answers(obj: SurveyResponse) -> dict[str, int | None]:
        return obj.answers()

    @staticmethod
    def resolve_service(obj: SurveyResponse) -> str | None:
        return obj.service.code if obj.service else None


class ComplaintOut(Schema):
    id: int
    tracking_code: str
    centre_id: int
    channel: str
    lapor_reference: str
    category: str
    about: str
    service: str | None
    status: str
    received_at: datetime.datetime
    respond_by: datetime.date
    resolve_by: datetime.date
    first_response_at: datetime.datetime | None
    resolved_at: datetime.datetime | None
    escalation_level: int
    assigned_to_id: int | None
    rating: int | None

    @staticmethod
    def resolve_centre_id(obj: Complaint) -> int:
        return obj.sentra_id

    @staticmethod
    def resolve_category(obj: Complaint) -> str:
        return obj.category.code

    @staticmethod
    def resolve_service(obj: Complaint) -> str | None:
        return obj.service.code if obj.service else None


class ComplainantOut(Schema):
    anonymous: bool
    name: str | None = Field(None, description="Only for those handling the complaint")
    phone: str | None = None
    email: str | None = None


class ComplaintDetailOut(ComplaintOut):
    description: str
    response: str
    resolution: str
    complainant: ComplainantOut

    @staticmethod
    def resolve_complainant(obj: Complaint, context: Any) -> dict[str, Any]:
        """Identity only for those handling the complaint; never for a staff member it names."""
        show = may_see_complainant(context["request"].user, obj) and not obj.anonymous
        return {
            "anonymous": obj.anonymous,
            "name": obj.complainant_name if show else None,
            "phone": obj.complainant_phone if show else None,
            "email": obj.complainant_email if show else None,
        }


class ComplaintQuery(Schema):
    status: str = Field(
        "", description="open, or one status: received, triaged, assigned, responded, resolved"
    )
    centre: int | None = Field(None, description="Centre id")


# --- staff: survey -------------------------------------------------------------------------------------


@router.get("/survey-periods", response=list[PeriodOut], summary="Survey periods you may see")
@paginate(PageNumber)
def period_list(request: HttpRequest, filters: Query[PeriodQuery]) -> Any:
    if filters.status and filters.status not in PeriodStatus.values:
        raise ValidationError(
            {"status": [_("Use one of: {values}.").format(values=", ".join(PeriodStatus.values))]}
        )
    return survey_selectors.period_list(
        user=_actor(request),
        filters=survey_selectors.PeriodFilters(
            sentra_id=filters.centre, year=filters.year, status=filters.status
        ),
    )


@router.get("/survey-periods/{period_id}", response=PeriodOut, summary="One survey period")
def period_detail(request: HttpRequest, period_id: int) -> SurveyPeriod:
    return survey_selectors.period_get(user=_actor(request), pk=period_id)


@router.get(
    "/survey-periods/{period_id}/result", response=ResultOut, summary="The period's IKM, computed now"
)
def period_result(request: HttpRequest, period_id: int) -> dict[str, Any]:
    period = survey_selectors.period_get(user=_actor(request), pk=period_id)
    return _result(survey_selectors.period_ikm(period=period), period.population)


@router.get(
    "/survey-periods/{period_id}/responses",
    response=list[ResponseOut],
    summary="Individual questionnaires (centre head, survey desk, national analysts, administrators)",
)
@paginate(PageNumber)
def response_list(request: HttpRequest, period_id: int) -> Any:
    user = _actor(request)
    period = survey_selectors.period_get(user=user, pk=period_id)
    if user.role not in RESPONSE_READER_ROLES:
        raise PermissionDenied
    return survey_selectors.response_list(user=user, period=period)


# --- staff: complaints ---------------------------------------------------------------------------------


@router.get("/complaints", response=list[ComplaintOut], summary="Complaints you may see")
@paginate(PageNumber)
def complaint_list(request: HttpRequest, filters: Query[ComplaintQuery]) -> Any:
    allowed = {"", "open", "received", "triaged", "assigned", "responded", "resolved"}
    if filters.status not in allowed:
        raise ValidationError(
            {"status": [_("Use one of: {values}.").format(values=", ".join(sorted(allowed - {""})))]}
        )
    return complaint_selectors.complaint_list(
        user=_actor(request),
        filters=complaint_selectors.ComplaintFilters(status=filters.status, sentra_id=filters.centre),
    )


@router.get("/complaints/{complaint_id}", response=ComplaintDetailOut, summary="One complaint")
def complaint_detail(request: HttpRequest, complaint_id: int) -> Complaint:
    return complaint_selectors.complaint_get(user=_actor(request), pk=complaint_id)


# --- public (no account) -------------------------------------------------------------------------------


class PublicResultOut(Schema):
    period: str
    starts_on: datetime.date
    ends_on: datetime.date
    published_at: datetime.datetime
    respondents: int
    ikm: str | None
    ikm_unit: str | None
    grade: str | None
    label: str | None
    elements: dict[str, dict[str, Any]]


@router.get(
    "/public/centres/{code}/results",
    response=list[PublicResultOut],
    auth=None,
    summary="A centre's published IKM results (public)",
)
def public_results(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    from sentra.quality.rules.ikm import GRADE_BY_LETTER

    sentra = survey_selectors.public_centre(code=code)
    rows = []
    for period in survey_selectors.published_periods(sentra=sentra):
        snapshot = period.published_result or {}
        grade = GRADE_BY_LETTER.get(snapshot.get("grade") or "")
        rows.append(
            {
                "period": str(period.label),
                "starts_on": period.starts_on,
                "ends_on": period.ends_on,
                "published_at": period.published_at,
                "respondents": snapshot.get("respondents", 0),
                "ikm": snapshot.get("ikm"),
                "ikm_unit": snapshot.get("ikm_unit"),
                "grade": grade.letter if grade else None,
                "label": grade.label_id if grade else None,
                "elements": snapshot.get("elements") or {},
            }
        )
    return rows


class SurveyIn(Schema):
    answers: dict[str, int | None] = Field(description="Element name -> 1..4, or null when not answered")
    code: str = Field("", description="One-time code from a survey slip, if any")
    sex: str = ""
    age_group: str = ""
    education: str = ""
    occupation: str = ""
    service: str = Field("", description="ATENSI component code")
    served_by: int | None = Field(None, description="Id of the staff member who served the respondent")
    suggestions: str = ""


class Accepted(Schema):
    detail: str


@router.post(
    "/public/centres/{code}/survey-responses",
    response={201: Accepted},
    auth=None,
    summary="Send a questionnaire on the centre's open link (public, rate limited)",
)
def public_survey(request: HttpRequest, code: str, payload: SurveyIn) -> Status[dict[str, str]]:
    sentra = survey_selectors.public_centre(code=code)
    data = services.ResponseInput(
        answers=payload.answers,
        sex=payload.sex,
        age_group=payload.age_group,
        education=payload.education,
        occupation=payload.occupation,
        service_code=payload.service,
        suggestions=payload.suggestions,
        served_by_id=payload.served_by,
    )
    services.survey_submit(sentra=sentra, data=data, code=payload.code, address=client_ip(request))
    return Status(201, {"detail": _("Thank you: your answers are counted.")})


class ComplaintIn(Schema):
    category: str = Field(description="Complaint category code, e.g. layanan")
    about: str = Field(description="centre, service or staff")
    description: str
    service: str = ""
    staff: int | None = Field(None, description="Id of the staff member concerned, if known")
    staff_name: str = Field("", description="Or a description of the staff member")
    anonymous: bool = False
    name: str = ""
    phone: str = ""
    email: str = ""


class ComplaintFiled(Schema):
    tracking_code: str
    status: str
    respond_by: datetime.date
    resolve_by: datetime.date


@router.post(
    "/public/centres/{code}/complaints",
    response={201: ComplaintFiled},
    auth=None,
    summary="File a complaint (public, anonymous allowed, rate limited); attachments via the web form",
)
def public_complaint(request: HttpRequest, code: str, payload: ComplaintIn) -> Status[Complaint]:
    sentra = survey_selectors.public_centre(code=code)
    data = services.ComplaintInput(
        category_code=payload.category,
        about=payload.about,
        description=payload.description,
        service_code=payload.service,
        subject_staff_id=payload.staff,
        subject_staff_name=payload.staff_name,
        anonymous=payload.anonymous,
        name=payload.name,
        phone=payload.phone,
        email=payload.email,
    )
    complaint = services.complaint_file(sentra=sentra, data=data, address=client_ip(request))
    return Status(201, complaint)


class TrackingEvent(Schema):
    at: datetime.datetime
    kind: str
    text: str


class TrackingOut(Schema):
    tracking_code: str
    centre: str
    category: str
    status: str
    received_at: datetime.datetime
    respond_by: datetime.date
    resolve_by: datetime.date
    response: str
    resolution: str
    rating: int | None
    events: list[TrackingEvent]


@router.get(
    "/public/complaints/{tracking_code}",
    response=TrackingOut,
    auth=None,
    summary="Status and answer of a complaint by its tracking code (public, no personal data)",
)
def public_tracking(request: HttpRequest, tracking_code: str) -> dict[str, Any]:
    try:
        complaint = services.tracking_lookup(code=tracking_code, address=client_ip(request))
    except ValidationError as exc:  # the only refusal here is the rate limit
        raise HttpError(429, " ".join(exc.messages)) from None
    if complaint is None:
        raise Http404
    return {
        "tracking_code": complaint.tracking_code,
        "centre": complaint.sentra.name,
        "category": complaint.category.label,
        "status": complaint.status,
        "received_at": complaint.received_at,
        "respond_by": complaint.respond_by,
        "resolve_by": complaint.resolve_by,
        "response": complaint.response,
        "resolution": complaint.resolution,
        "rating": complaint.rating,
        "events": [
            {"at": event.at, "kind": event.kind, "text": event.text}
            for event in complaint_selectors.public_events(complaint=complaint)
        ],
    }
