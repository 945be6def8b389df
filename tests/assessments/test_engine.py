"""The scoring engine itself: a new instrument is only data, and a broken definition is refused on load."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from sentra.assessments.rules import MESSAGES, DefinitionError, Library, load_library, parse_instrument, score
from sentra.assessments.rules.scoring import resolve_parameters


def toy(**changes: Any) -> dict[str, Any]:
    """A made-up 4-item wellbeing scale: item 2 reverse-scored, one missing item prorated, two schemes."""
    definition: dict[str, Any] = {
        "format": "sentra.instrument/1",
        "code": "toy",
        "version": "1",
        "short_name": "TOY-4",
        "name": {"id": "Skala uji", "en": "Test scale"},
        "domain": "mental_health",
        "instructions": {"id": "Jawab", "en": "Answer"},
        "answer_help": {"id": "0-2", "en": "0-2"},
        "option_sets": {
            "often": [
                {"value": 0, "points": 0, "label": {"id": "Tidak", "en": "Never"}},
                {"value": 1, "points": 1, "label": {"id": "Kadang", "en": "Sometimes"}},
                {"value": 2, "points": 2, "label": {"id": "Sering", "en": "Often"}},
            ]
        },
        "items": [
            {"number": "1", "key": "sad", "text": {"id": "Sedih", "en": "Sad"}, "options": "often"},
            {
                "number": "2",
                "key": "calm",
                "text": {"id": "Tenang", "en": "Calm"},
                "options": "often",
                "reverse": True,
            },
            {"number": "3", "key": "tired", "text": {"id": "Lelah", "en": "Tired"}, "options": "often"},
            {"number": "4", "key": "alone", "text": {"id": "Sendiri", "en": "Alone"}, "options": "often"},
        ],
        "parameters": [
            {
                "code": "cutoff",
                "kind": "integer",
                "default": 5,
                "min": 1,
                "max": 8,
                "label": {"id": "Batas", "en": "Cut-off"},
                "note": {"id": "-", "en": "-"},
            }
        ],
        "scores": [
            {
                "code": "total",
                "label": {"id": "Total", "en": "Total"},
                "items": "*",
                "range": [0, 8],
                "missing": {"rule": "prorate", "max_missing": 1, "rounding": "half_up"},
            }
        ],
        "headline_score": "total",
        "schemes": [
            {
                "code": "level",
                "label": {"id": "Tingkat", "en": "Level"},
                "score": "total",
                "bands": [
                    {"code": "low", "min": 0, "max": 3, "label": {"id": "Rendah", "en": "Low"}},
                    {"code": "high", "min": 4, "max": 8, "label": {"id": "Tinggi", "en": "High"}},
                ],
            },
            {
                "code": "screen",
                "label": {"id": "Skrining", "en": "Screen"},
                "score": "total",
                "bands": [
                    {"code": "negative", "min": 0, "label": {"id": "Negatif", "en": "Negative"}},
                    {"code": "positive", "min": "$cutoff", "label": {"id": "Positif", "en": "Positive"}},
                ],
            },
        ],
        "headline_scheme": "level",
        "flags": [
            {"code": "toy_alone", "label": {"id": "Sendiri", "en": "Alone"}, "when": {"item": "4", "min": 2}}
        ],
        "source": {"citation": "Invented for this test"},
        "licence": {"terms": "Test only"},
    }
    definition.update(changes)
    return definition


def test_a_new_instrument_with_the_same_mechanics_needs_no_code():
    instrument = parse_instrument(toy())
    result = score(instrument, {"1": 2, "2": 0, "3": 2, "4": 2})
    assert (result.total, result.band, result.bands["screen"], result.flags) == (
        8,
        "high",
        "positive",
        ("toy_alone",),
    )
    assert score(instrument, {"1": 0, "2": 2, "3": 0, "4": 0}).total == 0  # item 2 reversed
    prorated = score(instrument, {"1": 1, "2": 1, "3": 1})
    assert (prorated.total, prorated.imputed) == (4, ("4",))
    assert score(instrument, {"1": 1, "2": 1, "3": 1, "4": 1}, {"cutoff": 4}).bands["screen"] == "positive"


def test_a_library_folder_keeps_old_versions_and_serves_the_newest(tmp_path: Path):
    (tmp_path / "toy-v1.json").write_text(json.dumps(toy()))
    (tmp_path / "toy-v2.json").write_text(json.dumps(toy(version="2", short_name="TOY-4b")))
    library: Library = load_library(tmp_path)
    assert library.get("toy").version == "2"
    assert library.get("toy", "1").short_name == "TOY-4"
    assert score(library.get("toy", "1"), {"1": 1, "2": 1, "3": 1, "4": 1}).version == "1"


def broken_bands(bands: list[dict[str, Any]]) -> dict[str, Any]:
    definition = toy()
    definition["schemes"][0]["bands"] = bands
    return definition


def band(code: str, low: int, high: int) -> dict[str, Any]:
    return {"code": code, "min": low, "max": high, "label": {"id": code, "en": code}}


@pytest.mark.parametrize(
    ("definition", "complaint"),
    [
        (broken_bands([band("low", 0, 3), band("high", 5, 8)]), "fall in no band"),
        (broken_bands([band("low", 0, 4), band("high", 4, 8)]), "falls in two bands"),
        (toy(scores=[{**toy()["scores"][0], "range": [0, 9]}]), "states range [0, 9]"),
        (
            toy(flags=[{"code": "x", "label": {"id": "x", "en": "x"}, "when": {"item": "7", "min": 1}}]),
            "unknown item",
        ),
        (
            toy(
                flags=[{"code": "x", "label": {"id": "x", "en": "x"}, "when": {"item": "1", "min": "$nope"}}]
            ),
            "$nope",
        ),
        (toy(source={}), "'source' is required"),
        (toy(headline_score="sum"), "headline_score"),
        (toy(code="Toy"), "lowercase code"),
        (toy(name={"en": "English only"}), "needs text in id and en"),
    ],
)
def test_broken_definitions_are_refused_on_load(definition: dict[str, Any], complaint: str):
    with pytest.raises(DefinitionError, match=r".*") as caught:
        parse_instrument(definition)
    assert complaint in str(caught.value)


def test_an_answer_listed_twice_with_different_points_is_refused():
    definition = toy()
    clash = {"value": 2, "points": 0, "label": {"id": "x", "en": "x"}}
    definition["option_sets"]["often"] = [*copy.deepcopy(definition["option_sets"]["often"]), clash]
    with pytest.raises(DefinitionError, match="two different point values"):
        parse_instrument(definition)


def test_answers_may_be_text_digits_or_whole_floats_but_not_booleans():
    instrument = parse_instrument(toy())
    assert score(instrument, {"1": "2", "2": 0.0, "3": " 1 ", "4": 1}).total == 6
    result = score(instrument, {"1": True, "2": 1.5, "3": [1], "4": "two"})
    assert [(p.item, p.code) for p in result.problems] == [
        ("1", "not_allowed"),
        ("2", "not_allowed"),
        ("3", "not_allowed"),
        ("4", "not_allowed"),
    ]
    assert result.problems[0].message == "Item 1: true is not an allowed answer; allowed answers are 0, 1, 2."


def test_integer_item_keys_are_read_as_item_numbers():
    instrument = parse_instrument(toy())
    assert score(instrument, {1: 1, 2: 1, 3: 1, 4: 1}).total == 4


def test_unknown_items_and_a_non_object_are_named():
    instrument = parse_instrument(toy())
    result = score(instrument, {"1": 1, "2": 1, "3": 1, "4": 1, "5": 1, "x": 0})
    assert [(p.item, p.code, p.field) for p in result.problems] == [
        ("5", "unknown_item", "answers.5"),
        ("x", "unknown_item", "answers.x"),
    ]
    assert result.problems[0].message == "Item 5 does not exist in TOY-4; its items are 1-4."
    listed = score(instrument, [1, 2, 3])
    assert [(p.code, p.field) for p in listed.problems] == [("not_an_object", "answers")]


def test_parameters_given_as_text_are_read_as_numbers():
    instrument = parse_instrument(toy())
    assert resolve_parameters(instrument, {"cutoff": "7"}) == ({"cutoff": 7}, [])
    values, problems = resolve_parameters(instrument, {"cutoff": "seven"})
    assert values == {"cutoff": 5}
    assert problems[0].message == 'Parameter cutoff: "seven" is not allowed; allowed values are 1-8.'


def test_every_problem_code_has_a_message():
    assert set(MESSAGES) == {
        "not_an_object",
        "unknown_item",
        "not_in_form",
        "not_allowed",
        "unanswered",
        "too_many_missing",
        "undetermined",
        "unknown_parameter",
        "bad_parameter",
        "unknown_instrument",
    }
