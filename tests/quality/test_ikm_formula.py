"""The IKM formula of PermenPANRB 14/2017 on hand-computed data sets (quality/rules/ikm.py)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from sentra.quality.rules.ikm import (
    ELEMENT_NAMES,
    GRADES,
    ElementTotal,
    compute,
    compute_from_totals,
    grade_for,
    round_half_up,
)


def rows_with(counts: dict[int, int]) -> list[dict[str, int | None]]:
    """Respondents answering all nine elements, spreading ``{value: how many answers}`` over them.

    The answers fill the 9-column grid row by row; only the total per element value matters for a
    data set where every element is answered by everyone, because then IKM = 25 x S / (9 n).
    """
    values = [value for value, count in sorted(counts.items()) for _ in range(count)]
    assert len(values) % 9 == 0
    return [
        dict(zip(ELEMENT_NAMES, values[index : index + 9], strict=True)) for index in range(0, len(values), 9)
    ]


def test_a_small_survey_by_hand() -> None:
    # Four respondents. Per element sums and NRR (sum / 4):
    # persyaratan 3+4+3+2=12 -> 3.00, prosedur 3+3+3+3=12 -> 3.00, waktu 2+3+2+2=9 -> 2.25,
    # biaya 4+4+4+4=16 -> 4.00, produk 3+3+4+3=13 -> 3.25, kompetensi 4+4+3+3=14 -> 3.50,
    # perilaku 4+4+4+3=15 -> 3.75, pengaduan 2+3+3+2=10 -> 2.50, sarana 3+3+2+3=11 -> 2.75.
    # Sum of NRR = 28.00; IKM unit = 28/9 = 3.1111; x 25 = 77.777... -> 77.78, grade B.
    columns = {
        "persyaratan": (3, 4, 3, 2),
        "prosedur": (3, 3, 3, 3),
        "waktu": (2, 3, 2, 2),
        "biaya": (4, 4, 4, 4),
        "produk": (3, 3, 4, 3),
        "kompetensi": (4, 4, 3, 3),
        "perilaku": (4, 4, 4, 3),
        "pengaduan": (2, 3, 3, 2),
        "sarana": (3, 3, 2, 3),
    }
    rows = [{name: values[index] for name, values in columns.items()} for index in range(4)]
    result = compute(rows)
    assert result.respondents == 4
    assert result.elements["waktu"].nrr == Fraction(9, 4)
    assert result.elements["pengaduan"].nrr_rounded == Decimal("2.5000")
    assert result.ikm_unit == Fraction(28, 9)
    assert result.ikm_unit_rounded == Decimal("3.1111")
    assert result.ikm == Decimal("77.78")
    assert result.grade is not None
    assert result.grade.letter == "B"
    assert [element.name for element in result.weakest(2)] == ["waktu", "pengaduan"]


def test_the_weight_is_exactly_one_ninth_not_0_111() -> None:
    result = compute([dict.fromkeys(ELEMENT_NAMES, 4)])
    assert result.ikm_unit == 4
    assert result.ikm == Decimal("100.00")  # with 0.111 it would be 99.90
    assert result.grade is not None
    assert result.grade.letter == "A"


def test_an_element_nobody_answered_is_left_out_of_the_mean() -> None:
    # Three respondents; nobody answered biaya (e.g. the service is free and the question was skipped),
    # and one respondent skipped sarana. NRR: persyaratan (4+4+3)/3 = 11/3, prosedur 3, waktu 3,
    # produk 3, kompetensi 4, perilaku 4, pengaduan (2+2+2)/3 = 2, sarana (4+3)/2 = 7/2.
    # Eight answered elements: sum = 11/3 + 3 + 3 + 3 + 4 + 4 + 2 + 7/2 = 22/6 + 114/6 + 21/6 = 157/6.
    # IKM unit = 157/48 = 3.270833...; x 25 = 81.7708... -> 81.77, grade B.
    rows: list[dict[str, int | None]] = [
        {"persyaratan": 4, "prosedur": 3, "waktu": 3, "biaya": None, "produk": 3,
         "kompetensi": 4, "perilaku": 4, "pengaduan": 2, "sarana": 4},
        {"persyaratan": 4, "prosedur": 3, "waktu": 3, "biaya": None, "produk": 3,
         "kompetensi": 4, "perilaku": 4, "pengaduan": 2, "sarana": None},
        {"persyaratan": 3, "prosedur": 3, "waktu": 3, "biaya": None, "produk": 3,
         "kompetensi": 4, "perilaku": 4, "pengaduan": 2, "sarana": 3},
    ]  # fmt: skip
    result = compute(rows)
    assert result.elements["biaya"].answered == 0
    assert result.elements["biaya"].nrr is None
    assert result.elements["sarana"].answered == 2
    assert result.elements_answered == 8
    assert result.ikm_unit == Fraction(157, 48)
    assert result.ikm_unit_rounded == Decimal("3.2708")
    assert result.ikm == Decimal("81.77")
    assert result.grade is not None
    assert result.grade.letter == "B"
    assert "biaya" not in [element.name for element in result.weakest(9)]


def test_it_is_the_mean_of_element_averages_not_the_pooled_mean() -> None:
    # persyaratan answered 4 by one respondent; prosedur answered 1 by three respondents.
    # Element means: 4 and 1 -> IKM unit 5/2. A pooled mean would give (4 + 1 + 1 + 1) / 4 = 7/4.
    rows: list[dict[str, int | None]] = [
        {"persyaratan": 4, "prosedur": 1},
        {"prosedur": 1},
        {"prosedur": 1},
    ]
    result = compute(rows)
    assert result.ikm_unit == Fraction(5, 2)
    assert result.ikm == Decimal("62.50")
    assert result.grade is not None
    assert result.grade.letter == "D"


def test_no_answers_gives_no_index() -> None:
    result = compute([{}, {}])
    assert result.respondents == 2
    assert result.ikm_unit is None
    assert result.ikm is None
    assert result.grade is None


@pytest.mark.parametrize(
    ("counts", "respondents", "raw", "rounded", "letter"),
    [
        # 43 respondents x 9 = 387 answers: 206 fours + 181 threes, S = 1367.
        # 25 x 1367 / 387 = 88.3075... -> 88.31: grade A although the raw value is below 88.31.
        ({4: 206, 3: 181}, 43, Fraction(25 * 1367, 387), "88.31", "A"),
        # 19 respondents x 9 = 171 answers: 91 fours + 80 threes, S = 604.
        # 25 x 604 / 171 = 88.3040... -> 88.30: grade B, one hundredth short of A.
        ({4: 91, 3: 80}, 19, Fraction(25 * 604, 171), "88.30", "B"),
        # 19 respondents: 11 fours + 160 threes, S = 524. 25 x 524 / 171 = 76.6081... -> 76.61: B.
        ({4: 11, 3: 160}, 19, Fraction(25 * 524, 171), "76.61", "B"),
        # 5 respondents x 9 = 45 answers: 27 threes + 18 twos, S = 117. 25 x 117 / 45 = 65 exactly: C.
        ({3: 27, 2: 18}, 5, Fraction(65), "65.00", "C"),
        # 38 respondents x 9 = 342 answers: 205 threes + 137 twos, S = 889.
        # 25 x 889 / 342 = 64.9853... -> 64.99: grade D.
        ({3: 205, 2: 137}, 38, Fraction(25 * 889, 342), "64.99", "D"),
    ],
)
def test_values_on_the_grade_boundaries(counts, respondents, raw, rounded, letter) -> None:
    result = compute(rows_with(counts))
    assert result.respondents == respondents
    assert result.ikm_unit is not None
    assert result.ikm_unit * 25 == raw
    assert result.ikm == Decimal(rounded)
    assert result.grade is not None
    assert result.grade.letter == letter


def test_the_rounding_is_half_up_like_a_spreadsheet_not_half_to_even() -> None:
    assert round_half_up(Fraction("88.305"), 2) == Decimal("88.31")  # round() would give 88.30
    assert round_half_up(Fraction("76.605"), 2) == Decimal("76.61")
    assert round_half_up(Fraction("64.995"), 2) == Decimal("65.00")
    assert round_half_up(Fraction("64.9949999"), 2) == Decimal("64.99")
    assert round_half_up(Fraction("2.15"), 1) == Decimal("2.2")
    assert round_half_up(Fraction("-1.475"), 2) == Decimal("-1.48")
    assert round_half_up(Fraction(2, 3), 4) == Decimal("0.6667")
    assert round_half_up(Fraction("384.5"), 0) == Decimal("385")


@pytest.mark.parametrize(
    ("value", "letter", "label"),
    [
        ("100.00", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("88.30", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("65.00", "C", "Kurang Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("25.00", "D", "Tidak Baik"),
    ],
)
def test_the_2017_grade_table(value: str, letter: str, label: str) -> None:
    grade = grade_for(Decimal(value))
    assert (grade.letter, grade.label_id) == (letter, label)


def test_never_the_pre_2017_intervals() -> None:
    # Under KEP/25/2004, 81.76 was an A; under PermenPANRB 14/2017 it is a B.
    assert grade_for(Decimal("81.76")).letter == "B"
    assert [grade.threshold for grade in GRADES[:3]] == [Decimal("88.31"), Decimal("76.61"), Decimal("65.00")]


def test_totals_from_the_database_give_the_same_result() -> None:
    totals = {name: ElementTotal(answered=4, total=12) for name in ELEMENT_NAMES}
    result = compute_from_totals(totals, respondents=4)
    assert result.ikm == Decimal("75.00")
    assert result.grade is not None
    assert result.grade.letter == "C"


@pytest.mark.parametrize(
    "bad",
    [
        {"persyaratan": 5},
        {"persyaratan": 0},
        {"persyaratan": True},
        {"persyaratan": 2.5},
        {"persyaratan": "3"},
    ],
)
def test_answers_outside_one_to_four_are_refused(bad) -> None:
    with pytest.raises(ValueError, match="persyaratan"):
        compute([bad])


def test_impossible_totals_are_refused() -> None:
    with pytest.raises(ValueError, match="impossible"):
        ElementTotal(answered=2, total=9)
    with pytest.raises(ValueError, match="unknown survey elements"):
        compute_from_totals({"u1": ElementTotal(1, 3)}, respondents=1)
    with pytest.raises(ValueError, match="respondents"):
        compute_from_totals({"waktu": ElementTotal(3, 9)}, respondents=2)
