"""Writes on the catalogue: courses, sessions, enrolment, attendance, completion and evaluation."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.training.models import (
    Course,
    CourseOutcome,
    Participant,
    ParticipantStatus,
    SessionStatus,
    TrainingKind,
    TrainingSession,
)
from sentra.training.services._common import manages, require_manager
from sentra.workforce import services as workforce_services
from sentra.workforce.models import Competency, StaffMember


@dataclass(frozen=True)
class CourseInput:
    code: str
    title: str
    kind: str
    outcomes: dict[str, int]  # competency code -> level on completion
    description: str = ""
    provider: str = ""
    hours: int = 0


@transaction.atomic
def course_create(*, actor: User | None, sentra: Sentra | None, data: CourseInput) -> Course:
    """HR or heads add courses for their centre; the administrator (or the seeder) national ones."""
    if actor is not None and not (
        actor.role == "sysadmin" or (sentra is not None and manages(actor, sentra.pk))
    ):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the course a title.")]
    if data.kind not in TrainingKind.values:
        errors["kind"] = [_("Unknown kind of training.")]
    if Course.objects.filter(code=data.code).exists():
        errors["code"] = [_("A course with this code already exists.")]
    competencies = {c.code: c for c in Competency.objects.filter(code__in=list(data.outcomes))}
    for code, level in data.outcomes.items():
        if code not in competencies:
            errors.setdefault("outcomes", []).append(_("Unknown competency: %(code)s.") % {"code": code})
        elif not 1 <= level <= 4:
            errors.setdefault("outcomes", []).append(_("A level on completion runs from 1 to 4."))
    if errors:
        raise ValidationError(errors)
    course = Course.objects.create(
        code=data.code,
        title=data.title.strip(),
        kind=data.kind,
        description=data.description.strip(),
        provider=data.provider.strip(),
        hours=data.hours,
        sentra=sentra,
    )
    for code, level in sorted(data.outcomes.items()):
        CourseOutcome.objects.create(course=course, competency=competencies[code], level=level)
    audit.record_create(
        actor=actor, instance=course, sentra_id=sentra.pk if sentra else None, actor_label="system"
    )
    return course


@dataclass(frozen=True)
class SessionInput:
    starts_on: datetime.date
    ends_on: datetime.date
    trainer: str
    capacity: int
    location: str = ""


@transaction.atomic
def session_create(
    *, actor: User | None, course: Course, sentra: Sentra | None, data: SessionInput
) -> TrainingSession:
    if actor is not None:
        require_manager(actor, sentra.pk if sentra is not None else None)
    errors: dict[str, list[str]] = {}
    if data.ends_on < data.starts_on:
        errors["ends_on"] = [_("The last day cannot be before the first day.")]
    if data.capacity < 1:
        errors["capacity"] = [_("Capacity must be at least one participant.")]
    if not data.trainer.strip():
        errors["trainer"] = [_("Name the trainer.")]
    if errors:
        raise ValidationError(errors)
    session = TrainingSession.objects.create(
        course=course,
        sentra=sentra,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        trainer=data.trainer.strip(),
        capacity=data.capacity,
        location=data.location.strip(),
    )
    audit.record_create(
        actor=actor, instance=session, sentra_id=sentra.pk if sentra else None, actor_label="system"
    )
    return session


@transaction.atomic
def participant_enrol(*, actor: User | None, session: TrainingSession, staff: StaffMember) -> Participant:
    """HR or the head of the participant's centre enrols them; capacity and duplicates are checked."""
    if actor is not None:
        require_manager(actor, staff.sentra_id)
    session = TrainingSession.objects.select_for_update().get(pk=session.pk)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError({"session": [_("Only a planned session takes participants.")]})
    if Participant.objects.filter(session=session, staff=staff).exists():
        raise ValidationError({"staff": [_("This person is already enrolled in the session.")]})
    if session.participants.count() >= session.capacity:
        raise ValidationError({"session": [_("The session is full.")]})
    participant = Participant.objects.create(session=session, staff=staff, enrolled_by=actor)
    audit.record_create(actor=actor, instance=participant, sentra_id=staff.sentra_id, actor_label="system")
    return participant


def _session_sentra_id(session: TrainingSession, participant: Participant) -> int:
    return session.sentra_id or participant.staff.sentra_id


@transaction.atomic
def session_complete(
    *,
    actor: User | None,
    session: TrainingSession,
    attendance: Mapping[int, str],
    completed_on: datetime.date,
) -> int:
    """Record attendance for every participant (participant id -> status) and close the session.

    Completion raises each completer's competencies to the course's levels, through the workforce
    service, with the session as the evidence source (so a retry changes nothing). Returns how many
    completed."""
    session = TrainingSession.objects.select_for_update().select_related("course").get(pk=session.pk)
    participants = list(session.participants.select_related("staff"))
    if actor is not None and not (
        actor.role == "sysadmin"
        or manages(actor, session.sentra_id)
        or (session.sentra_id is None and all(manages(actor, p.staff.sentra_id) for p in participants))
    ):
        raise PermissionDenied
    if session.status != SessionStatus.PLANNED:
        raise ValidationError({"session": [_("The session is already closed.")]})
    if completed_on < session.starts_on:
        raise ValidationError({"completed_on": [_("A session cannot be completed before it starts.")]})
    allowed = {ParticipantStatus.ATTENDED, ParticipantStatus.COMPLETED, ParticipantStatus.ABSENT}
    by_id = {p.pk: p for p in participants}
    missing = [pk for pk in by_id if pk not in attendance]
    unknown = [pk for pk in attendance if pk not in by_id]
    if missing or unknown or any(status not in allowed for status in attendance.values()):
        raise ValidationError(
            {"attendance": [_("Give attended, completed or absent for every participant.")]}
        )
    outcomes = list(session.course.outcomes.select_related("competency"))
    completed = 0
    for pk, status in attendance.items():
        participant = by_id[pk]
        before = audit.snapshot(participant)
        participant.status = status
        participant.completed_on = completed_on if status == ParticipantStatus.COMPLETED else None
        participant.save(update_fields=["status", "completed_on"])
        audit.record_update(
            actor=actor,
            instance=participant,
            before=before,
            sentra_id=_session_sentra_id(session, participant),
            actor_label="system",
        )
        if status != ParticipantStatus.COMPLETED:
            continue
        completed += 1
        for outcome in outcomes:
            # The closing HR may belong to the host centre, not the participant's: the evidence is
            # then recorded for the system, the session's own audit row naming who closed it.
            workforce_services.record_competency_evidence(
                actor=actor if actor is not None and manages(actor, participant.staff.sentra_id) else None,
                staff=participant.staff,
                competency=outcome.competency,
                level=outcome.level,
                evidence_kind="training",
                source=f"training.session:{session.pk}",
                note=session.course.title,
                observed_on=completed_on,
            )
    before = audit.snapshot(session)
    session.status = SessionStatus.COMPLETED
    session.save(update_fields=["status"])
    audit.record_update(
        actor=actor, instance=session, before=before, sentra_id=session.sentra_id, actor_label="system"
    )
    return completed


@transaction.atomic
def participant_evaluate(
    *, actor: User, participant: Participant, rating: int, feedback: str = ""
) -> Participant:
    """The participant, and only they, rates a session they attended."""
    if participant.staff.user_id != actor.pk:
        raise PermissionDenied
    if participant.status not in (ParticipantStatus.ATTENDED, ParticipantStatus.COMPLETED):
        raise ValidationError({"rating": [_("Only a session you attended can be rated.")]})
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": [_("The rating runs from 1 to 5.")]})
    before = audit.snapshot(participant)
    participant.rating = rating
    participant.feedback = feedback.strip()
    participant.save(update_fields=["rating", "feedback"])
    audit.record_update(
        actor=actor, instance=participant, before=before, sentra_id=participant.staff.sentra_id
    )
    return participant


@transaction.atomic
def session_cancel(*, actor: User, session: TrainingSession) -> TrainingSession:
    require_manager(actor, session.sentra_id)
    if session.status != SessionStatus.PLANNED:
        raise ValidationError({"session": [_("The session is already closed.")]})
    before = audit.snapshot(session)
    session.status = SessionStatus.CANCELLED
    session.save(update_fields=["status"])
    audit.record_update(actor=actor, instance=session, before=before, sentra_id=session.sentra_id)
    return session
