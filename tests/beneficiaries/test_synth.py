"""`sentra synth`: deterministic, realistic, valid NIKs consistent with region, birth date and sex."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from sentra.beneficiaries.models import Beneficiary
from sentra.beneficiaries.rules import nik
from sentra.beneficiaries.synth import Place, generate
from sentra.network.models import Sentra

pytestmark = pytest.mark.django_db


def test_the_same_seed_gives_the_same_people() -> None:
    first = list(generate(300, seed=5))
    assert first == list(generate(300, seed=5))
    assert first != list(generate(300, seed=6))


def test_niks_agree_with_region_birth_date_and_sex() -> None:
    today = datetime.date(2026, 1, 1)
    rows = list(generate(2000, seed=11, places=[Place("51.71.01", "51.71.01.1006"), Place("94.71.01", "")]))
    with_nik = [row for row in rows if row["nik"]]
    assert len(with_nik) > 1500
    assert len({row["nik"] for row in with_nik}) == len(with_nik)
    for row in with_nik:
        parsed = nik.parse_nik(row["nik"], today=today)
        assert parsed.valid, (row, parsed.errors)
        assert parsed.district_region_code == row["region_code"][:8]
        assert parsed.sex == row["sex"]
        assert nik.birth_date_matches(parsed, datetime.date.fromisoformat(row["birth_date"]))
    without = [row for row in rows if not row["nik"]]
    assert all(row["no_nik_reason"] for row in without)


def test_names_follow_the_region() -> None:
    bali = [row["full_name"] for row in generate(200, seed=3, places=[Place("51.71.01", "")], repeat_share=0)]
    assert sum(name.startswith(("I ", "Ni ")) for name in bali) > 150
    papua = [
        row["full_name"] for row in generate(100, seed=3, places=[Place("94.71.01", "")], repeat_share=0)
    ]
    assert any(name.endswith(("Wenda", "Kogoya", "Tabuni", "Wonda", "Murib", "Yikwa")) for name in papua)


def test_the_command_inserts_and_does_not_duplicate(centre_a: Sentra) -> None:
    out = StringIO()
    call_command("synth", "--beneficiaries", "120", "--seed", "9", "--sentra", centre_a.code, stdout=out)
    assert "120 synthetic beneficiaries created" in out.getvalue()
    assert Beneficiary.objects.filter(registered_sentra=centre_a).count() == 120
    sample = Beneficiary.objects.exclude(nik="").first()
    assert sample is not None
    assert nik.parse_nik(sample.nik).valid
    assert sample.name_key
    call_command(
        "synth", "--beneficiaries", "120", "--seed", "9", "--sentra", centre_a.code, stdout=StringIO()
    )
    with_nik = Beneficiary.objects.exclude(nik_hash="")
    assert with_nik.values("nik_hash").distinct().count() == with_nik.count()


def test_the_command_refuses_bad_arguments(db: None) -> None:
    with pytest.raises(CommandError):
        call_command("synth", "--beneficiaries", "0", stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("synth", "--beneficiaries", "5", "--sentra", "no-such-centre", stdout=StringIO())
