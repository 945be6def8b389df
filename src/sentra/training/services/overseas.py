"""Overseas study: the call, applications, ranking under the ministry's quotas, the decision.

Every step is audited; the ranking stores, on each application, exactly what the applicant and the
committee are shown (eligibility reasons, merit components, rank and the reason for the result).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.core import audit
from sentra.core.models import User
from sentra.network.models import Cluster, Sentra
from sentra.training.models import (
    Application,
    ApplicationStatus,
    Obligation,
    OverseasProgramme,
    ProgrammeStatus,
)
from sentra.training.rules.merit import (
    EligibilityCriteria,
    EligibilityFacts,
    MeritError,
    MeritInputs,
    MeritWeights,
    eligibility,
    merit_score,
)
from sentra.training.rules.selection import Candidate, Quota, SelectionProblem, select
from sentra.training.services._common import is_member, manages, require_manager, today_in
from sentra.workforce import selectors as workforce_selectors
from sentra.workforce.models import Competency, Credential, CredentialKind, StaffCompetency, StaffMember
from sentra.workforce.rules.gaps import GapReport

QUOTA_ATTRIBUTES = ("region", "centre", "cluster", "gender")
NEUTRAL_PERFORMANCE = 0.5  # no closed training in the window: neither rewarded nor penalised


@dataclass(frozen=True)
class ProgrammeInput:
    title: str
    country: str
    competency: str
    places: int
    opens_on: datetime.date
    closes_on: datetime.date
    departs_on: datetime.date
    returns_on: datetime.date
    centre_ids: tuple[int, ...]
    description: str = ""
    min_tenure_years: float = 0.0
    required_credentials: tuple[str, ...] = ()
    language: str = ""
    min_language_level: int = 0
    weights: dict[str, int] = field(default_factory=lambda: MeritWeights().as_dict())
    quotas: tuple[dict[str, Any], ...] = ()


def _quota_errors(quotas: tuple[dict[str, Any], ...]) -> list[str]:
    errors = []
    for number, quota in enumerate(quotas, start=1):
        attribute = quota.get("attribute")
        minimum = quota.get("minimum", 0)
        maximum = quota.get("maximum")
        if attribute not in QUOTA_ATTRIBUTES:
            errors.append(
                _("Quota %(n)s: the attribute must be region, centre, cluster or gender.") % {"n": number}
            )
        elif not isinstance(minimum, int) or minimum < 0:
            errors.append(_("Quota %(n)s: the minimum must be a whole number, zero or more.") % {"n": number})
        elif maximum is not None and (not isinstance(maximum, int) or maximum < minimum):
            errors.append(
                _("Quota %(n)s: the maximum must be a whole number not below the minimum.") % {"n": number}
            )
    return errors


def _programme_errors(data: ProgrammeInput) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("Give the programme a title.")]
    if not data.country.strip():
        errors["country"] = [_("Name the country of study.")]
    if not Competency.objects.filter(code=data.competency, is_active=True).exists():
        errors["competency"] = [_("Choose a competency of the framework.")]
    if data.places < 1:
        errors["places"] = [_("There must be at least one place.")]
    if data.closes_on < data.opens_on:
        errors["closes_on"] = [_("Applications cannot close before they open.")]
    if data.departs_on < data.closes_on:
        errors["departs_on"] = [_("Departure must come after applications close.")]
    if data.returns_on < data.departs_on:
        errors["returns_on"] = [_("Return cannot come before departure.")]
    if not data.centre_ids:
        errors["centres"] = [_("Choose at least one centre whose staff may apply.")]
    if data.min_tenure_years < 0:
        errors["min_tenure_years"] = [_("Minimum tenure cannot be negative.")]
    if not 0 <= data.min_language_level <= 4:
        errors["min_language_level"] = [_("Language levels run from 0 to 4.")]
    if any(kind not in CredentialKind.values for kind in data.required_credentials):
        errors["required_credentials"] = [_("Unknown credential kind.")]
    try:
        MeritWeights(**{name: int(value) for name, value in data.weights.items()})
    except (MeritError, TypeError, ValueError):
        errors["weights"] = [
            _("Give a whole-number weight for each of the five components, adding up to 100.")
        ]
    quota_errors = _quota_errors(data.quotas)
    if quota_errors:
        errors["quotas"] = quota_errors
    return errors


@transaction.atomic
def programme_create(*, actor: User | None, sentra: Sentra, data: ProgrammeInput) -> OverseasProgramme:
    """HR or the head of the organising centre drafts a call; it is their committee that ranks."""
    if actor is not None:
        require_manager(actor, sentra.pk)
    errors = _programme_errors(data)
    centres = list(Sentra.objects.filter(pk__in=data.centre_ids, is_active=True))
    if len(centres) != len(set(data.centre_ids)):
        errors.setdefault("centres", []).append(_("One of the centres does not exist."))
    if errors:
        raise ValidationError(errors)
    programme = OverseasProgramme.objects.create(
        title=data.title.strip(),
        country=data.country.strip(),
        description=data.description.strip(),
        sentra=sentra,
        competency=Competency.objects.get(code=data.competency),
        places=data.places,
        opens_on=data.opens_on,
        closes_on=data.closes_on,
        departs_on=data.departs_on,
        returns_on=data.returns_on,
        min_tenure_years=Decimal(str(data.min_tenure_years)),
        required_credentials=sorted(set(data.required_credentials)),
        language=data.language,
        min_language_level=data.min_language_level,
        weights=MeritWeights(**data.weights).as_dict(),
        quotas=list(data.quotas),
        created_by=actor,
    )
    programme.centres.set(centres)
    audit.record_create(actor=actor, instance=programme, sentra_id=sentra.pk, actor_label="system")
    return programme


def _set_status(actor: User | None, programme: OverseasProgramme, status: str) -> None:
    before = audit.snapshot(programme)
    programme.status = status
    programme.save()
    audit.record_update(
        actor=actor, instance=programme, before=before, sentra_id=programme.sentra_id, actor_label="system"
    )


@transaction.atomic
def programme_open(*, actor: User | None, programme: OverseasProgramme) -> OverseasProgramme:
    if actor is not None:
        require_manager(actor, programme.sentra_id)
    if programme.status != ProgrammeStatus.DRAFT:
        raise ValidationError({"status": [_("Only a draft programme can be opened.")]})
    _set_status(actor, programme, ProgrammeStatus.OPEN)
    return programme


def _check_can_apply(programme: OverseasProgramme, staff: StaffMember, today: datetime.date) -> None:
    if programme.status != ProgrammeStatus.OPEN:
        raise ValidationError({"programme": [_("The programme is not open for applications.")]})
    if not programme.opens_on <= today <= programme.closes_on:
        raise ValidationError(
            {"programme": [_("Applications are accepted only between the opening and closing dates.")]}
        )
    if not programme.centres.filter(pk=staff.sentra_id).exists():
        raise ValidationError({"programme": [_("Staff of your centre cannot apply to this programme.")]})
    if not staff.is_active_on(today):
        raise ValidationError({"staff": [_("Only active staff can apply.")]})
    if (
        staff.user is not None
        and staff.user.role in ("hr", "centre_head")
        and is_member(staff.user, programme.sentra_id)
    ):
        # The HR staff and head of the organising centre are the committee: they rank, so they do not apply.
        raise ValidationError(
            {"staff": [_("Members of the selection committee cannot apply to its programme.")]}
        )
    if Application.objects.filter(programme=programme, staff=staff).exists():
        raise ValidationError({"staff": [_("An application for this person already exists.")]})


def _validate_language(level: int) -> None:
    if not 0 <= level <= 4:
        raise ValidationError({"language_level": [_("Language levels run from 0 to 4.")]})


@transaction.atomic
def application_submit(
    *,
    actor: User,
    programme: OverseasProgramme,
    motivation: str = "",
    language_level: int = 0,
    today: datetime.date | None = None,
) -> Application:
    """A staff member applies for themselves."""
    staff = workforce_selectors.staff_of(actor)
    if staff is None:
        raise ValidationError({"staff": [_("Your account has no staff record; ask HR to add it.")]})
    _validate_language(language_level)
    _check_can_apply(programme, staff, today or today_in(programme.sentra))
    application = Application.objects.create(
        programme=programme, staff=staff, motivation=motivation.strip(), language_level=language_level
    )
    audit.record_create(actor=actor, instance=application, sentra_id=staff.sentra_id)
    return application


@transaction.atomic
def application_nominate(
    *,
    actor: User | None,
    programme: OverseasProgramme,
    staff: StaffMember,
    motivation: str = "",
    language_level: int = 0,
    today: datetime.date | None = None,
) -> Application:
    """HR or the head of the person's centre nominates them."""
    if actor is not None:
        require_manager(actor, staff.sentra_id)
    _validate_language(language_level)
    _check_can_apply(programme, staff, today or today_in(programme.sentra))
    application = Application.objects.create(
        programme=programme,
        staff=staff,
        nominated_by=actor,
        motivation=motivation.strip(),
        language_level=language_level,
    )
    audit.record_create(actor=actor, instance=application, sentra_id=staff.sentra_id, actor_label="system")
    return application


@transaction.atomic
def application_withdraw(*, actor: User, application: Application) -> Application:
    if application.staff.user_id != actor.pk:
        raise PermissionDenied
    if application.programme.status not in (ProgrammeStatus.OPEN, ProgrammeStatus.RANKED):
        raise ValidationError(
            {"status": [_("The decision is made; the application can no longer be withdrawn.")]}
        )
    before = audit.snapshot(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.save()
    audit.record_update(
        actor=actor, instance=application, before=before, sentra_id=application.staff.sentra_id
    )
    return application


def _tenure_years(staff: StaffMember, on: datetime.date) -> float:
    return max(0.0, (on - staff.start_date).days / 365.25)


def _performance_by_staff(staff_ids: list[int], on: datetime.date) -> dict[int, float]:
    """The workforce performance score (``sentra.workforce.selectors.performance_scores``: cases by
    complexity, timeliness, beneficiary outcomes, client feedback, training), over the year before the
    call closed, scaled to 0..1. Someone with no measured component gets the neutral middle: neither
    rewarded nor penalised for what the records do not hold."""
    scores = workforce_selectors.performance_scores(staff_ids, today=on)
    return {
        staff_id: NEUTRAL_PERFORMANCE if score is None else round(score / 100, 4)
        for staff_id, score in scores.items()
    }


# The level used when the staff record lists the language of study. The record lists the languages a
# person serves beneficiaries in (workforce Language), i.e. a professional working level: 3 on the
# programme's 0-4 scale. It is a verified figure (HR keeps the record), so it replaces the level the
# applicant typed; a higher typed level (4) is kept only as the applicant's claim, never scored.
RECORDED_LANGUAGE_LEVEL = 3


def language_level_used(staff: StaffMember, language: str, declared: int) -> tuple[int, str]:
    """(level, source) for eligibility and merit: ``record`` when the staff record lists any language
    (then the language of study counts at the working level if listed, 0 if not), ``declared`` only
    when the record lists no language at all; a programme without a language of study scores 0."""
    if not language:
        return 0, "none"
    if staff.languages:
        return (RECORDED_LANGUAGE_LEVEL if language in staff.languages else 0), "record"
    return declared, "declared"


def _centre_gap(report: GapReport, competency: str) -> float:
    """How far the centre is short of need in the programme's competency: shortfall / staff needed."""
    for gap in report.competency_gaps:
        if gap.competency == competency and gap.staff_needed > 0:
            return gap.shortfall / gap.staff_needed
    return 0.0


def pending_obligations(staff_ids: list[int], *, exclude_programme: int | None = None) -> dict[int, int]:
    """Open obligations per person (from earlier programmes when ``exclude_programme`` is given)."""
    rows = Obligation.objects.filter(application__staff_id__in=staff_ids, done_on__isnull=True)
    if exclude_programme is not None:
        rows = rows.exclude(application__programme_id=exclude_programme)
    per_staff = rows.values("application__staff_id").annotate(n=Count("pk"))
    counts = {row["application__staff_id"]: row["n"] for row in per_staff}
    return {staff_id: counts.get(staff_id, 0) for staff_id in staff_ids}


def _attributes(staff: StaffMember) -> dict[str, str]:
    clusters = [c for c in (staff.clusters or []) if c in Cluster.values]
    return {
        "region": staff.sentra.province_code,
        "centre": str(staff.sentra_id),
        "cluster": clusters[0] if clusters else "",
        "gender": staff.sex or "",
    }


def _quotas(programme: OverseasProgramme) -> tuple[Quota, ...]:
    return tuple(
        Quota(
            attribute=row["attribute"],
            value=None if row.get("value") in (None, "") else str(row["value"]),
            minimum=int(row.get("minimum") or 0),
            maximum=None if row.get("maximum") is None else int(row["maximum"]),
        )
        for row in programme.quotas
    )


@transaction.atomic
def programme_rank(*, actor: User | None, programme: OverseasProgramme) -> OverseasProgramme:
    """The committee closes the call and ranks: eligibility, merit, then the optimiser under quotas.

    May be run again until the decision (e.g. after a withdrawal); the figures are those of the
    application's closing date."""
    if actor is not None:
        require_manager(actor, programme.sentra_id)
    programme = OverseasProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status not in (ProgrammeStatus.OPEN, ProgrammeStatus.RANKED):
        raise ValidationError({"status": [_("Only an open or ranked programme can be ranked.")]})
    on = programme.closes_on
    weights = MeritWeights(**programme.weights)
    criteria = EligibilityCriteria(
        min_tenure_years=float(programme.min_tenure_years),
        required_credentials=frozenset(programme.required_credentials),
        min_language_level=programme.min_language_level,
    )
    applications = list(
        programme.applications.exclude(status=ApplicationStatus.WITHDRAWN).select_related("staff__sentra")
    )
    code = programme.competency.code
    levels = dict(
        StaffCompetency.objects.filter(
            staff__in=[a.staff for a in applications], competency=programme.competency
        ).values_list("staff_id", "level")
    )
    staff_ids = [a.staff_id for a in applications]
    credentials: dict[int, set[str]] = {}
    valid = Credential.objects.filter(staff_id__in=staff_ids).valid_on(on)
    for staff_id, kind in valid.values_list("staff_id", "kind"):
        credentials.setdefault(staff_id, set()).add(kind)
    pending = pending_obligations(staff_ids, exclude_programme=programme.pk)
    performance = _performance_by_staff(staff_ids, on)
    reports = workforce_selectors.gap_reports(sorted({a.staff.sentra_id for a in applications}), today=on)
    gaps = {centre_id: _centre_gap(report, code) for centre_id, report in reports.items()}
    candidates: list[Candidate] = []
    for application in applications:
        staff = application.staff
        tenure = _tenure_years(staff, on)
        language_level, language_source = language_level_used(
            staff, programme.language, application.language_level
        )
        reasons = eligibility(
            EligibilityFacts(
                tenure_years=tenure,
                valid_credentials=frozenset(credentials.get(staff.pk, set())),
                language_level=language_level,
                pending_obligations=pending[staff.pk],
            ),
            criteria,
        )
        merit = merit_score(
            MeritInputs(
                centre_gap=gaps[staff.sentra_id],
                competency_level=levels.get(staff.pk, 0),
                performance=performance[staff.pk],
                tenure_years=tenure,
                language_level=language_level,
            ),
            weights,
        )
        application.ineligibility = [
            {"code": r.code, "required": r.required, "actual": r.actual} for r in reasons
        ]
        application.components = [
            {
                "name": c.name,
                "raw": round(c.raw, 2),
                "normalised": c.normalised,
                "weight": c.weight,
                "points": c.points,
                **({"source": language_source} if c.name == "language" else {}),
            }
            for c in merit.components
        ]
        application.score = Decimal(str(merit.score))
        if not reasons:
            candidates.append(
                Candidate(key=str(application.pk), points=merit.points, attributes=_attributes(staff))
            )
    result = select(SelectionProblem(programme.places, tuple(candidates), _quotas(programme)))
    rank_of = {key: position for position, key in enumerate(result.ranking, start=1)}
    chosen = set(result.selected)
    for application in applications:
        before = audit.snapshot(application)
        key = str(application.pk)
        if application.ineligibility:
            application.status, application.rank = ApplicationStatus.INELIGIBLE, None
            application.explanation, application.explanation_group = "ineligible", ""
        else:
            application.status = ApplicationStatus.PROPOSED if key in chosen else ApplicationStatus.RESERVE
            application.rank = rank_of[key]
            explanation = result.explanations.get(key)
            application.explanation = explanation.code if explanation else "infeasible"
            application.explanation_group = explanation.group if explanation else ""
        application.save()
        audit.record_update(
            actor=actor,
            instance=application,
            before=before,
            sentra_id=programme.sentra_id,
            actor_label="system",
        )
    before = audit.snapshot(programme)
    programme.status = ProgrammeStatus.RANKED
    programme.ranked_at = timezone.now()
    programme.run_status = result.status
    programme.run_objective = Decimal(result.objective) / 100
    programme.run_bound = Decimal(str(round(result.lp_bound / 100, 2)))
    programme.run_gap = result.gap
    programme.run_problems = list(result.problems)
    programme.save()
    audit.record_update(
        actor=actor, instance=programme, before=before, sentra_id=programme.sentra_id, actor_label="system"
    )
    return programme


@transaction.atomic
def programme_decide(*, actor: User | None, programme: OverseasProgramme) -> OverseasProgramme:
    """The committee confirms the ranking's proposal: proposed applicants are selected, the rest not."""
    if actor is not None:
        require_manager(actor, programme.sentra_id)
    programme = OverseasProgramme.objects.select_for_update().get(pk=programme.pk)
    if programme.status != ProgrammeStatus.RANKED or programme.run_status == "infeasible":
        raise ValidationError(
            {"status": [_("Rank the applicants (with quotas that can be met) before deciding.")]}
        )
    now = timezone.now()
    outcome = {
        ApplicationStatus.PROPOSED: ApplicationStatus.SELECTED,
        ApplicationStatus.RESERVE: ApplicationStatus.NOT_SELECTED,
    }
    for application in programme.applications.filter(status__in=list(outcome)):
        before = audit.snapshot(application)
        application.status = outcome[ApplicationStatus(application.status)]
        application.decided_by, application.decided_at = actor, now
        application.save()
        audit.record_update(
            actor=actor,
            instance=application,
            before=before,
            sentra_id=programme.sentra_id,
            actor_label="system",
        )
    _set_status(actor, programme, ProgrammeStatus.DECIDED)
    return programme


def may_see_ranking(user: Any, programme: OverseasProgramme) -> bool:
    """The committee: HR and the head of the organising centre (and the administrator)."""
    return manages(user, programme.sentra_id)


def may_nominate(user: Any, staff: StaffMember) -> bool:
    return manages(user, staff.sentra_id) and (user.role == "sysadmin" or is_member(user, staff.sentra_id))
