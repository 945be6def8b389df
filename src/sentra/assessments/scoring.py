"""Scoring for the CLI, the API and the pages alike: the pure engines plus translated messages.

``score_answers`` runs the scoring engine and the needs engine on one submission and returns a
``Scored`` whose ``as_dict()`` is the JSON every surface prints. Messages are translated into the
active language here (the pure engine only knows English), so an error names the item the same way
on every surface.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sentra.assessments import selectors
from sentra.assessments.rules import Instrument, Problem, Recommendation, Result, Ruleset, recommend, score

PROBLEM_MESSAGES: dict[str, Promise] = {
    "not_an_object": _("The answers must be an object that maps item numbers to answers."),
    "unknown_item": _("Item {item} does not exist in {instrument}; its items are {items}."),
    "not_in_form": _("Item {item} is not asked in the {form} form of {instrument}."),
    "not_allowed": _("Item {item}: {value} is not an allowed answer; allowed answers are {allowed}."),
    "unanswered": _("Item {item} is unanswered; {instrument} is scored only when every item is answered."),
    "too_many_missing": _(
        "Item {item} is unanswered, and too many items are unanswered to score {instrument} "
        "({missing} unanswered, at most {max_missing} allowed)."
    ),
    "undetermined": _("Item {item} is unanswered, so {instrument} {scheme} cannot be determined."),
    "unknown_parameter": _("{instrument} has no parameter {parameter}; it accepts: {accepted}."),
    "bad_parameter": _("Parameter {parameter}: {value} is not allowed; allowed values are {allowed}."),
    "unknown_instrument": _("Unknown instrument {instrument}; the instruments are {known}."),
}


def problem_message(problem: Problem) -> str:
    return str(PROBLEM_MESSAGES[problem.code]).format(
        item=problem.item, parameter=problem.parameter, **problem.details
    )


class UnknownInstrument(LookupError):
    """No instrument has this code; ``message`` says which codes exist."""

    def __init__(self, code: str) -> None:
        self.code = code
        self.problem = Problem(
            "unknown_instrument", details={"instrument": code, "known": ", ".join(selectors.library().codes)}
        )
        super().__init__(problem_message(self.problem))

    @property
    def message(self) -> str:
        return problem_message(self.problem)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of a scoring result that could not even start."""
        return {
            "instrument": self.code,
            "version": None,
            "valid": False,
            "errors": [{"item": None, "code": self.problem.code, "message": self.message}],
            "total": None,
            "band": None,
            "bands": {},
            "flags": [],
            "recommendations": [],
        }


@dataclass(frozen=True)
class Scored:
    instrument: Instrument
    result: Result
    recommendations: tuple[Recommendation, ...]
    ruleset: Ruleset

    @property
    def valid(self) -> bool:
        return self.result.valid

    def errors(self) -> list[dict[str, Any]]:
        return [
            {**problem.as_dict(), "message": problem_message(problem)} for problem in self.result.problems
        ]

    def as_dict(self) -> dict[str, Any]:
        ruleset = self.ruleset
        return {
            **self.result.as_dict(),
            "errors": self.errors(),
            "recommendations": [recommendation.as_dict() for recommendation in self.recommendations],
            "needs_rules": {"ruleset": ruleset.name, "version": ruleset.version, "status": ruleset.status},
        }


def score_answers(
    *, code: str, answers: Any, parameters: Mapping[str, Any] | None = None, version: str | None = None
) -> Scored:
    """Score one submission and derive its recommendations; raises ``UnknownInstrument``."""
    try:
        instrument = selectors.definitions().get(code, version)
    except KeyError:
        raise UnknownInstrument(code) from None
    result = score(instrument, answers, parameters)
    ruleset = selectors.active_ruleset()
    recommendations = tuple(recommend(ruleset, [result]))
    return Scored(instrument=instrument, result=result, recommendations=recommendations, ruleset=ruleset)
