"""The readiness computation on fixtures with known answers, and the "no data" handling (pure rules)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from sentra.quality.rules import readiness as rules


def test_an_aspect_is_the_weighted_mean_of_its_parts() -> None:
    # Equipment: 50 x 0.8 + 25 x 0.5 + 25 x 1.0 = 77.5 over 100.
    card = rules.scorecard(
        {
            rules.EQUIPMENT: {
                "standard_met": Fraction(4, 5),
                "good_condition": Fraction(1, 2),
                "device_needs_met": 1,
            }
        }
    )
    equipment = card.aspect(rules.EQUIPMENT)
    assert equipment.score == Decimal("77.5")
    assert [part.key for part in equipment.used] == ["standard_met", "good_condition", "device_needs_met"]


def test_a_part_without_data_is_left_out_not_counted_as_zero() -> None:
    # Only the standard (weight 50, 0.8) and the condition (weight 25, 0.5): (40 + 12.5) / 75 = 70.0.
    card = rules.scorecard(
        {
            rules.EQUIPMENT: {
                "standard_met": Fraction(4, 5),
                "good_condition": Fraction(1, 2),
                "device_needs_met": None,
            }
        }
    )
    equipment = card.aspect(rules.EQUIPMENT)
    assert equipment.score == Decimal("70.0")
    assert [part.key for part in equipment.missing] == ["device_needs_met"]


def test_an_aspect_with_no_data_has_no_score_and_the_overall_uses_the_others() -> None:
    card = rules.scorecard(
        {
            rules.EQUIPMENT: {},
            rules.SKILLS: {"training_completed": Fraction(1, 3)},
            rules.ATTITUDE: {"survey_conduct": Fraction(3, 4)},
        }
    )
    assert card.aspect(rules.EQUIPMENT).score is None
    assert card.aspect(rules.EQUIPMENT).share is None
    assert card.aspect(rules.SKILLS).score == Decimal("33.3")
    assert card.aspect(rules.ATTITUDE).score == Decimal("75.0")
    # (1/3 + 3/4) / 2 = 13/24 = 54.1666... -> 54.2
    assert card.overall == Decimal("54.2")
    assert rules.scorecard({}).overall is None


def test_rounding_is_half_up_on_exact_values() -> None:
    assert rules.to_score(Fraction(1, 8)) == Decimal("12.5")
    assert rules.to_score(Fraction(1234, 20000)) == Decimal("6.2")  # 6.17
    assert rules.to_score(Fraction(125, 2000)) == Decimal("6.3")  # 6.25 exactly: half up
    assert rules.to_score(Fraction(0)) == Decimal("0.0")
    assert rules.to_score(Fraction(1)) == Decimal("100.0")


def test_weights_are_data() -> None:
    weights = {aspect: dict(parts) for aspect, parts in rules.WEIGHTS.items()}
    weights[rules.EQUIPMENT] = {"standard_met": 1, "good_condition": 1, "device_needs_met": 2}
    card = rules.scorecard(
        {rules.EQUIPMENT: {"standard_met": 1, "good_condition": 0, "device_needs_met": Fraction(1, 2)}},
        weights,
    )
    assert card.aspect(rules.EQUIPMENT).score == Decimal("50.0")


def test_unknown_parts_and_shares_out_of_range_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown parts"):
        rules.scorecard({rules.SKILLS: {"typing_speed": Fraction(1)}})
    with pytest.raises(ValueError, match=r"0\.\.1"):
        rules.as_fraction(1.2)
    with pytest.raises(ValueError, match="a share needs"):
        rules.ratio(5, 4)


def test_equipment_facts_known_answer() -> None:
    facts = rules.EquipmentFacts(
        standard_met_share=0.75, good_condition_share=0.9, unmet_device_needs=1, device_needs_total=4
    )
    shares = rules.equipment_shares(facts)
    assert shares == {
        "standard_met": Fraction(3, 4),
        "good_condition": Fraction(9, 10),
        "device_needs_met": Fraction(3, 4),
    }
    # 50 x 0.75 + 25 x 0.9 + 25 x 0.75 = 78.75 -> 78.8
    assert rules.aspect_result(rules.EQUIPMENT, shares).score == Decimal("78.8")


def test_equipment_without_needs_or_module_data_says_no_data() -> None:
    facts = rules.EquipmentFacts(
        standard_met_share=None, good_condition_share=1.0, unmet_device_needs=0, device_needs_total=0
    )
    shares = rules.equipment_shares(facts)
    assert shares["standard_met"] is None
    assert shares["device_needs_met"] is None
    assert rules.aspect_result(rules.EQUIPMENT, shares).score == Decimal("100.0")
    assert rules.equipment_shares(None) == {}
    assert rules.aspect_result(rules.EQUIPMENT, {}).score is None


def test_skills_known_answer_and_missing_workforce() -> None:
    facts = rules.SkillsFacts(
        profession_need_met_share=0.5, competency_need_met_share=None, credentials_valid_share=1.0
    )
    shares = rules.skills_shares(facts, training_completed_share=0.25)
    # (30 x 0.5 + 20 x 1 + 20 x 0.25) / 70 = 40 / 70 = 57.142... -> 57.1
    assert rules.aspect_result(rules.SKILLS, shares).score == Decimal("57.1")
    only_training = rules.skills_shares(None, training_completed_share=None)
    assert rules.aspect_result(rules.SKILLS, only_training).score is None


def test_attitude_known_answer() -> None:
    facts = rules.AttitudeFacts(
        conduct=rules.ScaleTotal(answered=4, total=14),  # mean 3.5 -> 87.5
        competence=rules.ScaleTotal(answered=2, total=6),  # mean 3 -> 75
        conduct_complaints_due=4,
        conduct_complaints_on_time=3,  # 75
        responses_due=10,
        responses_on_time=9,  # 90
        self_assessment=rules.ScaleTotal(answered=15, total=45),  # mean 3 -> 75
        self_assessment_responses=3,
    )
    shares = rules.attitude_shares(facts)
    # (25 x 87.5 + 25 x 75 + 20 x 75 + 15 x 90 + 15 x 75) / 100 = 80.375 -> 80.4
    assert rules.aspect_result(rules.ATTITUDE, shares).score == Decimal("80.4")


def test_attitude_with_too_few_self_assessments_or_nothing_due() -> None:
    facts = rules.AttitudeFacts(
        conduct=rules.ScaleTotal(),
        competence=rules.ScaleTotal(),
        conduct_complaints_due=0,
        conduct_complaints_on_time=0,
        responses_due=0,
        responses_on_time=0,
        self_assessment=rules.ScaleTotal(answered=10, total=40),
        self_assessment_responses=2,  # under the minimum: not shown
    )
    shares = rules.attitude_shares(facts)
    assert all(value is None for value in shares.values())
    assert rules.aspect_result(rules.ATTITUDE, shares).score is None


def test_self_assessment_answers_are_checked() -> None:
    good = dict.fromkeys(rules.SELF_ASSESSMENT_ITEMS, 3)
    assert rules.check_self_assessment(good) == []
    assert rules.check_self_assessment({**good, "dignity": 5, "listening": True}) == ["listening", "dignity"]
    assert rules.check_self_assessment({}) == list(rules.SELF_ASSESSMENT_ITEMS)


def test_score_change() -> None:
    assert rules.score_change(Decimal("70.5"), Decimal("65.0")) == Decimal("5.5")
    assert rules.score_change(None, Decimal("65.0")) is None
