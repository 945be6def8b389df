"""``sentra load_regions``: loads a Kemendagri file idempotently, reports bad lines, never half-loads."""

from __future__ import annotations

import gzip
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from sentra.core.models import AuditEvent
from sentra.network.models import Region, RegionLevel
from tests.network.factories import REGION_SUBSET

pytestmark = pytest.mark.django_db

SUBSET_ROWS = sum(1 for _ in REGION_SUBSET.open(encoding="utf-8")) - 1


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("load_regions", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_loads_a_file_and_a_second_run_changes_nothing() -> None:
    first, _ = run("--file", str(REGION_SUBSET))
    assert f"{SUBSET_ROWS} created" in first
    assert Region.objects.count() == SUBSET_ROWS
    assert AuditEvent.objects.filter(object_type="network.region").count() == 1

    second, _ = run("--file", str(REGION_SUBSET))
    assert "nothing to change" in second
    assert Region.objects.count() == SUBSET_ROWS
    assert AuditEvent.objects.filter(object_type="network.region").count() == 1


def test_parents_and_levels_come_from_the_codes() -> None:
    run("--file", str(REGION_SUBSET))
    village = Region.objects.get(code="32.75.01.1001")
    assert village.level == RegionLevel.VILLAGE
    assert village.parent_id == "32.75.01"
    assert [node.code for node in village.lineage()] == ["32", "32.75", "32.75.01", "32.75.01.1001"]
    assert Region.objects.get(code="32").parent_id is None
    assert Region.objects.filter(level=RegionLevel.PROVINCE).count() == 38
    assert Region.objects.filter(level=RegionLevel.REGENCY).count() == 514


def test_a_renamed_region_is_updated_in_place(tmp_path: Path) -> None:
    run("--file", str(REGION_SUBSET))
    renamed = tmp_path / "renamed.csv"
    renamed.write_text(
        REGION_SUBSET.read_text(encoding="utf-8").replace("32.75,Kota Bekasi\n", "32.75,Kota Bekasi Baru\n"),
        encoding="utf-8",
    )
    out, _ = run("--file", str(renamed))
    assert "0 created, 1 updated" in out
    assert Region.objects.get(code="32.75").name == "Kota Bekasi Baru"
    event = AuditEvent.objects.filter(object_type="network.region").first()
    assert event is not None
    assert event.changes["updated_codes"] == [None, ["32.75"]]


def test_bad_lines_are_reported_with_line_numbers_and_nothing_is_loaded(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "code,name\n32,Jawa Barat\n32.7,Kota Tanpa Kode\n32.75,\n32.75.01,Bekasi Timur\n", encoding="utf-8"
    )
    # Line 3 has a malformed code, line 4 no name, and line 5's parent (32.75) was refused with line 4.
    err = StringIO()
    with pytest.raises(CommandError, match=r"^3 bad line\(s\)"):
        call_command("load_regions", "--file", str(bad), stdout=StringIO(), stderr=err)
    reported = err.getvalue().splitlines()
    assert [line.split(":")[0] for line in reported] == ["line 3", "line 4", "line 5"]
    assert "'32.7' is not a Kemendagri code" in reported[0]
    assert Region.objects.count() == 0
    assert not AuditEvent.objects.filter(object_type="network.region").exists()


def test_gzip_files_are_read(tmp_path: Path) -> None:
    packed = tmp_path / "regions.csv.gz"
    with gzip.open(packed, "wt", encoding="utf-8") as stream:
        stream.write("code,name\n51,Bali\n51.71,Kota Denpasar\n")
    run("--file", str(packed))
    assert Region.objects.get(code="51.71").parent_id == "51"


def test_a_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match=r"nope\.csv"):
        run("--file", str(tmp_path / "nope.csv"))


def test_the_vendored_file_holds_the_2025_decree_counts() -> None:
    """The one test that loads all 91,599 rows: 38/514/7,285/83,762 (Kepmendagri 300.2.2-2138/2025)."""
    run()
    counts = {level: Region.objects.filter(level=level).count() for level in RegionLevel.values}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    assert Region.objects.get(code="32.75").name == "Kota Bekasi"
    assert Region.objects.get(code="96").name == "Papua Barat Daya"
