"""``sentra place`` and ``sentra place-synth``: output, JSON, exit codes and error messages."""

from __future__ import annotations

import json
import subprocess
import sys
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from sentra.placement.rules import check_solution, parse_instance

INSTANCE: dict[str, Any] = {
    "centres": [
        {"id": "C", "lat": 0.0, "lon": 0.0, "capacity": {"x": 1, "y": 1}},
        {"id": "D", "lat": 0.0, "lon": 2.0, "capacity": {"x": 1}, "staff": {"pekerja_sosial": 5}},
    ],
    "beneficiaries": [
        {"id": "a", "lat": 0.0, "lon": 0.1, "needs": ["x"], "urgency": 5},
        {"id": "b", "lat": 0.0, "lon": 0.2, "needs": ["x", "y"], "urgency": 4},
    ],
    "weights": {"distance_per_km": 1.0, "unplaced_penalty": [10000, 20000, 40000, 1000000, 4000000]},
    "service_professions": {"y": ["psikolog"]},
}


def write(tmp_path: Path, data: object, name: str = "instance.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _english() -> Any:
    with translation.override("en"):
        yield


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_json_output_has_every_documented_field(tmp_path: Path) -> None:
    out, _ = run("place", str(write(tmp_path, INSTANCE)), "--json")
    result = json.loads(out)
    assert result["assignments"] == {"a": "D", "b": "C"}
    assert result["status"] == "optimal"
    assert result["unplaced"] == []
    for key in ("objective", "total_distance_km", "lower_bound", "gap"):
        assert isinstance(result[key], float | int)
    assert result["lower_bound"] <= result["objective"] + 1e-6
    assert result["improvement_over_greedy"]["urgent_unplaced_greedy"] == 1
    assert check_solution(parse_instance(INSTANCE), result["assignments"]).ok


def test_greedy_flag_gives_the_greedy_result(tmp_path: Path) -> None:
    out, _ = run("place", str(write(tmp_path, INSTANCE)), "--greedy", "--json")
    result = json.loads(out)
    assert result["method"] == "greedy"
    assert result["assignments"] == {"a": "C", "b": None}
    assert result["unplaced"] == ["b"]
    assert result["status"] == "feasible"


def test_readable_summary(tmp_path: Path) -> None:
    out, _ = run("place", str(write(tmp_path, INSTANCE)))
    assert "2 of 2 placed" in out
    assert "lower bound" in out
    assert "urgent unplaced 1 → 0" in out
    assert "a → D" in out


def test_malformed_entries_are_named(tmp_path: Path) -> None:
    bad = json.loads(json.dumps(INSTANCE))
    bad["beneficiaries"][1]["urgency"] = 9
    bad["centres"][0]["capacity"]["x"] = -2
    with pytest.raises(CommandError, match=r"2 problem\(s\)"):
        call_command("place", str(write(tmp_path, bad)), stdout=StringIO(), stderr=(err := StringIO()))
    assert "beneficiaries[1].urgency: must be 1\u20135" in err.getvalue()
    assert "centres[0].capacity.x: must be a whole number ≥ 0" in err.getvalue()


def test_invalid_json_and_missing_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text('{"centres": [', encoding="utf-8")
    with pytest.raises(CommandError, match="not valid JSON"):
        run("place", str(broken))
    with pytest.raises(CommandError, match="No such file"):
        run("place", str(tmp_path / "absent.json"))


def test_exit_codes_from_the_console_script(tmp_path: Path) -> None:
    sentra = Path(sys.executable).with_name("sentra")
    good = subprocess.run(
        [str(sentra), "place", str(write(tmp_path, INSTANCE)), "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert good.returncode == 0, good.stderr
    assert json.loads(good.stdout)["assignments"] == {"a": "D", "b": "C"}
    bad = json.loads(json.dumps(INSTANCE))
    bad["beneficiaries"][1]["urgency"] = 0
    failed = subprocess.run(
        [str(sentra), "place", str(write(tmp_path, bad, "bad.json"))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert failed.returncode == 1
    assert "beneficiaries[1].urgency: must be 1\u20135" in failed.stderr
    assert failed.stdout == ""


def test_place_synth_writes_a_valid_instance(tmp_path: Path) -> None:
    target = tmp_path / "synthetic.json"
    out, _ = run("place-synth", "--people", "120", "--sites", "40", "--seed", "5", str(target))
    assert "120 people, 40 sites (31 sentra, 9 partners)" in out
    problem = parse_instance(json.loads(target.read_text(encoding="utf-8")))
    assert len(problem.beneficiaries) == 120
    assert len(problem.centres) == 40
    again = tmp_path / "again.json"
    run("place-synth", "--people", "120", "--sites", "40", "--seed", "5", str(again))
    assert again.read_bytes() == target.read_bytes()
    placed, _ = run("place", str(target), "--json")
    assert check_solution(problem, json.loads(placed)["assignments"]).ok


def test_place_synth_refuses_bad_sizes(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--people must be"):
        run("place-synth", "--people", "-1", str(tmp_path / "x.json"))
