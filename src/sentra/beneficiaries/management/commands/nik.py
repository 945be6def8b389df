"""``sentra nik NIK [--json]``: parse and validate a NIK by the rules of domain-indonesia.md §3.2."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.beneficiaries import nik


class Command(BaseCommand):
    help = (
        "Parse and validate a NIK. With --json prints {nik, valid, errors, warnings, province_code, "
        "regency_code, district_code, birth_date, sex, serial}; errors and warnings are stable codes "
        "(e.g. unknown_province, serial_0000, region_not_in_list). Exit code 0 when valid, 1 when not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("nik", help="The NIK; spaces, dots and dashes are ignored")
        parser.add_argument("--json", action="store_true", help="Print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        parsed = nik.parse(options["nik"])
        if options["json"]:
            self.stdout.write(json.dumps(parsed.as_dict(), ensure_ascii=False))
        else:
            self._describe(parsed)
        if not parsed.valid:
            raise CommandError(_("The NIK is not valid."), returncode=1)

    def _describe(self, parsed: Any) -> None:
        self.stdout.write(f"NIK {parsed.nik}: " + (_("valid") if parsed.valid else _("not valid")))
        for code in parsed.errors:
            self.stdout.write(f"  ✗ {nik.error_text(code)} [{code}]")
        for code in parsed.warnings:
            self.stdout.write(f"  ! {nik.warning_text(code)} [{code}]")
        if parsed.province_code:
            self.stdout.write(
                _("  region {province}.{regency}.{district}, serial {serial}").format(
                    province=parsed.province_code,
                    regency=parsed.regency_code,
                    district=parsed.district_code,
                    serial=parsed.serial,
                )
            )
        if parsed.birth_date:
            self.stdout.write(
                _("  born {date}, sex {sex}").format(date=parsed.birth_date.isoformat(), sex=parsed.sex)
            )
