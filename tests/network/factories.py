"""Factories and helpers for the centre network tests (regions, centres, memberships, accounts).

Self-contained on purpose: the suite-wide ``tests/factories.py`` may change shape independently.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import Any

import factory
import pyotp
from django.test import Client
from django.utils import timezone

from sentra.core.models import Profession, Role, User
from sentra.network import services
from sentra.network.models import Membership, Provenance, Region, Sentra, SentraKind, ServiceComponent

PASSWORD = "correct-horse-battery-9"
DATA_DIR = Path(__file__).resolve().parent / "data"
# Every province and regency/city, plus the districts and villages of Kota Bekasi (32.75),
# Kota Adm. Jakarta Timur (31.75) and Kota Denpasar (51.71): 742 rows cut from the vendored file.
REGION_SUBSET = DATA_DIR / "regions_subset.csv"


def load_region_subset() -> services.RegionLoadResult:
    with REGION_SUBSET.open(encoding="utf-8", newline="") as stream:
        return services.regions_load(actor=None, lines=stream, source=REGION_SUBSET.name, actor_label="tests")


def region(code: str = "32.75", name: str = "Kota Bekasi") -> Region:
    """A region and its ancestors, created when missing (ancestors get placeholder names)."""
    parts = code.split(".")
    node: Region | None = None
    for depth in range(1, len(parts) + 1):
        part = ".".join(parts[:depth])
        defaults = {"name": name if part == code else f"Wilayah {part}", "level": depth, "parent": node}
        node, _created = Region.objects.get_or_create(code=part, defaults=defaults)
    assert node is not None
    return node


class SentraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentra

    code = factory.Sequence(lambda n: f"centre-{n}")
    name = factory.Sequence(lambda n: f"Sentra Uji {n}")
    kind = SentraKind.NATIONAL
    city = "Bekasi"
    region = factory.LazyFunction(lambda: region("32.75", "Kota Bekasi"))
    latitude = Decimal("-6.234900")
    longitude = Decimal("107.005800")
    time_zone = "Asia/Jakarta"
    clusters = factory.LazyFunction(lambda: ["anak", "lansia"])
    settings_offered = factory.LazyFunction(lambda: ["residential", "family"])
    provenance = Provenance.INVENTED


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory("tests.network.factories.UserFactory")
    sentra = factory.SubFactory(SentraFactory)


class UserFactory(factory.django.DjangoModelFactory):
    """``UserFactory(role=..., centres=[...])``; roles that need two-factor come enrolled."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"pengguna{n}")
    first_name = "Uji"
    last_name = factory.Sequence(lambda n: f"Pengguna {n}")
    role = Role.CASE_MANAGER
    profession = factory.LazyAttribute(lambda o: Profession.PSIKOLOG if o.role == Role.PROFESSIONAL else "")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def centres(self, create: bool, extracted: Iterable[Sentra] | None, **kwargs: Any) -> None:
        for sentra in extracted or ():
            Membership.objects.create(user=self, sentra=sentra)

    @factory.post_generation
    def enrolled(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if extracted or (extracted is None and self.requires_two_factor):
            self.totp_secret = pyotp.random_base32()
            self.totp_confirmed_at = timezone.now()
        self.save()


def make_user(role: str = Role.CASE_MANAGER, centres: Iterable[Sentra] = (), **extra: Any) -> User:
    user: User = UserFactory(role=role, centres=list(centres), **extra)
    return user


def sign_in(client: Client, user: User) -> Client:
    """Sign a test client in as if every factor had been passed."""
    client.force_login(user)
    session = client.session
    session["sentra_2fa_ok"] = True
    session["sentra_login_at"] = time.time()
    session.save()
    return client


def client_for(user: User) -> Client:
    return sign_in(Client(), user)


def centre_form_data(**overrides: Any) -> dict[str, Any]:
    """A valid centre form with an empty capacity table, changed by ``overrides``."""
    data: dict[str, Any] = {
        "code": "sentra-baru",
        "name": "Sentra Baru Bekasi",
        "kind": "sentra",
        "region": "32.75",
        "address": "Jl. Contoh No. 1",
        "city": "Bekasi",
        "latitude": "-6.250000",
        "longitude": "107.000000",
        "time_zone": "Asia/Jakarta",
        "clusters": ["anak", "lansia"],
        "settings_offered": ["residential", "family"],
        "phone": "021 555 0101",
        "email": "",
        "provenance": "entered",
        "is_active": "on",
        "capacity-TOTAL_FORMS": "7",
        "capacity-INITIAL_FORMS": "7",
        "capacity-MIN_NUM_FORMS": "0",
        "capacity-MAX_NUM_FORMS": "1000",
    }
    for index, code in enumerate(ServiceComponent.objects.order_by("number").values_list("code", flat=True)):
        data[f"capacity-{index}-component"] = code
        for setting in ("residential", "family", "community"):
            data[f"capacity-{index}-{setting}"] = ""
    data.update(overrides)
    return data
