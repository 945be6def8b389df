"""Small-cell suppression of counts of people shown to national users.

Primary rule (issue 9): any cell counting fewer than ``threshold`` (5) people is not shown ("<5").
Complementary rule: a suppressed value must not be recomputable from what is shown. Every row, every
column and the margins form additive equations (cells + total); an equation with exactly one hidden
member gives that member away, so a second member is hidden too: the smallest value shown in that
equation, a cell before a total. The pass repeats until no equation has exactly one hidden member.
With at least two hidden members in every equation that has any, no hidden cell is determined by the
equations alone (every hidden cell lies on a cycle of hidden cells); bounds from non-negativity can
still narrow a hidden value to a range, which is the accepted residual risk of cell suppression.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

THRESHOLD = 5


def is_small(value: int, threshold: int = THRESHOLD) -> bool:
    """Fewer than ``threshold`` people, zero included: the issue says any cell under 5."""
    return value < threshold


@dataclass(frozen=True)
class SuppressedTable:
    """A table of counts with its margins; ``None`` marks a hidden value."""

    cells: list[list[int | None]]
    row_totals: list[int | None]
    column_totals: list[int | None]
    grand_total: int | None


def _equations(rows: int, columns: int) -> list[list[tuple[int, int]]]:
    """Positions in the (rows+1) x (columns+1) table whose members add up: the last index is the margin."""
    equations: list[list[tuple[int, int]]] = []
    for i in range(rows + 1):
        equations.append([(i, j) for j in range(columns + 1)])
    for j in range(columns + 1):
        equations.append([(i, j) for i in range(rows + 1)])
    return equations


def suppress_table(table: Sequence[Sequence[int]], *, threshold: int = THRESHOLD) -> SuppressedTable:
    rows = len(table)
    columns = len(table[0]) if rows else 0
    if any(len(row) != columns for row in table):
        raise ValueError("every row needs the same number of columns")
    full = [[*row, sum(row)] for row in table]
    full.append([sum(table[i][j] for i in range(rows)) for j in range(columns)] + [sum(map(sum, table))])
    hidden = {(i, j) for i in range(rows + 1) for j in range(columns + 1) if is_small(full[i][j], threshold)}
    equations = _equations(rows, columns)
    changed = True
    while changed:
        changed = False
        for members in equations:
            hidden_here = [position for position in members if position in hidden]
            if len(hidden_here) != 1:
                continue
            shown = [position for position in members if position not in hidden]
            if not shown:
                continue
            # Prefer an inner cell over a margin, then the smallest value: the least information lost.
            choice = min(shown, key=lambda p: (p[0] == rows or p[1] == columns, full[p[0]][p[1]], p))
            hidden.add(choice)
            changed = True

    def value(i: int, j: int) -> int | None:
        return None if (i, j) in hidden else full[i][j]

    return SuppressedTable(
        cells=[[value(i, j) for j in range(columns)] for i in range(rows)],
        row_totals=[value(i, columns) for i in range(rows)],
        column_totals=[value(rows, j) for j in range(columns)],
        grand_total=value(rows, columns),
    )


def suppress_list(
    values: Sequence[int], *, threshold: int = THRESHOLD
) -> tuple[list[int | None], int | None]:
    """A single column of counts and its total (e.g. one figure per centre, summed nationally)."""
    result = suppress_table([[value] for value in values], threshold=threshold)
    return [row[0] for row in result.cells], result.grand_total


def display(value: int | None, threshold: int = THRESHOLD) -> str:
    return f"<{threshold}" if value is None else str(value)
