"""The IKM of 1,000,000 responses on PostgreSQL: one SUM/COUNT query plus the exact formula in Python,
against fetching every row and averaging in Python (the baseline), measured in the same run.

Run with a dedicated database: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/sentra_bench
python -m bench bench_ikm``. The database is migrated if needed; the bench rows are removed afterwards.
"""

from __future__ import annotations

import datetime
import random
import time

from bench.harness import Result, per_call_seconds

RESPONSES = 1_000_000
TARGET_SECONDS = 3.0


def _load(period_id: int) -> None:
    from django.db import connection
    from django.utils import timezone

    from sentra.quality.rules.ikm import ELEMENT_NAMES

    generator = random.Random(20261129)
    columns = [
        "period_id", *ELEMENT_NAMES, "sex", "age_group", "education", "occupation", "suggestions", "channel",
        "paper_number", "client_hash", "fingerprint", "submitted_at",
    ]  # fmt: skip
    now = timezone.now()
    weights = [5, 15, 50, 30]
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor: COPY streams the rows in one round trip
        with raw.copy(f"COPY quality_surveyresponse ({', '.join(columns)}) FROM STDIN") as copy:
            for index in range(RESPONSES):
                answers = generator.choices((1, 2, 3, 4), weights=weights, k=9)
                if index % 7 == 0:
                    answers[3] = None  # biaya sometimes left empty: NRR over the filled answers only
                copy.write_row(
                    (period_id, *answers, "F", "31-45", "sma", "private", "", "paper", "", "", "-", now)
                )
        cursor.execute("ANALYZE quality_surveyresponse")


def run() -> list[Result]:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            "bench_ikm: skipped, DATABASE_URL is not PostgreSQL (set it to a dedicated postgres:// database)."
        )
        return []
    if "quality_surveyresponse" not in connection.introspection.table_names():
        call_command("migrate", verbosity=0)

    from decimal import Decimal

    from sentra.network.models import Provenance, Region, Sentra, SentraKind
    from sentra.quality.models import PeriodKind, SurveyPeriod, SurveyResponse
    from sentra.quality.rules.ikm import ELEMENT_NAMES, compute
    from sentra.quality.selectors.survey import ikm_of_responses

    region, _ = Region.objects.get_or_create(code="31", defaults={"name": "DKI Jakarta", "level": 1})
    city, _ = Region.objects.get_or_create(
        code="31.71", defaults={"name": "Kota Adm. Jakarta Pusat", "level": 2, "parent": region}
    )
    sentra, _ = Sentra.objects.get_or_create(
        code="bench-ikm",
        defaults={
            "name": "Bench IKM",
            "kind": SentraKind.NATIONAL,
            "region": city,
            "latitude": Decimal("-6.2"),
            "longitude": Decimal("106.8"),
            "time_zone": "Asia/Jakarta",
            "provenance": Provenance.INVENTED,
        },
    )
    period, _ = SurveyPeriod.objects.get_or_create(
        sentra=sentra,
        year=2026,
        kind=PeriodKind.SEMESTER,
        half=2,
        defaults={"starts_on": datetime.date(2026, 7, 1), "ends_on": datetime.date(2026, 12, 31)},
    )
    try:
        started = time.perf_counter()
        if SurveyResponse.objects.filter(period=period).count() != RESPONSES:
            SurveyResponse.objects.filter(period=period).delete()
            _load(period.pk)
        print(
            f"bench_ikm: {RESPONSES:,} responses ready in {time.perf_counter() - started:.1f} s", flush=True
        )
        responses = SurveyResponse.objects.filter(period=period)

        def in_database() -> object:
            return ikm_of_responses(responses)

        def in_python() -> object:
            rows = responses.values_list(*ELEMENT_NAMES)
            return compute(
                dict(zip(ELEMENT_NAMES, row, strict=True)) for row in rows.iterator(chunk_size=20_000)
            )

        fast, slow = in_database(), in_python()
        assert fast == slow, "the database aggregate and the row-by-row baseline disagree"
        candidate = per_call_seconds(in_database, repeat=1, rounds=5)
        baseline = per_call_seconds(in_python, repeat=1, rounds=3)
        verdict = "under" if candidate < TARGET_SECONDS else "OVER"
        grade = fast.grade.letter if fast.grade else "-"
        return [
            Result(
                name=f"IKM of {RESPONSES:,} responses on PostgreSQL (one SUM/COUNT query + exact formula)",
                figure=f"{candidate:.3f} s ({verdict} {TARGET_SECONDS:.0f} s; IKM {fast.ikm} {grade})",
                baseline=f"fetch all rows and average in Python {baseline:.3f} s",
                ratio=candidate / baseline,
            )
        ]
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM quality_surveyresponse WHERE period_id = %s", [period.pk])
        period.delete()
        sentra.delete()
