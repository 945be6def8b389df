"""The national equipment gap and budget on PostgreSQL: 31 national sentra and 5,000 partner
institutions holding 2,000,000 inventory items, with capacities and 10,000 device needs.

Candidate: ``compute_national_plan`` — one GROUP BY per fact table for every centre at once, then the
pure rules per centre in Python. Baselines measured in the same run: a naive per-centre loop (fetch
each centre's items and count them in Python) on a sample of centres, extrapolated to every centre,
and a plain ``COUNT(*)`` scan of the item table (the floor any computation over the items pays).

Run with your own database: ``DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_equipment
python -m bench bench_equipment``. It migrates if needed, loads the rows with COPY, and removes its
rows afterwards.
"""

from __future__ import annotations

import datetime
import random
import time
from decimal import Decimal

from bench.harness import Result

NATIONAL = 31
PARTNERS = 5_000
ITEMS = 2_000_000
NATIONAL_SHARE = 0.15  # national sentra are large: 15 % of the items sit in 31 of the 5,031 centres
PEOPLE = 5_000
NEEDS_PER_PERSON = 2
TARGET_SECONDS = 30.0
SAMPLE = 50
CODE_PREFIX = "bench-eq-"
TODAY = datetime.date(2026, 11, 29)


def _centres() -> list[int]:
    from sentra.network.models import CentreCapacity, Provenance, Region, Sentra, SentraKind, ServiceComponent

    province, _ = Region.objects.get_or_create(code="31", defaults={"name": "DKI Jakarta", "level": 1})
    city, _ = Region.objects.get_or_create(
        code="31.71", defaults={"name": "Kota Adm. Jakarta Pusat", "level": 2, "parent": province}
    )
    rows = [
        Sentra(
            code=f"{CODE_PREFIX}{index:05d}",
            name=f"Bench {index}",
            kind=SentraKind.NATIONAL if index < NATIONAL else SentraKind.LKS,
            region=city,
            latitude=Decimal("-6.2"),
            longitude=Decimal("106.8"),
            time_zone="Asia/Jakarta",
            provenance=Provenance.INVENTED,
        )
        for index in range(NATIONAL + PARTNERS)
    ]
    Sentra.objects.bulk_create(rows, batch_size=2000)
    centres = list(
        Sentra.objects.filter(code__startswith=CODE_PREFIX).order_by("code").values_list("pk", flat=True)
    )
    components = list(ServiceComponent.objects.values_list("pk", flat=True))
    generator = random.Random(7)
    capacities = []
    for position, centre_id in enumerate(centres):
        national = position < NATIONAL
        settings = (
            ["residential", "community"] if national else [generator.choice(["residential", "community"])]
        )
        for setting in settings:
            for component in generator.sample(components, 5 if national else 3):
                places = generator.randint(40, 300) if national else generator.randint(10, 60)
                capacities.append(
                    CentreCapacity(
                        sentra_id=centre_id, component_id=component, setting=setting, places=places
                    )
                )
    CentreCapacity.objects.bulk_create(capacities, batch_size=5000)
    return centres


def _items(centres: list[int]) -> None:
    from django.db import connection
    from django.utils import timezone

    from sentra.equipment.models import ItemType

    types = list(ItemType.objects.values_list("pk", "lifespan_years", "unit_cost"))
    generator = random.Random(11)
    national = centres[:NATIONAL]
    partners = centres[NATIONAL:]
    conditions = ["good"] * 80 + ["needs_repair"] * 10 + ["broken"] * 6 + ["written_off"] * 4
    now = timezone.now()
    columns = (
        "sentra_id, item_type_id, asset_number, serial_number, location, acquired_on, acquisition_cost, "
        "lifespan_years, lifespan_ends_on, condition, condition_on, on_loan, notes, created_at, updated_at"
    )
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3: COPY streams the rows in one round trip
        with raw.copy(f"COPY equipment_item ({columns}) FROM STDIN") as copy:
            for index in range(ITEMS):
                centre = (
                    generator.choice(national)
                    if generator.random() < NATIONAL_SHARE
                    else generator.choice(partners)
                )
                type_id, lifespan, cost = generator.choice(types)
                acquired = TODAY - datetime.timedelta(days=generator.randint(30, 365 * 15))
                try:
                    ends = acquired.replace(year=acquired.year + lifespan)
                except ValueError:
                    ends = acquired.replace(year=acquired.year + lifespan, day=28)
                copy.write_row(
                    (centre, type_id, f"B{index:08d}", "", "", acquired, cost, lifespan, ends,
                     generator.choice(conditions), None, False, "", now, now)
                )  # fmt: skip
        cursor.execute("ANALYZE equipment_item")


def _needs(centres: list[int]) -> None:
    from sentra.beneficiaries.services.registration import BeneficiaryInput, beneficiary_create_unchecked
    from sentra.equipment.models import DeviceCode, DeviceRequest
    from sentra.network.models import Sentra

    generator = random.Random(13)
    sentra_by_id = Sentra.objects.in_bulk(centres)
    people = []
    for index in range(PEOPLE):
        centre = sentra_by_id[generator.choice(centres)]
        data = BeneficiaryInput(
            full_name=f"Bench Person {index}",
            sex="M" if index % 2 else "F",
            intake_channel="walk_in",
            no_nik_reason="never_registered",
            birth_date=datetime.date(1960 + index % 50, 1 + index % 12, 1 + index % 28),
        )
        people.append(beneficiary_create_unchecked(actor=None, sentra=centre, data=data, today=TODAY))
    from sentra.beneficiaries.models import Beneficiary

    Beneficiary.objects.bulk_create(people, batch_size=2000)
    codes = list(DeviceCode.values)
    requests = []
    for person in Beneficiary.objects.filter(full_name__startswith="Bench Person ").values_list(
        "pk", "registered_sentra_id"
    ):
        for code in generator.sample(codes, NEEDS_PER_PERSON):
            status = "waiting" if generator.random() < 0.6 else "closed"
            requests.append(
                DeviceRequest(
                    sentra_id=person[1],
                    beneficiary_id=person[0],
                    device_code=code,
                    status=status,
                    requested_on=TODAY,
                )
            )
    DeviceRequest.objects.bulk_create(requests, batch_size=5000)


def _naive_centre(centre_id: int, today: datetime.date) -> object:
    """The baseline: a centre's rows fetched and counted in Python, then the same rules."""
    from sentra.equipment.models import DeviceRequest, Item
    from sentra.equipment.rules.gaps import CentreFacts, centre_plan
    from sentra.equipment.selectors.facts import plan_year_end, standard_rules, type_infos
    from sentra.network.models import CentreCapacity

    facts = CentreFacts(centre_id=centre_id)
    for component, setting, places in CentreCapacity.objects.filter(sentra_id=centre_id).values_list(
        "component_id", "setting", "places"
    ):
        facts.places[(component, setting)] = places
    end = plan_year_end(today)
    for type_id, condition, on_loan, ends in Item.objects.filter(sentra_id=centre_id).values_list(
        "item_type_id", "condition", "on_loan", "lifespan_ends_on"
    ):
        facts.items_ever += 1
        if condition == "written_off":
            continue
        facts.items_held += 1
        if condition == "good":
            facts.good[type_id] = facts.good.get(type_id, 0) + 1
        if on_loan:
            continue
        facts.held[type_id] = facts.held.get(type_id, 0) + 1
        if condition in ("good", "needs_repair"):
            facts.usable[type_id] = facts.usable.get(type_id, 0) + 1
        if condition == "broken" or ends <= end:
            facts.to_replace[type_id] = facts.to_replace.get(type_id, 0) + 1
    for code, status in DeviceRequest.objects.filter(sentra_id=centre_id).values_list(
        "device_code", "status"
    ):
        if status != "cancelled":
            facts.needs_total[code] = facts.needs_total.get(code, 0) + 1
        if status == "waiting":
            facts.waiting[code] = facts.waiting.get(code, 0) + 1
    return centre_plan(facts, standard_rules(), type_infos())


def _cleanup() -> None:
    from django.db import connection

    from sentra.equipment.models import DeviceRequest, Item

    like = [f"{CODE_PREFIX}%"]
    with connection.cursor() as cursor:
        only_bench = not (
            Item.objects.exclude(sentra__code__startswith=CODE_PREFIX).exists()
            or DeviceRequest.objects.exclude(sentra__code__startswith=CODE_PREFIX).exists()
        )
        if only_bench:
            # The database holds nothing but bench rows: TRUNCATE skips 2 million deferred FK checks.
            cursor.execute(
                "TRUNCATE equipment_loan, equipment_devicerequest, equipment_inspection, "
                "equipment_maintenancerecord, equipment_itemphoto, equipment_item"
            )
        else:
            cursor.execute(
                "DELETE FROM equipment_devicerequest WHERE sentra_id IN "
                "(SELECT id FROM network_sentra WHERE code LIKE %s)",
                like,
            )
            cursor.execute(
                "DELETE FROM equipment_item WHERE sentra_id IN "
                "(SELECT id FROM network_sentra WHERE code LIKE %s)",
                like,
            )
        cursor.execute(
            "DELETE FROM network_centrecapacity WHERE sentra_id IN "
            "(SELECT id FROM network_sentra WHERE code LIKE %s)",
            like,
        )
        cursor.execute("DELETE FROM beneficiaries_beneficiary WHERE full_name LIKE %s", ["Bench Person %"])
        cursor.execute("DELETE FROM network_sentra WHERE code LIKE %s", like)


def run() -> list[Result]:
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        print(
            "bench_equipment: skipped, DATABASE_URL is not PostgreSQL "
            "(set it to your own postgres:// database)."
        )
        return []
    call_command("migrate", verbosity=0)

    from sentra.equipment.models import Item
    from sentra.equipment.selectors.plans import compute_national_plan

    _cleanup()
    try:
        started = time.perf_counter()
        centres = _centres()
        _items(centres)
        _needs(centres)
        print(
            f"bench_equipment: {len(centres):,} centres, {Item.objects.count():,} items ready in "
            f"{time.perf_counter() - started:.1f} s",
            flush=True,
        )
        compute_national_plan(today=TODAY)  # warm the caches once, as a running server would be
        started = time.perf_counter()
        plan = compute_national_plan(today=TODAY)
        candidate = time.perf_counter() - started

        sample = random.Random(3).sample(centres, SAMPLE)
        started = time.perf_counter()
        naive_cost = Decimal(0)
        for centre_id in sample:
            naive_cost += _naive_centre(centre_id, TODAY).total_cost  # type: ignore[attr-defined]
        naive = (time.perf_counter() - started) / SAMPLE * len(centres)
        sampled_cost = sum((line.cost for line in plan.lines if line.centre_id in set(sample)), Decimal(0))
        assert naive_cost == sampled_cost, "the set-based plan and the per-centre baseline disagree"

        with connection.cursor() as cursor:
            started = time.perf_counter()
            cursor.execute("SELECT COUNT(*) FROM equipment_item")
            cursor.fetchone()
            scan = time.perf_counter() - started
        verdict = "under" if candidate < TARGET_SECONDS else "OVER"
        return [
            Result(
                name=(
                    f"National equipment gap and budget, {len(centres):,} centres, {ITEMS:,} items, "
                    f"{PEOPLE * NEEDS_PER_PERSON:,} device needs (set-based GROUP BY + pure rules)"
                ),
                figure=(
                    f"{candidate:.2f} s ({verdict} {TARGET_SECONDS:.0f} s; {len(plan.lines):,} budget lines, "
                    f"Rp {plan.total_cost:,.0f})"
                ),
                baseline=(
                    f"naive per-centre loop {naive:.1f} s (measured on {SAMPLE} centres, same totals); "
                    f"COUNT(*) scan {scan:.2f} s"
                ),
                ratio=candidate / naive,
            )
        ]
    finally:
        _cleanup()
