"""The Indeks Kepuasan Masyarakat (IKM) of PermenPANRB 14/2017, computed exactly.

Sources: ``shared/reference/domain-indonesia.md`` §2 (elements, answer scale, formula, grade table,
Krejcie-Morgan sample sizes).

* Elements are keyed by **name**, never by U-number: the regulation's scope list and its sample
  questionnaire order the last two elements differently (§2.2).
* NRR per element = the mean of the filled answers of that element (empty answers are left out).
* IKM on the 1-4 scale = the mean of the element NRRs over the elements that have answers, which is
  Σ NRR x 1/9 when all nine do. The weight is the exact fraction 1/9, not the printed 0,111 (with
  0,111 a unit that scores 4 everywhere would get 99,9 instead of 100).
* IKM on the 25-100 scale = IKM x 25, rounded once, at the end, to 2 decimals **half up** (half away
  from zero), the way the customary spreadsheets round: Excel's ROUND gives ``ROUND(2.15, 1) = 2.2`` and
  ``ROUND(-1.475, 2) = -1.48`` (https://support.microsoft.com/en-au/office/round-function-b5e7cff8-5e61-4172-82f6-86308e403748).
  Python's ``round()`` rounds half to even, which would turn 88,305 into 88,30 (grade B) instead of
  88,31 (grade A), so it is never used here.
* The grade is read from the **rounded** value with closed lower bounds: ≥ 88,31 A, ≥ 76,61 B,
  ≥ 65,00 C, else D (the 2017 table; never the pre-2017 intervals of KEP/25/2004 and 16/2014).

Arithmetic is done with ``fractions.Fraction``; only the published figures become ``Decimal``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

# The nine elements (unsur) in the regulation's scope order; keys everywhere are these names.
ELEMENT_NAMES: tuple[str, ...] = (
    "persyaratan",
    "prosedur",
    "waktu",
    "biaya",
    "produk",
    "kompetensi",
    "perilaku",
    "pengaduan",
    "sarana",
)
ANSWER_MIN = 1
ANSWER_MAX = 4
CONVERSION_BASE = 25  # IKM unit pelayanan = IKM x 25
IKM_DECIMALS = 2
UNIT_DECIMALS = 4


@dataclass(frozen=True)
class Grade:
    letter: str
    threshold: Decimal  # the lowest rounded 25-100 value that earns this grade
    label_id: str  # the regulation's wording ("kinerja unit pelayanan")
    label_en: str


# PermenPANRB 14/2017 interval table (domain-indonesia.md §2.5), best grade first.
GRADES: tuple[Grade, ...] = (
    Grade("A", Decimal("88.31"), "Sangat Baik", "Very good"),
    Grade("B", Decimal("76.61"), "Baik", "Good"),
    Grade("C", Decimal("65.00"), "Kurang Baik", "Poor"),
    Grade("D", Decimal("25.00"), "Tidak Baik", "Very poor"),
)
GRADE_BY_LETTER = {grade.letter: grade for grade in GRADES}


def round_half_up(value: Fraction, places: int) -> Decimal:
    """Round an exact fraction to ``places`` decimals, halves away from zero (spreadsheet ROUND)."""
    scaled = abs(value) * 10**places
    whole, remainder = divmod(scaled.numerator, scaled.denominator)
    if 2 * remainder >= scaled.denominator:
        whole += 1
    sign = -1 if value < 0 else 1
    return Decimal(sign * whole).scaleb(-places).quantize(Decimal(1).scaleb(-places))


def grade_for(ikm: Decimal) -> Grade:
    """The grade of an IKM already rounded to 2 decimals on the 25-100 scale."""
    for grade in GRADES[:-1]:
        if ikm >= grade.threshold:
            return grade
    return GRADES[-1]


def is_valid_answer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and ANSWER_MIN <= value <= ANSWER_MAX


@dataclass(frozen=True)
class ElementTotal:
    """What the database (or a file) says about one element: how many answered and their sum."""

    answered: int = 0
    total: int = 0

    def __post_init__(self) -> None:
        if self.answered < 0 or self.total < 0:
            raise ValueError("answered and total cannot be negative")
        if not (ANSWER_MIN * self.answered <= self.total <= ANSWER_MAX * self.answered):
            raise ValueError(
                f"a sum of {self.total} is impossible for {self.answered} answers between "
                f"{ANSWER_MIN} and {ANSWER_MAX}"
            )

    @property
    def nrr(self) -> Fraction | None:
        """Nilai rata-rata: the mean of the filled answers, or None when nobody answered."""
        return Fraction(self.total, self.answered) if self.answered else None


@dataclass(frozen=True)
class ElementResult:
    name: str
    answered: int
    total: int
    nrr: Fraction | None

    @property
    def nrr_rounded(self) -> Decimal | None:
        return round_half_up(self.nrr, UNIT_DECIMALS) if self.nrr is not None else None

    @property
    def ikm(self) -> Decimal | None:
        """This element's value on the 25-100 scale (NRR x 25, 2 decimals)."""
        return round_half_up(self.nrr * CONVERSION_BASE, IKM_DECIMALS) if self.nrr is not None else None


@dataclass(frozen=True)
class IkmResult:
    respondents: int
    elements: dict[str, ElementResult] = field(default_factory=dict)
    ikm_unit: Fraction | None = None  # exact, 1-4 scale

    @property
    def has_answers(self) -> bool:
        return self.ikm_unit is not None

    @property
    def elements_answered(self) -> int:
        return sum(1 for element in self.elements.values() if element.nrr is not None)

    @property
    def ikm_unit_rounded(self) -> Decimal | None:
        return round_half_up(self.ikm_unit, UNIT_DECIMALS) if self.ikm_unit is not None else None

    @property
    def ikm(self) -> Decimal | None:
        """IKM unit pelayanan on the 25-100 scale, rounded half up to 2 decimals."""
        if self.ikm_unit is None:
            return None
        return round_half_up(self.ikm_unit * CONVERSION_BASE, IKM_DECIMALS)

    @property
    def grade(self) -> Grade | None:
        ikm = self.ikm
        return grade_for(ikm) if ikm is not None else None

    def weakest(self, count: int = 3) -> list[ElementResult]:
        """The answered elements with the lowest NRR, lowest first (regulation order breaks ties)."""
        answered = [element for element in self.elements.values() if element.nrr is not None]
        order = {name: index for index, name in enumerate(ELEMENT_NAMES)}
        answered.sort(key=lambda element: (element.nrr, order[element.name]))
        return answered[:count]


def compute_from_totals(totals: Mapping[str, ElementTotal], *, respondents: int) -> IkmResult:
    """The IKM from per-element counts and sums (e.g. one SUM/COUNT query in the database)."""
    unknown = set(totals) - set(ELEMENT_NAMES)
    if unknown:
        raise ValueError(f"unknown survey elements: {', '.join(sorted(unknown))}")
    if respondents < 0:
        raise ValueError("respondents cannot be negative")
    elements: dict[str, ElementResult] = {}
    for name in ELEMENT_NAMES:
        element_total = totals.get(name, ElementTotal())
        if element_total.answered > respondents:
            raise ValueError(f"{name}: {element_total.answered} answers from {respondents} respondents")
        elements[name] = ElementResult(
            name=name, answered=element_total.answered, total=element_total.total, nrr=element_total.nrr
        )
    nrrs = [element.nrr for element in elements.values() if element.nrr is not None]
    ikm_unit = sum(nrrs, Fraction(0)) / len(nrrs) if nrrs else None
    return IkmResult(respondents=respondents, elements=elements, ikm_unit=ikm_unit)


def totals_from_answers(rows: Iterable[Mapping[str, int | None]]) -> tuple[dict[str, ElementTotal], int]:
    """Per-element totals and the number of respondents from answer rows (``None`` = not answered)."""
    answered = dict.fromkeys(ELEMENT_NAMES, 0)
    total = dict.fromkeys(ELEMENT_NAMES, 0)
    respondents = 0
    for row in rows:
        respondents += 1
        for name in ELEMENT_NAMES:
            value = row.get(name)
            if value is None:
                continue
            if not is_valid_answer(value):
                raise ValueError(f"{name}: {value!r} is not an answer from {ANSWER_MIN} to {ANSWER_MAX}")
            answered[name] += 1
            total[name] += value
    return {name: ElementTotal(answered[name], total[name]) for name in ELEMENT_NAMES}, respondents


def compute(rows: Iterable[Mapping[str, int | None]]) -> IkmResult:
    totals, respondents = totals_from_answers(rows)
    return compute_from_totals(totals, respondents=respondents)


# --- Sample size: Krejcie & Morgan (1970) ------------------------------------------------------------

# Table 1 of Krejcie, R. V. & Morgan, D. W. (1970), "Determining sample size for research activities",
# Educational and Psychological Measurement 30, 607-610, as listed in domain-indonesia.md §2.6: N → s.
KREJCIE_MORGAN_TABLE: tuple[tuple[int, int], ...] = (
    (10, 10), (15, 14), (20, 19), (25, 24), (30, 28), (35, 32), (40, 36), (45, 40), (50, 44),
    (55, 48), (60, 52), (65, 56), (70, 59), (75, 63), (80, 66), (85, 70), (90, 73), (95, 76),
    (100, 80), (110, 86), (120, 92), (130, 97), (140, 103), (150, 108), (160, 113), (170, 118),
    (180, 123), (190, 127), (200, 132), (210, 136), (220, 140), (230, 144), (240, 148), (250, 152),
    (260, 155), (270, 159), (280, 162), (290, 165), (300, 169), (320, 175), (340, 181), (360, 186),
    (380, 191), (400, 196), (420, 201), (440, 205), (460, 210), (480, 214), (500, 217), (550, 226),
    (600, 234), (650, 242), (700, 248), (750, 254), (800, 260), (850, 265), (900, 269), (950, 274),
    (1000, 278), (1100, 285), (1200, 291), (1300, 297), (1400, 302), (1500, 306), (1600, 310),
    (1700, 313), (1800, 317), (1900, 320), (2000, 322), (2200, 327), (2400, 331), (2600, 335),
    (2800, 338), (3000, 341), (3500, 346), (4000, 351), (4500, 354), (5000, 357), (6000, 361),
    (7000, 364), (8000, 367), (9000, 368), (10000, 370), (15000, 375), (20000, 377), (30000, 379),
    (40000, 380), (50000, 381), (75000, 382), (1000000, 384),
)  # fmt: skip

# s = χ²·N·P(1-P) / (d²·(N-1) + χ²·P(1-P)) with χ² = 3,841 (1 d.f., 95 %), P = 0,5, d = 0,05.
KM_CHI_SQUARE = Fraction("3.841")
KM_PROPORTION = Fraction(1, 2)
KM_MARGIN = Fraction(5, 100)


def krejcie_morgan_exact(population: int) -> Fraction:
    """The Krejcie-Morgan formula before rounding, in exact arithmetic."""
    if population < 1:
        raise ValueError("the population must be at least 1")
    spread = KM_CHI_SQUARE * KM_PROPORTION * (1 - KM_PROPORTION)
    return spread * population / (KM_MARGIN**2 * (population - 1) + spread)


def krejcie_morgan_minimum(population: int) -> int:
    """The minimum number of respondents for a population of service users.

    Every population that Table 1 lists gets the table's value. A population between two rows (the
    table steps by 5, then 10, 20, 50 … and jumps from 75 000 to 1 000 000) gets the formula the table
    was built from (Krejcie & Morgan 1970, p. 607), rounded to the nearest whole number, half up. That
    choice reproduces all 90 rows of the table exactly (tested), so the minimum never jumps at a row
    and grows steadily with the population; it is never larger than the population itself (a census).
    Populations above 1 000 000 keep the table's 384.
    """
    exact = krejcie_morgan_exact(population)
    return min(population, int(round_half_up(exact, 0)))
