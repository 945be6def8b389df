"""The beneficiary registry at national scale, on PostgreSQL: 1,000,000 synthetic persons.

* NIK look-up and fuzzy name search (top 20), p50/p95 latency through the API. Requests go through
  Django's test ``Client`` (the full middleware stack, session auth, ninja, JSON), in-process, so the
  figures exclude the network and the WSGI server. Baseline: fetching one person by primary key
  through the same API in the same run.
* Import throughput (rows/s) of a 100,000-row CSV through the real import job (read, validate every
  row, normalise, encrypt, hash, de-duplicate, COPY). Baselines measured in the same run:
  (a) a raw ``COPY`` of the same file into the beneficiaries table: the same 100,000 records already
      encrypted and hashed (preparation not timed), so it is the database's own floor for this table
      and its indexes;
  (b) a raw ``COPY`` of the same CSV bytes into an unindexed staging table of text columns: moving bytes
      with no validation, no index and no encryption.

The 1,000,000 persons are generated once (``sentra synth``, seed 1) into a dedicated database
(``BENCH_DATABASE_NAME``, default ``sentra_bench``, on the server ``DATABASE_URL`` points at) and reused by
later runs. Without PostgreSQL the benchmark prints a note and reports nothing.
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.harness import Result, percentile

TARGET_PERSONS = int(os.environ.get("BENCH_BENEFICIARIES", "1000000"))
IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
LOOKUPS = 300
SEARCHES = 150
WARMUP = 20


def _switch_to_bench_database() -> str:
    """Point the default connection at the dedicated bench database, creating and migrating it."""
    from django.core.management import call_command
    from django.db import connection, connections

    name = os.environ.get("BENCH_DATABASE_NAME", "sentra_bench")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cursor.fetchone() is not None
    if not exists:
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
    connections.close_all()
    connection.settings_dict["NAME"] = name
    call_command("migrate", verbosity=0, interactive=False)
    return name


def _prepare(count: int) -> tuple[Any, Any]:
    """The bench centre and account, the region list, and ``count`` synthetic persons (made once)."""
    from decimal import Decimal

    from django.db import connection

    from sentra.beneficiaries.management.commands.synth import synthesise
    from sentra.beneficiaries.models import Beneficiary
    from sentra.core.models import Role, User
    from sentra.network.management.commands.load_regions import DEFAULT_FILE, load_region_file
    from sentra.network.models import Membership, Provenance, Region, Sentra, SentraKind

    if not Region.objects.exists():
        print("  loading Kemendagri regions ...", flush=True)
        load_region_file(DEFAULT_FILE, actor_label="bench")
    centre, _created = Sentra.objects.get_or_create(
        code="bench-centre",
        defaults={
            "name": "Sentra Bench",
            "kind": SentraKind.NATIONAL,
            "region_id": "32.75",
            "latitude": Decimal("-6.2349"),
            "longitude": Decimal("107.0058"),
            "time_zone": "Asia/Jakarta",
            "clusters": ["anak", "lansia"],
            "settings_offered": ["residential"],
            "provenance": Provenance.INVENTED,
        },
    )
    user, _created = User.objects.get_or_create(username="bench-intake", defaults={"role": Role.INTAKE})
    Membership.objects.get_or_create(user=user, sentra=centre)
    present = Beneficiary.objects.filter(registered_sentra=centre, import_job__isnull=True).count()
    if present < count:
        print(
            f"  generating {count - present:,} synthetic persons (once; later runs reuse them) ...",
            flush=True,
        )
        started = time.perf_counter()
        created, _skipped = synthesise(count=count - present, seed=1 + present, centres=[centre])
        print(f"  generated {created:,} in {time.perf_counter() - started:.0f} s", flush=True)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE beneficiaries_beneficiary")
    return centre, user


def _client(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    session["sentra_login_at"] = time.time()
    session["sentra_2fa_ok"] = True
    session.save()
    return client


def _latencies(client: Any, urls: list[str]) -> list[float]:
    for url in urls[:WARMUP]:
        assert client.get(url).status_code == 200, url
    samples = []
    for url in urls:
        start = time.perf_counter()
        response = client.get(url)
        samples.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return samples


def _ms(samples: list[float]) -> tuple[float, float]:
    return percentile(samples, 0.5) * 1000, percentile(samples, 0.95) * 1000


def _lookups(client: Any, centre: Any) -> list[Result]:
    from urllib.parse import quote

    from sentra.beneficiaries.models import Beneficiary
    from sentra.beneficiaries.rules import names
    from sentra.beneficiaries.synth import variant

    rng = random.Random(2026)
    total = Beneficiary.objects.filter(registered_sentra=centre).count()
    # Random rows spread over the table (ids are dense in a freshly generated table).
    low = (
        Beneficiary.objects.filter(registered_sentra=centre)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    picks = [low + rng.randrange(total) for _ in range(LOOKUPS * 2)]
    rows = list(Beneficiary.objects.filter(pk__in=picks).exclude(nik_hash="").only("pk", "nik", "full_name"))
    rng.shuffle(rows)
    rows = rows[:LOOKUPS]
    nik_urls = [f"/api/v1/beneficiaries?q={row.nik}" for row in rows]
    pk_urls = [f"/api/v1/beneficiaries/{row.pk}" for row in rows]
    # Names as a clerk types them: spelling variants, a dropped letter, lower case.
    queries = []
    for row in rows[:SEARCHES]:
        text = variant(rng, row.full_name)
        if rng.random() < 0.3 and len(text) > 6:
            cut = rng.randrange(1, len(text) - 1)
            text = text[:cut] + text[cut + 1 :]
        queries.append(text.lower() if rng.random() < 0.5 else text)
    search_urls = [f"/api/v1/beneficiaries?q={quote(query)}&page_size=20" for query in queries]

    by_pk = _latencies(client, pk_urls)
    by_nik = _latencies(client, nik_urls)
    by_name = _latencies(client, search_urls)
    found = same_name = 0
    for row, url in zip(rows[:SEARCHES], search_urls, strict=False):
        items = client.get(url).json()["items"]
        found += any(item["id"] == row.pk for item in items)
        key = names.name_key(row.full_name)
        same_name += any(names.name_key(item["full_name"]) == key for item in items)
    pk50, pk95 = _ms(by_pk)
    nik50, nik95 = _ms(by_nik)
    name50, name95 = _ms(by_name)
    print(
        f"  fuzzy search: the person searched for is in the top 20 for {found}/{len(search_urls)} queries; "
        f"someone with exactly that name (namesakes) for {same_name}/{len(search_urls)}",
        flush=True,
    )
    return [
        Result(
            name=f"NIK look-up through the API ({total:,} persons, test Client, target p95 <= 20 ms)",
            figure=f"p50 {nik50:.1f} ms, p95 {nik95:.1f} ms",
            baseline=f"person by primary key p50 {pk50:.1f} ms, p95 {pk95:.1f} ms",
            ratio=nik95 / pk95,
        ),
        Result(
            name=f"Fuzzy name search, top 20, through the API ({total:,} persons, target p95 <= 150 ms)",
            figure=f"p50 {name50:.1f} ms, p95 {name95:.1f} ms",
            baseline=f"NIK look-up p95 {nik95:.1f} ms",
            ratio=name95 / nik95,
        ),
    ]


def _write_csv(path: Path, count: int) -> None:
    from sentra.beneficiaries.management.commands.synth import places_from_regions
    from sentra.beneficiaries.services.import_rows import COLUMNS
    from sentra.beneficiaries.synth import generate

    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for row in generate(count, seed=424242, places=places_from_regions(), repeat_share=0.0):
            writer.writerow({column: row.get(column, "") for column in COLUMNS})


def _import(centre: Any, user: Any) -> list[Result]:
    from django.conf import settings
    from django.core.files import File
    from django.db import connection, transaction
    from django.utils import timezone

    from sentra.beneficiaries.models import Beneficiary, ImportJob
    from sentra.beneficiaries.services import import_rows, imports

    with tempfile.TemporaryDirectory() as folder:
        settings.MEDIA_ROOT = folder
        path = Path(folder) / "bench_import.csv"
        _write_csv(path, IMPORT_ROWS)
        data = path.read_bytes()

        # Baseline (b): the CSV bytes into an unindexed staging table.
        columns = ", ".join(f"{name} text" for name in import_rows.COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute("DROP TABLE IF EXISTS bench_import_raw")
            cursor.execute(f"CREATE TABLE bench_import_raw ({columns})")
            start = time.perf_counter()
            with cursor.cursor.copy(
                "COPY bench_import_raw FROM STDIN WITH (FORMAT csv, HEADER true)"
            ) as copy:
                copy.write(data)
            staging_seconds = time.perf_counter() - start
            cursor.execute("DROP TABLE bench_import_raw")

        # Baseline (a): the same records, prepared untimed, COPYed into the table (rolled back).
        job = ImportJob(sentra=centre, original_name="prepared", file="none", created_by=user)
        with path.open("rb") as stream:
            header, rows = import_rows.read_rows(stream, "csv")
            values = [dict(zip(header, cells, strict=False)) for _line, cells in rows]
        today = timezone.localdate()
        prepared = []
        lookups = imports.BulkLookups(today)
        lookups.load({v["region_code"] for v in values}, set())
        for value in values:
            record, _problems = import_rows.row_input(value)
            checked = imports.check(record, today, lookups.as_lookups())
            beneficiary = Beneficiary(registered_sentra=centre, created_by=user)
            imports.apply(beneficiary, record, checked, today)
            beneficiary.created_at = beneficiary.updated_at = timezone.now()
            prepared.append(imports._copy_row(beneficiary))
        del job
        table_columns = ", ".join(f'"{field.column}"' for field in imports._COPY_FIELDS)
        with transaction.atomic():
            with connection.cursor() as cursor:
                start = time.perf_counter()
                with cursor.cursor.copy(
                    f"COPY beneficiaries_beneficiary ({table_columns}) FROM STDIN"
                ) as copy:
                    for row in prepared:
                        copy.write_row(row)
                table_seconds = time.perf_counter() - start
            transaction.set_rollback(True)

        # The real import job.
        with path.open("rb") as stream:
            job = ImportJob(sentra=centre, original_name=path.name, created_by=user)
            job.file.save(path.name, File(stream), save=False)
            job.save()
        start = time.perf_counter()
        job = imports.import_job_run(job_id=job.pk)
        import_seconds = time.perf_counter() - start
        assert job.status == "done", (job.status, job.errors[:3])
        created = job.created_count
        Beneficiary.objects.filter(import_job=job).delete()  # keep the bench database at its size
    rate = IMPORT_ROWS / import_seconds
    table_rate = IMPORT_ROWS / table_seconds
    staging_rate = IMPORT_ROWS / staging_seconds
    return [
        Result(
            name=f"CSV import, {IMPORT_ROWS:,} rows ({created:,} new), vs raw COPY of the same records "
            "into the table (target >= 25%)",
            figure=f"{rate:,.0f} rows/s",
            baseline=f"raw COPY into beneficiaries {table_rate:,.0f} rows/s",
            ratio=rate / table_rate,
        ),
        Result(
            name=f"CSV import, {IMPORT_ROWS:,} rows, vs raw COPY of the CSV bytes into a bare staging table",
            figure=f"{rate:,.0f} rows/s",
            baseline=f"raw COPY into an unindexed text table {staging_rate:,.0f} rows/s",
            ratio=rate / staging_rate,
        ),
    ]


def run() -> list[Result]:
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            "bench_beneficiaries: skipped, it needs PostgreSQL (set DATABASE_URL=postgres://...)",
            flush=True,
        )
        return []
    settings.DEBUG = False  # no query log in the measured requests
    name = _switch_to_bench_database()
    print(f"bench_beneficiaries: database {name}", flush=True)
    centre, user = _prepare(TARGET_PERSONS)
    client = _client(user)
    return [*_lookups(client, centre), *_import(centre, user)]
