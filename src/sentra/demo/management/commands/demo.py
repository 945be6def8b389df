"""``sentra demo``: load the demo centres and accounts (idempotent) and print how to sign in."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sentra.demo.services import DemoReport, demo_seed
from sentra.network.management.commands.load_regions import DEFAULT_FILE, load_region_file


class Command(BaseCommand):
    help = (
        "Load the demo data: Kemendagri regions (when missing), the 31 national sentra plus a few UPTD "
        "and LKS with their capacity, and one account per role (password sentra-demo-2026). Running it "
        "again changes nothing. Refused in production."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = demo_seed(load_regions=self._load_regions)
        except ImproperlyConfigured as exc:
            raise CommandError(str(exc)) from None
        self._summary(report)
        self._accounts(report)

    def _load_regions(self) -> int:
        self.stdout.write(_("Loading Kemendagri regions from {name}...").format(name=DEFAULT_FILE.name))
        result = load_region_file(DEFAULT_FILE, actor_label="demo")
        if result.problems:
            raise CommandError(_("The vendored region file has bad lines; run 'sentra load_regions'."))
        return result.created

    def _summary(self, report: DemoReport) -> None:
        if not report.changed:
            self.stdout.write(_("Nothing to change: the demo data is already in place."))
            return
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "Demo data loaded: {regions} regions, {created} centres created, "
                    "{updated} centres updated, {capacity} capacity rows changed, "
                    "{accounts} accounts created, {changed} accounts re-enrolled."
                ).format(
                    regions=report.regions_loaded,
                    created=report.centres_created,
                    updated=report.centres_updated,
                    capacity=report.capacity_changes,
                    accounts=report.accounts_created,
                    changed=report.accounts_changed,
                )
            )
        )

        for label, created in report.app_records.items():
            if created:
                self.stdout.write(f"  {label}: {created}")

    def _accounts(self, report: DemoReport) -> None:
        headers = [_("username"), _("role"), _("centre"), _("password"), _("TOTP secret")]
        rows = [
            [a.username, a.role, a.centre or "-", a.password, a.totp_secret or "-"] for a in report.accounts
        ]
        widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]
        self.stdout.write("")
        self.stdout.write(_("Demo accounts:"))
        for row in [headers, ["-" * w for w in widths], *rows]:
            self.stdout.write(
                "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True))
            )
        self.stdout.write("")
        self.stdout.write(
            _(
                "Roles with a TOTP secret sign in with a second factor: add the secret to an "
                "authenticator app, or print the current code with 'sentra totp USERNAME'."
            )
        )
