"""``sentra score`` and ``sentra instruments``: JSON keys, exit codes, errors naming the item."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

# The active needs rules are read from the database (an administrator may have edited them).
pytestmark = pytest.mark.django_db

PHQ9_MODERATE = {"1": 2, "2": 2, "3": 2, "4": 1, "5": 2, "7": 1, "8": 1, "9": 0}
REQUIRED_KEYS = {
    "instrument",
    "version",
    "valid",
    "errors",
    "total",
    "band",
    "bands",
    "flags",
    "recommendations",
}


def score_json(code: str, answers: Any, *extra: str) -> tuple[dict[str, Any], CommandError | None]:
    out = StringIO()
    raw = answers if isinstance(answers, str) else json.dumps(answers)
    try:
        call_command("score", code, "--answers", raw, "--json", *extra, stdout=out)
    except CommandError as exc:
        return json.loads(out.getvalue()), exc
    return json.loads(out.getvalue()), None


def test_a_scored_submission_prints_the_result_keys():
    data, failure = score_json("phq9", PHQ9_MODERATE)
    assert failure is None
    assert set(data) >= REQUIRED_KEYS
    assert (data["instrument"], data["version"], data["valid"], data["errors"]) == ("phq9", "1", True, [])
    assert (data["total"], data["total_unrounded"], data["imputed"]) == (12, 12.375, ["6"])
    assert data["band"] == "moderate"
    assert data["bands"] == {"severity": "moderate", "diagnostic_algorithm": None}
    assert data["flags"] == []
    assert [r["rule"]["id"] for r in data["recommendations"]] == ["psychosocial-distress"]
    assert data["recommendations"][0]["professions"] == ["psikolog"]


def test_every_scheme_is_reported_by_name():
    answers = {"1": 10, "2": 0, "3": 0, "4": 5, "5": 10, "6": 10, "7": 10, "8": 10, "9": 5, "10": 0}
    data, _ = score_json("barthel", answers)
    assert data["total"] == 60
    assert data["scores"] == {"total": 60, "total_20": 12}
    assert data["bands"] == {"bands_0_100": "severe", "indonesia_0_20": "ketergantungan_ringan"}
    assert data["band_basis"] == {"bands_0_100": "secondary", "indonesia_0_20": "secondary"}


def test_wgss_flags_all_identifiers_and_has_no_total():
    data, failure = score_json("wgss", {"1": 1, "2": 1, "3": 4, "4": 1, "5": 1, "6": 1})
    assert failure is None
    assert data["total"] is None
    assert data["band"] == "with_disability"
    assert {"wgss_disability1", "wgss_disability2", "wgss_disability3", "wgss_disability4"} <= set(
        data["flags"]
    )


def test_parameters_are_passed_and_recorded():
    answers = {str(n): "yes" if n <= 7 else "no" for n in range(1, 21)}
    default, _ = score_json("srq20", answers)
    strict, _ = score_json("srq20", answers, "--param", "cutoff=8")
    assert (default["band"], default["parameters"]) == ("gme_indicated", {"cutoff": 6})
    assert (strict["band"], strict["parameters"]) == ("below_cutoff", {"cutoff": 8})


@pytest.mark.parametrize(
    ("code", "answers", "expected"),
    [
        ("phq9", {**PHQ9_MODERATE, "9": 4}, [("9", "not_allowed")]),
        ("phq9", {**PHQ9_MODERATE, "10": 1}, [("10", "unknown_item")]),
        ("phq9", {"1": 1, "5": 1, "6": 1, "7": 1, "8": 1, "9": 0}, [(n, "too_many_missing") for n in "234"]),
        ("gds15", {str(n): "ya" for n in range(1, 16)}, [(str(n), "not_allowed") for n in range(1, 16)]),
    ],
)
def test_bad_input_exits_1_and_still_prints_errors_naming_each_item(code, answers, expected):
    with translation.override("en"):
        data, failure = score_json(code, answers)
    assert failure is not None
    assert failure.returncode == 1
    assert data["valid"] is False
    assert data["total"] is None
    assert [(e["item"], e["code"]) for e in data["errors"]] == expected
    for error in data["errors"]:
        assert error["message"].startswith(f"Item {error['item']}")


def test_an_unknown_instrument_is_named_with_the_known_codes():
    with translation.override("en"):
        data, failure = score_json("sdq", {"1": 0})
    assert failure is not None
    assert failure.returncode == 1
    assert data["valid"] is False
    assert data["errors"][0]["code"] == "unknown_instrument"
    assert "sdq" in data["errors"][0]["message"]
    assert "phq9" in data["errors"][0]["message"]


def test_answers_that_are_not_json_or_not_an_object():
    data, failure = score_json("phq9", "{1: 2")
    assert failure is not None
    assert [e["code"] for e in data["errors"]] == ["bad_json"]
    data, failure = score_json("phq9", [1, 2, 3])
    assert failure is not None
    assert [(e["item"], e["code"]) for e in data["errors"]] == [(None, "not_an_object")]


def test_answers_can_come_from_a_file(tmp_path: Path):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(PHQ9_MODERATE))
    data, failure = score_json("phq9", f"@{path}")
    assert failure is None
    assert data["total"] == 12


def test_a_bad_param_is_refused():
    with pytest.raises(CommandError, match=r"--param .*cutoff"):
        call_command("score", "srq20", "--answers", "{}", "--param", "cutoff", stdout=StringIO())


def test_the_readable_output_shows_total_bands_flags_and_the_rule():
    out = StringIO()
    answers = json.dumps({**PHQ9_MODERATE, "9": 1})
    with translation.override("en"):
        call_command("score", "phq9", "--answers", answers, stdout=out)
    text = out.getvalue()
    assert "Total: 14 (range 0-27)" in text  # 12 x 9/8 = 13.5, rounded half up
    assert "unrounded total 13.500" in text
    assert "Band [severity] *: moderate (Moderate)" in text
    assert "Flag: phq9_item9" in text
    assert "rule phq9-item9-urgent" in text
    assert "rule psychosocial-distress" in text


def test_instruments_lists_every_code():
    out = StringIO()
    call_command("instruments", "--json", stdout=out)
    rows = json.loads(out.getvalue())
    assert [row["code"] for row in rows] == [
        "barthel", "lawton", "katz", "wgss", "phq9", "phq2", "gad7", "gds15", "k10", "k6", "srq20",
    ]  # fmt: skip
    plain = StringIO()
    call_command("instruments", stdout=plain)
    assert plain.getvalue().splitlines()[0].startswith("barthel")


def test_the_console_script_exit_codes():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "sentra.settings"}
    sentra = Path(sys.executable).parent / "sentra"
    ok = subprocess.run(
        [sentra, "score", "k6", "--answers", '{"1":3,"2":2,"3":2,"4":2,"5":2,"6":2}', "--json"],
        capture_output=True, text=True, env=env, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["band"] == "serious"
    bad = subprocess.run(
        [sentra, "score", "k6", "--answers", '{"1":5}', "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert bad.returncode == 1
    assert [e["item"] for e in json.loads(bad.stdout)["errors"]] == ["1", "2", "3", "4", "5", "6"]
