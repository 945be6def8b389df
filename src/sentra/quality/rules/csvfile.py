"""Paper questionnaires as a CSV file: one row per respondent, one column per element (by name).

Values are 1-4; an empty cell means "not answered"; columns other than the nine elements are ignored.
Every problem is reported with its row (the file's line number, the header being row 1) and column.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

from sentra.quality.rules.ikm import ANSWER_MAX, ANSWER_MIN, ELEMENT_NAMES


class CsvProblemKind(StrEnum):
    EMPTY_FILE = "empty_file"
    MISSING_COLUMN = "missing_column"
    DUPLICATE_COLUMN = "duplicate_column"
    OUT_OF_RANGE = "out_of_range"
    NOT_A_NUMBER = "not_a_number"
    NO_RESPONDENTS = "no_respondents"


@dataclass(frozen=True)
class CsvProblem:
    row: int
    column: str
    kind: CsvProblemKind
    value: str = ""


@dataclass
class ParsedCsv:
    rows: list[dict[str, int | None]] = field(default_factory=list)
    problems: list[CsvProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _answer(cell: str) -> int | CsvProblemKind | None:
    text = cell.strip()
    if text == "":
        return None
    if not text.isascii() or not text.isdigit():
        return CsvProblemKind.NOT_A_NUMBER
    value = int(text)
    if not ANSWER_MIN <= value <= ANSWER_MAX:
        return CsvProblemKind.OUT_OF_RANGE
    return value


# Spreadsheet programs write CSV with the list separator of their locale: Excel in an Indonesian
# locale (decimal comma) writes ";", others "," or a tab.
DELIMITERS = (",", ";", "\t")


def detect_delimiter(header_line: str) -> str:
    """The separator that splits the header into the most element names (ties: ","), e.g. ";".

    The nine element names are known, so the header itself says how it is separated; a general
    sniffer (csv.Sniffer) guesses from character frequencies and is fooled by short files.
    """

    def element_columns(delimiter: str) -> int:
        cells = next(csv.reader([header_line], delimiter=delimiter), [])
        return sum(1 for cell in cells if cell.strip().lstrip("\ufeff").lower() in ELEMENT_NAMES)

    return max(DELIMITERS, key=lambda delimiter: (element_columns(delimiter), delimiter == ","))


def parse_answers_csv(lines: Iterable[str], *, delimiter: str = ",") -> ParsedCsv:
    """Read and check a whole file; ``rows`` is only trustworthy when ``problems`` is empty."""
    result = ParsedCsv()
    reader = csv.reader(lines, delimiter=delimiter)
    header = next(reader, None)
    if header is None or not any(cell.strip() for cell in header):
        result.problems.append(CsvProblem(1, "", CsvProblemKind.EMPTY_FILE))
        return result
    names = [cell.strip().lstrip("\ufeff").lower() for cell in header]
    positions: dict[str, int] = {}
    for index, name in enumerate(names):
        if name not in ELEMENT_NAMES:
            continue
        if name in positions:
            result.problems.append(CsvProblem(1, name, CsvProblemKind.DUPLICATE_COLUMN))
        else:
            positions[name] = index
    for name in ELEMENT_NAMES:
        if name not in positions:
            result.problems.append(CsvProblem(1, name, CsvProblemKind.MISSING_COLUMN))
    if result.problems:
        return result
    for record in reader:
        if not record or all(not cell.strip() for cell in record):
            continue
        row_number = reader.line_num
        answers: dict[str, int | None] = {}
        for name in ELEMENT_NAMES:
            index = positions[name]
            cell = record[index] if index < len(record) else ""
            parsed = _answer(cell)
            if isinstance(parsed, CsvProblemKind):
                result.problems.append(CsvProblem(row_number, name, parsed, cell.strip()))
            else:
                answers[name] = parsed
        result.rows.append(answers)
    if not result.rows and not result.problems:
        result.problems.append(CsvProblem(1, "", CsvProblemKind.NO_RESPONDENTS))
    return result
