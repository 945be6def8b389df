"""Demo data: the 31 national sentra plus a few UPTD and LKS, and one account per role.

Deterministic and idempotent: the same input always gives the same records, and a second run
changes nothing. Every write goes through the network and core services, so it is audited
(``actor=None``, labelled "demo"). Refuses to run in production: the demo password and two-factor
secrets are public.
"""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from sentra.core import audit
from sentra.core.models import AuditAction, Role, User
from sentra.network import rules, services
from sentra.network.models import Region, Sentra, ServiceComponent

# Each app seeds its own demo records after the centres and accounts exist, in this order (later apps
# read earlier apps' records). A seeder takes the centres by code, must be idempotent, writes through
# its app's services, and returns how many records it created by label.
AppSeeder = Callable[[dict[str, "Sentra"]], dict[str, int]]
APP_SEEDERS: tuple[str, ...] = (
    "sentra.beneficiaries.demo.seed",
    "sentra.cases.demo.seed",
    "sentra.assessments.demo.seed",
    "sentra.workforce.demo.seed",
    "sentra.training.demo.seed",
    "sentra.equipment.demo.seed",
    "sentra.quality.demo.seed",
    "sentra.placement.demo.seed",
    "sentra.insights.demo.seed",
)

DATA_FILE = Path(__file__).resolve().parent / "data" / "demo.json"
ACTOR_LABEL = "demo"
TOTP_SEED_PREFIX = "sentra-demo-totp:"

# Share of a setting's places that each ATENSI component can serve at once (component number -> weight).
# Everyone in residential care has their living needs met (1); fewer get vocational training (5), etc.
COMPONENT_WEIGHTS: dict[str, dict[int, Decimal]] = {
    "residential": {
        1: Decimal("1"),
        2: Decimal("0.6"),
        3: Decimal("0.5"),
        4: Decimal("0.8"),
        5: Decimal("0.4"),
        6: Decimal("0.3"),
        7: Decimal("0.25"),
    },
    "family": {
        1: Decimal("0.4"),
        2: Decimal("0.3"),
        3: Decimal("1"),
        4: Decimal("0.5"),
        5: Decimal("0.3"),
        6: Decimal("0.6"),
        7: Decimal("0.2"),
    },
    "community": {
        1: Decimal("0.3"),
        2: Decimal("0.2"),
        3: Decimal("0.6"),
        4: Decimal("0.4"),
        5: Decimal("0.5"),
        6: Decimal("0.8"),
        7: Decimal("0.3"),
    },
}


def demo_totp_secret(username: str) -> str:
    """A fixed base32 secret per demo account (public by design: these are demo accounts)."""
    digest = hashlib.sha256(f"{TOTP_SEED_PREFIX}{username}".encode()).digest()
    return base64.b32encode(digest[:20]).decode("ascii")


def load_demo_data(path: Path = DATA_FILE) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def spread_capacity(totals: dict[str, int], numbers: dict[str, int]) -> dict[tuple[str, str], int]:
    """``{(component_code, setting): places}`` from total places per setting, by fixed weights."""
    places: dict[tuple[str, str], int] = {}
    for setting, total in totals.items():
        for code, number in numbers.items():
            value = int((Decimal(total) * COMPONENT_WEIGHTS[setting][number]).to_integral_value())
            if value > 0:
                places[(code, setting)] = value
    return places


def required_region_codes(data: dict[str, Any]) -> set[str]:
    codes: set[str] = set()
    for centre in data["centres"]:
        codes.update(rules.region_ancestor_codes(centre["region"]))
    return codes


@dataclass
class AccountRow:
    username: str
    role: str
    centre: str
    password: str
    totp_secret: str


@dataclass
class DemoReport:
    regions_loaded: int = 0
    centres_created: int = 0
    centres_updated: int = 0
    capacity_changes: int = 0
    accounts_created: int = 0
    accounts_changed: int = 0
    accounts: list[AccountRow] = field(default_factory=list)
    # What each app's seeder created, by a translated label ("beneficiaries": 1200, ...).
    app_records: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(
            (
                any(self.app_records.values()),
                self.regions_loaded,
                self.centres_created,
                self.centres_updated,
                self.capacity_changes,
                self.accounts_created,
                self.accounts_changed,
            )
        )


def _centre_input(entry: dict[str, Any]) -> services.CentreInput:
    return services.CentreInput(
        code=entry["code"],
        name=entry["name"],
        kind=entry["kind"],
        region_code=entry["region"],
        latitude=Decimal(entry["latitude"]),
        longitude=Decimal(entry["longitude"]),
        time_zone=rules.time_zone_for_province(rules.province_of(entry["region"])),
        clusters=entry["clusters"],
        settings_offered=entry["settings"],
        address=entry.get("address", ""),
        city=entry.get("city", ""),
        provenance=entry["provenance"],
    )


def _seed_centres(data: dict[str, Any], report: DemoReport) -> dict[str, Sentra]:
    numbers = dict(ServiceComponent.objects.values_list("code", "number"))
    existing = {
        sentra.code: sentra for sentra in Sentra.objects.filter(code__in=[c["code"] for c in data["centres"]])
    }
    centres: dict[str, Sentra] = {}
    for entry in data["centres"]:
        data_in = _centre_input(entry)
        places = spread_capacity(entry["capacity"], numbers)
        sentra = existing.get(entry["code"])
        if sentra is None:
            sentra = services.centre_create(
                actor=None, data=data_in, capacities=places, actor_label=ACTOR_LABEL
            )
            report.centres_created += 1
        else:
            before = audit.snapshot(sentra)
            services.centre_update(actor=None, sentra=sentra, data=data_in, actor_label=ACTOR_LABEL)
            if audit.diff(before, audit.snapshot(sentra)):
                report.centres_updated += 1
            result = services.capacity_set(actor=None, sentra=sentra, places=places, actor_label=ACTOR_LABEL)
            report.capacity_changes += result.created + result.updated + result.deleted
        centres[entry["code"]] = sentra
    return centres


@transaction.atomic
def demo_two_factor_enrol(*, user: User, secret: str) -> None:
    """Pre-enrol a demo account with its fixed secret, so nobody needs a phone to try the demo."""
    user.totp_secret = secret
    user.totp_confirmed_at = timezone.now()
    user.totp_last_used_step = 0
    user.save(update_fields=["totp_secret", "totp_confirmed_at", "totp_last_used_step"])
    audit.record(
        actor=None,
        actor_label=ACTOR_LABEL,
        action=AuditAction.TWO_FACTOR,
        instance=user,
        changes={"totp": ["not enrolled", "enrolled (demo secret)"]},
    )


def _seed_accounts(data: dict[str, Any], centres: dict[str, Sentra], report: DemoReport) -> None:
    password: str = data["password"]
    two_factor_roles = set(settings.SENTRA_2FA_ROLES)
    for entry in data["accounts"]:
        centre = centres[entry["centre"]] if entry["centre"] else None
        user = User.objects.filter(username=entry["username"]).first()
        if user is None:
            user = services.account_create(
                actor=None,
                username=entry["username"],
                password=password,
                role=entry["role"],
                sentra_ids=[centre.pk] if centre else [],
                first_name=entry["first_name"],
                last_name=entry["last_name"],
                email=f"{entry['username']}@demo.sentra.invalid",
                profession=entry.get("profession", ""),
                actor_label=ACTOR_LABEL,
            )
            report.accounts_created += 1
        secret = ""
        if entry["role"] in two_factor_roles:
            secret = demo_totp_secret(entry["username"])
            if user.totp_secret != secret or user.totp_confirmed_at is None:
                if user.totp_secret:
                    report.accounts_changed += 1
                demo_two_factor_enrol(user=user, secret=secret)
        report.accounts.append(
            AccountRow(
                username=user.username,
                role=str(dict(Role.choices).get(user.role, user.role)),
                centre=centre.name if centre else "",
                password=password,
                totp_secret=secret,
            )
        )


def demo_seed(*, load_regions: Callable[[], int], data: dict[str, Any] | None = None) -> DemoReport:
    """Seed (or re-check) the demo.

    ``load_regions`` loads the Kemendagri file and returns how many rows it created; it is called only
    when a region the demo centres need is missing.
    """
    if settings.PRODUCTION:
        raise ImproperlyConfigured(
            "The demo data has a public password and public two-factor secrets: "
            "it is not loaded when SENTRA_ENV=production."
        )
    data = data or load_demo_data()
    report = DemoReport()
    needed = required_region_codes(data)
    if Region.objects.filter(code__in=needed).count() < len(needed):
        report.regions_loaded = load_regions()
    with transaction.atomic():
        centres = _seed_centres(data, report)
        _seed_accounts(data, centres, report)
    for dotted in APP_SEEDERS:
        seeder: AppSeeder = import_string(dotted)
        with transaction.atomic():
            for label, created in seeder(centres).items():
                report.app_records[label] = report.app_records.get(label, 0) + created
    return report
