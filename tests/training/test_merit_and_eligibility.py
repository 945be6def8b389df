"""The transparent merit score and the eligibility checks of overseas study."""

from __future__ import annotations

import pytest

from sentra.training.rules.merit import (
    EligibilityCriteria,
    EligibilityFacts,
    MeritError,
    MeritInputs,
    MeritWeights,
    eligibility,
    merit_score,
)


def test_worked_example_adds_weighted_components() -> None:
    # gap 0.5 x 30 = 15; level 2/4 x 25 = 12.5; performance 0.8 x 20 = 16; 5/10 y x 10 = 5; 3/4 x 15 = 11.25
    merit = merit_score(
        MeritInputs(centre_gap=0.5, competency_level=2, performance=0.8, tenure_years=5, language_level=3),
        MeritWeights(),
    )
    assert [(c.name, c.points) for c in merit.components] == [
        ("relevance", 15.0),
        ("competency", 12.5),
        ("performance", 16.0),
        ("tenure", 5.0),
        ("language", 11.25),
    ]
    assert merit.score == 59.75
    assert merit.points == 5975


def test_tenure_is_capped_and_inputs_clipped() -> None:
    merit = merit_score(
        MeritInputs(centre_gap=1.7, competency_level=4, performance=1.4, tenure_years=25, language_level=4),
        MeritWeights(),
    )
    assert merit.score == 100.0


def test_custom_weights_change_the_score() -> None:
    weights = MeritWeights(relevance=0, competency=0, performance=0, tenure=0, language=100)
    merit = merit_score(
        MeritInputs(centre_gap=1, competency_level=4, performance=1, tenure_years=10, language_level=1),
        weights,
    )
    assert merit.score == 25.0


@pytest.mark.parametrize(
    ("weights", "field"),
    [
        ({"relevance": 31}, "weights"),
        ({"relevance": -5, "competency": 60}, "relevance"),
    ],
)
def test_bad_weights_name_the_field(weights: dict[str, int], field: str) -> None:
    with pytest.raises(MeritError) as caught:
        MeritWeights(**weights)
    assert caught.value.field == field


def test_levels_outside_the_scale_are_refused() -> None:
    with pytest.raises(MeritError) as caught:
        merit_score(
            MeritInputs(centre_gap=0, competency_level=5, performance=0, tenure_years=0, language_level=0),
            MeritWeights(),
        )
    assert caught.value.field == "competency_level"


def test_eligible_applicant_has_no_reasons() -> None:
    criteria = EligibilityCriteria(
        min_tenure_years=2, required_credentials=frozenset({"str"}), min_language_level=2
    )
    facts = EligibilityFacts(
        tenure_years=3,
        valid_credentials=frozenset({"str", "certificate"}),
        language_level=2,
        pending_obligations=0,
    )
    assert eligibility(facts, criteria) == []


def test_every_failed_check_is_reported_in_order() -> None:
    criteria = EligibilityCriteria(
        min_tenure_years=2, required_credentials=frozenset({"str", "certificate"}), min_language_level=2
    )
    facts = EligibilityFacts(
        tenure_years=1.25, valid_credentials=frozenset(), language_level=1, pending_obligations=2
    )
    reasons = eligibility(facts, criteria)
    assert [(r.code, r.required, r.actual) for r in reasons] == [
        ("tenure", "2", "1.2"),
        ("credential", "certificate", ""),
        ("credential", "str", ""),
        ("language", "2", "1"),
        ("obligations", "0", "2"),
    ]
