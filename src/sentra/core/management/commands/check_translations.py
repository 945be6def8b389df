"""``sentra check_translations``: refresh the Indonesian catalogue and fail on any untranslated string.

Part of ``make lint``: Indonesian is the default interface language, so an English-only string is a bug.
"""

from __future__ import annotations

import fcntl
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import polib
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

LANGUAGE = "id"
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([a-z_]+\)[sd]|%[sd]")


def placeholders_match(entry: polib.POEntry) -> bool:
    """A translation must use exactly the placeholders of its source, or formatting fails at run time."""
    source = set(PLACEHOLDER.findall(entry.msgid_plural or entry.msgid))
    translations = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
    return all(set(PLACEHOLDER.findall(text)) == source for text in translations)


def catalogue_path() -> Path:
    return Path(settings.LOCALE_PATHS[0]) / LANGUAGE / "LC_MESSAGES" / "django.po"


@contextmanager
def catalogue_lock() -> Iterator[None]:
    """Serialise every rewrite of the catalogue: makemessages rewrites the whole file, and two
    concurrent runs (several developers' tools in one checkout) would drop each other's entries."""
    lock_file = catalogue_path().with_suffix(".lock")
    with lock_file.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def extract_messages(package: Path) -> None:
    previous = Path.cwd()
    os.chdir(package)  # makemessages scans the current directory
    try:
        call_command(
            "makemessages",
            locale=[LANGUAGE],
            no_location=True,
            no_obsolete=True,
            ignore_patterns=["static/*"],
            verbosity=0,
        )
    finally:
        os.chdir(previous)


class Command(BaseCommand):
    help = "Extract messages into the Indonesian catalogue, compile it, and fail when any is untranslated."

    def handle(self, *args: Any, **options: Any) -> None:
        with catalogue_lock():
            self._check()

    def _check(self) -> None:
        package = Path(settings.PACKAGE_DIR)
        catalogue = catalogue_path()
        extract_messages(package)
        po = polib.pofile(str(catalogue))
        missing = [entry.msgid for entry in po.untranslated_entries() + po.fuzzy_entries()]
        if missing:
            listing = "\n".join(f"  - {msgid!r}" for msgid in missing)
            raise CommandError(
                f"{len(missing)} string(s) have no Indonesian translation in {catalogue}:\n{listing}"
            )
        msgfmt = shutil.which("msgfmt")
        # gettext's own format check; gettext is installed wherever makemessages runs.
        if msgfmt is not None:
            result = subprocess.run(  # noqa: S603 - a fixed program on a file of ours
                [msgfmt, "--check", "-o", os.devnull, str(catalogue)],
                capture_output=True,
                text=True,
                check=False,
            )
            if result.returncode != 0:
                raise CommandError(f"msgfmt --check refuses {catalogue}:\n{result.stderr}")
        po.save_as_mofile(str(catalogue.with_suffix(".mo")))
        self.stdout.write(f"Indonesian catalogue complete: {len(po.translated_entries())} messages.")
