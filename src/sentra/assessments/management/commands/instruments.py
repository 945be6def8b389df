"""``sentra instruments [--json]``: the instrument codes, with version, name and what an answer is."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import get_language

from sentra.assessments import selectors
from sentra.assessments.rules import text_in


class Command(BaseCommand):
    help = "List the assessment instruments Sentra can score (codes for 'sentra score')."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the list as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        language = get_language() or "en"
        instruments = selectors.instrument_list()
        if options["json"]:
            rows = [
                {
                    "code": i.code,
                    "version": i.version,
                    "short_name": i.short_name,
                    "name": text_in(i.name, language),
                    "domain": i.domain,
                    "items": len(i.items),
                    "answers": text_in(i.answer_help, language),
                }
                for i in instruments
            ]
            self.stdout.write(json.dumps(rows, ensure_ascii=False, indent=2))
            return
        width = max(len(i.code) for i in instruments)
        for instrument in instruments:
            self.stdout.write(
                f"{instrument.code:<{width}}  v{instrument.version}  {text_in(instrument.name, language)}"
            )
