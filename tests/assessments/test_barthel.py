"""Barthel Index: every worked example of instruments.md §1, both band schemes labelled by scheme."""

from __future__ import annotations

import pytest

from sentra.assessments.rules import Instrument, Library, score
from tests.assessments.helpers import check_range_and_monotone

ITEMS = (
    "feeding",
    "bathing",
    "grooming",
    "dressing",
    "bowels",
    "bladder",
    "toilet_use",
    "transfers",
    "mobility",
    "stairs",
)


@pytest.fixture(scope="module")
def barthel(library: Library) -> Instrument:
    return library.get("barthel")


def form(barthel: Instrument, default: str = "max", **chosen: int) -> dict[str, int]:
    """Answers by item name; unlisted items get their maximum (or 0 with default="zero")."""
    by_key = {item.key: item for item in barthel.items}
    assert set(chosen) <= set(by_key)
    return {
        item.number: chosen.get(key, item.max_points if default == "max" else 0)
        for key, item in by_key.items()
    }


# answers | total /100 | 0-100 band | total /20 | Indonesian band
WORKED_EXAMPLES = [
    ({}, 100, "independent", 20, "mandiri"),
    ({"default": "zero"}, 0, "total", 0, "ketergantungan_total"),
    ({"bathing": 0}, 95, "slight", 19, "ketergantungan_ringan"),
    ({"bathing": 0, "stairs": 5}, 90, "moderate", 18, "ketergantungan_ringan"),
    ({"bathing": 0, "stairs": 5, "mobility": 10}, 85, "moderate", 17, "ketergantungan_ringan"),
    (
        {"bathing": 0, "grooming": 0, "dressing": 10, "transfers": 10, "mobility": 5, "stairs": 0},
        65,
        "moderate",
        13,
        "ketergantungan_ringan",
    ),
    (
        {"bathing": 0, "grooming": 0, "dressing": 5, "transfers": 10, "mobility": 5, "stairs": 0},
        60,
        "severe",
        12,
        "ketergantungan_ringan",
    ),
    (
        {
            "default": "zero",
            "feeding": 5,
            "dressing": 5,
            "bowels": 10,
            "bladder": 5,
            "toilet_use": 5,
            "transfers": 5,
            "mobility": 5,
        },
        40,
        "severe",
        8,
        "ketergantungan_berat",
    ),
    (
        {"default": "zero", "bowels": 10, "bladder": 10, "grooming": 5},
        25,
        "severe",
        5,
        "ketergantungan_berat",
    ),
    ({"default": "zero", "bowels": 10, "bladder": 10}, 20, "total", 4, "ketergantungan_total"),
]


@pytest.mark.parametrize(("chosen", "total", "band_100", "total_20", "band_20"), WORKED_EXAMPLES)
def test_worked_examples(barthel: Instrument, chosen, total, band_100, total_20, band_20):
    result = score(barthel, form(barthel, **chosen))
    assert result.valid
    assert result.total == total
    assert result.scores["total_20"] == total_20
    assert result.bands == {"bands_0_100": band_100, "indonesia_0_20": band_20}
    assert result.band == band_100
    assert result.band_scheme == "bands_0_100"


def test_at_60_the_schemes_disagree_and_each_band_names_its_scheme(barthel: Instrument):
    result = score(
        barthel, form(barthel, bathing=0, grooming=0, dressing=5, transfers=10, mobility=5, stairs=0)
    )
    labels = {scheme: band.label["en"] for scheme, band in result.band_info.items() if band}
    assert labels == {"bands_0_100": "Severe dependency", "indonesia_0_20": "Mild dependency"}
    assert barthel.scheme("indonesia_0_20").label["en"].startswith("Indonesian 0-20")
    assert barthel.scheme("bands_0_100").label["en"].startswith("0-100")


def test_an_option_the_item_does_not_have_is_refused(barthel: Instrument):
    answers = form(barthel)
    answers["2"] = 10  # bathing is 0 or 5
    answers["9"] = 7  # not a multiple of 5
    result = score(barthel, answers)
    assert not result.valid
    assert [(p.item, p.code) for p in result.problems] == [("2", "not_allowed"), ("9", "not_allowed")]
    assert result.problems[0].message.endswith("allowed answers are 0, 5.")


def test_an_incomplete_form_is_not_totalled(barthel: Instrument):
    answers = form(barthel)
    del answers["4"]
    result = score(barthel, answers)
    assert not result.valid
    assert result.total is None
    assert result.scores == {"total": None, "total_20": None}
    assert [(p.item, p.code) for p in result.problems] == [("4", "unanswered")]


def test_totals_in_range_and_monotone(barthel: Instrument):
    check_range_and_monotone(barthel)
