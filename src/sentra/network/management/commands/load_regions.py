"""``sentra load_regions [--file PATH]``: load or update the Kemendagri regions, idempotently."""

from __future__ import annotations

import gzip
import io
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from sentra.network import services

DEFAULT_FILE = Path(__file__).resolve().parents[2] / "data" / "wilayah_kemendagri_2025.csv.gz"


@contextmanager
def open_region_file(path: Path) -> Iterator[io.TextIOBase]:
    """A text stream over a ``code,name`` CSV, gzip-compressed or not."""
    if not path.is_file():
        raise CommandError(_("No such file: {path}").format(path=path))
    raw = path.open("rb")
    try:
        magic = raw.read(2)
        raw.seek(0)
        binary: Any = gzip.GzipFile(fileobj=raw) if magic == b"\x1f\x8b" else raw
        with io.TextIOWrapper(binary, encoding="utf-8-sig", newline="") as text:
            yield text
    finally:
        raw.close()


def load_region_file(path: Path, *, actor_label: str = "load_regions") -> services.RegionLoadResult:
    """Load one region file as the system (no signed-in actor); shared with ``sentra demo``."""
    with open_region_file(path) as stream:
        try:
            return services.regions_load(actor=None, lines=stream, source=path.name, actor_label=actor_label)
        except (UnicodeDecodeError, EOFError, OSError) as exc:
            raise CommandError(_("Cannot read {path}: {error}").format(path=path, error=exc)) from None


class Command(BaseCommand):
    help = (
        "Load or update Kemendagri regions (provinces, regencies/cities, districts, villages) from a "
        "code,name CSV (optionally gzip-compressed). Defaults to the vendored Kepmendagri "
        "300.2.2-2138/2025 file. Running it again changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="CSV file with columns code,name")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["file"]
        result = load_region_file(path)
        if result.problems:
            for problem in result.problems:
                self.stderr.write(services.region_problem_message(problem))
            raise CommandError(
                _("{count} bad line(s) in {path}; nothing was loaded.").format(
                    count=len(result.problems), path=path
                )
            )
        if result.changed:
            self.stdout.write(
                self.style.SUCCESS(
                    _("Regions: {created} created, {updated} updated, {unchanged} unchanged.").format(
                        created=result.created, updated=result.updated, unchanged=result.unchanged
                    )
                )
            )
        else:
            self.stdout.write(
                _("Regions are up to date: nothing to change ({unchanged} unchanged).").format(
                    unchanged=result.unchanged
                )
            )
