"""Recording an assessment against a person: score, save, derive the needs, in one transaction."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.assessments.models import Assessment, AssessmentKind
from sentra.assessments.scoring import Scored, UnknownInstrument, problem_message, score_answers
from sentra.assessments.services._common import (
    RECORDER_ROLES,
    SYSTEM,
    Errors,
    is_member,
    record_create,
    require,
)
from sentra.assessments.services.alerts import alerts_raise
from sentra.assessments.services.needs import needs_derive
from sentra.beneficiaries.models import Beneficiary
from sentra.cases.models import Case
from sentra.core.models import User

# Problems that only say "not finished": an incomplete form may still be recorded when asked for,
# so that a safety flag raised before the interview stopped is acted on.
INCOMPLETE_CODES = frozenset({"unanswered", "too_many_missing", "undetermined"})
# The definitions' domain of structured forms that are not standard instruments.
COMPREHENSIVE = "comprehensive"
# Clocks of a phone and the server differ a little; more than this in the future is a mistake.
FUTURE_TOLERANCE = datetime.timedelta(minutes=10)


def may_record(actor: User, beneficiary: Beneficiary) -> bool:
    """Case managers, other professionals and centre heads who may open the person's record."""
    if not actor.is_authenticated or not actor.is_active or actor.role not in RECORDER_ROLES:
        return False
    return Beneficiary.objects.visible_to(actor).filter(pk=beneficiary.pk).exists()


def _centre_for(actor: User, beneficiary: Beneficiary, case: Case | None) -> int | None:
    """The centre the assessment is recorded for: the case's, else the registering one, else the actor's."""
    if case is not None:
        return case.sentra_id
    if is_member(actor, beneficiary.registered_sentra_id):
        return beneficiary.registered_sentra_id
    open_case = (
        Case.objects.filter(
            beneficiary=beneficiary,
            closed_on__isnull=True,
            sentra_id__in=actor.memberships.values("sentra_id"),
        )
        .order_by("-opened_on", "-pk")
        .values_list("sentra_id", flat=True)
        .first()
    )
    return open_case


def problem_errors(scored: Scored, errors: Errors, *, allow_incomplete: bool) -> None:
    for problem in scored.result.problems:
        if allow_incomplete and problem.code in INCOMPLETE_CODES:
            continue
        errors.add(problem.field, problem_message(problem))


@transaction.atomic
def assessment_record(
    *,
    actor: User,
    beneficiary: Beneficiary,
    instrument: str,
    answers: Any,
    parameters: Mapping[str, Any] | None = None,
    case: Case | None = None,
    assessed_at: datetime.datetime | None = None,
    notes: str = "",
    narrative: Mapping[str, str] | None = None,
    allow_incomplete: bool = False,
) -> Assessment:
    """Score ``answers`` with the current definition of ``instrument`` and record the result.

    Bad answers raise ``ValidationError`` keyed ``answers.<item>`` (or ``parameters.<name>``,
    ``instrument``, ``case``, ``assessed_at``) with every problem at once; nothing is saved. With
    ``allow_incomplete`` a form with unanswered items is kept unscored (``valid`` false), its flags
    still raised and acted on. ``narrative`` (section code -> text) is for forms with sections, such
    as the ATENSI comprehensive assessment.
    """
    require(may_record(actor, beneficiary))
    errors = Errors()
    scored = _score(instrument, answers, parameters, errors, allow_incomplete=allow_incomplete)
    sections = {section.code for section in scored.instrument.sections}
    texts = {str(code): str(text).strip() for code, text in (narrative or {}).items() if str(text).strip()}
    for code in sorted(set(texts) - sections):
        errors.add(
            f"narrative.{code}",
            _("{instrument} has no section {section}.").format(
                instrument=scored.instrument.short_name, section=code
            ),
        )
    if case is not None and (
        case.beneficiary_id != beneficiary.pk
        or not Case.objects.visible_to(actor).filter(pk=case.pk).exists()
    ):
        errors.add("case", _("Choose one of this person's cases that you work on."))
    when = assessed_at or timezone.now()
    if when > timezone.now() + FUTURE_TOLERANCE:
        errors.add("assessed_at", _("The assessment date cannot be in the future."))
    sentra_id = _centre_for(actor, beneficiary, case)
    if sentra_id is None:
        errors.add("__all__", _("You can record an assessment only for a person of your centre."))
    errors.raise_if_any()
    assert sentra_id is not None
    return _save(
        actor=actor,
        beneficiary=beneficiary,
        case=case,
        sentra_id=sentra_id,
        scored=scored,
        answers=answers,
        assessed_at=when,
        notes=notes,
        narrative=texts,
    )


@transaction.atomic
def assessment_record_system(
    *,
    beneficiary: Beneficiary,
    assessor: User,
    sentra_id: int,
    instrument: str,
    answers: Mapping[str, Any],
    parameters: Mapping[str, Any] | None = None,
    case: Case | None = None,
    assessed_at: datetime.datetime,
    label: str = SYSTEM,
) -> Assessment:
    """Record an assessment on behalf of the system (the demo, a migration of paper records).

    No one signed in acts, so there is no permission check; the answers are scored and refused
    exactly as on the pages, and every row is audited with ``actor=None`` and ``label`` as the
    actor's name (e.g. "demo"). Urgent safety tasks are written as on the pages (a system action,
    see ``services/alerts.py``): an item-9 answer is never left without its 24-hour task.
    """
    errors = Errors()
    scored = _score(instrument, answers, parameters, errors, allow_incomplete=False)
    errors.raise_if_any()
    return _save(
        actor=None,
        beneficiary=beneficiary,
        case=case,
        sentra_id=sentra_id,
        scored=scored,
        answers=answers,
        assessed_at=assessed_at,
        notes="",
        assessor=assessor,
        label=label,
    )


def _score(
    instrument: str,
    answers: Mapping[str, Any],
    parameters: Mapping[str, Any] | None,
    errors: Errors,
    *,
    allow_incomplete: bool,
) -> Scored:
    """Score the answers; an unknown instrument is refused at once, other problems added to ``errors``."""
    try:
        scored = score_answers(code=instrument, answers=answers, parameters=parameters)
    except UnknownInstrument as exc:
        errors.add("instrument", exc.message)
        errors.raise_if_any()
        raise  # unreachable: raise_if_any raised
    problem_errors(scored, errors, allow_incomplete=allow_incomplete)
    return scored


def _save(
    *,
    actor: User | None,
    beneficiary: Beneficiary,
    case: Case | None,
    sentra_id: int,
    scored: Scored,
    answers: Mapping[str, Any],
    assessed_at: datetime.datetime,
    notes: str,
    narrative: Mapping[str, str] | None = None,
    assessor: User | None = None,
    label: str = SYSTEM,
) -> Assessment:
    result = scored.result
    data = scored.as_dict()
    ruleset = data["needs_rules"]
    assessment = Assessment(
        beneficiary=beneficiary,
        case=case,
        sentra_id=sentra_id,
        kind=AssessmentKind.COMPREHENSIVE
        if scored.instrument.domain == COMPREHENSIVE
        else AssessmentKind.INSTRUMENT,
        instrument=result.instrument,
        version=result.version,
        form=result.form,
        parameters=dict(result.parameters),
        answers={str(key): value for key, value in answers.items()},
        valid=result.valid,
        total=result.total,
        band=result.band or "",
        band_scheme=result.band_scheme or "",
        bands=dict(result.bands),
        scores=dict(result.scores),
        flags=list(result.flags),
        result={key: value for key, value in data.items() if key != "recommendations"},
        ruleset=ruleset["ruleset"],
        ruleset_version=ruleset["version"],
        assessor=assessor or actor,
        assessed_at=assessed_at,
        notes=notes.strip(),
        narrative=dict(narrative or {}),
    )
    assessment.save()
    record_create(actor=actor, instance=assessment, sentra_id=sentra_id, label=label)
    needs = needs_derive(
        actor=actor, assessment=assessment, recommendations=scored.recommendations, label=label
    )
    alerts_raise(
        actor=actor, assessment=assessment, needs=[need for need in needs if need.actions], label=label
    )
    return assessment
