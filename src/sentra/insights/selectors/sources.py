"""Where dashboard figures come from. Pages read the rollup tables (``RollupSource``); the benchmark's
baseline and the consistency tests compute the very same rows straight from the raw tables
(``RawSource``), so both paths render through identical code."""

from __future__ import annotations

import datetime
from typing import Protocol

from django.utils import timezone

from sentra.insights.models import CentreMonth, CentreStatus, ClusterMonth
from sentra.insights.rules.periods import add_months
from sentra.insights.services import rollups


class Source(Protocol):
    def flows(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[ClusterMonth]: ...

    def centre_months(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[CentreMonth]: ...

    def statuses(self, centre_ids: list[int]) -> dict[int, CentreStatus]: ...


class RollupSource:
    def flows(self, centre_ids: list[int], first: datetime.date, last: datetime.date) -> list[ClusterMonth]:
        return list(
            ClusterMonth.objects.filter(sentra_id__in=centre_ids, month__gte=first, month__lte=last).order_by(
                "month"
            )
        )

    def centre_months(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[CentreMonth]:
        return list(CentreMonth.objects.filter(sentra_id__in=centre_ids, month__gte=first, month__lte=last))

    def statuses(self, centre_ids: list[int]) -> dict[int, CentreStatus]:
        return {status.sentra_id: status for status in CentreStatus.objects.filter(sentra_id__in=centre_ids)}


class RawSource:
    """The same rows computed on the fly from the case, delivery, referral and complaint tables."""

    def _months(self, first: datetime.date, last: datetime.date) -> list[datetime.date]:
        months, month = [], first
        while month <= last:
            months.append(month)
            month = add_months(month, 1)
        return months

    def flows(self, centre_ids: list[int], first: datetime.date, last: datetime.date) -> list[ClusterMonth]:
        return [row for month in self._months(first, last) for row in rollups.cluster_rows(month, centre_ids)]

    def centre_months(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[CentreMonth]:
        return [row for month in self._months(first, last) for row in rollups.centre_rows(month, centre_ids)]

    def statuses(self, centre_ids: list[int]) -> dict[int, CentreStatus]:
        now = timezone.now()
        return {
            sentra_id: CentreStatus(sentra_id=sentra_id, refreshed_at=now, modules={}, **figures)
            for sentra_id, figures in rollups.compute_status(centre_ids).items()
        }


ROLLUPS = RollupSource()
