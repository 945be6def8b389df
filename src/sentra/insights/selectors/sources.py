"""Where dashboard figures come from. Pages read the rollup tables (``RollupSource``); the benchmark's
baseline and the consistency tests compute the very same rows straight from the raw tables
(``RawSource``), so both paths render through identical code."""

from __future__ import annotations

import datetime
from typing import Protocol

from django.utils import timezone

from sentra.insights.models import CentreMonth, CentreStatus, ClusterMonth
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

    def flows(self, centre_ids: list[int], first: datetime.date, last: datetime.date) -> list[ClusterMonth]:
        return sorted(rollups.cluster_rows(first, last, centre_ids), key=lambda row: row.month)

    def centre_months(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[CentreMonth]:
        return rollups.centre_rows(first, last, centre_ids)

    def statuses(self, centre_ids: list[int]) -> dict[int, CentreStatus]:
        now = timezone.now()
        return {
            sentra_id: CentreStatus(sentra_id=sentra_id, refreshed_at=now, modules={}, **figures)
            for sentra_id, figures in rollups.compute_status(centre_ids).items()
        }


ROLLUPS = RollupSource()
