"""Minimum sample sizes from Krejcie & Morgan (1970), as the reference table lists them."""

from __future__ import annotations

import pytest

from sentra.quality.rules.ikm import KREJCIE_MORGAN_TABLE, krejcie_morgan_minimum

# domain-indonesia.md §2.6, copied from the reference as text so the test does not read the code's table.
REFERENCE = (
    "10→10, 15→14, 20→19, 25→24, 30→28, 35→32, 40→36, 45→40, 50→44, 55→48, 60→52, 65→56, 70→59, "
    "75→63, 80→66, 85→70, 90→73, 95→76, 100→80, 110→86, 120→92, 130→97, 140→103, 150→108, 160→113, "
    "170→118, 180→123, 190→127, 200→132, 210→136, 220→140, 230→144, 240→148, 250→152, 260→155, "
    "270→159, 280→162, 290→165, 300→169, 320→175, 340→181, 360→186, 380→191, 400→196, 420→201, "
    "440→205, 460→210, 480→214, 500→217, 550→226, 600→234, 650→242, 700→248, 750→254, 800→260, "
    "850→265, 900→269, 950→274, 1000→278, 1100→285, 1200→291, 1300→297, 1400→302, 1500→306, "
    "1600→310, 1700→313, 1800→317, 1900→320, 2000→322, 2200→327, 2400→331, 2600→335, 2800→338, "
    "3000→341, 3500→346, 4000→351, 4500→354, 5000→357, 6000→361, 7000→364, 8000→367, 9000→368, "
    "10000→370, 15000→375, 20000→377, 30000→379, 40000→380, 50000→381, 75000→382, 1000000→384"
)
ROWS = [tuple(int(part) for part in pair.split("→")) for pair in REFERENCE.split(", ")]


def test_the_reference_has_ninety_rows_and_the_code_holds_them_all() -> None:
    assert len(ROWS) == 90
    assert list(KREJCIE_MORGAN_TABLE) == ROWS


@pytest.mark.parametrize(("population", "sample"), ROWS)
def test_every_table_row(population: int, sample: int) -> None:
    assert krejcie_morgan_minimum(population) == sample


def test_between_rows_the_formula_is_used_and_stays_between_the_neighbours() -> None:
    # N = 1 050 lies between 1 000 -> 278 and 1 100 -> 285; the formula gives 281.42... -> 281.
    assert krejcie_morgan_minimum(1050) == 281
    assert krejcie_morgan_minimum(12) == 12  # 11.7 -> 12 (between 10 -> 10 and 15 -> 14)
    assert krejcie_morgan_minimum(100_000) == 383  # 382.63... -> 383
    previous = 0
    for population in range(1, 20_001):
        sample = krejcie_morgan_minimum(population)
        assert previous <= sample <= population
        previous = sample


def test_small_and_huge_populations() -> None:
    assert krejcie_morgan_minimum(1) == 1
    assert krejcie_morgan_minimum(5) == 5  # a census below the first row
    assert krejcie_morgan_minimum(50_000_000) == 384
    with pytest.raises(ValueError, match="at least 1"):
        krejcie_morgan_minimum(0)
