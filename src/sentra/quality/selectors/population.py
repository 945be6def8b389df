"""The population a centre served in a survey period, counted from the registry and the case records.

The survey's population (PermenPANRB 14/2017: the service users of the period) sets the Krejcie-Morgan
minimum sample. Sentra counts people, because each respondent is one person:

* **beneficiaries**: persons with a case at the centre open at any time in the period, and persons the
  centre registered in the period (intake is a service too), merged records left out;
* **families**: the relatives and guardians recorded for those beneficiaries, each once, leaving out a
  relative who is a beneficiary served in the period already;
* **referrers**: the centres that referred someone to this centre in the period (each centre once), and
  one for each person the centre registered in the period on a referral from a dinas sosial, a court
  or a hospital (the registry does not identify those agencies, so each referral counts once).

A deployment can replace the count with its own function (``SENTRA_SURVEY_POPULATION_PROVIDER``).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from sentra.beneficiaries.models import Beneficiary, IntakeChannel, Relationship
from sentra.cases.models import Case, Referral, ReferralStatus
from sentra.network.models import Sentra
from sentra.quality import conf

REFERRAL_CHANNELS = (IntakeChannel.DINSOS_REFERRAL, IntakeChannel.COURT, IntakeChannel.HOSPITAL)


@dataclass(frozen=True)
class PopulationCount:
    beneficiaries: int
    families: int
    referrers: int
    source: str = "registry"  # "registry", or "provider" when a configured function counted it

    @property
    def total(self) -> int:
        return self.beneficiaries + self.families + self.referrers


def _served_ids(sentra_id: int, starts_on: datetime.date, ends_on: datetime.date) -> set[int]:
    with_case = Case.objects.filter(sentra_id=sentra_id, opened_on__lte=ends_on).filter(
        Q(closed_on__isnull=True) | Q(closed_on__gte=starts_on)
    )
    registered = Beneficiary.objects.filter(
        registered_sentra_id=sentra_id, created_at__date__gte=starts_on, created_at__date__lte=ends_on
    )
    ids = set(with_case.values_list("beneficiary_id", flat=True))
    ids |= set(registered.values_list("pk", flat=True))
    merged = Beneficiary.objects.filter(pk__in=ids, merged_into__isnull=False).values_list("pk", flat=True)
    return ids - set(merged)


def registry_population(
    *, sentra_id: int, starts_on: datetime.date, ends_on: datetime.date
) -> PopulationCount:
    served = _served_ids(sentra_id, starts_on, ends_on)
    links = Relationship.objects.filter(beneficiary_id__in=served).values_list("pk", "related_beneficiary_id")
    relatives: set[tuple[str, int]] = set()
    for pk, related_id in links:
        if related_id is None:
            relatives.add(("named", pk))
        elif related_id not in served:
            relatives.add(("registered", related_id))
    referring_centres = (
        Referral.objects.filter(
            to_sentra_id=sentra_id, sent_at__date__gte=starts_on, sent_at__date__lte=ends_on
        )
        .exclude(status=ReferralStatus.WITHDRAWN)
        .values("from_sentra_id")
        .distinct()
        .count()
    )
    agency_referrals = Beneficiary.objects.filter(
        pk__in=served,
        registered_sentra_id=sentra_id,
        created_at__date__gte=starts_on,
        created_at__date__lte=ends_on,
        intake_channel__in=REFERRAL_CHANNELS,
    ).count()
    return PopulationCount(
        beneficiaries=len(served), families=len(relatives), referrers=referring_centres + agency_referrals
    )


def population_of(*, sentra: Sentra, starts_on: datetime.date, ends_on: datetime.date) -> PopulationCount:
    """The configured provider's count when one is set, else the registry's own count."""
    provider = conf.population_provider()
    if provider is not None:
        count = provider(sentra, starts_on, ends_on) or 0
        return PopulationCount(beneficiaries=count, families=0, referrers=0, source="provider")
    return registry_population(sentra_id=sentra.pk, starts_on=starts_on, ends_on=ends_on)
