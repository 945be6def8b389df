"""``sentra synth --beneficiaries N --seed S [--sentra CODE]``: synthetic persons for scale work."""

from __future__ import annotations

import random
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sentra.beneficiaries import synth
from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.rules import nik as nik_rules
from sentra.beneficiaries.services.import_rows import row_input
from sentra.beneficiaries.services.imports import write_batch
from sentra.beneficiaries.services.registration import Checked, apply
from sentra.network.models import Region, RegionLevel, Sentra

BATCH = 5000
# Above this many rows on PostgreSQL, the trigram indexes are dropped during the load and rebuilt after:
# one index build is far cheaper than a million GIN insertions.
BULK_LOAD_ROWS = 50_000
TRIGRAM_INDEXES = {
    "benef_name_key_trgm": "CREATE INDEX IF NOT EXISTS benef_name_key_trgm ON beneficiaries_beneficiary "
    "USING gin (name_key gin_trgm_ops)",
    "benef_aliases_key_trgm": "CREATE INDEX IF NOT EXISTS benef_aliases_key_trgm "
    "ON beneficiaries_beneficiary USING gin (aliases_key gin_trgm_ops) WHERE aliases_key <> ''",
}
_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


def places_from_regions() -> list[synth.Place]:
    """Villages of the stored region list (or districts when no village is loaded)."""
    villages = list(Region.objects.filter(level=RegionLevel.VILLAGE).values_list("code", flat=True))
    if villages:
        return [synth.Place(code[:8], code) for code in villages]
    districts = list(Region.objects.filter(level=RegionLevel.DISTRICT).values_list("code", flat=True))
    return [synth.Place(code, code) for code in districts]


def build(
    rows: list[dict[str, str]], *, centres: list[Sentra], rng: random.Random, today: Any, known_regions: bool
) -> list[Beneficiary]:
    """Records from generated rows, through the registration rules' ``apply`` (no per-row queries)."""
    built: list[Beneficiary] = []
    for row in rows:
        data, problems = row_input(row)
        assert not problems, problems
        checked = Checked(region_code=data.region_code if known_regions else "")
        if data.nik:
            checked.nik = nik_rules.parse_nik(data.nik, today=today)
        beneficiary = Beneficiary(registered_sentra=centres[rng.randrange(len(centres))])
        apply(beneficiary, data, checked, today)
        beneficiary.registration_number = "PM-" + "".join(_ALPHABET[rng.randrange(32)] for _ in range(8))
        beneficiary.registration_number = (
            f"{beneficiary.registration_number[:7]}-{beneficiary.registration_number[7:]}"
        )
        built.append(beneficiary)
    return built


def synthesise(*, count: int, seed: int, centres: list[Sentra], out: Any = None) -> tuple[int, int]:
    """Insert ``count`` synthetic persons (skipping NIKs already stored); returns (created, skipped)."""
    places = places_from_regions()
    known_regions = bool(places)
    rng = random.Random(f"numbers-{seed}")  # noqa: S311 - reproducible test data, not secrets
    today = timezone.localdate()
    rows_iter = synth.generate(count, seed=seed, places=places or None)
    bulk = connection.vendor == "postgresql" and count >= BULK_LOAD_ROWS
    if bulk:
        with connection.cursor() as cursor:
            cursor.execute("SET synchronous_commit TO off")
            for name in TRIGRAM_INDEXES:
                cursor.execute(f"DROP INDEX IF EXISTS {name}")
    try:
        return _load(
            rows_iter,
            count=count,
            centres=centres,
            rng=rng,
            today=today,
            known_regions=known_regions,
            out=out,
        )
    finally:
        if bulk:
            with connection.cursor() as cursor:
                for statement in TRIGRAM_INDEXES.values():
                    cursor.execute(statement)
                cursor.execute("SET synchronous_commit TO on")


def _load(
    rows_iter: Any,
    *,
    count: int,
    centres: list[Sentra],
    rng: random.Random,
    today: Any,
    known_regions: bool,
    out: Any,
) -> tuple[int, int]:
    created = skipped = 0
    started = time.perf_counter()
    while True:
        rows = [row for _, row in zip(range(BATCH), rows_iter, strict=False)]
        if not rows:
            break
        batch = build(rows, centres=centres, rng=rng, today=today, known_regions=known_regions)
        hashes = [b.nik_hash for b in batch if b.nik_hash]
        existing = set(Beneficiary.objects.filter(nik_hash__in=hashes).values_list("nik_hash", flat=True))
        numbers = [b.registration_number for b in batch]
        taken = set(
            Beneficiary.objects.filter(registration_number__in=numbers).values_list(
                "registration_number", flat=True
            )
        )
        fresh = [b for b in batch if b.nik_hash not in existing and b.registration_number not in taken]
        with transaction.atomic():
            write_batch(fresh)
        created += len(fresh)
        skipped += len(batch) - len(fresh)
        if out is not None:
            rate = (created + skipped) / max(1e-9, time.perf_counter() - started)
            out.write(f"  {created + skipped}/{count} ({rate:,.0f} rows/s)")
    return created, skipped


class Command(BaseCommand):
    help = (
        "Generate N synthetic beneficiaries (realistic Indonesian names by region, valid NIKs consistent "
        "with region, birth date and sex), the same for the same seed. Runs again without duplicating NIKs."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--beneficiaries", type=int, required=True, help="How many persons")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (same seed, same persons)")
        parser.add_argument("--sentra", default="", help="Code of the registering centre (default: all)")

    def handle(self, *args: Any, **options: Any) -> None:
        count: int = options["beneficiaries"]
        if count < 1:
            raise CommandError(_("--beneficiaries must be at least 1."))
        code: str = options["sentra"]
        queryset = Sentra.objects.filter(is_active=True).order_by("pk")
        if code:
            queryset = queryset.filter(code=code)
        centres = list(queryset)
        if not centres:
            raise CommandError(
                _("No centre with the code '{code}'.").format(code=code)
                if code
                else _("No centre exists yet: run 'sentra demo' or create one first.")
            )
        created, skipped = synthesise(count=count, seed=options["seed"], centres=centres, out=self.stdout)
        self.stdout.write(
            self.style.SUCCESS(
                _("{created} synthetic beneficiaries created, {skipped} already present.").format(
                    created=created, skipped=skipped
                )
            )
        )
