"""``sentra load_complaint_categories [--file PATH]``: complaint categories and their deadlines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.quality import services

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "complaint_categories.json"


class Command(BaseCommand):
    help = (
        "Create or update complaint categories and their deadlines in working days from a JSON file "
        "(default: the vendored file). Categories are matched on their code; none is deleted."
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
            result = services.categories_load(actor=None, text=text, actor_label="load_complaint_categories")
        except ValidationError as exc:
            for message in exc.messages:
                self.stderr.write(message)
            raise CommandError(_("{path} has problems; nothing was loaded.").format(path=path)) from None
        self.stdout.write(
            _("Complaint categories: {created} added, {updated} updated, {unchanged} unchanged.").format(
                created=result.created, updated=result.updated, unchanged=result.unchanged
            )
        )
