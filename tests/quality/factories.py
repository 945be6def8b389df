"""Builders for the quality tests: periods, answers and complaints."""

from __future__ import annotations

import datetime
from typing import Any

from sentra.core.models import User
from sentra.network.models import Sentra
from sentra.quality import services
from sentra.quality.models import (
    Channel,
    Complaint,
    ComplaintCategory,
    PeriodKind,
    PeriodStatus,
    SurveyPeriod,
    SurveyResponse,
)
from sentra.quality.rules.codes import survey_fingerprint
from sentra.quality.rules.ikm import ELEMENT_NAMES
from sentra.quality.services._common import centre_today


def make_period(
    sentra: Sentra,
    *,
    status: str = PeriodStatus.OPEN,
    population: int | None = 100,
    year: int | None = None,
    half: int | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> SurveyPeriod:
    """A semester period around today (centre time) unless dates are given."""
    today = centre_today(sentra)
    starts_on = starts_on or today - datetime.timedelta(days=30)
    ends_on = ends_on or today + datetime.timedelta(days=30)
    return SurveyPeriod.objects.create(
        sentra=sentra,
        kind=PeriodKind.SEMESTER,
        year=year or starts_on.year,
        half=half or (1 if starts_on.month <= 6 else 2),
        starts_on=starts_on,
        ends_on=ends_on,
        population=population,
        status=status,
    )


def answers(value: int | None = 3, **overrides: int | None) -> dict[str, int | None]:
    data: dict[str, int | None] = dict.fromkeys(ELEMENT_NAMES, value)
    data.update(overrides)
    return data


def response_input(value: int | None = 3, **extra: Any) -> services.ResponseInput:
    overrides = {name: extra.pop(name) for name in list(extra) if name in ELEMENT_NAMES}
    defaults: dict[str, Any] = {"sex": "F", "age_group": "31-45", "education": "sma", "occupation": "private"}
    defaults.update(extra)
    return services.ResponseInput(answers=answers(value, **overrides), **defaults)


def add_responses(
    period: SurveyPeriod, rows: list[dict[str, int | None]], channel: str = Channel.PAPER
) -> None:
    """Store answer rows directly (for report and API tests)."""
    SurveyResponse.objects.bulk_create(
        [
            SurveyResponse(
                period=period, channel=channel, fingerprint=survey_fingerprint(row, {"n": index}), **row
            )
            for index, row in enumerate(rows)
        ]
    )


def complaint_input(**extra: Any) -> services.ComplaintInput:
    data: dict[str, Any] = {
        "category_code": "layanan",
        "about": "centre",
        "description": "Antrean layanan terlalu lama dan tidak ada informasi.",
        "name": "Sari Wulandari",
        "phone": "0812 3456 7890",
    }
    data.update(extra)
    return services.ComplaintInput(**data)


def file_complaint(sentra: Sentra, **extra: Any) -> Complaint:
    return services.complaint_file(sentra=sentra, data=complaint_input(**extra), address="203.0.113.9")


def category(code: str = "layanan") -> ComplaintCategory:
    return ComplaintCategory.objects.get(code=code)


def named(user: User, first: str = "Budi", last: str = "Santoso") -> User:
    user.first_name, user.last_name = first, last
    user.save(update_fields=["first_name", "last_name"])
    return user
