"""Performance computed from the system's own records, never typed in.

Components (each a share in 0..1, or None when the period holds nothing to measure):

* **timeliness**: tasks due in the period (initial assessments, plan reviews) done by their due date,
  and referrals answered by their response date, over all of them;
* **outcomes**: beneficiaries whose latest score on a standard instrument moved in the better
  direction since their first one, over those assessed at least twice (pre/post);
* **feedback**: the IKM answers about the person who served the respondent — U6 *kompetensi
  pelaksana* and U7 *perilaku pelaksana* (PermenPANRB 14/2017) — mapped from the 1-4 scale to 0..1.

The score is the mean of the components that exist, times 100, so nobody is marked down for what
the records cannot show; the components, counts and cases handled by complexity are shown with it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

# Whether a lower total is better on each instrument (symptom scales) or a higher one (function scales).
LOWER_IS_BETTER = frozenset({"phq9", "phq2", "gad7", "gds15", "k10", "k6", "srq20"})
HIGHER_IS_BETTER = frozenset({"barthel", "lawton", "katz"})
ANSWER_MIN = 1
ANSWER_MAX = 4


@dataclass(frozen=True, slots=True)
class Counts:
    done: int = 0
    of: int = 0

    @property
    def share(self) -> float | None:
        return round(self.done / self.of, 4) if self.of else None

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.done + other.done, self.of + other.of)


@dataclass(frozen=True)
class PerformanceInputs:
    cases_by_complexity: Mapping[int, int] = field(default_factory=dict)
    tasks: Counts = Counts()
    referrals: Counts = Counts()
    outcomes: Counts = Counts()
    feedback_answers: tuple[int, ...] = ()
    trainings_completed: int = 0
    trainings_delivered: int = 0


@dataclass(frozen=True)
class Performance:
    cases_by_complexity: dict[int, int]
    weighted_cases: int
    timeliness: float | None
    timeliness_counts: Counts
    outcomes: float | None
    outcome_counts: Counts
    feedback: float | None
    feedback_responses: int
    trainings_completed: int
    trainings_delivered: int
    score: float | None


def improved(instrument: str, first: int, latest: int) -> bool | None:
    """True when the latest total is better than the first; None for an instrument with no direction."""
    if instrument in LOWER_IS_BETTER:
        return latest < first
    if instrument in HIGHER_IS_BETTER:
        return latest > first
    return None


def feedback_share(answers: Iterable[int]) -> tuple[float | None, int]:
    valid = [answer for answer in answers if ANSWER_MIN <= answer <= ANSWER_MAX]
    if not valid:
        return None, 0
    mean = sum(valid) / len(valid)
    return round((mean - ANSWER_MIN) / (ANSWER_MAX - ANSWER_MIN), 4), len(valid)


def performance(inputs: PerformanceInputs) -> Performance:
    timeliness_counts = inputs.tasks + inputs.referrals
    feedback, responses = feedback_share(inputs.feedback_answers)
    components = [
        value for value in (timeliness_counts.share, inputs.outcomes.share, feedback) if value is not None
    ]
    by_complexity = {level: int(inputs.cases_by_complexity.get(level, 0)) for level in (1, 2, 3)}
    return Performance(
        cases_by_complexity=by_complexity,
        weighted_cases=sum(level * count for level, count in by_complexity.items()),
        timeliness=timeliness_counts.share,
        timeliness_counts=timeliness_counts,
        outcomes=inputs.outcomes.share,
        outcome_counts=inputs.outcomes,
        feedback=feedback,
        # U6 and U7 are two answers per response
        feedback_responses=responses // 2 if responses else 0,
        trainings_completed=inputs.trainings_completed,
        trainings_delivered=inputs.trainings_delivered,
        score=round(100 * sum(components) / len(components), 1) if components else None,
    )


def combine(items: Iterable[PerformanceInputs]) -> PerformanceInputs:
    """A centre's inputs: the sum of its people's."""
    cases: dict[int, int] = {}
    tasks = referrals = outcomes = Counts()
    answers: list[int] = []
    completed = delivered = 0
    for item in items:
        for level, count in item.cases_by_complexity.items():
            cases[level] = cases.get(level, 0) + count
        tasks += item.tasks
        referrals += item.referrals
        outcomes += item.outcomes
        answers.extend(item.feedback_answers)
        completed += item.trainings_completed
        delivered += item.trainings_delivered
    return PerformanceInputs(cases, tasks, referrals, outcomes, tuple(answers), completed, delivered)
