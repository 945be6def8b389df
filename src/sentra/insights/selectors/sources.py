"""Where dashboard figures come from. Pages read the rollup tables (``RollupSource``); the benchmark's
baseline and the consistency tests compute the very same rows straight from the raw tables
(``RawSource``), so both paths render through identical code."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Protocol

from django.db.models import Sum
from django.utils import timezone

from sentra.insights.models import CentreMonth, CentreStatus, ClusterMonth
from sentra.insights.services import rollups

NATIONAL_FIELDS = (
    "intake",
    "terminated",
    "assessed",
    "assessment_days",
    "referrals_answered",
    "referrals_on_time",
)


@dataclass
class NationalFlows:
    """Flows summed per centre (``NATIONAL_FIELDS``) and intake per month, for the national view."""

    per_centre: dict[int, dict[str, int]] = field(default_factory=dict)
    intake_per_month: dict[datetime.date, int] = field(default_factory=dict)


def _national(rows: list[ClusterMonth], cluster: str) -> NationalFlows:
    result = NationalFlows()
    for row in rows:
        if cluster and row.cluster != cluster:
            continue
        figures = result.per_centre.setdefault(row.sentra_id, dict.fromkeys(NATIONAL_FIELDS, 0))
        for name in NATIONAL_FIELDS:
            figures[name] += getattr(row, name)
        result.intake_per_month[row.month] = result.intake_per_month.get(row.month, 0) + row.intake
    return result


class Source(Protocol):
    def national(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date, cluster: str
    ) -> NationalFlows: ...

    def flows(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[ClusterMonth]: ...

    def centre_months(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[CentreMonth]: ...

    def statuses(self, centre_ids: list[int]) -> dict[int, CentreStatus]: ...


class RollupSource:
    def national(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date, cluster: str
    ) -> NationalFlows:
        """Summed in the database: a few hundred rows come back, not one per centre, month and cluster."""
        rows = ClusterMonth.objects.filter(sentra_id__in=centre_ids, month__gte=first, month__lte=last)
        if cluster:
            rows = rows.filter(cluster=cluster)
        result = NationalFlows()
        for item in (
            rows.values("sentra_id").annotate(**{name: Sum(name) for name in NATIONAL_FIELDS}).order_by()
        ):
            result.per_centre[item["sentra_id"]] = {name: item[name] or 0 for name in NATIONAL_FIELDS}
        for item in rows.values("month").annotate(n=Sum("intake")).order_by():
            result.intake_per_month[item["month"]] = item["n"] or 0
        return result

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

    def national(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date, cluster: str
    ) -> NationalFlows:
        return _national(self.flows(centre_ids, first, last), cluster)

    def flows(self, centre_ids: list[int], first: datetime.date, last: datetime.date) -> list[ClusterMonth]:
        return sorted(rollups.cluster_rows(first, last, centre_ids), key=lambda row: row.month)

    def centre_months(
        self, centre_ids: list[int], first: datetime.date, last: datetime.date
    ) -> list[CentreMonth]:
        return rollups.centre_rows(first, last, centre_ids)

    def statuses(self, centre_ids: list[int]) -> dict[int, CentreStatus]:
        now = timezone.now()
        return {
            sentra_id: CentreStatus(
                sentra_id=sentra_id, refreshed_at=now, modules=rollups.module_figures(sentra_id), **figures
            )
            for sentra_id, figures in rollups.compute_status(centre_ids).items()
        }


ROLLUPS = RollupSource()
