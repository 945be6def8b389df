"""Performance per staff member and per centre from the records (see ``rules.performance``)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.http import Http404
from django.utils import timezone

from sentra.assessments.models import Assessment
from sentra.cases.models import CareTeamMember, Case, Referral, Task, TaskKind, TaskStatus
from sentra.core.access import get_visible_or_404
from sentra.core.models import Role, User
from sentra.core.querysets import centre_ids_of
from sentra.network.models import Sentra
from sentra.quality.models import SurveyResponse
from sentra.workforce.models import StaffMember
from sentra.workforce.rules import performance as rules
from sentra.workforce.rules.caseload import case_complexity
from sentra.workforce.selectors.facts import open_cases

PERIOD_DAYS = 365
TIMED_TASKS = (TaskKind.INITIAL_ASSESSMENT, TaskKind.PLAN_REVIEW)
MEASURED = rules.LOWER_IS_BETTER | rules.HIGHER_IS_BETTER


@dataclass(frozen=True)
class StaffPerformance:
    staff: StaffMember
    performance: rules.Performance


@dataclass(frozen=True)
class CentrePerformance:
    centre: Sentra
    staff_count: int
    performance: rules.Performance
    since: datetime.date
    until: datetime.date


def _period(today: datetime.date | None) -> tuple[datetime.date, datetime.date]:
    until = today or timezone.localdate()
    return until - datetime.timedelta(days=PERIOD_DAYS), until


def _task_counts(
    filters: models.Q, since: datetime.date, until: datetime.date, by: str = "assigned_to_id"
) -> dict[int | None, rules.Counts]:
    """Tasks due in the period, grouped by ``by`` (assignee or centre): done on time / all that are due."""
    found: dict[int | None, rules.Counts] = defaultdict(rules.Counts)
    rows = (
        Task.objects.filter(filters, kind__in=TIMED_TASKS, due_on__gte=since, due_on__lte=until)
        .exclude(status=TaskStatus.CANCELLED)
        .values_list(by, "status", "completed_at", "due_on")
    )
    for user_id, status, completed_at, due_on in rows:
        on_time = (
            status == TaskStatus.DONE
            and completed_at is not None
            and timezone.localdate(completed_at) <= due_on
        )
        found[user_id] += rules.Counts(int(on_time), 1)
    return found


def _referral_counts(
    filters: models.Q, since: datetime.date, until: datetime.date, by: str = "responded_by_id"
) -> dict[int | None, rules.Counts]:
    found: dict[int | None, rules.Counts] = defaultdict(rules.Counts)
    rows = Referral.objects.filter(
        filters, response_due_on__gte=since, response_due_on__lte=until
    ).values_list(by, "responded_at", "response_due_on")
    for user_id, responded_at, due_on in rows:
        on_time = responded_at is not None and timezone.localdate(responded_at) <= due_on
        found[user_id] += rules.Counts(int(on_time), 1)
    return found


def _outcomes(beneficiary_ids: set[int], until: datetime.date) -> dict[int, bool]:
    """Per beneficiary: improved on at least one instrument (first vs latest), among those measured twice."""
    first: dict[tuple[int, str], int] = {}
    latest: dict[tuple[int, str], int] = {}
    rows = (
        Assessment.objects.filter(
            beneficiary_id__in=beneficiary_ids,
            valid=True,
            total__isnull=False,
            instrument__in=MEASURED,
            assessed_at__date__lte=until,
        )
        .order_by("assessed_at", "pk")
        .values_list("beneficiary_id", "instrument", "total")
    )
    counts: dict[tuple[int, str], int] = defaultdict(int)
    for beneficiary_id, instrument, total in rows:
        if total is None:
            continue
        key = (beneficiary_id, instrument)
        first.setdefault(key, total)
        latest[key] = total
        counts[key] += 1
    result: dict[int, bool] = {}
    for key, n in counts.items():
        if n < 2:
            continue
        better = bool(rules.improved(key[1], first[key], latest[key]))
        result[key[0]] = result.get(key[0], False) or better
    return result


def _feedback(
    filters: models.Q, since: datetime.date, until: datetime.date, by: str = "served_by_id"
) -> dict[int | None, list[int]]:
    found: dict[int | None, list[int]] = defaultdict(list)
    rows = SurveyResponse.objects.filter(
        filters, submitted_at__date__gte=since, submitted_at__date__lte=until
    ).values_list(by, "kompetensi", "perilaku")
    for user_id, competence, behaviour in rows:
        found[user_id].extend(value for value in (competence, behaviour) if value is not None)
    return found


def _training(
    staff_ids: list[int], since: datetime.date, until: datetime.date
) -> tuple[dict[int, int], dict[int, int]]:
    """Trainings completed and sessions delivered to colleagues, once the training app records them."""
    completed: dict[int, int] = defaultdict(int)
    delivered: dict[int, int] = defaultdict(int)
    try:
        participant = apps.get_model("training", "Participant")
        obligation = apps.get_model("training", "Obligation")
    except LookupError:
        return completed, delivered
    for staff_id in participant.objects.filter(
        staff_id__in=staff_ids, completed_on__gte=since, completed_on__lte=until
    ).values_list("staff_id", flat=True):
        completed[staff_id] += 1
    for staff_id, count in obligation.objects.filter(
        application__staff_id__in=staff_ids, kind="sessions"
    ).values_list("application__staff_id", "delivered"):
        delivered[staff_id] += count
    return completed, delivered


@dataclass
class _CentreRecords:
    staff: list[StaffMember]
    inputs: dict[int, rules.PerformanceInputs]
    beneficiaries: set[int]
    # per beneficiary of the centre measured twice: improved or not
    outcomes: dict[int, bool] = field(default_factory=dict)


def _records(centre_ids: list[int], since: datetime.date, until: datetime.date) -> dict[int, _CentreRecords]:
    """Per centre: active staff and each one's performance inputs, in a fixed number of queries."""
    found = {centre_id: _CentreRecords([], {}, set()) for centre_id in centre_ids}
    staff = list(
        StaffMember.objects.filter(sentra_id__in=centre_ids).active(until).order_by("full_name", "pk")
    )
    for member in staff:
        found[member.sentra_id].staff.append(member)
    user_ids = [member.user_id for member in staff if member.user_id is not None]
    handled: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
    served: dict[int, set[int]] = defaultdict(set)
    cases = open_cases(centre_ids)
    # cases closed in the period count too: they were handled
    closed_rows = list(
        Case.objects.filter(sentra_id__in=centre_ids, closed_on__gte=since, closed_on__lte=until).values_list(
            "pk", "sentra_id", "beneficiary_id", "cluster", "case_manager_id"
        )
    )
    teams: dict[int, set[int]] = defaultdict(set)
    for case_id, user_id in CareTeamMember.objects.filter(
        case_id__in=[row[0] for row in closed_rows]
    ).values_list("case_id", "user_id"):
        teams[case_id].add(user_id)
    items = [
        (c.sentra_id, c.complexity, c.beneficiary_id, {c.case_manager_id, *c.team_user_ids}) for c in cases
    ]
    items += [
        (
            sentra_id,
            case_complexity(urgency="", cluster=cluster, needs_count=0),
            beneficiary_id,
            {manager_id, *teams[pk]},
        )
        for pk, sentra_id, beneficiary_id, cluster, manager_id in closed_rows
    ]
    for sentra_id, complexity, beneficiary_id, people in items:
        found[sentra_id].beneficiaries.add(beneficiary_id)
        for user_id in people:
            handled[user_id][complexity] += 1
            served[user_id].add(beneficiary_id)
    tasks = _task_counts(models.Q(assigned_to_id__in=user_ids), since, until)
    referrals = _referral_counts(models.Q(responded_by_id__in=user_ids), since, until)
    feedback = _feedback(models.Q(served_by_id__in=user_ids), since, until)
    everyone = {b for people in served.values() for b in people} | {
        b for entry in found.values() for b in entry.beneficiaries
    }
    outcomes = _outcomes(everyone, until)
    completed, delivered = _training([member.pk for member in staff], since, until)
    for member in staff:
        uid = member.user_id
        measured = [outcomes[b] for b in served.get(uid, set()) if b in outcomes] if uid else []
        found[member.sentra_id].inputs[member.pk] = rules.PerformanceInputs(
            cases_by_complexity=dict(handled.get(uid, {})) if uid else {},
            tasks=tasks.get(uid, rules.Counts()) if uid else rules.Counts(),
            referrals=referrals.get(uid, rules.Counts()) if uid else rules.Counts(),
            outcomes=rules.Counts(sum(measured), len(measured)),
            feedback_answers=tuple(feedback.get(uid, [])) if uid else (),
            trainings_completed=completed.get(member.pk, 0),
            trainings_delivered=delivered.get(member.pk, 0),
        )
    for entry in found.values():
        entry.outcomes = {b: outcomes[b] for b in entry.beneficiaries if b in outcomes}
    return found


def may_read_people_of(user: User, centre_id: int) -> bool:
    """The person's head and HR (their centre), and the system administrator."""
    if user.role == Role.SYSADMIN:
        return True
    return user.role in (Role.CENTRE_HEAD, Role.HR) and centre_id in centre_ids_of(user)


def staff_performance(
    user: User, staff_id: object, *, today: datetime.date | None = None
) -> StaffPerformance:
    """One person's performance: to themselves, their head and HR; 404 for anyone else."""
    member = get_visible_or_404(StaffMember.objects.select_related("sentra"), user, pk=staff_id)
    if member.user_id != user.pk and not may_read_people_of(user, member.sentra_id):
        raise Http404
    since, until = _period(today)
    records = _records([member.sentra_id], since, until)[member.sentra_id]
    return StaffPerformance(
        member, rules.performance(records.inputs.get(member.pk, rules.PerformanceInputs()))
    )


def performance_scores(
    staff_ids: list[int], *, today: datetime.date | None = None
) -> dict[int, float | None]:
    """Each person's performance score (0-100, or None when none of its components has data), for a
    service that decides on the records (the overseas committee's merit), not for display: callers
    show a person only their own figure, as the pages do."""
    centre_ids = sorted(set(StaffMember.objects.filter(pk__in=staff_ids).values_list("sentra_id", flat=True)))
    since, until = _period(today)
    scores: dict[int, float | None] = dict.fromkeys(staff_ids)
    for records in _records(centre_ids, since, until).values():
        for staff_id, inputs in records.inputs.items():
            if staff_id in scores:
                scores[staff_id] = rules.performance(inputs).score
    return scores


def centre_staff_performance(
    user: User, centre_id: object, *, today: datetime.date | None = None
) -> list[StaffPerformance]:
    """Everyone's performance at a centre, for its head, HR and the administrator only."""
    centre = get_visible_or_404(Sentra.objects.all(), user, pk=centre_id)
    if not may_read_people_of(user, centre.pk):
        raise Http404
    since, until = _period(today)
    records = _records([centre.pk], since, until)[centre.pk]
    return [
        StaffPerformance(member, rules.performance(records.inputs[member.pk])) for member in records.staff
    ]


def centre_performance(
    user: User, centre_id: object, *, today: datetime.date | None = None
) -> CentrePerformance:
    """A centre's aggregate: for its head and HR, national analysts and the administrator."""
    centre = get_visible_or_404(Sentra.objects.all(), user, pk=centre_id)
    if not (may_read_people_of(user, centre.pk) or user.role == Role.NATIONAL_ANALYST):
        raise Http404
    return _aggregates([centre], today)[0]


def _aggregates(centres: list[Sentra], today: datetime.date | None) -> list[CentrePerformance]:
    """Centre aggregates in a fixed number of queries, however many centres."""
    since, until = _period(today)
    ids = [centre.pk for centre in centres]
    records = _records(ids, since, until)
    # Tasks, referrals and feedback counted once per centre, not once per person who touched them.
    tasks = _task_counts(models.Q(sentra_id__in=ids), since, until, by="sentra_id")
    referrals = _referral_counts(models.Q(to_sentra_id__in=ids), since, until, by="to_sentra_id")
    feedback = _feedback(models.Q(period__sentra_id__in=ids), since, until, by="period__sentra_id")
    found = []
    for centre in centres:
        entry = records[centre.pk]
        combined = rules.combine(entry.inputs.values())
        centre_inputs = rules.PerformanceInputs(
            cases_by_complexity=combined.cases_by_complexity,
            tasks=tasks.get(centre.pk, rules.Counts()),
            referrals=referrals.get(centre.pk, rules.Counts()),
            outcomes=rules.Counts(sum(entry.outcomes.values()), len(entry.outcomes)),
            feedback_answers=tuple(feedback.get(centre.pk, [])),
            trainings_completed=combined.trainings_completed,
            trainings_delivered=combined.trainings_delivered,
        )
        found.append(
            CentrePerformance(centre, len(entry.staff), rules.performance(centre_inputs), since, until)
        )
    return found


def national_performance(user: User, *, today: datetime.date | None = None) -> list[CentrePerformance]:
    """Centre aggregates only, for national analysts and the administrator."""
    if user.role not in (Role.NATIONAL_ANALYST, Role.SYSADMIN):
        raise Http404
    centres = list(Sentra.objects.filter(is_active=True, staff__isnull=False).distinct().order_by("name"))
    return _aggregates(centres, today)
