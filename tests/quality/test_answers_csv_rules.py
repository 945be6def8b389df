"""Reading paper questionnaires from CSV: every problem named by row and column (quality/rules/csvfile.py)."""

from __future__ import annotations

from sentra.quality.rules.csvfile import CsvProblemKind, parse_answers_csv

HEADER = "no,persyaratan,prosedur,waktu,biaya,produk,kompetensi,perilaku,pengaduan,sarana,catatan"


def parse(text: str):
    return parse_answers_csv(text.splitlines())


def test_a_good_file_with_empty_answers_and_extra_columns() -> None:
    parsed = parse(f"{HEADER}\n1,3,3,2,,4,4,4,3,3,ok\n2,4,3,3,4,4,3,4,2,,\n")
    assert parsed.ok
    assert len(parsed.rows) == 2
    assert parsed.rows[0]["biaya"] is None
    assert parsed.rows[1]["sarana"] is None
    assert parsed.rows[1]["persyaratan"] == 4


def test_columns_may_come_in_any_order_and_case_with_a_byte_order_mark() -> None:
    header = "\ufeffSarana,Pengaduan,Perilaku,Kompetensi,Produk,Biaya,Waktu,Prosedur,Persyaratan"
    parsed = parse(f"{header}\n1,2,3,4,1,2,3,4,1\n")
    assert parsed.ok
    assert parsed.rows[0]["sarana"] == 1
    assert parsed.rows[0]["persyaratan"] == 1
    assert parsed.rows[0]["kompetensi"] == 4


def test_a_value_outside_one_to_four_names_row_and_column() -> None:
    parsed = parse(f"{HEADER}\n1,3,3,3,3,3,3,3,3,3,\n2,3,3,5,3,3,3,3,3,3,\n3,3,3,3,x,3,3,0,3,3,\n")
    assert [(problem.row, problem.column, problem.kind) for problem in parsed.problems] == [
        (3, "waktu", CsvProblemKind.OUT_OF_RANGE),
        (4, "biaya", CsvProblemKind.NOT_A_NUMBER),
        (4, "perilaku", CsvProblemKind.OUT_OF_RANGE),
    ]


def test_decimals_and_signs_are_not_answers() -> None:
    parsed = parse(f"{HEADER}\n1,3.0,+3,-1,3,3,3,3,3,3,\n")
    assert [problem.column for problem in parsed.problems] == ["persyaratan", "prosedur", "waktu"]


def test_a_missing_element_column_is_named() -> None:
    parsed = parse("persyaratan,prosedur,waktu,biaya,produk,kompetensi,perilaku,sarana\n3,3,3,3,3,3,3,3\n")
    assert [(problem.row, problem.column, problem.kind) for problem in parsed.problems] == [
        (1, "pengaduan", CsvProblemKind.MISSING_COLUMN)
    ]


def test_empty_files_and_files_without_respondents() -> None:
    assert parse("").problems[0].kind == CsvProblemKind.EMPTY_FILE
    assert parse(f"{HEADER}\n\n").problems[0].kind == CsvProblemKind.NO_RESPONDENTS


def test_a_duplicated_column_is_refused() -> None:
    parsed = parse(f"{HEADER},waktu\n1,3,3,3,3,3,3,3,3,3,,3\n")
    assert [(problem.column, problem.kind) for problem in parsed.problems] == [
        ("waktu", CsvProblemKind.DUPLICATE_COLUMN)
    ]
