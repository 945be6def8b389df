"""Helpers shared by the per-instrument tests: answers from worked-example rows, and the properties.

The properties every summed instrument must have, checked with hypothesis over its real definition:

* the total stays within the range its options allow (also when answers are prorated);
* raising one item's points never lowers the total, and raising the *printed* points of a
  reverse-scored item never raises it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sentra.assessments import selectors
from sentra.assessments.rules import Instrument, Result, score

MISSING = "-"


def answers(values: Sequence[Any] | str, numbers: Sequence[str] | None = None) -> dict[str, Any]:
    """``[2, 2, "-", 1]`` -> ``{"1": 2, "2": 2, "4": 1}`` ("-" is an unanswered item)."""
    if isinstance(values, str):
        values = [value.strip() for value in values.split(",")]
    numbers = numbers or [str(index) for index in range(1, len(values) + 1)]
    return {number: value for number, value in zip(numbers, values, strict=True) if value != MISSING}


def scored(instrument: Instrument, values: Sequence[Any] | str, **parameters: Any) -> Result:
    return score(instrument, answers(values), parameters or None)


def printed_points(instrument: Instrument) -> dict[str, dict[Any, int]]:
    """Each item's answer -> points as printed in the definition file, before any reversal."""
    raw = json.loads(next(Path(selectors.INSTRUMENTS_DIR).glob(f"{instrument.code}-v*.json")).read_text())
    sets = raw.get("option_sets", {})
    printed: dict[str, dict[Any, int]] = {}
    for item in raw["items"]:
        options = item["options"] if isinstance(item["options"], list) else sets[item["options"]]
        printed[item["number"]] = {o["value"]: o["points"] for o in options if not o.get("missing")}
    return printed


def check_range_and_monotone(
    instrument: Instrument,
    *,
    parameters: Mapping[str, Any] | None = None,
    max_missing: int = 0,
    examples: int = 120,
) -> None:
    """Hypothesis: totals in range, monotone in every item's points, reverse items the other way."""
    plan = instrument.plan({**instrument.default_parameters, **(parameters or {})})
    items = plan.items
    score_plan = next(s for s in plan.scores if s.code == instrument.headline_score)
    printed = printed_points(instrument)
    choices = {item.number: [v for v in item.allowed if item.lookup[v] is not None] for item in items}

    @settings(max_examples=examples, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(data=st.data())
    def run(data: st.DataObject) -> None:
        given_answers = {number: data.draw(st.sampled_from(values)) for number, values in choices.items()}
        dropped = data.draw(
            st.lists(st.sampled_from([i.number for i in items]), max_size=max_missing, unique=True)
        )
        for number in dropped:
            del given_answers[number]
        result = score(instrument, given_answers, parameters)
        assert result.valid, result.problems
        assert result.total is not None
        assert score_plan.low <= result.total <= score_plan.high
        # Move one answered item to another option and compare.
        answered = list(given_answers)
        number = data.draw(st.sampled_from(answered))
        other = data.draw(st.sampled_from(choices[number]))
        moved = score(instrument, {**given_answers, number: other}, parameters)
        assert moved.total is not None
        item = next(i for i in items if i.number == number)
        before, after = item.lookup[given_answers[number]], item.lookup[other]
        assert before is not None
        assert after is not None
        if after >= before:
            assert moved.total >= result.total
        else:
            assert moved.total <= result.total
        printed_before, printed_after = printed[number][given_answers[number]], printed[number][other]
        if printed_after > printed_before:
            if item.reverse:
                assert moved.total <= result.total
            else:
                assert moved.total >= result.total

    run()
