"""Performance from records: the pure score and the components counted from tasks and survey answers."""

from __future__ import annotations

import datetime

from django.utils import timezone

from sentra.cases.models import Task, TaskKind, TaskStatus
from sentra.workforce import selectors
from sentra.workforce.rules import performance as rules
from tests.cases.conftest import World, make_person, open_case


def test_the_score_is_the_mean_of_the_measured_components() -> None:
    result = rules.performance(
        rules.PerformanceInputs(
            cases_by_complexity={1: 4, 3: 2},
            tasks=rules.Counts(3, 4),
            referrals=rules.Counts(1, 1),
            outcomes=rules.Counts(1, 2),
            feedback_answers=(4, 4, 3, 3),  # two responses: U6 and U7 each
        )
    )
    # timeliness 4/5 = 0.8, outcomes 0.5, feedback mean 3.5 → (3.5 - 1) / 3 = 0.8333
    assert result.timeliness == 0.8
    assert result.outcomes == 0.5
    assert result.feedback == 0.8333
    assert result.feedback_responses == 2
    assert result.score == round(100 * (0.8 + 0.5 + 0.8333) / 3, 1)
    assert result.weighted_cases == 4 + 6
    assert rules.performance(rules.PerformanceInputs()).score is None


def test_direction_of_improvement_per_instrument() -> None:
    assert rules.improved("phq9", 18, 9) is True
    assert rules.improved("barthel", 40, 60) is True
    assert rules.improved("barthel", 60, 40) is False
    assert rules.improved("wgss", 1, 2) is None


def test_timeliness_is_counted_from_the_case_managers_tasks(world: World) -> None:
    case = open_case(world, make_person(world.a))
    today = timezone.localdate()
    Task.objects.filter(case=case).delete()
    for days, done_late in ((10, False), (5, True), (2, None)):
        due = today - datetime.timedelta(days=days)
        Task.objects.create(
            sentra=world.a,
            case=case,
            kind=TaskKind.PLAN_REVIEW,
            title="review",
            due_on=due,
            assigned_to=world.cm_a,
            status=TaskStatus.OPEN if done_late is None else TaskStatus.DONE,
            completed_at=None
            if done_late is None
            else timezone.now() - datetime.timedelta(days=days - (1 if done_late else -1)),
        )
    result = selectors.staff_performance(world.cm_a, world.cm_a.staff_record.pk).performance
    assert result.timeliness_counts == rules.Counts(1, 3)
    assert result.cases_by_complexity[1] == 1
    centre = selectors.centre_performance(world.analyst, world.a.pk)
    assert centre.performance.timeliness_counts == rules.Counts(1, 3)
