"""Demo data of the insights app: public contact details for the demo centres, then the rollups.

Runs last (after every other app's seeder), so the dashboards show the other apps' demo records.
Idempotent: contact details are only filled where empty, and the rollups are recomputed, not added to.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from sentra.insights.models import ClusterMonth
from sentra.insights.services.public_profile import PublicContact, public_contact_update
from sentra.insights.services.rollups import refresh_rollups
from sentra.network.models import Sentra, SentraKind

ZONE = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
# Written in Indonesian: it is the centres' own text, shown as entered, not an interface string.
ROUTE = {
    SentraKind.NATIONAL: (
        "Datang langsung pada jam layanan dengan KTP/KK bila ada, atau melalui rujukan Dinas Sosial "
        "kabupaten/kota, puskesmas, kepolisian, atau pendamping sosial (PSM/TKSK). Keadaan darurat dilayani "
        "setiap saat."
    ),
    SentraKind.UPTD: (
        "Melalui rujukan Dinas Sosial kabupaten/kota atau datang langsung pada jam layanan; "
        "petugas penerimaan akan membantu asesmen awal."
    ),
    SentraKind.LKS: (
        "Hubungi lembaga pada jam layanan atau minta rujukan dari kelurahan/desa, Dinas Sosial, atau sentra "
        "terdekat."
    ),
}


def seed(centres: dict[str, Sentra]) -> dict[str, int]:
    filled = 0
    for code in sorted(centres):
        centre = centres[code]
        if centre.walk_in_hours or centre.referral_route:
            continue
        public_contact_update(
            actor=None,
            sentra=centre,
            data=PublicContact(
                walk_in_hours=f"Senin-Jumat 08.00-16.00 {ZONE.get(centre.time_zone, 'WIB')}",
                referral_route=ROUTE.get(SentraKind(centre.kind), ROUTE[SentraKind.NATIONAL]),
                hotline=centre.phone,
            ),
            actor_label="demo",
        )
        filled += 1
    before = ClusterMonth.objects.count()
    refresh_rollups(full=True)
    return {
        _("centres' public contact details"): filled,
        _("dashboard rollup rows"): max(0, ClusterMonth.objects.count() - before),
    }
