"""Endpoints for recorded assessments and needs: scoped like the pages, results read are access-logged.

Mounted on the app's router (``api.py``). A person or assessment the caller may not read answers 404;
bad answers answer 422 with one error per item (``field`` = ``answers.<item>``).
"""

# No "from __future__ import annotations" in ninja modules: ninja reads the annotations at import time.
import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from sentra.api.pagination import PageNumber
from sentra.assessments import selectors, services
from sentra.assessments.models import SENSITIVE_ROLES, Alert, Assessment, Need
from sentra.beneficiaries.models import Beneficiary
from sentra.cases.models import Case
from sentra.core.access import get_visible_or_404
from sentra.core.models import User
from sentra.core.querysets import centre_ids_of, sees_all_centres

router = Router(tags=["assessments"])
READER_ROLES = SENSITIVE_ROLES | {"sysadmin"}
AGGREGATE_ROLES = frozenset({"case_manager", "professional", "centre_head", "national_analyst", "sysadmin"})


def _actor(request: HttpRequest) -> User:
    user = request.user
    assert isinstance(user, User)  # the API's auth guarantees a signed-in account
    return user


def _person(actor: User, beneficiary_id: int) -> Beneficiary:
    if actor.role not in READER_ROLES:
        raise Http404
    return get_visible_or_404(Beneficiary.objects.all(), actor, pk=beneficiary_id)


class AssessmentIn(Schema):
    instrument: str = Field(description="Instrument code, e.g. phq9")
    answers: dict[str, Any] = Field(description='Item number -> answer, e.g. {"1": 2, "2": 0}')
    parameters: dict[str, Any] = Field(default_factory=dict)
    case_id: int | None = Field(None, description="One of the person's open cases")
    assessed_at: datetime.datetime | None = Field(None, description="Default: now")
    notes: str = ""
    allow_incomplete: bool = Field(
        False, description="Keep a form with unanswered items, unscored (its safety flags still act)"
    )


class AssessmentOut(Schema):
    id: int
    beneficiary_id: int
    case_id: int | None
    sentra_id: int
    kind: str
    instrument: str
    version: str
    form: str
    valid: bool
    total: int | None
    band: str
    band_scheme: str
    bands: dict[str, Any]
    scores: dict[str, Any]
    flags: list[str]
    assessor_id: int
    assessed_at: datetime.datetime
    ruleset: str
    ruleset_version: str


class AssessmentDetailOut(AssessmentOut):
    answers: dict[str, Any]
    parameters: dict[str, Any]
    result: dict[str, Any]
    notes: str


class NeedOut(Schema):
    id: int
    beneficiary_id: int
    sentra_id: int
    assessment_id: int
    case_id: int | None
    rule_id: str
    ruleset: str
    ruleset_version: str
    component: str
    subtype: str
    service_label: dict[str, str]
    professions: list[str]
    urgency: str
    evidence: list[dict[str, Any]]
    status: str
    decided_by_id: int | None
    decided_at: datetime.datetime | None
    decision_reason: str
    case_plan_id: int | None
    devices: list[str]

    @staticmethod
    def resolve_devices(obj: Need) -> list[str]:
        return [device.device for device in obj.devices.all()]


@router.get(
    "/beneficiaries/{beneficiary_id}/assessments",
    response=list[AssessmentOut],
    summary="A person's assessments, newest first (each read is access-logged)",
)
@paginate(PageNumber)
def assessment_list(
    request: HttpRequest, beneficiary_id: int, instrument: str | None = None
) -> list[Assessment]:
    actor = _actor(request)
    person = _person(actor, beneficiary_id)
    rows = list(selectors.assessments_of(actor, person.pk, instrument=instrument))
    selectors.log_history_access(actor, rows, purpose="api assessment list")
    return rows


@router.post(
    "/beneficiaries/{beneficiary_id}/assessments",
    response={201: AssessmentDetailOut},
    summary="Record an assessment: scored, saved with the definition version, needs proposed",
)
def assessment_create(request: HttpRequest, beneficiary_id: int, payload: AssessmentIn) -> Status[Assessment]:
    actor = _actor(request)
    person = _person(actor, beneficiary_id)
    case = None
    if payload.case_id is not None:
        case = Case.objects.visible_to(actor).filter(pk=payload.case_id, beneficiary=person).first()
        if case is None:
            raise ValidationError({"case_id": [_("Choose one of this person's cases that you work on.")]})
    assessment = services.assessment_record(
        actor=actor,
        beneficiary=person,
        instrument=payload.instrument,
        answers=payload.answers,
        parameters=payload.parameters,
        case=case,
        assessed_at=payload.assessed_at,
        notes=payload.notes,
        allow_incomplete=payload.allow_incomplete,
    )
    return Status(201, assessment)


@router.get(
    "/assessments/{assessment_id}",
    response=AssessmentDetailOut,
    summary="One assessment with its answers and result (access-logged)",
)
def assessment_detail(request: HttpRequest, assessment_id: int) -> Assessment:
    actor = _actor(request)
    if actor.role not in READER_ROLES:
        raise Http404
    return selectors.assessment_for_reading(actor, assessment_id, purpose="api assessment")


@router.get("/beneficiaries/{beneficiary_id}/needs", response=list[NeedOut], summary="A person's needs")
def need_list(request: HttpRequest, beneficiary_id: int, current: bool = False) -> QuerySet[Need]:
    actor = _actor(request)
    person = _person(actor, beneficiary_id)
    return selectors.needs_of(actor, person.pk, current_only=current)


class DecisionIn(Schema):
    reason: str = ""


def _need(actor: User, need_id: int) -> Need:
    return get_visible_or_404(Need.objects.all(), actor, pk=need_id)


@router.post(
    "/needs/{need_id}/accept",
    response=NeedOut,
    summary="Accept a recommended service (added to the case plan when the person has an open case)",
)
def need_accept(request: HttpRequest, need_id: int, payload: DecisionIn) -> Need:
    actor = _actor(request)
    return services.need_accept_into_plan(actor=actor, need=_need(actor, need_id), reason=payload.reason)


@router.post(
    "/needs/{need_id}/reject", response=NeedOut, summary="Reject a recommended service (reason required)"
)
def need_reject(request: HttpRequest, need_id: int, payload: DecisionIn) -> Need:
    actor = _actor(request)
    return services.need_reject(actor=actor, need=_need(actor, need_id), reason=payload.reason)


class SummaryFilter(Schema):
    centre: int | None = Field(None, description="One centre; default: every centre the caller may count")


class CountOut(Schema):
    code: str
    count: int


class NeedsSummaryOut(Schema):
    centres: list[int]
    services: list[CountOut] = Field(description="Persons per ATENSI component/sub-type")
    professions: list[CountOut] = Field(description="Persons per profession needed")
    devices: list[CountOut] = Field(description="Persons per assistive device needed")
    urgency: list[CountOut] = Field(description="Current needs per urgency")


def _counts(per_centre: dict[int, dict[Any, int]], key: Any = str) -> list[dict[str, Any]]:
    total: dict[str, int] = {}
    for counts in per_centre.values():
        for code, value in counts.items():
            total[key(code)] = total.get(key(code), 0) + value
    return [
        {"code": code, "count": count}
        for code, count in sorted(total.items(), key=lambda kv: (-kv[1], kv[0]))
    ]


@router.get(
    "/needs/summary", response=NeedsSummaryOut, summary="Aggregate needs of centres (counts, no person)"
)
def needs_summary(request: HttpRequest, filters: Query[SummaryFilter]) -> dict[str, Any]:
    actor = _actor(request)
    if actor.role not in AGGREGATE_ROLES:
        raise Http404
    if sees_all_centres(actor):
        from sentra.network.models import Sentra

        allowed = list(Sentra.objects.values_list("pk", flat=True))
    else:
        allowed = sorted(centre_ids_of(actor))
    if filters.centre is not None:
        if filters.centre not in allowed:
            raise Http404
        allowed = [filters.centre]
    urgency: dict[int, dict[str, int]] = {k: dict(v) for k, v in selectors.urgency_counts(allowed).items()}
    return {
        "centres": allowed,
        "services": _counts(selectors.service_demand(allowed), key=lambda k: "/".join(filter(None, k))),
        "professions": _counts(selectors.profession_demand(allowed)),
        "devices": _counts(selectors.device_demand(allowed)),
        "urgency": _counts(urgency),
    }


class ComparisonOut(Schema):
    first_total: int
    latest_total: int
    change: int = Field(description="latest - first")
    outcome: str | None = Field(
        description="improved, unchanged or worse; null when the instrument has no direction"
    )
    first_band: str
    latest_band: str
    crossed_band: bool


class HistoryOut(Schema):
    instrument: str
    better: str | None = Field(description="Which way the total improves: lower or higher")
    items: list[AssessmentOut] = Field(description="Scored results, oldest first")
    comparison: ComparisonOut | None = Field(description="First against latest; null with fewer than two")


@router.get(
    "/beneficiaries/{beneficiary_id}/assessments/history/{code}",
    response=HistoryOut,
    summary="A person's scored results on one instrument with the pre/post comparison (access-logged)",
)
def assessment_history(request: HttpRequest, beneficiary_id: int, code: str) -> dict[str, Any]:
    actor = _actor(request)
    person = _person(actor, beneficiary_id)
    if code not in selectors.definitions():
        raise Http404
    rows = selectors.history(actor, person.pk, code)
    selectors.log_history_access(actor, rows, purpose="api score history")
    comparison = selectors.pre_post(rows)
    return {
        "instrument": code,
        "better": selectors.better_of(code),
        "items": rows,
        "comparison": None
        if comparison is None
        else {**vars(comparison), "crossed_band": comparison.crossed_band},
    }


class AlertOut(Schema):
    id: int
    beneficiary_id: int
    sentra_id: int
    assessment_id: int
    need_id: int
    rule_id: str
    addressed_to: str = Field(description="A profession code or case_manager")
    recipient_id: int | None
    title: dict[str, str]
    due_at: datetime.datetime | None
    task_id: int | None = Field(description="The cases task created with the alert, if the cases app took it")
    created_at: datetime.datetime

    @staticmethod
    def resolve_rule_id(obj: Alert) -> str:
        return obj.need.rule_id


@router.get("/alerts", response=list[AlertOut], summary="My open urgent alerts, newest first")
@paginate(PageNumber)
def alert_list(request: HttpRequest) -> QuerySet[Alert]:
    actor = _actor(request)
    if actor.role not in READER_ROLES:
        return Alert.objects.none()
    return selectors.open_alerts(actor)


@router.post(
    "/alerts/{alert_id}/acknowledge", response=AlertOut, summary="Mark an alert as seen and acted on"
)
def alert_acknowledge(request: HttpRequest, alert_id: int) -> Alert:
    actor = _actor(request)
    alert = get_visible_or_404(Alert.objects.select_related("need"), actor, pk=alert_id)
    return services.alert_acknowledge(actor=actor, alert=alert)
