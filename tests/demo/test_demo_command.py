"""``sentra demo`` seeds a believable network, is idempotent, and prints how to sign in."""

from __future__ import annotations

import gzip
import json
from decimal import Decimal
from io import StringIO

import pyotp
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from sentra.core.models import AuditAction, AuditEvent, Role, User
from sentra.demo import services as demo
from sentra.network import rules
from sentra.network.management.commands.load_regions import DEFAULT_FILE
from sentra.network.models import CentreCapacity, Membership, Provenance, Region, Sentra, SentraKind

pytestmark = pytest.mark.django_db

DATA = demo.load_demo_data()
PASSWORD = "sentra-demo-2026"


def run_demo() -> str:
    out = StringIO()
    call_command("demo", stdout=out)
    return out.getvalue()


def totals() -> dict[str, int]:
    return {
        "centres": Sentra.objects.count(),
        "capacity": CentreCapacity.objects.count(),
        "users": User.objects.count(),
        "memberships": Membership.objects.count(),
        "audit": AuditEvent.objects.count(),
        "regions": Region.objects.count(),
    }


@pytest.mark.full_demo
@pytest.mark.usefixtures("regions")
def test_a_second_run_changes_nothing_and_says_so() -> None:
    first = run_demo()
    assert "Demo data loaded: 0 regions, 37 centres created" in first
    assert "Loading Kemendagri regions" not in first
    # Every app's seeder ran and reported what it created.
    assert len(demo.APP_SEEDERS) >= 8
    assert "beneficiaries: " in first
    assert "cases: " in first
    after_first = totals()
    second = run_demo()
    assert "Nothing to change: the demo data is already in place." in second
    assert totals() == after_first


@pytest.mark.usefixtures("regions")
def test_the_network_has_31_national_sentra_plus_uptd_and_lks() -> None:
    run_demo()
    kinds = {kind: Sentra.objects.filter(kind=kind).count() for kind in SentraKind.values}
    assert kinds == {"sentra": 31, "uptd": 3, "lks": 3}
    assert (
        not Sentra.objects.filter(kind__in=["uptd", "lks"]).exclude(provenance=Provenance.INVENTED).exists()
    )
    assert Sentra.objects.get(code="pangudi-luhur-bekasi").provenance == Provenance.REFERENCE
    assert Sentra.objects.get(code="abiyoso-cimahi").provenance == Provenance.PUBLIC_REPORTING
    assert all(centre.capacities.exists() for centre in Sentra.objects.all())


@pytest.mark.usefixtures("regions")
def test_time_zones_follow_the_province() -> None:
    run_demo()
    zones = dict(Sentra.objects.values_list("code", "time_zone"))
    assert zones["pangudi-luhur-bekasi"] == "Asia/Jakarta"
    assert zones["mahatmiya-tabanan"] == "Asia/Makassar"  # Bali
    assert zones["paramita-mataram"] == "Asia/Makassar"  # Nusa Tenggara Barat
    assert zones["budi-luhur-banjarbaru"] == "Asia/Makassar"  # Kalimantan Selatan
    assert zones["wirajaya-makassar"] == "Asia/Makassar"  # Sulawesi
    assert zones["teluk-youtefa-jayapura"] == "Asia/Jayapura"  # Papua
    assert zones["siwalima-ambon"] == "Asia/Jayapura"  # Maluku


@pytest.mark.usefixtures("regions")
def test_every_demo_write_is_audited_as_the_demo() -> None:
    run_demo()
    bekasi = Sentra.objects.get(code="pangudi-luhur-bekasi")
    # The insights seeder later fills the public contact fields: an update, audited as the demo too.
    created = AuditEvent.objects.get(
        object_type="network.sentra", object_id=str(bekasi.pk), action=AuditAction.CREATE
    )
    assert (created.actor_id, created.actor_label, created.sentra_id) == (None, "demo", bekasi.pk)
    capacity_events = AuditEvent.objects.filter(object_type="network.centrecapacity", sentra_id=bekasi.pk)
    assert capacity_events.count() == bekasi.capacities.count()
    assert AuditEvent.objects.filter(object_type="network.membership", actor_label="demo").count() == 7


@pytest.mark.usefixtures("regions")
def test_it_prints_the_accounts_with_password_and_totp_secrets() -> None:
    output = run_demo()
    lines = {
        line.split()[0]: line
        for line in output.splitlines()
        if line and line.split()[0] in {entry["username"] for entry in DATA["accounts"]}
    }
    assert set(lines) == {entry["username"] for entry in DATA["accounts"]}
    assert all(PASSWORD in line for line in lines.values())
    for username in ("admin", "analis.nasional", "kepala.bekasi", "kepala.handayani"):
        secret = demo.demo_totp_secret(username)
        assert secret in lines[username]
        assert User.objects.get(username=username).totp_secret == secret
    assert lines["peksos.bekasi"].rstrip().endswith("-")
    assert "Sentra Terpadu Pangudi Luhur Bekasi" in lines["peksos.bekasi"]
    assert "sentra totp USERNAME" in output
    assert "Sentra Terpadu Pangudi Luhur Bekasi" in run_demo()  # printed again on a second run


@pytest.mark.usefixtures("regions")
def test_one_account_per_role_in_the_right_centres() -> None:
    run_demo()
    roles = dict(User.objects.values_list("username", "role"))
    assert set(roles.values()) == set(Role.values)
    centres = {m.user.username: m.sentra.code for m in Membership.objects.select_related("user", "sentra")}
    assert centres["peksos.bekasi"] == "pangudi-luhur-bekasi"
    assert centres["peksos.handayani"] == "handayani-jakarta"
    assert "analis.nasional" not in centres
    assert User.objects.get(username="psikolog.bekasi").profession == "psikolog"


@pytest.mark.usefixtures("regions")
def test_a_demo_account_signs_in_with_password_and_printed_totp() -> None:
    run_demo()
    client = Client()
    response = client.post(reverse("core:login"), {"username": "kepala.bekasi", "password": PASSWORD})
    assert response.status_code == 302
    assert reverse("core:login_two_factor") in response["Location"]
    code = pyotp.TOTP(demo.demo_totp_secret("kepala.bekasi")).now()
    response = client.post(reverse("core:login_two_factor"), {"code": code})
    assert response.status_code == 302
    assert client.get(reverse("network:centre_list")).status_code == 200
    users = client.get(reverse("network:user_list")).content.decode()
    assert "peksos.bekasi" in users
    assert "peksos.handayani" not in users


def test_regions_are_loaded_only_when_missing() -> None:
    calls: list[int] = []

    def loader() -> int:
        calls.append(1)
        from tests.network.factories import load_region_subset

        return load_region_subset().created

    first = demo.demo_seed(load_regions=loader)
    assert first.regions_loaded == 742
    second = demo.demo_seed(load_regions=loader)
    assert calls == [1]
    assert not second.changed


def test_the_demo_is_refused_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="not loaded when SENTRA_ENV=production"):
        run_demo()
    assert not Sentra.objects.exists()


def test_the_data_file_is_consistent_with_the_vendored_regions() -> None:
    with gzip.open(DEFAULT_FILE, "rt", encoding="utf-8") as stream:
        known = {line.split(",", 1)[0] for line in stream}
    codes = [centre["code"] for centre in DATA["centres"]]
    assert len(codes) == len(set(codes))
    assert len({centre["name"] for centre in DATA["centres"]}) == len(codes)
    for centre in DATA["centres"]:
        assert centre["region"] in known, centre["code"]
        assert centre["provenance"] in {"reference", "public_reporting", "invented"}
        assert rules.latitude_in_indonesia(Decimal(centre["latitude"])), centre["code"]
        assert rules.longitude_in_indonesia(Decimal(centre["longitude"])), centre["code"]
        assert set(centre["capacity"]) <= set(centre["settings"]), centre["code"]
    assert json.loads(json.dumps(DATA))["password"] == PASSWORD


def test_demo_secrets_are_deterministic_base32() -> None:
    secret = demo.demo_totp_secret("admin")
    assert secret == demo.demo_totp_secret("admin")
    assert secret != demo.demo_totp_secret("kepala.bekasi")
    assert len(pyotp.TOTP(secret).now()) == 6


# --- sentra totp --------------------------------------------------------------------------------------


@pytest.mark.usefixtures("regions")
def test_totp_prints_the_current_code() -> None:
    run_demo()
    out = StringIO()
    call_command("totp", "admin", stdout=out)
    totp = pyotp.TOTP(demo.demo_totp_secret("admin"))
    code = out.getvalue().strip()
    assert len(code) == 6
    assert totp.verify(code, valid_window=1)


@pytest.mark.usefixtures("regions")
def test_totp_explains_accounts_without_a_second_factor() -> None:
    run_demo()
    with pytest.raises(CommandError, match="has no two-factor enrolment"):
        call_command("totp", "peksos.bekasi", stdout=StringIO())
    with pytest.raises(CommandError, match="No account has the username 'nobody'"):
        call_command("totp", "nobody", stdout=StringIO())


def test_totp_is_refused_in_production(settings) -> None:
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="Refused"):
        call_command("totp", "admin", stdout=StringIO())
