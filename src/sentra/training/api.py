"""Training endpoints: the calendar, overseas programmes and applications (scoped like the pages),
exchange proposals and the centre training summary. Thin: parse, call a selector or service, return."""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.core.access import get_visible_or_404
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.training import selectors, services
from sentra.training.models import Application, ExchangeProposal, OverseasProgramme, TrainingSession
from sentra.training.services._common import manages

router = Router(tags=["training"])


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


class SessionOut(Schema):
    id: int
    course: str
    kind: str
    host_centre_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date
    trainer: str
    capacity: int
    status: str


def _session(session: TrainingSession) -> dict[str, Any]:
    return {
        "id": session.pk,
        "course": session.course.title,
        "kind": session.course.kind,
        "host_centre_id": session.sentra_id,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "trainer": session.trainer,
        "capacity": session.capacity,
        "status": session.status,
    }


@router.get("/training/sessions", response=list[SessionOut])
@paginate(PageNumber)
def list_sessions(request: HttpRequest) -> list[dict[str, Any]]:
    return [_session(s) for s in selectors.calendar(user=_actor(request))]


class ProgrammeOut(Schema):
    id: int
    title: str
    country: str
    competency: str
    organising_centre_id: int
    places: int
    opens_on: datetime.date
    closes_on: datetime.date
    departs_on: datetime.date
    returns_on: datetime.date
    status: str
    weights: dict[str, int] = Field(description="Merit weights per component, adding up to 100")
    quotas: list[dict[str, Any]]
    applications: dict[str, int] = Field(description="Counts by status (no person)")
    lp_bound: float | None = None
    total_merit: float | None = None
    gap: float | None = None


def _programme(programme: OverseasProgramme) -> dict[str, Any]:
    return {
        "id": programme.pk,
        "title": programme.title,
        "country": programme.country,
        "competency": programme.competency.code,
        "organising_centre_id": programme.sentra_id,
        "places": programme.places,
        "opens_on": programme.opens_on,
        "closes_on": programme.closes_on,
        "departs_on": programme.departs_on,
        "returns_on": programme.returns_on,
        "status": programme.status,
        "weights": programme.weights,
        "quotas": programme.quotas,
        "applications": selectors.programme_counts(programme=programme),
        "lp_bound": float(programme.run_bound) if programme.run_bound is not None else None,
        "total_merit": float(programme.run_objective) if programme.run_objective is not None else None,
        "gap": programme.run_gap,
    }


@router.get("/training/programmes", response=list[ProgrammeOut])
@paginate(PageNumber)
def list_programmes(request: HttpRequest) -> list[dict[str, Any]]:
    return [_programme(p) for p in selectors.programme_list(user=_actor(request))]


@router.get("/training/programmes/{programme_id}", response=ProgrammeOut)
def get_programme(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    return _programme(selectors.programme_get(user=_actor(request), pk=programme_id))


class ComponentOut(Schema):
    name: str
    raw: float
    normalised: float
    weight: int
    points: float


class ReasonOut(Schema):
    code: str = Field(description="tenure, credential, language or obligations")
    required: str
    actual: str


class ApplicationOut(Schema):
    id: int
    programme_id: int
    staff_id: int
    staff_name: str
    centre_id: int
    status: str
    score: float | None
    rank: int | None
    components: list[ComponentOut]
    ineligibility: list[ReasonOut]
    explanation: str = Field(
        description="merit, quota_minimum, quota_maximum, places, ineligible or infeasible"
    )
    explanation_group: str


def _application(application: Application) -> dict[str, Any]:
    return {
        "id": application.pk,
        "programme_id": application.programme_id,
        "staff_id": application.staff_id,
        "staff_name": application.staff.full_name,
        "centre_id": application.staff.sentra_id,
        "status": application.status,
        "score": float(application.score) if application.score is not None else None,
        "rank": application.rank,
        "components": application.components,
        "ineligibility": application.ineligibility,
        "explanation": application.explanation,
        "explanation_group": application.explanation_group,
    }


@router.get("/training/programmes/{programme_id}/applications", response=list[ApplicationOut])
@paginate(PageNumber)
def list_applications(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    user = _actor(request)
    programme = selectors.programme_get(user=user, pk=programme_id)
    return [_application(a) for a in selectors.applications_for(user=user, programme=programme)]


class ApplyIn(Schema):
    motivation: str = ""
    language_level: int = Field(0, ge=0, le=4)


@router.post("/training/programmes/{programme_id}/applications", response={201: ApplicationOut})
def apply(request: HttpRequest, programme_id: int, payload: ApplyIn) -> tuple[int, dict[str, Any]]:
    user = _actor(request)
    programme = selectors.programme_get(user=user, pk=programme_id)
    application = services.application_submit(
        actor=user, programme=programme, motivation=payload.motivation, language_level=payload.language_level
    )
    return 201, _application(application)


@router.post("/training/programmes/{programme_id}/rank", response=ProgrammeOut)
def rank(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    user = _actor(request)
    programme = selectors.programme_get(user=user, pk=programme_id)
    if not manages(user, programme.sentra_id):
        raise PermissionDenied
    return _programme(services.programme_rank(actor=user, programme=programme))


@router.post("/training/programmes/{programme_id}/decide", response=ProgrammeOut)
def decide(request: HttpRequest, programme_id: int) -> dict[str, Any]:
    user = _actor(request)
    programme = selectors.programme_get(user=user, pk=programme_id)
    if not manages(user, programme.sentra_id):
        raise PermissionDenied
    return _programme(services.programme_decide(actor=user, programme=programme))


@router.get("/training/applications/{application_id}", response=ApplicationOut)
def get_application(request: HttpRequest, application_id: int) -> dict[str, Any]:
    return _application(selectors.application_get(user=_actor(request), pk=application_id))


class ExchangeOut(Schema):
    id: int
    host_centre_id: int
    visitor_centre_id: int
    competency: str
    benefit: float
    distance_km: float
    value: float
    status: str
    planned_on: datetime.date | None
    learnt: str
    follow_up: str


def _exchange(p: ExchangeProposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "host_centre_id": p.host_id,
        "visitor_centre_id": p.visitor_id,
        "competency": p.competency.code,
        "benefit": float(p.benefit),
        "distance_km": float(p.distance_km),
        "value": float(p.value),
        "status": p.status,
        "planned_on": p.planned_on,
        "learnt": p.learnt,
        "follow_up": p.follow_up,
    }


@router.get("/training/exchanges", response=list[ExchangeOut])
@paginate(PageNumber)
def list_exchanges(request: HttpRequest) -> list[dict[str, Any]]:
    return [_exchange(p) for p in selectors.exchange_list(user=_actor(request))]


class SummaryOut(Schema):
    centre_id: int
    completed_share: float | None = Field(
        description="Share of active staff who completed a training in the last 12 months; null without staff"
    )


@router.get("/training/centres/{centre_id}/summary", response=SummaryOut)
def centre_summary(request: HttpRequest, centre_id: int) -> dict[str, Any]:
    centre = get_visible_or_404(Sentra.objects.all(), _actor(request), pk=centre_id)
    return {"centre_id": centre.pk, "completed_share": selectors.training_summary(centre.pk)}


# The endpoints for the pages' other work live in their own module (file size). They register on this
# same router: a second router would give a path such as /training/sessions a second URL pattern,
# and Django would never reach its POST.
from sentra.training import api_actions  # noqa: E402, F401
