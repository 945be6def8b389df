"""Holidays and complaint categories are data: loaded from files, checked whole, editable."""

from __future__ import annotations

import datetime
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import ComplaintCategory, PublicHoliday

pytestmark = pytest.mark.django_db


def test_reloading_the_vendored_files_changes_nothing() -> None:
    out = StringIO()
    call_command("load_holidays", stdout=out)
    assert "0 added, 0 removed" in out.getvalue()
    out = StringIO()
    call_command("load_complaint_categories", stdout=out)
    assert "0 added, 0 updated, 8 unchanged" in out.getvalue()


def test_a_year_in_a_new_file_replaces_that_year(tmp_path: Path) -> None:
    data = {
        "years": {
            "2027": {
                "reference": "SKB 2027",
                "days": [
                    {"date": "2027-01-01", "name": "Tahun Baru 2027 Masehi", "kind": "national"},
                    {"date": "2027-03-10", "name": "Idulfitri 1448 Hijriah", "kind": "national"},
                ],
            }
        }
    }
    path = tmp_path / "h.json"
    path.write_text(json.dumps(data))
    call_command("load_holidays", "--file", str(path), stdout=StringIO())
    assert list(PublicHoliday.objects.filter(date__year=2027).values_list("date", flat=True)) == [
        datetime.date(2027, 1, 1),
        datetime.date(2027, 3, 10),
    ]
    assert PublicHoliday.objects.get(date=datetime.date(2027, 3, 10)).source == "SKB 2027"
    assert PublicHoliday.objects.filter(date__year=2026).count() == 25  # other years untouched


def test_a_bad_file_is_reported_whole_and_loads_nothing(tmp_path: Path) -> None:
    data = {
        "years": {
            "2027": {
                "days": [
                    {"date": "2027-02-30", "name": "x", "kind": "national"},
                    {"date": "2028-01-01", "name": "x", "kind": "national"},
                    {"date": "2027-05-01", "name": "x", "kind": "festival"},
                    {"date": "2027-05-02", "name": "", "kind": "national"},
                ]
            }
        }
    }
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(data))
    err = StringIO()
    before = PublicHoliday.objects.count()
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("load_holidays", "--file", str(path), stdout=StringIO(), stderr=err)
    lines = err.getvalue().strip().splitlines()
    assert len(lines) == 4
    assert "2027, day 1" in lines[0]
    assert PublicHoliday.objects.count() == before
    path.write_text("{not json")
    with pytest.raises(CommandError):
        call_command("load_holidays", "--file", str(path), stdout=StringIO(), stderr=StringIO())


def test_categories_are_updated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "c.json"
    path.write_text(
        json.dumps(
            {
                "categories": [
                    {
                        "code": "layanan",
                        "name_id": "Mutu layanan",
                        "name_en": "Service",
                        "response_days": 2,
                        "resolution_days": 10,
                    },
                    {
                        "code": "baru",
                        "name_id": "Baru",
                        "name_en": "New",
                        "response_days": 1,
                        "resolution_days": 3,
                    },
                ]
            }
        )
    )
    call_command("load_complaint_categories", "--file", str(path), stdout=StringIO())
    assert ComplaintCategory.objects.get(code="layanan").response_days == 2
    assert ComplaintCategory.objects.filter(code="baru").exists()
    path.write_text(
        json.dumps({"categories": [{"code": "x", "name_id": "X", "response_days": 5, "resolution_days": 2}]})
    )
    with pytest.raises(CommandError):
        call_command("load_complaint_categories", "--file", str(path), stdout=StringIO(), stderr=StringIO())


def test_administrators_add_and_remove_a_holiday(make_user) -> None:
    admin = make_user(role=Role.SYSADMIN)
    holiday = services.holiday_add(
        actor=admin, date=datetime.date(2027, 3, 10), name="Idulfitri", kind="national"
    )
    with pytest.raises(ValidationError) as exc:
        services.holiday_add(actor=admin, date=datetime.date(2027, 3, 10), name="", kind="x")
    assert set(exc.value.message_dict) == {"date", "name", "kind"}
    services.holiday_remove(actor=admin, holiday=holiday)
    assert not PublicHoliday.objects.filter(date=datetime.date(2027, 3, 10)).exists()
    with pytest.raises(PermissionDenied):
        services.holiday_add(
            actor=make_user(role=Role.CENTRE_HEAD), date=datetime.date(2027, 3, 11), name="x", kind="national"
        )
