"""Small-cell suppression: primary (<5) and complementary cells, proved by linear algebra."""

from __future__ import annotations

import random
from fractions import Fraction

import pytest

from sentra.insights.rules.suppression import display, suppress_list, suppress_table


def _determined_cells(table: list[list[int]], result: object) -> set[tuple[int, int]]:
    """Hidden cells whose value follows from the shown values by the row/column equations alone."""
    rows, columns = len(table), len(table[0])
    full = [[*row, sum(row)] for row in table]
    full.append([sum(table[i][j] for i in range(rows)) for j in range(columns)] + [sum(map(sum, table))])
    shown = [[*r, t] for r, t in zip(result.cells, result.row_totals, strict=True)]  # type: ignore[attr-defined]
    shown.append([*result.column_totals, result.grand_total])  # type: ignore[attr-defined]
    unknowns = [(i, j) for i in range(rows + 1) for j in range(columns + 1) if shown[i][j] is None]
    index = {position: k for k, position in enumerate(unknowns)}
    equations: list[list[Fraction]] = []
    lines = [[(i, j) for j in range(columns + 1)] for i in range(rows + 1)]
    lines += [[(i, j) for i in range(rows + 1)] for j in range(columns + 1)]
    for line in lines:
        # Row: sum of the cells minus the margin is zero.
        coefficients = [Fraction(0)] * len(unknowns)
        margin = line[-1]
        for position in line:
            sign = -1 if position == margin else 1
            if position in index:
                coefficients[index[position]] += sign
        if any(coefficients):
            equations.append(coefficients)
    # A hidden cell is determined when its unit vector lies in the row space of the equations.
    determined = set()
    rank = _rank(equations)
    for position, k in index.items():
        unit = [Fraction(0)] * len(unknowns)
        unit[k] = Fraction(1)
        if _rank([*equations, unit]) == rank:
            determined.add(position)
    assert all(full[i][j] >= 0 for i, j in unknowns)
    return determined


def _rank(matrix: list[list[Fraction]]) -> int:
    rows = [row[:] for row in matrix]
    rank = 0
    columns = len(rows[0]) if rows else 0
    for column in range(columns):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column] != 0:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank], strict=True)]
        rank += 1
    return rank


def test_cells_under_five_are_hidden_and_shown_as_less_than_five() -> None:
    result = suppress_table([[12, 3], [20, 30]])
    assert result.cells[0][1] is None
    assert display(result.cells[0][1]) == "<5"
    assert display(result.cells[1][1]) in ("30", "<5")


def test_a_lone_hidden_cell_gets_complementary_partners() -> None:
    # Row 0: 12 + 3 = 15 would give the 3 away; column 1: 3 + 30 = 33 too.
    result = suppress_table([[12, 3], [20, 30]])
    hidden_row0 = [v for v in result.cells[0] if v is None] + [v for v in [result.row_totals[0]] if v is None]
    assert len(hidden_row0) >= 2
    column1 = [result.cells[0][1], result.cells[1][1], result.column_totals[1]]
    assert column1.count(None) >= 2


def test_worked_example_centre_by_cluster() -> None:
    table = [[40, 2, 17], [25, 11, 9], [30, 14, 21]]
    result = suppress_table(table)
    assert result.cells[0][1] is None  # the 2
    # The smallest shown partner in row 0 is the 17; in column 1, the 11.
    assert result.cells[0][2] is None
    assert result.cells[1][1] is None
    assert result.grand_total == sum(map(sum, table))
    assert not _determined_cells(table, result)


def test_zero_counts_are_small_too() -> None:
    values, total = suppress_list([0, 10, 12])
    assert values[0] is None
    assert total == 22
    assert values.count(None) == 2  # the 10 hides with it: 22 - 12 would give the 0 away


def test_a_total_under_five_hides_everything_in_its_line() -> None:
    result = suppress_table([[1, 2], [10, 20]])
    assert result.row_totals[0] is None
    assert result.cells[0] == [None, None]


def test_nothing_small_nothing_hidden() -> None:
    result = suppress_table([[10, 20], [30, 40]])
    assert result.cells == [[10, 20], [30, 40]]
    assert result.grand_total == 100


def test_rows_of_different_lengths_are_refused() -> None:
    with pytest.raises(ValueError, match="same number of columns"):
        suppress_table([[1, 2], [3]])


@pytest.mark.parametrize("seed", range(60))
def test_no_hidden_cell_can_be_recomputed_from_what_is_shown(seed: int) -> None:
    generator = random.Random(seed)
    rows, columns = generator.randint(1, 5), generator.randint(1, 5)
    table = [[generator.choice([0, 1, 3, 4, 5, 8, 12, 30, 60]) for _ in range(columns)] for _ in range(rows)]
    result = suppress_table(table)
    for i in range(rows):
        for j in range(columns):
            if table[i][j] < 5:
                assert result.cells[i][j] is None
            elif result.cells[i][j] is not None:
                assert result.cells[i][j] == table[i][j]
    assert not _determined_cells(table, result), (table, result)
