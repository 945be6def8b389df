"""A documented generator of synthetic national placement instances (``sentra place-synth``).

Everything is drawn from one seeded ``numpy`` generator, so ``(people, sites, seed)`` fixes the
instance. See ``docs/placement.md`` for the description; in short:

* **Homes**: ``cells`` kecamatan-like points (default 7,000, about Indonesia's 7,277 kecamatan) over the
  seven island groups, split by population (Java 56%, Sumatra 22%, Sulawesi 7%, Kalimantan 6%,
  Bali-Nusa Tenggara 5.5%, Papua 2%, Maluku 1.2%, BPS 2020). Cells cluster around the main cities (a
  quarter are spread over the island's box) and carry log-normal population weights. A person lives at
  the point of a cell drawn by weight: waiting-list addresses are geocoded to the kecamatan, so people
  of one cell share a point (which is what makes aggregation exact).
* **Needs**: 1-3 services (45% / 35% / 20%) out of 8, from 36 bundles (all 8 single services, 16
  pairs, 12 triples, drawn per seed) weighted by service popularity. Urgency 1-5 with shares 25%,
  30%, 25%, 15%, 5%.
* **Sites**: the first ``min(sites, 31)`` are the 31 national sentra at their real locations, each
  offering 3-7 services (every service at 3 sentra at least); the other ``sites - 31`` are small
  partner institutions (LKS) in cells drawn by population, each with 1-3 services and 1-5 places per
  service.
* **Capacity**: per service about ``capacity_ratio`` (80%) of the demand for it: partners' places
  first, the rest split over the sentra offering it in proportion to the population within 400 km
  times a random factor 0.6-1.4. Some need is unmet by construction.
* **Staff** (sentra only; partners have no staff cap): ``pekerja_sosial`` units ≈ the sentra's places
  ÷ 1.9 (each placed person takes one), and psikolog / fisioterapis / perawat units ≈ 95% of the
  places of the services that need them (``SERVICE_PROFESSIONS``), so staff caps bind sometimes.
* **Policy data** (optional): a share of people flagged ``child`` with their province, and a share
  living in families of 2-4 members sharing a home; the policy flags follow ``policy``.
"""

from __future__ import annotations

import itertools

import numpy as np

from sentra.placement.rules.geo import distance_matrix
from sentra.placement.rules.model import Beneficiary, Centre, Instance, Policy, Weights

SERVICES = (
    "kebutuhan_hidup_layak",
    "perawatan_pengasuhan",
    "dukungan_keluarga",
    "terapi_fisik",
    "terapi_psikososial",
    "terapi_mental_spiritual",
    "vokasional",
    "aksesibilitas",
)
SERVICE_POPULARITY = (0.18, 0.16, 0.15, 0.12, 0.14, 0.09, 0.08, 0.08)
SERVICE_PROFESSIONS: dict[str, tuple[str, ...]] = {
    "terapi_psikososial": ("psikolog",),
    "terapi_fisik": ("fisioterapis",),
    "aksesibilitas": ("fisioterapis",),
    "perawatan_pengasuhan": ("perawat",),
}
URGENCY_SHARES = (0.25, 0.30, 0.25, 0.15, 0.05)
BUNDLE_SIZE_SHARES = (0.45, 0.35, 0.20)

#: The 31 national sentra (code, lat, lon, province code), as in the demo data.
SENTRA: tuple[tuple[str, float, float, str], ...] = (
    ("pangudi-luhur-bekasi", -6.2349, 107.0058, "32"),
    ("inten-soeweno-cibinong", -6.4853, 106.842, "32"),
    ("kartini-temanggung", -7.315, 110.176, "33"),
    ("wyata-guna-bandung", -6.9, 107.598, "32"),
    ("handayani-jakarta", -6.311, 106.896, "31"),
    ("phala-martha-sukabumi", -6.92, 106.927, "32"),
    ("margo-laras-pati", -6.756, 111.037, "33"),
    ("mahatmiya-tabanan", -8.541, 115.125, "51"),
    ("gau-mabaji-gowa", -5.205, 119.454, "73"),
    ("minaula-kendari", -3.978, 122.515, "74"),
    ("abiyoso-cimahi", -6.884, 107.531, "32"),
    ("antasena-magelang", -7.598, 110.13, "33"),
    ("paramita-mataram", -8.583, 116.117, "52"),
    ("budi-luhur-banjarbaru", -3.444, 114.827, "63"),
    ("efata-kupang", -10.171, 123.607, "53"),
    ("galih-pakuan-bogor", -6.464, 106.683, "32"),
    ("bahagia-medan", 3.595, 98.672, "12"),
    ("insyaf-medan", 3.552, 98.63, "12"),
    ("tumou-tou-manado", 1.474, 124.842, "71"),
    ("nipotowe-palu", -0.898, 119.87, "72"),
    ("mulya-jaya-jakarta", -6.33, 106.856, "31"),
    ("satria-baturraden", -7.313, 109.229, "33"),
    ("soeharso-surakarta", -7.556, 110.846, "33"),
    ("alyatama-jambi", -1.61, 103.613, "15"),
    ("dharma-guna-bengkulu", -3.8, 102.265, "17"),
    ("rumbai-pekanbaru", 0.606, 101.433, "14"),
    ("wirajaya-makassar", -5.148, 119.433, "73"),
    ("naibonat-kupang", -10.092, 123.814, "53"),
    ("budi-perkasa-palembang", -2.976, 104.775, "16"),
    ("teluk-youtefa-jayapura", -2.592, 140.669, "91"),
    ("siwalima-ambon", -3.695, 128.181, "81"),
)

# (population share, (lat min, lat max), (lon min, lon max), spread of cells around cities in degrees,
#  cities (lat, lon, province code))
ISLANDS: tuple[
    tuple[float, tuple[float, float], tuple[float, float], float, tuple[tuple[float, float, str], ...]], ...
] = (
    (
        0.217,
        (-6.0, 5.9),
        (95.0, 106.3),
        0.6,
        (
            (3.59, 98.67, "12"),
            (-2.98, 104.75, "16"),
            (-0.95, 100.35, "13"),
            (0.51, 101.45, "14"),
            (-5.43, 105.26, "18"),
            (5.55, 95.32, "11"),
            (-1.61, 103.61, "15"),
            (-3.80, 102.27, "17"),
        ),
    ),
    (
        0.560,
        (-8.8, -5.9),
        (105.2, 114.6),
        0.35,
        (
            (-6.20, 106.85, "31"),
            (-6.91, 107.61, "32"),
            (-6.97, 110.42, "33"),
            (-7.25, 112.75, "35"),
            (-7.80, 110.36, "34"),
            (-7.98, 112.63, "35"),
            (-6.12, 106.15, "36"),
            (-6.73, 108.55, "32"),
            (-7.57, 110.82, "33"),
            (-8.17, 113.70, "35"),
        ),
    ),
    (
        0.055,
        (-10.9, -8.0),
        (114.4, 125.2),
        0.5,
        (
            (-8.65, 115.22, "51"),
            (-8.58, 116.12, "52"),
            (-10.17, 123.60, "53"),
            (-8.46, 118.73, "52"),
            (-8.84, 121.66, "53"),
        ),
    ),
    (
        0.061,
        (-4.2, 4.3),
        (108.8, 119.0),
        0.7,
        (
            (-0.03, 109.33, "61"),
            (-3.32, 114.59, "63"),
            (-0.50, 117.15, "64"),
            (-1.27, 116.83, "64"),
            (-2.21, 113.92, "62"),
            (3.30, 117.63, "65"),
        ),
    ),
    (
        0.074,
        (-5.9, 1.9),
        (118.8, 125.3),
        0.6,
        (
            (-5.15, 119.43, "73"),
            (1.47, 124.84, "71"),
            (-0.90, 119.87, "72"),
            (-3.97, 122.51, "74"),
            (0.54, 123.06, "75"),
            (-2.68, 118.89, "76"),
        ),
    ),
    (
        0.012,
        (-8.3, 2.6),
        (124.3, 134.9),
        0.6,
        ((-3.70, 128.18, "81"), (0.79, 127.38, "82"), (-5.63, 132.75, "81")),
    ),
    (
        0.020,
        (-9.1, -0.3),
        (130.8, 141.0),
        0.8,
        (
            (-2.53, 140.72, "91"),
            (-0.88, 131.26, "92"),
            (-8.49, 140.40, "93"),
            (-4.55, 136.89, "94"),
            (-0.86, 134.06, "92"),
        ),
    ),
)


def _cells(rng: np.random.Generator, count: int) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[str]]:
    """Cell points, population weights and province codes."""
    shares = np.array([island[0] for island in ISLANDS])
    shares = shares / shares.sum()
    per_island = np.maximum(3, np.round(count * shares**0.6 / (shares**0.6).sum())).astype(int)
    lats: list[np.ndarray] = []
    lons: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    provinces: list[str] = []
    for (_, (lat_lo, lat_hi), (lon_lo, lon_hi), spread, cities), share, size in zip(
        ISLANDS, shares, per_island, strict=True
    ):
        city = np.array([(lat, lon) for lat, lon, _ in cities])
        around = rng.random(size) < 0.75
        pick = rng.integers(0, len(cities), size)
        lat = np.where(around, city[pick, 0] + rng.normal(0, spread, size), rng.uniform(lat_lo, lat_hi, size))
        lon = np.where(around, city[pick, 1] + rng.normal(0, spread, size), rng.uniform(lon_lo, lon_hi, size))
        lat, lon = np.clip(lat, lat_lo, lat_hi), np.clip(lon, lon_lo, lon_hi)
        weight = rng.lognormal(0.0, 0.8, size)
        weights.append(weight / weight.sum() * share)
        nearest = distance_matrix(lat, lon, city[:, 0], city[:, 1]).argmin(axis=1)
        provinces.extend(cities[index][2] for index in nearest.tolist())
        lats.append(np.round(lat, 5))
        lons.append(np.round(lon, 5))
    weight_all = np.concatenate(weights)
    return np.concatenate(lats), np.concatenate(lons), weight_all / weight_all.sum(), provinces


def _bundles(rng: np.random.Generator) -> tuple[list[tuple[str, ...]], np.ndarray]:
    popularity = np.array(SERVICE_POPULARITY)
    chosen: list[tuple[int, ...]] = [(s,) for s in range(len(SERVICES))]
    pairs = list(itertools.combinations(range(len(SERVICES)), 2))
    triples = list(itertools.combinations(range(len(SERVICES)), 3))
    chosen += [pairs[i] for i in sorted(rng.choice(len(pairs), 16, replace=False).tolist())]
    chosen += [triples[i] for i in sorted(rng.choice(len(triples), 12, replace=False).tolist())]
    probability = np.zeros(len(chosen))
    for size in (1, 2, 3):
        members = [i for i, bundle in enumerate(chosen) if len(bundle) == size]
        raw = np.array([np.prod(popularity[list(chosen[i])]) for i in members])
        probability[members] = BUNDLE_SIZE_SHARES[size - 1] * raw / raw.sum()
    return [tuple(SERVICES[s] for s in bundle) for bundle in chosen], probability / probability.sum()


def synthetic_instance(
    *,
    people: int,
    sites: int = 31,
    seed: int = 0,
    cells: int = 7_000,
    capacity_ratio: float = 0.8,
    children: float = 0.0,
    families: float = 0.0,
    policy: Policy | None = None,
    weights: Weights | None = None,
) -> Instance:
    """A national instance with ``people`` waiting and ``sites`` centres (31 sentra, then partners)."""
    if people < 0 or sites < 1:
        raise ValueError("people must be ≥ 0 and sites ≥ 1")
    rng = np.random.default_rng(seed)
    cell_lat, cell_lon, cell_weight, cell_province = _cells(rng, cells)
    bundles, bundle_probability = _bundles(rng)

    home = rng.choice(len(cell_lat), size=people, p=cell_weight)
    bundle_of = rng.choice(len(bundles), size=people, p=bundle_probability)
    urgency = rng.choice(5, size=people, p=URGENCY_SHARES) + 1
    child = rng.random(people) < children
    family_of = np.full(people, -1, dtype=np.int64)
    if families > 0 and people:
        in_family = np.flatnonzero(rng.random(people) < families)
        sizes = rng.integers(2, 5, size=len(in_family))
        position, family = 0, 0
        for size in sizes.tolist():
            if position + size > len(in_family):
                break
            block = in_family[position : position + size]
            family_of[block] = family
            home[block] = home[block[0]]
            position, family = position + size, family + 1

    # Sites: sentra first, then partners.
    n_sentra = min(sites, len(SENTRA))
    n_partners = sites - n_sentra
    demand = np.zeros(len(SERVICES), dtype=np.int64)
    bundle_counts = np.bincount(bundle_of, minlength=len(bundles))
    for bundle, count in zip(bundles, bundle_counts.tolist(), strict=True):
        for service in bundle:
            demand[SERVICES.index(service)] += count
    offers = np.zeros((n_sentra, len(SERVICES)), dtype=np.bool_)
    for j in range(n_sentra):
        offers[j, rng.choice(len(SERVICES), int(rng.integers(3, 8)), replace=False)] = True
    for s in range(len(SERVICES)):
        while offers[:, s].sum() < min(3, n_sentra):
            offers[rng.integers(0, n_sentra), s] = True
    partner_cell = rng.choice(len(cell_lat), size=n_partners, p=cell_weight)
    partner_capacity = np.zeros((n_partners, len(SERVICES)), dtype=np.int64)
    popularity = np.array(SERVICE_POPULARITY) / sum(SERVICE_POPULARITY)
    for j in range(n_partners):
        offered = rng.choice(len(SERVICES), int(rng.integers(1, 4)), replace=False, p=popularity)
        partner_capacity[j, offered] = rng.integers(1, 6, size=len(offered))

    sentra_lat = np.array([entry[1] for entry in SENTRA[:n_sentra]])
    sentra_lon = np.array([entry[2] for entry in SENTRA[:n_sentra]])
    near = distance_matrix(sentra_lat, sentra_lon, cell_lat, cell_lon) <= 400.0
    reach = (near * cell_weight[None, :]).sum(axis=1) + 1e-3
    pull = reach * rng.uniform(0.6, 1.4, n_sentra)
    sentra_capacity = np.zeros((n_sentra, len(SERVICES)), dtype=np.int64)
    for s in range(len(SERVICES)):
        target = max(0, round(capacity_ratio * demand[s]) - int(partner_capacity[:, s].sum()))
        share = np.where(offers[:, s], pull, 0.0)
        exact = target * share / share.sum()
        whole = np.floor(exact).astype(np.int64)
        rest = target - int(whole.sum())
        whole[np.argsort(-(exact - whole), kind="stable")[:rest]] += 1
        # A sentra that offers a service keeps at least one place for it.
        sentra_capacity[:, s] = np.where(offers[:, s], np.maximum(whole, 1), 0)

    centres: list[Centre] = []
    for j, (code, lat, lon, province) in enumerate(SENTRA[:n_sentra]):
        capacity = {SERVICES[s]: int(sentra_capacity[j, s]) for s in range(len(SERVICES)) if offers[j, s]}
        places = sum(capacity.values())
        staff = {"pekerja_sosial": max(1, round(places / 1.9))}
        for profession in sorted({p for ps in SERVICE_PROFESSIONS.values() for p in ps}):
            served = sum(capacity.get(s, 0) for s, ps in SERVICE_PROFESSIONS.items() if profession in ps)
            if served:
                staff[profession] = max(1, round(0.95 * served))
        centres.append(Centre(id=code, lat=lat, lon=lon, capacity=capacity, staff=staff, province=province))
    for j in range(n_partners):
        cell = int(partner_cell[j])
        capacity = {
            SERVICES[s]: int(partner_capacity[j, s]) for s in np.flatnonzero(partner_capacity[j]).tolist()
        }
        centres.append(
            Centre(
                id=f"LKS{j + 1:05d}",
                lat=float(cell_lat[cell]),
                lon=float(cell_lon[cell]),
                capacity=capacity,
                province=cell_province[cell],
            )
        )

    lat_list = cell_lat[home].tolist()
    lon_list = cell_lon[home].tolist()
    width = max(7, len(str(people)))
    beneficiaries = [
        Beneficiary(
            id=f"PM{i:0{width}d}",
            lat=lat,
            lon=lon,
            needs=bundles[b],
            urgency=u,
            province=cell_province[h] if is_child else None,
            child=is_child,
            family=f"F{f}" if f >= 0 else None,
        )
        for i, (lat, lon, b, u, h, is_child, f) in enumerate(
            zip(
                lat_list,
                lon_list,
                bundle_of.tolist(),
                urgency.tolist(),
                home.tolist(),
                child.tolist(),
                family_of.tolist(),
                strict=True,
            )
        )
    ]
    return Instance(
        centres=tuple(centres),
        beneficiaries=beneficiaries,
        weights=weights or Weights(),
        service_professions=dict(SERVICE_PROFESSIONS),
        policy=policy or Policy(children_in_province=children > 0, families_together=families > 0),
    )
