"""``sentra load_holidays [--file PATH]``: load or correct the public holidays deadlines skip."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.quality import services

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "holidays_id.json"


class Command(BaseCommand):
    help = (
        "Load public holidays and cuti bersama from a JSON file (default: the vendored 2025-2027 file). "
        "Each year in the file replaces that year in the database; running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--file", type=Path, default=DEFAULT_FILE, help="JSON file shaped like the default"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(_("Cannot read {path}: {error}").format(path=path, error=exc)) from None
        try:
            result = services.holidays_load(actor=None, text=text, actor_label="load_holidays")
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("{path} has problems; nothing was loaded.").format(path=path)) from None
        self.stdout.write(
            _("Holidays {years}: {created} added, {deleted} removed, {unchanged} unchanged.").format(
                years=", ".join(str(year) for year in result.years),
                created=result.created,
                deleted=result.deleted,
                unchanged=result.unchanged,
            )
        )
