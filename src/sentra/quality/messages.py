"""Translated messages for problems the pure rules report as codes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sentra.quality.rules.csvfile import CsvProblem, CsvProblemKind
from sentra.quality.rules.ikm import ANSWER_MAX, ANSWER_MIN


def csv_problem_message(problem: CsvProblem) -> str:
    if problem.kind is CsvProblemKind.EMPTY_FILE:
        return _("Row 1: the file is empty; the first row must name the element columns.")
    if problem.kind is CsvProblemKind.NO_RESPONDENTS:
        return _("The file has a header but no respondent rows.")
    if problem.kind is CsvProblemKind.MISSING_COLUMN:
        return _("Row {row}, column {column}: the element column is missing from the header.").format(
            row=problem.row, column=problem.column
        )
    if problem.kind is CsvProblemKind.DUPLICATE_COLUMN:
        return _("Row {row}, column {column}: the column appears more than once.").format(
            row=problem.row, column=problem.column
        )
    return _(
        "Row {row}, column {column}: '{value}' is not allowed; use a whole number from {min} to {max}, "
        "or leave the cell empty."
    ).format(row=problem.row, column=problem.column, value=problem.value, min=ANSWER_MIN, max=ANSWER_MAX)
