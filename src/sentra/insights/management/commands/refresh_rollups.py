"""``sentra refresh_rollups [--full]``: bring the dashboard rollups up to date."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from sentra.insights.services.rollups import refresh_rollups


class Command(BaseCommand):
    help = "Refresh the dashboard rollup tables (incremental from the watermark, or --full)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="recompute every month from the first record")

    def handle(self, *args: Any, **options: Any) -> None:
        result = refresh_rollups(full=options["full"])
        self.stdout.write(
            _(
                "Rollups refreshed: {months} months, {rows} centre-month-cluster rows, {centres} centres."
            ).format(months=result.months, rows=result.cluster_rows, centres=result.centres)
        )
