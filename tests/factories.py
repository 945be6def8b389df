"""Factories shared by the whole suite."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import factory
import pyotp
from django.utils import timezone

from sentra.core.models import Role, User
from sentra.network.models import Membership, Provenance, Region, Sentra, SentraKind

PASSWORD = "correct-horse-battery-9"


def region(code: str = "31.71", name: str = "Kota Adm. Jakarta Pusat") -> Region:
    """A region and its ancestors (names invented where not given)."""
    parts = code.split(".")
    parent = None
    for depth in range(1, len(parts) + 1):
        part_code = ".".join(parts[:depth])
        defaults = {
            "name": name if part_code == code else f"Wilayah {part_code}",
            "level": depth,
            "parent": parent,
        }
        parent, _ = Region.objects.get_or_create(code=part_code, defaults=defaults)
    assert parent is not None
    return parent


class SentraFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sentra

    code = factory.Sequence(lambda n: f"sentra-{n}")
    name = factory.Sequence(lambda n: f"Sentra Uji {n}")
    kind = SentraKind.NATIONAL
    city = "Jakarta"
    region = factory.LazyFunction(lambda: region())
    latitude = Decimal("-6.200000")
    longitude = Decimal("106.816666")
    time_zone = "Asia/Jakarta"
    clusters = factory.LazyFunction(lambda: ["lansia", "anak"])
    settings_offered = factory.LazyFunction(lambda: ["residential"])
    provenance = Provenance.INVENTED


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Uji"
    last_name = factory.Sequence(lambda n: f"Pengguna {n}")
    role = Role.CASE_MANAGER
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def centres(self, create: bool, extracted: Iterable[Sentra] | None, **kwargs: Any) -> None:
        for sentra in extracted or ():
            Membership.objects.create(user=self, sentra=sentra)

    @factory.post_generation
    def staff_record(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        """A case manager with a centre gets what the workforce rule requires of one: a pekerja sosial
        staff record with a sertifikat kompetensi and a valid STR (pass ``staff_record=False`` to omit)."""
        if extracted is False or self.role != Role.CASE_MANAGER:
            return
        membership = Membership.objects.filter(user=self).first()
        if membership is None:
            return
        from sentra.workforce.models import Credential, CredentialKind, StaffMember

        today = timezone.localdate()
        staff = StaffMember.objects.create(
            user=self,
            sentra_id=membership.sentra_id,
            full_name=self.get_full_name() or self.username,
            profession="pekerja_sosial",
            peksos_level="generalis",
            employment_type="asn",
            start_date=today - datetime.timedelta(days=3 * 365),
        )
        Credential.objects.create(
            staff=staff,
            kind=CredentialKind.SERTIFIKAT_KOMPETENSI,
            number=f"SK-TEST-{self.pk}",
            issued_on=today - datetime.timedelta(days=2 * 365),
        )
        Credential.objects.create(
            staff=staff,
            kind=CredentialKind.STR,
            number=f"STR-TEST-{self.pk}",
            issued_on=today - datetime.timedelta(days=2 * 365),
            expires_on=today + datetime.timedelta(days=3 * 365),
        )

    @factory.post_generation
    def enrolled(self, create: bool, extracted: bool | None, **kwargs: Any) -> None:
        if extracted or (extracted is None and self.requires_two_factor):
            self.totp_secret = pyotp.random_base32()
            self.totp_confirmed_at = timezone.now()
        self.save()
