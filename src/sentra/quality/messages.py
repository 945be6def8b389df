"""Translated messages for problems the pure rules report as codes."""

from __future__ import annotations

from django.utils.translation import gettext as _

from sentra.quality.rules.csvfile import CsvProblem, CsvProblemKind
from sentra.quality.rules.holidays import HolidayProblem, HolidayProblemKind
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


def holiday_problem_message(problem: HolidayProblem) -> str:
    where = problem.where
    if problem.kind is HolidayProblemKind.NOT_JSON:
        return _("The file is not valid JSON.")
    if problem.kind is HolidayProblemKind.NO_YEARS:
        return _('The file must have a "years" object with at least one year.')
    if problem.kind is HolidayProblemKind.BAD_YEAR:
        return _("'{value}' is not a four-digit year.").format(value=problem.value)
    if problem.kind is HolidayProblemKind.BAD_DATE:
        return _("{where}: '{value}' is not a date (YYYY-MM-DD).").format(where=where, value=problem.value)
    if problem.kind is HolidayProblemKind.WRONG_YEAR:
        return _("{where}: {value} is not in that year.").format(where=where, value=problem.value)
    if problem.kind is HolidayProblemKind.BAD_KIND:
        return _("{where}: the kind must be national or collective_leave, not '{value}'.").format(
            where=where, value=problem.value
        )
    if problem.kind is HolidayProblemKind.NO_NAME:
        return _("{where}: the holiday on {value} has no name.").format(where=where, value=problem.value)
    return _("{where}: {value} is listed twice.").format(where=where, value=problem.value)
