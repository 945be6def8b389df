"""Deadlines in working days: weekends and Indonesian public holidays (data) are skipped."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest

from sentra.core.models import Role
from sentra.quality import services
from sentra.quality.models import HolidayKind, PublicHoliday
from sentra.quality.rules.workdays import add_working_days, is_working_day, working_days_between
from tests.quality.factories import complaint_input

D = datetime.date
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def test_pure_arithmetic_across_a_weekend_and_a_holiday() -> None:
    holidays = {D(2026, 8, 17)}  # Monday, Proklamasi Kemerdekaan
    friday = D(2026, 8, 14)
    assert add_working_days(friday, 0, holidays) == friday
    assert add_working_days(friday, 1, holidays) == D(2026, 8, 18)  # Sat, Sun and the holiday skipped
    assert add_working_days(friday, 3, holidays) == D(2026, 8, 20)
    assert working_days_between(friday, D(2026, 8, 20), holidays) == 3
    assert working_days_between(D(2026, 8, 20), friday, holidays) == -3
    assert not is_working_day(D(2026, 8, 15), holidays)
    assert not is_working_day(D(2026, 8, 17), holidays)
    with pytest.raises(ValueError, match="negative"):
        add_working_days(friday, -1, holidays)


@pytest.mark.django_db
def test_the_holiday_data_is_loaded_with_the_schema() -> None:
    assert PublicHoliday.objects.filter(date__year=2025).count() == 28  # 17 national + 11 cuti bersama
    assert PublicHoliday.objects.filter(date__year=2026, kind=HolidayKind.NATIONAL).count() == 17
    assert PublicHoliday.objects.filter(date__year=2026, kind=HolidayKind.COLLECTIVE_LEAVE).count() == 8
    assert PublicHoliday.objects.get(date=D(2026, 8, 17)).name == "Proklamasi Kemerdekaan"
    assert PublicHoliday.objects.filter(date__year=2027).exists()


@pytest.mark.django_db
def test_ascension_day_cuti_bersama_and_a_weekend(settings) -> None:
    # Received Wednesday 13 May 2026. Thu 14 May Kenaikan Yesus Kristus (national holiday), Fri 15 May
    # cuti bersama, then the weekend: the 1st, 2nd and 3rd working days are Mon 18, Tue 19, Wed 20 May.
    wednesday = D(2026, 5, 13)
    assert services.deadline(wednesday, 1) == D(2026, 5, 18)
    assert services.deadline(wednesday, 3) == D(2026, 5, 20)
    # Where cuti bersama is configured as a working day, Friday 15 May counts.
    settings.SENTRA_COLLECTIVE_LEAVE_IS_HOLIDAY = False
    assert services.deadline(wednesday, 3) == D(2026, 5, 19)


@pytest.mark.django_db
def test_a_recorded_complaint_gets_working_day_deadlines(centre_a, make_user) -> None:
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    # Friday 14 Aug 2026, 15:00 in Jakarta; the category answers in 3 and resolves in 14 working days.
    received = datetime.datetime(2026, 8, 14, 15, 0, tzinfo=JAKARTA)
    complaint = services.complaint_record(
        actor=desk, sentra=centre_a, data=complaint_input(), channel="phone", received_at=received
    )
    # Sat 15, Sun 16, Mon 17 (Kemerdekaan) skipped: Tue 18, Wed 19, Thu 20 August.
    assert complaint.respond_by == D(2026, 8, 20)
    # 14 working days: 18-21 Aug (4); 24, 26, 27, 28 Aug (8, Tue 25 Aug is Maulid Nabi);
    # 31 Aug-4 Sep (13); Monday 7 September (14).
    assert complaint.resolve_by == D(2026, 9, 7)


@pytest.mark.django_db
def test_the_centre_time_zone_decides_the_day_of_receipt(centre_a, make_user) -> None:
    centre_a.time_zone = "Asia/Jayapura"
    centre_a.save()
    desk = make_user(role=Role.INTAKE, centres=(centre_a,))
    # 23:30 on Thursday in Jakarta is already Friday 01:30 in Jayapura (WIT).
    received = datetime.datetime(2026, 8, 13, 23, 30, tzinfo=JAKARTA)
    complaint = services.complaint_record(
        actor=desk,
        sentra=centre_a,
        data=complaint_input(category_code="informasi"),
        channel="sms",
        received_at=received,
    )
    assert complaint.respond_by == D(2026, 8, 19)  # from Friday 14 Aug: Tue 18, Wed 19
