"""Demo inventories: every demo centre holds most of what its standards ask for, with some gaps,
broken and worn-out items; Pangudi Luhur Bekasi and Handayani Jakarta lend wheelchairs and keep a
waiting list (no prosthesis or orthosis in stock, fewer hearing aids than people who need one).

Deterministic (a random generator seeded by the centre's code, dates counted from a fixed day) and
idempotent: a centre that already holds items, or already has device needs, is left as it is.
"""

from __future__ import annotations

import datetime
import random
import zlib

from django.utils.translation import gettext as _

from sentra.beneficiaries.models import Beneficiary
from sentra.equipment.models import Condition, DeviceRequest, Item, ItemType
from sentra.equipment.rules.gaps import StandardRule, requirements
from sentra.equipment.selectors.facts import gather, standard_rules
from sentra.equipment.services import inventory, loans
from sentra.equipment.services.inventory import ItemInput
from sentra.network.models import Sentra

REFERENCE_DAY = datetime.date(2026, 7, 1)
LOAN_CENTRES = ("pangudi-luhur-bekasi", "handayani-jakarta")
# Lendable devices every centre keeps, by catalogue code: (fewest, most).
DEVICE_POOL = {
    "wheelchair_standard": (2, 5),
    "walker_frame": (1, 3),
    "axillary_crutches": (1, 3),
    "white_cane_folding": (0, 3),
    "hearing_aid_bte": (0, 1),
}
# Needs at the loan centres: device code per person, in the order the people were registered. Each
# gets a device while one is free; prostheses and orthoses are made to measure and none is in stock,
# and hearing aids run out, so those people wait.
DEMO_NEEDS = ("wheelchair", "walker", "wheelchair", "hearing_aid", "hearing_aid", "prosthesis", "orthosis")


def _asset_prefix(centre: Sentra) -> str:
    return "".join(part[0] for part in centre.code.split("-") if part).upper()[:4]


def _add(centre: Sentra, item_type: ItemType, number: int, rng: random.Random) -> Item:
    age_days = rng.randint(60, 365 * 12)
    acquired_on = REFERENCE_DAY - datetime.timedelta(days=age_days)
    roll = rng.random()
    condition = Condition.BROKEN if roll < 0.07 else Condition.NEEDS_REPAIR if roll < 0.17 else Condition.GOOD
    return inventory.item_create(
        actor=None,
        sentra=centre,
        data=ItemInput(
            item_type_id=item_type.pk,
            asset_number=f"{_asset_prefix(centre)}-{item_type.pk:03d}-{number:03d}",
            acquired_on=acquired_on,
            acquisition_cost=item_type.unit_cost,
            location=str(_("Main building")),
            condition=condition,
        ),
    )


def _inventory(
    centre: Sentra, types: dict[str, ItemType], rules: list[StandardRule], rng: random.Random
) -> int:
    facts = gather([centre.pk], REFERENCE_DAY, rules)[centre.pk]
    by_id = {item_type.pk: item_type for item_type in types.values()}
    wanted: list[tuple[ItemType, int]] = []
    for need in requirements(facts, rules):
        # Most centres hold 60-110 % of the standard: some gaps to plan for.
        wanted.append((by_id[need.item_type_id], max(0, round(need.required * rng.uniform(0.6, 1.1)))))
    for code, (fewest, most) in DEVICE_POOL.items():
        if code in types:
            wanted.append((types[code], rng.randint(fewest, most)))
    numbers: dict[str, int] = {}
    for item_type, count in wanted:
        for _copy in range(count):
            # A type wanted twice (a standard and the loan pool) keeps counting its asset numbers.
            numbers[item_type.code] = numbers.get(item_type.code, 0) + 1
            _add(centre, item_type, numbers[item_type.code], rng)
    return sum(numbers.values())


def _needs_and_loans(centre: Sentra) -> tuple[int, int]:
    people = list(Beneficiary.objects.filter(registered_sentra=centre).order_by("pk")[: len(DEMO_NEEDS)])
    needs = 0
    lent = 0
    for position, (beneficiary, device_code) in enumerate(zip(people, DEMO_NEEDS, strict=False)):
        request = loans.request_create(
            actor=None,
            sentra=centre,
            beneficiary=beneficiary,
            device_code=device_code,
            requested_on=REFERENCE_DAY + datetime.timedelta(days=position * 7),
            source=str(_("Demo: assessment by the physiotherapist")),
        )
        needs += 1
        if loans.free_devices(centre.pk, device_code).exists():
            loans.loan_issue(
                actor=None,
                request=request,
                issued_on=REFERENCE_DAY + datetime.timedelta(days=position * 7 + 2),
            )
            lent += 1
    return needs, lent


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    types = {item_type.code: item_type for item_type in ItemType.objects.filter(is_active=True)}
    rules = standard_rules()
    items = needs = lent = 0
    for code in sorted(centres):
        centre = centres[code]
        rng = random.Random(zlib.crc32(code.encode()))  # noqa: S311 - demo data, not secrets
        if not Item.objects.filter(sentra=centre).exists():
            items += _inventory(centre, types, rules, rng)
        if code in LOAN_CENTRES and not DeviceRequest.objects.filter(sentra=centre).exists():
            made, given = _needs_and_loans(centre)
            needs += made
            lent += given
    return {
        str(_("Equipment items")): items,
        str(_("Assistive-device needs")): needs,
        str(_("Assistive-device loans")): lent,
    }
