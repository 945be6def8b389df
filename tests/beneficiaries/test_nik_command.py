"""`sentra nik NIK --json`: the exact output shape and the exit codes."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sentra.beneficiaries.management.commands.nik import Command
from tests.factories import region

pytestmark = pytest.mark.django_db

KEYS = {
    "nik",
    "valid",
    "errors",
    "warnings",
    "province_code",
    "regency_code",
    "district_code",
    "birth_date",
    "sex",
    "serial",
}


def run(*args: str) -> tuple[dict, CommandError | None]:
    out = StringIO()
    try:
        call_command("nik", *args, "--json", stdout=out)
    except CommandError as exc:
        return json.loads(out.getvalue()), exc
    return json.loads(out.getvalue()), None


def test_the_dukcapil_example() -> None:
    data, error = run("3602041211870001")
    assert error is None
    assert data == {
        "nik": "3602041211870001",
        "valid": True,
        "errors": [],
        "warnings": [],
        "province_code": "36",
        "regency_code": "02",
        "district_code": "04",
        "birth_date": "1987-11-12",
        "sex": "M",
        "serial": "0001",
    }


def test_an_invalid_nik_prints_json_and_exits_1() -> None:
    data, error = run("3602044011870000")
    assert error is not None
    assert error.returncode == 1
    assert set(data) == KEYS
    assert data["valid"] is False
    assert data["errors"] == ["day_out_of_range", "serial_0000"]
    assert (data["birth_date"], data["sex"]) == (None, None)


def test_a_woman_born_on_29_february_2000() -> None:
    data, error = run("3171016902000002")
    assert error is None
    assert (data["birth_date"], data["sex"]) == ("2000-02-29", "F")


def test_exit_code_through_the_command_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.core.management import base

    # run_from_argv closes every connection when done; the test's transaction must survive it.
    monkeypatch.setattr(base.connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["sentra", "nik", "1002041211870001", "--json"])  # 10: no province
    assert exited.value.code == 1
    Command().run_from_argv(["sentra", "nik", "1202041211870001", "--json"])  # valid: returns normally


def test_unknown_district_is_a_warning_once_regions_are_loaded() -> None:
    region("36.02.05", "Kecamatan lain")
    data, error = run("3602041211870001")
    assert error is None
    assert data["warnings"] == ["region_not_in_list"]
    region("36.02.04", "Kecamatan 04")
    data, _error = run("3602041211870001")
    assert data["warnings"] == []


def test_human_output_names_the_rules() -> None:
    out = StringIO()
    with pytest.raises(CommandError):
        call_command("nik", "3602043102870001", stdout=out)  # 31 February
    text = out.getvalue()
    assert "not valid" in text
    assert "not form a real calendar date" in text
