"""Training endpoints for the work the pages do: the catalogue, sessions (enrol, attendance and
completion, evaluation), training plans, exchanges, the overseas programme's lifecycle and the
returnees' obligations. Thin: each handler finds the record the way the page does (so another
centre's record answers 404 and a role the page refuses answers 403) and calls the same service.
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core.access import get_visible_or_404
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.training import selectors, services
from sentra.training.api import router
from sentra.training.models import (
    TRAINING_RUNNERS,
    Course,
    Obligation,
    OverseasProgramme,
    Participant,
    TrainingPlan,
)
from sentra.training.services._common import manages
from sentra.training.services.exchange import PROPOSER_ROLES
from sentra.workforce.fields import MAX_ID


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


def _managed_centre(user: User, centre_id: int) -> Sentra:
    """A centre the user runs training for (the pages' centre choices); 403 when they run none."""
    if user.role not in TRAINING_RUNNERS:
        raise PermissionDenied
    centre = selectors.managed_centres(user=user).filter(pk=centre_id).first()
    if centre is None:
        raise Http404
    return centre


# --- catalogue ---------------------------------------------------------------------------------------


class OutcomeOut(Schema):
    competency: str
    level: int


class CourseOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    centre_id: int | None
    provider: str
    hours: int
    outcomes: list[OutcomeOut]


def _course(course: Course) -> dict[str, Any]:
    return {
        "id": course.pk,
        "code": course.code,
        "title": course.title,
        "kind": course.kind,
        "centre_id": course.sentra_id,
        "provider": course.provider,
        "hours": course.hours,
        "outcomes": [{"competency": o.competency.code, "level": o.level} for o in course.outcomes.all()],
    }


@router.get("/training/courses", response=list[CourseOut], summary="The training catalogue")
@paginate(PageNumber)
def list_courses(request: HttpRequest) -> list[dict[str, Any]]:
    courses = selectors.course_list(user=_actor(request)).prefetch_related("outcomes__competency")
    return [_course(c) for c in courses]


class CourseIn(Schema):
    code: str = Field(max_length=60)
    title: str = Field(max_length=200)
    kind: str
    outcomes: dict[str, int] = Field(description="Competency code -> level on completion (1-4)")
    centre_id: int | None = Field(None, ge=1, le=MAX_ID, description="Empty: a national course")
    description: str = ""
    provider: str = Field("", max_length=200)
    hours: int = Field(0, ge=0, le=2000)


@router.post("/training/courses", response={201: CourseOut}, summary="Add a course to the catalogue")
def create_course(request: HttpRequest, payload: CourseIn) -> Any:
    user = _actor(request)
    centre = _managed_centre(user, payload.centre_id) if payload.centre_id is not None else None
    if centre is None and user.role != "sysadmin":
        raise PermissionDenied
    data = services.CourseInput(
        code=payload.code,
        title=payload.title,
        kind=payload.kind,
        outcomes=payload.outcomes,
        description=payload.description,
        provider=payload.provider,
        hours=payload.hours,
    )
    return Status(201, _course(services.course_create(actor=user, sentra=centre, data=data)))


# --- sessions ----------------------------------------------------------------------------------------


class SessionIn(Schema):
    course_id: int = Field(ge=1, le=MAX_ID)
    centre_id: int = Field(ge=1, le=MAX_ID, description="The host centre")
    starts_on: datetime.date
    ends_on: datetime.date
    trainer: str = Field(max_length=200)
    capacity: int = Field(ge=1, le=500)
    location: str = Field("", max_length=200)


class ParticipantOut(Schema):
    id: int
    staff_id: int
    staff_name: str
    status: str
    rating: int | None


def _participant(p: Participant) -> dict[str, Any]:
    return {
        "id": p.pk,
        "staff_id": p.staff_id,
        "staff_name": p.staff.full_name,
        "status": p.status,
        "rating": p.rating,
    }


class SessionDetailOut(Schema):
    id: int
    course: str
    host_centre_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    trainer: str
    capacity: int
    status: str
    participants: list[ParticipantOut] = Field(description="Only those the caller may see")


def _session_detail(user: User, session_id: int) -> dict[str, Any]:
    session = selectors.session_get(user=user, pk=session_id)
    return {
        "id": session.pk,
        "course": session.course.title,
        "host_centre_id": session.sentra_id,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "trainer": session.trainer,
        "capacity": session.capacity,
        "status": session.status,
        "participants": [_participant(p) for p in selectors.participants_of(user=user, session=session)],
    }


@router.post("/training/sessions", response={201: SessionDetailOut}, summary="Put a session on the calendar")
def create_session(request: HttpRequest, payload: SessionIn) -> Any:
    user = _actor(request)
    centre = _managed_centre(user, payload.centre_id)
    course = Course.objects.filter(is_active=True, pk=payload.course_id).first()
    if course is None:
        raise Http404
    data = services.SessionInput(
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        trainer=payload.trainer,
        capacity=payload.capacity,
        location=payload.location,
    )
    session = services.session_create(actor=user, course=course, sentra=centre, data=data)
    return Status(201, _session_detail(user, session.pk))


@router.get("/training/sessions/{session_id}", response=SessionDetailOut, summary="One session")
def get_session(request: HttpRequest, session_id: int) -> dict[str, Any]:
    return _session_detail(_actor(request), session_id)


class EnrolIn(Schema):
    staff_id: int = Field(ge=1, le=MAX_ID)


@router.post("/training/sessions/{session_id}/participants", response={201: ParticipantOut}, summary="Enrol")
def enrol(request: HttpRequest, session_id: int, payload: EnrolIn) -> Any:
    user = _actor(request)
    session = selectors.session_get(user=user, pk=session_id)
    if user.role not in TRAINING_RUNNERS:
        raise PermissionDenied
    staff = selectors.enrolable_staff(user=user).filter(pk=payload.staff_id).first()
    if staff is None:
        raise Http404
    return Status(201, _participant(services.participant_enrol(actor=user, session=session, staff=staff)))


class CompleteIn(Schema):
    attendance: dict[int, str] = Field(
        description="Participant id -> completed, attended or absent, for every participant"
    )
    completed_on: datetime.date | None = None


@router.post(
    "/training/sessions/{session_id}/complete",
    response=SessionDetailOut,
    summary="Record attendance and close the session",
)
def complete_session(request: HttpRequest, session_id: int, payload: CompleteIn) -> dict[str, Any]:
    user = _actor(request)
    session = selectors.session_get(user=user, pk=session_id)
    services.session_complete(
        actor=user,
        session=session,
        attendance=payload.attendance,
        completed_on=payload.completed_on or timezone.localdate(),
    )
    return _session_detail(user, session.pk)


class EvaluationIn(Schema):
    rating: int = Field(ge=1, le=5)
    feedback: str = Field("", max_length=2000)


@router.post(
    "/training/participants/{participant_id}/evaluation",
    response=ParticipantOut,
    summary="Rate a session one attended",
)
def evaluate(request: HttpRequest, participant_id: int, payload: EvaluationIn) -> dict[str, Any]:
    user = _actor(request)
    participant = get_visible_or_404(Participant.objects.select_related("staff"), user, pk=participant_id)
    return _participant(
        services.participant_evaluate(
            actor=user, participant=participant, rating=payload.rating, feedback=payload.feedback
        )
    )


# --- plans -------------------------------------------------------------------------------------------


class PlanItemOut(Schema):
    staff_id: int
    competency: str
    course_id: int | None
    current_level: int
    target_level: int


class PlanOut(Schema):
    id: int
    centre_id: int
    year: int
    status: str
    items: list[PlanItemOut]


def _plan(plan: TrainingPlan, items: QuerySet[Any] | None = None) -> dict[str, Any]:
    rows = items if items is not None else plan.items.select_related("competency")
    return {
        "id": plan.pk,
        "centre_id": plan.sentra_id,
        "year": plan.year,
        "status": plan.status,
        "items": [
            {
                "staff_id": i.staff_id,
                "competency": i.competency.code,
                "course_id": i.course_id,
                "current_level": i.current_level,
                "target_level": i.target_level,
            }
            for i in rows
        ],
    }


def _plan_reader(user: User) -> None:
    if user.role not in TRAINING_RUNNERS:
        raise Http404


@router.get("/training/plans", response=list[PlanOut], summary="Training plans")
@paginate(PageNumber)
def list_plans(request: HttpRequest) -> list[dict[str, Any]]:
    user = _actor(request)
    _plan_reader(user)
    plans = selectors.plan_for(user=user).prefetch_related("items__competency")
    return [_plan(p, p.items.all()) for p in plans]


class PlanIn(Schema):
    centre_id: int = Field(ge=1, le=MAX_ID)
    year: int = Field(ge=2020, le=2100)


@router.post("/training/plans", response={201: PlanOut}, summary="Propose a plan from the gap report")
def propose_plan(request: HttpRequest, payload: PlanIn) -> Any:
    user = _actor(request)
    centre = _managed_centre(user, payload.centre_id)
    return Status(201, _plan(services.plan_propose(actor=user, sentra=centre, year=payload.year)))


@router.get("/training/plans/{plan_id}", response=PlanOut, summary="One plan")
def get_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    plan, items = selectors.plan_get(user=_actor(request), pk=plan_id)
    return _plan(plan, items)


@router.post("/training/plans/{plan_id}/approve", response=PlanOut, summary="Approve a plan")
def approve_plan(request: HttpRequest, plan_id: int) -> dict[str, Any]:
    user = _actor(request)
    plan, _items = selectors.plan_get(user=user, pk=plan_id)
    return _plan(services.plan_approve(actor=user, plan=plan))


# --- exchanges ---------------------------------------------------------------------------------------


class ExchangeRunOut(Schema):
    proposed: int
    ids: list[int]


@router.post("/training/exchanges/run", response=ExchangeRunOut, summary="Run the pairing optimiser")
def run_exchanges(request: HttpRequest) -> dict[str, Any]:
    user = _actor(request)
    if user.role not in PROPOSER_ROLES:
        raise PermissionDenied
    created = services.exchange_propose(actor=user)
    return {"proposed": len(created), "ids": [p.pk for p in created]}


class ExchangeIn(Schema):
    status: str = Field(description="A status of the exchange, e.g. agreed, declined, done")
    planned_on: datetime.date | None = None
    learnt: str = Field("", max_length=5000)
    follow_up: str = Field("", max_length=5000)


class ExchangeStateOut(Schema):
    id: int
    status: str
    planned_on: datetime.date | None
    learnt: str
    follow_up: str


@router.put(
    "/training/exchanges/{exchange_id}",
    response=ExchangeStateOut,
    summary="Agree, decline or record what was learnt and the follow-up",
)
def update_exchange(request: HttpRequest, exchange_id: int, payload: ExchangeIn) -> dict[str, Any]:
    user = _actor(request)
    proposal = selectors.exchange_get(user=user, pk=exchange_id)
    if not (manages(user, proposal.host_id) or manages(user, proposal.visitor_id)):
        raise PermissionDenied
    p = services.exchange_update(actor=user, proposal=proposal, **payload.dict())
    return {
        "id": p.pk,
        "status": p.status,
        "planned_on": p.planned_on,
        "learnt": p.learnt,
        "follow_up": p.follow_up,
    }


# --- overseas programme lifecycle ----------------------------------------------------------------------


class QuotaIn(Schema):
    attribute: str = Field(description="region, centre, cluster or gender")
    value: str | None = None
    minimum: int = Field(0, ge=0, le=10_000)
    maximum: int | None = Field(None, ge=0, le=10_000)


class ProgrammeIn(Schema):
    centre_id: int = Field(ge=1, le=MAX_ID, description="The organising centre")
    title: str = Field(max_length=200)
    country: str = Field(max_length=100)
    competency: str = Field(description="Competency code")
    places: int = Field(ge=1, le=1000)
    opens_on: datetime.date
    closes_on: datetime.date
    departs_on: datetime.date
    returns_on: datetime.date
    centre_ids: list[int] = Field(description="Centres whose staff may apply")
    description: str = ""
    min_tenure_years: float = Field(0.0, ge=0, le=60)
    required_credentials: list[str] = []
    language: str = ""
    min_language_level: int = Field(0, ge=0, le=4)
    weights: dict[str, int] | None = Field(
        None, description="relevance, competency, performance, tenure, language; adding up to 100"
    )
    quotas: list[QuotaIn] = []


class ProgrammeStateOut(Schema):
    id: int
    status: str
    organising_centre_id: int


def _state(programme: OverseasProgramme) -> dict[str, Any]:
    return {"id": programme.pk, "status": programme.status, "organising_centre_id": programme.sentra_id}


@router.post(
    "/training/programmes", response={201: ProgrammeStateOut}, summary="Create a programme (a draft)"
)
def create_programme(request: HttpRequest, payload: ProgrammeIn) -> Any:
    user = _actor(request)
    centre = _managed_centre(user, payload.centre_id)
    # Unknown or closed centres' ids are dropped (any active centre may be opened to, as on the page)
    # before the service checks that at least one centre is left.
    visible = set(
        Sentra.objects.filter(
            is_active=True, pk__in=[i for i in payload.centre_ids if 0 < i <= MAX_ID]
        ).values_list("pk", flat=True)
    )
    values: dict[str, Any] = {
        "title": payload.title,
        "country": payload.country,
        "competency": payload.competency,
        "places": payload.places,
        "opens_on": payload.opens_on,
        "closes_on": payload.closes_on,
        "departs_on": payload.departs_on,
        "returns_on": payload.returns_on,
        "centre_ids": tuple(sorted(visible)),
        "description": payload.description,
        "min_tenure_years": payload.min_tenure_years,
        "required_credentials": tuple(payload.required_credentials),
        "language": payload.language,
        "min_language_level": payload.min_language_level,
        "quotas": tuple(q.dict() for q in payload.quotas),
    }
    if payload.weights is not None:
        values["weights"] = payload.weights
    programme = services.programme_create(actor=user, sentra=centre, data=services.ProgrammeInput(**values))
    return Status(201, _state(programme))


def _managed_programme(user: User, programme_id: int) -> OverseasProgramme:
    programme = selectors.programme_get(user=user, pk=programme_id)
    if not manages(user, programme.sentra_id):
        raise PermissionDenied
    return programme


@router.post("/training/programmes/{programme_id}/open", response=ProgrammeStateOut, summary="Open the call")
def open_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    user = _actor(request)
    programme = _managed_programme(user, programme_id)
    return _state(services.programme_open(actor=user, programme=programme))


@router.post(
    "/training/programmes/{programme_id}/return",
    response=ProgrammeStateOut,
    summary="Record the group's return (creates the obligations)",
)
def return_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    user = _actor(request)
    programme = _managed_programme(user, programme_id)
    services.programme_mark_returned(actor=user, programme=programme)
    programme.refresh_from_db()
    return _state(programme)


# --- obligations -------------------------------------------------------------------------------------


class ObligationOut(Schema):
    id: int
    application_id: int
    staff_id: int
    kind: str
    due_on: datetime.date
    target: int
    delivered: int
    evidence: str
    done_on: datetime.date | None


def _obligation(o: Obligation) -> dict[str, Any]:
    return {
        "id": o.pk,
        "application_id": o.application_id,
        "staff_id": o.application.staff_id,
        "kind": o.kind,
        "due_on": o.due_on,
        "target": o.target,
        "delivered": o.delivered,
        "evidence": o.evidence,
        "done_on": o.done_on,
    }


@router.get(
    "/training/obligations",
    response=list[ObligationOut],
    summary="Obligations after return: one's own, or those of the staff one manages",
)
@paginate(PageNumber)
def list_obligations(request: HttpRequest) -> list[dict[str, Any]]:
    return [_obligation(o) for o in selectors.obligations_for(user=_actor(request))]


class ObligationIn(Schema):
    delivered: int = Field(ge=0, le=1000)
    evidence: str = Field("", max_length=5000)
    done_on: datetime.date | None = Field(None, description="Set to mark the obligation done")


@router.post(
    "/training/obligations/{obligation_id}",
    response=ObligationOut,
    summary="Report progress on an obligation, or complete it",
)
def record_obligation(request: HttpRequest, obligation_id: int, payload: ObligationIn) -> dict[str, Any]:
    user = _actor(request)
    obligation = get_visible_or_404(
        Obligation.objects.select_related("application__staff"), user, pk=obligation_id
    )
    updated = services.obligation_record(actor=user, obligation=obligation, **payload.dict())
    return _obligation(updated)
