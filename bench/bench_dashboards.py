"""Dashboards at national scale, on PostgreSQL: 1,000,000 beneficiaries, 1,000,000 cases and
10,000,000 service records over 40 centres and 36 months.

* Centre dashboard (12 months, a centre head) and national dashboard (12 months, a national analyst,
  with filter variants) rendered through Django's test ``Client`` (full middleware, session, template):
  p50/p95 over repeated requests. They read the rollup tables only.
* Baseline, same run: the same pages with the same code, their figures computed from the raw tables
  instead of the rollups (``RawSource``: one grouped pass per source table over the 12 months, the
  best a page could do without rollups). Ratio = baseline p50 / dashboard p50.
* Referrals between centres (people / 10) and complaints (people / 50) exercise the referral-response
  and complaint-deadline indicators.
* Also reported: a full rollup rebuild and an incremental refresh after 1,000 new service records.

Data are generated once with set-based SQL (``generate_series``) into the database ``bench_insights``
(``BENCH_INSIGHTS_DATABASE``) on the server ``DATABASE_URL`` points at, and reused by later runs.
Columns the benchmark does not care about get a neutral value of their type, so the generator keeps
working when other apps add columns. Sizes: ``BENCH_DASHBOARD_PEOPLE`` (1,000,000) and
``BENCH_DASHBOARD_SERVICES`` (10,000,000). Without PostgreSQL it prints a note and reports nothing.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Iterator
from typing import Any

from bench.harness import Result, percentile

PEOPLE = int(os.environ.get("BENCH_DASHBOARD_PEOPLE", "1000000"))
SERVICES = int(os.environ.get("BENCH_DASHBOARD_SERVICES", "10000000"))
CENTRES = 40
DAYS = 1095  # three years of openings, ending today
REQUESTS = 40
BASELINE_REQUESTS = 5
CHUNK = 1_000_000
CLUSTERS = ["anak", "lansia", "disabilitas", "napza", "tuna_sosial", "bencana", "ppks_lainnya"]
STAGES = ["pendekatan_awal", "asesmen", "perencanaan", "intervensi", "monitoring_evaluasi"]
REASONS = ["goals_achieved", "reunified", "referred", "moved", "dropped_out"]


def _switch_database() -> str:
    from django.core.management import call_command
    from django.db import connection, connections

    name = os.environ.get("BENCH_INSIGHTS_DATABASE", "bench_insights")
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


def _neutral(data_type: str) -> str:
    if data_type in ("jsonb", "json"):
        return "'[]'::jsonb" if data_type == "jsonb" else "'[]'::json"
    if data_type == "boolean":
        return "false"
    if data_type in ("integer", "bigint", "smallint", "numeric", "double precision", "real"):
        return "0"
    if data_type == "date":
        return "current_date"
    if data_type.startswith("timestamp"):
        return "now()"
    if data_type == "uuid":
        return "gen_random_uuid()"
    return "''"


def _insert_series(table: str, count: int, values: dict[str, str], *, start: int = 1) -> None:
    """INSERT ... SELECT over generate_series(i): ``values`` maps columns to SQL expressions of i;
    every other NOT NULL column without a default gets a neutral value of its type."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT column_name, data_type FROM information_schema.columns
               WHERE table_name = %s AND is_nullable = 'NO' AND column_default IS NULL
                 AND is_identity = 'NO'""",
            [table],
        )
        columns = dict(values)
        for name, data_type in cursor.fetchall():
            columns.setdefault(name, _neutral(data_type))
        names = ", ".join(f'"{name}"' for name in columns)
        expressions = ", ".join(columns.values())
        done = 0
        while done < count:
            size = min(CHUNK, count - done)
            first = start + done
            cursor.execute(
                f'INSERT INTO "{table}" ({names}) SELECT {expressions} '  # noqa: S608 - bench-only SQL of constants
                f"FROM generate_series({first}, {first + size - 1}) AS i"
            )
            done += size
            print(f"    {table}: {done:,} / {count:,}", flush=True)


def _table(model: Any) -> str:
    return str(model._meta.db_table)


def _generate() -> dict[str, Any]:
    """Centres and staff through the ORM (few), people, cases and services with set-based SQL (many)."""
    from decimal import Decimal

    from django.db import connection

    from sentra.beneficiaries.models import Beneficiary
    from sentra.cases.models import Case, CasePlan, ServiceDelivery, StageTransition, Task, WaitingListEntry
    from sentra.core.models import Role, User
    from sentra.insights.rules.regions import PROVINCES
    from sentra.network.models import Membership, Provenance, Region, Sentra, SentraKind, ServiceComponent

    for province in PROVINCES:
        Region.objects.get_or_create(code=province.code, defaults={"name": province.name_id, "level": 1})
    centres = []
    for index in range(CENTRES):
        province = PROVINCES[index % len(PROVINCES)]
        centre, _ = Sentra.objects.get_or_create(
            code=f"bench-{index:02d}",
            defaults={
                "name": f"Sentra Bench {index:02d}",
                "kind": SentraKind.NATIONAL if index < 31 else SentraKind.UPTD,
                "region_id": province.code,
                "latitude": Decimal("-6.2") + Decimal(index % 7),
                "longitude": Decimal("100") + Decimal(index),
                "time_zone": "Asia/Jakarta",
                "clusters": CLUSTERS,
                "settings_offered": ["residential", "family", "community"],
                "provenance": Provenance.INVENTED,
            },
        )
        centres.append(centre)
    managers = []
    for centre in centres:
        manager, created = User.objects.get_or_create(
            username=f"bench-cm-{centre.code}", defaults={"role": Role.CASE_MANAGER, "first_name": "Bench"}
        )
        if created:
            Membership.objects.create(user=manager, sentra=centre)
        managers.append(manager)
    head, created = User.objects.get_or_create(username="bench-head", defaults={"role": Role.CENTRE_HEAD})
    if created:
        Membership.objects.create(user=head, sentra=centres[0])
    analyst, _ = User.objects.get_or_create(
        username="bench-analyst", defaults={"role": Role.NATIONAL_ANALYST}
    )
    if Case.objects.count() >= PEOPLE:
        return {"head": head, "analyst": analyst, "centre": centres[0]}
    first_centre, first_manager = centres[0].pk, managers[0].pk
    components = sorted(ServiceComponent.objects.values_list("pk", flat=True))
    started = time.perf_counter()
    print(f"  generating {PEOPLE:,} people and cases, {SERVICES:,} services ...", flush=True)
    cluster_array = "ARRAY[" + ",".join(f"'{c}'" for c in CLUSTERS) + "]"
    stage_array = "ARRAY[" + ",".join(f"'{s}'" for s in STAGES) + "]"
    reason_array = "ARRAY[" + ",".join(f"'{r}'" for r in REASONS) + "]"
    _insert_series(
        _table(Beneficiary),
        PEOPLE,
        {
            "registration_number": "'B' || lpad(i::text, 9, '0')",
            "registered_sentra_id": f"{first_centre} + (i % {CENTRES})",
            "full_name": "'Penerima ' || i",
            "name_key": "'penerima ' || i",
            "sex": "CASE WHEN i % 2 = 0 THEN 'F' ELSE 'M' END",
            "intake_channel": "'walk_in'",
            "no_nik_reason": "'never_registered'",
            "clusters": f"jsonb_build_array(({cluster_array})[1 + i % 7])",
            "created_at": f"now() - ((i % {DAYS}) || ' days')::interval",
            "updated_at": "now()",
        },
    )
    first_person = Beneficiary.objects.order_by("pk").values_list("pk", flat=True)[0]
    # One case per person; a third terminated and closed; opened over three years.
    _insert_series(
        _table(Case),
        PEOPLE,
        {
            "case_number": "'BK-' || i",
            "beneficiary_id": f"{first_person} - 1 + i",
            "sentra_id": f"{first_centre} + (i % {CENTRES})",
            "case_manager_id": f"{first_manager} + (i % {CENTRES})",
            "setting": "(ARRAY['residential','family','community'])[1 + i % 3]",
            "cluster": f"({cluster_array})[1 + (i / {CENTRES}) % 7]",
            "stage": f"CASE WHEN i % 3 = 0 THEN 'terminasi' ELSE ({stage_array})[1 + i % 5] END",
            "opened_on": f"current_date - (i % {DAYS})",
            "terminated_on": f"CASE WHEN i % 3 = 0 THEN current_date - (i % {DAYS}) + 90 END",
            "closed_on": f"CASE WHEN i % 3 = 0 THEN current_date - (i % {DAYS}) + 90 END",
            "termination_reason": f"CASE WHEN i % 3 = 0 THEN ({reason_array})[1 + i % 5] ELSE '' END",
            # Written a day ago: the incremental refresh below sees only what the benchmark adds.
            "created_at": "now() - interval '1 day'",
            "updated_at": "now() - interval '1 day'",
        },
    )
    first_case = Case.objects.order_by("pk").values_list("pk", flat=True)[0]
    with connection.cursor() as cursor:
        # Terminations land no later than today.
        cursor.execute(
            f'UPDATE "{_table(Case)}" SET terminated_on = current_date, closed_on = current_date '  # noqa: S608
            "WHERE terminated_on > current_date"
        )
    _insert_series(
        _table(StageTransition),
        PEOPLE // 2,
        {
            "case_id": f"{first_case} - 1 + 2 * i",
            "from_stage": "'asesmen'",
            "to_stage": "'perencanaan'",
            "at": f"LEAST(now() - interval '1 day', now() - ((((2 * i) % {DAYS}) - 1 - (i % 20)) || ' days')"
            "::interval)",
            "reason": "''",
        },
    )
    _insert_series(
        _table(CasePlan),
        PEOPLE // 3,
        {
            "case_id": f"{first_case} - 1 + 3 * i",
            "version": "1",
            "status": "'approved'",
            "created_by_id": f"{first_manager}",
            "created_at": "now()",
            "approved_at": (
                f"LEAST(now() - interval '1 day', now() - ((((3 * i) % {DAYS}) - 5 - (i % 30)) || ' days')"
                "::interval)"
            ),
        },
    )
    component_array = "ARRAY[" + ",".join(str(pk) for pk in components) + "]"
    _insert_series(
        _table(ServiceDelivery),
        SERVICES,
        {
            "case_id": f"{first_case} + (i % {PEOPLE})",
            "delivered_on": f"current_date - ((i % {PEOPLE}) % {DAYS}) + (i / {PEOPLE}) * 7 % 60",
            "component_id": f"({component_array})[1 + i % {len(components)}]",
            "attendance": "(ARRAY['attended','attended','attended','partial','absent'])[1 + i % 5]",
            "provider_id": f"{first_manager}",
            "recorded_by_id": f"{first_manager}",
            "recorded_at": "now() - interval '1 day'",
            "duration_minutes": "60",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f'UPDATE "{_table(ServiceDelivery)}" SET delivered_on = current_date '  # noqa: S608
            "WHERE delivered_on > current_date"
        )
    _insert_series(
        _table(Task),
        PEOPLE // 10,
        {
            "sentra_id": f"{first_centre} + (i % {CENTRES})",
            "case_id": f"{first_case} + i",
            "title": "'Tindak lanjut'",
            "due_on": "current_date - 30 + (i % 60)",
            "status": "'open'",
            "kind": "'manual'",
            "created_at": "now()",
        },
    )
    _insert_series(
        _table(WaitingListEntry),
        PEOPLE // 50,
        {
            "sentra_id": f"{first_centre} + (i % {CENTRES})",
            "beneficiary_id": f"{first_person} + i",
            "case_id": f"{first_case} + i",
            "waiting_for": "'place'",
            "urgency": "'normal'",
            "added_on": "current_date - (i % 200)",
            "added_by_id": f"{first_manager}",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)
    return {"head": head, "analyst": analyst, "centre": centres[0]}


def _generate_referrals_and_complaints(centre_count: int = CENTRES) -> None:
    """Referrals between centres (PEOPLE / 10) and complaints (PEOPLE / 50), so the referral-response
    and complaint-deadline indicators are computed at scale too. Added once, also to a database made
    before they were part of the benchmark."""
    import datetime

    from django.db import connection

    from sentra.beneficiaries.models import Beneficiary, Consent
    from sentra.cases.models import Case, Referral
    from sentra.core.models import Role, User
    from sentra.network.models import Sentra
    from sentra.quality.models import Complaint, ComplaintCategory

    if Referral.objects.exists():
        return
    started = time.perf_counter()
    referrals, complaints = PEOPLE // 10, PEOPLE // 50
    print(f"  generating {referrals:,} referrals and {complaints:,} complaints ...", flush=True)
    first_centre = Sentra.objects.filter(code="bench-00").values_list("pk", flat=True)[0]
    first_case = Case.objects.order_by("pk").values_list("pk", flat=True)[0]
    sender = User.objects.filter(role=Role.CASE_MANAGER, username__startswith="bench-cm-").order_by("pk")[0]
    # One consent stands for every referral: the indicators read neither it nor the person.
    consent, _ = Consent.objects.get_or_create(
        beneficiary=Beneficiary.objects.order_by("pk")[0],
        purpose="referral_sharing",
        defaults={"given_by": "self", "method": "written", "given_on": datetime.date(2024, 1, 1)},
    )
    # Sent over three years; 80% answered within 0-119 hours (due in 3 days), the rest still open.
    _insert_series(
        _table(Referral),
        referrals,
        {
            "case_id": f"{first_case} + (i * 7) % {PEOPLE}",
            "from_sentra_id": f"{first_centre} + ((i + 1) % {centre_count})",
            "to_sentra_id": f"{first_centre} + (i % {centre_count})",
            "target_kind": "'sentra'",
            "outside_name": "''",
            "reason": "'Rujukan'",
            "urgency": "'normal'",
            "consent_id": str(consent.pk),
            "shared_summary": "'{}'::jsonb",
            "status": "CASE WHEN i % 5 = 0 THEN 'sent' ELSE 'accepted' END",
            "sent_at": f"now() - interval '1 day' - ((i % {DAYS}) || ' days')::interval",
            "sent_by_id": str(sender.pk),
            "response_due_on": f"(now() - interval '1 day' - ((i % {DAYS}) || ' days')::interval)::date + 3",
            "responded_at": f"CASE WHEN i % 5 = 0 THEN NULL ELSE now() - interval '1 day' "
            f"- ((i % {DAYS}) || ' days')::interval + ((i % 120) || ' hours')::interval END",
        },
    )
    category, _ = ComplaintCategory.objects.get_or_create(
        code="bench-umum",
        defaults={
            "name_id": "Umum",
            "name_en": "General",
            "response_days": 3,
            "resolution_days": 14,
            "reminder_days": 1,
        },
    )
    # Received over three years; three in four resolved within 0-19 days (due in 14).
    _insert_series(
        _table(Complaint),
        complaints,
        {
            "sentra_id": f"{first_centre} + (i % {centre_count})",
            "tracking_code": "'BENCH-' || i",
            "channel": "'web'",
            "category_id": str(category.pk),
            "about": "'centre'",
            "description": "'Keluhan'",
            "status": "CASE WHEN i % 4 = 0 THEN 'received' ELSE 'resolved' END",
            "received_at": f"now() - interval '1 day' - ((i % {DAYS}) || ' days')::interval",
            "respond_by": f"(now() - interval '1 day' - ((i % {DAYS}) || ' days')::interval)::date + 3",
            "resolve_by": f"(now() - interval '1 day' - ((i % {DAYS}) || ' days')::interval)::date + 14",
            "resolved_at": f"CASE WHEN i % 4 = 0 THEN NULL ELSE now() - interval '1 day' "
            f"- ((i % {DAYS}) || ' days')::interval + ((i % 20) || ' days')::interval END",
            "escalation_level": "0",
        },
    )
    with connection.cursor() as cursor:
        # Nothing answered or resolved in the future.
        cursor.execute(
            f"UPDATE \"{_table(Referral)}\" SET responded_at = now() - interval '1 day' "  # noqa: S608
            "WHERE responded_at > now() - interval '1 day'"
        )
        cursor.execute(
            f"UPDATE \"{_table(Complaint)}\" SET resolved_at = now() - interval '1 day' "  # noqa: S608
            "WHERE resolved_at > now() - interval '1 day'"
        )
        cursor.execute("ANALYZE")
    print(f"  generated in {time.perf_counter() - started:.0f} s", flush=True)


def _timed(call: Callable[[], Any], count: int) -> list[float]:
    samples = []
    for _ in range(count):
        start = time.perf_counter()
        call()
        samples.append(time.perf_counter() - start)
    return samples


def _client_for(user: Any) -> Any:
    from django.test import Client

    client = Client()
    client.force_login(user)
    session = client.session
    session["sentra_login_at"] = time.time()
    session["sentra_2fa_ok"] = True
    session.save()
    return client


def _get(client: Any, url: str) -> Callable[[], Any]:
    def call() -> Any:
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response

    return call


@contextlib.contextmanager
def _raw_figures() -> Iterator[None]:
    """Pages compute their figures from the raw tables while inside (the same code, another source)."""
    from sentra.insights.selectors import dashboards, national
    from sentra.insights.selectors.sources import RawSource

    raw = RawSource()
    original_centre, original_national = dashboards.centre_figures, national.national_view

    def raw_centre(**kwargs: Any) -> Any:
        return original_centre(**{**kwargs, "source": raw})

    def raw_national(**kwargs: Any) -> Any:
        return original_national(**{**kwargs, "source": raw})

    dashboards.centre_figures = raw_centre
    national.national_view = raw_national
    try:
        yield
    finally:
        dashboards.centre_figures, national.national_view = original_centre, original_national


def run() -> list[Result]:
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql":
        print("bench_dashboards: needs PostgreSQL (DATABASE_URL=postgres://...); skipped")
        return []
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    name = _switch_database()
    print(f"bench_dashboards: database {name}", flush=True)
    world = _generate()
    _generate_referrals_and_complaints()
    from django.utils import timezone

    from sentra.cases.models import ServiceDelivery
    from sentra.insights.services.rollups import refresh_rollups

    started = time.perf_counter()
    full = refresh_rollups(full=True)
    full_seconds = time.perf_counter() - started
    # An incremental run after 1,000 new service records.
    sample = list(
        ServiceDelivery.objects.order_by("-id").values("case_id", "component_id", "provider_id")[:1000]
    )
    ServiceDelivery.objects.bulk_create(
        ServiceDelivery(
            case_id=item["case_id"],
            component_id=item["component_id"],
            provider_id=item["provider_id"],
            recorded_by_id=item["provider_id"],
            delivered_on=timezone.localdate(),
            attendance="attended",
        )
        for item in sample
    )
    started = time.perf_counter()
    incremental = refresh_rollups()
    incremental_seconds = time.perf_counter() - started

    head = _client_for(world["head"])
    analyst = _client_for(world["analyst"])
    centre_url = "/dashboard/?months=12"
    national_urls = [
        "/dashboard/national/?months=12",
        "/dashboard/national/?months=12&cluster=lansia",
        "/dashboard/national/?months=3&rank=intake",
    ]
    results: list[Result] = []
    for label, client, urls in (("centre", head, [centre_url]), ("national", analyst, national_urls)):
        for url in urls:
            _get(client, url)()  # warm-up
        samples = [s for url in urls for s in _timed(_get(client, url), REQUESTS // len(urls) + 1)]
        # The baseline: the same page, its figures computed from the raw tables.
        with _raw_figures():
            baseline = _timed(_get(client, urls[0]), BASELINE_REQUESTS)
        p50, p95 = percentile(samples, 0.5), percentile(samples, 0.95)
        base50 = percentile(baseline, 0.5)
        results.append(
            Result(
                name=f"{label} dashboard ({PEOPLE:,} people, {SERVICES:,} services), p50/p95",
                figure=f"{p50 * 1000:.0f} ms / {p95 * 1000:.0f} ms (target p95 <= 300 ms: "
                f"{'met' if p95 <= 0.3 else 'MISSED'})",
                ratio=base50 / p50 if p50 else 0.0,
                baseline=f"same page from the raw tables p50 {base50 * 1000:.0f} ms",
            )
        )
    results.append(
        Result(
            name="rollups: full rebuild / incremental after 1,000 new services",
            figure=f"{full_seconds:.1f} s ({full.cluster_rows:,} rows) / {incremental_seconds:.2f} s "
            f"({incremental.cells} cells)",
            ratio=full_seconds / incremental_seconds if incremental_seconds else 0.0,
            baseline=f"full rebuild {full_seconds:.1f} s",
        )
    )
    return results
