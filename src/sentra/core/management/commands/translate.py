"""``sentra translate``: list the strings that lack an Indonesian translation, or apply a file of them.

    sentra translate --missing missing.json     # {"English source": ""} for every untranslated string
    sentra translate done.json                  # {"English source": "Terjemahan"}; plural sources take a list

Both run under the catalogue lock that ``check_translations`` uses, so several people (or tools)
working in one checkout never overwrite each other's entries.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from sentra.core.management.commands.check_translations import (
    catalogue_lock,
    catalogue_path,
    extract_messages,
)


def plural_form_count(po: polib.POFile) -> int:
    match = re.search(r"nplurals\s*=\s*(\d+)", po.metadata.get("Plural-Forms", ""))
    return int(match.group(1)) if match else 2


class Command(BaseCommand):
    help = "List untranslated Indonesian strings (--missing FILE) or apply translations from FILE.json."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", nargs="?", help="JSON object of source string -> translation")
        parser.add_argument("--missing", metavar="FILE", help="write the untranslated strings to FILE")

    def handle(self, *args: Any, **options: Any) -> None:
        if not options["file"] and not options["missing"]:
            raise CommandError("Give a FILE of translations to apply, or --missing FILE.")
        with catalogue_lock():
            extract_messages(Path(settings.PACKAGE_DIR))
            po = polib.pofile(str(catalogue_path()))
            if options["file"]:
                self._apply(po, Path(options["file"]))
            if options["missing"]:
                forms = plural_form_count(po)
                missing = {
                    entry.msgid: ([""] * forms if entry.msgid_plural else "")
                    for entry in po.untranslated_entries() + po.fuzzy_entries()
                }
                Path(options["missing"]).write_text(
                    json.dumps(missing, ensure_ascii=False, indent=1), encoding="utf-8"
                )
                self.stdout.write(f"{len(missing)} untranslated string(s) written to {options['missing']}.")

    def _apply(self, po: polib.POFile, source: Path) -> None:
        translations: dict[str, str | list[str]] = json.loads(source.read_text(encoding="utf-8"))
        by_id = {entry.msgid: entry for entry in po}
        applied = 0
        unknown: list[str] = []
        for msgid, text in translations.items():
            entry = by_id.get(msgid)
            if entry is None:
                unknown.append(msgid)
                continue
            if not text:
                continue
            if entry.msgid_plural:
                given = text if isinstance(text, list) else [text]
                # Exactly as many forms as the language has (Indonesian: one), or msgfmt refuses the file.
                count = plural_form_count(po)
                forms = [given[min(index, len(given) - 1)] for index in range(count)]
                entry.msgstr_plural = dict(enumerate(forms))
            else:
                entry.msgstr = text if isinstance(text, str) else text[0]
            if "fuzzy" in entry.flags:
                entry.flags.remove("fuzzy")
            entry.previous_msgid = None
            entry.previous_msgid_plural = None
            applied += 1
        po.save()
        po.save_as_mofile(str(catalogue_path().with_suffix(".mo")))
        self.stdout.write(f"{applied} translation(s) applied.")
        if unknown:
            self.stdout.write(f"{len(unknown)} source string(s) not in the catalogue (ignored):")
            for msgid in unknown:
                self.stdout.write(f"  - {msgid!r}")
